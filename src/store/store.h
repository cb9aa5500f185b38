#pragma once

#include "core/eta.h"
#include "core/silence.h"
#include "store/commitstats.h"
#include "store/dialect.h"
#include "store/types.h"

#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace jobpulse {

class DatabaseLock;
class StoreWriter;
struct PgCancel;

/**
 * @brief The store, in a SQLite file or a PostgreSQL database (StoreTarget): one writer thread that
 * groups concurrent batches into one transaction (group commit), and reads on the calling thread's
 * own connection.
 *
 * Every batch is applied all-or-nothing inside a savepoint; its callback runs on the
 * context's thread only after the transaction that holds it has committed.
 *
 * Where the parts live: the value types in types.h, the writer thread in writer.h, what it
 * writes per batch in transaction.h, the delivery row's codec in deliveryrow.h, the schema
 * and the job/step/event row readers in schema.h.
 */
class Store : public QObject
{
    Q_OBJECT
public:
    explicit Store(QObject *parent = nullptr);
    ~Store() override;

    /** Opens (creating and migrating) the database and starts the writer; @p path is a file
     *  or a postgresql:// URL (StoreTarget). Refused while another writer holds a SQLite
     *  file's lock (DatabaseLock): @p error names its pid, and lockHolderPid() returns it. */
    bool open(const QString &path, Durability durability, QString *error);
    /** The pid holding the lock when the last open() was refused for it (-1: unknown); 0
     *  when it was not refused for the lock. */
    qint64 lockHolderPid() const { return m_lockHolderPid; }
    /** Opens an existing database for reading only (the CLI's offline verbs): no writer,
     *  no migration, works while the app has it open. */
    bool openReadOnly(const QString &path, QString *error);
    void close();
    /** While *@p cancel is true, the read running on this store's read connection stops (it
     *  fails as interrupted, which is not reported as a read failure). SQLite checks it every
     *  thousand steps of the query; set on the connection's thread; nullptr: never. */
    void setReadCancel(const std::atomic<bool> *cancel);
    /** Stops the read running on the read connection now; safe from any thread. SQLite
     *  needs nothing more than setReadCancel's flag; PostgreSQL's server is sent a cancel
     *  request for the connection's backend (PQcancel, off the calling thread). */
    void interruptRead() const;
    bool isOpen() const { return m_writer != nullptr; }
    /** The file, or the PostgreSQL URL without its password. */
    QString path() const { return m_path; }
    /** What to give another Store's open() or openReadOnly() for this database (a URL with
     *  its password: not for showing). */
    QString location() const { return m_location; }
    bool isPostgres() const { return m_openedAs.isPostgres(); }

    static QString defaultPath();
    static int schemaVersion();

    using Callback = std::function<void(const IngestResult &)>;
    /** Queues @p events as one all-or-nothing batch; @p done runs on the store's thread,
     *  after the commit, unless @p context was destroyed meanwhile. */
    void submit(QList<Event> events, QObject *context, Callback done);
    /** As above, and @p cursor is stored in the same transaction as the events: a source
     *  that resumes from its stored cursor neither loses nor repeats events. */
    void submit(QList<Event> events, SourceCursor cursor, QObject *context, Callback done);
    /** Prunes, while the writer is idle, events past @p retention (and finished jobs older
     *  than its days) in small steps; the newest event always stays. */
    void setRetention(Retention retention, int pruneIntervalMs = 10000);
    /** Marks silent jobs (SilencePolicy): the writer sweeps every @p sweepIntervalMs and
     *  commits `job.stalled` / `job.lost` events, so every reader sees the new states. */
    void setSilencePolicy(SilencePolicy policy, int sweepIntervalMs = 30000);
    using Clock = std::function<QDateTime()>;
    /** What "now" is for the sweep; tests set a fake clock (before or after open()). */
    void setClock(Clock clock);
    /** Sweeps at once; @p done answers (after the commit) with how many jobs changed in
     *  IngestResult::accepted. */
    void sweepSilentJobs(QObject *context, Callback done);
    /** Whether this node leads the nodes on its database (Leadership): only the leader sweeps
     *  for silent jobs and prunes on its own. True until told otherwise. */
    void setLeading(bool leading);
    bool isLeading() const { return m_leading; }

