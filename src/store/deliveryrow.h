#pragma once
// One inspector record in the deliveries table: its columns, how a Delivery is written to
// and read back from them, and the header list's encoding, which the inspector JSON
// (Delivery::toJson) shares. The writer inserts rows, Store's reads select them.

#include "store/types.h"

#include <QJsonArray>

class QSqlQuery;

namespace jobpulse::deliveryrow {

using Headers = QList<QPair<QByteArray, QByteArray>>;

/** "id, received, …": the columns read() expects, in its order. */
QString columns();
/** The INSERT that bind() fills (every column but id). */
QString insertStatement();
/** Binds @p delivery to insertStatement() prepared in @p insert; the body is capped at
 *  Delivery::MaxBody. */
void bind(QSqlQuery &insert, const Delivery &delivery);
/** The delivery in the current row of a query selecting columns(). */
Delivery read(const QSqlQuery &query);

/** [[name, value], …]: names as Latin-1, values as UTF-8, in their order. */
QJsonArray headersToJson(const Headers &headers);
Headers headersFromJson(const QJsonArray &array);

} // namespace jobpulse::deliveryrow
