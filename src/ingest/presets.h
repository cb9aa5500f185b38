#pragma once

#include "core/event.h"
#include "core/job.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace jobpulse {

// Presets for CI senders (issue 15): one table per sender says which of its events become
// jobs, how their keys are made, how its status words map to job and step events and which of
// its fields are shown. One interpreter (adaptPreset) reads every table.
//
// Templates: text with `{/json/pointer}` placeholders (RFC 6901, from the payload's root), and
// `{/pointer|default}` for a value the sender may leave out. A string or an integral number
// fills a placeholder.

/** @brief A sender's status (and conclusion) and the event it means. First match wins. */
struct StatusRule
{
    QString status; // "*": any
    QString conclusion; // "": any
    std::optional<EventType> type; // nullopt: no event (a step not started yet)
    QString state; // the job's sub-state shown beside its status ("waiting", "timed_out")
};

/** @brief A payload's array of steps (GitHub's `steps[]`, GitLab's `builds[]`). */
struct StepsSpec
{
    QString array; // pointer from the root
    // Pointers inside one element:
    QString name;
    QString order; // sorted by this number (or by the rank of its value in orderNames)
    QString orderNames; // pointer from the root to an array of names giving the order
    QString then; // within one order, sorted by this number (a build's id)
    QString status;
    QString conclusion;
    QString startedAt;
    QString finishedAt;
    QList<StatusRule> statuses;
};

/** @brief One event of a sender that becomes a job. */
struct JobSpec
{
    QString event; // the sender's event name (`workflow_run`, `Pipeline Hook`); `build.*` a prefix
    QString key; // template; every placeholder is required (422 names it when missing)
    QString parent; // template: the job this one is part of (Event::parent); "" = top level
    QStringList titles; // templates, the first that resolves
    QStringList kinds; // templates, the first that resolves (groups history, feeds ETA)
    QString url; // template
    QString attempt; // pointer: above 1, the title says which attempt
    QString status; // pointer, required
    QString conclusion; // pointer, read when the status is terminal
    QString queuedAt, startedAt, finishedAt; // pointers to RFC 3339 times
    QString message; // template: a failure's message
    // name → template, the first that resolves for a name: the job's labels (repository,
    // branch, actor, commit, event: filters and mute rules) and the details shown beside them.
    QList<QPair<QString, QString>> labels;
    QList<QPair<QString, QString>> fields;
    QList<StatusRule> statuses;
    std::optional<StepsSpec> steps;
};

/** @brief A sender: where it names its events and which of them it sends. */
struct PresetTable
{
    QString sender; // "GitHub", in messages
    QString eventField; // the header naming the event, e.g. "X-GitHub-Event"
    QString eventPointer; // else the body's field naming it ("/object_kind"); "" = header only
    QList<QPair<QString, QString>> answered; // events answered without a job: name → note
    QList<JobSpec> jobs;
};

/** What the store knows of a job already: its status, for rank (never move backwards). */
using JobStatusLookup = std::function<std::optional<JobStatus>(const QString &key)>;

/**
 * @brief A CI sender's delivery as canonical events, by its table.
 * @param event the event's name from the sender's header ("" when it sent none).
 * @param known the status of jobs already stored: a late `queued` or `waiting` does not put
 *        back a sub-state the job has left (the job rules already keep its status).
 * @return events; or an error naming the JSON Pointer of a missing field (422); or, for an
 *         event that is not about a job (a ping, a push), no events and `ignored` saying why.
 */
ParsedEvents adaptPreset(const PresetTable &table, const QString &event, const QJsonValue &body,
    const QDateTime &received, const JobStatusLookup &known = {});

/** GitHub Actions: `workflow_run`, `workflow_job` (under its run), `check_run`, `ping`. */
const PresetTable &githubActionsPreset();
/** GitLab: `Pipeline Hook` (its `builds[]` as steps, by stage), `Job Hook` (under its pipeline). */
const PresetTable &gitlabPreset();
/** Buildkite: `build.*` (the build), `job.*` (a job under its build), `ping`. */
const PresetTable &buildkitePreset();
/** Jenkins' Notification plugin: phases QUEUED, STARTED, COMPLETED, FINALIZED of a build. */
const PresetTable &jenkinsPreset();

} // namespace jobpulse
