#pragma once
// The store's value types: what callers submit and query, and what they get back. The Store
// class that takes and answers them is in store.h.

#include "core/event.h"
#include "core/job.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <optional>

namespace jobpulse {

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
    qint64 deliveryId = 0; // Store::recordDelivery with a callback: the row's id
};

struct JobQuery
{
    std::optional<JobStatus> status;
    QString kind;
    QString source; // the hook or outbound source that brought the job
    QString parent; // only the jobs that are part of this job (its key)
    QList<QPair<QString, QString>> labels; // (name, value): jobs with every one of these labels
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

/** @brief The newest event of a job whose message a search matched: why the job was found. */
struct LogMatch
{
    qint64 seq = 0;
    QString line; // the message's first line
};

/** @brief One entry of a job's log: a line, or the marker of lines the limit cut out. */
struct StoredLogLine
{
    qint64 number = 0; // 1-based line number (the marker's: the first line cut)
    QString text;
    QString stream; // "stdout", "stderr" or "" (not said)
    QDateTime time; // when its chunk came
    qint64 omitted = 0; // the marker: this many lines (number …) were cut out
};

/** @brief A page of a job's log (Store::logPage). */
struct LogPage
{
    QList<StoredLogLine> lines;
    qint64 total = 0; // lines the log has had: the newest is number `total`
    qint64 next = 0; // the `from` that continues after this page
};

/** @brief How a job's log is numbered: its lines, and the range the limit cut out (one marker
 *  entry stands for lines cutFirst … cutLast; both 0 when nothing was cut). */
struct LogShape
{
    qint64 total = 0; // lines the log has had
    qint64 cutFirst = 0;
    qint64 cutLast = 0;
    /** The entries a page-by-page reader sees: the lines kept and one marker. */
    qint64 entries() const { return cutLast > 0 ? total - (cutLast - cutFirst) : total; }
    /** The line number (the marker's first line) of entry @p row (0-based). */
    qint64 lineOfEntry(qint64 row) const
    {
        return cutLast > 0 && row + 1 > cutFirst ? row + 1 + (cutLast - cutFirst) : row + 1;
    }
    /** The entry showing line @p line (the marker's for a line cut out). */
    qint64 entryOfLine(qint64 line) const
    {
        if (cutLast == 0 || line < cutFirst) {
            return line - 1;
        }
        return line <= cutLast ? cutFirst - 1 : line - 1 - (cutLast - cutFirst);
    }
    friend bool operator==(const LogShape &, const LogShape &) = default;
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
    qint64 replayOf = 0; // an edited replay: the delivery it was made from (0: none)

    static constexpr qsizetype MaxBody = 256 * 1024;
    bool truncated() const { return body.size() < bodySize; }
};

/** @brief One try to send a delivery on to a forward target (or a replay's chosen URL). */
struct ForwardAttempt
{
    qint64 id = 0;
    qint64 deliveryId = 0;
    QString target; // the URL
    int attempt = 1; // 1 for the first try
    int status = 0; // the target's HTTP status; 0 when it gave none (error says why)
    double latencyMs = 0;
    QByteArray responseHead; // the first MaxResponseHead bytes of its answer's body
    QString error; // connection refused, timed out after 10 s, …; empty when it answered
    QDateTime time; // when the try started
    bool retrying = false; // another attempt follows (not stored: the next row says it)

    static constexpr qsizetype MaxResponseHead = 1024;
};

/** @brief Which deliveries the inspector lists; an empty field matches any. */
struct DeliveryFilter
{
    QString hook; // the hook's name
    QString verdict; // accepted, duplicate, rejected

    bool isEmpty() const { return hook.isEmpty() && verdict.isEmpty(); }
    bool operator==(const DeliveryFilter &) const = default;
};

enum class Durability { Full, Normal };

/** @brief What the history keeps (config `retention`); 0 = no limit. */
struct Retention
{
    int days = 0;
    qint64 maxEvents = 0;
    int batch = 1000; // rows deleted per step
    /** A job's log beyond this many bytes loses lines from its middle (LogWriter::limit). */
    qint64 maxLogBytes = DefaultMaxLogBytes;
};

/** @brief Where an outbound source resumes (a relay seq, an SSE id, a stream id, poll state). */
struct SourceCursor
{
    QString source;
    QString value;
};

/** @brief Deliveries received in one minute (the inspector's sparkline). */
struct DeliveryMinute
{
    QDateTime minute; // its start, UTC
    int total = 0;
    int rejected = 0;
};

} // namespace jobpulse

Q_DECLARE_METATYPE(jobpulse::Changes)
