#include "replayrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

std::nullopt_t refuse(
    ReplayRequest::Error *error, int status, const QString &field, const QString &message)
{
    *error = { status, field, message };
    return std::nullopt;
}

} // namespace

HeaderList ReplayRequest::applyHeaders(const HeaderList &original) const
{
    HeaderList result = original;
    for (const auto &edit : headers) {
        const QByteArray &name = edit.first;
        const auto &value = edit.second;
        const auto same = [&name](const QPair<QByteArray, QByteArray> &h) {
            return h.first.compare(name, Qt::CaseInsensitive) == 0;
        };
        const auto first = std::find_if(result.begin(), result.end(), same);
        if (value && first != result.end()) {
            first->second = *value; // keeps the field where the sender put it
            result.erase(std::remove_if(first + 1, result.end(), same), result.end());
            continue;
        }
        result.removeIf(same);
        if (value) {
            result.append({ name, *value });
        }
    }
    return result;
}

std::optional<ReplayRequest> ReplayRequest::parse(const QByteArray &bytes, Error *error)
{
    ReplayRequest request;
    if (bytes.trimmed().isEmpty()) {
        return request;
    }
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return refuse(error, 400, {}, parseError.errorString());
    }
    if (!document.isObject()) {
        return refuse(error, 422, u""_s,
            u"the replay body is an object {\"to\", \"body\", \"headers\", \"resign\"}"_s);
    }
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != u"to" && it.key() != u"body" && it.key() != u"headers"
            && it.key() != u"resign") {
            return refuse(error, 422, u"/"_s + it.key(),
                u"unknown key; the replay body takes to, body, headers and resign"_s);
        }
    }
    if (object.contains(u"to"_s)) {
        const QUrl to(object.value(u"to"_s).toString(), QUrl::StrictMode);
        if (!object.value(u"to"_s).isString() || !to.isValid()
            || (to.scheme() != u"http" && to.scheme() != u"https") || to.host().isEmpty()) {
            return refuse(error, 422, u"/to"_s,
                u"an http:// or https:// URL, such as http://127.0.0.1:3000/webhooks"_s);
        }
        request.to = to;
    }
    if (object.contains(u"body"_s)) {
        const QJsonValue body = object.value(u"body"_s);
        if (body.isString()) {
            request.body = body.toString().toUtf8();
        } else if (body.isObject() || body.isArray()) {
            request.body = body.isObject()
                ? QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact)
                : QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
        } else {
            return refuse(error, 422, u"/body"_s, u"the edited body: a string, or JSON"_s);
        }
    }
    if (object.contains(u"headers"_s)) {
        if (!object.value(u"headers"_s).isObject()) {
            return refuse(error, 422, u"/headers"_s,
                u"an object {\"Header-Name\": \"value\", \"Removed-Header\": null}"_s);
        }
        // RFC 9110 field names are tokens; values hold no line breaks (no header injection).
        static const QRegularExpression token(
            QRegularExpression::anchoredPattern(u"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}"_s));
        const QJsonObject headers = object.value(u"headers"_s).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            const QString field =
                u"/headers/"_s + QString(it.key()).replace(u'~', u"~0"_s).replace(u'/', u"~1"_s);
            if (!token.match(it.key()).hasMatch()) {
                return refuse(error, 422, field, u"not a header name"_s);
            }
            if (it.value().isNull()) {
                request.headers.append({ it.key().toLatin1(), std::nullopt });
                continue;
            }
            const QString value = it.value().toString();
            if (!it.value().isString() || value.contains(u'\r') || value.contains(u'\n')
                || value.contains(QChar(0))) {
                return refuse(
                    error, 422, field, u"a string on one line, or null to remove the header"_s);
            }
            request.headers.append({ it.key().toLatin1(), value.toUtf8() });
        }
    }
    if (object.contains(u"resign"_s)) {
        if (!object.value(u"resign"_s).isBool()) {
            return refuse(error, 422, u"/resign"_s, u"true or false"_s);
        }
        request.resign = object.value(u"resign"_s).toBool();
    }
    return request;
}

} // namespace jobpulse
