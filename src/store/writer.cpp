#include "writer.h"

#include "deliveryrow.h"
#include "logging.h"
#include "schema.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
// A transaction takes every waiting batch up to this many events; more wait for the next.
constexpr int MaxEventsPerTransaction = 20000;
constexpr qsizetype MaxCachedJobs = 20000;
} // namespace

/**
 * The writer is the database's only writer, so the jobs and steps it last wrote are the
 * stored ones: it keeps them instead of reading them back for every event.
 */
struct StoreWriter::Cache
{
    QHash<QString, Job> jobs;
    QHash<QPair<QString, int>, Step> steps;

    void remember(const QHash<QString, Job> &changedJobs,
        const QHash<QPair<QString, int>, Step> &changedSteps)
    {
        if (jobs.size() > MaxCachedJobs || steps.size() > MaxCachedJobs * 4) {
            clear(); // crude but bounded: the next events reload what they need
        }
        for (auto it = changedJobs.begin(); it != changedJobs.end(); ++it) {
            jobs.insert(it.key(), it.value());
        }
        for (auto it = changedSteps.begin(); it != changedSteps.end(); ++it) {
            steps.insert(it.key(), it.value());
        }
    }
    void clear()
    {
        jobs.clear();
        steps.clear();
    }
};

/** Prepared statements and the per-batch apply logic, living on the writer thread. */
class StoreWriter::Transaction
{
public:
    explicit Transaction(QSqlDatabase &db)
        : m_loadJob(db)
        , m_loadStep(db)
        , m_insertEvent(db)
        , m_insertJob(db)
        , m_updateJob(db)
        , m_indexMessage(db)
        , m_indexJob(db)
        , m_unindexJob(db)
        , m_upsertStep(db)
        , m_saveCursor(db)
        , m_saveDelivery(db)
        , m_pruneDeliveries(db)
        , m_pruneOldDeliveries(db)
    {
        m_saveDelivery.prepare(deliveryrow::insertStatement());
        // Two deletes, each on its index (an OR would scan the table).
        m_pruneDeliveries.prepare(u"DELETE FROM deliveries WHERE id <= ?"_s);
        m_pruneOldDeliveries.prepare(u"DELETE FROM deliveries WHERE received < ?"_s);
        m_saveCursor.prepare(u"INSERT INTO source_cursors (source, cursor, updated) "
                             u"VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET "
                             u"cursor = excluded.cursor, updated = excluded.updated"_s);
        m_loadJob.prepare(u"SELECT %1 FROM jobs WHERE key = ?"_s.arg(sql::jobColumns()));
        m_loadStep.prepare(
            u"SELECT %1 FROM steps WHERE job_id = ? AND idx = ?"_s.arg(sql::stepColumns()));
        // The unique eid index turns a duplicate into "no row inserted" (4x faster than
        // checking first with INSERT ... SELECT ... WHERE NOT EXISTS).
        m_insertEvent.prepare(
            u"INSERT OR IGNORE INTO events (eid, job, type, time, received, body) "
            u"VALUES (?, ?, ?, ?, ?, ?)"_s);
        const QString jobFields = u"title = :title, kind = :kind, url = :url, state = :state, "
                                  u"error = :error, status = :status, progress = :progress, "
                                  u"progress_known = :pk, step_total = :st, step_index = :si, "
                                  u"step_name = :sn, steps_done = :sd, created = :created, "
                                  u"started = :started, finished = :finished, updated = :updated, "
                                  u"duration = :duration, event_count = :ec, last_seq = :ls, "
                                  u"source = :source"_s;
        m_insertJob.prepare(u"INSERT INTO jobs (key, status) VALUES (:key, 0)"_s);
        m_indexMessage.prepare(u"INSERT INTO events_fts (rowid, message) VALUES (?, ?)"_s);
        m_indexJob.prepare(
            u"INSERT INTO jobs_fts (rowid, key, title, kind, error) VALUES (?, ?, ?, ?, ?)"_s);
        m_unindexJob.prepare(u"DELETE FROM jobs_fts WHERE rowid = ?"_s);
        m_updateJob.prepare(u"UPDATE jobs SET %1 WHERE id = :id"_s.arg(jobFields));
        m_upsertStep.prepare(
            u"INSERT INTO steps (job_id, idx, name, status, started, finished, duration, details) "
            u"VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, idx) DO UPDATE SET "
            u"name = excluded.name, status = excluded.status, started = excluded.started, "
            u"finished = excluded.finished, duration = excluded.duration, "
            u"details = excluded.details"_s);
    }

