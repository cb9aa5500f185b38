#pragma once

#include "core/event.h"

#include <QHash>
#include <QJsonValue>

namespace jobpulse {

// The payload families of PRODUCT.md §3 besides the canonical one and step-update: Prefect's
// flow webhook and Supabase's database webhook. CloudEvents are in cloudevents.h.

/** A key sent as a string or a number ("42" and 42 name the same row); "" for other values. */
QString keyText(const QJsonValue &v);

/**
 * @brief Seed 001's Prefect flow webhook `{videoId, flowName, status, error?}` (PRODUCT.md §3):
 * job `flowName:videoId`, kind `flowName`; queued → job.queued, running → job.started,
 * complete → job.succeeded, error → job.failed with the error as message. Prefect's own state
 * names (Scheduled, Pending, Completed, Failed, Crashed, Cancelled) are understood too; other
 * members land in details, and a valid RFC 3339 `timestamp` becomes the event's time.
 */
ParsedEvents adaptPrefect(const QJsonValue &body, const QDateTime &received);

/**
 * @brief Seed 003's Supabase database webhook `{type, table, schema, record, old_record}`:
 * job `table:id`, kind `table`, the `status` column as state. INSERT → job.queued, UPDATE →
 * job.started, DELETE → job.canceled; @p statusValues maps a status to `queued`, `running`,
 * `succeeded`, `failed` or `canceled` (the hook's `values.status`), which wins on INSERT and
 * UPDATE. An UPDATE that changes the status adds a log event `status: pending → approved`.
 */
ParsedEvents adaptSupabase(
    const QJsonValue &body, const QHash<QString, QString> &statusValues, const QDateTime &received);

} // namespace jobpulse
