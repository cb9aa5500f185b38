#include "families.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QStringDecoder>
#include <QUrl>
#include <algorithm>
#include <cctype>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

ParsedEvents fail(const QString &field, const QString &message)
{
    return ParsedEvents { {}, ValidationError { field, message } };
}

// A key sent as a string or a number ("42" and 42 name the same row).
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

std::optional<EventType> statusTarget(const QString &name)
{
    QString n = name.toLower();
    if (n.startsWith(u"job.")) {
        n = n.mid(4);
    }
    if (n == u"queued") {
        return EventType::JobQueued;
    }
    if (n == u"running" || n == u"started") {
        return EventType::JobStarted;
    }
    if (n == u"succeeded") {
        return EventType::JobSucceeded;
    }
    if (n == u"failed") {
        return EventType::JobFailed;
    }
    if (n == u"canceled" || n == u"cancelled") {
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

QByteArray mediaType(const QByteArray &contentType)
{
    return contentType.split(';').first().trimmed().toLower();
}

// CloudEvents JSON format §3.1: `*/json` or `*/*+json`; no content type means JSON.
bool isJsonMediaType(const QByteArray &type)
{
    const QByteArray subtype = type.mid(type.indexOf('/') + 1);
    return type.isEmpty() || subtype == "json" || subtype.endsWith("+json");
}

// Any JSON text, scalars included (QJsonDocument takes only objects and arrays).
std::optional<QJsonValue> parseJsonText(const QByteArray &bytes, QString *why)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson("[" + bytes + "\n]", &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1) {
        *why = error.error != QJsonParseError::NoError ? error.errorString()
                                                       : u"not exactly one JSON value"_s;
        return std::nullopt;
    }
    return doc.array().first();
}

// HTTP binding §3.1.3.2: unquote an RFC 7230 quoted-string, then one round of percent-decoding;
// std::nullopt when the bytes are not UTF-8 (an overlong "%C0%A0" included).
std::optional<QString> decodeHeaderValue(const QByteArray &raw)
{
    QByteArray value = raw.trimmed();
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"')) {
        QByteArray unquoted;
        for (qsizetype i = 1; i + 1 < value.size(); ++i) {
            if (value.at(i) == '\\' && i + 2 < value.size()) {
                ++i;
            }
            unquoted.append(value.at(i));
        }
        value = unquoted;
    }
    QByteArray bytes;
    bytes.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value.at(i) == '%' && i + 2 < value.size() && isxdigit(uchar(value.at(i + 1)))
            && isxdigit(uchar(value.at(i + 2)))) {
            bytes.append(char(QByteArray::fromHex(value.mid(i + 1, 2)).at(0)));
            i += 2;
        } else {
            bytes.append(value.at(i)); // a stray "%" from an older sender stays as it is
        }
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        return std::nullopt;
    }
    return text;
}

// Data that is not JSON: text when it is UTF-8, else base64 (as the JSON format carries it).
QJsonValue textOrBase64(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    return decoder.hasError() ? QJsonValue(QString::fromLatin1(bytes.toBase64()))
                              : QJsonValue(text);
}

// The context attributes of one event; @p fieldOf names an attribute in errors.
std::optional<CloudEvent> readAttributes(const QJsonObject &o,
    const std::function<QString(const QString &)> &fieldOf, ValidationError *error)
{
    bool failed = false;
    const auto fail = [&](const QString &name, const QString &message) {
        if (!failed && error) {
            *error = { fieldOf(name), message };
        }
        failed = true;
    };
    const auto text = [&](const QString &name, bool required) {
        const QJsonValue v = o.value(name);
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                fail(name, u"is required"_s);
            }
            return QString();
        }
        const QString s = v.toString();
        const auto control = [](QChar c) {
            return c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f);
        };
        if (!v.isString()) {
            fail(name, u"must be a string"_s);
        } else if (s.isEmpty()) {
            fail(name, u"must not be empty"_s);
        } else if (std::any_of(s.cbegin(), s.cend(), control)) {
            fail(name, u"must not hold control characters"_s); // spec.md, type system: String
        }
        return s;
    };
    CloudEvent ce;
    // The version first: a 0.3 event names its attributes differently.
    ce.specversion = text(u"specversion"_s, true);
    if (!failed && ce.specversion != u"1.0") {
        fail(u"specversion"_s, u"must be \"1.0\", not \"%1\""_s.arg(ce.specversion));
    }
    ce.id = text(u"id"_s, true);
    ce.source = text(u"source"_s, true);
    if (!failed && !QUrl(ce.source, QUrl::StrictMode).isValid()) {
        fail(u"source"_s, u"must be a URI-reference"_s);
    }
    ce.type = text(u"type"_s, true);
    ce.subject = text(u"subject"_s, false);
    ce.datacontenttype = text(u"datacontenttype"_s, false);
    text(u"dataschema"_s, false);
    const QString time = text(u"time"_s, false);
    if (!failed && !time.isEmpty()) {
        ce.time = parseRfc3339(time);
        if (!ce.time.isValid()) {
            fail(u"time"_s, u"must be an RFC 3339 timestamp such as 2018-04-05T17:31:00Z"_s);
        }
    }
    return failed ? std::nullopt : std::optional(ce);
}

