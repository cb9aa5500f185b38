#pragma once

#include "ingest/httpframing.h"

#include <QHash>
#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <memory>

namespace jobpulse {

/**
 * @brief The TCP server in front of QHttpServer. It sees every connection's bytes before
 * QHttpServer does (its readyRead slot is connected first) and only peeks at them, so it can
 * answer `100 Continue`, refuse a request from its head (413, 431, 400) before the body is
 * buffered, and close connections whose head does not arrive within the header timeout.
 */
class RequestGuard : public QTcpServer
{
    Q_OBJECT
public:
    /** Set (true) on a socket whose response streams on (SSE): no header timeout applies. */
    static constexpr const char *StreamingProperty = "jobpulseStreaming";

    struct Options
    {
        HttpFraming::Limits limits;
        int headerTimeoutMs = 10000;
        int lingerMs = 2000; // how long a refused connection is drained before it is closed
        int maxConnections = 512; // open connections; past this a new one gets 429
        double ratePerSecond = 0; // requests per client address (token bucket); 0 = unlimited
        int rateBurst = 0; // the bucket's size; 0 = ratePerSecond (at least 1)
    };

    explicit RequestGuard(Options options, QObject *parent = nullptr);

    /** New limits (a reloaded config): connections opened from now on get them. */
    void setOptions(Options options) { m_options = std::move(options); }

    /** The server whose readyRead handlers are cut off from refused connections. */
    void setHttpServer(QObject *server) { m_httpServer = server; }

    /**
     * Takes the guard's watcher off @p socket, an upgraded connection (nothing left to
     * guard), so that the socket can move to another thread. The connection stays counted
     * as open until the returned watcher is deleted on this thread; null when none.
     */
    std::unique_ptr<QObject> release(QTcpSocket *socket);

    qint64 rejectedCount() const { return m_rejected; }
    qint64 timedOutCount() const { return m_timedOut; }
    int openConnections() const { return m_open; }

Q_SIGNALS:
    /** A request was refused by the guard (status, machine-readable reason); @p method and
     *  @p path are the request's when its request line was read, else empty. */
    void rejected(int status, const QByteArray &reason, const QByteArray &message,
        const QString &remote, const QByteArray &method, const QByteArray &path);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class GuardedConnection;
    Options m_options;
    QPointer<QObject> m_httpServer;
    /** Takes a token from @p client's bucket; 0 when allowed, else seconds to wait. */
    int takeToken(const QHostAddress &client);
    struct Bucket
    {
        double tokens = 0;
        qint64 refilledMs = 0;
    };
    QHash<QHostAddress, Bucket> m_buckets;
    qint64 m_rejected = 0;
    qint64 m_timedOut = 0;
    int m_open = 0;
};

} // namespace jobpulse
