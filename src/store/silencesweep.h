#pragma once

#include "core/event.h"
#include "core/silence.h"

#include <QDateTime>
#include <QHash>
#include <QSqlDatabase>

namespace jobpulse {

/**
 * @brief Finds the jobs whose silence makes them stalled or lost, on the writer's connection,
 * and words the events that say so (`job.stalled`, `job.lost`). The writer commits them like
 * any batch, so the job's state has one owner and the relay, API, CLI and UI all see it.
 */
class SilenceSweep
{
public:
    explicit SilenceSweep(QSqlDatabase db);

    /** The events for the jobs silent at @p now under @p policy; empty on a read error
     *  (logged). */
    QList<Event> events(const SilencePolicy &policy, const QDateTime &now);

private:
    /** Learned from the gaps between events of @p kind's last successful runs; cached for a
     *  while of @p now's clock, as it changes slowly. */
    std::optional<qint64> learned(const QString &kind, const QDateTime &now);

    struct Learned
    {
        std::optional<qint64> seconds;
        QDateTime at;
    };

    QSqlDatabase m_db;
    QHash<QString, Learned> m_learned;
};

} // namespace jobpulse