    /**
     * Applies one batch; false on a database error (the caller rolls the savepoint back).
     * The cache learns the batch's jobs and steps only once all of it has been written.
     */
    bool apply(const QList<Event> &events, const QStringList &bodies, IngestResult &result,
        Changes &changes, Cache &cache, QString *error)
    {
        QHash<QString, Job> jobs;
        QStringList jobOrder; // first appearance: new jobs get their rowids in this order
        QHash<QString, QStringList> indexed; // each job's searched fields before this batch
        QHash<QPair<QString, int>, Step> steps;
        QList<QPair<QString, int>> changedSteps;
        const qint64 received = QDateTime::currentMSecsSinceEpoch();
        const qsizetype firstEvent = changes.events.size();
        changes.events.reserve(changes.events.size() + events.size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            const Event &e = events.at(i);
            m_insertEvent.addBindValue(e.id.isEmpty() ? QVariant() : QVariant(e.id));
            m_insertEvent.addBindValue(e.job);
            m_insertEvent.addBindValue(eventTypeName(e.type));
            m_insertEvent.addBindValue(e.time.toMSecsSinceEpoch());
            m_insertEvent.addBindValue(received);
            m_insertEvent.addBindValue(bodies.at(i));
            if (!run(m_insertEvent, error)) {
                return false;
            }
            if (m_insertEvent.numRowsAffected() == 0) {
                ++result.duplicates; // counted, not applied
                continue;
            }
            const qint64 seq = m_insertEvent.lastInsertId().toLongLong();
            if (!e.message.isEmpty()) {
                m_indexMessage.addBindValue(seq);
                m_indexMessage.addBindValue(e.message);
                if (!run(m_indexMessage, error)) {
                    return false;
                }
            }
            auto jobIt = jobs.find(e.job);
            if (jobIt == jobs.end()) {
                auto loaded = cache.jobs.contains(e.job) ? std::optional(cache.jobs.value(e.job))
                                                         : loadJob(e.job, error);
                if (!loaded) {
                    return false;
                }
                jobIt = jobs.insert(e.job, *loaded);
                jobOrder.append(e.job);
                indexed.insert(e.job, searchedFields(*loaded));
            }
            Job &job = *jobIt;
            Step scratch;
            Step *step = &scratch;
            if (e.step) {
                const QPair<QString, int> stepKey { e.job, e.step->index };
                auto stepIt = steps.find(stepKey);
                if (stepIt == steps.end()) {
                    auto loaded = cache.steps.contains(stepKey)
                        ? std::optional(cache.steps.value(stepKey))
                        : loadStep(job.rowId, e.step->index, error);
                    if (!loaded) {
                        return false;
                    }
                    stepIt = steps.insert(stepKey, *loaded);
                }
                step = &*stepIt;
            }
            const Applied applied = applyEvent(job, *step, e);
            if (job.source.isEmpty()) {
                job.source = e.origin; // the first hook or source to bring it keeps it
            }
            if (applied.stepChanged && e.step
                && !changedSteps.contains(QPair<QString, int> { e.job, e.step->index })) {
                changedSteps.append({ e.job, e.step->index });
            }
            job.lastSeq = seq;
            result.lastSeq = seq;
            ++result.accepted;
            changes.events.append(StoredEvent { seq, e });
        }
        for (const QString &key : std::as_const(jobOrder)) {
            Job &job = jobs[key];
            const bool isNew = job.rowId == 0;
            if (!saveJob(job, error) || !indexJob(job, isNew, indexed.value(key), error)) {
                return false;
            }
        }
        for (const auto &key : changedSteps) {
            if (!saveStep(jobs.value(key.first).rowId, steps.value(key), error)) {
                return false;
            }
            changes.steps.append({ key.first, steps.value(key) });
        }
        cache.remember(jobs, steps);
        if (changes.events.size() > firstEvent) {
            for (const QString &key : std::as_const(jobOrder)) {
                changes.jobs.append(jobs.value(key));
            }
        }
        return true;
    }

private:
    static bool run(QSqlQuery &q, QString *error)
    {
        if (q.exec()) {
            return true;
        }
        *error = q.lastError().text();
        return false;
    }

