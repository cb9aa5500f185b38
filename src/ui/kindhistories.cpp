#include "kindhistories.h"

#include "store/store.h"

namespace jobpulse {

KindHistories::KindHistories(QObject *parent)
    : QObject(parent)
{ }

void KindHistories::setStore(Store *store)
{
    if (m_store) {
        disconnect(m_store, nullptr, this, nullptr);
    }
    m_store = store;
    m_cache.clear();
    if (m_store) {
        connect(m_store, &Store::committed, this, &KindHistories::follow);
    }
}

const KindHistory &KindHistories::of(const QString &kind) const
{
    static const KindHistory none;
    if (!m_store || kind.isEmpty()) {
        return none;
    }
    auto it = m_cache.find(kind);
    if (it == m_cache.end()) {
        it = m_cache.insert(kind, m_store->kindHistory(kind));
    }
    return *it;
}

void KindHistories::follow(const Changes &changes)
{
    for (const Job &job : changes.jobs) {
        if (job.status == JobStatus::Succeeded && m_cache.remove(job.kind) > 0) {
            Q_EMIT changed(job.kind);
        }
    }
}

} // namespace jobpulse
