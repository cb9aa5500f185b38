#pragma once

#include "core/event.h"
#include "ingest/hooks.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QJsonArray>
#include <QObject>
#include <QRegularExpression>
#include <QUrl>
#include <functional>

namespace jobpulse {

class RequestGuard;
class Store;

/**
 * @brief The embedded webhook receiver (PRODUCT.md §3): ingest routes answer 2xx only after
 * the store committed their events; bad input is refused with the contract's status codes.
 */
class Receiver : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 7788;
        qint64 maxBodyBytes = 1024 * 1024;
        int headerTimeoutMs = 10000;
        int maxBacklog = 20000; // batches queued for the writer before ingest answers 503
        QList<HookConfig> hooks = HookConfig::builtins(); // every POST route
        QString readToken; // when set, read and relay routes need it (Bearer or ?token=)
        int maxConnections = 512; // past this, new connections get 429
        double ratePerSecond = 0; // per client address; 0 = no rate limit
        int rateBurst = 0;
    };

    struct Counters
    {
        qint64 requests = 0;
        qint64 accepted = 0; // events committed
        qint64 duplicates = 0;
        qint64 rejected = 0; // requests refused with 4xx/5xx
    };

    Receiver(Store *store, Options options, QObject *parent = nullptr);
    ~Receiver() override;

    bool listen(QString *error);
    quint16 port() const { return m_port; }
    QUrl url() const;
    Counters counters() const { return m_counters; }

    /** Live relay subscribers, reported as "clients" in every ingest answer. */
    void setSubscriberCount(std::function<int()> count) { m_subscribers = std::move(count); }

    /** The outbound sources' states, reported under "sources" in GET /health. */
    void setSourceStatus(std::function<QJsonArray()> status) { m_sourceStatus = std::move(status); }

    /** The HTTP server, for other route owners (the relay) to add their routes to. */
    QHttpServer &http() { return m_http; }
    /** Makes a route known to the 404/405 logic (an anchored regular expression). */
    void allowRoute(const QString &pattern, const QByteArray &method);

    /**
     * Read and relay routes call this first: with a readToken set, a request without it
     * (Authorization: Bearer, or ?token= for browsers' EventSource/WebSocket) is answered
     * 401 here and false is returned; otherwise nothing is written.
     */
    bool authorizeRead(const QHttpServerRequest &request, QHttpServerResponder &responder);
    /** Why a non-loopback address is refused (hooks without a secret, no readToken); empty
     *  when the options are safe to expose. */
    static QString exposureProblems(const Options &options);

    /** "host:port" (IPv6 in brackets) to an address and port; false when malformed. */
    static bool parseListen(const QString &text, QHostAddress *address, quint16 *port);

Q_SIGNALS:
    void listening(const QUrl &url);

private:
    using Adapter = std::function<ParsedEvents(const QJsonValue &body, const QDateTime &received)>;
    using Answer = std::function<void(
        int status, const QJsonObject &body, const QList<QPair<QByteArray, QByteArray>> &)>;
    void setupRoutes();
    Adapter adapterFor(const HookConfig &hook, const HeaderList &headers);
    void ingest(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        const HookConfig &hook);
    /** The ingest pipeline, for requests and replays: signature, CloudEvents or the hook's
     *  family, delivery-id dedupe, commit; @p answer gets the result, the inspector a record.
     *  @p signedAt: the clock for the signature's timestamp window (replays: first arrival). */
    void process(const HookConfig &hook, const HeaderList &headers, Delivery delivery,
        std::optional<QDateTime> signedAt, QObject *context, Answer answer);
    void replay(qint64 id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void serveJob(const QString &key, QHttpServerResponder &responder);
    void routeMissing(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    Store *m_store;
    Options m_options;
    QHttpServer m_http;
    RequestGuard *m_guard = nullptr;
    quint16 m_port = 0;
    Counters m_counters;
    QElapsedTimer m_uptime;
    std::function<int()> m_subscribers;
    std::function<QJsonArray()> m_sourceStatus;
    /** A token bucket per kind of inspector record: false (counted) past @p perSecond. */
    bool keepRecord(const QString &key, int perSecond, int *leftOut);
    struct RecordBudget
    {
        double tokens = 0;
        qint64 refilledMs = 0;
        int leftOut = 0;
    };
    QHash<QString, RecordBudget> m_recordBudgets;
    struct Route
    {
        QRegularExpression pattern; // anchored, over the path
        QByteArray method;
    };
    QList<Route> m_routes;
};

} // namespace jobpulse
