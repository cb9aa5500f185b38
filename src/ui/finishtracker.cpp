#include "finishtracker.h"

#include "store/store.h"

#include <QSet>

namespace jobpulse {

void FinishTracker::load(const Store &store)
{
    m_unfinished.clear();
    // Only unfinished jobs can make a transition; every other job is "seen finished".
    for (const JobStatus status : { JobStatus::Running, JobStatus::Queued }) {
        JobQuery query;
        query.status = status;
        query.limit = 5000;
        for (const Job &job : store.jobs(query).jobs) {
            m_unfinished.insert(job.key, { job.status, job.state });
        }
    }
}

QList<Job> FinishTracker::finished(const Changes &changes)
{
    // A job none of whose events predate this commit was created by it: finishing at once
    // is still a transition. Otherwise an unknown job was seen finished before.
    QHash<QString, qint64> eventsInCommit;
    for (const StoredEvent &stored : changes.events) {
        ++eventsInCommit[stored.event.job];
    }
    QList<Job> result;
    m_stateChanges.clear();
    QSet<QString> finishedHere; // a job shows up once per batch of a group commit
    for (const Job &job : changes.jobs) {
        if (finishedHere.contains(job.key)) {
            continue;
        }
        const bool createdNow = job.eventCount <= eventsInCommit.value(job.key);
        const bool wasUnfinished = m_unfinished.contains(job.key) || createdNow;
        if (!isTerminal(job.status)) {
            const auto seen = m_unfinished.constFind(job.key);
            if (seen != m_unfinished.cend() && !seen->state.isEmpty() && !job.state.isEmpty()
                && seen->state != job.state) {
                m_stateChanges.append({ job, seen->state });
            }
            m_unfinished.insert(job.key, { job.status, job.state });
            continue;
        }
        m_unfinished.remove(job.key); // finished is final: no need to remember it
        finishedHere.insert(job.key);
        if (wasUnfinished) {
            result.append(job);
        }
    }
    return result;
}

} // namespace jobpulse
