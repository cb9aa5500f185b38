#pragma once

#include <QRandomGenerator>
#include <algorithm>

namespace jobpulse {

/**
 * @brief Full-jitter exponential backoff: a random wait in [0, min(cap, base × 2^attempt)].
 * Spreads the retries of many clients after a shared outage instead of synchronising them.
 */
inline int backoffMs(int attempt, int baseMs = 250, int capMs = 5000)
{
    const qint64 ceiling = std::min<qint64>(capMs, qint64(baseMs) << std::clamp(attempt, 0, 20));
    return int(QRandomGenerator::global()->bounded(ceiling + 1));
}

} // namespace jobpulse
