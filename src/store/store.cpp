#include "store.h"

#include "databaselock.h"
#include "deliveryrow.h"
#include "dialect.h"
#include "logging.h"
#include "logwriter.h"
#include "schema.h"
#include "writer.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThreadPool>
#include <QUuid>
#include <algorithm>
#include <future>
#include <limits>
#include <sqlite3.h>
#ifdef JOBPULSE_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// A file that SQLite cannot read as a database is moved aside, never wiped.
bool moveAsideIfCorrupt(const QString &path, QString *message)
{
    if (!QFileInfo::exists(path) || QFileInfo(path).size() == 0) {
        return true;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return true; // let SQLite report why it cannot open it
    }
    const QByteArray header = file.read(16);
    file.close();
    if (header == QByteArrayView("SQLite format 3\0", 16)) {
        return true;
    }
    const QString aside =
        path + u".corrupt-"_s + QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
    if (!QFile::rename(path, aside)) {
        *message = u"%1 is not a SQLite database and could not be moved aside"_s.arg(path);
        return false;
    }
    QFile::rename(path + u"-wal"_s, aside + u"-wal"_s);
    QFile::remove(path + u"-shm"_s);
    qCWarning(lcStore).noquote() << path << "is not a SQLite database; moved it to" << aside
                                 << "and started a new one";
    return true;
}

} // namespace

Store::Store(QObject *parent)
    : QObject(parent)
{ }

Store::~Store()
{
    close();
}

QString Store::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/jobpulse.db"_s;
}

int Store::schemaVersion()
{
    return sql::latestVersion();
}

