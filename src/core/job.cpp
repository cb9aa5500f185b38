#include "job.h"

#include <QJsonArray>
#include <algorithm>
#include <array>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

constexpr std::array<QStringView, 7> jobStatusNames { u"queued", u"running", u"succeeded",
    u"failed", u"canceled", u"stalled", u"lost" };
constexpr std::array<QStringView, 5> stepStatusNames { u"pending", u"running", u"succeeded",
    u"failed", u"skipped" };

// While a job runs, 100% would claim success: it is held just below.
constexpr double RunningCeiling = 99;

int stepRank(StepStatus s)
{
    switch (s) {
    case StepStatus::Pending:
        return 0;
    case StepStatus::Running:
        return 1;
    default:
        return 2;
    }
}

bool countsAsDone(StepStatus s)
{
    return s == StepStatus::Succeeded || s == StepStatus::Skipped;
}

StepStatus stepStatusFor(EventType type)
{
    switch (type) {
    case EventType::StepSucceeded:
        return StepStatus::Succeeded;
    case EventType::StepFailed:
        return StepStatus::Failed;
    case EventType::StepSkipped:
        return StepStatus::Skipped;
    default:
        return StepStatus::Running;
    }
}

template<typename T>
bool assign(T &target, const T &value)
{
    if (target == value) {
        return false;
    }
    target = value;
    return true;
}

bool raiseProgress(Job &job, double candidate)
{
    const double capped = std::min(candidate, RunningCeiling);
    bool changed = assign(job.progressKnown, true);
    if (capped > job.progress) {
        job.progress = capped;
        changed = true;
    }
    return changed;
}

/** True when merging @p update into @p current would add a key or change a value. */
bool detailsChange(const QJsonObject &current, const QJsonObject &update)
{
    for (auto it = update.begin(); it != update.end(); ++it) {
        const auto found = current.constFind(it.key());
        if (found == current.constEnd() || found.value() != it.value()) {
            return true;
        }
    }
    return false;
}

/**
 * @p current with @p update's keys set, in a new object. Never merged in place: Qt 6.4's
 * QJsonObject keeps the bytes of every string it ever held (an insert over a key appends the
 * new value, and its storage's compaction is a stub), and every copy-on-write detach copies
 * all of them, so a step reporting every second cost more with each event (issue 12). A new
 * object holds only the live values: the millionth event costs what the first did.
 */
QJsonObject mergedDetails(const QJsonObject &current, const QJsonObject &update)
{
    if (current.isEmpty()) {
        return update;
    }
    QJsonObject merged;
    for (auto it = current.begin(); it != current.end(); ++it) {
        if (!update.contains(it.key())) {
            merged.insert(it.key(), it.value());
        }
    }
    for (auto it = update.begin(); it != update.end(); ++it) {
        merged.insert(it.key(), it.value());
    }
    return merged;
}

bool applyStep(Job &job, Step &step, const Event &e)
{
    bool jobChanged = false;
    const StepRef &ref = *e.step;
    const StepStatus next = stepStatusFor(e.type);
    step.index = ref.index;
    if (!ref.name.isEmpty()) {
        assign(step.name, ref.name);
    } else if (step.name.isEmpty()) {
        step.name = u"Step %1"_s.arg(ref.index);
    }
    const bool wasDone = countsAsDone(step.status);
    if (stepRank(next) >= stepRank(step.status)) {
        step.status = next;
        if (next == StepStatus::Running) {
            if (!step.startedAt.isValid()) {
                step.startedAt = e.time;
            }
        } else {
            step.finishedAt = e.time;
        }
    }
    if (e.duration) {
        step.duration = e.duration;
    } else if (!step.duration && step.startedAt.isValid() && step.finishedAt.isValid()) {
        step.duration = step.startedAt.msecsTo(step.finishedAt) / 1000.0;
    }
    if (detailsChange(step.details, e.details)) {
        step.details = mergedDetails(step.details, e.details);
    }
    const bool isDone = countsAsDone(step.status);
    if (isDone != wasDone) {
        job.stepsDone += isDone ? 1 : -1;
        jobChanged = true;
    }
    if (ref.total > 0) {
        jobChanged |= assign(job.stepTotal, std::max(ref.total, job.stepTotal));
    }
    if (ref.index >= job.stepIndex) {
        jobChanged |= assign(job.stepIndex, ref.index);
        jobChanged |= assign(job.stepName, step.name);
    }
    if (!e.progress && isDone && job.stepTotal > 0) {
        jobChanged |= raiseProgress(job, 100.0 * job.stepsDone / job.stepTotal);
    }
    return jobChanged;
}

QJsonValue isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

} // namespace

QJsonObject labelsJson(const QMap<QString, QString> &labels)
{
    QJsonObject o;
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        o.insert(it.key(), it.value());
    }
    return o;
}

QString jobStatusName(JobStatus status)
{
    return jobStatusNames.at(static_cast<size_t>(status)).toString();
}

std::optional<JobStatus> jobStatusFromName(QStringView name)
{
    for (size_t i = 0; i < jobStatusNames.size(); ++i) {
        if (jobStatusNames.at(i) == name) {
            return static_cast<JobStatus>(i);
        }
    }
    return std::nullopt;
}

QString stepStatusName(StepStatus status)
{
    return stepStatusNames.at(static_cast<size_t>(status)).toString();
}

bool isTerminal(JobStatus status)
{
    return status == JobStatus::Succeeded || status == JobStatus::Failed
        || status == JobStatus::Canceled || status == JobStatus::Lost;
}

bool isUnderWay(JobStatus status)
{
    return !isTerminal(status);
}

