#pragma once

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace jobpulse {

using HeaderPairs = QList<QPair<QByteArray, QByteArray>>;

/** Writes a compact JSON answer with Content-Length and any extra headers. */
void replyJson(QHttpServerResponder &responder, int status, const QJsonObject &body,
    const HeaderPairs &headers = {});

/** {"error": code, "message": text} plus any extra fields. */
QJsonObject errorBody(const QString &code, const QString &message, const QJsonObject &extra = {});

} // namespace jobpulse
