#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace jobpulse {

/** @brief The event types of Jobpulse event v1 (PRODUCT.md §2). */
enum class EventType {
    JobQueued,
    JobStarted,
    JobProgress,
    JobSucceeded,
    JobFailed,
    JobCanceled,
    StepStarted,
    StepSucceeded,
    StepFailed,
    StepSkipped,
    Log,
    /** Keeps a job alive (and recovers a stalled one); changes nothing else, no log line. */
    Heartbeat,
    /** The job went silent past its expected gap (written by the store's sweep). */
    JobStalled,
    /** The job's end will never be reported: a sender's declaration, or abandonAfter. */
    JobLost,
};

QString eventTypeName(EventType type);
std::optional<EventType> eventTypeFromName(QStringView name);
bool isStepEvent(EventType type);
/** The job event a status word means ("queued", "running"/"started", "succeeded", "failed",
 *  "canceled"/"cancelled", "lost", with or without "job."; any case); nullopt for other
 *  words. */
std::optional<EventType> eventTypeForStatus(const QString &name);

struct StepRef
{
    int index = 0;
    QString name; // may be empty: the step keeps the name it already has
    int total = 0; // 0 = not given
    friend bool operator==(const StepRef &, const StepRef &) = default;
};

/** @brief One line of a `log` event's chunk. */
struct LogLine
{
    QString text; // without its newline
    QString stream; // "stdout", "stderr", or empty when the sender did not say
    QDateTime time; // the line's own time (`ts`); invalid = the event's time
    friend bool operator==(const LogLine &, const LogLine &) = default;
};

/** @brief One canonical event, validated. */
struct Event
{
    QString job;
    EventType type = EventType::Log;
    QString id; // idempotency key; empty = no dedupe
    QDateTime time; // UTC; the sender's time or the time received
    QString title;
    QString kind;
    QString url;
    QString state; // free-form sub-state shown beside the status ("rendering", "pending")
    int steps = 0; // total number of steps when the sender knows it
    std::optional<double> progress;
    std::optional<StepRef> step;
    std::optional<double> duration;
    QString message;
    QString stream; // log: the stream of its lines that name none ("stdout", "stderr")
    QList<LogLine> lines; // log: a chunk of lines (then message is empty)
    QJsonObject details;
    /** The key of the job this one is part of (a CI job under its run); "" = top level. */
    QString parent;
    /** Name → value (repository, branch, actor, commit …): filters, mute rules. */
    QMap<QString, QString> labels;
    /** The hook or outbound source it came through; not part of the canonical form. */
    QString origin;

    /** The canonical JSON form, as stored and relayed. */
    QJsonObject toJson() const;
    friend bool operator==(const Event &, const Event &) = default;
};

/** @brief Why an event was refused: a JSON Pointer to the field and a sentence. */
struct ValidationError
{
    QString field;
    QString message;
};

struct ParsedEvents
{
    QList<Event> events;
    std::optional<ValidationError> error;
    /** No events and no error: a delivery accepted on purpose without any (a CI sender's ping
     *  or an event type that is not about a job); why, for the inspector. */
    QString ignored;

    /** No events: the input is refused at @p field (a JSON Pointer) because of @p message. */
    static ParsedEvents failed(const QString &field, const QString &message)
    {
        return ParsedEvents { {}, ValidationError { field, message }, {} };
    }
    /** No events, answered 200: the delivery is kept in the inspector with @p why. */
    static ParsedEvents ignoring(const QString &why) { return ParsedEvents { {}, {}, why }; }
};

inline constexpr int MaxBatch = 1000;
inline constexpr int MaxLogLines = 100000; // lines in one log event
inline constexpr int MaxLineLength = 65536;
/** The per-job log limit's default (config retention.maxLogBytes). */
inline constexpr qint64 DefaultMaxLogBytes = 64 * 1024 * 1024;
inline constexpr int MaxKeyLength = 200;
inline constexpr int MaxLabels = 32; // labels on one event
inline constexpr int MaxLabelName = 64;
inline constexpr int MaxLabelValue = 200;

/** Whether @p name may name a label: 1–64 of letters, digits, `_ . -`, starting with a
 *  letter (so that `name:value` in a search and `name=value` on the command line read). */
bool isLabelName(QStringView name);

/**
 * @brief Validates one JSON value as a canonical event.
 * @param pointer JSON Pointer of the value in its document ("" or "/3"), used in errors.
 * @param received the time to use when the event carries none.
 */
std::optional<Event> parseEvent(const QJsonValue &value, const QString &pointer,
    const QDateTime &received, ValidationError *error);

/** @brief A document holding one event object or a batch (array, 1..MaxBatch), all or nothing. */
ParsedEvents parseEvents(const QJsonValue &document, const QDateTime &received);

/**
 * @brief A log event's lines in order: its `lines`, or its message split at newlines (a
 * final newline ends the last line, it does not start an empty one). A line's stream is its
 * own, else the event's `stream`, else `details.stream` (what `run` sent before chunks).
 * Empty for other events.
 */
QList<LogLine> logLines(const Event &event);

/**
 * @brief Replaces every U+0000 in @p text with U+FFFD; true when there was one.
 *
 * PostgreSQL's text cannot hold U+0000 (and QPSQL would cut the statement at it), so the
 * store replaces it in everything it keeps as text — on SQLite too, so both stores read
 * back the same. A JSON body keeps it, escaped as `\u0000`.
 */
bool replaceNul(QString &text);
/** @brief replaceNul() over every text of @p event: keys, labels, lines, step name. */
void replaceNul(Event &event);
/** @brief The stream of a log event's lines that name none (its `stream`, else
 *  `details.stream`, when either is "stdout" or "stderr"); empty when it says none. */
QString logStream(const Event &event);

/** @brief RFC 3339 date-time (with offset or Z) to UTC; invalid QDateTime when malformed. */
QDateTime parseRfc3339(const QString &text);

} // namespace jobpulse
