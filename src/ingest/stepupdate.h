#pragma once

#include "core/event.h"

#include <QJsonValue>

namespace jobpulse {

/**
 * @brief Seed 000's workflow client (`POST /api/webhooks/step-update`) to canonical events,
 * with the seed's progress: 5 on start, round(n / total × 90) after step n, 95 and
 * "rendering" on completion with a render id, else success at 100.
 *
 * @param headerJobId the `X-Job-Id` header, used when the body has no `job_id`.
 * @param knownTotal the job's step total as stored (0 when unknown); the seed's 7 otherwise.
 */
ParsedEvents adaptStepUpdate(
    const QJsonValue &body, const QString &headerJobId, int knownTotal, const QDateTime &received);

inline constexpr int SeedDefaultSteps = 7;

} // namespace jobpulse
