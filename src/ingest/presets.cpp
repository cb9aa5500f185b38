#include "presets.h"

#include "core/mapping.h"
#include "ingest/families.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// How far a status has got: a job or step never goes back to a lower rank.
int rank(EventType type)
{
    switch (type) {
    case EventType::JobQueued:
        return 0;
    case EventType::JobSucceeded:
    case EventType::JobFailed:
    case EventType::JobCanceled:
        return 2;
    default:
        return 1;
    }
}

int rank(JobStatus status)
{
    return status == JobStatus::Queued ? 0 : isTerminal(status) ? 2 : 1;
}

QJsonValue at(const QJsonValue &root, const QString &pointer)
{
    return resolveJsonPointer(root, pointer).value_or(QJsonValue(QJsonValue::Undefined));
}

/** @p tmpl with its placeholders filled; nullopt with the first missing pointer. */
std::optional<QString> expand(const QString &tmpl, const QJsonValue &root, QString *missing)
{
    QString out;
    qsizetype i = 0;
    while (i < tmpl.size()) {
        const qsizetype open = tmpl.indexOf(u'{', i);
        const qsizetype close = open < 0 ? -1 : tmpl.indexOf(u'}', open);
        if (open < 0 || close < 0) {
            out += tmpl.mid(i);
            break;
        }
        out += tmpl.mid(i, open - i);
        const QString inner = tmpl.mid(open + 1, close - open - 1);
        const qsizetype bar = inner.indexOf(u'|');
        const QString pointer = bar < 0 ? inner : inner.left(bar);
        QString value = keyText(at(root, pointer));
        if (value.isEmpty() && bar >= 0) {
            value = inner.mid(bar + 1);
        }
        if (value.isEmpty()) {
            if (missing) {
                *missing = pointer;
            }
            return std::nullopt;
        }
        out += value;
        i = close + 1;
    }
    return out;
}

QString firstOf(const QStringList &templates, const QJsonValue &root)
{
    for (const QString &t : templates) {
        if (const auto value = expand(t, root, nullptr); value && !value->trimmed().isEmpty()) {
            return *value;
        }
    }
    return {};
}

const StatusRule *match(const QList<StatusRule> &rules, const QString &status, const QString &end)
{
    for (const StatusRule &rule : rules) {
        if ((rule.status == u"*" || rule.status == status)
            && (rule.conclusion.isEmpty() || rule.conclusion == end)) {
            return &rule;
        }
    }
    return nullptr;
}

QDateTime timeAt(const QJsonValue &root, const QString &pointer)
{
    if (pointer.isEmpty()) {
        return {};
    }
    const QString text = at(root, pointer).toString();
    const QDateTime time = parseRfc3339(text);
    if (time.isValid() || !text.endsWith(u" UTC")) {
        return time;
    }
    // GitLab's own form: "2026-11-23 12:00:00 UTC".
    QDateTime utc = QDateTime::fromString(text.chopped(4), u"yyyy-MM-dd HH:mm:ss"_s);
    utc.setTimeSpec(Qt::UTC);
    return utc;
}

struct StepRow
{
    double order = 0;
    double then = 0;
    qsizetype position = 0;
    QJsonObject value;
};