// One event in the JSON format; @p pointer is where it sits in the body ("" or "/2").
std::optional<CloudEvent> readStructured(
    const QJsonValue &value, const QString &pointer, ValidationError *error)
{
    if (!value.isObject()) {
        *error = { pointer, u"a CloudEvent must be a JSON object"_s };
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    auto ce = readAttributes(
        o, [&pointer](const QString &name) { return pointer + u'/' + name; }, error);
    if (!ce) {
        return std::nullopt;
    }
    const QJsonValue data = o.value(u"data"_s);
    const QJsonValue base64 = o.value(u"data_base64"_s);
    const bool json = isJsonMediaType(mediaType(ce->datacontenttype.toUtf8()));
    if (!base64.isUndefined() && !base64.isNull()) {
        ce->dataPointer = pointer + u"/data_base64"_s;
        const auto decoded = QByteArray::fromBase64Encoding(
            base64.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!data.isUndefined() || !base64.isString() || !decoded) {
            *error = { ce->dataPointer,
                data.isUndefined() ? u"must be a base64 string"_s
                                   : u"data and data_base64 exclude each other"_s };
            return std::nullopt;
        }
        QString why;
        const auto parsed = json ? parseJsonText(*decoded, &why) : std::nullopt;
        if (json && !parsed) {
            *error = { ce->dataPointer, u"does not hold JSON: %1"_s.arg(why) };
            return std::nullopt;
        }
        ce->data = json ? *parsed : textOrBase64(*decoded);
    } else if (!data.isUndefined()) {
        ce->dataPointer = pointer + u"/data"_s;
        ce->data = data;
    }
    return ce;
}

std::optional<QString> canonicalTypeOf(const QString &ceType)
{
    for (int t = 0; t <= int(EventType::Log); ++t) {
        const QString name = eventTypeName(EventType(t));
        if (ceType == name || ceType.endsWith(u'.' + name)) {
            return name;
        }
    }
    return std::nullopt;
}

} // namespace