    /** Keeps @p delivery for the inspector (written by the writer, never waited for). Beyond
     *  MaxDeliveries or MaxDeliveryAgeDays the oldest are pruned. */
    void recordDelivery(Delivery delivery);
    /** As above, always written; @p saved gets its id once it is (not when @p context is
     *  gone, or the store could not write it). */
    void recordDelivery(Delivery delivery, QObject *context, std::function<void(qint64)> saved);
    /** Keeps one forwarding attempt for the inspector (never waited for). */
    void recordForwardAttempt(ForwardAttempt attempt);
    /** Every attempt to forward delivery @p deliveryId, oldest first. */
    QList<ForwardAttempt> forwardAttempts(qint64 deliveryId) const;
    /** Newest first; @p before is the id to continue below (0 = from the newest); only
     *  those @p filter matches. */
    QList<Delivery> deliveries(
        int limit, qint64 before = 0, const DeliveryFilter &filter = {}) const;
    /** How many deliveries @p filter matches that arrived at or after @p since. */
    int deliveryCount(const DeliveryFilter &filter, const QDateTime &since) const;
    /** The names of the hooks that took the deliveries kept, sorted. */
    QStringList deliveryHooks() const;
    std::optional<Delivery> delivery(qint64 id) const;
    using DeliveryMinute = jobpulse::DeliveryMinute;
    /** Deliveries per minute since @p since (the inspector's sparkline): minutes with none
     *  are left out; oldest first. */
    QList<DeliveryMinute> deliveriesPerMinute(const QDateTime &since) const;
    static constexpr int MaxDeliveries = 10000;
    static constexpr int MaxDeliveryAgeDays = 7;

    /** The source's stored cursor; empty when it has none. */
    QString sourceCursor(const QString &source) const;
    /** The writer's transactions so far: count, events, seconds (GET /metrics). */
    CommitStats commitStats() const;
    /** Stored jobs per status (GET /metrics). */
    QHash<JobStatus, qint64> jobsByStatus() const;
    /** Batches waiting for the writer; ingest refuses with 503 past a bound. */
    int backlog() const;
    /** Why writing fails (disk full, locked, read-only) while it does; empty while commits
     *  succeed. Once failing, the writer tries again every second, so this clears itself. */
    QString writeError() const;
    /** Runs @p task on the writer's own connection between transactions and waits for it
     *  (false when the store is not open). Tests inject failures with it, e.g. PRAGMA
     *  max_page_count to make commits fail as on a full disk. */
    bool runOnWriter(const std::function<void(QSqlDatabase &)> &task);

