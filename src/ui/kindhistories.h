#pragma once

#include "core/eta.h"

#include <QHash>
#include <QObject>
#include <QString>

namespace jobpulse {

class Store;
struct Changes;

/**
 * @brief The ETA's history per workflow kind (PRODUCT.md §2), shared by the live list, the
 * detail header and the step timeline.
 *
 * A kind's history is read from the store the first time it is asked for and kept until a job
 * of that kind succeeds: only a new successful run changes it, so a second's ETA refresh or a
 * frame's repaint never touches the database.
 */
class KindHistories : public QObject
{
    Q_OBJECT
public:
    explicit KindHistories(QObject *parent = nullptr);

    /** Reads histories from @p store and follows its commits; nullptr: every history empty. */
    void setStore(Store *store);
    /** The history of @p kind; empty for "" and without a store. */
    const KindHistory &of(const QString &kind) const;
    /** How many kinds are held (for tests: nothing is read before it is needed). */
    int cached() const { return int(m_cache.size()); }

Q_SIGNALS:
    /** A job of @p kind succeeded: its history was dropped and is read again when asked for. */
    void changed(const QString &kind);

private:
    void follow(const Changes &changes);

    Store *m_store = nullptr;
    mutable QHash<QString, KindHistory> m_cache;
};

} // namespace jobpulse