    std::optional<Job> loadJob(const QString &key, QString *error)
    {
        m_loadJob.addBindValue(key);
        if (!run(m_loadJob, error)) {
            return std::nullopt;
        }
        Job job = m_loadJob.next() ? sql::readJob(m_loadJob) : Job();
        m_loadJob.finish();
        return job;
    }

    std::optional<Step> loadStep(qint64 jobId, int index, QString *error)
    {
        if (jobId == 0) {
            return Step();
        }
        m_loadStep.addBindValue(jobId);
        m_loadStep.addBindValue(index);
        if (!run(m_loadStep, error)) {
            return std::nullopt;
        }
        Step step = m_loadStep.next() ? sql::readStep(m_loadStep) : Step();
        m_loadStep.finish();
        return step;
    }

    bool saveJob(Job &job, QString *error)
    {
        if (job.rowId == 0) {
            m_insertJob.bindValue(u":key"_s, job.key);
            if (!run(m_insertJob, error)) {
                return false;
            }
            job.rowId = m_insertJob.lastInsertId().toLongLong();
        }
        QSqlQuery &q = m_updateJob;
        q.bindValue(u":title"_s, job.title);
        q.bindValue(u":kind"_s, job.kind);
        q.bindValue(u":url"_s, job.url);
        q.bindValue(u":state"_s, job.state);
        q.bindValue(u":error"_s, job.error);
        q.bindValue(u":status"_s, static_cast<int>(job.status));
        q.bindValue(u":progress"_s, job.progress);
        q.bindValue(u":pk"_s, job.progressKnown ? 1 : 0);
        q.bindValue(u":st"_s, job.stepTotal);
        q.bindValue(u":si"_s, job.stepIndex);
        q.bindValue(u":sn"_s, job.stepName);
        q.bindValue(u":sd"_s, job.stepsDone);
        q.bindValue(u":created"_s, sql::msOrNull(job.createdAt));
        q.bindValue(u":started"_s, sql::msOrNull(job.startedAt));
        q.bindValue(u":finished"_s, sql::msOrNull(job.finishedAt));
        q.bindValue(u":updated"_s, sql::msOrNull(job.updatedAt));
        q.bindValue(u":duration"_s, job.duration ? QVariant(*job.duration) : QVariant());
        q.bindValue(u":ec"_s, job.eventCount);
        q.bindValue(u":ls"_s, job.lastSeq);
        q.bindValue(u":source"_s, job.source);
        q.bindValue(u":id"_s, job.rowId);
        return run(q, error);
    }

    static QStringList searchedFields(const Job &job)
    {
        return { job.key, job.title, job.kind, job.error };
    }

