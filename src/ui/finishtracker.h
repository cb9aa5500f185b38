#pragma once

#include "core/job.h"

#include <QHash>
#include <QList>

namespace jobpulse {

class Store;
struct Changes;

/**
 * @brief Tells which jobs a commit finished, for toasts and desktop notifications.
 *
 * Remembers the last status of every unfinished job. A job that moves to a terminal status
 * is a transition; a job first seen already finished (an old job touched by a late event)
 * is not, unless the commit created it (all of its events are in the commit).
 */
class FinishTracker
{
public:
    /** Remembers the unfinished jobs in @p store. */
    void load(const Store &store);
    /** The jobs @p changes moved to a terminal status, each once, in commit order. */
    QList<Job> finished(const Changes &changes);

private:
    QHash<QString, JobStatus> m_unfinished;
};

} // namespace jobpulse
