#include "mapping.h"

#include <QJsonArray>
#include <QLocale>
#include <QSet>
#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

enum class Shape { Text, Number, Object };

Shape shapeOf(const QString &field)
{
    static const QSet<QString> numbers { u"progress"_s, u"duration"_s, u"steps"_s, u"step.index"_s,
        u"step.total"_s };
    if (numbers.contains(field)) {
        return Shape::Number;
    }
    return field == u"details" || field == u"step" ? Shape::Object : Shape::Text;
}

QString numberText(double d)
{
    if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 1e15) {
        return QString::number(static_cast<qint64>(d));
    }
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

// The text a value map compares: strings as they are, numbers and booleans as JSON writes them.
std::optional<QString> scalarText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double:
        return numberText(v.toDouble());
    case QJsonValue::Bool:
        return v.toBool() ? u"true"_s : u"false"_s;
    default:
        return std::nullopt;
    }
}

// Senders write numbers as text ("42", "42%") and ids as numbers: meet them halfway. What
// cannot be converted stays as it is, so parseEvent names the field.
QJsonValue coerce(const QString &field, const QJsonValue &v)
{
    switch (shapeOf(field)) {
    case Shape::Text:
        if (v.isDouble() || v.isBool()) {
            return scalarText(v).value_or(QString());
        }
        return v;
    case Shape::Number:
        if (v.isString()) {
            QString text = v.toString().trimmed();
            if (field == u"progress" && text.endsWith(u'%')) {
                text.chop(1);
            }
            bool ok = false;
            const double d = text.toDouble(&ok);
            if (ok && std::isfinite(d)) {
                return d;
            }
        }
        return v;
    case Shape::Object:
        return v;
    }
    return v;
}

QString pointerProblem(QStringView pointer)
{
    if (!pointer.isEmpty() && !pointer.startsWith(u'/')) {
        return u"it must be empty or start with \"/\""_s;
    }
    return u"\"~\" must be followed by 0 or 1"_s;
}

bool checkValue(const QString &key, const QString &field, const QJsonValue &v, QString *error)
{
    const auto fail = [&](const QString &reason) {
        if (error) {
            *error = key + u": "_s + reason;
        }
        return false;
    };
    switch (shapeOf(field)) {
    case Shape::Text:
        if (!v.isString()) {
            return fail(u"must be a string"_s);
        }
        if (field == u"type" && !eventTypeFromName(v.toString())) {
            return fail(u"unknown event type '%1'"_s.arg(v.toString()));
        }
        return true;
    case Shape::Number:
        return v.isDouble() ? true : fail(u"must be a number"_s);
    case Shape::Object:
        return v.isObject() ? true : fail(u"must be an object"_s);
    }
    return true;
}

} // namespace

std::optional<QStringList> jsonPointerTokens(QStringView pointer)
{
    if (pointer.isEmpty()) {
        return QStringList();
    }
    if (!pointer.startsWith(u'/')) {
        return std::nullopt;
    }
    QStringList tokens;
    for (const QStringView raw : pointer.mid(1).split(u'/')) {
        QString token;
        token.reserve(raw.size());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw.at(i) != u'~') {
                token.append(raw.at(i));
                continue;
            }
            const QChar next = i + 1 < raw.size() ? raw.at(i + 1) : QChar();
            if (next == u'1') {
                token.append(u'/');
            } else if (next == u'0') {
                token.append(u'~');
            } else {
                return std::nullopt;
            }
            ++i; // one pass over the text: "~01" is "~1", never "/"
        }
        tokens.append(token);
    }
    return tokens;
}

QString escapeJsonPointerToken(QStringView token)
{
    QString escaped = token.toString();
    escaped.replace(u'~', u"~0"_s);
    escaped.replace(u'/', u"~1"_s);
    return escaped;
}

