#include "writer.h"

#include "dialect.h"
#include "logging.h"
#include "schema.h"
#include "silencesweep.h"
#include "transaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <algorithm>
#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
// A transaction takes every waiting batch up to this many events; more wait for the next.
constexpr int MaxEventsPerTransaction = 20000;
// While writes fail, how often an idle writer tries again (probe()).
constexpr int ProbeIntervalMs = 1000;
// How long the writer waits without work before it merges the full-text indexes' segments,
// and how many pages one merge step writes (a few milliseconds; a batch waits at most that).
constexpr int MergeIdleMs = 200;
// The log's newest chunks are indexed once the writer has been idle this long, a step of
// IndexStepBytes of their text or IndexStepChunks of them at a time while it stays idle (a
// batch that comes waits for one step at most), and during a flood as soon as more than
// MaxUnindexedBytes or MaxUnindexedChunks wait: that is what a search reads by its text
// (LogWriter). Each step is a transaction, and each leaves a segment of the index behind.
constexpr int IndexIdleMs = 150;
constexpr qint64 IndexStepBytes = 256 * 1024;
constexpr qint64 IndexStepChunks = 2000;
constexpr qint64 MaxUnindexedBytes = 16 * 1024 * 1024;
constexpr qint64 MaxUnindexedChunks = 2000;
constexpr int MergePages = 200;
} // namespace

StoreWriter::StoreWriter(Store *store, StoreTarget target, Durability durability)
    : m_store(store)
    , m_target(std::move(target))
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
        bodies.append(storedEventBody(e));
    }
    push(Pending { std::move(events), std::move(bodies), std::move(cursor), std::nullopt, context,
        std::move(done), {}, {}, false, std::nullopt });
}

void StoreWriter::setSilencePolicy(SilencePolicy policy, int sweepIntervalMs)
{
    {
        std::lock_guard lock(m_mutex);
        m_silence = std::move(policy);
        m_sweepIntervalMs = sweepIntervalMs;
        m_retentionChanged = true; // wakes the writer to wait with the new interval
    }
    m_wake.notify_all();
}

void StoreWriter::setClock(Clock clock)
{
    std::lock_guard lock(m_mutex);
    m_clock = std::move(clock);
}

void StoreWriter::enqueueSweep(QObject *context, Store::Callback done)
{
    Pending p;
    p.sweep = true;
    p.context = context;
    p.done = std::move(done);
    push(std::move(p));
}

void StoreWriter::fillSweeps(SilenceSweep &sweep, std::vector<Pending> &batch)
{
    SilencePolicy policy;
    QDateTime now;
    {
        std::lock_guard lock(m_mutex);
        policy = m_silence;
        now = m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
    }
    for (Pending &p : batch) {
        if (!p.sweep) {
            continue;
        }
        p.events = sweep.events(policy, now);
        for (const Event &e : std::as_const(p.events)) {
            p.bodies.append(storedEventBody(e));
        }
    }
    m_sinceSweep.start();
}

void StoreWriter::sweepStep(QSqlDatabase &db, WriteTransaction &tx, SilenceSweep &sweep)
{
    if (!m_leading) {
        m_sinceSweep.start(); // the leader sweeps: one "stalled" per job, not one per node
        return;
    }
    std::vector<Pending> batch(1);
    batch.front().sweep = true;
    fillSweeps(sweep, batch);
    if (batch.front().events.isEmpty()) {
        return;
    }
    Changes changes = commit(db, tx, batch);
    noteOutcome(batch);
    publish(std::move(changes), batch);
}

void StoreWriter::setRetention(Retention retention, int pruneIntervalMs)
{
    {
        std::lock_guard lock(m_mutex);
        m_retention = retention;
        m_maxLogBytes = retention.maxLogBytes;
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
        // Stalled (5) is not finished.
        jobs.prepare(u"DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status >= 2 "
                     u"AND status <> 5 AND COALESCE(finished, updated) < ? LIMIT ?)"_s);
        jobs.addBindValue(cutoff);
        jobs.addBindValue(retention.batch);
        if (jobs.exec()) {
            deleted = deleted || jobs.numRowsAffected() > 0;
        } else {
            qCWarning(lcStore) << "pruning jobs failed:" << jobs.lastError().text();
        }
    }
    return deleted;
}

void StoreWriter::push(Pending pending)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(pending));
    }
    m_wake.notify_all();
}

void StoreWriter::enqueueDelivery(Delivery delivery, QObject *context, Store::Callback done)
{
    Pending p;
    p.delivery = std::move(delivery);
    p.context = context;
    p.done = std::move(done);
    push(std::move(p));
}

