#include "stepupdate.h"

#include <QJsonObject>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// Values a workflow script plausibly sends for a step's status.
std::optional<EventType> stepType(const QString &status)
{
    const QString s = status.toLower();
    if (s == u"completed" || s == u"complete" || s == u"succeeded" || s == u"success"
        || s == u"done") {
        return EventType::StepSucceeded;
    }
    if (s == u"started" || s == u"running" || s == u"in_progress" || s == u"processing") {
        return EventType::StepStarted;
    }
    if (s == u"failed" || s == u"error") {
        return EventType::StepFailed;
    }
    if (s == u"skipped") {
        return EventType::StepSkipped;
    }
    return std::nullopt;
}

} // namespace

ParsedEvents adaptStepUpdate(
    const QJsonValue &body, const QString &headerJobId, int knownTotal, const QDateTime &received)
{
    if (!body.isObject()) {
        return ParsedEvents::failed(QString(), u"the body must be a JSON object"_s);
    }
    const QJsonObject o = body.toObject();
    const QJsonValue kind = o.value(u"event"_s);
    if (!kind.isString()) {
        return ParsedEvents::failed(u"/event"_s,
            u"is required: workflow_started, step_update, workflow_completed or workflow_failed"_s);
    }
    const QJsonValue jobValue = o.value(u"job_id"_s);
    QString job = jobValue.isDouble() ? QString::number(jobValue.toInteger()) : jobValue.toString();
    if (job.isEmpty()) {
        job = headerJobId;
    }
    if (job.isEmpty()) {
        return ParsedEvents::failed(u"/job_id"_s, u"is required (or an X-Job-Id header)"_s);
    }
    // Re-validate what we build as a canonical event, so both routes share one set of rules.
    QJsonObject e { { u"job"_s, job } };
    const int total =
        o.value(u"total_steps"_s).toInt(knownTotal > 0 ? knownTotal : SeedDefaultSteps);
    const QString type = kind.toString();
    if (type == u"workflow_started") {
        e.insert(u"type"_s, u"job.started"_s);
        e.insert(u"progress"_s, 5);
        e.insert(u"steps"_s, total);
        e.insert(u"message"_s, u"Workflow started"_s);
    } else if (type == u"step_update") {
        const QJsonValue number = o.value(u"step_number"_s);
        if (!number.isDouble() || number.toDouble() < 1
            || number.toDouble() != std::floor(number.toDouble())) {
            return ParsedEvents::failed(
                u"/step_number"_s, u"must be a whole number of at least 1"_s);
        }
        const auto stepEvent = stepType(o.value(u"status"_s).toString(u"completed"_s));
        if (!stepEvent) {
            return ParsedEvents::failed(
                u"/status"_s, u"must be completed, started, failed or skipped"_s);
        }
        const int n = number.toInt();
        e.insert(u"type"_s, eventTypeName(*stepEvent));
        QJsonObject step { { u"index"_s, n }, { u"total"_s, std::max(total, n) } };
        if (o.value(u"step_name"_s).isString()) {
            step.insert(u"name"_s, o.value(u"step_name"_s));
        }
        e.insert(u"step"_s, step);
        if (*stepEvent == EventType::StepSucceeded) {
            e.insert(u"progress"_s, std::round(double(n) / std::max(total, n) * 90));
        }
        for (const auto *field : { "duration", "details", "message" }) {
            const QString name = QString::fromLatin1(field);
            if (o.contains(name)) {
                e.insert(name, o.value(name));
            }
        }
    } else if (type == u"workflow_completed") {
        const QJsonValue renderId = o.value(u"creatomate_id"_s);
        const bool rendering =
            (renderId.isString() && !renderId.toString().isEmpty()) || renderId.isDouble();
        if (rendering) {
            e.insert(u"type"_s, u"job.progress"_s);
            e.insert(u"progress"_s, 95);
            e.insert(u"state"_s, u"rendering"_s);
            e.insert(u"message"_s, u"All steps completed, rendering"_s);
            e.insert(u"details"_s, QJsonObject { { u"creatomate_id"_s, renderId } });
        } else {
            e.insert(u"type"_s, u"job.succeeded"_s);
            e.insert(u"progress"_s, 100);
            e.insert(u"message"_s, u"Workflow completed"_s);
        }
        if (o.value(u"total_duration"_s).isDouble()) {
            e.insert(u"duration"_s, o.value(u"total_duration"_s));
        }
    } else if (type == u"workflow_failed") {
        e.insert(u"type"_s, u"job.failed"_s);
        e.insert(u"message"_s, o.value(u"error"_s).toString(u"Workflow failed"_s));
        if (o.value(u"step_number"_s).isDouble()) {
            e.insert(u"details"_s, QJsonObject { { u"step_number"_s, o.value(u"step_number"_s) } });
        }
    } else {
        return ParsedEvents::failed(u"/event"_s, u"unknown event '%1'"_s.arg(type));
    }
    ParsedEvents result = parseEvents(e, received);
    if (result.error) {
        // Name the seed's field, not the canonical one we built from it.
        static const QList<QPair<QString, QString>> seedFields {
            { u"/job"_s, u"/job_id"_s },
            { u"/step/name"_s, u"/step_name"_s },
            { u"/step/index"_s, u"/step_number"_s },
            { u"/message"_s, u"/error"_s },
            { u"/state"_s, u"/creatomate_id"_s },
            { u"/steps"_s, u"/total_steps"_s },
            { u"/duration"_s, u"/duration"_s },
        };
        for (const auto &[canonical, seed] : seedFields) {
            if (result.error->field == canonical) {
                result.error->field = seed;
            }
        }
    }
    // A failure at step n also marks that step failed, so the timeline shows where it broke.
    if (!result.error && type == u"workflow_failed" && o.value(u"step_number"_s).toInt() >= 1) {
        Event step = result.events.first();
        step.type = EventType::StepFailed;
        step.step = StepRef { o.value(u"step_number"_s).toInt(), QString(), 0 };
        step.details = {};
        result.events.prepend(step);
    }
    return result;
}

} // namespace jobpulse
