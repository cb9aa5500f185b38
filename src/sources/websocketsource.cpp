#include "websocketsource.h"

#include <QRegularExpression>
#include <QUrlQuery>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

WebSocketSource::WebSocketSource(SourceConfig config, Store *store, QObject *parent)
    : Source(std::move(config), store, parent)
{
    connect(&m_ping, &QTimer::timeout, this, &WebSocketSource::probe);
}

WebSocketSource::~WebSocketSource()
{
    close();
}

void WebSocketSource::open()
{
    QUrl url = this->url();
    if (config().format == SourceConfig::Format::Jobpulse) {
        if (url.path().isEmpty() || url.path() == u"/") {
            url.setPath(u"/v1/ws"_s); // another Jobpulse: its relay
        }
        const QString resume = cursor();
        if (!resume.isEmpty()) {
            QUrlQuery query(url);
            query.removeAllQueryItems(u"after"_s);
            query.addQueryItem(u"after"_s, resume);
            url.setQuery(query);
        }
    }
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    connect(socket, &QWebSocket::connected, this, [this, socket] {
        if (!config().subscribe.isEmpty()) {
            socket->sendTextMessage(QString::fromUtf8(config().subscribe));
        }
        heard();
        m_ping.start(config().pingIntervalMs);
        connected();
    });
    connect(socket, &QWebSocket::textMessageReceived, this,
        [this](const QString &message) { onMessage(message.toUtf8()); });
    connect(socket, &QWebSocket::binaryMessageReceived, this, &WebSocketSource::onMessage);
    connect(socket, &QWebSocket::pong, this, [this] { heard(); });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        const QString reason = socket->closeReason();
        failed(reason.isEmpty() ? u"the connection closed (code %1)"_s.arg(socket->closeCode())
                                : u"closed by the server: %1"_s.arg(reason));
    });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
        [this, socket](QAbstractSocket::SocketError) {
            // Qt 6.4 reports a refused handshake only as text ("... status code: 401 ...").
            const QString text = socket->errorString();
            static const QRegularExpression denied(u"\\b(401|403)\\b"_s);
            if (state() == SourceState::Connecting && denied.match(text).hasMatch()) {
                goOffline(u"the server refused the connection: %1"_s.arg(text));
            } else {
                failed(text);
            }
        });
    socket->open(request(url));
}

void WebSocketSource::close()
{
    m_ping.stop();
    if (QWebSocket *socket = m_socket.data()) {
        m_socket.clear();
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void WebSocketSource::checkAlive()
{
    if (state() == SourceState::Live && m_socket) {
        // After a wake: a pong within a few seconds, or the connection is dead.
        heard();
        m_deadAfterMs = std::min(5000, 2 * config().pingIntervalMs);
        m_socket->ping();
        QTimer::singleShot(m_deadAfterMs + 50, this, &WebSocketSource::probe);
    }
}

void WebSocketSource::probe()
{
    if (!m_socket) {
        return;
    }
    if (m_sinceHeard.elapsed() > m_deadAfterMs) {
        failed(u"no answer to pings for %1 s: the connection is dead"_s.arg(
            m_sinceHeard.elapsed() / 1000.0));
        return;
    }
    m_socket->ping();
}

void WebSocketSource::onMessage(const QByteArray &message)
{
    heard();
    deliver(message);
}

void WebSocketSource::heard()
{
    m_sinceHeard.start();
    m_deadAfterMs = 2 * config().pingIntervalMs;
}

} // namespace jobpulse