void StoreWriter::enqueueAttempt(ForwardAttempt attempt)
{
    Pending p;
    p.attempt = std::move(attempt);
    push(std::move(p));
}

void StoreWriter::enqueueTask(Task task)
{
    Pending p;
    p.task = std::move(task);
    push(std::move(p));
}

QString StoreWriter::writeError() const
{
    std::lock_guard lock(m_mutex);
    return m_writeError;
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
    QSqlDatabase db = m_target.addConnection(m_connection);
    if (!db.open()) {
        *error = db.lastError().text();
        return false;
    }
    return Dialect::of(db).setUpWriter(db, m_durability, error) && sql::migrate(db, error);
}

void StoreWriter::run()
{
    if (reportOpened()) {
        writeUntilStopped();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool StoreWriter::reportOpened()
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
    return opened;
}

void StoreWriter::writeUntilStopped()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    WriteTransaction tx(db);
    SilenceSweep sweep(db);
    std::vector<Pending> batch;
    // PostgreSQL has no indexes to merge: its commits never make the writer wake for it.
    const bool mergesIndexes = !sql::idleMergedIndexes(db).isEmpty();
    m_indexDue = tx.log().unindexedChunks() > 0; // left by the last run
    m_sincePrune.start();
    m_sinceSweep.start();
    for (;;) {
        const Taken taken = takeBatch(batch);
        if (taken == Taken::Stop) {
            return; // stopping, and everything queued has been written
        }
        if (taken == Taken::Idle) {
            if (!writeError().isEmpty()) {
                probe(db);
            } else if (m_indexDue) {
                m_indexDue = indexStep(db, tx, IndexStepBytes, IndexStepChunks);
                m_indexing = m_indexDue;
                m_mergeDue = true;
            } else if (m_mergeDue) {
                m_mergeDue = mergeStep(db);
            }
            if (m_sincePrune.elapsed() >= pruneInterval()) {
                pruneStep(db, tx);
            }
            if (m_sinceSweep.elapsed() >= sweepInterval()) {
                sweepStep(db, tx, sweep);
            }
            continue;
        }
        runTasks(db, batch);
        tx.setMaxLogBytes(m_maxLogBytes.load());
        fillSweeps(sweep, batch);
        QElapsedTimer took;
        took.start();
        Changes changes = commit(db, tx, batch);
        quint64 committed = 0;
        for (const Pending &p : batch) {
            committed += p.result.status == IngestResult::Status::Committed ? p.result.accepted : 0;
        }
        m_commits.observe(took.nsecsElapsed() / 1e9, committed);
        m_mergeDue = m_mergeDue || (mergesIndexes && committed > 0);
        noteOutcome(batch);
        publish(std::move(changes), batch);
        batch.clear();
        m_indexing = false;
        indexExcess(db, tx);
        m_indexDue = tx.log().unindexedChunks() > 0;
        // Never idle under steady load: prune one step between transactions as well.
        if (m_sincePrune.elapsed() > pruneInterval()) {
            pruneStep(db, tx);
        }
        if (m_sinceSweep.elapsed() > sweepInterval()) {
            sweepStep(db, tx, sweep);
        }
    }
}

StoreWriter::Taken StoreWriter::takeBatch(std::vector<Pending> &batch)
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        // Idle for a while: prune what retention no longer keeps, a little at a time (and
        // while writes fail, try again sooner).
        const int idleMs = std::min({ m_sweepIntervalMs,
            m_writeError.isEmpty() ? m_pruneIntervalMs
                                   : std::min(m_pruneIntervalMs, ProbeIntervalMs),
            m_indexDue ? (m_indexing ? 0 : IndexIdleMs) : std::numeric_limits<int>::max(),
            m_mergeDue ? MergeIdleMs : std::numeric_limits<int>::max() });
        if (!m_wake.wait_for(lock, std::chrono::milliseconds(idleMs),
                [this] { return m_stopping || !m_queue.empty() || m_retentionChanged; })) {
            return Taken::Idle;
        }
        if (std::exchange(m_retentionChanged, false) && !m_stopping && m_queue.empty()) {
            continue; // wait again, with the new interval
        }
        if (m_queue.empty()) {
            return Taken::Stop;
        }
        int events = 0;
        while (!m_queue.empty()
            && (batch.empty()
                || events + m_queue.front().events.size() <= MaxEventsPerTransaction)) {
            events += static_cast<int>(m_queue.front().events.size());
            batch.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        return Taken::Batch;
    }
}

