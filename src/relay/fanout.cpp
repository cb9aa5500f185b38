#include "fanout.h"

#include "relay/streamtakeover.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QWebSocket>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcRelay)

namespace jobpulse {

struct Fanout::Subscriber
{
    quint64 id = 0;
    QTcpSocket *tcp = nullptr; // ours; for a WebSocket, the one under it
    QWebSocket *ws = nullptr;
    std::optional<qint64> after;
    qint64 lastSeq = 0;
    QString job; // only this job's events, when set
    QByteArrayList pending; // queued, written together on the next flush
    qint64 pendingBytes = 0;
    bool waitingForDrain = false;
    // While waiting for a drain: buffered() at the last keep-alive, to see whether it reads.
    qint64 bufferedAtKeepAlive = -1;
    QMetaObject::Connection drained;

    qint64 buffered() const { return pendingBytes + (tcp ? tcp->bytesToWrite() : 0); }
    bool connected() const { return tcp && tcp->state() == QAbstractSocket::ConnectedState; }
    /** SSE: ends QHttpServer's side of the stream too. Through the descriptor our socket
     *  still holds, never a saved number: once Qt has closed it, that number may already
     *  belong to another connection, opened meanwhile on any thread. */
    void shutdownStream() const
    {
        if (!ws && tcp) {
            StreamTakeover::shutdown(tcp->socketDescriptor()); // -1 once closed: nothing
        }
    }
};

Fanout::Fanout(Relay::Options options, std::atomic<int> *count)
    : m_options(options)
    , m_count(count)
    , m_reader(this) // children move to the relay thread with us
    , m_listener(this)
    , m_keepAlive(this)
{
    connect(&m_listener, &CommitListener::notified, this, &Fanout::notified);
    connect(&m_listener, &CommitListener::reconnected, this, &Fanout::scheduleCatchUp);
    m_keepAlive.setInterval(m_options.keepAliveMs);
    connect(&m_keepAlive, &QTimer::timeout, this, &Fanout::keepAlive);
}

Fanout::~Fanout() = default;

void Fanout::open(const QString &databasePath)
{
    QString error;
    if (!databasePath.isEmpty() && !m_reader.openReadOnly(databasePath, &error)) {
        qCWarning(lcRelay).noquote() << "the relay cannot read the event log:" << error;
    }
    if (const auto target = StoreTarget::parse(databasePath, &error)) {
        m_listener.start(*target); // nothing for SQLite, whose only writer is this process
    }
    m_keepAlive.start();
}

void Fanout::shutdown()
{
    m_keepAlive.stop();
    for (const auto &s : m_subscribers) {
        disconnect(s->drained);
        if (s->ws) {
            s->ws->disconnect(this);
            delete s->ws; // says "going away" to the client
        }
        s->tcp->disconnect(this);
        s->shutdownStream();
        delete s->tcp;
    }
    m_subscribers.clear();
    m_byId.clear();
    m_count->store(0);
    m_listener.stop();
    m_reader.close();
}

void Fanout::addSse(const Request &request, qintptr descriptor)
{
    auto s = std::make_unique<Subscriber>();
    s->id = request.id;
    s->job = request.job;
    s->after = request.after;
    s->tcp = new QTcpSocket;
    if (!s->tcp->setSocketDescriptor(descriptor)) {
        qCWarning(lcRelay) << "cannot take over a stream:" << s->tcp->errorString();
        delete s->tcp;
        StreamTakeover::shutdown(descriptor);
        ::close(int(descriptor));
        return;
    }
    const quint64 id = s->id;
    connect(s->tcp, &QTcpSocket::disconnected, this, [this, id] { remove(id); });
    // An SSE client sends nothing more; whatever it sends is not kept.
    connect(s->tcp, &QTcpSocket::readyRead, s->tcp, [tcp = s->tcp] { tcp->readAll(); });
    QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                      "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\n";
    for (const auto &[name, value] : request.headers) {
        head += name + ": " + value + "\r\n";
    }
    queue(*s, head + "\r\n: jobpulse relay\n\n");
    add(std::move(s));
}

void Fanout::addWebSocket(const Request &request, QWebSocket *socket, QTcpSocket *tcp)
{
    auto s = std::make_unique<Subscriber>();
    s->id = request.id;
    s->job = request.job;
    s->after = request.after;
    s->ws = socket;
    s->tcp = tcp;
    const quint64 id = s->id;
    connect(socket, &QWebSocket::disconnected, this, [this, id] { remove(id); });
    const bool gone = socket->state() != QAbstractSocket::ConnectedState;
    add(std::move(s));
    if (gone) {
        remove(id); // it left while being handed over
    }
}

void Fanout::add(std::unique_ptr<Subscriber> subscriber)
{
    Subscriber &s = *subscriber;
    // Each turn's queue goes out as one write: Nagle would only hold it back for an ACK.
    s.tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_subscribers.push_back(std::move(subscriber));
    m_byId[s.id] = std::prev(m_subscribers.end());
    // Counted before the log's end is read: a commit the receiver's thread skipped while we
    // had no subscribers is in what we read here (see Relay's committed handler).
    Q_EMIT countChanged(m_count->fetch_add(1) + 1);
    s.lastSeq = s.after ? *s.after : m_reader.lastSeq();
    qCDebug(lcRelay) << "subscriber from seq" << s.lastSeq << s.job;
    pump(s, nullptr); // what it missed, straight away
}

Fanout::Subscriber *Fanout::find(quint64 id) const
{
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : it->second->get();
}

void Fanout::remove(quint64 id)
{
    if (const auto found = m_byId.find(id); found != m_byId.end()) {
        const auto it = found->second;
        m_byId.erase(found);
        Subscriber &s = **it;
        disconnect(s.drained);
        s.tcp->disconnect(this);
        s.shutdownStream(); // QHttpServer's side of an SSE stream too
        if (s.ws) {
            s.ws->disconnect(this);
            s.ws->deleteLater(); // we may be inside its own signal
        }
        s.tcp->deleteLater();
        m_subscribers.erase(it);
        Q_EMIT countChanged(m_count->fetch_sub(1) - 1);
        Q_EMIT removed(id);
    }
}

void Fanout::catchUp()
{
    m_missed = false; // before reading: a commit skipped after this posts another catch-up
    m_page = {};
    std::vector<quint64> ids;
    for (const auto &s : m_subscribers) {
        ids.push_back(s->id);
    }
    for (const quint64 id : ids) {
        if (Subscriber *s = find(id)) {
            pump(*s, nullptr);
        }
    }
}

void Fanout::notified(qint64 seq)
{
    // Usually this node's own commit, already queued live: then nobody is behind.
    const bool behind = std::any_of(m_subscribers.cbegin(), m_subscribers.cend(),
        [seq](const auto &s) { return s->lastSeq < seq; });
    if (behind) {
        scheduleCatchUp();
    }
}

void Fanout::scheduleCatchUp()
{
    if (m_catchUpScheduled || m_subscribers.empty()) {
        return;
    }
    m_catchUpScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_catchUpScheduled = false;
            catchUp();
        },
        Qt::QueuedConnection);
}

