#include "requestguard.h"

#include "ingest/logging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <sys/socket.h>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

QByteArray statusText(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 417:
        return "Expectation Failed";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    default:
        return "Error";
    }
}

} // namespace

/** One connection's watcher: a child of its socket, so it dies with it. */
class GuardedConnection : public QObject
{
public:
    GuardedConnection(RequestGuard *guard, QTcpSocket *socket)
        : QObject(socket)
        , m_guard(guard)
        , m_socket(socket)
        , m_framing(guard->m_options.limits)
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(guard->m_options.headerTimeoutMs);
        connect(&m_timer, &QTimer::timeout, this, &GuardedConnection::headerTimedOut);
        connect(socket, &QTcpSocket::readyRead, this, &GuardedConnection::inspect);
        connect(socket, &QTcpSocket::bytesWritten, this, &GuardedConnection::written);
        ++guard->m_open;
        m_timer.start();
    }

    ~GuardedConnection() override
    {
        if (m_guard) {
            --m_guard->m_open;
        }
    }

private:
    void inspect()
    {
        if (m_draining) {
            m_socket->readAll();
            return;
        }
        const int requestsBefore = m_framing.requestsSeen();
        const bool wasAwaiting = m_framing.awaitingHead();
        const QByteArray bytes = m_socket->peek(m_socket->bytesAvailable());
        const HttpFraming::Result result = m_framing.feed(bytes);
        if (result.rejection) {
            refuse(*result.rejection);
            return;
        }
        if (m_guard && m_guard->m_options.ratePerSecond > 0) {
            for (int i = requestsBefore; i < m_framing.requestsSeen(); ++i) {
                if (const int wait = m_guard->takeToken(m_socket->peerAddress())) {
                    refuse({ 429, "rate_limited",
                        "too many requests from this address; retry after the Retry-After "
                        "seconds",
                        wait });
                    return;
                }
            }
        }
        if (m_framing.requestsSeen() != requestsBefore) {
            m_answerDue = true;
        }
        for (int i = 0; i < result.continues; ++i) {
            m_ownUnwritten += m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        if (m_framing.upgraded()) {
            // A WebSocket now owns the bytes; it has its own liveness checks.
            m_timer.stop();
            disconnect(m_socket, &QTcpSocket::readyRead, this, nullptr);
            return;
        }
        // The header timeout runs from the moment we start waiting for a head: at connect,
        // and again each time a request has been read (keep-alive), so a busy connection
        // is never cut while it sends one request after another.
        if (!m_framing.awaitingHead()) {
            m_timer.stop();
        } else if (!wasAwaiting || m_framing.requestsSeen() != requestsBefore) {
            m_timer.start();
        }
    }

    // Bytes going out after a request was read are its answer (ours, 100 Continue, aside):
    // an idle keep-alive connection is one whose last request has been answered, and its
    // idle time runs from that answer.
    void written(qint64 bytes)
    {
        const qint64 own = std::min(bytes, m_ownUnwritten);
        m_ownUnwritten -= own;
        if (bytes > own && m_answerDue) {
            m_answerDue = false;
            if (m_framing.awaitingHead() && !m_framing.headStarted() && !m_draining) {
                m_timer.start();
            }
        }
    }

    void headerTimedOut()
    {
        if (!m_framing.awaitingHead() || m_draining
            || m_socket->property(RequestGuard::StreamingProperty).toBool()) {
            return;
        }
        if (m_answerDue && !m_framing.headStarted()) {
            // Not idle: the last request's answer waits for its commit (a slow disk, a busy
            // PostgreSQL); the sender is waiting for us, not we for it.
            m_timer.start();
            return;
        }
        if (m_guard) {
            ++m_guard->m_timedOut;
        }
        if (m_framing.headStarted()) {
            refuse({ 408, "header_timeout", "the request head did not arrive in time" });
        } else {
            m_socket->disconnectFromHost(); // idle keep-alive: close quietly
        }
    }

public:
    /** Off its socket: it stays on the guard's thread and only counts the connection. */
    void release()
    {
        m_timer.stop();
        QObject::disconnect(m_socket, nullptr, this, nullptr);
        setParent(nullptr);
        m_socket = nullptr;
    }

    void refuse(const HttpFraming::Rejection &r)
    {
        if (m_guard) {
            ++m_guard->m_rejected;
            Q_EMIT m_guard->rejected(r.status, r.reason, r.message,
                m_socket->peerAddress().toString(), m_framing.method(), m_framing.path());
        }
        qCDebug(lcGuard) << "refused" << r.status << r.reason << "from" << m_socket->peerAddress();
        m_draining = true;
        m_timer.stop();
        // Cut QHttpServer off: it must not buffer or dispatch what follows.
        if (m_guard && m_guard->m_httpServer) {
            QObject::disconnect(m_socket, &QTcpSocket::readyRead, m_guard->m_httpServer, nullptr);
        }
        if (m_socket->isTransactionStarted()) {
            m_socket->commitTransaction();
        }
        m_socket->readAll();
        const QByteArray body = QJsonDocument(QJsonObject {
                                                  { u"error"_s, QString::fromLatin1(r.reason) },
                                                  { u"message"_s, QString::fromUtf8(r.message) },
                                              })
                                    .toJson(QJsonDocument::Compact);
        QByteArray response = "HTTP/1.1 " + QByteArray::number(r.status) + ' '
            + statusText(r.status) + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n"
            + (r.retryAfterSeconds > 0
                    ? "Retry-After: " + QByteArray::number(r.retryAfterSeconds) + "\r\n"
                    : QByteArray())
            + "\r\n" + body;
        m_socket->write(response);
        m_socket->flush();
        // Half-close once the answer is out, so the sender reads it instead of a reset while
        // it may still be uploading; then drain until it hangs up or the linger ends.
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] { shutdownWhenFlushed(); });
        shutdownWhenFlushed();
        QTimer::singleShot(m_guard ? m_guard->m_options.lingerMs : 2000, m_socket,
            [socket = m_socket] { socket->abort(); });
    }