namespace {

// The target @p text names, or nullopt with @p error; PostgreSQL only with its Qt driver.
std::optional<StoreTarget> targetOf(const QString &text, QString *error)
{
    auto target = StoreTarget::parse(text, error);
    if (target && target->isPostgres() && !QSqlDatabase::isDriverAvailable(u"QPSQL"_s)) {
        *error = u"--db %1: Qt's PostgreSQL driver (QPSQL, Debian package libqt6sql6-psql) "
                 u"is not installed"_s.arg(target->displayName());
        return std::nullopt;
    }
    return target;
}

QString newConnectionName()
{
    return u"jobpulse-read-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

bool Store::open(const QString &path, Durability durability, QString *error)
{
    close();
    m_lockHolderPid = 0;
    const auto target = targetOf(path, error);
    if (!target) {
        return false;
    }
    if (target->isPostgres()) {
        // The server serialises writers (and item 2 of issue 16 lets several receivers share
        // one database): no lock file, no file to move aside.
        return startWriter(path, *target, durability, nullptr, error);
    }
    QString message;
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = u"cannot create the folder %1"_s.arg(info.absolutePath());
        return false;
    }
    // Locked before anything touches the file: a second writer would cache job states that
    // the first one changes behind its back, and move a file aside that is in use.
    auto lock = std::make_unique<DatabaseLock>(path);
    if (!lock->tryLock(error)) {
        m_lockHolderPid = lock->holderPid();
        return false;
    }
    m_lockHolderPid = 0;
    if (!moveAsideIfCorrupt(path, &message)) {
        *error = message;
        return false;
    }
    return startWriter(path, *target, durability, std::move(lock), error);
}

bool Store::startWriter(const QString &location, const StoreTarget &target, Durability durability,
    std::unique_ptr<DatabaseLock> lock, QString *error)
{
    QString message;
    auto writer = std::make_unique<StoreWriter>(this, target, durability);
    writer->setSilencePolicy(m_silence, m_sweepIntervalMs);
    writer->setClock(m_clock);
    writer->setLeading(m_leading);
    writer->start();
    if (!writer->waitReady(&message)) {
        *error = u"cannot open the database %1: %2"_s.arg(target.displayName(), message);
        return false;
    }
    m_readConnection = newConnectionName();
    QSqlDatabase db = target.addConnection(m_readConnection);
    if (!db.open()) {
        *error =
            u"cannot open the database %1: %2"_s.arg(target.displayName(), db.lastError().text());
        return false;
    }
    addLogSearchFunction(db);
    m_path = target.isPostgres() ? target.displayName() : target.path;
    m_location = location;
    m_openedAs = target;
    m_writer = std::move(writer);
    m_lock = std::move(lock);
    qCInfo(lcStore).noquote() << "database" << target.displayName();
    return true;
}

bool Store::openReadOnly(const QString &path, QString *error)
{
    close();
    const auto target = targetOf(path, error);
    if (!target) {
        return false;
    }
    if (!target->isPostgres() && !QFileInfo::exists(path)) {
        *error = u"no database at %1"_s.arg(path);
        return false;
    }
    m_readConnection = newConnectionName();
    QSqlDatabase db = target->addConnection(m_readConnection);
    if (!target->isPostgres()) {
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
    }
    QString why;
    const int version = !db.open()              ? -1
        : Dialect::of(db).setUpReader(db, &why) ? Dialect::of(db).schemaVersion(db, &why)
                                                : -1;
    if (version < 0) {
        *error = u"cannot read the database %1: %2"_s.arg(
            target->displayName(), db.isOpen() ? why : db.lastError().text());
        db = QSqlDatabase();
        close();
        return false;
    }
    addLogSearchFunction(db);
    if (version > sql::latestVersion()) {
        *error = u"%1 was written by a newer Jobpulse (schema %2)"_s.arg(target->displayName())
                     .arg(version);
        db = QSqlDatabase();
        close();
        return false;
    }
    m_path = target->isPostgres() ? target->displayName() : path;
    m_location = path;
    m_openedAs = *target;
    return true;
}

void Store::close()
{
    {
        const std::lock_guard lock(m_pgCancelMutex);
        m_pgCancel.reset();
    }
    if (m_writer) {
        m_writer->stop(); // writes what is queued first
        m_writer.reset();
    }
    m_lock.reset(); // after the last write
    if (!m_readConnection.isEmpty()) {
        QSqlDatabase::database(m_readConnection, false).close();
        QSqlDatabase::removeDatabase(m_readConnection);
        m_readConnection.clear();
    }
    m_openedAs = StoreTarget();
}

/** @brief A PostgreSQL connection's cancel handle (PQgetCancel): usable from any thread. */
struct PgCancel
{
#ifdef JOBPULSE_HAVE_LIBPQ
    explicit PgCancel(PGcancel *c)
        : cancel(c)
    { }
    ~PgCancel()
    {
        PQfreeCancel(cancel);
    }
    PgCancel(const PgCancel &) = delete;
    PgCancel &operator=(const PgCancel &) = delete;
    PGcancel *cancel;
#endif
};

void Store::setReadCancel(const std::atomic<bool> *cancel)
{
    m_readCancel = cancel;
    const QSqlDatabase db = readDb();
    const QVariant handle = db.isValid() && db.driver() ? db.driver()->handle() : QVariant();
    // QPSQL hands out its PGconn (registered as libpq's struct name, "pg_conn*").
    if (handle.isValid()
        && (qstrcmp(handle.typeName(), "pg_conn*") == 0
            || qstrcmp(handle.typeName(), "PGconn*") == 0)) {
#ifdef JOBPULSE_HAVE_LIBPQ
        // The server stops a backend's statement on a cancel request sent over a connection
        // of its own (interruptRead); it fails with SQLSTATE 57014, seen in exec().
        PGconn *connection = *static_cast<PGconn *const *>(handle.data());
        PGcancel *c = cancel ? PQgetCancel(connection) : nullptr;
        const std::lock_guard lock(m_pgCancelMutex);
        m_pgCancel = c ? std::make_shared<PgCancel>(c) : nullptr;
#endif
        return;
    }
    // QSQLITE hands out its sqlite3 handle; SQLite calls the progress handler every thousand
    // virtual machine steps, and a non-zero answer stops the statement (SQLITE_INTERRUPT).
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        return;
    }
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.data());
    if (!cancel) {
        sqlite3_progress_handler(connection, 0, nullptr, nullptr);
        return;
    }
    sqlite3_progress_handler(
        connection, 1000,
        [](void *flag) -> int { return static_cast<const std::atomic<bool> *>(flag)->load(); },
        const_cast<std::atomic<bool> *>(cancel));
}

