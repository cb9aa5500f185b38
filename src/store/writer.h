#pragma once

#include "store/store.h"

#include <QPointer>
#include <QThread>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace jobpulse {

/**
 * @brief The one thread that writes. It drains every batch queued while the previous
 * transaction was committing into the next transaction: group commit, so N concurrent
 * senders share one fsync instead of paying one each.
 */
class StoreWriter : public QThread
{
public:
    StoreWriter(Store *store, QString path, Durability durability);
    ~StoreWriter() override;

    /** Blocks until the database is open and migrated, or failed to. */
    bool waitReady(QString *error);
    void enqueue(QList<Event> events, SourceCursor cursor, QObject *context, Store::Callback done);
    void enqueueDelivery(Delivery delivery);
    void setRetention(Retention retention, int pruneIntervalMs);
    void stop();
    int backlog() const;

protected:
    void run() override;

private:
    struct Pending
    {
        QList<Event> events;
        QStringList bodies; // each event's canonical JSON, serialised by the submitting thread
        SourceCursor cursor; // stored with the events when source is set
        std::optional<Delivery> delivery; // an inspector record, written with the batch
        QPointer<QObject> context;
        Store::Callback done;
        IngestResult result;
    };

    bool openDatabase(QString *error);
    /** One pruning step; true when it deleted rows. */
    static bool prune(QSqlDatabase &db, const Retention &retention);
    void process(std::vector<Pending> &batch);

    Store *m_store;
    QString m_path;
    Durability m_durability;
    QString m_connection;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    bool m_stopping = false;
    Retention m_retention;
    int m_pruneIntervalMs = 10000;
    bool m_retentionChanged = false;
    bool m_ready = false;
    bool m_failed = false;
    QString m_openError;
};

} // namespace jobpulse
