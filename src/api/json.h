#pragma once

#include "store/types.h"

#include <QDateTime>
#include <QJsonObject>

namespace jobpulse::api {

// The JSON of the read API (PRODUCT.md §3), shared by the receiver's routes, `jobpulse show
// --json` and the dashboard's Copy JSON, so that all three print the same document.

/** {job, steps, log[, etaSeconds]}: GET /v1/jobs/{key} and `jobpulse show --json`. */
QJsonObject jobDetail(const JobDetail &detail, const QDateTime &now);
/** {jobs, next}: GET /v1/jobs; next is the cursor as a string, or null on the last page. */
QJsonObject jobPage(const JobPage &page, const QDateTime &now);
/** One log entry: {n, text, time, stream?, omitted?} (omitted: the marker of lines cut). */
QJsonObject logLine(const StoredLogLine &line);
/** {job, lines, total, next}: GET /v1/jobs/{key}/log and `jobpulse show --log --json`. */
QJsonObject logPage(const QString &key, const LogPage &page);
/** One inspector record: GET /v1/deliveries; text bodies as text, others as bodyBase64. */
QJsonObject delivery(const Delivery &delivery);
/** One forwarding attempt: target, attempt, status, latencyMs, response (its first KiB as
 *  text), error, time. */
QJsonObject forwardAttempt(const ForwardAttempt &attempt);

} // namespace jobpulse::api
