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
 * is not, unless the commit created it (all of its events are in the commit). Also tells
 * which unfinished jobs changed their sub-state.
 */
class FinishTracker
{
public:
    /** Remembers the unfinished jobs in @p store. */
    void load(const Store &store);
    /** The jobs @p changes moved to a terminal status, each once, in commit order. */
    QList<Job> finished(const Changes &changes);

    /** A record that moved from one named sub-state to another ("pending" → "approved"). */
    struct StateChange
    {
        Job job;
        QString from;
    };
    /**
     * The unfinished jobs whose sub-state the last finished() call saw change from one
     * non-empty value to another (seed 003's "status: pending → approved"). A first state
     * ("" → "rendering") is not a change worth telling.
     */
    const QList<StateChange> &stateChanges() const { return m_stateChanges; }

private:
    struct Seen
    {
        JobStatus status;
        QString state;
    };
    QHash<QString, Seen> m_unfinished;
    QList<StateChange> m_stateChanges;
};

} // namespace jobpulse
