#pragma once

#include "ingest/httputil.h"

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace jobpulse {

/** The Retry-After of a 503 that names none: the store is retried about this often. */
constexpr int RetryAfterSeconds = 1;

/** Writes a compact JSON answer with Content-Length and any extra headers; a 503 always
 *  carries Retry-After. */
void replyJson(QHttpServerResponder &responder, int status, const QJsonObject &body,
    const HeaderList &headers = {});

/** {"error": code, "message": text} plus any extra fields. */
QJsonObject errorBody(const QString &code, const QString &message, const QJsonObject &extra = {});

} // namespace jobpulse
