#include "transaction.h"

#include "deliveryrow.h"
#include "dialect.h"
#include "schema.h"

#include <QJsonDocument>
#include <QSqlError>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
constexpr qsizetype MaxCachedJobs = 20000;
} // namespace

void WriteTransaction::Cache::remember(
    const QHash<QString, Job> &changedJobs, const QHash<QPair<QString, int>, Step> &changedSteps)
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

void WriteTransaction::Cache::clear()
{
    jobs.clear();
    steps.clear();
}

WriteTransaction::WriteTransaction(QSqlDatabase &db)
    : m_loadJob(db)
    , m_loadStep(db)
    , m_insertEvent(db)
    , m_insertJob(db)
    , m_updateJob(db)
    , m_indexMessage(db)
    , m_indexJob(db)
    , m_unindexJob(db)
    , m_upsertStep(db)
    , m_clearLabels(db)
    , m_insertLabel(db)
    , m_saveCursor(db)
    , m_saveDelivery(db)
    , m_pruneDeliveries(db)
    , m_pruneOldDeliveries(db)
    , m_saveAttempt(db)
    , m_log(db)
    , m_dialect(Dialect::of(db))
    , m_useCache(!m_dialect.isPostgres())
    , m_serialise(db)
    , m_notify(db)
{
    if (m_dialect.isPostgres()) {
        m_serialise.prepare(m_dialect.serialiseEventWriters());
        m_notify.prepare(m_dialect.notifyEvents());
    }
    m_saveDelivery.prepare(deliveryrow::insertStatement() + u" RETURNING id"_s);
    // Two deletes, each on its index (an OR would scan the table).
    m_pruneDeliveries.prepare(u"DELETE FROM deliveries WHERE id <= ?"_s);
    m_pruneOldDeliveries.prepare(u"DELETE FROM deliveries WHERE received < ?"_s);
    m_saveAttempt.prepare(
        u"INSERT INTO forward_attempts (delivery_id, target, attempt, status, "
        u"latency_ms, response_head, error, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    m_saveCursor.prepare(u"INSERT INTO source_cursors (source, cursor, updated) "
                         u"VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET "
                         u"cursor = excluded.cursor, updated = excluded.updated"_s);
    m_loadJob.prepare(
        u"SELECT %1 FROM jobs WHERE key = ?%2"_s.arg(sql::jobColumns(), m_dialect.lockingRead()));
    m_loadStep.prepare(
        u"SELECT %1 FROM steps WHERE job_id = ? AND idx = ?"_s.arg(sql::stepColumns()));
    // The unique eid index turns a duplicate into "no row inserted" (4x faster than
    // checking first with INSERT ... SELECT ... WHERE NOT EXISTS): no row returned.
    m_insertEvent.prepare(u"INSERT INTO events (eid, job, type, time, received, body) "
                          u"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq"_s);
    const QString jobFields = u"title = :title, kind = :kind, url = :url, state = :state, "
                              u"error = :error, status = :status, progress = :progress, "
                              u"progress_known = :pk, step_total = :st, step_index = :si, "
                              u"step_name = :sn, steps_done = :sd, created = :created, "
                              u"started = :started, finished = :finished, updated = :updated, "
                              u"duration = :duration, event_count = :ec, last_seq = :ls, "
                              u"source = :source, log_lines = :ll, log_bytes = :lb, "
                              u"parent = :parent, labels = :labels"_s;
    m_insertJob.prepare(u"INSERT INTO jobs (key, status) VALUES (:key, 0) RETURNING id"_s);
    m_indexMessage.prepare(m_dialect.indexInsert(u"events_fts"_s, { u"message"_s }));
    m_indexJob.prepare(
        m_dialect.indexInsert(u"jobs_fts"_s, { u"key"_s, u"title"_s, u"kind"_s, u"error"_s }));
    m_unindexJob.prepare(u"DELETE FROM jobs_fts WHERE rowid = ?"_s);
    m_updateJob.prepare(u"UPDATE jobs SET %1 WHERE id = :id"_s.arg(jobFields));
    m_clearLabels.prepare(u"DELETE FROM job_labels WHERE job_id = ?"_s);
    m_insertLabel.prepare(u"INSERT INTO job_labels (job_id, name, value) VALUES (?, ?, ?)"_s);
    m_upsertStep.prepare(
        u"INSERT INTO steps (job_id, idx, name, status, started, finished, duration, details) "
        u"VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, idx) DO UPDATE SET "
        u"name = excluded.name, status = excluded.status, started = excluded.started, "
        u"finished = excluded.finished, duration = excluded.duration, "
        u"details = excluded.details"_s);
}

