#pragma once

#include "ingest/httputil.h"
#include "relay/commitlistener.h"
#include "relay/relay.h"
#include "relay/relaycounters.h"
#include "relay/wire.h"
#include "store/store.h"

#include <QObject>
#include <QTimer>
#include <atomic>
#include <list>
#include <memory>
#include <optional>
#include <unordered_map>

class QTcpSocket;
class QWebSocket;

namespace jobpulse {

/**
 * @brief The relay's fan-out, living on the relay's own thread: serialises each commit once
 * per wire format (WireBatch), queues it on every subscriber's connection and writes each
 * connection's queue once per event-loop turn, however many commits arrived meanwhile. It
 * reads what a subscriber missed through its own read-only connection to the database.
 *
 * On PostgreSQL other nodes commit too: their commits arrive as a NOTIFY of the sequence
 * (CommitListener), and every subscriber behind it reads them from the table. This node's
 * own commits still come live, but a live batch is only queued for a subscriber that has seen
 * everything before its first event; otherwise the subscriber reads from the table. Seqs
 * become visible in increasing order (Dialect::serialiseEventWriters), so reading past the
 * last one seen never skips an event.
 */
class Fanout : public QObject
{
    Q_OBJECT
public:
    Fanout(Relay::Options options, std::atomic<int> *count);
    ~Fanout() override;

    /** On the relay thread, before anything else: opens the read connection. */
    void open(const QString &databasePath);
    /** On the relay thread: ends every subscriber and closes the read connection. */
    void shutdown();

    /** A subscriber from @p after (none: only new events); @p job filters when not empty. */
    struct Request
    {
        quint64 id = 0;
        QString job;
        std::optional<qint64> after;
        HeaderList headers; // more of the SSE head (CORS): QHttpServer does not write it
    };
    /** An SSE stream on @p descriptor (ours, see StreamTakeover): writes the head, then events. */
    void addSse(const Request &request, qintptr descriptor);
    /** A WebSocket already moved to this thread with its TCP socket; takes both. */
    void addWebSocket(const Request &request, QWebSocket *socket, QTcpSocket *tcp);
    /** A commit's events; the receiver's thread counted it in inFlight() when it posted it. */
    void committed(const Changes &changes);
    /** Commits the receiver's thread did not post (too many waiting): every subscriber
     *  reads what it has not seen from the log. */
    void catchUp();
    /** Another transaction committed up to @p seq: subscribers behind it read the table. */
    void notified(qint64 seq);
    /** Commits posted to this thread and not yet handled. */
    std::atomic<int> &inFlight() { return m_inFlight; }
    /** Set by the receiver's thread when it skipped a commit; catchUp() clears it. */
    std::atomic<bool> &missed() { return m_missed; }
    /** Events sent and subscribers dropped so far; read from any thread. */
    const RelayCounters &counters() const { return m_counters; }

Q_SIGNALS:
    /** Subscriber @p id is gone (what the receiver's thread keeps for it can go). */
    void removed(quint64 id);
    void countChanged(int count);

private:
    struct Subscriber;
    void add(std::unique_ptr<Subscriber> subscriber);
    void remove(quint64 id);
    /** Queues what @p s has not seen; from @p live when it is up to date, else the store. */
    void pump(Subscriber &s, const WireBatch *live);
    void queue(Subscriber &s, const WireBatch &batch);
    void queue(Subscriber &s, const QByteArray &bytes);
    /** Writes every connection's queue, once, and hands it to the kernel. */
    void flushAll();
    void drop(Subscriber &s, RelayCounters::DropReason why, const QString &reason);
    void keepAlive();
    Subscriber *find(quint64 id) const;
    /** One catchUp() after the notifications that arrive in this event-loop turn. */
    void scheduleCatchUp();

    Relay::Options m_options;
    std::atomic<int> *m_count;
    Store m_reader; // read-only, on this thread
    CommitListener m_listener; // PostgreSQL: every node's commits
    bool m_catchUpScheduled = false;
    std::list<std::unique_ptr<Subscriber>> m_subscribers;
    // Subscribers by id: each commit, flush and keep-alive looks every one up by id (it may
    // have been removed meanwhile); a walk of the list made that quadratic in subscribers.
    std::unordered_map<quint64, std::list<std::unique_ptr<Subscriber>>::iterator> m_byId;
    QTimer m_keepAlive;
    bool m_flushScheduled = false;
    std::atomic<int> m_inFlight { 0 };
    std::atomic<bool> m_missed { false };
    RelayCounters m_counters;
    // The last log page read while catching up: subscribers at the same place share it
    // (after, job) until the next commit arrives.
    struct Page
    {
        qint64 after = -1;
        QString job;
        qint64 horizon = 0;
        qsizetype count = 0;
        WireBatch batch;
    };
    Page m_page;
};

} // namespace jobpulse