    /** Keeps jobs_fts in step with a saved job: its fields when new, again when they changed. */
    bool indexJob(const Job &job, bool isNew, const QStringList &before, QString *error)
    {
        const QStringList fields = searchedFields(job);
        if (!isNew && fields == before) {
            return true; // the usual case: progress, steps, status
        }
        if (!isNew) {
            m_unindexJob.addBindValue(job.rowId);
            if (!run(m_unindexJob, error)) {
                return false;
            }
        }
        m_indexJob.addBindValue(job.rowId);
        for (const QString &field : fields) {
            m_indexJob.addBindValue(field);
        }
        return run(m_indexJob, error);
    }

    bool saveStep(qint64 jobId, const Step &s, QString *error)
    {
        QSqlQuery &q = m_upsertStep;
        q.addBindValue(jobId);
        q.addBindValue(s.index);
        q.addBindValue(s.name);
        q.addBindValue(static_cast<int>(s.status));
        q.addBindValue(sql::msOrNull(s.startedAt));
        q.addBindValue(sql::msOrNull(s.finishedAt));
        q.addBindValue(s.duration ? QVariant(*s.duration) : QVariant());
        q.addBindValue(QString::fromUtf8(QJsonDocument(s.details).toJson(QJsonDocument::Compact)));
        return run(q, error);
    }

    QSqlQuery m_loadJob;
    QSqlQuery m_loadStep;
    QSqlQuery m_insertEvent;
    QSqlQuery m_insertJob;
    QSqlQuery m_updateJob;
    QSqlQuery m_indexMessage;
    QSqlQuery m_indexJob;
    QSqlQuery m_unindexJob;
    QSqlQuery m_upsertStep;
    QSqlQuery m_saveCursor;
    QSqlQuery m_saveDelivery;
    QSqlQuery m_pruneDeliveries;
    QSqlQuery m_pruneOldDeliveries;
    int m_deliveriesSincePrune = 0;

public:
    bool saveDelivery(const Delivery &d, QString *error)
    {
        deliveryrow::bind(m_saveDelivery, d);
        if (!run(m_saveDelivery, error)) {
            return false;
        }
        // Pruned in small steps as it goes: at most one delete per hundred deliveries.
        if (++m_deliveriesSincePrune >= 100) {
            m_deliveriesSincePrune = 0;
            m_pruneDeliveries.addBindValue(
                m_saveDelivery.lastInsertId().toLongLong() - Store::MaxDeliveries);
            m_pruneOldDeliveries.addBindValue(QDateTime::currentDateTimeUtc()
                                                  .addDays(-Store::MaxDeliveryAgeDays)
                                                  .toMSecsSinceEpoch());
            return run(m_pruneDeliveries, error) && run(m_pruneOldDeliveries, error);
        }
        return true;
    }

    bool saveCursor(const SourceCursor &cursor, QString *error)
    {
        m_saveCursor.addBindValue(cursor.source);
        m_saveCursor.addBindValue(cursor.value);
        m_saveCursor.addBindValue(QDateTime::currentMSecsSinceEpoch());
        return run(m_saveCursor, error);
    }
};

StoreWriter::StoreWriter(Store *store, QString path, Durability durability)
    : m_store(store)
    , m_path(std::move(path))
    , m_durability(durability)
    , m_connection(u"jobpulse-writer-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    setObjectName(u"jobpulse-store-writer"_s);
}

StoreWriter::~StoreWriter()
{
    stop();
}

bool StoreWriter::waitReady(QString *error)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait(lock, [this] { return m_ready || m_failed; });
    if (m_failed && error) {
        *error = m_openError;
    }
    return m_ready;
}

void StoreWriter::enqueue(
    QList<Event> events, SourceCursor cursor, QObject *context, Store::Callback done)
{
    // Serialising here keeps that work off the writer, which is the bottleneck under load.
    QStringList bodies;
    bodies.reserve(events.size());
    for (const Event &e : std::as_const(events)) {
        bodies.append(QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact)));
    }
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(Pending { std::move(events), std::move(bodies), std::move(cursor),
            std::nullopt, context, std::move(done), {} });
    }
    m_wake.notify_all();
}

