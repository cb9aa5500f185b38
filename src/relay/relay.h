#pragma once

#include "store/store.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <list>
#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;
class QWebSocket;

namespace jobpulse {

class RouteHost;

/**
 * @brief Re-broadcasts every committed event to subscribers: SSE on `GET /v1/stream` and
 * WebSocket on `GET /v1/ws` and `GET /ws/jobs/{job}`. A subscriber resumes from a sequence
 * number (`Last-Event-ID` or `?after=`) and sees every event after it exactly once, in order:
 * what it missed comes from the events table, the rest live. One that reads too slowly is
 * dropped with a reason once its buffer passes a bound; it never holds up ingest.
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
    int subscriberCount() const { return int(m_subscribers.size()); }

Q_SIGNALS:
    void subscriberCountChanged(int count);

private:
    struct Subscriber;
    struct Frame;
    void addSse(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void addWebSocket(std::unique_ptr<QWebSocket> socket);
    void add(std::unique_ptr<Subscriber> subscriber);
    void remove(Subscriber *subscriber);
    void detach(Subscriber &subscriber);
    void committed(const Changes &changes);
    /** Sends what @p s has not seen; from @p live when it is up to date, else from the store. */
    void pump(Subscriber &s, const QList<Frame> *live);
    bool send(Subscriber &s, const Frame &frame);
    void drop(Subscriber &s, const QString &reason);
    void keepAlive();

    Store *m_store;
    Options m_options;
    std::list<std::unique_ptr<Subscriber>> m_subscribers;
    QTimer m_keepAlive;
    RouteHost *m_host = nullptr;
};

} // namespace jobpulse
