#pragma once
// Real peers for the source tests, on loopback ports: an SSE server and a WebSocket server
// that the tests publish through, kill mid-stream and restart on the same port.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

namespace jobpulse::testing {

/**
 * @brief An SSE server with an event log: a client is sent, after the head, every logged
 * event after its Last-Event-ID (ids are log positions), then every new one as it is
 * published. status() other than 200 answers with that status and closes.
 */
class SsePeer : public QObject
{
public:
    int status = 200;
    int connections = 0;
    QByteArray lastEventIdSeen; // of the latest connection
    QByteArray authorization;

    bool listen(quint16 port = 0)
    {
        if (!m_server) {
            m_server = new QTcpServer(this);
            QObject::connect(m_server, &QTcpServer::newConnection, this, [this] {
                while (QTcpSocket *s = m_server->nextPendingConnection()) {
                    QObject::connect(s, &QTcpSocket::readyRead, this, [this, s] { onRead(s); });
                    QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                }
            });
        }
        const bool ok = m_server->listen(QHostAddress::LocalHost, port ? port : m_port);
        m_port = m_server->serverPort();
        return ok;
    }
    quint16 port() const { return m_port; }

    /** Logs an event (its data line) and sends it to every streaming client. */
    void publish(const QByteArray &data)
    {
        m_log.append(data);
        for (const auto &client : std::as_const(m_clients)) {
            if (client) {
                client->write(frame(m_log.size()));
            }
        }
    }
    void comment() // a keep-alive
    {
        for (const auto &client : std::as_const(m_clients)) {
            if (client) {
                client->write(": keep-alive\n\n");
            }
        }
    }
    /** Drops every connection abruptly and stops listening (a crash). */
    void kill()
    {
        m_server->close();
        for (const auto &client : std::as_const(m_clients)) {
            if (client) {
                client->abort();
            }
        }
        m_clients.clear();
    }
    qsizetype streaming() const
    {
        return std::count_if(m_clients.begin(), m_clients.end(),
            [](const auto &c) { return c && c->state() == QAbstractSocket::ConnectedState; });
    }

private:
    QByteArray frame(qsizetype id) const
    {
        // An id, a data line split into two to exercise multi-line data, CRLF endings.
        const QByteArray &data = m_log.at(id - 1);
        return "id: " + QByteArray::number(id) + "\r\nevent: job\r\ndata: " + data + "\r\n\r\n";
    }
    void onRead(QTcpSocket *s)
    {
        QByteArray &head = m_heads[s];
        head += s->readAll();
        if (!head.contains("\r\n\r\n") || m_clients.contains(s)) {
            return;
        }
        ++connections;
        lastEventIdSeen.clear();
        authorization.clear();
        for (const QByteArray &line : head.split('\n')) {
            const QByteArray l = line.trimmed();
            if (l.toLower().startsWith("last-event-id:")) {
                lastEventIdSeen = l.mid(14).trimmed();
            } else if (l.toLower().startsWith("authorization:")) {
                authorization = l.mid(14).trimmed();
            }
        }
        m_heads.remove(s);
        if (status != 200) {
            s->write("HTTP/1.1 " + QByteArray::number(status)
                + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            s->disconnectFromHost();
            return;
        }
        s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: "
                 "no-cache\r\n\r\n\xEF\xBB\xBF: hello\n\n");
        for (qsizetype id = lastEventIdSeen.toLongLong() + 1; id <= m_log.size(); ++id) {
            s->write(frame(id));
        }
        m_clients.append(s);
    }

    QPointer<QTcpServer> m_server;
    quint16 m_port = 0;
    QList<QByteArray> m_log;
    QList<QPointer<QTcpSocket>> m_clients;
    QHash<QTcpSocket *, QByteArray> m_heads;
};

/**
 * @brief A WebSocket server that, like many real backends, sends its recent history on every
 * connect (replays that the source must dedupe by event id), then live messages.
 */
class WsPeer : public QObject
{
public:
    int replayOnConnect = 5;
    int connections = 0;
    QList<QString> received; // messages from clients (subscribe)
    QString requestUrl;
    QByteArray authorization;

    bool listen(quint16 port = 0)
    {
        m_server =
            new QWebSocketServer(QStringLiteral("peer"), QWebSocketServer::NonSecureMode, this);
        QObject::connect(m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *s = m_server->nextPendingConnection()) {
                ++connections;
                requestUrl = s->requestUrl().toString();
                authorization = s->request().rawHeader("Authorization");
                QObject::connect(s, &QWebSocket::textMessageReceived, this,
                    [this](const QString &m) { received.append(m); });
                QObject::connect(s, &QWebSocket::disconnected, s, &QObject::deleteLater);
                for (qsizetype i = std::max<qsizetype>(0, m_log.size() - replayOnConnect);
                     i < m_log.size(); ++i) {
                    s->sendTextMessage(m_log.at(i));
                }
                m_clients.append(s);
            }
        });
        const bool ok = m_server->listen(QHostAddress::LocalHost, port ? port : m_port);
        m_port = m_server->serverPort();
        return ok;
    }
    quint16 port() const { return m_port; }
    void publish(const QString &message)
    {
        m_log.append(message);
        for (const auto &client : std::as_const(m_clients)) {
            if (client) {
                client->sendTextMessage(message);
            }
        }
    }
    void kill()
    {
        for (const auto &client : std::as_const(m_clients)) {
            if (client) {
                client->abort();
            }
        }
        m_clients.clear();
        m_server->close();
        m_server->deleteLater();
    }
    qsizetype open() const
    {
        return std::count_if(m_clients.begin(), m_clients.end(),
            [](const auto &c) { return c && c->state() == QAbstractSocket::ConnectedState; });
    }

private:
    QPointer<QWebSocketServer> m_server;
    quint16 m_port = 0;
    QList<QString> m_log;
    QList<QPointer<QWebSocket>> m_clients;
};

} // namespace jobpulse::testing
