#pragma once

#include "ingest/httputil.h"

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace jobpulse {

/** Writes a compact JSON answer with Content-Length and any extra headers. */
void replyJson(QHttpServerResponder &responder, int status, const QJsonObject &body,
    const HeaderList &headers = {});

/** {"error": code, "message": text} plus any extra fields. */
QJsonObject errorBody(const QString &code, const QString &message, const QJsonObject &extra = {});

} // namespace jobpulse