void StoreWriter::runTasks(QSqlDatabase &db, std::vector<Pending> &batch)
{
    for (Pending &p : batch) {
        if (p.task) {
            p.task(db);
        }
    }
    std::erase_if(batch, [](const Pending &p) { return bool(p.task); });
}

void StoreWriter::noteOutcome(const std::vector<Pending> &batch)
{
    if (batch.empty()) {
        return;
    }
    // One batch the database refuses (a constraint) while the others commit: writing works.
    const auto committed = std::find_if(batch.cbegin(), batch.cend(),
        [](const Pending &p) { return p.result.status == IngestResult::Status::Committed; });
    setWriteError(committed != batch.cend() ? QString() : batch.front().result.error);
}

void StoreWriter::setWriteError(const QString &error)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_writeError == error) {
            return;
        }
        m_writeError = error;
    }
    if (error.isEmpty()) {
        qCInfo(lcStore) << "writing works again";
    } else {
        qCWarning(lcStore) << "cannot write:" << error;
    }
    QMetaObject::invokeMethod(
        m_store,
        [store = m_store, error] { Q_EMIT store->writableChanged(error.isEmpty(), error); },
        Qt::QueuedConnection);
}

void StoreWriter::probe(QSqlDatabase &db)
{
    // Space is what usually runs out: the row needs new pages, and the commit writes them.
    // It is deleted in the same transaction, so no reader ever sees it.
    QString error;
    QSqlQuery insert(db);
    insert.prepare(u"INSERT INTO source_cursors (source, cursor, updated) "
                   u"VALUES (' jobpulse write probe', ?, 0)"_s);
    insert.addBindValue(QString(16384, u'0'));
    const bool ok = sql::exec(db, Dialect::of(db).begin(), &error)
        && (insert.exec() || (error = insert.lastError().text(), false))
        && sql::exec(
            db, u"DELETE FROM source_cursors WHERE source = ' jobpulse write probe'"_s, &error)
        && sql::exec(db, u"COMMIT"_s, &error);
    if (!ok) {
        QString ignored;
        sql::exec(db, u"ROLLBACK"_s, &ignored);
    }
    setWriteError(ok ? QString() : error);
}

Changes StoreWriter::commit(QSqlDatabase &db, WriteTransaction &tx, std::vector<Pending> &batch)
{
    if (batch.empty()) {
        return {};
    }
    QString error;
    if (!sql::exec(db, Dialect::of(db).begin(), &error)) {
        qCWarning(lcStore) << "cannot begin a transaction:" << error;
        fail(batch, error);
        return {};
    }
    Changes changes;
    for (Pending &p : batch) {
        if (!writeBatch(db, tx, p, changes, &error)) {
            return rollBack(db, tx, batch, error);
        }
    }
    if (!tx.beforeCommit(&error) || !sql::exec(db, u"COMMIT"_s, &error)) {
        qCWarning(lcStore) << "commit failed:" << error;
        return rollBack(db, tx, batch, error);
    }
    tx.transactionEnded();
    return changes;
}

bool StoreWriter::writeBatch(
    QSqlDatabase &db, WriteTransaction &tx, Pending &p, Changes &changes, QString *error)
{
    QString batchError;
    if (!sql::exec(db, u"SAVEPOINT batch"_s, &batchError)) {
        qCWarning(lcStore) << "batch not written, no savepoint:" << batchError;
        p.result = IngestResult { IngestResult::Status::Unavailable, 0, 0, 0, batchError };
        return true; // nothing of it was written
    }
    Changes local;
    if (tx.apply(p.events, p.bodies, p.result, local, &batchError)
        && (p.cursor.source.isEmpty() || tx.saveCursor(p.cursor, &batchError))
        && (!p.delivery || tx.saveDelivery(*p.delivery, &batchError, &p.result.deliveryId))
        && (!p.attempt || tx.saveAttempt(*p.attempt, &batchError))
        && sql::exec(db, u"RELEASE batch"_s, &batchError)) {
        p.result.status = IngestResult::Status::Committed;
        changes.events.append(local.events);
        changes.jobs.append(local.jobs);
        changes.steps.append(local.steps);
        return true;
    }
    qCWarning(lcStore) << "batch rolled back:" << batchError;
    p.result = IngestResult { IngestResult::Status::Unavailable, 0, 0, 0, batchError };
    tx.batchRolledBack();
    QString rollbackError;
    if (!sql::exec(db, u"ROLLBACK TO batch"_s, &rollbackError)
        || !sql::exec(db, u"RELEASE batch"_s, &rollbackError)) {
        // Part of the batch may still be in the transaction: none of it may be committed.
        // (SQLite may have rolled the whole transaction back already, on a full disk: then
        // the cause is the batch's error, not the missing savepoint.)
        qCWarning(lcStore) << "rolling the batch back failed:" << rollbackError;
        *error = batchError;
        return false;
    }
    return true;
}