std::optional<QJsonValue> resolveJsonPointer(const QJsonValue &document, QStringView pointer)
{
    const auto tokens = jsonPointerTokens(pointer);
    if (!tokens) {
        return std::nullopt;
    }
    QJsonValue current = document;
    for (const QString &token : *tokens) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(token);
            if (it == object.constEnd()) {
                return std::nullopt;
            }
            current = it.value();
        } else if (current.isArray()) {
            // RFC 6901 §4: decimal digits, no leading zero; "-" (past the end) names nothing.
            const bool digits = !token.isEmpty() && token.size() <= 9
                && std::all_of(token.begin(), token.end(), [](QChar c) { return c.isDigit(); })
                && (token.size() == 1 || token.front() != u'0');
            const QJsonArray array = current.toArray();
            const qsizetype index = digits ? token.toLongLong() : -1;
            if (index < 0 || index >= array.size()) {
                return std::nullopt;
            }
            current = array.at(index);
        } else {
            return std::nullopt;
        }
    }
    return current;
}

const QStringList &Mapping::fieldNames()
{
    static const QStringList names { u"job"_s, u"type"_s, u"id"_s, u"time"_s, u"title"_s, u"kind"_s,
        u"url"_s, u"progress"_s, u"message"_s, u"state"_s, u"duration"_s, u"steps"_s, u"details"_s,
        u"parent"_s, u"step"_s, u"step.index"_s, u"step.name"_s, u"step.total"_s };
    return names;
}

std::optional<Mapping> Mapping::fromJson(const QJsonObject &config, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error) {
            *error = message;
        }
        return std::nullopt;
    };
    const auto objectAt = [&config](const QString &key, QJsonObject *out) {
        const QJsonValue v = config.value(key);
        *out = v.toObject();
        return v.isUndefined() || v.isNull() || v.isObject();
    };
    const QString known = fieldNames().join(u", "_s);
    Mapping m;
    const QJsonValue root = config.value(u"root"_s);
    if (!root.isUndefined() && !root.isNull()) {
        if (!root.isString() || !jsonPointerTokens(root.toString())) {
            return fail(u"root: not a JSON Pointer (%1)"_s.arg(pointerProblem(root.toString())));
        }
        m.m_root = root.toString();
    }
    QJsonObject section;
    if (!objectAt(u"map"_s, &section)) {
        return fail(u"map: must be an object {canonical field: JSON Pointer}"_s);
    }
    for (auto it = section.constBegin(); it != section.constEnd(); ++it) {
        const QString key = u"map."_s + it.key();
        if (!fieldNames().contains(it.key())) {
            return fail(key + u": unknown field (one of %1)"_s.arg(known));
        }
        if (it.value().isNull()) {
            m.m_ignored.insert(it.key()); // not read at all, not even by its own name
            continue;
        }
        if (!it.value().isString()) {
            return fail(key + u": not a JSON Pointer (must be a string such as \"/data/id\")"_s);
        }
        const QString pointer = it.value().toString();
        if (!jsonPointerTokens(pointer)) {
            return fail(key + u": not a JSON Pointer (%1)"_s.arg(pointerProblem(pointer)));
        }
        m.m_pointers.insert(it.key(), pointer);
    }
    if (!objectAt(u"values"_s, &section)) {
        return fail(u"values: must be an object {canonical field: {payload value: value}}"_s);
    }
    for (auto it = section.constBegin(); it != section.constEnd(); ++it) {
        const QString key = u"values."_s + it.key();
        if (!fieldNames().contains(it.key())) {
            return fail(key + u": unknown field (one of %1)"_s.arg(known));
        }
        if (shapeOf(it.key()) == Shape::Object) {
            return fail(key + u": only text and number fields take a value map"_s);
        }
        if (!it.value().isObject()) {
            return fail(key + u": must be an object {payload value: value}"_s);
        }
        QHash<QString, QJsonValue> table;
        const QJsonObject entries = it.value().toObject();
        for (auto e = entries.constBegin(); e != entries.constEnd(); ++e) {
            if (!checkValue(key + u'.' + e.key(), it.key(), e.value(), error)) {
                return std::nullopt;
            }
            table.insert(e.key(), e.value());
        }
        m.m_values.insert(it.key(), table);
    }
    if (!objectAt(u"defaults"_s, &section)) {
        return fail(u"defaults: must be an object {canonical field: value}"_s);
    }
    for (auto it = section.constBegin(); it != section.constEnd(); ++it) {
        const QString key = u"defaults."_s + it.key();
        if (!fieldNames().contains(it.key())) {
            return fail(key + u": unknown field (one of %1)"_s.arg(known));
        }
        if (!checkValue(key, it.key(), it.value(), error)) {
            return std::nullopt;
        }
    }
    m.m_defaults = section;
    if (!objectAt(u"labels"_s, &section)) {
        return fail(u"labels: must be an object {label name: JSON Pointer}"_s);
    }
    if (section.size() > MaxLabels) {
        return fail(u"labels: at most %1 labels"_s.arg(MaxLabels));
    }
    for (auto it = section.constBegin(); it != section.constEnd(); ++it) {
        const QString key = u"labels."_s + it.key();
        if (!isLabelName(it.key())) {
            return fail(key
                + u": not a label name (a letter, then letters, digits, '_', '.' or "
                  u"'-'; at most %1)"_s.arg(MaxLabelName));
        }
        const QString pointer = it.value().toString();
        if (!it.value().isString() || !jsonPointerTokens(pointer)) {
            return fail(key
                + u": not a JSON Pointer (%1)"_s.arg(it.value().isString()
                        ? pointerProblem(pointer)
                        : u"must be a string such as \"/repository/full_name\""_s));
        }
        m.m_labels.insert(it.key(), pointer);
    }
    return m;
}

