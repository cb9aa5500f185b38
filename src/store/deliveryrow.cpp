#include "deliveryrow.h"

#include "schema.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::deliveryrow {

namespace {
// Every column but id, in the order bind() binds and read() reads them after id.
const QString valueColumns = u"received, method, path, hook, remote, headers, body, body_size, "
                             u"status, verdict, reason, accepted, duplicates, signature_ok, "
                             u"latency_ms, replay_of"_s;
} // namespace

QString columns()
{
    return u"id, "_s + valueColumns;
}

QString insertStatement()
{
    const qsizetype count = valueColumns.count(u',') + 1;
    QStringList placeholders(count, u"?"_s);
    return u"INSERT INTO deliveries (%1) VALUES (%2)"_s.arg(
        valueColumns, placeholders.join(u", "_s));
}

void bind(QSqlQuery &insert, const Delivery &d)
{
    for (const QVariant &v :
        { QVariant(d.received.toMSecsSinceEpoch()), QVariant(QString::fromLatin1(d.method)),
            QVariant(d.path), QVariant(d.hook), QVariant(d.remote),
            QVariant(QString::fromUtf8(
                QJsonDocument(headersToJson(d.headers)).toJson(QJsonDocument::Compact))),
            QVariant(d.body.left(Delivery::MaxBody)), QVariant(d.bodySize), QVariant(d.status),
            QVariant(d.verdict), QVariant(d.reason), QVariant(d.accepted), QVariant(d.duplicates),
            QVariant(d.signatureOk ? 1 : 0), QVariant(d.latencyMs),
            d.replayOf > 0 ? QVariant(d.replayOf) : QVariant(QMetaType(QMetaType::LongLong)) }) {
        insert.addBindValue(v);
    }
}

Delivery read(const QSqlQuery &q)
{
    Delivery d;
    d.id = q.value(0).toLongLong();
    d.received = sql::fromMs(q.value(1));
    d.method = q.value(2).toString().toLatin1();
    d.path = q.value(3).toString();
    d.hook = q.value(4).toString();
    d.remote = q.value(5).toString();
    d.headers = headersFromJson(QJsonDocument::fromJson(q.value(6).toString().toUtf8()).array());
    d.body = q.value(7).toByteArray();
    d.bodySize = q.value(8).toLongLong();
    d.status = q.value(9).toInt();
    d.verdict = q.value(10).toString();
    d.reason = q.value(11).toString();
    d.accepted = q.value(12).toInt();
    d.duplicates = q.value(13).toInt();
    d.signatureOk = q.value(14).toBool();
    d.latencyMs = q.value(15).toDouble();
    d.replayOf = q.value(16).toLongLong();
    return d;
}

QJsonArray headersToJson(const Headers &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers) {
        array.append(QJsonArray { QString::fromLatin1(name), QString::fromUtf8(value) });
    }
    return array;
}

Headers headersFromJson(const QJsonArray &array)
{
    Headers headers;
    for (const QJsonValue &h : array) {
        const QJsonArray pair = h.toArray();
        headers.append({ pair.at(0).toString().toLatin1(), pair.at(1).toString().toUtf8() });
    }
    return headers;
}

} // namespace jobpulse::deliveryrow