    // Reads, on a connection owned by the calling (main) thread.
    JobPage jobs(const JobQuery &query) const;
    /** How many jobs match @p query's filter (all of them: its cursor and limit do not count). */
    qint64 countJobs(JobQuery query) const;
    std::optional<JobDetail> job(const QString &key, int recentEvents = 100) const;
    /** The event log after @p after, oldest first; only @p job's events when given. */
    QList<StoredEvent> eventsAfter(qint64 after, int limit, const QString &job = {}) const;
    std::optional<Job> jobSnapshot(const QString &key) const;
    /**
     * The keys of up to @p limit jobs, newest first, that JobQuery::search @p text finds by
     * full-text search in their fields and in the newest SearchRecentEvents matching events
     * (the live list's search: its jobs are the newest); empty for text without a word.
     */
    QStringList searchJobKeys(const QString &text, int limit = 1000) const;
    /** For each job among the newest SearchRecentEvents events whose message matches
     *  @p text and the newest SearchRecentEvents log chunks that hold its words (as
     *  searchJobKeys matches them), its newest such event: job key → match, the line a log's
     *  line that holds the words (else the chunk's first). */
    QHash<QString, LogMatch> matchingLines(const QString &text) const;
    static constexpr int SearchRecentEvents = 20000;
    /** The last @p lastRuns successful runs of @p kind: step and run duration medians. */
    KindHistory kindHistory(const QString &kind, int lastRuns = 20) const;
    /** The last @p lastRuns finished (succeeded, failed, canceled) runs of @p kind. */
    KindTrend kindTrend(const QString &kind, int lastRuns = 30) const;
    QList<Step> steps(const QString &key) const;
    /**
     * Up to @p limit entries of @p key's log, oldest first, from line @p from on (lines cut
     * by the limit come as one marker entry); @p from 0 = the newest @p limit lines.
     * nullopt when there is no such job.
     */
    std::optional<LogPage> logPage(const QString &key, qint64 from, int limit) const;
    static constexpr int MaxLogPage = 10000;
    /** The number of the first line of the chunk event @p seq that @p text matches (as
     *  search matches words: the first word as a prefix, any case); 0 when none does. */
    qint64 logLineOf(qint64 seq, const QString &text) const;
    /** The newest @p limit events of @p key other than its log chunks and heartbeats (the
     *  detail's event list), oldest first. */
    QList<StoredEvent> eventsBesideLog(const QString &key, int limit) const;
    /** How @p key's log is numbered (its size and cut); nullopt when there is no such job. */
    std::optional<LogShape> logShape(const QString &key) const;
    /**
     * Up to @p limit lines of @p key's log, oldest first, that contain every word of @p text
     * (any case): the chunks are found by the full-text index (word prefixes), or, when it
     * finds none, by scanning the job's chunks for the text.
     */
    QList<StoredLogLine> searchLog(const QString &key, const QString &text, int limit) const;
    qint64 lastSeq() const;

Q_SIGNALS:
    /** Emitted on the store's thread after each commit. */
    void committed(const jobpulse::Changes &changes);
    /** Writing started failing (@p writable false, @p error why) or works again. */
    void writableChanged(bool writable, const QString &error);
    /** A read (@p what: "deliveries", "kindTrend", …) failed with @p error; it answered as
     *  if nothing matched. Also logged under jobpulse.store. */
    void readFailed(const QString &what, const QString &error) const;

private:
    bool startWriter(const QString &location, const StoreTarget &target, Durability durability,
        std::unique_ptr<DatabaseLock> lock, QString *error);
    QSqlDatabase readDb() const;
    /**
     * The events of @p rows ("seq, body" rows, read to their end), in their order: every read
     * that hands events out goes through here. A log chunk's lines, stored once in log_chunks
     * (storedEventBody), are put back; lines no longer kept there (cut from the middle of the
     * log, or pruned with their job) read as one line saying so. When those lines cannot be
     * read (an error, a cancelled read), the events end before the first such chunk.
     */
    QList<StoredEvent> readEvents(QSqlQuery &rows, const QString &what) const;
    /** Runs a read (the prepared @p q, or @p sql); a failure is logged and reported by
     *  readFailed. */
    bool exec(QSqlQuery &q, const QString &what, const QString &sql = {}) const;

    QString m_path;
    QString m_location;
    StoreTarget m_openedAs;
    QString m_readConnection;
    std::unique_ptr<DatabaseLock> m_lock; // held while m_writer writes
    qint64 m_lockHolderPid = 0;
    std::unique_ptr<StoreWriter> m_writer;
    const std::atomic<bool> *m_readCancel = nullptr; // setReadCancel's flag
    mutable std::mutex m_pgCancelMutex;
    std::shared_ptr<PgCancel> m_pgCancel; // the read connection's, on PostgreSQL
    SilencePolicy m_silence;
    int m_sweepIntervalMs = 30000;
    Clock m_clock;
    bool m_leading = true;
};

} // namespace jobpulse
