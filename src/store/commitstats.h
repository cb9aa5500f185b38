#pragma once

#include <QMutex>
#include <QtGlobal>
#include <array>

namespace jobpulse {

/**
 * @brief What the writer's commits cost, for GET /metrics: how many transactions, how many
 * events they committed, and a histogram of their seconds (BEGIN to COMMIT).
 */
struct CommitStats
{
    /** Upper bounds of the histogram's buckets, in seconds (+Inf is implied). */
    static constexpr std::array<double, 12> Bounds { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1.0, 2.5 };
    quint64 commits = 0;
    quint64 events = 0;
    double seconds = 0; // the sum
    std::array<quint64, Bounds.size()> inBucket {}; // not cumulative: each commit counts once
};

/** @brief CommitStats, written by the writer thread and read by any other. */
class CommitMeter
{
public:
    void observe(double seconds, quint64 events)
    {
        const QMutexLocker lock(&m_mutex);
        ++m_stats.commits;
        m_stats.events += events;
        m_stats.seconds += seconds;
        for (size_t i = 0; i < CommitStats::Bounds.size(); ++i) {
            if (seconds <= CommitStats::Bounds[i]) {
                ++m_stats.inBucket[i];
                break;
            }
        }
    }
    CommitStats snapshot() const
    {
        const QMutexLocker lock(&m_mutex);
        return m_stats;
    }

private:
    mutable QMutex m_mutex;
    CommitStats m_stats;
};

} // namespace jobpulse