void Store::interruptRead() const
{
    std::shared_ptr<PgCancel> pg;
    {
        const std::lock_guard lock(m_pgCancelMutex);
        pg = m_pgCancel;
    }
#ifdef JOBPULSE_HAVE_LIBPQ
    if (pg) {
        // PQcancel connects to the server: not on the caller's (the GUI's) thread.
        QThreadPool::globalInstance()->start([pg] {
            char error[256];
            if (!PQcancel(pg->cancel, error, sizeof error)) {
                qCDebug(lcStore) << "cancel request failed:" << error;
            }
        });
    }
#endif
}

void Store::submit(QList<Event> events, QObject *context, Callback done)
{
    submit(std::move(events), SourceCursor(), context, std::move(done));
}

void Store::setRetention(Retention retention, int pruneIntervalMs)
{
    if (m_writer) {
        m_writer->setRetention(retention, pruneIntervalMs);
    }
}

void Store::setSilencePolicy(SilencePolicy policy, int sweepIntervalMs)
{
    m_silence = policy;
    m_sweepIntervalMs = sweepIntervalMs;
    if (m_writer) {
        m_writer->setSilencePolicy(std::move(policy), sweepIntervalMs);
    }
}

void Store::setClock(Clock clock)
{
    m_clock = clock;
    if (m_writer) {
        m_writer->setClock(std::move(clock));
    }
}

void Store::setLeading(bool leading)
{
    m_leading = leading;
    if (m_writer) {
        m_writer->setLeading(leading);
    }
}

void Store::sweepSilentJobs(QObject *context, Callback done)
{
    if (m_writer) {
        m_writer->enqueueSweep(context, std::move(done));
    }
}

namespace {

// What the deliveries table keeps as plain text; the body is bytes and the headers JSON.
void replaceNul(Delivery &d)
{
    for (QString *text : { &d.path, &d.hook, &d.remote, &d.verdict, &d.reason }) {
        jobpulse::replaceNul(*text);
    }
}

} // namespace

void Store::recordDelivery(Delivery delivery)
{
    replaceNul(delivery);
    if (m_writer) {
        m_writer->enqueueDelivery(std::move(delivery));
    }
}

void Store::recordDelivery(Delivery delivery, QObject *context, std::function<void(qint64)> saved)
{
    replaceNul(delivery);
    if (m_writer) {
        m_writer->enqueueDelivery(
            std::move(delivery), context, [saved = std::move(saved)](const IngestResult &result) {
                if (result.status == IngestResult::Status::Committed && result.deliveryId > 0) {
                    saved(result.deliveryId);
                }
            });
    }
}

void Store::recordForwardAttempt(ForwardAttempt attempt)
{
    if (m_writer) {
        m_writer->enqueueAttempt(std::move(attempt));
    }
}

QList<ForwardAttempt> Store::forwardAttempts(qint64 deliveryId) const
{
    QList<ForwardAttempt> attempts;
    QSqlQuery q(readDb());
    q.prepare(u"SELECT id, delivery_id, target, attempt, status, latency_ms, response_head, "
              u"error, time FROM forward_attempts WHERE delivery_id = ? ORDER BY id"_s);
    q.addBindValue(deliveryId);
    if (exec(q, u"forwardAttempts"_s)) {
        while (q.next()) {
            ForwardAttempt a;
            a.id = q.value(0).toLongLong();
            a.deliveryId = q.value(1).toLongLong();
            a.target = q.value(2).toString();
            a.attempt = q.value(3).toInt();
            a.status = q.value(4).toInt();
            a.latencyMs = q.value(5).toDouble();
            a.responseHead = q.value(6).toByteArray();
            a.error = q.value(7).toString();
            a.time = sql::fromMs(q.value(8));
            attempts.append(std::move(a));
        }
    }
    return attempts;
}

