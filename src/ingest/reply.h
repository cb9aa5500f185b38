#pragma once

#include "ingest/httputil.h"

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace jobpulse {

/** The Retry-After of a 503 that names none: the store is retried about this often. */
constexpr int RetryAfterSeconds = 1;

/**
 * @brief While it lives, every answer replyJson() and replyBytes() write on this thread also
 * carries @p headers. A read route opens one with its CORS headers around its handler, so that
 * every answer the handler writes has them, errors and the read token's 401 included, without
 * each handler passing them on. Handlers answer before they return; an answer written later
 * (after a commit) is outside the scope.
 */
class ReplyHeadersScope
{
public:
    explicit ReplyHeadersScope(HeaderList headers);
    ~ReplyHeadersScope();
    Q_DISABLE_COPY_MOVE(ReplyHeadersScope)

private:
    HeaderList m_headers;
    const HeaderList *m_outer;
};

/** Writes @p body as @p contentType with Content-Length and any extra headers. */
void replyBytes(QHttpServerResponder &responder, int status, const QByteArray &contentType,
    const QByteArray &body, const HeaderList &headers = {});

/** Writes a compact JSON answer with Content-Length and any extra headers; a 503 always
 *  carries Retry-After. */
void replyJson(QHttpServerResponder &responder, int status, const QJsonObject &body,
    const HeaderList &headers = {});

/** {"error": code, "message": text} plus any extra fields. */
QJsonObject errorBody(const QString &code, const QString &message, const QJsonObject &extra = {});

} // namespace jobpulse