ParsedEvents adaptPrefect(const QJsonValue &body, const QDateTime &received)
{
    if (!body.isObject()) {
        return fail(QString(), u"the body must be a JSON object {videoId, flowName, status}"_s);
    }
    const QJsonObject o = body.toObject();
    const QString video = keyText(o.value(u"videoId"_s));
    if (video.isEmpty()) {
        return fail(u"/videoId"_s, u"is required (a string or number)"_s);
    }
    const QString flow = o.value(u"flowName"_s).toString();
    if (flow.isEmpty()) {
        return fail(u"/flowName"_s, u"is required (a string)"_s);
    }
    const QJsonValue status = o.value(u"status"_s);
    const auto type = prefectType(status.toString());
    if (!type) {
        return fail(u"/status"_s,
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
        return fail(QString(),
            u"the body must be a JSON object {type, table, schema, record, old_record}"_s);
    }
    const QJsonObject o = body.toObject();
    const QString operation = o.value(u"type"_s).toString().toUpper();
    if (operation != u"INSERT" && operation != u"UPDATE" && operation != u"DELETE") {
        return fail(u"/type"_s, u"must be INSERT, UPDATE or DELETE"_s);
    }
    const QString table = o.value(u"table"_s).toString();
    if (table.isEmpty()) {
        return fail(u"/table"_s, u"is required (a string)"_s);
    }
    const bool deleted = operation == u"DELETE";
    const QString rowField = deleted ? u"/old_record"_s : u"/record"_s;
    const QJsonValue row = o.value(rowField.mid(1));
    if (!row.isObject()) {
        return fail(rowField, u"must be the row as a JSON object"_s);
    }
    const QJsonObject record = row.toObject();
    const QJsonObject old = o.value(u"old_record"_s).toObject();
    QString id = keyText(record.value(u"id"_s));
    if (id.isEmpty() && !deleted) {
        id = keyText(old.value(u"id"_s)); // an UPDATE payload trimmed to the changed columns
    }
    if (id.isEmpty()) {
        return fail(rowField + u"/id"_s, u"is required: the row's id names the job"_s);
    }
    const QString status = keyText(record.value(u"status"_s));
    EventType type = deleted     ? EventType::JobCanceled
        : operation == u"INSERT" ? EventType::JobQueued
                                 : EventType::JobStarted;
    if (!deleted && statusValues.contains(status)) {
        type = statusTarget(statusValues.value(status)).value_or(type);
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

std::optional<QHash<QString, QString>> supabaseStatusValues(
    const QJsonObject &hookConfig, QString *error)
{
    const auto failed = [error](const QString &message) {
        if (error) {
            *error = message;
        }
        return std::nullopt;
    };
    QHash<QString, QString> table;
    const QJsonValue values = hookConfig.value(u"values"_s);
    if (values.isUndefined() || values.isNull()) {
        return table;
    }
    if (!values.isObject()) {
        return failed(u"values: must be an object {\"status\": {column value: job status}}"_s);
    }
    const QJsonObject sections = values.toObject();
    for (auto it = sections.constBegin(); it != sections.constEnd(); ++it) {
        if (it.key() != u"status") {
            return failed(u"values.%1: the supabase family maps only status"_s.arg(it.key()));
        }
        if (!it.value().isObject()) {
            return failed(u"values.status: must be an object {column value: job status}"_s);
        }
        const QJsonObject entries = it.value().toObject();
        for (auto e = entries.constBegin(); e != entries.constEnd(); ++e) {
            if (!statusTarget(e.value().toString())) {
                return failed(
                    u"values.status.%1: must be queued, running, succeeded, failed or canceled"_s
                        .arg(e.key()));
            }
            table.insert(e.key(), e.value().toString());
        }
    }
    return table;
}

std::optional<QList<CloudEvent>> parseCloudEvents(
    const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &contentType,
    const QByteArray &body, ValidationError *error, bool *malformedJson)
{
    ValidationError ignored;
    ValidationError &err = error ? *error : ignored;
    const auto malformed = [&](const QString &field, const QString &why) {
        err = { field, u"invalid JSON: %1"_s.arg(why) };
        if (malformedJson) {
            *malformedJson = true;
        }
        return std::nullopt;
    };
    const QByteArray type = mediaType(contentType);
    const bool single = type == "application/cloudevents+json";
    const bool batch = type == "application/cloudevents-batch+json";
    if (!single && !batch && type.startsWith("application/cloudevents")) {
        err = { u"Content-Type"_s,
            u"unsupported CloudEvents format '%1': send application/cloudevents+json"_s.arg(
                QString::fromLatin1(type)) };
        return std::nullopt;
    }
    if (single || batch) {
        QString why;
        const auto document = parseJsonText(body, &why);
        if (!document) {
            return malformed(QString(), why);
        }
        QList<CloudEvent> events;
        if (single) {
            auto ce = readStructured(*document, QString(), &err);
            if (!ce) {
                return std::nullopt;
            }
            events.append(std::move(*ce));
            return events;
        }
        const QJsonArray array = document->toArray();
        if (!document->isArray() || array.isEmpty() || array.size() > MaxBatch) {
            err = { QString(),
                u"a CloudEvents batch is a JSON array of 1 to %1 events"_s.arg(MaxBatch) };
            return std::nullopt;
        }
        for (qsizetype i = 0; i < array.size(); ++i) {
            auto ce = readStructured(array.at(i), u"/%1"_s.arg(i), &err);
            if (!ce) {
                return std::nullopt;
            }
            events.append(std::move(*ce));
        }
        return events;
    }
    // Binary mode: attributes in ce-* headers, the body is the data.
    QJsonObject attributes;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.trimmed().toLower();
        if (!lower.startsWith("ce-") || lower.size() == 3) {
            continue;
        }
        const QString attribute = QString::fromLatin1(lower.mid(3));
        if (attributes.contains(attribute)) {
            continue; // the first of repeated headers counts
        }
        const auto decoded = decodeHeaderValue(value);
        if (!decoded) {
            err = { QString::fromLatin1(lower), u"is not UTF-8 once percent-decoded"_s };
            return std::nullopt;
        }
        attributes.insert(attribute, *decoded);
    }
    if (!attributes.contains(u"specversion"_s) && !attributes.contains(u"type"_s)
        && !attributes.contains(u"source"_s)) {
        return std::nullopt; // not a CloudEvent: the hook's own family reads it
    }
    if (!contentType.trimmed().isEmpty()) {
        attributes.insert(u"datacontenttype"_s, QString::fromLatin1(contentType.trimmed()));
    }
    auto ce = readAttributes(
        attributes, [](const QString &name) { return u"ce-"_s + name; }, &err);
    if (!ce) {
        return std::nullopt;
    }
    if (!body.trimmed().isEmpty()) {
        if (isJsonMediaType(mediaType(ce->datacontenttype.toUtf8()))) {
            QString why;
            const auto data = parseJsonText(body, &why);
            if (!data) {
                return malformed(QString(), why);
            }
            ce->data = *data;
        } else {
            ce->data = textOrBase64(body);
        }
    }
    return QList<CloudEvent> { *ce };
}

QJsonValue cloudEventBody(const CloudEvent &event, QStringView family)
{
    if (family != u"canonical") {
        return event.data.isUndefined() ? QJsonValue(QJsonValue::Null) : event.data;
    }
    const auto complete = [&event](QJsonObject o, const QString &id) {
        const auto missing = [&o](const QString &key) {
            return o.value(key).isUndefined() || o.value(key).isNull();
        };
        const auto type = canonicalTypeOf(event.type);
        if (missing(u"type"_s) && type) {
            o.insert(u"type"_s, *type);
        }
        if (missing(u"job"_s) && !event.subject.isEmpty()) {
            o.insert(u"job"_s, event.subject);
        }
        if (missing(u"id"_s) && !id.isEmpty()) {
            o.insert(u"id"_s, id);
        }
        if (missing(u"time"_s) && event.time.isValid()) {
            o.insert(u"time"_s, event.time.toUTC().toString(Qt::ISODateWithMs));
        }
        return o;
    };
    const QString id = event.id.left(MaxKeyLength - 8);
    if (event.data.isArray()) {
        QJsonArray events = event.data.toArray();
        for (qsizetype i = 0; i < events.size(); ++i) {
            if (events.at(i).isObject()) {
                events[i] = complete(events.at(i).toObject(), u"%1#%2"_s.arg(id).arg(i));
            }
        }
        return events;
    }
    if (event.data.isObject()) {
        return complete(event.data.toObject(), id);
    }
    if (event.data.isString()) {
        return complete(QJsonObject { { u"message"_s, event.data.toString() } }, id);
    }
    if (event.data.isUndefined() || event.data.isNull()) {
        return complete(QJsonObject(), id);
    }
    return event.data; // a number or boolean: parseEvent says what is wrong
}

ParsedEvents adaptCloudEvents(const QList<CloudEvent> &events, QStringView family,
    const QDateTime &received,
    const std::function<ParsedEvents(const QJsonValue &body, const QDateTime &received)> &adapt)
{
    if (events.isEmpty()) {
        return fail(QString(), u"no CloudEvents in the request"_s);
    }
    ParsedEvents result;
    for (const CloudEvent &ce : events) {
        ParsedEvents one =
            adapt(cloudEventBody(ce, family), ce.time.isValid() ? ce.time : received);
        if (one.error) {
            return fail(ce.dataPointer + one.error->field, one.error->message);
        }
        for (qsizetype i = 0; i < one.events.size(); ++i) {
            Event &e = one.events[i];
            if (e.id.isEmpty()) {
                e.id = ce.id.left(MaxKeyLength - 8)
                    + (one.events.size() > 1 ? u"#%1"_s.arg(i) : QString());
            }
        }
        result.events.append(std::move(one.events));
    }
    return result;
}

} // namespace jobpulse
