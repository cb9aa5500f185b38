#pragma once

#include "core/job.h"

#include <QHash>
#include <QTimer>
#include <functional>

namespace jobpulse {

struct Changes;

/**
 * @brief Collects the jobs that commits changed and hands them over once per frame: commits
 * arrive at any rate, a model applies the latest state of each job at most 60 times a second.
 */
class FrameBatch
{
public:
    /** @p due runs when a frame's worth has been collected. */
    explicit FrameBatch(std::function<void()> due);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    void collect(const Changes &changes);
    /** The collected jobs, the latest state of each; the batch is empty afterwards. */
    QHash<QString, Job> take();
    void clear() { take(); }

private:
    QHash<QString, Job> m_jobs;
    QTimer m_timer;
};

} // namespace jobpulse
