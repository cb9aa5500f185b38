#pragma once

#include "store/logwriter.h"
#include "store/types.h"

#include <QHash>
#include <QSqlQuery>
#include <QStringList>
#include <optional>

class QSqlDatabase;

namespace jobpulse {

class Dialect;

/**
 * @brief Writes batches inside the writer thread's transaction (StoreWriter, writer.cpp).
 *
 * It owns the prepared statements for events, jobs, steps, the search index, source cursors
 * and inspector deliveries. BEGIN, the savepoint around each batch and COMMIT are the
 * writer's, which tells it where they are (batchRolledBack, beforeCommit, transactionEnded).
 *
 * On SQLite it is the database's only writer, so a cache of the jobs and steps it last wrote
 * holds the stored ones and they need not be read back for every event.
 *
 * On PostgreSQL other nodes write the same jobs, so nothing cached decides a job's state:
 * each transaction that writes events first takes the event writers' lock
 * (Dialect::serialiseEventWriters, held to its COMMIT), then reads every job it changes
 * afresh, under a row lock against the writers that do not take it (retention). That one lock
 * also makes seqs become visible in increasing order, and the transaction NOTIFYs its highest
 * seq at commit so every node's relay reads what the others committed.
 */
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase &db);

    /**
     * Applies one batch; false on a database error (the caller rolls the savepoint back).
     * The cache learns the batch's jobs and steps only once all of it has been written.
     */
    bool apply(const QList<Event> &events, const QStringList &bodies, IngestResult &result,
        Changes &changes, QString *error);
    bool saveCursor(const SourceCursor &cursor, QString *error);
    /** Keeps an inspector record; every hundredth prunes past Store's delivery limits. */
    bool saveDelivery(const Delivery &d, QString *error, qint64 *id = nullptr);
    /** Keeps one forwarding attempt (pruned with its delivery, by a trigger). */
    bool saveAttempt(const ForwardAttempt &a, QString *error);
    /** The log's writer: StoreWriter moves its search index's mark (LogWriter::indexStep). */
    LogWriter &log() { return m_log; }
    /** The per-job log limit in bytes (retention.maxLogBytes; 0 = none). */
    void setMaxLogBytes(qint64 bytes) { m_maxLogBytes = bytes; }
    /** Forgets the cached jobs and steps, after a prune or a rollback may have changed them. */
    void forgetCache();
    /** The last batch's savepoint was rolled back: what it wrote and learnt is gone. */
    void batchRolledBack();
    /** Just before COMMIT: on PostgreSQL, NOTIFY the highest seq written (if any). */
    bool beforeCommit(QString *error);
    /** After COMMIT or ROLLBACK of the whole transaction. */
    void transactionEnded();

private:
    struct Cache
    {
        QHash<QString, Job> jobs;
        QHash<QPair<QString, int>, Step> steps;

        void remember(const QHash<QString, Job> &changedJobs,
            const QHash<QPair<QString, int>, Step> &changedSteps);
        void clear();
    };

    static bool run(QSqlQuery &q, QString *error);
    /** Moves to the row an INSERT … RETURNING gave back. */
    static bool returned(QSqlQuery &q, QString *error);
    std::optional<Job> loadJob(const QString &key, QString *error);
    std::optional<Step> loadStep(qint64 jobId, int index, QString *error);
    bool saveJob(Job &job, QString *error);
    static QStringList searchedFields(const Job &job);
    bool indexJob(const Job &job, bool isNew, const QStringList &before, QString *error);
    bool saveStep(qint64 jobId, const Step &s, QString *error);
    /** Rewrites the job_labels rows of a job whose labels changed. */
    bool saveLabels(const Job &job, QString *error);

    QSqlQuery m_loadJob;
    QSqlQuery m_loadStep;
    QSqlQuery m_insertEvent;
    QSqlQuery m_insertJob;
    QSqlQuery m_updateJob;
    QSqlQuery m_indexMessage;
    QSqlQuery m_indexJob;
    QSqlQuery m_unindexJob;
    QSqlQuery m_upsertStep;
    QSqlQuery m_clearLabels;
    QSqlQuery m_insertLabel;
    QSqlQuery m_saveCursor;
    QSqlQuery m_saveDelivery;
    QSqlQuery m_pruneDeliveries;
    QSqlQuery m_pruneOldDeliveries;
    QSqlQuery m_saveAttempt;
    LogWriter m_log;
    const Dialect &m_dialect;
    qint64 m_maxLogBytes = 0;
    int m_deliveriesSincePrune = 0;
    Cache m_cache;
    const bool m_useCache; // only where this is the sole writer (SQLite)
    QSqlQuery m_serialise;
    QSqlQuery m_notify;
    bool m_serialised = false; // the event writers' lock is held (PostgreSQL)
    bool m_serialisedInBatch = false; // taken in the current batch's savepoint
    qint64 m_notifySeq = 0; // the transaction's highest seq written
    qint64 m_notifySeqBeforeBatch = 0;
};

} // namespace jobpulse
