#include "forwarder.h"

#include "core/backoff.h"
#include "ingest/logging.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSet>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// RFC 9110 §7.6.1: meant for one connection, never passed on by an intermediary; Host and
// Content-Length describe the new request (QNetworkAccessManager writes them), and Expect
// asks the new hop for something QNetworkAccessManager does not do.
bool isHopByHop(const QByteArray &lowerName)
{
    static const QSet<QByteArray> names { "connection", "keep-alive", "transfer-encoding", "te",
        "upgrade", "trailer", "host", "content-length", "expect" };
    return names.contains(lowerName) || lowerName.startsWith("proxy-");
}

struct Send
{
    qint64 deliveryId = 0;
    ForwardRequest request;
    ForwardTarget target;
    int attempt = 1;
    // Runs on the worker's thread with each attempt's result.
    std::function<void(ForwardAttempt, bool last)> report;
};

} // namespace

/** Lives on the Forwarder's thread: its QNetworkAccessManager, the timeouts and retries. */
class ForwardWorker : public QObject
{
public:
    void start(std::shared_ptr<Send> send);

private:
    QNetworkAccessManager *network();
    QNetworkAccessManager *m_network = nullptr;
};

QNetworkAccessManager *ForwardWorker::network()
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setCookieJar(nullptr); // a target's cookies never reach the next request
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return m_network;
}

void ForwardWorker::start(std::shared_ptr<Send> send)
{
    const ForwardTarget &target = send->target;
    QNetworkRequest request(target.url);
    // Repeated fields travel as one, comma-joined (RFC 9110 §5.3), in the order received.
    QMap<QByteArray, QByteArray> joined;
    QList<QByteArray> order;
    for (const auto &[name, value] :
        Forwarder::forwardHeaders(send->request.headers, target.preserveHost)) {
        const QByteArray key = name.toLower();
        if (!joined.contains(key)) {
            order.append(name);
            joined.insert(key, value);
        } else {
            joined[key] += ", " + value;
        }
    }
    for (const QByteArray &name : std::as_const(order)) {
        request.setRawHeader(name, joined.value(name.toLower()));
    }
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);

    auto attempt = std::make_shared<ForwardAttempt>();
    attempt->deliveryId = send->deliveryId;
    attempt->target = target.url.toString();
    attempt->attempt = send->attempt;
    attempt->time = QDateTime::currentDateTimeUtc();
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *reply =
        network()->sendCustomRequest(request, send->request.method, send->request.body);
    // The first KiB of the answer is kept; the rest is read and dropped as it comes.
    connect(reply, &QNetworkReply::readyRead, reply, [reply, attempt] {
        const qsizetype room = ForwardAttempt::MaxResponseHead - attempt->responseHead.size();
        attempt->responseHead += reply->read(room);
        reply->skip(reply->bytesAvailable());
    });
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    connect(deadline, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    deadline->start(target.timeoutMs);
    connect(reply, &QNetworkReply::finished, this, [this, reply, send, attempt, clock, timedOut] {
        reply->deleteLater();
        attempt->latencyMs = clock.nsecsElapsed() / 1e6;
        attempt->status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (*timedOut) {
            attempt->status = 0;
            attempt->error = u"no answer within %1 s"_s.arg(send->target.timeoutMs / 1000.0);
        } else if (attempt->status == 0) {
            attempt->error = reply->errorString();
        }
        const bool retryable = attempt->status >= 500 || (attempt->status == 0 && !*timedOut);
        attempt->retrying = retryable && send->attempt <= send->target.retries;
        send->report(*attempt, !attempt->retrying);
        if (attempt->retrying) {
            QTimer::singleShot(backoffMs(send->attempt - 1, 250, 5000), this, [this, send] {
                ++send->attempt;
                start(send);
            });
        }
    });
}

Forwarder::Forwarder(Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_worker(new ForwardWorker)
{
    m_thread.setObjectName(u"forwarder"_s);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

Forwarder::~Forwarder()
{
    m_thread.quit();
    m_thread.wait();
}

HeaderList Forwarder::forwardHeaders(const HeaderList &headers, bool preserveHost)
{
    // Fields the sender's Connection header names are hop-by-hop as well.
    QSet<QByteArray> named;
    for (const QByteArray &value : headerValues(headers, "Connection")) {
        for (const QByteArray &name : value.split(',')) {
            named.insert(name.trimmed().toLower());
        }
    }
    HeaderList kept;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if ((preserveHost && lower == "host") || (!isHopByHop(lower) && !named.contains(lower))) {
            kept.append({ name, value });
        }
    }
    return kept;
}

void Forwarder::send(qint64 deliveryId, const ForwardRequest &request, const ForwardTarget &target,
    QObject *context, Done done)
{
    const bool watched = context != nullptr;
    QPointer<QObject> guard(context);
    const auto answer = [guard, watched, done = std::move(done)](const ForwardAttempt &last) {
        if (done && (!watched || guard)) {
            done(last);
        }
    };
    if (m_inFlight.load() >= MaxInFlight) {
        ForwardAttempt refused;
        refused.deliveryId = deliveryId;
        refused.target = target.url.toString();
        refused.time = QDateTime::currentDateTimeUtc();
        refused.error = u"not sent: %1 forwards are already under way"_s.arg(MaxInFlight);
        m_store->recordForwardAttempt(refused);
        Q_EMIT attempted(refused);
        answer(refused);
        return;
    }
    ++m_inFlight;
    auto pending = std::make_shared<Send>();
    pending->deliveryId = deliveryId;
    pending->request = request;
    pending->target = target;
    QPointer<Forwarder> self(this);
    pending->report = [self, answer](ForwardAttempt attempt, bool last) {
        // Back to the Forwarder's thread: the store and the listeners live there.
        QMetaObject::invokeMethod(
            self.data(),
            [self, attempt = std::move(attempt), last, answer] {
                if (!self) {
                    return;
                }
                self->m_store->recordForwardAttempt(attempt);
                if (last) {
                    --self->m_inFlight;
                }
                Q_EMIT self->attempted(attempt);
                if (last) {
                    answer(attempt);
                }
            },
            Qt::QueuedConnection);
    };
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, pending] { worker->start(pending); }, Qt::QueuedConnection);
}

void Forwarder::forwardDelivery(
    const Delivery &delivery, const HeaderList &headers, const QList<ForwardTarget> &targets)
{
    Q_EMIT forwarding(delivery, int(targets.size()));
    const ForwardRequest request { delivery.method.isEmpty() ? QByteArray("POST") : delivery.method,
        headers, delivery.body };
    for (const ForwardTarget &target : targets) {
        send(delivery.id, request, target);
    }
}

} // namespace jobpulse