private:
    void shutdownWhenFlushed()
    {
        if (!m_halfClosed && m_socket->bytesToWrite() == 0) {
            m_halfClosed = true;
            ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
        }
    }

    QPointer<RequestGuard> m_guard;
    QTcpSocket *m_socket;
    HttpFraming m_framing;
    QTimer m_timer;
    bool m_draining = false;
    bool m_halfClosed = false;
    bool m_answerDue = false; // a request was read and no answer has gone out since
    qint64 m_ownUnwritten = 0; // bytes of our own 100 Continue not yet written
};

RequestGuard::RequestGuard(Options options, QObject *parent)
    : QTcpServer(parent)
    , m_options(std::move(options))
{ }

void RequestGuard::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // Connected before QHttpServer connects its own readyRead: we see each chunk first.
    auto *guarded = new GuardedConnection(this, socket);
    if (m_open > m_options.maxConnections) {
        // Never handed to QHttpServer: answered here, closed after the linger.
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        guarded->refuse({ 429, "too_many_connections",
            "the receiver has too many open connections; retry shortly", 1 });
        return;
    }
    addPendingConnection(socket);
}

std::unique_ptr<QObject> RequestGuard::release(QTcpSocket *socket)
{
    for (QObject *child : socket->children()) {
        if (auto *watcher = dynamic_cast<GuardedConnection *>(child)) {
            watcher->release();
            return std::unique_ptr<QObject>(watcher);
        }
    }
    return nullptr;
}

int RequestGuard::takeToken(const QHostAddress &client)
{
    const double rate = m_options.ratePerSecond;
    const double burst = m_options.rateBurst > 0 ? m_options.rateBurst : std::max(1.0, rate);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_buckets.size() > 10000) {
        // Forget full buckets (clients idle long enough to have refilled): bounded memory.
        m_buckets.removeIf([&](const auto &it) {
            return it.value().tokens + (now - it.value().refilledMs) * rate / 1000.0 >= burst;
        });
    }
    auto it = m_buckets.find(client);
    if (it == m_buckets.end()) {
        it = m_buckets.insert(client, Bucket { burst, now });
    }
    Bucket &b = *it;
    b.tokens = std::min(burst, b.tokens + (now - b.refilledMs) * rate / 1000.0);
    b.refilledMs = now;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - b.tokens) / rate)));
}

} // namespace jobpulse
