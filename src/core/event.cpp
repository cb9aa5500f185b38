#include "event.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

struct TypeName
{
    EventType type;
    QStringView name;
};

constexpr std::array typeNames {
    TypeName { EventType::JobQueued, u"job.queued" },
    TypeName { EventType::JobStarted, u"job.started" },
    TypeName { EventType::JobProgress, u"job.progress" },
    TypeName { EventType::JobSucceeded, u"job.succeeded" },
    TypeName { EventType::JobFailed, u"job.failed" },
    TypeName { EventType::JobCanceled, u"job.canceled" },
    TypeName { EventType::StepStarted, u"step.started" },
    TypeName { EventType::StepSucceeded, u"step.succeeded" },
    TypeName { EventType::StepFailed, u"step.failed" },
    TypeName { EventType::StepSkipped, u"step.skipped" },
    TypeName { EventType::Log, u"log" },
    TypeName { EventType::Heartbeat, u"heartbeat" },
    TypeName { EventType::JobStalled, u"job.stalled" },
    TypeName { EventType::JobLost, u"job.lost" },
    // Accepted as the British spelling; stored and relayed as job.canceled (the first name).
    TypeName { EventType::JobCanceled, u"job.cancelled" },
};

constexpr int MaxTextLength = 200;
constexpr int MaxMessageLength = 65536;

// Reads the fields one by one and remembers the first error, so each check stays one line.
class Reader
{
public:
    Reader(const QJsonObject &object, const QString &pointer, ValidationError *error)
        : m_object(object)
        , m_pointer(pointer)
        , m_error(error)
    { }

    bool ok() const { return !m_failed; }

    bool fail(const QString &field, const QString &message)
    {
        if (!m_failed && m_error) {
            *m_error = { m_pointer + u'/' + field, message };
        }
        m_failed = true;
        return false;
    }

    // Optional string; required when minLength > 0.
    QString text(const QString &field, int maxLength, bool required = false)
    {
        const QJsonValue v = m_object.value(field);
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                fail(field, u"is required"_s);
            }
            return {};
        }
        if (!v.isString()) {
            fail(field, u"must be a string"_s);
            return {};
        }
        QString s = v.toString();
        if (required && s.isEmpty()) {
            fail(field, u"must not be empty"_s);
        } else if (s.size() > maxLength) {
            fail(field, u"must be at most %1 characters"_s.arg(maxLength));
        }
        return s;
    }

    std::optional<double> number(const QString &field, double min, double max)
    {
        const QJsonValue v = m_object.value(field);
        if (v.isUndefined() || v.isNull()) {
            return std::nullopt;
        }
        if (!v.isDouble() || !std::isfinite(v.toDouble())) {
            fail(field, u"must be a number"_s);
            return std::nullopt;
        }
        const double d = v.toDouble();
        if (d < min || d > max) {
            fail(field, u"must be between %1 and %2"_s.arg(min).arg(max));
            return std::nullopt;
        }
        return d;
    }

    int integer(const QString &field, int min, int max)
    {
        const QJsonValue v = m_object.value(field);
        if (v.isUndefined() || v.isNull()) {
            return 0;
        }
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d != std::floor(d) || d < min || d > max) {
            fail(field, u"must be a whole number between %1 and %2"_s.arg(min).arg(max));
            return 0;
        }
        return static_cast<int>(d);
    }

private:
    const QJsonObject &m_object;
    QString m_pointer;
    ValidationError *m_error;
    bool m_failed = false;
};

