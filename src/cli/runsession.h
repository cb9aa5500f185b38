#pragma once

#include "cli/logspool.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QProcess>
#include <QTimer>
#include <QUrl>
#include <optional>

namespace jobpulse::cli {

/**
 * @brief `jobpulse run -- CMD`: a job around a command. The command's output passes through
 * untouched and is sent as `log` chunks (many lines per event, stream per line, in order),
 * one request in flight at a time (the next full chunk is encoded while it is): a chunk goes
 * every FlushIntervalMs, or as soon as maxRequestBytes of lines wait. While the receiver is busy
 * the next chunk grows; lines past spoolMemoryBytes spill to a temporary file (LogSpool), so no
 * line is dropped while the receiver accepts, memory stays bounded, and the command is never made
 * to wait.
 */
class RunSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl eventsUrl;
        QString job;
        QString title;
        QString kind;
        QString program;
        QStringList arguments;
        // JSON of one request's lines, below the receiver's default limit (1 MiB) with room for
        // the job's other events: `run -- seq 1000000` took 1.22 s in chunks of 512 KiB, 0.93 s
        // in chunks of 896 KiB (each chunk also pays a round trip, a parse and a commit).
        qint64 maxRequestBytes = 896 * 1024;
        // Unsent lines kept in memory, the rest spilled (LogSpool): about a chunk's worth.
        // Writing a burst to the page cache and reading it back (8 MiB: ~2.5 + ~1.5 ms) costs
        // less than faulting in fresh memory for it (8 MiB: ~2,000 page faults, ~45 ms on this
        // VM); 2 MiB here cost `run -- seq 1000000` 0.1 s more CPU than 1 MiB.
        qsizetype spoolMemoryBytes = 1024 * 1024;
        int heartbeatMs = 30000; // a heartbeat after this long without output; 0 = none
    };

    explicit RunSession(Options options, QObject *parent = nullptr);

    void start();
    /** Forwards a signal (SIGINT, SIGTERM, …) to the command. */
    void signalChild(int signal);

Q_SIGNALS:
    /** Everything sent (or given up on); @p exitStatus is the command's own. */
    void finished(int exitStatus);

private:
    void readChannel(QProcess::ProcessChannel channel);
    /** Adds @p line as a LogSpool record to @p records and counts it. */
    void addLine(QByteArray &records, QByteArrayView line, bool isStderr);
    void queueRecords(const QByteArray &records);
    void flush();
    /** While a request is in flight: encodes the next one if a full chunk (or the last) waits. */
    void prepareAhead();
    /** The next request's body from what waits (started, lines, heartbeat, end); empty if none. */
    QByteArray nextBody();
    void send(const QByteArray &body);
    void childFinished(int exitCode, QProcess::ExitStatus status);
    void finishIfDone();

    Options m_options;
    QProcess m_child;
    QNetworkAccessManager m_network;
    std::optional<QJsonObject> m_started; // until the receiver has it
    std::optional<QJsonObject> m_end; // the job's outcome, sent after the last line
    LogSpool m_spool;
    QList<QByteArray> m_resend; // answered 5xx, 429 or 413 (then halved): sent again first
    qint64 m_maxRequestBytes; // maxRequestBytes, or less once the receiver said 413
    QByteArray m_ready; // the next request, encoded while the one before is in flight
    QByteArray m_partial[2]; // unfinished last line per channel
    QByteArray m_read; // the last read of the command's output
    QByteArray m_records; // its lines as LogSpool records
    qint64 m_lines = 0;
    bool m_inFlight = false;
    bool m_uploading = false; // the request in flight is still being sent
    bool m_receiverDown = false;
    bool m_childDone = false;
    bool m_finished = false;
    int m_exitStatus = 0;
    QTimer m_flushTimer;
    QTimer m_giveUp;
    QTimer m_hold; // after a 429: no request until its Retry-After has passed
    QTimer m_heartbeat; // restarted by every output: fires only while the command is quiet
    bool m_heartbeatDue = false;
};

} // namespace jobpulse::cli