// The steps as events, in the sender's order; the index is the position in that order (the
// sender's own numbers may skip).
QList<Event> stepEvents(const StepsSpec &spec, const QJsonValue &root, const Event &job)
{
    const QJsonArray array = at(root, spec.array).toArray();
    const QJsonArray names =
        spec.orderNames.isEmpty() ? QJsonArray() : at(root, spec.orderNames).toArray();
    QList<StepRow> rows;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject()) {
            continue;
        }
        const QJsonValue key = at(array.at(i), spec.order);
        double order = key.isDouble() ? key.toDouble() : 0;
        if (!spec.orderNames.isEmpty()) {
            // A stage's rank in the sender's list of stages; unknown ones last.
            order = static_cast<double>(names.size());
            for (qsizetype n = 0; n < names.size(); ++n) {
                if (names.at(n) == key) {
                    order = static_cast<double>(n);
                    break;
                }
            }
        }
        const double then = spec.then.isEmpty() ? 0 : at(array.at(i), spec.then).toDouble();
        rows.append({ std::isfinite(order) ? order : 0, std::isfinite(then) ? then : 0, i,
            array.at(i).toObject() });
    }
    std::stable_sort(rows.begin(), rows.end(), [](const StepRow &a, const StepRow &b) {
        return a.order != b.order ? a.order < b.order : a.then < b.then;
    });
    QList<Event> events;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonValue row = rows.at(i).value;
        const QString status = keyText(at(row, spec.status)).toLower();
        const StatusRule *rule =
            match(spec.statuses, status, keyText(at(row, spec.conclusion)).toLower());
        if (!rule || !rule->type) {
            continue;
        }
        Event e;
        e.job = job.job;
        e.type = *rule->type;
        const QString name = keyText(at(row, spec.name)).left(MaxKeyLength);
        e.step = StepRef { static_cast<int>(i + 1), name, static_cast<int>(rows.size()) };
        const QDateTime started = timeAt(row, spec.startedAt);
        const QDateTime finished = timeAt(row, spec.finishedAt);
        e.time = finished.isValid() && e.type != EventType::StepStarted ? finished
            : started.isValid()                                         ? started
                                                                        : job.time;
        if (started.isValid() && finished.isValid() && e.type != EventType::StepStarted) {
            e.duration = std::max<qint64>(0, started.msecsTo(finished)) / 1000.0;
        }
        if (!rule->state.isEmpty()) {
            e.details.insert(u"conclusion"_s, rule->state);
        }
        events.append(e);
    }
    return events;
}

