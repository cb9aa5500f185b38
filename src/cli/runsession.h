#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QProcess>
#include <QTimer>
#include <QUrl>
#include <deque>

namespace jobpulse::cli {

/**
 * @brief `jobpulse run -- CMD`: a job around a command. The command's output passes through
 * untouched and is sent as ordered, batched `log` events, one request in flight at a time;
 * memory stays bounded (lines beyond the queue are counted, not kept) and a receiver that is
 * down or slow never slows the command down.
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
        int maxQueuedEvents = 10000;
        int maxBatch = 500;
        int heartbeatMs = 30000; // a heartbeat after this long without an event; 0 = none
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
    void queueLine(QByteArrayView line, const char *stream);
    void queue(QJsonObject event, bool essential);
    void flush();
    void childFinished(int exitCode, QProcess::ExitStatus status);
    void finishIfDone();

    Options m_options;
    QProcess m_child;
    QNetworkAccessManager m_network;
    std::deque<QJsonObject> m_queue;
    QByteArray m_partial[2]; // unfinished last line per channel
    qint64 m_dropped = 0;
    qint64 m_lines = 0;
    bool m_inFlight = false;
    bool m_receiverDown = false;
    bool m_childDone = false;
    bool m_finished = false;
    int m_exitStatus = 0;
    QTimer m_flushTimer;
    QTimer m_giveUp;
    QTimer m_heartbeat; // restarted by every event: fires only while the command is quiet
};

} // namespace jobpulse::cli