std::optional<StepRef> readStep(
    const QJsonObject &object, const QString &pointer, bool required, Reader &outer)
{
    const QJsonValue v = object.value(u"step"_s);
    if (v.isUndefined() || v.isNull()) {
        if (required) {
            outer.fail(u"step"_s, u"is required for step events"_s);
        }
        return std::nullopt;
    }
    if (!v.isObject()) {
        outer.fail(u"step"_s, u"must be an object {index, name, total}"_s);
        return std::nullopt;
    }
    ValidationError inner;
    const QJsonObject stepObject = v.toObject();
    Reader r(stepObject, pointer + u"/step"_s, &inner);
    StepRef step;
    if (!stepObject.contains(u"index"_s)) {
        r.fail(u"index"_s, u"is required"_s);
    }
    step.index = r.integer(u"index"_s, 1, 100000);
    step.name = r.text(u"name"_s, MaxTextLength);
    step.total = r.integer(u"total"_s, 1, 100000);
    if (r.ok() && step.total > 0 && step.index > step.total) {
        r.fail(u"index"_s, u"must not exceed total"_s);
    }
    if (!r.ok()) {
        // Report the nested pointer as-is: the outer reader prefixes only its own fields.
        outer.fail(inner.field.mid(pointer.size() + 1), inner.message);
        return std::nullopt;
    }
    return step;
}

// `labels`: an object of label names to string values.
QMap<QString, QString> readLabels(const QJsonValue &v, Reader &outer)
{
    QMap<QString, QString> labels;
    if (!v.isObject()) {
        outer.fail(u"labels"_s, u"must be an object of names to strings"_s);
        return labels;
    }
    const QJsonObject o = v.toObject();
    if (o.size() > MaxLabels) {
        outer.fail(u"labels"_s,
            u"holds at most %1 labels, this one has %2"_s.arg(MaxLabels).arg(o.size()));
        return {};
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString at =
            u"labels/"_s + QString(it.key()).replace(u'~', u"~0"_s).replace(u'/', u"~1"_s);
        if (!isLabelName(it.key())) {
            outer.fail(at,
                u"is not a label name (a letter, then letters, digits, '_', '.' or '-'; at most %1)"_s
                    .arg(MaxLabelName));
            return {};
        }
        if (!it.value().isString()) {
            outer.fail(at, u"must be a string"_s);
            return {};
        }
        const QString value = it.value().toString();
        if (value.size() > MaxLabelValue) {
            outer.fail(at, u"must be at most %1 characters"_s.arg(MaxLabelValue));
            return {};
        }
        if (!value.isEmpty()) {
            labels.insert(it.key(), value);
        }
    }
    return labels;
}

bool isStreamName(const QString &stream)
{
    return stream == u"stdout" || stream == u"stderr";
}

// A log chunk's `lines`: each a string, or {"text", "stream"?, "ts"?}.
QList<LogLine> readLines(const QJsonValue &v, Reader &outer)
{
    QList<LogLine> lines;
    if (!v.isArray()) {
        outer.fail(u"lines"_s, u"must be an array of strings or {text, stream, ts} objects"_s);
        return lines;
    }
    const QJsonArray array = v.toArray();
    if (array.isEmpty() || array.size() > MaxLogLines) {
        outer.fail(u"lines"_s,
            u"holds 1 to %1 lines, this one has %2"_s.arg(MaxLogLines).arg(array.size()));
        return lines;
    }
    lines.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        // The pointer is only spelled out for an error: formatting it per line cost a
        // million-line log a tenth of its parse.
        const auto at = [i] { return u"lines/%1"_s.arg(i); };
        LogLine line;
        if (item.isString()) {
            line.text = item.toString();
        } else if (item.isObject()) {
            const QJsonObject o = item.toObject();
            const QJsonValue text = o.value(u"text"_s);
            if (!text.isString()) {
                outer.fail(at() + u"/text"_s, u"is required and must be a string"_s);
                return {};
            }
            line.text = text.toString();
            const QJsonValue stream = o.value(u"stream"_s);
            if (!stream.isUndefined() && !stream.isNull()) {
                line.stream = stream.toString();
                if (!isStreamName(line.stream)) {
                    outer.fail(at() + u"/stream"_s, u"must be \"stdout\" or \"stderr\""_s);
                    return {};
                }
            }
            const QJsonValue ts = o.value(u"ts"_s);
            if (!ts.isUndefined() && !ts.isNull()) {
                line.time = parseRfc3339(ts.toString());
                if (!line.time.isValid()) {
                    outer.fail(at() + u"/ts"_s,
                        u"must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z"_s);
                    return {};
                }
            }
        } else {
            outer.fail(at(), u"must be a string or a {text, stream, ts} object"_s);
            return {};
        }
        if (line.text.size() > MaxLineLength) {
            outer.fail(at(), u"must be at most %1 characters"_s.arg(MaxLineLength));
            return {};
        }
        lines.append(std::move(line));
    }
    return lines;
}

} // namespace