struct Mapping::Built
{
    QJsonObject object;
    QHash<QString, QString> sources; // canonical pointer ("/step/index") → payload pointer
    QSet<QString> fromDefaults; // canonical pointers whose value is a configured default
    QSet<QString> byName; // canonical pointers read by their own name, not mapped
};

Mapping::Built Mapping::build(const QJsonValue &element) const
{
    Built b;
    // Reads one canonical field: its pointer (or @p fallback), the value map, then the default.
    const auto read = [&](const QString &field, const std::optional<QString> &fallback) {
        const auto mapped = m_pointers.constFind(field);
        const bool byName = mapped == m_pointers.constEnd() && !m_ignored.contains(field);
        const std::optional<QString> pointer = mapped != m_pointers.constEnd()
            ? std::optional(*mapped)
            : (byName ? fallback : std::nullopt);
        QString canonical = u'/' + field;
        canonical.replace(u'.', u'/');
        if (pointer) {
            b.sources.insert(canonical, *pointer);
            std::optional<QJsonValue> v = resolveJsonPointer(element, *pointer);
            if (v && !v->isNull()) {
                if (byName) {
                    b.byName.insert(canonical);
                }
                const auto table = m_values.constFind(field);
                const auto text = scalarText(*v);
                if (table != m_values.constEnd() && text && table->contains(*text)) {
                    v = table->value(*text);
                }
                return std::optional(coerce(field, *v));
            }
        }
        if (m_defaults.contains(field)) {
            b.fromDefaults.insert(canonical);
            return std::optional(m_defaults.value(field));
        }
        return std::optional<QJsonValue>();
    };
    for (const QString &field : fieldNames()) {
        if (field == u"step" || field.startsWith(u"step.")) {
            continue; // below: the step is built from its members
        }
        // An idempotency key and a parent only when mapped: see the class comment.
        const auto fallback =
            field == u"id" || field == u"parent" ? std::nullopt : std::optional(u'/' + field);
        if (const auto v = read(field, fallback)) {
            b.object.insert(field, *v);
        }
    }
    // A missing step is best named by the pointer the user gave for its index.
    const QString basePointer = m_pointers.value(u"step"_s, u"/step"_s);
    const std::optional<QJsonValue> step = read(u"step"_s, u"/step"_s);
    if (!m_pointers.contains(u"step"_s) && m_pointers.contains(u"step.index"_s)) {
        b.sources.insert(u"/step"_s, m_pointers.value(u"step.index"_s));
    }
    QJsonObject members = step ? step->toObject() : QJsonObject();
    bool anyMember = false;
    for (const QString &member : { u"index"_s, u"name"_s, u"total"_s }) {
        b.sources.insert(u"/step/"_s + member, basePointer + u'/' + member);
        if (const auto v = read(u"step."_s + member, std::nullopt)) {
            members.insert(member, *v);
            anyMember = true;
        }
    }
    if (anyMember) {
        b.object.insert(u"step"_s, members);
    } else if (step) {
        b.object.insert(u"step"_s, *step);
    }
    // Labels: text or numbers at their pointers; one the payload lacks is left out.
    QJsonObject labels;
    for (auto it = m_labels.constBegin(); it != m_labels.constEnd(); ++it) {
        const auto v = resolveJsonPointer(element, it.value());
        const auto text = v ? scalarText(*v) : std::nullopt;
        if (text && !text->isEmpty()) {
            labels.insert(it.key(), text->left(MaxLabelValue));
        }
    }
    if (!labels.isEmpty()) {
        b.object.insert(u"labels"_s, labels);
    }
    return b;
}

