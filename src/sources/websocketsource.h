#pragma once

#include "source.h"

#include <QElapsedTimer>
#include <QPointer>

class QWebSocket;

namespace jobpulse {

/**
 * @brief A WebSocket source: http(s) URLs become ws(s), the token goes in the query or an
 * Authorization header, an optional subscribe message is sent after each connect, and a
 * ping every pingInterval finds a dead peer (no pong or message within two intervals).
 * With format `jobpulse` it follows another Jobpulse's relay, resuming with `?after=`.
 */
class WebSocketSource : public Source
{
    Q_OBJECT
public:
    WebSocketSource(SourceConfig config, Store *store, QObject *parent = nullptr);
    ~WebSocketSource() override;
    void checkAlive() override;

protected:
    void open() override;
    void close() override;

private:
    void onMessage(const QByteArray &message);
    void probe();
    void heard(); // any sign of life: the dead-peer limit starts over

    QPointer<QWebSocket> m_socket;
    QTimer m_ping;
    QElapsedTimer m_sinceHeard;
    int m_deadAfterMs = 0;
};

} // namespace jobpulse
