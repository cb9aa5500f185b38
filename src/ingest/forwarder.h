#pragma once

#include "config/forwardconfig.h"
#include "ingest/httputil.h"
#include "store/types.h"

#include <QObject>
#include <QThread>
#include <atomic>
#include <functional>

namespace jobpulse {

class ForwardWorker;
class Store;

/** @brief A request to send on: the delivery's method, headers and body bytes as received. */
struct ForwardRequest
{
    QByteArray method = "POST";
    HeaderList headers;
    QByteArray body;
};

/**
 * @brief Sends deliveries on to other URLs (hooks' `forward`, `jobpulse listen --forward-to`,
 * replay to a URL): the one piece of code that does, on a thread of its own with its own
 * QNetworkAccessManager, so that no receiver handler ever waits for a target.
 *
 * Each attempt is stored (Store::recordForwardAttempt) and announced by attempted(). A
 * connection error or a 5xx answer is tried again with full-jitter backoff, up to the
 * target's `retries`; a timeout is not (the target may have acted on it), nor is any other
 * answer.
 */
class Forwarder : public QObject
{
    Q_OBJECT
public:
    explicit Forwarder(Store *store, QObject *parent = nullptr);
    ~Forwarder() override;

    /** The headers sent on: hop-by-hop ones (Connection and those it names, Keep-Alive,
     *  Transfer-Encoding, TE, Upgrade, Proxy-*, Trailer), Content-Length and Expect dropped,
     *  and Host unless @p preserveHost; everything else, signatures included, as received. */
    static HeaderList forwardHeaders(const HeaderList &headers, bool preserveHost);

    using Done = std::function<void(const ForwardAttempt &last)>;
    /** Sends @p request to @p target, its attempts recorded under @p deliveryId; @p done gets
     *  the last attempt unless @p context is gone by then. Returns at once. */
    void send(qint64 deliveryId, const ForwardRequest &request, const ForwardTarget &target,
        QObject *context = nullptr, Done done = {});
    /** Sends the stored @p delivery (its id set) with its @p headers as received to every
     *  one of @p targets, and announces it by forwarding(). */
    void forwardDelivery(
        const Delivery &delivery, const HeaderList &headers, const QList<ForwardTarget> &targets);

    /** Sends under way (queued, sending, waiting to retry). Past MaxInFlight a send is
     *  refused and recorded as such rather than queued without bound. */
    int inFlight() const { return m_inFlight.load(); }
    static constexpr int MaxInFlight = 1000;

Q_SIGNALS:
    /** A delivery is about to be sent on (after it was stored). */
    void forwarding(const jobpulse::Delivery &delivery, int targets);
    /** One attempt ended (stored already); @p attempt.retrying when another one follows. */
    void attempted(const jobpulse::ForwardAttempt &attempt);

private:
    void report(ForwardAttempt attempt, bool last, QObject *context, const Done &done);

    Store *m_store;
    QThread m_thread;
    ForwardWorker *m_worker;
    std::atomic<int> m_inFlight = 0;
};

} // namespace jobpulse