ParsedEvents Mapping::apply(const QJsonValue &payload, const QDateTime &received) const
{
    const auto root = resolveJsonPointer(payload, m_root);
    if (!root) {
        return ParsedEvents::failed(m_root, u"the payload has nothing at this pointer"_s);
    }
    // Names the payload's field for an error parseEvent gave about the canonical one.
    const auto translate = [](const Built &b, ValidationError error, const QString &prefix) {
        const auto source = b.sources.constFind(error.field);
        if (source != b.sources.constEnd()) {
            if (b.fromDefaults.contains(error.field)) {
                error.message += u" (the value comes from the mapping's defaults)"_s;
            } else if (b.byName.contains(error.field)) {
                // An unrelated member that happens to share a canonical name: say how to fix it.
                error.message +=
                    u" (read by its own name: map it elsewhere, or to null to ignore it)"_s;
            }
            error.field = *source;
        }
        error.field.prepend(prefix);
        return error;
    };
    if (!root->isArray()) {
        const Built built = build(*root);
        ParsedEvents result = parseEvents(built.object, received);
        if (result.error) {
            result.error = translate(built, *result.error, m_root);
        }
        return result;
    }
    const QJsonArray elements = root->toArray();
    if (elements.isEmpty() || elements.size() > MaxBatch) {
        ParsedEvents result = parseEvents(elements, received); // refuses the batch's size
        if (result.error) {
            result.error->field = m_root;
        }
        return result;
    }
    QList<Built> built;
    built.reserve(elements.size());
    QJsonArray canonical;
    for (const QJsonValue &element : elements) {
        built.append(build(element));
        canonical.append(built.last().object);
    }
    ParsedEvents result = parseEvents(canonical, received);
    if (result.error) {
        // "/3/job": element 3, canonical field "/job".
        const QString &field = result.error->field;
        const qsizetype slash = field.indexOf(u'/', 1);
        const QString index = field.mid(1, slash < 0 ? -1 : slash - 1);
        const qsizetype i = index.toLongLong();
        const QString prefix = m_root + u'/' + index;
        ValidationError inner { slash < 0 ? QString() : field.mid(slash), result.error->message };
        result.error =
            i >= 0 && i < built.size() ? translate(built.at(i), inner, prefix) : *result.error;
    }
    return result;
}

} // namespace jobpulse
