#include "reply.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

void replyJson(
    QHttpServerResponder &responder, int status, const QJsonObject &body, const HeaderList &headers)
{
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    responder.writeHeader("Content-Type", "application/json");
    responder.writeHeader("Content-Length", QByteArray::number(bytes.size()));
    for (const auto &[name, value] : headers) {
        responder.writeHeader(name, value);
    }
    // Every 503 says when to come back (PRODUCT.md §3): senders back off instead of hammering.
    if (status == 503 && headerValue(headers, "Retry-After").isEmpty()) {
        responder.writeHeader("Retry-After", QByteArray::number(RetryAfterSeconds));
    }
    responder.writeBody(bytes);
}

QJsonObject errorBody(const QString &code, const QString &message, const QJsonObject &extra)
{
    QJsonObject o = extra;
    o.insert(u"error"_s, code);
    o.insert(u"message"_s, message);
    return o;
}

} // namespace jobpulse
