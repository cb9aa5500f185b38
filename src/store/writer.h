#pragma once

#include "core/silence.h"
#include "store/commitstats.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QThread>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace jobpulse {

class SilenceSweep;
class WriteTransaction;

/**
 * @brief The one thread that writes. It drains every batch queued while the previous
 * transaction was committing into the next transaction: group commit, so N concurrent
 * senders share one fsync instead of paying one each.
 *
 * It owns the queue, BEGIN / SAVEPOINT / COMMIT and answering the batches; the rows each
 * batch writes are WriteTransaction's (transaction.h).
 */
class StoreWriter : public QThread
{
public:
    StoreWriter(Store *store, StoreTarget target, Durability durability);
    ~StoreWriter() override;

    /** Blocks until the database is open and migrated, or failed to. */
    bool waitReady(QString *error);
    void enqueue(QList<Event> events, SourceCursor cursor, QObject *context, Store::Callback done);
    /** @p done (optional) answers with the row's id in IngestResult::deliveryId. */
    void enqueueDelivery(Delivery delivery, QObject *context = nullptr, Store::Callback done = {});
    void enqueueAttempt(ForwardAttempt attempt);
    using Task = std::function<void(QSqlDatabase &)>;
    /** Runs @p task on the writer's connection before the next transaction. */
    void enqueueTask(Task task);
    /** Why the last write failed while writes keep failing; empty when they succeed. */
    QString writeError() const;
    void setRetention(Retention retention, int pruneIntervalMs);
    /** When silent jobs become stalled or lost; swept every @p sweepIntervalMs. */
    void setSilencePolicy(SilencePolicy policy, int sweepIntervalMs);
    using Clock = std::function<QDateTime()>;
    /** What "now" is for the sweep (tests: a fake clock). */
    void setClock(Clock clock);
    /** Sweeps for silent jobs before the next transaction; @p done answers with how many
     *  jobs it marked (IngestResult::accepted). */
    void enqueueSweep(QObject *context, Store::Callback done);
    /** Only the leader of several nodes on one database sweeps and prunes on its own
     *  (Leadership); an explicit enqueueSweep() runs either way. */
    void setLeading(bool leading) { m_leading = leading; }
    void stop();
    int backlog() const;
    CommitStats commitStats() const { return m_commits.snapshot(); }

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
        Task task; // instead of events: runs on the connection (Store::runOnWriter)
        bool sweep = false; // its events are the silent jobs' verdicts, found when taken
        std::optional<ForwardAttempt> attempt; // a forwarding attempt, written with the batch
    };

    enum class Taken { Batch, Idle, Stop };

    void push(Pending pending);

    bool openDatabase(QString *error);
    /** Opens the database and wakes waitReady(); false when it could not. */
    bool reportOpened();
    /** The writer thread's loop: take a batch, commit it, publish it, prune now and then. */
    void writeUntilStopped();
    /** Waits for queued batches and moves them into @p batch (up to a transaction's worth);
     *  Idle when the prune interval passed without any, Stop when stopping and drained. */
    Taken takeBatch(std::vector<Pending> &batch);
    /** Writes @p batch in one transaction, each of its batches all-or-nothing in a savepoint,
     *  and sets their results; returns what the committed ones changed. Every statement's
     *  failure is logged and fails its batch (Unavailable), or all of them when the
     *  transaction cannot be committed. */
    Changes commit(QSqlDatabase &db, WriteTransaction &tx, std::vector<Pending> &batch);
    /** False when @p p failed and could not be rolled back alone (@p error says why). */
    bool writeBatch(
        QSqlDatabase &db, WriteTransaction &tx, Pending &p, Changes &changes, QString *error);
    /** Rolls the whole transaction back; every batch in it fails with @p error. */
    Changes rollBack(
        QSqlDatabase &db, WriteTransaction &tx, std::vector<Pending> &batch, const QString &error);
    static void fail(std::vector<Pending> &batch, const QString &error);
    /** Fills each sweep in @p batch with the silent jobs' events (SilenceSweep). */
    void fillSweeps(SilenceSweep &sweep, std::vector<Pending> &batch);
    /** A sweep of its own when the sweep interval passed. */
    void sweepStep(QSqlDatabase &db, WriteTransaction &tx, SilenceSweep &sweep);
    /** Runs the tasks in @p batch and takes them out of it. */
    static void runTasks(QSqlDatabase &db, std::vector<Pending> &batch);
    /** Remembers whether @p batch was written; a change reaches Store::writableChanged. */
    void noteOutcome(const std::vector<Pending> &batch);
    void setWriteError(const QString &error);
    /** While writes fail: one small real commit that leaves nothing behind, to learn when
     *  they work again without waiting for the next sender. */
    void probe(QSqlDatabase &db);
    /** Emits Store::committed, then answers every batch's callback, on the store's thread. */
    void publish(Changes changes, std::vector<Pending> &batch);
    int pruneInterval() const;
    int sweepInterval() const;
    void pruneStep(QSqlDatabase &db, WriteTransaction &tx);
    /** Indexes the next of the log's newest chunks in a transaction of its own
     *  (LogWriter::indexStep); false when none are left, or it failed. */
    bool indexStep(QSqlDatabase &db, WriteTransaction &tx, qint64 bytes, qint64 chunks);
    /** Indexes what waits past the bounds (MaxUnindexedBytes, MaxUnindexedChunks). */
    void indexExcess(QSqlDatabase &db, WriteTransaction &tx);
    /** Merges some of the full-text indexes' segments (sql::idleMergedIndexes); false when
     *  there was nothing left to merge. */
    static bool mergeStep(QSqlDatabase &db);
    /** One pruning step; true when it deleted rows. */
    static bool prune(QSqlDatabase &db, const Retention &retention);

    Store *m_store;
    StoreTarget m_target;
    Durability m_durability;
    QString m_connection;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    bool m_stopping = false;
    Retention m_retention;
    std::atomic<qint64> m_maxLogBytes = DefaultMaxLogBytes;
    int m_pruneIntervalMs = 10000;
    bool m_mergeDue = false; // writer thread only: commits since the indexes were merged
    bool m_indexDue = false; // writer thread only: log chunks wait past the index's mark
    bool m_indexing = false; // writer thread only: idle, and indexing them one step after another
    bool m_retentionChanged = false;
    bool m_ready = false;
    bool m_failed = false;
    QString m_openError;
    QString m_writeError; // under m_mutex
    CommitMeter m_commits;
    QElapsedTimer m_sincePrune; // the writer thread's own
    SilencePolicy m_silence; // under m_mutex
    int m_sweepIntervalMs = 30000; // under m_mutex
    Clock m_clock; // under m_mutex
    QElapsedTimer m_sinceSweep; // the writer thread's own
    std::atomic<bool> m_leading = true;
};

} // namespace jobpulse