bool WriteTransaction::apply(const QList<Event> &events, const QStringList &bodies,
    IngestResult &result, Changes &changes, QString *error)
{
    QHash<QString, Job> jobs;
    QStringList jobOrder; // first appearance: new jobs get their rowids in this order
    QHash<QString, QStringList> indexed; // each job's searched fields before this batch
    QHash<QString, QMap<QString, QString>> labelled; // each job's labels before this batch
    QHash<QPair<QString, int>, Step> steps;
    QList<QPair<QString, int>> changedSteps;
    m_serialisedInBatch = false;
    m_notifySeqBeforeBatch = m_notifySeq;
    if (!events.isEmpty() && m_dialect.isPostgres() && !m_serialised) {
        // Before the first event row: its seq is taken, and the jobs read, behind every
        // other node's event transaction that holds the lock (see serialiseEventWriters).
        if (!run(m_serialise, error)) {
            return false;
        }
        m_serialise.finish();
        m_serialised = m_serialisedInBatch = true;
    }
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
        if (!m_insertEvent.next()) {
            ++result.duplicates; // counted, not applied
            continue;
        }
        const qint64 seq = m_insertEvent.value(0).toLongLong();
        m_insertEvent.finish();
        auto jobIt = jobs.find(e.job);
        if (jobIt == jobs.end()) {
            auto loaded = m_useCache && m_cache.jobs.contains(e.job)
                ? std::optional(m_cache.jobs.value(e.job))
                : loadJob(e.job, error);
            if (!loaded) {
                return false;
            }
            jobIt = jobs.insert(e.job, *loaded);
            jobOrder.append(e.job);
            indexed.insert(e.job, searchedFields(*loaded));
            labelled.insert(e.job, loaded->labels);
        }
        Job &job = *jobIt;
        // A log event's lines go to the log's own index (LogWriter), other messages here.
        if (!m_log.append(job, seq, e, error)) {
            return false;
        }
        if (e.type != EventType::Log && !e.message.isEmpty()) {
            m_dialect.bindIndexed(m_indexMessage, seq, { e.message });
            if (!run(m_indexMessage, error)) {
                return false;
            }
        }
        Step scratch;
        Step *step = &scratch;
        if (e.step) {
            const QPair<QString, int> stepKey { e.job, e.step->index };
            auto stepIt = steps.find(stepKey);
            if (stepIt == steps.end()) {
                auto loaded = m_useCache && m_cache.steps.contains(stepKey)
                    ? std::optional(m_cache.steps.value(stepKey))
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
        m_notifySeq = std::max(m_notifySeq, seq);
        ++result.accepted;
        changes.events.append(StoredEvent { seq, e });
    }
    for (const QString &key : std::as_const(jobOrder)) {
        Job &job = jobs[key];
        const bool isNew = job.rowId == 0;
        if (!m_log.limit(job, m_maxLogBytes, error)) {
            return false;
        }
        if (!saveJob(job, error) || !indexJob(job, isNew, indexed.value(key), error)) {
            return false;
        }
        if (job.labels != labelled.value(key) && !saveLabels(job, error)) {
            return false;
        }
    }
    for (const auto &key : changedSteps) {
        if (!saveStep(jobs.value(key.first).rowId, steps.value(key), error)) {
            return false;
        }
        changes.steps.append({ key.first, steps.value(key) });
    }
    if (m_useCache) {
        m_cache.remember(jobs, steps);
    }
    if (changes.events.size() > firstEvent) {
        for (const QString &key : std::as_const(jobOrder)) {
            changes.jobs.append(jobs.value(key));
        }
    }
    return true;
}

bool WriteTransaction::saveCursor(const SourceCursor &cursor, QString *error)
{
    m_saveCursor.addBindValue(cursor.source);
    m_saveCursor.addBindValue(cursor.value);
    m_saveCursor.addBindValue(QDateTime::currentMSecsSinceEpoch());
    return run(m_saveCursor, error);
}

bool WriteTransaction::saveDelivery(const Delivery &d, QString *error, qint64 *id)
{
    deliveryrow::bind(m_saveDelivery, d);
    if (!run(m_saveDelivery, error) || !returned(m_saveDelivery, error)) {
        return false;
    }
    const qint64 rowId = m_saveDelivery.value(0).toLongLong();
    m_saveDelivery.finish();
    if (id) {
        *id = rowId;
    }
    // Pruned in small steps as it goes: at most one delete per hundred deliveries.
    if (++m_deliveriesSincePrune >= 100) {
        m_deliveriesSincePrune = 0;
        m_pruneDeliveries.addBindValue(rowId - Store::MaxDeliveries);
        m_pruneOldDeliveries.addBindValue(QDateTime::currentDateTimeUtc()
                                              .addDays(-Store::MaxDeliveryAgeDays)
                                              .toMSecsSinceEpoch());
        return run(m_pruneDeliveries, error) && run(m_pruneOldDeliveries, error);
    }
    return true;
}

bool WriteTransaction::saveAttempt(const ForwardAttempt &a, QString *error)
{
    for (const QVariant &v : { QVariant(a.deliveryId), QVariant(a.target), QVariant(a.attempt),
             QVariant(a.status), QVariant(a.latencyMs), QVariant(a.responseHead),
             a.error.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(a.error),
             QVariant(a.time.toMSecsSinceEpoch()) }) {
        m_saveAttempt.addBindValue(v);
    }
    return run(m_saveAttempt, error);
}

bool WriteTransaction::run(QSqlQuery &q, QString *error)
{
    if (q.exec()) {
        return true;
    }
    *error = q.lastError().text();
    return false;
}

bool WriteTransaction::returned(QSqlQuery &q, QString *error)
{
    if (q.next()) {
        return true;
    }
    *error = u"the database returned no row id"_s;
    return false;
}

std::optional<Job> WriteTransaction::loadJob(const QString &key, QString *error)
{
    m_loadJob.addBindValue(key);
    if (!run(m_loadJob, error)) {
        return std::nullopt;
    }
    Job job = m_loadJob.next() ? sql::readJob(m_loadJob) : Job();
    m_loadJob.finish();
    return job;
}

std::optional<Step> WriteTransaction::loadStep(qint64 jobId, int index, QString *error)
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

bool WriteTransaction::saveJob(Job &job, QString *error)
{
    if (job.rowId == 0) {
        m_insertJob.bindValue(u":key"_s, job.key);
        if (!run(m_insertJob, error) || !returned(m_insertJob, error)) {
            return false;
        }
        job.rowId = m_insertJob.value(0).toLongLong();
        m_insertJob.finish();
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
    q.bindValue(u":ll"_s, job.logLines);
    q.bindValue(u":lb"_s, job.logBytes);
    q.bindValue(u":parent"_s, job.parent);
    q.bindValue(u":labels"_s,
        QString::fromUtf8(QJsonDocument(labelsJson(job.labels)).toJson(QJsonDocument::Compact)));
    q.bindValue(u":id"_s, job.rowId);
    return run(q, error);
}

QStringList WriteTransaction::searchedFields(const Job &job)
{
    return { job.key, job.title, job.kind, job.error };
}

/** Keeps jobs_fts in step with a saved job: its fields when new, again when they changed. */
bool WriteTransaction::indexJob(
    const Job &job, bool isNew, const QStringList &before, QString *error)
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
    m_dialect.bindIndexed(m_indexJob, job.rowId, fields);
    return run(m_indexJob, error);
}

bool WriteTransaction::saveStep(qint64 jobId, const Step &s, QString *error)
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

bool WriteTransaction::saveLabels(const Job &job, QString *error)
{
    m_clearLabels.addBindValue(job.rowId);
    if (!run(m_clearLabels, error)) {
        return false;
    }
    for (auto it = job.labels.begin(); it != job.labels.end(); ++it) {
        m_insertLabel.addBindValue(job.rowId);
        m_insertLabel.addBindValue(it.key());
        m_insertLabel.addBindValue(it.value());
        if (!run(m_insertLabel, error)) {
            return false;
        }
    }
    return true;
}

void WriteTransaction::forgetCache()
{
    m_cache.clear();
}

void WriteTransaction::batchRolledBack()
{
    forgetCache(); // its events may have been applied before the cursor or delivery failed
    m_notifySeq = m_notifySeqBeforeBatch;
    if (m_serialisedInBatch) {
        m_serialised = false; // a lock taken after a savepoint goes with its rollback
    }
    m_serialisedInBatch = false;
}

bool WriteTransaction::beforeCommit(QString *error)
{
    if (m_notifySeq == 0 || !m_dialect.isPostgres()) {
        return true;
    }
    // Delivered to every listening node when (and only if) the transaction commits; the
    // sequence only: readers take the events from the table.
    m_notify.addBindValue(QString::number(m_notifySeq));
    if (!run(m_notify, error)) {
        return false;
    }
    m_notify.finish();
    return true;
}

void WriteTransaction::transactionEnded()
{
    m_serialised = false;
    m_serialisedInBatch = false;
    m_notifySeq = 0;
    m_notifySeqBeforeBatch = 0;
}

} // namespace jobpulse
