#include "relay.h"

#include "ingest/httputil.h"
#include "ingest/metrics.h"
#include "ingest/routehost.h"
#include "relay/fanout.h"
#include "relay/streamtakeover.h"

#include <QHttpServer>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcRelay, "jobpulse.relay")

namespace jobpulse {

namespace {

// Resume point: ?after= wins over Last-Event-ID; both absent: only new events.
std::optional<qint64> resumeFrom(const QUrlQuery &query, const QByteArray &lastEventId)
{
    bool ok = false;
    const qint64 after = query.queryItemValue(u"after"_s).toLongLong(&ok);
    if (ok && after >= 0) {
        return after;
    }
    const qint64 last = lastEventId.trimmed().toLongLong(&ok);
    return ok && last >= 0 ? std::optional(last) : std::nullopt;
}

} // namespace

Relay::Relay(Store *store, Options options, QObject *parent)
    : QObject(parent)
    , m_fanout(new Fanout(options, &m_count))
{
    m_thread.setObjectName(u"jobpulse-relay"_s);
    m_fanout->moveToThread(&m_thread);
    connect(m_fanout, &Fanout::countChanged, this, &Relay::subscriberCountChanged);
    connect(m_fanout, &Fanout::removed, this, [this](quint64 id) { m_kept.erase(id); });
    // The receiver's thread only posts the commit: serialising and writing are the relay's.
    // With no subscriber nothing is posted; one being added reads the log's end after it is
    // counted, so a commit skipped here is in what it reads.
    //
    // The commits waiting for the relay's thread are bounded: past MaxInFlight (subscribers
    // that cost more than ingest brings, on a busy machine) a commit is not posted; one
    // catch-up is, and every subscriber then reads what it missed from the log, where it is
    // already: memory stays bounded and nobody misses an event.
    connect(store, &Store::committed, this, [this](const Changes &changes) {
        if (m_count.load() == 0 || changes.events.isEmpty()) {
            return;
        }
        if (m_fanout->inFlight().load() >= MaxInFlight) {
            if (!m_fanout->missed().exchange(true)) {
                QMetaObject::invokeMethod(m_fanout, &Fanout::catchUp);
            }
            return;
        }
        ++m_fanout->inFlight();
        QMetaObject::invokeMethod(
            m_fanout, [fanout = m_fanout, changes] { fanout->committed(changes); });
    });
    m_thread.start();
    QMetaObject::invokeMethod(
        m_fanout, [fanout = m_fanout, path = store->location()] { fanout->open(path); });
}

Relay::~Relay()
{
    // Runs after the hand-overs already posted, so every subscriber is ended on its thread.
    QMetaObject::invokeMethod(m_fanout, &Fanout::shutdown, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_fanout;
    m_kept.clear();
}

void Relay::attach(RouteHost &host)
{
    m_host = &host;
    QHttpServer &http = host.http();
    host.allowRoute(u"^/v1/stream$"_s, "GET");
    host.allowRoute(u"^/v1/ws$"_s, "GET");
    host.allowBrowserRead(u"^/v1/stream$"_s); // EventSource in a page of a listed origin
    http.route(u"/v1/stream"_s, QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            m_host->serveRead(request, responder, [&] { addSse(request, std::move(responder)); });
        });
    // WebSocket upgrades are handed over only when a route takes the responder and writes
    // nothing (Qt 6.4); the socket then arrives through newWebSocketConnection. Without the
    // read token the handler answers 401 instead, and the upgrade does not happen.
    const auto upgrade = [this](
                             const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        if (m_host->authorizeRead(request, responder)) {
            m_upgrading.removeAll(nullptr);
            m_upgrading.append(responder.socket());
        }
    };
    http.route(u"/v1/ws"_s, QHttpServerRequest::Method::Get, upgrade);
    host.addKeyRoute(u"/ws/jobs/"_s, {}, QHttpServerRequest::Method::Get,
        [upgrade](const QString &, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) { upgrade(request, std::move(responder)); });
    connect(&http, &QAbstractHttpServer::newWebSocketConnection, this, [this, &http] {
        while (auto socket = http.nextPendingWebSocketConnection()) {
            addWebSocket(std::move(socket));
        }
    });
    host.setSubscriberCount([this] { return subscriberCount(); });
    host.setRelayMetrics([this](MetricsSnapshot &s) {
        const RelayCounters &c = m_fanout->counters();
        for (int t = 0; t < RelayCounters::Transports; ++t) {
            const QString transport = QString::fromLatin1(RelayCounters::TransportNames[t]);
            s.relayMessages.insert(transport, c.messages[t].load());
            for (int r = 0; r < RelayCounters::DropReasons; ++r) {
                s.relayDropped.insert(
                    { transport, QString::fromLatin1(RelayCounters::ReasonNames[r]) },
                    c.dropped[t][r].load());
            }
        }
    });
}

void Relay::addSse(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QUrlQuery query(request.url());
    Fanout::Request r { ++m_nextId, query.queryItemValue(u"job"_s, QUrl::FullyDecoded),
        resumeFrom(query, request.value("Last-Event-ID")), m_host->corsHeaders(request) };
    m_host->markStreaming(responder.socket());
    const qintptr descriptor = StreamTakeover::take(std::move(responder));
    if (descriptor < 0) {
        return; // the client is gone already
    }
    QMetaObject::invokeMethod(
        m_fanout, [fanout = m_fanout, r, descriptor] { fanout->addSse(r, descriptor); });
}

QTcpSocket *Relay::takeUpgraded(const QWebSocket &socket)
{
    m_upgrading.removeAll(nullptr);
    for (qsizetype i = 0; i < m_upgrading.size(); ++i) {
        QTcpSocket *tcp = m_upgrading.at(i);
        if (tcp->peerPort() == socket.peerPort() && tcp->peerAddress() == socket.peerAddress()) {
            m_upgrading.removeAt(i);
            return tcp;
        }
    }
    return nullptr;
}

void Relay::addWebSocket(std::unique_ptr<QWebSocket> socket)
{
    QTcpSocket *tcp = takeUpgraded(*socket);
    Fanout::Request r { ++m_nextId, {}, std::nullopt, {} };
    const QUrl url = socket->requestUrl();
    static const QString jobPrefix = u"/ws/jobs/"_s;
    const QString path = url.path(QUrl::FullyEncoded);
    if (path.startsWith(jobPrefix)) {
        const auto key = routeKey(path, jobPrefix);
        if (!key) {
            socket->abort(); // answered 404 already (Receiver::serveKeyRoute)
            return;
        }
        r.job = *key;
    }
    if (!tcp) {
        qCWarning(lcRelay) << "a WebSocket arrived without its upgrade request; closing it";
        socket->abort();
        return;
    }
    r.after = resumeFrom(QUrlQuery(url), {});
    // A QWebSocket and its TCP socket may move to another thread once nothing else on this
    // one uses them: the receiver's watcher stays here (kept until the subscriber leaves, so
    // the connection still counts), and the WebSocket server's "delete on disconnect" goes,
    // as the relay owns the TCP socket from now on.
    if (auto watcher = m_host->releaseConnection(tcp)) {
        m_kept.emplace(r.id, std::move(watcher));
    }
    QObject::disconnect(tcp, &QAbstractSocket::disconnected, nullptr, nullptr);
    tcp->setParent(nullptr);
    tcp->moveToThread(&m_thread);
    socket->moveToThread(&m_thread);
    if (tcp->thread() != &m_thread || socket->thread() != &m_thread) {
        qCWarning(lcRelay) << "a WebSocket could not move to the relay's thread; closing it";
        m_kept.erase(r.id);
        socket->abort();
        delete tcp;
        return;
    }
    QMetaObject::invokeMethod(m_fanout,
        [fanout = m_fanout, r, ws = socket.release(), tcp] { fanout->addWebSocket(r, ws, tcp); });
}

} // namespace jobpulse
