#include "forwardconfig.h"

#include "config/duration.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

QString ForwardTarget::urlProblem(const QUrl &url, bool allowRemote)
{
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")
        || url.host().isEmpty()) {
        return u"an http:// or https:// URL such as http://127.0.0.1:3000/webhooks, not '%1'"_s.arg(
            url.toString());
    }
    const QHostAddress address(url.host());
    const bool loopback =
        url.host().compare(u"localhost"_s, Qt::CaseInsensitive) == 0 || address.isLoopback();
    if (!loopback && !allowRemote) {
        return u"%1 is not a loopback address; deliveries (with their signatures) would leave "
               u"this machine. Set \"allowRemote\": true on the entry to allow it"_s.arg(
                   url.host());
    }
    return {};
}

std::optional<ForwardTarget> ForwardTarget::fromJson(
    const QJsonValue &json, const QString &key, QString *error)
{
    const QJsonObject object =
        json.isString() ? QJsonObject { { u"url"_s, json.toString() } } : json.toObject();
    if (!json.isString() && !json.isObject()) {
        *error = u"%1: a URL or an object {\"url\": …}"_s.arg(key);
        return std::nullopt;
    }
    static const QSet<QString> known { u"url"_s, u"preserveHost"_s, u"timeout"_s, u"retries"_s,
        u"allowRemote"_s };
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"%1.%2: unknown key"_s.arg(key, it.key());
            return std::nullopt;
        }
    }
    ForwardTarget target;
    for (const auto &[name, flag] : { std::pair { u"preserveHost"_s, &target.preserveHost },
             std::pair { u"allowRemote"_s, &target.allowRemote } }) {
        const QJsonValue value = object.value(name);
        if (!value.isUndefined() && !value.isBool()) {
            *error = u"%1.%2: true or false"_s.arg(key, name);
            return std::nullopt;
        }
        *flag = value.toBool();
    }
    target.url = QUrl(object.value(u"url"_s).toString(), QUrl::StrictMode);
    const QString problem = urlProblem(target.url, target.allowRemote);
    if (!problem.isEmpty()) {
        *error = u"%1.url: %2"_s.arg(key, problem);
        return std::nullopt;
    }
    if (object.contains(u"timeout"_s)) {
        const auto seconds =
            parseDurationSeconds(object.value(u"timeout"_s), key + u".timeout"_s, error);
        if (!seconds) {
            return std::nullopt;
        }
        if (*seconds < 1 || *seconds > 600) {
            *error = u"%1.timeout: from 1 second to 10 minutes"_s.arg(key);
            return std::nullopt;
        }
        target.timeoutMs = int(*seconds * 1000);
    }
    if (object.contains(u"retries"_s)) {
        const QJsonValue retries = object.value(u"retries"_s);
        if (!retries.isDouble() || retries.toDouble() != retries.toInt() || retries.toInt() < 0
            || retries.toInt() > 10) {
            *error = u"%1.retries: a whole number from 0 to 10"_s.arg(key);
            return std::nullopt;
        }
        target.retries = retries.toInt();
    }
    return target;
}

} // namespace jobpulse