bool Store::exec(QSqlQuery &q, const QString &what, const QString &sql) const
{
    // A prepare() that failed says why (no such table…); exec() would only add "Parameter
    // count mismatch" over it.
    const bool prepareFailed = sql.isEmpty() && q.lastError().isValid();
    if (!prepareFailed && (sql.isEmpty() ? q.exec() : q.exec(sql))) {
        return true;
    }
    const QString error = q.lastError().text();
    const QString code = q.lastError().nativeErrorCode();
    if (code == QString::number(SQLITE_INTERRUPT)) {
        qCDebug(lcStore).noquote() << "reading" << what << "interrupted";
        return false; // setReadCancel(): a newer read replaces it, nothing failed
    }
    QString failure = error;
    if (code == u"57014"_s) { // PostgreSQL's query_canceled: interruptRead()
        // The server acts on a cancel request when it arrives: one sent for the read before
        // this one can land here, on its PREPARE as well as its EXECUTE. A read that was not
        // asked to stop runs again, prepared again when its prepare was the one stopped.
        for (int again = 0; again < 3; ++again) {
            if (m_readCancel && m_readCancel->load()) {
                qCDebug(lcStore).noquote() << "reading" << what << "interrupted";
                return false;
            }
            qCDebug(lcStore).noquote() << "reading" << what << "hit a late cancel; again";
            bool ok = false;
            if (!sql.isEmpty()) {
                ok = q.exec(sql);
            } else if (prepareFailed) {
                const QString text = q.lastQuery();
                const QVariantList values = q.boundValues();
                ok = q.prepare(text);
                for (const QVariant &value : values) {
                    q.addBindValue(value);
                }
                ok = ok && q.exec();
            } else {
                ok = q.exec();
            }
            if (ok) {
                return true;
            }
            failure = q.lastError().text();
            if (q.lastError().nativeErrorCode() != u"57014"_s) {
                break;
            }
        }
    }
    qCWarning(lcStore).noquote() << "reading" << what << "failed:" << failure;
    Q_EMIT readFailed(what, failure);
    return false;
}

namespace {

// " AND hook = ? AND verdict = ?" for the fields @p filter sets, bound in that order.
QString deliveryWhere(const DeliveryFilter &filter)
{
    QString where;
    if (!filter.hook.isEmpty()) {
        where += u" AND hook = ?"_s;
    }
    if (!filter.verdict.isEmpty()) {
        where += u" AND verdict = ?"_s;
    }
    return where;
}

void bindFilter(QSqlQuery &q, const DeliveryFilter &filter)
{
    if (!filter.hook.isEmpty()) {
        q.addBindValue(filter.hook);
    }
    if (!filter.verdict.isEmpty()) {
        q.addBindValue(filter.verdict);
    }
}

} // namespace

QList<Delivery> Store::deliveries(int limit, qint64 before, const DeliveryFilter &filter) const
{
    QList<Delivery> result;
    QSqlQuery q(readDb());
    q.prepare(u"SELECT %1 FROM deliveries WHERE id < ?%2 ORDER BY id DESC LIMIT ?"_s.arg(
        deliveryrow::columns(), deliveryWhere(filter)));
    q.addBindValue(before > 0 ? before : std::numeric_limits<qint64>::max());
    bindFilter(q, filter);
    q.addBindValue(std::clamp(limit, 1, 1000));
    if (exec(q, u"deliveries"_s)) {
        while (q.next()) {
            result.append(deliveryrow::read(q));
        }
    }
    return result;
}

int Store::deliveryCount(const DeliveryFilter &filter, const QDateTime &since) const
{
    QSqlQuery q(readDb());
    q.prepare(
        u"SELECT COUNT(*) FROM deliveries WHERE received >= ?%1"_s.arg(deliveryWhere(filter)));
    q.addBindValue(since.toMSecsSinceEpoch());
    bindFilter(q, filter);
    return exec(q, u"deliveryCount"_s) && q.next() ? q.value(0).toInt() : 0;
}

