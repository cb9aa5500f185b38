#include "silence.h"

#include <algorithm>
#include <cmath>

namespace jobpulse {

qint64 SilencePolicy::expectedGap(const Job &job, std::optional<qint64> learned) const
{
    if (const auto kind = stallAfterByKind.constFind(job.kind);
        !job.kind.isEmpty() && kind != stallAfterByKind.cend()) {
        return *kind;
    }
    if (const auto hook = stallAfterByHook.constFind(job.source);
        !job.source.isEmpty() && hook != stallAfterByHook.cend()) {
        return *hook;
    }
    return learned.value_or(stallAfterSeconds);
}

int SilencePolicy::sweepIntervalMs() const
{
    qint64 shortest = 60;
    const auto consider = [&shortest](qint64 seconds) {
        if (seconds > 0) {
            shortest = std::min(shortest, seconds);
        }
    };
    consider(stallAfterSeconds);
    consider(abandonAfterSeconds);
    for (const qint64 seconds : stallAfterByKind) {
        consider(seconds);
    }
    for (const qint64 seconds : stallAfterByHook) {
        consider(seconds);
    }
    return int(std::clamp<qint64>(shortest * 1000 / 2, 1000, 30000));
}

std::optional<qint64> learnedGap(QList<qint64> gapsMs)
{
    if (gapsMs.isEmpty()) {
        return std::nullopt;
    }
    std::sort(gapsMs.begin(), gapsMs.end());
    // Nearest rank: the smallest gap that at least 95% of the gaps do not exceed.
    const auto rank = static_cast<qsizetype>(std::ceil(0.95 * double(gapsMs.size())));
    const qint64 p95 = gapsMs.at(std::clamp<qsizetype>(rank - 1, 0, gapsMs.size() - 1));
    const qint64 seconds = (std::max<qint64>(p95, 0) * SilencePolicy::LearnedFactor + 999) / 1000;
    return std::max(seconds, SilencePolicy::MinimumLearnedSeconds);
}

Silence silenceOf(
    const Job &job, const QDateTime &now, qint64 expectedGapSeconds, const SilencePolicy &policy)
{
    if (!isUnderWay(job.status) || !job.updatedAt.isValid()) {
        return Silence::None;
    }
    const qint64 silentMs = job.updatedAt.msecsTo(now);
    if (policy.abandonAfterSeconds > 0 && silentMs > policy.abandonAfterSeconds * 1000) {
        return Silence::Lost;
    }
    if (job.status == JobStatus::Running && expectedGapSeconds > 0
        && silentMs > expectedGapSeconds * 1000) {
        return Silence::Stalled;
    }
    return Silence::None;
}

} // namespace jobpulse