void StoreWriter::setRetention(Retention retention, int pruneIntervalMs)
{
    {
        std::lock_guard lock(m_mutex);
        m_retention = retention;
        m_pruneIntervalMs = pruneIntervalMs;
        m_retentionChanged = true;
    }
    m_wake.notify_all();
}

bool StoreWriter::prune(QSqlDatabase &db, const Retention &retention)
{
    if (retention.days <= 0 && retention.maxEvents <= 0) {
        return false;
    }
    // One small transaction per step: ingest never waits long behind retention. The newest
    // event always stays, so seq (the rowid, without AUTOINCREMENT) never starts over.
    const qint64 cutoff = retention.days > 0
        ? QDateTime::currentDateTimeUtc().addDays(-retention.days).toMSecsSinceEpoch()
        : 0;
    QSqlQuery q(db);
    q.prepare(u"DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE "
              u"seq < (SELECT MAX(seq) FROM events) AND (received < ? OR seq <= "
              u"(SELECT MAX(seq) FROM events) - ?) ORDER BY seq LIMIT ?)"_s);
    q.addBindValue(cutoff);
    q.addBindValue(
        retention.maxEvents > 0 ? retention.maxEvents : std::numeric_limits<qint64>::max() / 2);
    q.addBindValue(retention.batch);
    bool deleted = false;
    if (q.exec()) {
        deleted = q.numRowsAffected() > 0;
    } else {
        qCWarning(lcStore) << "pruning events failed:" << q.lastError().text();
    }
    if (cutoff > 0) {
        // Finished jobs older than the retention go with their steps (ON DELETE CASCADE).
        QSqlQuery jobs(db);
        jobs.prepare(u"DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status >= 2 "
                     u"AND COALESCE(finished, updated) < ? LIMIT ?)"_s);
        jobs.addBindValue(cutoff);
        jobs.addBindValue(retention.batch);
        if (jobs.exec()) {
            deleted = deleted || jobs.numRowsAffected() > 0;
        }
    }
    return deleted;
}

void StoreWriter::enqueueDelivery(Delivery delivery)
{
    {
        std::lock_guard lock(m_mutex);
        Pending p;
        p.delivery = std::move(delivery);
        m_queue.push_back(std::move(p));
    }
    m_wake.notify_all();
}

void StoreWriter::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    wait();
}

int StoreWriter::backlog() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_queue.size());
}

bool StoreWriter::openDatabase(QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        *error = db.lastError().text();
        return false;
    }
    const QString sync = m_durability == Durability::Full ? u"FULL"_s : u"NORMAL"_s;
    QSqlQuery mode(db);
    if (!mode.exec(u"PRAGMA journal_mode = WAL"_s) || !mode.next()) {
        *error = u"%1 is not a usable SQLite database: %2"_s.arg(m_path, mode.lastError().text());
        return false;
    }
    mode.finish();
    return sql::exec(db, u"PRAGMA synchronous = %1"_s.arg(sync), error)
        && sql::exec(db, u"PRAGMA foreign_keys = ON"_s, error)
        && sql::exec(
            db, u"PRAGMA cache_size = -32000"_s, error) // KiB: hot index pages stay in memory
        && sql::migrate(db, error);
}

