#pragma once

#include "config/hookconfig.h"
#include "ingest/cloudevents.h"
#include "ingest/httputil.h"
#include "ingest/reply.h"
#include "store/store.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <functional>
#include <optional>

namespace jobpulse {

class DeliveryLog;
class Forwarder;
struct PresetTable;

/** @brief What the receiver counts (GET /health "ingest"). */
struct IngestCounters
{
    qint64 requests = 0;
    qint64 accepted = 0; // events committed
    qint64 duplicates = 0;
    qint64 rejected = 0; // requests refused with 4xx/5xx
    QHash<QString, qint64> signatureFailures; // by scheme name (GET /metrics)
};

/** @brief An answer that ends a delivery's way through the pipeline (4xx/5xx). */
struct Rejection
{
    int status = 400;
    QJsonObject body; // errorBody()
    HeaderList headers;
};

/**
 * @brief The ingest pipeline (PRODUCT.md §3), for requests and replays alike. Each step
 * returns a rejection or nothing, in this order:
 *
 *   verify    the signature over the raw bytes, before anything parses them
 *   envelope  CloudEvents (any route takes them), else the body as JSON
 *   adapt     the hook's payload family to canonical events
 *   dedupe    a sender's delivery id becomes the id of events that carry none
 *   admit     the store is open and its backlog bounded (503 otherwise)
 *   submit    committed, then answered 200 — acknowledged means committed
 *
 * Every answer is also a record for the inspector (DeliveryLog).
 */
class Pipeline
{
public:
    using Answer =
        std::function<void(int status, const QJsonObject &body, const HeaderList &headers)>;

    Pipeline(Store *store, DeliveryLog *log, IngestCounters *counters, int maxBacklog);

    /** Live subscribers, reported as "clients" in every 200 answer. */
    void setSubscriberCount(std::function<int()> count) { m_subscribers = std::move(count); }
    int subscriberCount() const { return m_subscribers ? m_subscribers() : 0; }
    /** The inspector's record of every answer (and its counts, for GET /metrics). */
    const DeliveryLog &deliveryLog() const { return *m_log; }
    /** Sends accepted deliveries of hooks with `forward` targets on, once they are stored. */
    void setForwarder(Forwarder *forwarder) { m_forwarder = forwarder; }

    /**
     * Runs @p delivery through the pipeline for @p hook; @p answer gets the result (after the
     * commit for a 200) unless @p context is gone by then. @p signedAt: the clock of the
     * signature's timestamp window (replays: when the delivery first arrived).
     */
    void process(const HookConfig &hook, const HeaderList &headers, Delivery delivery,
        std::optional<QDateTime> signedAt, QObject *context, Answer answer);

private:
    using Adapter = std::function<ParsedEvents(const QJsonValue &body, const QDateTime &received)>;

    std::optional<Rejection> verify(const HookConfig &hook, const HeaderList &headers,
        Delivery &delivery, const std::optional<QDateTime> &signedAt) const;
    /** The body as the sender framed it: CloudEvents, or one JSON value. */
    struct Envelope
    {
        std::optional<QList<CloudEvent>> cloudEvents;
        QJsonValue json; // without CloudEvents; Null for a JSON scalar
    };
    static std::optional<Rejection> envelope(
        const HeaderList &headers, const QByteArray &body, Envelope *out);
    std::optional<Rejection> adapt(const HookConfig &hook, const HeaderList &headers,
        const Envelope &envelope, const QDateTime &received, ParsedEvents *out) const;
    static void dedupe(const HeaderList &headers, ParsedEvents &parsed);
    std::optional<Rejection> admit() const;
    Adapter adapterFor(const HookConfig &hook, const HeaderList &headers) const;
    /** A CI sender's preset: the event named in its header, the store's jobs for rank. */
    Adapter presetAdapter(const PresetTable &table, const HeaderList &headers) const;

    Store *m_store;
    DeliveryLog *m_log;
    IngestCounters *m_counters;
    int m_maxBacklog;
    std::function<int()> m_subscribers;
    Forwarder *m_forwarder = nullptr;
};

} // namespace jobpulse
