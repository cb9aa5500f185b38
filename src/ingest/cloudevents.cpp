#include "cloudevents.h"

#include "ingest/httputil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

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
        return ParsedEvents::failed(QString(), u"no CloudEvents in the request"_s);
    }
    ParsedEvents result;
    for (const CloudEvent &ce : events) {
        ParsedEvents one =
            adapt(cloudEventBody(ce, family), ce.time.isValid() ? ce.time : received);
        if (one.error) {
            return ParsedEvents::failed(ce.dataPointer + one.error->field, one.error->message);
        }
        for (qsizetype i = 0; i < one.events.size(); ++i) {
            Event &e = one.events[i];
            if (e.id.isEmpty()) {
                e.id = deliveryEventId(ce.id, i, one.events.size());
            }
        }
        result.events.append(std::move(one.events));
    }
    return result;
}

} // namespace jobpulse
