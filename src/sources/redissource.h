#pragma once

#include "source.h"

#include <QElapsedTimer>
#include <QPointer>

namespace jobpulse {

class RedisLink;

/**
 * @brief A Redis source over hiredis' async API on Qt's event loop: PSUBSCRIBE patterns such
 * as seed 002's `job_progress:*` (each message is an event document, or is mapped like any
 * source; the channel is offered to mappings as `/_channel`), and streams read with XREAD
 * from the ids stored in the cursor (an entry carries the event JSON in its `event` field).
 * A PING every pingInterval (and a TCP keep-alive) finds a dead server.
 */
class RedisSource : public Source
{
    Q_OBJECT
public:
    RedisSource(SourceConfig config, Store *store, QObject *parent = nullptr);
    ~RedisSource() override;
    void checkAlive() override;

protected:
    void open() override;
    void close() override;

private:
    void onLinkUp();
    void readStreams();
    void onMessage(const QByteArray &channel, const QByteArray &payload);
    void probe();
    void heard(); // any sign of life: the dead-peer limit starts over

    QPointer<RedisLink> m_subscriber; // pub/sub connection
    QPointer<RedisLink> m_reader; // streams connection (a subscribed one can't XREAD)
    int m_linksUp = 0;
    QJsonObject m_streamIds;
    QTimer m_ping;
    QElapsedTimer m_sinceHeard;
    int m_deadAfterMs = 0;
};

} // namespace jobpulse
