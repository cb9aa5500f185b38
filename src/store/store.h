#pragma once

#include "core/eta.h"
#include "core/event.h"
#include "core/job.h"

#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace jobpulse {

class StoreWriter;

/** @brief An event as committed, with its sequence number. */
struct StoredEvent
{
    qint64 seq = 0;
    Event event;
    QJsonObject toJson() const; // the canonical event plus "seq"
};

/** @brief What a commit changed, for live models and the relay. */
struct Changes
{
    QList<StoredEvent> events;
    QList<Job> jobs; // final state of every job the commit touched
    QList<QPair<QString, Step>> steps; // (job key, step) for every changed step
};

/** @brief The answer to one submitted batch, delivered after its transaction committed. */
struct IngestResult
{
    enum class Status { Committed, Unavailable };
    Status status = Status::Unavailable;
    int accepted = 0;
    int duplicates = 0;
    qint64 lastSeq = 0;
    QString error; // why the store is unavailable
};

struct JobQuery
{
    std::optional<JobStatus> status;
    QString kind;
    QString source; // the hook or outbound source that brought the job
    /**
     * Words, each matched as a word prefix by full-text search (FTS5): a job matches when all
     * of them are in its key, title, kind and error, or all in the message of one of its
     * events. Quotes and operators are taken as text; without a word nothing matches.
     */
    QString search;
    QDateTime createdFrom; // created at or after; invalid = no lower bound
    QDateTime createdBefore; // created before; invalid = no upper bound
    qint64 before = 0; // keyset cursor: rows with rowid below this; 0 = from the newest
    int limit = 50;
};

/** @brief A kind's recent finished runs, for the detail's trend strip (UI.md "Pictures"). */
struct KindTrend
{
    struct Run
    {
        QString key;
        JobStatus status = JobStatus::Succeeded;
        double seconds = 0; // how long it ran
    };
    QList<Run> runs; // oldest first
    std::optional<double> p50; // of the durations of all runs shown
    std::optional<double> p90;
    double successRate = 0; // 0..1 of the runs shown
    QString failingStep; // the step that failed most often in them ("" = none failed a step)
    int failingStepIndex = 0;
    int failingStepCount = 0;
};

struct JobPage
{
    QList<Job> jobs;
    qint64 next = 0; // cursor for the following page, 0 = no more
};

struct JobDetail
{
    Job job;
    QList<Step> steps;
    QList<StoredEvent> recent; // newest last
    std::optional<double> eta; // seconds left, from the kind's history (running jobs only)

    /** {job, steps, log}: the answer of GET /v1/jobs/{key} and of `jobpulse show --json`. */
    QJsonObject toJson(const QDateTime &now) const;
};

/** @brief One request to an ingest route as the inspector shows it (PRODUCT.md §3). */
struct Delivery
{
    qint64 id = 0;
    QDateTime received;
    QByteArray method;
    QString path;
    QString hook;
    QString remote;
    QList<QPair<QByteArray, QByteArray>> headers; // secrets and Authorization redacted
    QByteArray body; // capped at MaxBody
    qint64 bodySize = 0; // as received
    int status = 0;
    QString verdict; // accepted, duplicate, rejected
    QString reason;
    int accepted = 0;
    int duplicates = 0;
    bool signatureOk = false; // the signature was checked and good (replays skip it)
    double latencyMs = 0;

    static constexpr qsizetype MaxBody = 256 * 1024;
    bool truncated() const { return body.size() < bodySize; }
    QJsonObject toJson() const;
};

enum class Durability { Full, Normal };

/** @brief What the history keeps (config `retention`); 0 = no limit. */
struct Retention
{
    int days = 0;
    qint64 maxEvents = 0;
    int batch = 1000; // rows deleted per step
};

/** @brief Where an outbound source resumes (a relay seq, an SSE id, a stream id, poll state). */
struct SourceCursor
{
    QString source;
    QString value;
};

/**
 * @brief The SQLite store: one writer thread that groups concurrent batches into one
 * transaction (group commit), and reads on the calling thread's own connection.
 *
 * Every batch is applied all-or-nothing inside a savepoint; its callback runs on the
 * context's thread only after the transaction that holds it has committed.
 */
class Store : public QObject
{
    Q_OBJECT
public:
    explicit Store(QObject *parent = nullptr);
    ~Store() override;

    /** Opens (creating and migrating) the database file and starts the writer. */
    bool open(const QString &path, Durability durability, QString *error);
    /** Opens an existing database for reading only (the CLI's offline verbs): no writer,
     *  no migration, works while the app has it open. */
    bool openReadOnly(const QString &path, QString *error);
    void close();
    bool isOpen() const { return m_writer != nullptr; }
    QString path() const { return m_path; }

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

    /** Keeps @p delivery for the inspector (written by the writer, never waited for). Beyond
     *  MaxDeliveries or MaxDeliveryAgeDays the oldest are pruned. */
    void recordDelivery(Delivery delivery);
    /** Newest first; @p before is the id to continue below (0 = from the newest). */
    QList<Delivery> deliveries(int limit, qint64 before = 0) const;
    std::optional<Delivery> delivery(qint64 id) const;
    /** Deliveries per minute since @p since (the inspector's sparkline): minutes with none
     *  are left out; oldest first. */
    struct DeliveryMinute
    {
        QDateTime minute; // its start, UTC
        int total = 0;
        int rejected = 0;
    };
    QList<DeliveryMinute> deliveriesPerMinute(const QDateTime &since) const;
    static constexpr int MaxDeliveries = 10000;
    static constexpr int MaxDeliveryAgeDays = 7;

    /** The source's stored cursor; empty when it has none. */
    QString sourceCursor(const QString &source) const;
    /** Batches waiting for the writer; ingest refuses with 503 past a bound. */
    int backlog() const;

    // Reads, on a connection owned by the calling (main) thread.
    JobPage jobs(const JobQuery &query) const;
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
    static constexpr int SearchRecentEvents = 20000;
    /** The last @p lastRuns successful runs of @p kind: step and run duration medians. */
    KindHistory kindHistory(const QString &kind, int lastRuns = 20) const;
    /** The last @p lastRuns finished (succeeded, failed, canceled) runs of @p kind. */
    KindTrend kindTrend(const QString &kind, int lastRuns = 30) const;
    QList<Step> steps(const QString &key) const;
    qint64 lastSeq() const;

Q_SIGNALS:
    /** Emitted on the store's thread after each commit. */
    void committed(const jobpulse::Changes &changes);

private:
    QSqlDatabase readDb() const;

    QString m_path;
    QString m_readConnection;
    std::unique_ptr<StoreWriter> m_writer;
};

} // namespace jobpulse

Q_DECLARE_METATYPE(jobpulse::Changes)
