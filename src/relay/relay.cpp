#include "relay.h"

#include "ingest/httputil.h"
#include "ingest/reply.h"
#include "ingest/routehost.h"

#include <QHttpServer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcRelay, "jobpulse.relay")

namespace jobpulse {

struct Relay::Subscriber
{
    // SSE: the kept responder and its socket; WebSocket: the socket.
    std::shared_ptr<QHttpServerResponder> responder;
    QPointer<QTcpSocket> tcp;
    std::unique_ptr<QWebSocket> ws;
    qint64 lastSeq = 0;
    QString job; // only this job's events, when set
    bool waitingForDrain = false;
    QMetaObject::Connection drained;

    qint64 buffered() const;
};

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

// An event as it goes out, serialised once however many subscribers receive it.
struct Relay::Frame
{
    qint64 seq = 0;
    QString job;
    QByteArray sse; // "id: …\nevent: …\ndata: …\n\n"
    QString text; // the WebSocket message

    static QList<Frame> of(const QList<StoredEvent> &events)
    {
        QList<Frame> frames;
        frames.reserve(events.size());
        for (const StoredEvent &e : events) {
            const QByteArray json = compact(e.toJson());
            frames.append({ e.seq, e.event.job,
                "id: " + QByteArray::number(e.seq) + "\nevent: "
                    + eventTypeName(e.event.type).toUtf8() + "\ndata: " + json + "\n\n",
                QString::fromUtf8(json) });
        }
        return frames;
    }
};

namespace {

// Resume point: ?after= wins over Last-Event-ID; both absent: only new events.
qint64 resumeFrom(const QUrlQuery &query, const QByteArray &lastEventId, qint64 now)
{
    bool ok = false;
    const qint64 after = query.queryItemValue(u"after"_s).toLongLong(&ok);
    if (ok && after >= 0) {
        return after;
    }
    const qint64 last = lastEventId.trimmed().toLongLong(&ok);
    return ok && last >= 0 ? last : now;
}

} // namespace

qint64 Relay::Subscriber::buffered() const
{
    if (ws) {
        return ws->bytesToWrite();
    }
    return tcp ? tcp->bytesToWrite() : 0;
}

Relay::Relay(Store *store, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
{
    connect(store, &Store::committed, this, &Relay::committed);
    m_keepAlive.setInterval(m_options.keepAliveMs);
    connect(&m_keepAlive, &QTimer::timeout, this, &Relay::keepAlive);
    m_keepAlive.start();
}

Relay::~Relay()
{
    // A socket going away signals "disconnected": nobody may call back into us then.
    for (const auto &s : m_subscribers) {
        detach(*s);
    }
    m_subscribers.clear();
}

void Relay::detach(Subscriber &s)
{
    disconnect(s.drained);
    if (s.ws) {
        s.ws->disconnect(this);
    }
    if (s.tcp) {
        s.tcp->disconnect(this);
    }
}

void Relay::attach(RouteHost &host)
{
    m_host = &host;
    QHttpServer &http = host.http();
    host.allowRoute(u"^/v1/stream$"_s, "GET");
    host.allowRoute(u"^/v1/ws$"_s, "GET");
    http.route(u"/v1/stream"_s, QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            if (m_host->authorizeRead(request, responder)) {
                addSse(request, std::move(responder));
            }
        });
    // WebSocket upgrades are handed over only when a route takes the responder and writes
    // nothing (Qt 6.4); the socket then arrives through newWebSocketConnection. Without the
    // read token the handler answers 401 instead, and the upgrade does not happen.
    const auto upgrade = [this](
                             const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        m_host->authorizeRead(request, responder);
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
}

void Relay::addSse(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    auto s = std::make_unique<Subscriber>();
    s->responder = std::make_shared<QHttpServerResponder>(std::move(responder));
    s->tcp = s->responder->socket();
    const QUrlQuery query(request.url());
    s->job = query.queryItemValue(u"job"_s, QUrl::FullyDecoded);
    s->lastSeq = resumeFrom(query, request.value("Last-Event-ID"), m_store->lastSeq());
    m_host->markStreaming(s->tcp);
    s->responder->writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    s->responder->writeHeader("Content-Type", "text/event-stream; charset=utf-8");
    s->responder->writeHeader("Cache-Control", "no-cache");
    s->responder->writeHeader("X-Accel-Buffering", "no");
    s->responder->writeBody(": jobpulse relay\n\n"); // ends the head; no Content-Length
    Subscriber *raw = s.get();
    connect(s->tcp, &QTcpSocket::disconnected, this, [this, raw] { remove(raw); });
    add(std::move(s));
}

void Relay::addWebSocket(std::unique_ptr<QWebSocket> socket)
{
    auto s = std::make_unique<Subscriber>();
    const QUrl url = socket->requestUrl();
    const QUrlQuery query(url);
    static const QString jobPrefix = u"/ws/jobs/"_s;
    const QString path = url.path(QUrl::FullyEncoded);
    if (path.startsWith(jobPrefix)) {
        const auto key = routeKey(path, jobPrefix);
        if (!key) {
            socket->abort(); // answered 404 already (Receiver::serveKeyRoute)
            return;
        }
        s->job = *key;
    }
    s->lastSeq = resumeFrom(query, {}, m_store->lastSeq());
    s->ws = std::move(socket);
    Subscriber *raw = s.get();
    connect(s->ws.get(), &QWebSocket::disconnected, this, [this, raw] { remove(raw); });
    add(std::move(s));
}

void Relay::add(std::unique_ptr<Subscriber> subscriber)
{
    Subscriber &s = *subscriber;
    m_subscribers.push_back(std::move(subscriber));
    qCDebug(lcRelay) << "subscriber from seq" << s.lastSeq << (s.job.isEmpty() ? QString() : s.job);
    Q_EMIT subscriberCountChanged(subscriberCount());
    pump(s, nullptr); // what it missed, straight away
}

void Relay::remove(Subscriber *subscriber)
{
    for (auto it = m_subscribers.begin(); it != m_subscribers.end(); ++it) {
        if (it->get() != subscriber) {
            continue;
        }
        detach(*subscriber);
        if (subscriber->ws) {
            subscriber->ws.release()->deleteLater(); // we may be inside its own signal
        }
        m_subscribers.erase(it);
        Q_EMIT subscriberCountChanged(subscriberCount());
        return;
    }
}

void Relay::committed(const Changes &changes)
{
    if (changes.events.isEmpty()) {
        return;
    }
    if (m_subscribers.empty()) {
        return;
    }
    const QList<Frame> frames = Frame::of(changes.events);
    // Copy the list: a dropped subscriber is removed while we iterate.
    std::vector<Subscriber *> current;
    for (const auto &s : m_subscribers) {
        current.push_back(s.get());
    }
    for (Subscriber *s : current) {
        if (std::any_of(m_subscribers.begin(), m_subscribers.end(),
                [s](const auto &p) { return p.get() == s; })) {
            pump(*s, &frames);
        }
    }
}

void Relay::pump(Subscriber &s, const QList<Frame> *live)
{
    if (s.waitingForDrain) {
        return; // catching up at the pace the subscriber reads; resumes on bytesWritten
    }
    // Judged before each commit's events are written, so one large commit alone never
    // drops a reader that keeps up; one that still holds the bound from before is gone.
    if (s.buffered() > m_options.maxBufferedBytes) {
        drop(s, u"slow subscriber: over %1 bytes not read"_s.arg(m_options.maxBufferedBytes));
        return;
    }
    // Hand what was written to the kernel now, rather than a chunk per event-loop turn:
    // then only a reader that really does not read makes our buffer grow.
    const auto flush = [&s] {
        if (s.ws) {
            s.ws->flush();
        } else if (s.tcp) {
            s.tcp->flush();
        }
    };
    if (live && !live->isEmpty() && live->first().seq == s.lastSeq + 1) {
        for (const Frame &frame : *live) {
            if (!send(s, frame)) {
                return;
            }
        }
        flush();
        return;
    }
    // Behind: read from the log, a page at a time, while the subscriber keeps up.
    for (;;) {
        // A filtered read skips other jobs' events: what the log held before the read is
        // settled, so the subscriber's position can move up to it.
        const qint64 horizon = s.job.isEmpty() ? 0 : m_store->lastSeq();
        const QList<Frame> page =
            Frame::of(m_store->eventsAfter(s.lastSeq, m_options.pageSize, s.job));
        for (const Frame &frame : page) {
            if (!send(s, frame)) {
                return;
            }
        }
        flush();
        if (page.size() < m_options.pageSize) {
            s.lastSeq = std::max(s.lastSeq, horizon);
            return;
        }
        if (s.buffered() > m_options.maxBufferedBytes / 2) {
            s.waitingForDrain = true;
            const auto resume = [this, &s] {
                if (s.buffered() <= m_options.maxBufferedBytes / 4) {
                    disconnect(s.drained);
                    s.waitingForDrain = false;
                    pump(s, nullptr);
                }
            };
            s.drained = s.ws ? connect(s.ws.get(), &QWebSocket::bytesWritten, this, resume)
                             : connect(s.tcp.data(), &QTcpSocket::bytesWritten, this, resume);
            return;
        }
    }
}

bool Relay::send(Subscriber &s, const Frame &frame)
{
    if (frame.seq <= s.lastSeq) {
        return true;
    }
    if (!s.job.isEmpty() && frame.job != s.job) {
        s.lastSeq = frame.seq;
        return true;
    }
    if (s.ws) {
        s.ws->sendTextMessage(frame.text);
    } else if (s.tcp && s.tcp->state() == QAbstractSocket::ConnectedState) {
        s.responder->writeBody(frame.sse);
    } else {
        return false;
    }
    s.lastSeq = frame.seq;
    return true;
}

void Relay::drop(Subscriber &s, const QString &reason)
{
    qCInfo(lcRelay).noquote() << "dropping a subscriber:" << reason;
    detach(s); // closing signals synchronously; remove() below does the bookkeeping
    if (s.ws) {
        s.ws->close(QWebSocketProtocol::CloseCodePolicyViolated, reason.left(120));
        s.ws->abort();
    } else if (s.tcp) {
        s.tcp->abort(); // an SSE client reconnects with Last-Event-ID and catches up
    }
    remove(&s);
}

void Relay::keepAlive()
{
    for (const auto &s : m_subscribers) {
        if (s->ws) {
            s->ws->ping();
        } else if (s->tcp && s->tcp->state() == QAbstractSocket::ConnectedState) {
            s->responder->writeBody(": keep-alive\n\n");
        }
    }
}

} // namespace jobpulse
