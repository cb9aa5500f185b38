#pragma once

#include "job.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace jobpulse {

/**
 * @brief When a silent job is stalled or lost (the config's `jobs` section, PRODUCT.md §10).
 *
 * The expected gap between a job's events is, first found: its kind's `stallAfter`, its
 * hook's, the gap learned from the kind's history (learnedGap()), the default `stallAfter`.
 */
struct SilencePolicy
{
    static constexpr qint64 DefaultStallAfterSeconds = 10 * 60;
    static constexpr qint64 DefaultAbandonAfterSeconds = 24 * 60 * 60;
    static constexpr qint64 MinimumLearnedSeconds = 2 * 60;
    static constexpr int LearnedFactor = 3;

    qint64 stallAfterSeconds = DefaultStallAfterSeconds; // 0 = never stalled
    qint64 abandonAfterSeconds = DefaultAbandonAfterSeconds; // 0 = never lost
    QHash<QString, qint64> stallAfterByKind;
    QHash<QString, qint64> stallAfterByHook; // by the job's source (the hook's name)

    /** Seconds of silence after which @p job is stalled; @p learned is its kind's (or none). */
    qint64 expectedGap(const Job &job, std::optional<qint64> learned) const;
    /** How often to sweep for silent jobs: half the shortest configured gap, 1 s to 30 s (a
     *  stallAfter of 10 s is not found 30 s late). */
    int sweepIntervalMs() const;
    friend bool operator==(const SilencePolicy &, const SilencePolicy &) = default;
};

/** Seconds: LearnedFactor × the 95th percentile of @p gapsMs, at least MinimumLearnedSeconds;
 *  none without gaps. */
std::optional<qint64> learnedGap(QList<qint64> gapsMs);

enum class Silence { None, Stalled, Lost };

/** What @p job's silence until @p now makes it: lost past abandonAfter (queued, running or
 *  stalled), stalled past @p expectedGapSeconds (running only), else nothing. */
Silence silenceOf(
    const Job &job, const QDateTime &now, qint64 expectedGapSeconds, const SilencePolicy &policy);

} // namespace jobpulse
