#include "families.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// Names the sender's field, not the canonical one built from it.
void renameFields(ParsedEvents &result, const QList<QPair<QString, QString>> &names)
{
    if (!result.error) {
        return;
    }
    for (const auto &[canonical, sent] : names) {
        if (result.error->field == canonical) {
            result.error->field = sent;
            return;
        }
    }
}

std::optional<EventType> prefectType(const QString &status)
{
    const QString s = status.toLower();
    if (s == u"queued" || s == u"scheduled" || s == u"pending") {
        return EventType::JobQueued;
    }
    if (s == u"running") {
        return EventType::JobStarted;
    }
    if (s == u"complete" || s == u"completed") {
        return EventType::JobSucceeded;
    }
    if (s == u"error" || s == u"failed" || s == u"crashed") {
        return EventType::JobFailed;
    }
    if (s == u"cancelled" || s == u"canceled") {
        return EventType::JobCanceled;
    }
    return std::nullopt;
}

// Columns never copied into details: they are stored and shown.
bool isSecretColumn(const QString &key)
{
    const QString k = key.toLower();
    return k.contains(u"password") || k.contains(u"secret") || k.contains(u"token")
        || k.contains(u"api_key") || k.contains(u"apikey");
}

constexpr int MaxDetailColumns = 12;
constexpr int MaxDetailText = 200;

QJsonObject recordDetails(const QJsonObject &record)
{
    QJsonObject details;
    for (auto it = record.constBegin(); it != record.constEnd(); ++it) {
        if (details.size() >= MaxDetailColumns) {
            break;
        }
        const QString &key = it.key();
        if (key == u"id" || key == u"status" || isSecretColumn(key)) {
            continue;
        }
        const QJsonValue v = it.value();
        if (v.isString()) {
            const QString s = v.toString();
            details.insert(key, s.size() > MaxDetailText ? s.left(MaxDetailText) + u'…' : s);
        } else if (v.isDouble() || v.isBool()) {
            details.insert(key, v);
        }
    }
    return details;
}

} // namespace

QString keyText(const QJsonValue &v)
{
    if (v.isString()) {
        return v.toString();
    }
    if (v.isDouble() && std::isfinite(v.toDouble())) {
        const double d = v.toDouble();
        return d == std::floor(d) && std::abs(d) < 1e15
            ? QString::number(static_cast<qint64>(d))
            : QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    return {};
}

ParsedEvents adaptPrefect(const QJsonValue &body, const QDateTime &received)
{
    if (!body.isObject()) {
        return ParsedEvents::failed(
            QString(), u"the body must be a JSON object {videoId, flowName, status}"_s);
    }
    const QJsonObject o = body.toObject();
    const QString video = keyText(o.value(u"videoId"_s));
    if (video.isEmpty()) {
        return ParsedEvents::failed(u"/videoId"_s, u"is required (a string or number)"_s);
    }
    const QString flow = o.value(u"flowName"_s).toString();
    if (flow.isEmpty()) {
        return ParsedEvents::failed(u"/flowName"_s, u"is required (a string)"_s);
    }
    const QJsonValue status = o.value(u"status"_s);
    const auto type = prefectType(status.toString());
    if (!type) {
        return ParsedEvents::failed(u"/status"_s,
            status.isString() ? u"unknown status '%1': queued, running, complete or error"_s.arg(
                status.toString())
                              : u"is required: queued, running, complete or error"_s);
    }
    QJsonObject e { { u"job"_s, flow + u':' + video }, { u"type"_s, eventTypeName(*type) },
        { u"kind"_s, flow }, { u"title"_s, u"%1 for video %2"_s.arg(flow, video) } };
    if (*type == EventType::JobFailed) {
        const QJsonValue error = o.value(u"error"_s);
        QString message = error.toString();
        if (error.isObject()) {
            message =
                QString::fromUtf8(QJsonDocument(error.toObject()).toJson(QJsonDocument::Compact));
        } else if (error.isArray()) {
            message =
                QString::fromUtf8(QJsonDocument(error.toArray()).toJson(QJsonDocument::Compact));
        }
        e.insert(u"message"_s, message.isEmpty() ? u"Flow failed"_s : message);
    }
    const QString timestamp = o.value(u"timestamp"_s).toString();
    const bool timed = parseRfc3339(timestamp).isValid();
    if (timed) {
        e.insert(u"time"_s, timestamp);
    }
    // Whatever else the flow sends (run ids, caption ids, counts) is worth showing.
    QJsonObject details;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        static const QStringList known { u"videoId"_s, u"flowName"_s, u"status"_s, u"error"_s };
        if (!known.contains(it.key()) && !(timed && it.key() == u"timestamp")
            && !it.value().isNull() && details.size() < MaxDetailColumns) {
            details.insert(it.key(), it.value());
        }
    }
    if (!details.isEmpty()) {
        e.insert(u"details"_s, details);
    }
    ParsedEvents result = parseEvents(e, received);
    renameFields(result,
        { { u"/job"_s, u"/videoId"_s }, { u"/kind"_s, u"/flowName"_s },
            { u"/title"_s, u"/flowName"_s }, { u"/message"_s, u"/error"_s } });
    return result;
}