ParsedEvents adaptJob(const PresetTable &table, const JobSpec &spec, const QString &event,
    const QJsonValue &body, const QDateTime &received, const JobStatusLookup &known)
{
    QString missing;
    const auto key = expand(spec.key, body, &missing);
    if (!key) {
        return ParsedEvents::failed(
            missing, u"is required: %1's %2 names the job by it"_s.arg(table.sender, event));
    }
    if (key->size() > MaxKeyLength) {
        return ParsedEvents::failed(spec.key.section(u'{', 1, 1).section(u'}', 0, 0),
            u"makes a job key over %1 characters"_s.arg(MaxKeyLength));
    }
    const QJsonValue statusValue = at(body, spec.status);
    const QString status = keyText(statusValue).toLower();
    if (status.isEmpty()) {
        return ParsedEvents::failed(spec.status, u"is required (the run's status)"_s);
    }
    const QString conclusion =
        spec.conclusion.isEmpty() ? QString() : keyText(at(body, spec.conclusion)).toLower();
    const StatusRule *rule = match(spec.statuses, status, conclusion);
    if (!rule || !rule->type) {
        // A status word this table does not know yet: kept, not refused (the sender would
        // disable a hook that keeps failing).
        return ParsedEvents::ignoring(
            u"%1 %2 with status '%3'%4 is not mapped to a job event"_s.arg(table.sender, event,
                status,
                conclusion.isEmpty() ? QString() : u" and conclusion '%1'"_s.arg(conclusion)));
    }
    Event main;
    main.job = *key;
    main.type = *rule->type;
    main.state = rule->state;
    if (!main.state.isEmpty() && known) {
        // A late `waiting` for a job that runs or ended says nothing new about it.
        if (const auto now = known(*key); now && rank(*now) > rank(main.type)) {
            main.state.clear();
        }
    }
    main.title = firstOf(spec.titles, body).left(MaxKeyLength);
    const qint64 attempt = at(body, spec.attempt).toInteger(1);
    if (!main.title.isEmpty() && attempt > 1) {
        main.title += u" (attempt %1)"_s.arg(attempt);
    }
    main.kind = firstOf(spec.kinds, body).left(MaxKeyLength);
    main.url = firstOf({ spec.url }, body);
    const QDateTime queued = timeAt(body, spec.queuedAt);
    const QDateTime started = timeAt(body, spec.startedAt);
    const QDateTime finished = timeAt(body, spec.finishedAt);
    const int level = rank(main.type);
    main.time = level == 2 && finished.isValid() ? finished
        : level == 1 && started.isValid()        ? started
        : level == 0 && queued.isValid()         ? queued
                                                 : received;
    if (main.type == EventType::JobFailed) {
        main.message = firstOf({ spec.message }, body);
        if (main.message.isEmpty()) {
            main.message =
                u"%1 %2: %3"_s.arg(table.sender, event, conclusion.isEmpty() ? status : conclusion);
        }
    }
    for (const auto &[name, tmpl] : spec.labels) {
        const QString value = firstOf({ tmpl }, body);
        if (!value.isEmpty() && !main.labels.contains(name)) {
            main.labels.insert(name, value.left(MaxLabelValue));
        }
    }
    for (const auto &[name, tmpl] : spec.fields) {
        const QString value = firstOf({ tmpl }, body);
        if (!value.isEmpty() && !main.details.contains(name)) {
            main.details.insert(name, value.left(MaxKeyLength));
        }
    }
    if (const auto parent = expand(spec.parent, body, nullptr); !spec.parent.isEmpty() && parent) {
        main.parent = parent->left(MaxKeyLength);
    }
    QList<Event> steps;
    if (spec.steps) {
        steps = stepEvents(*spec.steps, body, main);
        main.steps = static_cast<int>(steps.isEmpty() ? 0 : steps.first().step->total);
    }
    ParsedEvents result;
    if (level < 2) {
        result.events.append(main);
        result.events.append(steps);
        return result;
    }
    // Finished: started first (when the sender says when), so the job's duration is its own
    // even when the earlier deliveries never came; then its steps; then the verdict.
    if (started.isValid()) {
        Event start = main;
        start.type = EventType::JobStarted;
        start.time = started;
        start.state.clear();
        start.message.clear();
        result.events.append(start);
    }
    result.events.append(steps);
    result.events.append(main);
    return result;
}

} // namespace

ParsedEvents adaptPreset(const PresetTable &table, const QString &event, const QJsonValue &body,
    const QDateTime &received, const JobStatusLookup &known)
{
    if (!body.isObject()) {
        return ParsedEvents::failed(
            QString(), u"the body must be a JSON object, as %1 sends it"_s.arg(table.sender));
    }
    QString name = event;
    if (name.isEmpty() && !table.eventPointer.isEmpty()) {
        name = keyText(at(body, table.eventPointer));
    }
    if (name.isEmpty()) {
        return ParsedEvents::failed(
            table.eventPointer.isEmpty() ? table.eventField : table.eventPointer,
            u"is required: %1 names its event there"_s.arg(table.sender));
    }
    for (const auto &[answered, note] : table.answered) {
        if (answered == name) {
            const QString filled = firstOf({ note }, body);
            return ParsedEvents::ignoring(filled.isEmpty() ? name : filled);
        }
    }
    for (const JobSpec &spec : table.jobs) {
        // "build.*" takes every event of that prefix, "*" every event.
        if (spec.event.endsWith(u'*') ? name.startsWith(spec.event.chopped(1))
                                      : spec.event == name) {
            ParsedEvents parsed = adaptJob(table, spec, name, body, received, known);
            for (const Event &e : std::as_const(parsed.events)) {
                ValidationError error;
                if (!parseEvent(e.toJson(), QString(), received, &error)) {
                    return ParsedEvents::failed(error.field, error.message);
                }
            }
            return parsed;
        }
    }
    return ParsedEvents::ignoring(
        u"%1 event '%2' is not about a job: accepted and ignored"_s.arg(table.sender, name));
}

} // namespace jobpulse
