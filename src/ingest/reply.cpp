#include "reply.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
thread_local const HeaderList *t_scopeHeaders = nullptr;
} // namespace

ReplyHeadersScope::ReplyHeadersScope(HeaderList headers)
    : m_headers(std::move(headers))
    , m_outer(t_scopeHeaders)
{
    t_scopeHeaders = &m_headers;
}

ReplyHeadersScope::~ReplyHeadersScope()
{
    t_scopeHeaders = m_outer;
}

void replyBytes(QHttpServerResponder &responder, int status, const QByteArray &contentType,
    const QByteArray &body, const HeaderList &headers)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    responder.writeHeader("Content-Type", contentType);
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    for (const auto &[name, value] : headers) {
        responder.writeHeader(name, value);
    }
    if (t_scopeHeaders) {
        for (const auto &[name, value] : *t_scopeHeaders) {
            responder.writeHeader(name, value);
        }
    }
    // Every 503 says when to come back (PRODUCT.md §3): senders back off instead of hammering.
    if (status == 503 && headerValue(headers, "Retry-After").isEmpty()) {
        responder.writeHeader("Retry-After", QByteArray::number(RetryAfterSeconds));
    }
    responder.writeBody(body);
}

void replyJson(
    QHttpServerResponder &responder, int status, const QJsonObject &body, const HeaderList &headers)
{
    replyBytes(responder, status, "application/json",
        QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

QJsonObject errorBody(const QString &code, const QString &message, const QJsonObject &extra)
{
    QJsonObject o = extra;
    o.insert(u"error"_s, code);
    o.insert(u"message"_s, message);
    return o;
}

} // namespace jobpulse
