#pragma once

#include "store/store.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <atomic>
#include <memory>
#include <unordered_map>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;
class QWebSocket;

namespace jobpulse {

class Fanout;
class RouteHost;

/**
 * @brief Re-broadcasts every committed event to subscribers: SSE on `GET /v1/stream` and
 * WebSocket on `GET /v1/ws` and `GET /ws/jobs/{job}`. A subscriber resumes from a sequence
 * number (`Last-Event-ID` or `?after=`) and sees every event after it exactly once, in order:
 * what it missed comes from the events table, the rest live. One that reads too slowly is
 * dropped with a reason once its buffer passes a bound; it never holds up ingest.
 *
 * The receiver's thread only accepts a subscriber (routes, read token) and hands its
 * connection over; serialising events and writing them happen on the relay's own thread
 * (Fanout), so subscribers cost ingest nothing per event.
 */
class Relay : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 maxBufferedBytes = 4 * 1024 * 1024;
        int keepAliveMs = 15000;
        int pageSize = 500; // events read from the store per catch-up step
    };

    Relay(Store *store, Options options, QObject *parent = nullptr);
    ~Relay() override;

    /** Adds the relay routes to the receiver and reports subscribers in its answers. */
    void attach(RouteHost &host);
    /** Commits waiting for the relay's thread, at most; past it subscribers catch up from
     *  the log instead. */
    static constexpr int MaxInFlight = 64;
    /** Live subscribers; safe to call from any thread. */
    int subscriberCount() const { return m_count.load(); }

Q_SIGNALS:
    void subscriberCountChanged(int count);

private:
    void addSse(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void addWebSocket(std::unique_ptr<QWebSocket> socket);
    /** The TCP socket under @p socket: the one its upgrade request came on. */
    QTcpSocket *takeUpgraded(const QWebSocket &socket);

    RouteHost *m_host = nullptr;
    std::atomic<int> m_count { 0 };
    QThread m_thread;
    Fanout *m_fanout;
    quint64 m_nextId = 0;
    QList<QPointer<QTcpSocket>> m_upgrading; // upgrade requests accepted, not yet handed over
    // Per moved WebSocket, what the receiver keeps on its thread until the subscriber leaves.
    std::unordered_map<quint64, std::unique_ptr<QObject>> m_kept;
};

} // namespace jobpulse