QString eventTypeName(EventType type)
{
    for (const auto &t : typeNames) {
        if (t.type == type) {
            return t.name.toString();
        }
    }
    return {};
}

std::optional<EventType> eventTypeFromName(QStringView name)
{
    for (const auto &t : typeNames) {
        if (t.name == name) {
            return t.type;
        }
    }
    return std::nullopt;
}

bool isLabelName(QStringView name)
{
    if (name.isEmpty() || name.size() > MaxLabelName || !name.front().isLetter()) {
        return false;
    }
    return std::all_of(name.begin(), name.end(),
        [](QChar c) { return c.isLetterOrNumber() || c == u'_' || c == u'.' || c == u'-'; });
}

bool isStepEvent(EventType type)
{
    return type == EventType::StepStarted || type == EventType::StepSucceeded
        || type == EventType::StepFailed || type == EventType::StepSkipped;
}

QDateTime parseRfc3339(const QString &text)
{
    static const QRegularExpression re(
        uR"(^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$)"_s);
    const auto m = re.match(text);
    if (!m.hasMatch()) {
        return {};
    }
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int second = std::min(m.captured(6).toInt(), 59); // leap second 60 folds into 59
    const QString fraction = m.captured(7);
    const int ms = fraction.isEmpty() ? 0 : (fraction.mid(1) + u"00"_s).left(3).toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), second, ms);
    if (!date.isValid() || !time.isValid() || m.captured(6).toInt() > 60) {
        return {};
    }
    int offset = 0;
    const QString zone = m.captured(8);
    if (zone.size() == 6) {
        const int hours = zone.mid(1, 2).toInt();
        const int minutes = zone.mid(4, 2).toInt();
        if (hours > 23 || minutes > 59) {
            return {};
        }
        offset = (hours * 60 + minutes) * 60 * (zone.front() == u'-' ? -1 : 1);
    }
    return QDateTime(date, time, Qt::OffsetFromUTC, offset).toUTC();
}