void Fanout::committed(const Changes &changes)
{
    --m_inFlight;
    m_page = {}; // the log has grown
    if (changes.events.isEmpty() || m_subscribers.empty()) {
        return;
    }
    const WireBatch batch = WireBatch::of(changes.events); // once, for every subscriber
    std::vector<quint64> ids; // a dropped subscriber is removed while we iterate
    ids.reserve(m_subscribers.size());
    for (const auto &s : m_subscribers) {
        ids.push_back(s->id);
    }
    for (const quint64 id : ids) {
        if (Subscriber *s = find(id)) {
            pump(*s, &batch);
        }
    }
}

void Fanout::pump(Subscriber &s, const WireBatch *live)
{
    if (s.waitingForDrain) {
        return; // catching up at the pace the subscriber reads; resumes on bytesWritten
    }
    // Judged before each commit's events are queued, so one large commit alone never drops
    // a reader that keeps up; one that still holds the bound from before is gone.
    if (s.buffered() > m_options.maxBufferedBytes) {
        drop(s, RelayCounters::Slow,
            u"slow subscriber: over %1 bytes not read"_s.arg(m_options.maxBufferedBytes));
        return;
    }
    if (live && !live->isEmpty() && live->firstSeq() <= s.lastSeq + 1) {
        queue(s, *live);
        return;
    }
    // Behind: read from the log, a page at a time, while the subscriber keeps up.
    for (;;) {
        // A filtered read skips other jobs' events: what the log held before the read is
        // settled, so the subscriber's position can move up to it.
        if (m_page.after != s.lastSeq || m_page.job != s.job) {
            m_page.after = s.lastSeq;
            m_page.job = s.job;
            m_page.horizon = s.job.isEmpty() ? 0 : m_reader.lastSeq();
            const QList<StoredEvent> events =
                m_reader.eventsAfter(s.lastSeq, m_options.pageSize, s.job);
            m_page.count = events.size();
            m_page.batch = WireBatch::of(events);
        }
        queue(s, m_page.batch);
        if (m_page.count < m_options.pageSize) {
            s.lastSeq = std::max(s.lastSeq, m_page.horizon);
            return;
        }
        if (s.buffered() > m_options.maxBufferedBytes / 2) {
            s.waitingForDrain = true;
            s.bufferedAtKeepAlive = -1;
            const quint64 id = s.id;
            s.drained = connect(s.tcp, &QTcpSocket::bytesWritten, this, [this, id] {
                Subscriber *t = find(id);
                if (t && t->buffered() <= m_options.maxBufferedBytes / 4) {
                    disconnect(t->drained);
                    t->waitingForDrain = false;
                    pump(*t, nullptr);
                }
            });
            return;
        }
    }
}

