// Relay benchmark parts, each run as its own process against a running receiver (see
// run_relay.sh, which also starts the receiver and jobpulse-bench-ingest):
//
//   jobpulse-bench-relay subscribe --port P --subscribers N
//       N subscribers, half WebSocket (/v1/ws), half SSE (/v1/stream), plain sockets that
//       count events without parsing them (so that 1,000 of them cost the machine little).
//       Prints "ready" once every one is subscribed; on SIGTERM (or SIGINT) prints what they
//       received and, for the events `load` sent, the latency from send to receipt;
//       --samples FILE also writes each receipt as "sent_ns received_ns".
//   jobpulse-bench-relay load --port P --rate R --seconds S
//       R events/s, one per POST on one keep-alive connection, each carrying its send time
//       (CLOCK_MONOTONIC, shared by every process on the machine) in its message; prints the
//       latency of the answers (the commit); --acks FILE writes "sent_ns answered_ns" lines.
#include <QCoreApplication>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::atomic<bool> stopRequested { false };
std::vector<double> latencies; // ms
std::vector<std::pair<qint64, qint64>> samples; // (sent, received) ns, for --samples

// Writes "sent other" lines (ns) to @p path, for run_relay.sh to join.
void writePairs(const QString &path, const std::vector<std::pair<qint64, qint64>> &pairs)
{
    if (path.isEmpty()) {
        return;
    }
    if (FILE *f = std::fopen(path.toLocal8Bit().constData(), "w")) {
        for (const auto &[a, b] : pairs) {
            std::fprintf(f, "%lld %lld\n", static_cast<long long>(a), static_cast<long long>(b));
        }
        std::fclose(f);
    }
}

// The send time in a `load` event's message ("lat <ns>"), when @p bytes holds one.
void sampleLatency(QByteArrayView bytes, qint64 receivedNs)
{
    static const QByteArrayView marker = "\"message\":\"lat ";
    for (qsizetype at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) {
        qint64 sent = 0;
        for (qsizetype i = at + marker.size();
             i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9'; ++i) {
            sent = sent * 10 + (bytes[i] - '0');
        }
        latencies.push_back((receivedNs - sent) / 1e6);
        samples.emplace_back(sent, receivedNs);
    }
}

// One subscriber on a plain socket: the HTTP head, then SSE blocks or WebSocket frames.
struct Subscriber
{
    QTcpSocket socket;
    bool webSocket = false;
    bool subscribed = false;
    qint64 events = 0;
    QByteArray buffer;

    void open(quint16 port, bool ws)
    {
        webSocket = ws;
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { read(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
        const QByteArray key = "dGhlIHNhbXBsZSBub25jZQ=="; // RFC 6455's sample nonce
        socket.write(ws ? "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                          "Sec-WebSocket-Key: "
                    + key + "\r\n\r\n"
                        : QByteArray("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Accept: text/event-stream\r\n\r\n"));
    }

    void read()
    {
        const qint64 received = nowNs();
        buffer += socket.readAll();
        if (!subscribed) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            subscribed = true;
            buffer.remove(0, end + 4);
        }
        webSocket ? frames(received) : blocks(received);
    }

    void blocks(qint64 received)
    {
        qsizetype begin = 0;
        for (qsizetype end = buffer.indexOf("\n\n"); end >= 0;
             end = buffer.indexOf("\n\n", begin)) {
            const QByteArrayView block(buffer.constData() + begin, end - begin);
            if (block.startsWith("id: ")) {
                ++events;
                sampleLatency(block, received);
            }
            begin = end + 2;
        }
        buffer.remove(0, begin);
    }

    void frames(qint64 received)
    {
        qsizetype at = 0;
        while (buffer.size() - at >= 2) {
            const auto *p = reinterpret_cast<const uchar *>(buffer.constData() + at);
            quint64 length = p[1] & 0x7F;
            qsizetype head = 2;
            if (length == 126 || length == 127) {
                head += length == 126 ? 2 : 8;
                if (buffer.size() - at < head) {
                    break;
                }
                length = 0;
                for (qsizetype i = 2; i < head; ++i) {
                    length = length << 8 | p[i];
                }
            }
            if (quint64(buffer.size() - at - head) < length) {
                break;
            }
            if ((p[0] & 0x0F) == 0x1) {
                ++events;
                sampleLatency(
                    QByteArrayView(buffer.constData() + at + head, qsizetype(length)), received);
            }
            at += head + qsizetype(length);
        }
        buffer.remove(0, at);
    }
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v[size_t(p * double(v.size() - 1))];
}

int subscribe(quint16 port, int count, const QString &samplesPath)
{
    std::vector<std::unique_ptr<Subscriber>> subscribers;
    for (int i = 0; i < count; ++i) {
        subscribers.push_back(std::make_unique<Subscriber>());
        subscribers.back()->open(port, i % 2 == 0);
    }
    bool announced = false;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (!announced && std::all_of(subscribers.begin(), subscribers.end(), [](const auto &s) {
                return s->subscribed;
            })) {
            announced = true;
            std::printf("ready subscribers=%d\n", count);
            std::fflush(stdout);
        }
        if (!stopRequested) {
            return;
        }
        std::vector<double> perSubscriber;
        int open = 0;
        for (const auto &s : subscribers) {
            perSubscriber.push_back(double(s->events));
            open += s->socket.state() == QAbstractSocket::ConnectedState ? 1 : 0;
        }
        std::printf("subscribers=%d still_connected=%d events_per_subscriber_min=%.0f "
                    "median=%.0f max=%.0f latency_samples=%zu latency_p50_ms=%.2f "
                    "latency_p99_ms=%.2f\n",
            count, open, percentile(perSubscriber, 0), percentile(perSubscriber, 0.5),
            percentile(perSubscriber, 1), latencies.size(), percentile(latencies, 0.5),
            percentile(latencies, 0.99));
        std::fflush(stdout);
        writePairs(samplesPath, samples);
        QCoreApplication::quit();
    });
    poll.start(20);
    return QCoreApplication::exec();
}

