#pragma once

#include <QJsonArray>
#include <QString>
#include <functional>
#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;

namespace jobpulse {

struct MetricsSnapshot;

class Pipeline;
struct ForwardRequest;
struct ForwardTarget;
class Receiver;
class Store;
struct IngestCounters;

/**
 * @brief The receiver's read routes (PRODUCT.md §3): GET /v1/jobs, /v1/jobs/{key},
 * /v1/events, /v1/deliveries, POST /v1/deliveries/{id}/replay and GET /health. All but
 * /health need the read token when one is set.
 */
class ReadApi
{
public:
    ReadApi(Receiver *receiver, Store *store, Pipeline *pipeline, IngestCounters *counters);

    /** Adds the routes to the receiver's server. */
    void addRoutes();
    /** GET /v1/jobs/{key}. */
    void serveJob(const QString &key, QHttpServerResponder &responder);
    /** The outbound sources' states, reported under "sources" in GET /health. */
    void setSourceStatus(std::function<QJsonArray()> status) { m_sourceStatus = std::move(status); }
    /** Fills the relay's part of GET /metrics. */
    void setRelayMetrics(std::function<void(MetricsSnapshot &)> fill)
    {
        m_relayMetrics = std::move(fill);
    }

private:
    void jobs(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void metrics(QHttpServerResponder &responder);
    void serveLog(
        const QString &key, const QHttpServerRequest &request, QHttpServerResponder &responder);
    void events(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void deliveries(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void replay(qint64 id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    /** Sends @p request to @p target (a replay "to" a URL), attempts under @p deliveryId;
     *  answers with the last attempt. */
    void replayTo(qint64 of, qint64 deliveryId, const ForwardRequest &request,
        const ForwardTarget &target, std::shared_ptr<QHttpServerResponder> responder);
    void health(QHttpServerResponder &responder);

    Receiver *m_receiver;
    Store *m_store;
    Pipeline *m_pipeline;
    IngestCounters *m_counters;
    std::function<QJsonArray()> m_sourceStatus;
    std::function<void(MetricsSnapshot &)> m_relayMetrics;
};

} // namespace jobpulse