ParsedEvents adaptSupabase(
    const QJsonValue &body, const QHash<QString, QString> &statusValues, const QDateTime &received)
{
    if (!body.isObject()) {
        return ParsedEvents::failed(QString(),
            u"the body must be a JSON object {type, table, schema, record, old_record}"_s);
    }
    const QJsonObject o = body.toObject();
    const QString operation = o.value(u"type"_s).toString().toUpper();
    if (operation != u"INSERT" && operation != u"UPDATE" && operation != u"DELETE") {
        return ParsedEvents::failed(u"/type"_s, u"must be INSERT, UPDATE or DELETE"_s);
    }
    const QString table = o.value(u"table"_s).toString();
    if (table.isEmpty()) {
        return ParsedEvents::failed(u"/table"_s, u"is required (a string)"_s);
    }
    const bool deleted = operation == u"DELETE";
    const QString rowField = deleted ? u"/old_record"_s : u"/record"_s;
    const QJsonValue row = o.value(rowField.mid(1));
    if (!row.isObject()) {
        return ParsedEvents::failed(rowField, u"must be the row as a JSON object"_s);
    }
    const QJsonObject record = row.toObject();
    const QJsonObject old = o.value(u"old_record"_s).toObject();
    QString id = keyText(record.value(u"id"_s));
    if (id.isEmpty() && !deleted) {
        id = keyText(old.value(u"id"_s)); // an UPDATE payload trimmed to the changed columns
    }
    if (id.isEmpty()) {
        return ParsedEvents::failed(
            rowField + u"/id"_s, u"is required: the row's id names the job"_s);
    }
    const QString status = keyText(record.value(u"status"_s));
    EventType type = deleted     ? EventType::JobCanceled
        : operation == u"INSERT" ? EventType::JobQueued
                                 : EventType::JobStarted;
    if (!deleted && statusValues.contains(status)) {
        type = eventTypeForStatus(statusValues.value(status)).value_or(type);
    }
    QJsonObject e { { u"job"_s, table + u':' + id }, { u"type"_s, eventTypeName(type) },
        { u"kind"_s, table } };
    if (!status.isEmpty()) {
        e.insert(u"state"_s, status);
    }
    QString titleField;
    for (const QString &column : { u"title"_s, u"name"_s }) {
        if (record.value(column).isString() && !record.value(column).toString().isEmpty()) {
            e.insert(u"title"_s, record.value(column).toString().left(MaxKeyLength));
            titleField = rowField + u'/' + column;
            break;
        }
    }
    if (deleted) {
        e.insert(u"message"_s, u"Row deleted"_s);
    }
    const QJsonObject details = recordDetails(record);
    if (!details.isEmpty()) {
        e.insert(u"details"_s, details);
    }
    ParsedEvents result = parseEvents(e, received);
    renameFields(result,
        { { u"/job"_s, rowField + u"/id"_s }, { u"/state"_s, rowField + u"/status"_s },
            { u"/kind"_s, u"/table"_s }, { u"/title"_s, titleField } });
    // A status change is what a person watching the table wants to hear about.
    const QString before = keyText(old.value(u"status"_s));
    if (!result.error && operation == u"UPDATE" && !before.isEmpty() && !status.isEmpty()
        && before != status) {
        Event log = result.events.first();
        log.type = EventType::Log;
        log.message = u"status: %1 → %2"_s.arg(before, status);
        log.progress.reset();
        result.events.append(log);
    }
    return result;
}

} // namespace jobpulse