std::optional<Event> parseEvent(const QJsonValue &value, const QString &pointer,
    const QDateTime &received, ValidationError *error)
{
    if (!value.isObject()) {
        if (error) {
            *error = { pointer, u"an event must be a JSON object"_s };
        }
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    Reader r(o, pointer, error);
    Event e;
    e.job = r.text(u"job"_s, MaxKeyLength, true);
    const QString typeName = r.text(u"type"_s, 40, true);
    if (r.ok()) {
        if (const auto type = eventTypeFromName(typeName)) {
            e.type = *type;
        } else {
            r.fail(u"type"_s, u"unknown type '%1'"_s.arg(typeName));
        }
    }
    e.id = r.text(u"id"_s, MaxKeyLength);
    const QString time = r.text(u"time"_s, 64);
    if (r.ok() && !time.isEmpty()) {
        e.time = parseRfc3339(time);
        if (!e.time.isValid()) {
            r.fail(u"time"_s, u"must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z"_s);
        }
    }
    if (!e.time.isValid()) {
        e.time = received.toUTC();
    }
    e.title = r.text(u"title"_s, MaxTextLength);
    e.kind = r.text(u"kind"_s, MaxTextLength);
    e.url = r.text(u"url"_s, 2048);
    e.state = r.text(u"state"_s, 100);
    e.steps = r.integer(u"steps"_s, 1, 100000);
    e.progress = r.number(u"progress"_s, 0, 100);
    e.duration = r.number(u"duration"_s, 0, 1e9);
    e.message = r.text(u"message"_s, MaxMessageLength);
    e.stream = r.text(u"stream"_s, 10);
    if (r.ok() && !e.stream.isEmpty() && !isStreamName(e.stream)) {
        r.fail(u"stream"_s, u"must be \"stdout\" or \"stderr\""_s);
    }
    const QJsonValue lines = o.value(u"lines"_s);
    if (r.ok() && !lines.isUndefined() && !lines.isNull()) {
        e.lines = readLines(lines, r);
    }
    const QJsonValue details = o.value(u"details"_s);
    if (!details.isUndefined() && !details.isNull()) {
        if (details.isObject()) {
            e.details = details.toObject();
        } else {
            r.fail(u"details"_s, u"must be an object"_s);
        }
    }
    e.parent = r.text(u"parent"_s, MaxKeyLength);
    const QJsonValue labels = o.value(u"labels"_s);
    if (r.ok() && !labels.isUndefined() && !labels.isNull()) {
        e.labels = readLabels(labels, r);
    }
    if (r.ok()) {
        e.step = readStep(o, pointer, isStepEvent(e.type), r);
    }
    if (r.ok() && e.type != EventType::Log && (!e.lines.isEmpty() || !e.stream.isEmpty())) {
        r.fail(e.lines.isEmpty() ? u"stream"_s : u"lines"_s, u"is only for log events"_s);
    }
    if (r.ok() && e.type == EventType::Log && e.message.isEmpty() && e.lines.isEmpty()) {
        r.fail(u"message"_s, u"is required for log events (or lines)"_s);
    }
    if (r.ok() && !e.message.isEmpty() && !e.lines.isEmpty()) {
        r.fail(u"lines"_s, u"give either message or lines, not both"_s);
    }
    if (!r.ok()) {
        return std::nullopt;
    }
    return e;
}

ParsedEvents parseEvents(const QJsonValue &document, const QDateTime &received)
{
    ParsedEvents result;
    ValidationError error;
    if (document.isArray()) {
        const QJsonArray array = document.toArray();
        if (array.isEmpty() || array.size() > MaxBatch) {
            result.error = ValidationError { QString(),
                u"a batch holds 1 to %1 events, this one has %2"_s.arg(MaxBatch).arg(
                    array.size()) };
            return result;
        }
        result.events.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            auto event = parseEvent(array.at(i), u"/%1"_s.arg(i), received, &error);
            if (!event) {
                result.events.clear();
                result.error = error;
                return result;
            }
            result.events.append(std::move(*event));
        }
        return result;
    }
    if (auto event = parseEvent(document, QString(), received, &error)) {
        result.events.append(std::move(*event));
    } else {
        result.error = error;
    }
    return result;
}