void Fanout::queue(Subscriber &s, const WireBatch &batch)
{
    if (batch.isEmpty() || !s.connected()) {
        return; // a closed connection: its disconnected signal removes it
    }
    const QByteArray bytes = batch.select(s.ws != nullptr, s.lastSeq, s.job);
    if (!bytes.isEmpty()) {
        // As select() chose them: all of a batch past the subscriber's place, or some.
        quint64 sent = 0;
        if (s.job.isEmpty() && batch.firstSeq() > s.lastSeq) {
            sent = quint64(batch.items.size());
        } else {
            for (const WireBatch::Item &item : batch.items) {
                sent += item.seq > s.lastSeq && (s.job.isEmpty() || item.job == s.job) ? 1 : 0;
            }
        }
        m_counters.messages[s.ws ? RelayCounters::WebSocket : RelayCounters::Sse] += sent;
    }
    queue(s, bytes);
    s.lastSeq = std::max(s.lastSeq, batch.lastSeq());
}

void Fanout::queue(Subscriber &s, const QByteArray &bytes)
{
    if (bytes.isEmpty()) {
        return;
    }
    s.pending.append(bytes); // shared: a subscriber taking a whole batch copies nothing yet
    s.pendingBytes += bytes.size();
    if (!m_flushScheduled) {
        // After the commits already waiting on this thread: they join this write.
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &Fanout::flushAll, Qt::QueuedConnection);
    }
}

void Fanout::flushAll()
{
    m_flushScheduled = false;
    std::vector<quint64> ids;
    for (const auto &s : m_subscribers) {
        if (!s->pending.isEmpty()) {
            ids.push_back(s->id);
        }
    }
    for (const quint64 id : ids) {
        Subscriber *s = find(id);
        if (!s || !s->connected()) {
            continue;
        }
        // One buffer, one copy of each part: appending each commit to one growing QByteArray
        // instead was the relay thread's hot spot (memcpy under QByteArray::insert).
        QByteArray bytes;
        if (s->pending.size() == 1) {
            bytes = s->pending.constFirst();
        } else {
            bytes.reserve(s->pendingBytes);
            for (const QByteArray &part : std::as_const(s->pending)) {
                bytes.append(part);
            }
        }
        s->pending.clear();
        s->pendingBytes = 0;
        s->tcp->write(bytes);
        // To the kernel now rather than a chunk per event-loop turn: then only a reader that
        // really does not read makes our buffer grow. May remove s (an error, a drain).
        s->tcp->flush();
    }
}

void Fanout::drop(Subscriber &s, RelayCounters::DropReason why, const QString &reason)
{
    ++m_counters.dropped[s.ws ? RelayCounters::WebSocket : RelayCounters::Sse][why];
    qCInfo(lcRelay).noquote() << "dropping a subscriber:" << reason;
    const quint64 id = s.id;
    s.tcp->disconnect(this); // closing signals synchronously; remove() does the bookkeeping
    if (s.ws) {
        s.ws->disconnect(this);
        s.ws->close(QWebSocketProtocol::CloseCodePolicyViolated, reason.left(120));
        s.ws->abort();
    } else {
        s.shutdownStream(); // an SSE client reconnects with Last-Event-ID
        s.tcp->abort();
    }
    remove(id);
}

void Fanout::keepAlive()
{
    std::vector<quint64> ids; // a stalled subscriber is removed while we iterate
    for (const auto &s : m_subscribers) {
        ids.push_back(s->id);
    }
    for (const quint64 id : ids) {
        Subscriber *s = find(id);
        if (!s) {
            continue;
        }
        // One waiting for its buffer to drain while catching up gets no new bytes queued, so
        // the bound alone never judges it: it is gone once it read nothing for an interval.
        if (s->waitingForDrain) {
            const qint64 buffered = s->buffered();
            if (s->bufferedAtKeepAlive >= 0 && buffered >= s->bufferedAtKeepAlive) {
                drop(*s, RelayCounters::Stalled,
                    u"slow subscriber: read nothing for %1 ms while catching up"_s.arg(
                        m_options.keepAliveMs));
                continue;
            }
            s->bufferedAtKeepAlive = buffered;
        }
        if (s->ws) {
            s->ws->ping();
        } else {
            queue(*s, QByteArrayLiteral(": keep-alive\n\n"));
        }
    }
}

} // namespace jobpulse