QStringList Store::deliveryHooks() const
{
    QStringList hooks;
    QSqlQuery q(readDb());
    if (exec(q, u"deliveryHooks"_s,
            u"SELECT DISTINCT hook FROM deliveries WHERE hook <> '' ORDER BY hook"_s)) {
        while (q.next()) {
            hooks.append(q.value(0).toString());
        }
    }
    return hooks;
}

std::optional<Delivery> Store::delivery(qint64 id) const
{
    QSqlQuery q(readDb());
    q.prepare(u"SELECT %1 FROM deliveries WHERE id = ?"_s.arg(deliveryrow::columns()));
    q.addBindValue(id);
    if (!exec(q, u"delivery"_s) || !q.next()) {
        return std::nullopt;
    }
    return deliveryrow::read(q);
}

QList<Store::DeliveryMinute> Store::deliveriesPerMinute(const QDateTime &since) const
{
    QList<DeliveryMinute> minutes;
    QSqlQuery q(readDb());
    q.prepare(u"SELECT received / 60000, COUNT(*), "
              u"SUM(CASE WHEN verdict = 'rejected' THEN 1 ELSE 0 END) FROM deliveries "
              u"WHERE received >= ? GROUP BY 1 ORDER BY 1"_s);
    q.addBindValue(since.toMSecsSinceEpoch());
    if (exec(q, u"deliveriesPerMinute"_s)) {
        while (q.next()) {
            minutes.append(
                { QDateTime::fromMSecsSinceEpoch(q.value(0).toLongLong() * 60000, Qt::UTC),
                    q.value(1).toInt(), q.value(2).toInt() });
        }
    }
    return minutes;
}

QString Store::sourceCursor(const QString &source) const
{
    QSqlQuery q(readDb());
    q.prepare(u"SELECT cursor FROM source_cursors WHERE source = ?"_s);
    q.addBindValue(source);
    return exec(q, u"sourceCursor"_s) && q.next() ? q.value(0).toString() : QString();
}