QJsonObject Event::toJson() const
{
    QJsonObject o { { u"job"_s, job }, { u"type"_s, eventTypeName(type) },
        { u"time"_s, time.toUTC().toString(Qt::ISODateWithMs) } };
    const auto putText = [&o](const QString &key, const QString &value) {
        if (!value.isEmpty()) {
            o.insert(key, value);
        }
    };
    putText(u"id"_s, id);
    putText(u"title"_s, title);
    putText(u"kind"_s, kind);
    putText(u"url"_s, url);
    putText(u"state"_s, state);
    putText(u"message"_s, message);
    putText(u"stream"_s, stream);
    if (!lines.isEmpty()) {
        QJsonArray array;
        for (const LogLine &line : lines) {
            if (line.stream.isEmpty() && !line.time.isValid()) {
                array.append(line.text);
                continue;
            }
            QJsonObject l { { u"text"_s, line.text } };
            if (!line.stream.isEmpty()) {
                l.insert(u"stream"_s, line.stream);
            }
            if (line.time.isValid()) {
                l.insert(u"ts"_s, line.time.toUTC().toString(Qt::ISODateWithMs));
            }
            array.append(l);
        }
        o.insert(u"lines"_s, array);
    }
    if (steps > 0) {
        o.insert(u"steps"_s, steps);
    }
    if (progress) {
        o.insert(u"progress"_s, *progress);
    }
    if (duration) {
        o.insert(u"duration"_s, *duration);
    }
    if (step) {
        QJsonObject s { { u"index"_s, step->index } };
        if (!step->name.isEmpty()) {
            s.insert(u"name"_s, step->name);
        }
        if (step->total > 0) {
            s.insert(u"total"_s, step->total);
        }
        o.insert(u"step"_s, s);
    }
    if (!details.isEmpty()) {
        o.insert(u"details"_s, details);
    }
    putText(u"parent"_s, parent);
    if (!labels.isEmpty()) {
        QJsonObject l;
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            l.insert(it.key(), it.value());
        }
        o.insert(u"labels"_s, l);
    }
    return o;
}

bool replaceNul(QString &text)
{
    if (!text.contains(QChar(u'\0'))) {
        return false;
    }
    text.replace(QChar(u'\0'), QChar::ReplacementCharacter);
    return true;
}

void replaceNul(Event &event)
{
    for (QString *text : { &event.job, &event.id, &event.title, &event.kind, &event.url,
             &event.state, &event.message, &event.stream, &event.parent, &event.origin }) {
        replaceNul(*text);
    }
    if (event.step) {
        replaceNul(event.step->name);
    }
    for (LogLine &line : event.lines) {
        replaceNul(line.text);
    }
    bool labelHasNul = false;
    for (auto it = event.labels.begin(); it != event.labels.end(); ++it) {
        labelHasNul = replaceNul(it.value()) || labelHasNul || it.key().contains(QChar(u'\0'));
    }
    if (labelHasNul) {
        QMap<QString, QString> labels;
        for (auto it = event.labels.cbegin(); it != event.labels.cend(); ++it) {
            QString name = it.key();
            replaceNul(name);
            labels.insert(name, it.value());
        }
        event.labels = std::move(labels);
    }
}

QString logStream(const Event &event)
{
    const QString stream =
        event.stream.isEmpty() ? event.details.value(u"stream"_s).toString() : event.stream;
    return isStreamName(stream) ? stream : QString();
}

QList<LogLine> logLines(const Event &event)
{
    QList<LogLine> result;
    if (event.type != EventType::Log) {
        return result;
    }
    const QString defaultStream = logStream(event);
    result.reserve(std::max<qsizetype>(event.lines.size(), 1));
    const auto add = [&](const QString &text, const QString &stream, const QDateTime &time) {
        const QString &lineStream = stream.isEmpty() ? defaultStream : stream;
        if (!text.contains(u'\n')) { // the common case, without a list per line
            result.append({ text, lineStream, time });
            return;
        }
        // A newline inside a line starts another: stored lines never hold one.
        const QStringList parts = text.split(u'\n');
        const qsizetype count =
            parts.size() > 1 && parts.last().isEmpty() ? parts.size() - 1 : parts.size();
        for (qsizetype i = 0; i < count; ++i) {
            result.append({ parts.at(i), lineStream, time });
        }
    };
    if (event.lines.isEmpty()) {
        add(event.message, QString(), QDateTime());
    }
    for (const LogLine &line : event.lines) {
        add(line.text, line.stream, line.time);
    }
    return result;
}

std::optional<EventType> eventTypeForStatus(const QString &name)
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
    if (n == u"lost") {
        return EventType::JobLost;
    }
    return std::nullopt;
}

} // namespace jobpulse
