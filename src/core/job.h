#pragma once

#include "event.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace jobpulse {

/** Stored as numbers: new states take the next ones. Stalled is running without news past
 *  its expected gap (not terminal: any event recovers it); lost is finished without an end. */
enum class JobStatus {
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Canceled = 4,
    Stalled = 5,
    Lost = 6,
};
enum class StepStatus { Pending = 0, Running = 1, Succeeded = 2, Failed = 3, Skipped = 4 };

QString jobStatusName(JobStatus status);
std::optional<JobStatus> jobStatusFromName(QStringView name);
QString stepStatusName(StepStatus status);
bool isTerminal(JobStatus status);
/** Labels as a JSON object of strings. */
QJsonObject labelsJson(const QMap<QString, QString> &labels);
/** Queued, running or stalled: in the live list, watched by the store's sweep. */
bool isUnderWay(JobStatus status);

/** @brief A job as materialised from its events. */
struct Job
{
    qint64 rowId = 0; // 0 until stored
    QString key;
    QString title;
    QString kind;
    QString url;
    QString state; // free-form sub-state ("rendering")
    QString error; // the failure's message
    QString source; // where its first event came from: a hook's or an outbound source's name
    QString parent; // the key of the job it is part of (a CI run's job); "" = top level
    QMap<QString, QString> labels; // repository, branch, actor …: the latest value of each
    JobStatus status = JobStatus::Queued;
    double progress = 0;
    bool progressKnown = false;
    int stepTotal = 0;
    int stepIndex = 0; // the current step (highest index seen), 0 = none
    QString stepName;
    int stepsDone = 0;
    QDateTime createdAt;
    QDateTime startedAt;
    QDateTime finishedAt;
    QDateTime updatedAt;
    std::optional<double> duration; // the sender's total duration, if given
    qint64 eventCount = 0;
    qint64 lastSeq = 0;
    qint64 logLines = 0; // lines its log has had (the next line is number logLines + 1)
    qint64 logBytes = 0; // UTF-8 bytes of the lines its log keeps (the limit cuts the middle)

    /** Seconds from start (or creation) to finish, or to @p now while not finished. */
    double elapsedSeconds(const QDateTime &now) const;
    QJsonObject toJson(const QDateTime &now) const;
    friend bool operator==(const Job &, const Job &) = default;
};

struct Step
{
    int index = 0;
    QString name;
    StepStatus status = StepStatus::Pending;
    QDateTime startedAt;
    QDateTime finishedAt;
    std::optional<double> duration;
    QJsonObject details;

    QJsonObject toJson() const;
    friend bool operator==(const Step &, const Step &) = default;
};

/** @brief What applying one event did. */
struct Applied
{
    bool jobChanged = false;
    bool stepChanged = false;
    bool afterTerminal = false; // the job had already ended: logged, nothing changed
};

/**
 * @brief The job rules (PRODUCT.md §2): terminal is final, progress never goes down,
 * steps keep their most advanced state, 100% only on success.
 * @param job the job before the event; a default Job with an empty key for a new one.
 * @param step the event's step as stored (default Step when new); ignored for job events.
 */
Applied applyEvent(Job &job, Step &step, const Event &event);

} // namespace jobpulse