int load(quint16 port, int rate, double seconds, const QString &acksPath)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000)) {
        std::fprintf(stderr, "cannot connect to port %u\n", port);
        return 1;
    }
    const qint64 start = nowNs();
    const qint64 total = qint64(rate * seconds);
    qint64 sent = 0;
    qint64 answered = 0;
    std::vector<qint64> sentAt; // answers come in request order on one connection
    std::vector<double> acks; // ms from send to the 2xx (the commit)
    std::vector<std::pair<qint64, qint64>> ackPairs; // (sent, answered) ns
    QByteArray carry; // a status line's start cut off by the end of the last read
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] {
        const qint64 now = nowNs();
        const QByteArray read = carry + socket.readAll();
        const qsizetype answers = read.count("HTTP/1.1 ");
        carry = read.right(8); // too short to hold a whole "HTTP/1.1 ": never counted twice
        for (qsizetype i = 0; i < answers && answered < qint64(sentAt.size()); ++i) {
            ackPairs.emplace_back(sentAt[size_t(answered)], now);
            acks.push_back((now - sentAt[size_t(answered++)]) / 1e6);
        }
        if (answered >= total) {
            QCoreApplication::quit();
        }
    });
    // The receiver may close the connection (an idle timeout while answers are late): what
    // was answered by then is reported instead of waiting for ever.
    QObject::connect(&socket, &QTcpSocket::disconnected, [] { QCoreApplication::quit(); });
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        // Paced by the clock, not by the timer's ticks: what is due by now is sent now.
        const qint64 due = std::min(total, (nowNs() - start) * rate / 1000000000);
        for (; sent < due; ++sent) {
            sentAt.push_back(nowNs());
            const QByteArray body = "{\"job\":\"relay-bench\",\"type\":\"log\",\"message\":\"lat "
                + QByteArray::number(sentAt.back()) + "\"}";
            socket.write("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                         "application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        }
        socket.flush();
        if (sent >= total) {
            tick.stop();
        }
    });
    tick.start(1);
    QCoreApplication::exec();
    std::printf("load sent=%lld answered=%lld rate=%d ack_p50_ms=%.2f ack_p99_ms=%.2f\n",
        static_cast<long long>(sent), static_cast<long long>(answered), rate, percentile(acks, 0.5),
        percentile(acks, 0.99));
    writePairs(acksPath, ackPairs);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::signal(SIGTERM, [](int) { stopRequested = true; });
    std::signal(SIGINT, [](int) { stopRequested = true; });
    const QStringList args = app.arguments();
    const auto option = [&](const QString &name, const QString &fallback) {
        const qsizetype i = args.indexOf(name);
        return i > 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    const auto port = quint16(option(QStringLiteral("--port"), QStringLiteral("7788")).toUInt());
    const QString mode = args.value(1);
    if (mode == QLatin1String("subscribe")) {
        return subscribe(port,
            option(QStringLiteral("--subscribers"), QStringLiteral("10")).toInt(),
            option(QStringLiteral("--samples"), {}));
    }
    if (mode == QLatin1String("load")) {
        return load(port, option(QStringLiteral("--rate"), QStringLiteral("1000")).toInt(),
            option(QStringLiteral("--seconds"), QStringLiteral("5")).toDouble(),
            option(QStringLiteral("--acks"), {}));
    }
    std::fprintf(stderr, "usage: jobpulse-bench-relay subscribe|load --port P ...\n");
    return 2;
}