void StoreWriter::run()
{
    {
        QString error;
        const bool opened = openDatabase(&error);
        {
            std::lock_guard lock(m_mutex);
            m_ready = opened;
            m_failed = !opened;
            m_openError = error;
        }
        m_wake.notify_all();
        if (!opened) {
            QSqlDatabase::removeDatabase(m_connection);
            return;
        }
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        Transaction tx(db);
        Cache cache;
        std::vector<Pending> batch;
        QElapsedTimer sincePrune;
        sincePrune.start();
        for (;;) {
            {
                std::unique_lock lock(m_mutex);
                // Idle for a while: prune what retention no longer keeps, a little at a time.
                if (!m_wake.wait_for(lock, std::chrono::milliseconds(m_pruneIntervalMs),
                        [this] { return m_stopping || !m_queue.empty() || m_retentionChanged; })) {
                    const Retention retention = m_retention;
                    lock.unlock();
                    if (prune(db, retention)) {
                        cache.clear(); // rows it remembers may be gone
                    }
                    sincePrune.start();
                    continue;
                }
                if (std::exchange(m_retentionChanged, false) && !m_stopping && m_queue.empty()) {
                    continue; // wait again, with the new interval
                }
                if (m_queue.empty()) {
                    break; // stopping, and everything queued has been written
                }
                int events = 0;
                while (!m_queue.empty()
                    && (batch.empty()
                        || events + m_queue.front().events.size() <= MaxEventsPerTransaction)) {
                    events += static_cast<int>(m_queue.front().events.size());
                    batch.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }
            Changes changes;
            QString error;
            const bool begun = sql::exec(db, u"BEGIN IMMEDIATE"_s, &error);
            for (Pending &p : batch) {
                p.result.status = IngestResult::Status::Unavailable;
                if (!begun) {
                    p.result.error = error;
                    continue;
                }
                Changes local;
                QString batchError;
                sql::exec(db, u"SAVEPOINT batch"_s, &batchError);
                if (tx.apply(p.events, p.bodies, p.result, local, cache, &batchError)
                    && (p.cursor.source.isEmpty() || tx.saveCursor(p.cursor, &batchError))
                    && (!p.delivery || tx.saveDelivery(*p.delivery, &batchError))) {
                    sql::exec(db, u"RELEASE batch"_s, &batchError);
                    p.result.status = IngestResult::Status::Committed;
                    changes.events.append(local.events);
                    changes.jobs.append(local.jobs);
                    changes.steps.append(local.steps);
                } else {
                    qCWarning(lcStore) << "batch rolled back:" << batchError;
                    QString ignored;
                    sql::exec(db, u"ROLLBACK TO batch"_s, &ignored);
                    sql::exec(db, u"RELEASE batch"_s, &ignored);
                    p.result =
                        IngestResult { IngestResult::Status::Unavailable, 0, 0, 0, batchError };
                }
            }
            if (begun && !sql::exec(db, u"COMMIT"_s, &error)) {
                qCWarning(lcStore) << "commit failed:" << error;
                QString ignored;
                sql::exec(db, u"ROLLBACK"_s, &ignored);
                cache.clear(); // it learnt what was just rolled back
                changes = {};
                for (Pending &p : batch) {
                    p.result = IngestResult { IngestResult::Status::Unavailable, 0, 0, 0, error };
                }
            }
            // Publish the commit before answering: a subscriber never lags the sender's 2xx.
            if (!changes.events.isEmpty()) {
                QMetaObject::invokeMethod(
                    m_store,
                    [store = m_store, changes = std::move(changes)] {
                        Q_EMIT store->committed(changes);
                    },
                    Qt::QueuedConnection);
            }
            for (Pending &p : batch) {
                if (p.done) {
                    // Delivered through the store, which outlives the writer; the context
                    // may be gone by then (its client hung up), so it is checked there.
                    QMetaObject::invokeMethod(
                        m_store,
                        [context = p.context, done = std::move(p.done), result = p.result] {
                            if (context) {
                                done(result);
                            }
                        },
                        Qt::QueuedConnection);
                }
            }
            batch.clear();
            // Never idle under steady load: prune one step between transactions as well.
            Retention retention;
            int interval = 0;
            {
                std::lock_guard lock(m_mutex);
                retention = m_retention;
                interval = m_pruneIntervalMs;
            }
            if (sincePrune.elapsed() > interval) {
                if (prune(db, retention)) {
                    cache.clear();
                }
                sincePrune.start();
            }
        }
    }
    QSqlDatabase::removeDatabase(m_connection);
}

} // namespace jobpulse
