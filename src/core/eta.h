#pragma once

#include "job.h"

#include <QHash>
#include <optional>

namespace jobpulse {

/** @brief What past successful runs of one kind took (the ETA's history). */
struct KindHistory
{
    int runs = 0; // successful runs looked at
    QHash<int, double> stepMedian; // step index → median seconds
    QHash<int, QString> stepNames; // step index → its name in the newest run (the plan ahead)
    std::optional<double> durationMedian; // median seconds of a whole run

    /** PRODUCT.md §2: an ETA is shown only with at least this many past runs. */
    static constexpr int MinimumRuns = 3;
};

/** The @p q quantile (0..1) of @p values, interpolated between the closest two; 0 for none. */
double percentile(QList<double> values, double q);
inline double median(QList<double> values)
{
    return percentile(std::move(values), 0.5);
}

/**
 * @brief Seconds left for a running @p job from its kind's history: the median durations of
 * the steps still to do, the current one less the time it has run (never below zero); without
 * step history, the median run less the time elapsed. std::nullopt when there is too little
 * history (fewer than KindHistory::MinimumRuns runs) or the job is not running.
 */
std::optional<double> estimateRemaining(
    const Job &job, const QList<Step> &steps, const KindHistory &history, const QDateTime &now);

} // namespace jobpulse
