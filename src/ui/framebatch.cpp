#include "framebatch.h"

#include "store/store.h"

namespace jobpulse {

namespace {
constexpr int FrameMs = 16;
} // namespace

FrameBatch::FrameBatch(std::function<void()> due)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(FrameMs);
    QObject::connect(&m_timer, &QTimer::timeout, std::move(due));
}

void FrameBatch::collect(const Changes &changes)
{
    for (const Job &job : changes.jobs) {
        m_jobs.insert(job.key, job); // the latest state wins within a frame
    }
    if (!m_jobs.isEmpty() && !m_timer.isActive()) {
        m_timer.start();
    }
}

QHash<QString, Job> FrameBatch::take()
{
    m_timer.stop();
    return std::exchange(m_jobs, {});
}

} // namespace jobpulse
