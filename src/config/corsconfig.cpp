#include "corsconfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

std::optional<QString> CorsConfig::normalizedOrigin(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty()
        || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment()
        || !(url.path().isEmpty() || url.path() == u"/")) {
        return std::nullopt;
    }
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.contains(u':')) {
        host = u'[' + host + u']'; // IPv6, as browsers serialise it
    }
    const int defaultPort = scheme == u"https" ? 443 : 80;
    const int port = url.port(defaultPort);
    return port == defaultPort ? u"%1://%2"_s.arg(scheme, host)
                               : u"%1://%2:%3"_s.arg(scheme, host).arg(port);
}

std::optional<CorsConfig> CorsConfig::fromJson(const QJsonValue &json, QString *error)
{
    CorsConfig cors;
    if (json.isUndefined() || json.isNull()) {
        return cors;
    }
    if (!json.isObject()) {
        *error = u"receiver.cors: an object such as {\"origins\": [\"https://ci.example.com\"]}"_s;
        return std::nullopt;
    }
    const QJsonObject o = json.toObject();
    static const QSet<QString> known { u"origins"_s, u"credentials"_s, u"maxAge"_s };
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"receiver.cors.%1: unknown key (known: origins, credentials, maxAge)"_s.arg(
                it.key());
            return std::nullopt;
        }
    }
    const QJsonValue origins = o.value(u"origins"_s);
    if (!origins.isUndefined() && !origins.isArray()) {
        *error = u"receiver.cors.origins: an array of origins such as \"https://ci.example.com\""_s;
        return std::nullopt;
    }
    const QJsonArray list = origins.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString text = list.at(i).toString();
        const auto origin = text == u"*" ? std::optional(text) : normalizedOrigin(text);
        if (!origin) {
            *error = u"receiver.cors.origins[%1]: an origin is scheme://host[:port] (http or "
                     u"https, no path), or \"*\"; not '%2'"_s.arg(i)
                         .arg(list.at(i).isString() ? text : u"a string"_s);
            return std::nullopt;
        }
        if (!cors.origins.contains(*origin)) {
            cors.origins.append(*origin);
        }
    }
    const QJsonValue credentials = o.value(u"credentials"_s);
    if (!credentials.isUndefined() && !credentials.isBool()) {
        *error = u"receiver.cors.credentials: true or false"_s;
        return std::nullopt;
    }
    cors.credentials = credentials.toBool(false);
    if (cors.credentials && cors.origins.contains(u"*"_s)) {
        *error = u"receiver.cors.credentials: credentials are never allowed with the origin "
                 u"\"*\"; list the origins one by one"_s;
        return std::nullopt;
    }
    if (o.contains(u"maxAge"_s)) {
        const double seconds = o.value(u"maxAge"_s).toDouble(-1);
        if (seconds < 0 || seconds > 86400 || seconds != int(seconds)) {
            *error = u"receiver.cors.maxAge: whole seconds from 0 to 86400"_s;
            return std::nullopt;
        }
        cors.maxAgeSeconds = int(seconds);
    }
    return cors;
}

} // namespace jobpulse