Applied applyEvent(Job &job, Step &step, const Event &e)
{
    Applied result;
    const bool isNew = job.key.isEmpty();
    if (isNew) {
        job.key = e.job;
        job.createdAt = e.time;
        job.status = (e.type == EventType::JobQueued || e.type == EventType::Log
                         || e.type == EventType::Heartbeat)
            ? JobStatus::Queued
            : JobStatus::Running;
        if (job.status == JobStatus::Running) {
            job.startedAt = e.time;
        }
        result.jobChanged = true;
    }
    ++job.eventCount;
    if (e.type != EventType::JobStalled) { // the sweep's verdict is not news of the job
        job.updatedAt = std::max(job.updatedAt, e.time);
    }
    if (!isNew && isTerminal(job.status)) {
        result.afterTerminal = true;
        return result;
    }

    bool changed = false;
    if (job.status == JobStatus::Stalled && e.type != EventType::JobStalled) {
        job.status = JobStatus::Running; // any news recovers it
        changed = true;
    }
    // Descriptive fields: the latest non-empty value wins.
    changed |= !e.title.isEmpty() && assign(job.title, e.title);
    changed |= !e.kind.isEmpty() && assign(job.kind, e.kind);
    changed |= !e.url.isEmpty() && assign(job.url, e.url);
    changed |= !e.state.isEmpty() && assign(job.state, e.state);
    changed |= !e.parent.isEmpty() && e.parent != job.key && assign(job.parent, e.parent);
    for (auto it = e.labels.begin(); it != e.labels.end(); ++it) {
        if (job.labels.value(it.key()) != it.value()) {
            job.labels.insert(it.key(), it.value());
            changed = true;
        }
    }
    if (e.steps > 0) {
        changed |= assign(job.stepTotal, e.steps);
    }

    switch (e.type) {
    case EventType::JobQueued:
    case EventType::Log:
    case EventType::Heartbeat:
        break;
    case EventType::JobStalled:
        if (job.status == JobStatus::Running) {
            job.status = JobStatus::Stalled;
            changed = true;
        }
        break;
    case EventType::JobStarted:
    case EventType::JobProgress:
    case EventType::StepStarted:
    case EventType::StepSucceeded:
    case EventType::StepFailed:
    case EventType::StepSkipped:
        if (job.status == JobStatus::Queued) {
            job.status = JobStatus::Running;
            job.startedAt = e.time;
            changed = true;
        }
        break;
    case EventType::JobSucceeded:
    case EventType::JobFailed:
    case EventType::JobCanceled:
    case EventType::JobLost:
        job.status = e.type == EventType::JobSucceeded ? JobStatus::Succeeded
            : e.type == EventType::JobFailed           ? JobStatus::Failed
            : e.type == EventType::JobLost             ? JobStatus::Lost
                                                       : JobStatus::Canceled;
        job.finishedAt = e.time;
        if (!job.startedAt.isValid()) {
            job.startedAt = job.createdAt;
        }
        if ((e.type == EventType::JobFailed || e.type == EventType::JobLost)
            && !e.message.isEmpty()) {
            job.error = e.message;
        }
        if (e.duration) {
            job.duration = e.duration;
        }
        changed = true;
        break;
    }

    if (isStepEvent(e.type)) {
        const Step before = step;
        changed |= applyStep(job, step, e);
        result.stepChanged = !(before == step);
    }
    if (e.progress) {
        changed |= raiseProgress(job, *e.progress);
    }
    if (job.status == JobStatus::Succeeded) {
        job.progress = 100;
        job.progressKnown = true;
    }
    result.jobChanged |= changed;
    return result;
}

double Job::elapsedSeconds(const QDateTime &now) const
{
    if (duration && finishedAt.isValid()) {
        return *duration;
    }
    const QDateTime from = startedAt.isValid() ? startedAt : createdAt;
    const QDateTime to = finishedAt.isValid() ? finishedAt : now;
    if (!from.isValid() || !to.isValid()) {
        return 0;
    }
    return std::max<qint64>(0, from.msecsTo(to)) / 1000.0;
}

QJsonObject Job::toJson(const QDateTime &now) const
{
    QJsonObject o {
        { u"key"_s, key },
        { u"title"_s, title },
        { u"kind"_s, kind },
        { u"url"_s, url },
        { u"source"_s, source },
        { u"status"_s, jobStatusName(status) },
        { u"state"_s, state },
        { u"progress"_s, progressKnown ? QJsonValue(progress) : QJsonValue() },
        { u"step"_s,
            stepIndex > 0 ? QJsonValue(QJsonObject {
                { u"index"_s, stepIndex }, { u"name"_s, stepName }, { u"total"_s, stepTotal } })
                          : QJsonValue() },
        { u"stepsDone"_s, stepsDone },
        { u"error"_s, error },
        { u"createdAt"_s, isoOrNull(createdAt) },
        { u"startedAt"_s, isoOrNull(startedAt) },
        { u"finishedAt"_s, isoOrNull(finishedAt) },
        { u"updatedAt"_s, isoOrNull(updatedAt) },
        { u"elapsed"_s, elapsedSeconds(now) },
        { u"events"_s, eventCount },
        { u"lastSeq"_s, lastSeq },
        { u"logLines"_s, logLines },
        { u"parent"_s, parent.isEmpty() ? QJsonValue() : QJsonValue(parent) },
        { u"labels"_s, labelsJson(labels) },
    };
    return o;
}

QJsonObject Step::toJson() const
{
    return {
        { u"index"_s, index },
        { u"name"_s, name },
        { u"status"_s, stepStatusName(status) },
        { u"startedAt"_s, isoOrNull(startedAt) },
        { u"finishedAt"_s, isoOrNull(finishedAt) },
        { u"duration"_s, duration ? QJsonValue(*duration) : QJsonValue() },
        { u"details"_s, details },
    };
}

} // namespace jobpulse