Changes StoreWriter::rollBack(
    QSqlDatabase &db, WriteTransaction &tx, std::vector<Pending> &batch, const QString &error)
{
    QString rollbackError;
    if (!sql::exec(db, u"ROLLBACK"_s, &rollbackError)) {
        qCWarning(lcStore) << "rollback failed:" << rollbackError;
    }
    tx.forgetCache(); // it learnt what was just rolled back
    tx.transactionEnded();
    fail(batch, error);
    return {};
}

void StoreWriter::fail(std::vector<Pending> &batch, const QString &error)
{
    for (Pending &p : batch) {
        p.result = IngestResult { IngestResult::Status::Unavailable, 0, 0, 0, error };
    }
}

void StoreWriter::publish(Changes changes, std::vector<Pending> &batch)
{
    // Publish the commit before answering: a subscriber never lags the sender's 2xx.
    if (!changes.events.isEmpty()) {
        QMetaObject::invokeMethod(
            m_store,
            [store = m_store, changes = std::move(changes)] { Q_EMIT store->committed(changes); },
            Qt::QueuedConnection);
    }
    for (Pending &p : batch) {
        if (p.done) {
            // Delivered through the store, which outlives the writer; the context may be
            // gone by then (its client hung up), so it is checked there.
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
}

int StoreWriter::pruneInterval() const
{
    std::lock_guard lock(m_mutex);
    return m_pruneIntervalMs;
}

int StoreWriter::sweepInterval() const
{
    std::lock_guard lock(m_mutex);
    return m_sweepIntervalMs;
}

void StoreWriter::indexExcess(QSqlDatabase &db, WriteTransaction &tx)
{
    constexpr qint64 Any = std::numeric_limits<qint64>::max();
    const LogWriter &log = tx.log();
    while (log.unindexedBytes() > MaxUnindexedBytes || log.unindexedChunks() > MaxUnindexedChunks) {
        const qint64 bytes = log.unindexedBytes() - MaxUnindexedBytes;
        const qint64 chunks = log.unindexedChunks() - MaxUnindexedChunks;
        if (!indexStep(db, tx, bytes > 0 ? bytes : Any, chunks > 0 ? chunks : Any)) {
            return;
        }
    }
}

bool StoreWriter::indexStep(QSqlDatabase &db, WriteTransaction &tx, qint64 bytes, qint64 chunks)
{
    QString error;
    if (sql::exec(db, Dialect::of(db).begin(), &error) && tx.log().indexStep(bytes, chunks, &error)
        && sql::exec(db, u"COMMIT"_s, &error)) {
        return tx.log().unindexedChunks() > 0;
    }
    qCWarning(lcStore) << "indexing the log failed:" << error;
    QString ignored;
    sql::exec(db, u"ROLLBACK"_s, &ignored);
    tx.log().readMark(&ignored);
    return false;
}

bool StoreWriter::mergeStep(QSqlDatabase &db)
{
    // FTS5's 'merge' with a positive page count merges a level once it has `usermerge` (4)
    // segments; it did nothing when total_changes() moves by less than 2.
    bool merged = false;
    for (const QString &index : sql::idleMergedIndexes(db)) {
        QSqlQuery q(db);
        const auto changes = [&q] {
            return q.exec(u"SELECT total_changes()"_s) && q.next() ? q.value(0).toLongLong() : 0;
        };
        const qint64 before = changes();
        if (!q.exec(
                u"INSERT INTO %1 (%1, rank) VALUES ('merge', %2)"_s.arg(index).arg(MergePages))) {
            qCWarning(lcStore) << "merging" << index << "failed:" << q.lastError().text();
            continue;
        }
        merged = merged || changes() - before >= 2;
    }
    return merged;
}

void StoreWriter::pruneStep(QSqlDatabase &db, WriteTransaction &tx)
{
    Retention retention;
    {
        std::lock_guard lock(m_mutex);
        retention = m_retention;
    }
    if (!m_leading) {
        m_sincePrune.start(); // the leader prunes; nodes deleting the same rows would contend
        return;
    }
    if (prune(db, retention)) {
        tx.forgetCache(); // rows it remembers may be gone
    }
    m_sincePrune.start();
}

} // namespace jobpulse