void Store::submit(QList<Event> events, SourceCursor cursor, QObject *context, Callback done)
{
    if (!m_writer) {
        IngestResult result;
        result.error = u"the store is not open"_s;
        QMetaObject::invokeMethod(
            this, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
        return;
    }
    for (Event &e : events) {
        replaceNul(e);
    }
    m_writer->enqueue(std::move(events), std::move(cursor), context, std::move(done));
}

CommitStats Store::commitStats() const
{
    return m_writer ? m_writer->commitStats() : CommitStats();
}

QHash<JobStatus, qint64> Store::jobsByStatus() const
{
    QHash<JobStatus, qint64> counts;
    QSqlQuery q(readDb());
    if (!exec(q, u"jobsByStatus"_s, u"SELECT status, COUNT(*) FROM jobs GROUP BY status"_s)) {
        return counts;
    }
    while (q.next()) {
        counts.insert(JobStatus(q.value(0).toInt()), q.value(1).toLongLong());
    }
    return counts;
}

int Store::backlog() const
{
    return m_writer ? m_writer->backlog() : 0;
}

QString Store::writeError() const
{
    return m_writer ? m_writer->writeError() : QString();
}

bool Store::runOnWriter(const std::function<void(QSqlDatabase &)> &task)
{
    if (!m_writer) {
        return false;
    }
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> finished = done->get_future();
    m_writer->enqueueTask([task, done](QSqlDatabase &db) {
        task(db);
        done->set_value();
    });
    finished.wait();
    return true;
}

QSqlDatabase Store::readDb() const
{
    return QSqlDatabase::database(m_readConnection, false);
}

namespace {

// The jobs whose own fields match the search @p text, or one of whose events' messages
// does, or one of whose log chunks holds the words (only the @p recent newest events and
// chunks that match, when not 0), and its bound values. The log index has no phrases: its
// query asks for each token (a chunk may hold them on different lines); the newest chunks,
// not indexed yet, are read by their text, and are the newest of those that match.
std::pair<QString, QVariantList> ftsFilter(
    const Dialect &dialect, const QString &text, int recent = 0)
{
    const QString newest = recent > 0 ? u"ORDER BY 1 DESC LIMIT %1"_s.arg(recent) : QString();
    const auto [unindexed, unindexedValues] = unindexedChunksHolding(dialect, u"c"_s, text);
    const QString match = dialect.searchQuery(text);
    return { u"(id IN (SELECT rowid FROM jobs_fts WHERE %1) OR "
             u"key IN (SELECT job FROM events WHERE seq IN "
             u"(SELECT rowid FROM events_fts WHERE %2 %4)) OR "
             u"key IN (SELECT job FROM log_chunks WHERE seq > 0 AND id IN "
             u"(SELECT rowid FROM log_fts WHERE %3 UNION ALL "
             u"SELECT c.id FROM log_chunks c WHERE %5 %4)))"_s.arg(
                 dialect.indexMatch(u"jobs_fts"_s), dialect.indexMatch(u"events_fts"_s),
                 dialect.indexMatch(u"log_fts"_s), newest, unindexed),
        QVariantList { match, match, dialect.tokenQuery(text) } + unindexedValues };
}

// How long a finished run took: the duration it reported, else its own timestamps.
const QString runSeconds =
    u"COALESCE(duration, (finished - COALESCE(started, created)) / 1000.0)"_s;

/** The WHERE clause (empty, or "WHERE …") of @p query's filter and its bound values. */
std::pair<QString, QVariantList> jobFilter(const Dialect &dialect, const JobQuery &query)
{
    QStringList where;
    QVariantList values;
    if (query.status) {
        where << u"status = ?"_s;
        values << static_cast<int>(*query.status);
    }
    if (!query.kind.isEmpty()) {
        where << u"kind = ?"_s;
        values << query.kind;
    }
    if (!query.source.isEmpty()) {
        where << u"source = ?"_s;
        values << query.source;
    }
    if (!query.parent.isEmpty()) {
        where << u"parent = ?"_s;
        values << query.parent;
    }
    for (const auto &[name, value] : query.labels) {
        where << u"id IN (SELECT job_id FROM job_labels WHERE name = ? AND value = ?)"_s;
        values << name << value;
    }
    if (!query.search.isEmpty()) {
        const auto [condition, conditionValues] = ftsFilter(dialect, query.search);
        where << condition;
        values << conditionValues;
    }
    if (query.createdFrom.isValid()) {
        where << u"created >= ?"_s;
        values << query.createdFrom.toMSecsSinceEpoch();
    }
    if (query.createdBefore.isValid()) {
        where << u"created < ?"_s;
        values << query.createdBefore.toMSecsSinceEpoch();
    }
    if (query.before > 0) {
        where << u"id < ?"_s;
        values << query.before;
    }
    return { where.isEmpty() ? QString() : u"WHERE "_s + where.join(u" AND "_s), values };
}

} // namespace

JobPage Store::jobs(const JobQuery &query) const
{
    JobPage page;
    const auto [where, values] = jobFilter(Dialect::of(readDb()), query);
    const int limit = std::clamp(query.limit, 1, 1000);
    QSqlQuery q(readDb());
    q.prepare(u"SELECT %1 FROM jobs %2 ORDER BY id DESC LIMIT %3"_s.arg(
        sql::jobColumns(), where, QString::number(limit + 1)));
    for (const QVariant &v : std::as_const(values)) {
        q.addBindValue(v);
    }
    if (!exec(q, u"jobs"_s)) {
        return page;
    }
    while (q.next()) {
        if (page.jobs.size() == limit) {
            page.next = page.jobs.last().rowId;
            break;
        }
        page.jobs.append(sql::readJob(q));
    }
    return page;
}

qint64 Store::countJobs(JobQuery query) const
{
    query.before = 0;
    const auto [where, values] = jobFilter(Dialect::of(readDb()), query);
    QSqlQuery q(readDb());
    q.prepare(u"SELECT COUNT(*) FROM jobs "_s + where);
    for (const QVariant &v : values) {
        q.addBindValue(v);
    }
    return exec(q, u"count jobs"_s) && q.next() ? q.value(0).toLongLong() : 0;
}

QStringList Store::searchJobKeys(const QString &text, int limit) const
{
    QStringList keys;
    QSqlQuery q(readDb());
    // Only the newest matching events: a word in nearly every log line of a large history
    // would otherwise map hundreds of thousands of events to their jobs (0.8 s for 500,000
    // on this machine, on the GUI thread) for a list that shows the newest jobs anyway.
    const Dialect &dialect = Dialect::of(readDb());
    const auto [condition, values] = ftsFilter(dialect, text, SearchRecentEvents);
    q.prepare(u"SELECT key FROM jobs WHERE %1 ORDER BY id DESC LIMIT %2"_s.arg(
        condition, QString::number(std::clamp(limit, 1, 100000))));
    for (const QVariant &value : values) {
        q.addBindValue(value);
    }
    if (!exec(q, u"searchJobKeys"_s)) {
        return keys;
    }
    while (q.next()) {
        keys.append(q.value(0).toString());
    }
    return keys;
}

std::optional<Job> Store::jobSnapshot(const QString &key) const
{
    QSqlQuery q(readDb());
    q.prepare(u"SELECT %1 FROM jobs WHERE key = ?"_s.arg(sql::jobColumns()));
    q.addBindValue(key);
    if (!exec(q, u"jobSnapshot"_s) || !q.next()) {
        return std::nullopt;
    }
    return sql::readJob(q);
}

KindTrend Store::kindTrend(const QString &kind, int lastRuns) const
{
    KindTrend trend;
    if (kind.isEmpty()) {
        return trend;
    }
    QSqlQuery runs(readDb());
    runs.prepare(u"SELECT id, key, status, COALESCE(%1, 0) FROM jobs WHERE kind = ? AND "
                 u"status >= ? AND status <> ? ORDER BY id DESC LIMIT ?"_s.arg(runSeconds));
    runs.addBindValue(kind);
    runs.addBindValue(static_cast<int>(JobStatus::Succeeded));
    runs.addBindValue(static_cast<int>(JobStatus::Stalled)); // under way, not finished
    runs.addBindValue(std::clamp(lastRuns, 1, 1000));
    if (!exec(runs, u"kindTrend"_s)) {
        return trend;
    }
    QStringList ids;
    QList<double> seconds;
    int succeeded = 0;
    while (runs.next()) {
        ids << QString::number(runs.value(0).toLongLong());
        KindTrend::Run run { runs.value(1).toString(),
            static_cast<JobStatus>(runs.value(2).toInt()),
            std::max(0.0, runs.value(3).toDouble()) };
        succeeded += run.status == JobStatus::Succeeded ? 1 : 0;
        seconds << run.seconds;
        trend.runs.prepend(run);
    }
    if (trend.runs.isEmpty()) {
        return trend;
    }
    trend.successRate = double(succeeded) / double(trend.runs.size());
    trend.p50 = percentile(seconds, 0.5);
    trend.p90 = percentile(seconds, 0.9);
    QSqlQuery steps(readDb());
    steps.prepare(u"SELECT idx, MAX(name), COUNT(*) AS n FROM steps WHERE status = ? AND job_id IN "
                  u"(%1) GROUP BY idx ORDER BY n DESC, idx LIMIT 1"_s.arg(ids.join(u',')));
    steps.addBindValue(static_cast<int>(StepStatus::Failed));
    if (exec(steps, u"kindTrend"_s) && steps.next()) {
        trend.failingStepIndex = steps.value(0).toInt();
        trend.failingStep = steps.value(1).toString();
        trend.failingStepCount = steps.value(2).toInt();
    }
    return trend;
}

KindHistory Store::kindHistory(const QString &kind, int lastRuns) const
{
    KindHistory history;
    if (kind.isEmpty()) {
        return history;
    }
    QSqlQuery runs(readDb());
    runs.prepare(
        u"SELECT id, %1 FROM jobs WHERE kind = ? AND status = ? ORDER BY id DESC LIMIT ?"_s.arg(
            runSeconds));
    runs.addBindValue(kind);
    runs.addBindValue(static_cast<int>(JobStatus::Succeeded));
    runs.addBindValue(std::clamp(lastRuns, 1, 1000));
    if (!exec(runs, u"kindHistory"_s)) {
        return history;
    }
    QStringList ids;
    QList<double> durations;
    while (runs.next()) {
        ids.append(QString::number(runs.value(0).toLongLong()));
        if (!runs.value(1).isNull()) {
            durations.append(runs.value(1).toDouble());
        }
    }
    history.runs = int(ids.size());
    if (!durations.isEmpty()) {
        history.durationMedian = median(durations);
    }
    if (ids.isEmpty()) {
        return history;
    }
    QSqlQuery steps(readDb());
    QHash<int, QList<double>> byIndex;
    if (exec(steps, u"kindHistory"_s,
            u"SELECT idx, duration FROM steps WHERE duration IS NOT NULL AND job_id IN (%1)"_s.arg(
                ids.join(u',')))) {
        while (steps.next()) {
            byIndex[steps.value(0).toInt()].append(steps.value(1).toDouble());
        }
    }
    for (auto it = byIndex.begin(); it != byIndex.end(); ++it) {
        history.stepMedian.insert(it.key(), median(it.value()));
    }
    // The newest run's steps: what a running job of the kind still has ahead of it.
    QSqlQuery names(readDb());
    names.prepare(u"SELECT idx, name FROM steps WHERE job_id = ?"_s);
    names.addBindValue(ids.constFirst().toLongLong());
    if (exec(names, u"kindHistory"_s)) {
        while (names.next()) {
            history.stepNames.insert(names.value(0).toInt(), names.value(1).toString());
        }
    }
    return history;
}

QList<Step> Store::steps(const QString &key) const
{
    QList<Step> result;
    QSqlQuery q(readDb());
    q.prepare(u"SELECT %1 FROM steps WHERE job_id = (SELECT id FROM jobs WHERE key = ?) "
              u"ORDER BY idx"_s.arg(sql::stepColumns()));
    q.addBindValue(key);
    if (exec(q, u"steps"_s)) {
        while (q.next()) {
            result.append(sql::readStep(q));
        }
    }
    return result;
}

std::optional<JobDetail> Store::job(const QString &key, int recentEvents) const
{
    auto job = jobSnapshot(key);
    if (!job) {
        return std::nullopt;
    }
    JobDetail detail { *job, steps(key), {}, std::nullopt };
    if (job->status == JobStatus::Running) {
        detail.eta = estimateRemaining(
            *job, detail.steps, kindHistory(job->kind), QDateTime::currentDateTimeUtc());
    }
    QSqlQuery q(readDb());
    q.prepare(u"SELECT seq, body FROM events WHERE job = ? ORDER BY seq DESC LIMIT ?"_s);
    q.addBindValue(key);
    q.addBindValue(std::clamp(recentEvents, 0, 10000));
    if (exec(q, u"job"_s)) {
        detail.recent = readEvents(q, u"job"_s);
        std::reverse(detail.recent.begin(), detail.recent.end());
    }
    return detail;
}

QList<StoredEvent> Store::eventsAfter(qint64 after, int limit, const QString &job) const
{
    QSqlQuery q(readDb());
    q.prepare(job.isEmpty()
            ? u"SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?"_s
            : u"SELECT seq, body FROM events WHERE job = ? AND seq > ? ORDER BY seq LIMIT ?"_s);
    if (!job.isEmpty()) {
        q.addBindValue(job);
    }
    q.addBindValue(after);
    q.addBindValue(std::clamp(limit, 1, 10000));
    return exec(q, u"eventsAfter"_s) ? readEvents(q, u"eventsAfter"_s) : QList<StoredEvent>();
}

qint64 Store::lastSeq() const
{
    QSqlQuery q(readDb());
    if (exec(q, u"lastSeq"_s, u"SELECT COALESCE(MAX(seq), 0) FROM events"_s) && q.next()) {
        return q.value(0).toLongLong();
    }
    return 0;
}

} // namespace jobpulse
