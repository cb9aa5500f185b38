#pragma once

#include "config/sourceconfig.h"
#include "core/event.h"
#include "decoder.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QObject>
#include <QTimer>

namespace jobpulse {

class Store;

enum class SourceState { Connecting, Live, Reconnecting, Offline, Paused };
QString sourceStateName(SourceState state);

/**
 * @brief An outbound live source (PRODUCT.md §6): connects out, turns what it receives into
 * events, stores them with its cursor in one transaction, and reconnects with full-jitter
 * backoff. Subclasses implement the connection; this class owns state, backoff and delivery.
 *
 * Delivery keeps at most one batch in flight: messages that arrive meanwhile are gathered
 * into the next batch, so the cursor stored with each batch is always that of its last
 * message, and a reconnect resumes from it with nothing lost and nothing repeated.
 */
class Source : public QObject
{
    Q_OBJECT
public:
    struct Counters
    {
        qint64 messages = 0; // messages (frames, SSE events, polls with changes) received
        qint64 events = 0; // events committed
        qint64 duplicates = 0;
        qint64 rejected = 0; // messages that were not valid events (logged, skipped)
        qint64 connects = 0; // times it went live
        qint64 failures = 0; // connection attempts or connections that failed
        QDateTime lastEventAt;
    };

    Source(SourceConfig config, Store *store, QObject *parent = nullptr);
    ~Source() override;

    const SourceConfig &config() const { return m_config; }
    /** The node the source follows now: the config's url, or one of its urls after failing
     *  over. */
    QUrl url() const { return m_config.urls.isEmpty() ? m_config.url : m_config.urls.at(m_node); }
    QString name() const { return m_config.name; }
    SourceState state() const { return m_state; }
    QString reason() const { return m_reason; }
    QDateTime nextRetryAt() const { return m_nextRetryAt; }
    const Counters &counters() const { return m_counters; }
    /** Where the next connection resumes: the newest cursor handed to the store. */
    QString cursor() const;
    /** For GET /health and the dashboard's badges. */
    QJsonObject status() const;

    /** Connects (again), resuming from the stored cursor. */
    void start();
    /** Disconnects and stays paused until resume(). */
    void pause(const QString &reason = {});
    void resume() { start(); }
    /** The network came back or the machine woke: a source waiting to reconnect tries now. */
    void retryNow();
    /** After a wake: a connection that looks live may be dead; probe it at once. */
    virtual void checkAlive() { }

Q_SIGNALS:
    void stateChanged(jobpulse::SourceState state);
    void committed(int events);

protected:
    /** Begins a connection attempt; report with connected(), failed() or goOffline(). */
    virtual void open() = 0;
    /** Drops the connection without reporting anything. */
    virtual void close() = 0;

    void connected();
    /** The attempt or connection failed: reconnect after the backoff (or @p retryAfterMs). */
    void failed(const QString &reason, int retryAfterMs = -1);
    /** No retry until resumed (401/403, 204, bad configuration). */
    void goOffline(const QString &reason);

    /** Decodes one message and queues its events; @p cursor is stored with them. */
    void deliver(QByteArrayView message, const QString &cursor = {});
    void deliver(QList<Event> events, const QString &cursor);
    /** Decodes one message, appending its events; a bad one is counted, logged and skipped. */
    bool decodeInto(const QJsonValue &message, QList<Event> *events, qint64 *seq = nullptr);
    bool decodeInto(QByteArrayView message, QList<Event> *events, qint64 *seq = nullptr);
    /** Stores a cursor that came without events (poll state, an empty page). */
    void advance(const QString &cursor) { deliver(QList<Event>(), cursor); }
    bool isActive() const
    {
        return m_state == SourceState::Connecting || m_state == SourceState::Live;
    }

    /** The server's own reconnection time (SSE `retry:`): no retry sooner than this. */
    void setMinimumRetryMs(int ms) { m_minimumRetryMs = ms; }
    /** Token, extra headers and query for an HTTP or WebSocket request to @p url. */
    QNetworkRequest request(QUrl url) const;

    const PayloadDecoder &decoder() const { return m_decoder; }
    Store *store() const { return m_store; }

private:
    void setState(SourceState state, const QString &reason = {});
    bool accept(const PayloadDecoder::Result &decoded, QList<Event> *events, qint64 *seq);
    void flush();
    void stopRetry();

    SourceConfig m_config;
    Store *m_store;
    PayloadDecoder m_decoder;
    SourceState m_state = SourceState::Paused;
    QString m_reason;
    QDateTime m_nextRetryAt;
    Counters m_counters;
    QTimer m_retry;
    QElapsedTimer m_liveFor;
    int m_attempt = 0;
    qsizetype m_node = 0; // index in config().urls
    qsizetype m_nodesFailed = 0; // nodes that failed in a row; a whole round backs off
    int m_minimumRetryMs = 0;

    QList<Event> m_pending;
    QString m_pendingCursor;
    bool m_inFlight = false;
    QString m_inFlightCursor;
    QString m_committedCursor;
};

} // namespace jobpulse
