#pragma once

#include "config/appconfig.h"
#include "ingest/deliverylog.h"
#include "ingest/forwarder.h"
#include "ingest/pipeline.h"
#include "ingest/readapi.h"
#include "ingest/routehost.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QJsonArray>
#include <QObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <functional>

namespace jobpulse {

class RequestGuard;
class Store;

/**
 * @brief The embedded webhook receiver (PRODUCT.md §3): listens behind the RequestGuard,
 * routes each hook's path to the ingest Pipeline, the read routes to the ReadApi, and answers
 * 404/405 for the rest. Other parts (the relay) add routes through the RouteHost interface.
 */
class Receiver : public QObject, public RouteHost
{
    Q_OBJECT
public:
    /** The config's `receiver` section and its hooks. */
    using Options = ReceiverConfig;
    using Counters = IngestCounters;

    Receiver(Store *store, Options options, QObject *parent = nullptr);
    ~Receiver() override;

    bool listen(QString *error);
    quint16 port() const { return m_port; }
    QUrl url() const;
    const Options &options() const { return m_options; }
    Counters counters() const { return m_counters; }
    /** Sends deliveries on: hooks' `forward` targets and replays to a URL. */
    Forwarder *forwarder() { return &m_forwarder; }
    int openConnections() const;
    double uptimeSeconds() const { return m_uptime.elapsed() / 1000.0; }

    /**
     * Applies a reloaded config's receiver section: hooks (added, removed, new secrets or
     * mappings), the read token and the guard's limits take effect for the next request. The
     * address stays: listening elsewhere needs a restart.
     */
    void reconfigure(Options options);

    /** The outbound sources' states, reported under "sources" in GET /health. */
    void setSourceStatus(std::function<QJsonArray()> status);

    // RouteHost
    QHttpServer &http() override { return m_http; }
    void allowRoute(const QString &pattern, const QByteArray &method) override;
    void addKeyRoute(const QString &prefix, const QString &suffix,
        QHttpServerRequest::Method method, KeyHandler handler) override;
    bool authorizeRead(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void serveRead(const QHttpServerRequest &request, QHttpServerResponder &responder,
        const std::function<void()> &serve, bool needsToken = true) override;
    void allowBrowserRead(const QString &pattern) override;
    HeaderList corsHeaders(const QHttpServerRequest &request) const override;
    void markStreaming(QTcpSocket *socket) override;
    std::unique_ptr<QObject> releaseConnection(QTcpSocket *socket) override;
    void setSubscriberCount(std::function<int()> count) override;
    void setRelayMetrics(std::function<void(MetricsSnapshot &)> fill) override;

Q_SIGNALS:
    void listening(const QUrl &url);

private:
    void setupRoutes();
    /** Routes @p path to whichever hook has it when a request comes (none: 404). */
    void addHookRoute(const QString &path);
    const HookConfig *hookAt(const QString &path) const;
    void ingest(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        const HookConfig &hook);
    bool isBrowserRead(const QString &path) const;
    /** A CORS preflight on a browser read route: answers it and returns true. */
    bool preflight(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void routeMissing(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    /** Finds the key route the path as sent belongs to (the router sees decoded paths). */
    void serveKeyRoute(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    Store *m_store;
    Options m_options;
    QHttpServer m_http;
    RequestGuard *m_guard = nullptr;
    quint16 m_port = 0;
    Counters m_counters;
    QElapsedTimer m_uptime;
    DeliveryLog m_deliveryLog;
    Forwarder m_forwarder;
    Pipeline m_pipeline;
    ReadApi m_readApi;
    struct Route
    {
        QRegularExpression pattern; // anchored, over the path
        QByteArray method;
    };
    QList<Route> m_routes;
    QList<QRegularExpression> m_browserReads; // paths a listed origin's page may GET
    struct KeyRoute
    {
        QString prefix;
        QString suffix;
        QHttpServerRequest::Method method;
        KeyHandler handler;
    };
    QList<KeyRoute> m_keyRoutes;
    QSet<QString> m_hookRoutes; // paths routed so far (QHttpServer cannot remove a route)
};

} // namespace jobpulse
