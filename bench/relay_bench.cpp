// Relay benchmark against a running headless receiver:
//  1. latency: 1,000 events/s POSTed one per request; time from sending the POST to the
//     event arriving at each of 10 subscribers (5 WebSocket, 5 SSE); p50/p99;
//  2. fan-out: 20,000 events in batches of 100 as fast as the receiver takes them, with
//     N subscribers (0 and 100): ingest events/s and delivered events/s per subscriber.
//
//   jobpulse-bench-relay --port 7788
#include "sources/sseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <algorithm>
#include <cstdio>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

QElapsedTimer clock_;
QHash<QString, qint64> sentAt; // event id -> ns
std::vector<double> latencies;
qint64 delivered = 0;

void received(const QByteArray &json)
{
    ++delivered;
    const QString id = QJsonDocument::fromJson(json)[u"id"_s].toString();
    const auto it = sentAt.constFind(id);
    if (it != sentAt.cend()) {
        latencies.push_back((clock_.nsecsElapsed() - *it) / 1e6);
    }
}

struct Subscribers
{
    std::vector<std::unique_ptr<QWebSocket>> ws;
    std::vector<std::unique_ptr<QTcpSocket>> sse;
    std::vector<std::unique_ptr<jobpulse::SseParser>> parsers;

    void open(quint16 port, int webSockets, int streams)
    {
        for (int i = 0; i < webSockets; ++i) {
            auto s = std::make_unique<QWebSocket>();
            QObject::connect(s.get(), &QWebSocket::textMessageReceived,
                [](const QString &m) { received(m.toUtf8()); });
            s->open(QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(port)));
            ws.push_back(std::move(s));
        }
        for (int i = 0; i < streams; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            auto parser = std::make_unique<jobpulse::SseParser>();
            QTcpSocket *raw = s.get();
            jobpulse::SseParser *p = parser.get();
            auto headDone = std::make_shared<bool>(false);
            QObject::connect(raw, &QTcpSocket::readyRead, [raw, p, headDone] {
                QByteArray bytes = raw->readAll();
                if (!*headDone) {
                    const qsizetype end = bytes.indexOf("\r\n\r\n");
                    if (end < 0) {
                        return;
                    }
                    *headDone = true;
                    bytes = bytes.mid(end + 4);
                }
                for (const auto &e : p->feed(bytes)) {
                    received(e.data.toUtf8());
                }
            });
            s->connectToHost(QHostAddress::LocalHost, port);
            s->write("GET /v1/stream HTTP/1.1\r\nHost: x\r\n\r\n");
            sse.push_back(std::move(s));
            parsers.push_back(std::move(parser));
        }
    }
};

void waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const quint16 port =
        argc > 2 && qstrcmp(argv[1], "--port") == 0 ? quint16(QByteArray(argv[2]).toUInt()) : 7788;
    const QUrl url(u"http://127.0.0.1:%1/v1/events"_s.arg(port));
    QNetworkAccessManager network;
    clock_.start();
    int inFlight = 0;
    const auto post = [&](const QByteArray &body) {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        ++inFlight;
        QNetworkReply *reply = network.post(request, body);
        QObject::connect(reply, &QNetworkReply::finished, reply, [&inFlight, reply] {
            --inFlight;
            reply->deleteLater();
        });
    };

    // 1. Latency at 1,000 events/s with 10 subscribers.
    {
        Subscribers subs;
        subs.open(port, 5, 5);
        waitFor([] { return false; }, 500); // let them connect
        const int events = 5000;
        int sent = 0;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        tick.setInterval(1);
        QObject::connect(&tick, &QTimer::timeout, [&] {
            if (sent >= events) {
                return;
            }
            const QString id = u"lat-%1-%2"_s.arg(clock_.elapsed()).arg(sent);
            sentAt.insert(id, clock_.nsecsElapsed());
            post(
                QJsonDocument(QJsonObject { { u"job"_s, u"relay-bench"_s }, { u"type"_s, u"log"_s },
                                  { u"message"_s, u"tick"_s }, { u"id"_s, id } })
                    .toJson(QJsonDocument::Compact));
            ++sent;
        });
        tick.start();
        waitFor([&] { return latencies.size() >= size_t(events) * 10; }, 30000);
        tick.stop();
        std::sort(latencies.begin(), latencies.end());
        const auto pct = [](double p) {
            return latencies.empty() ? 0.0 : latencies[size_t(p * double(latencies.size() - 1))];
        };
        std::printf("latency   subscribers=10 (5 ws + 5 sse) rate=1000/s events=%d deliveries=%zu  "
                    "p50_ms=%.2f  p99_ms=%.2f\n",
            events, latencies.size(), pct(0.5), pct(0.99));
    }

    // 2. Fan-out: ingest with 0 and with 100 subscribers.
    for (const int subscriberCount : { 0, 100 }) {
        Subscribers subs;
        subs.open(port, subscriberCount / 2, subscriberCount / 2);
        waitFor([] { return false; }, 1000);
        delivered = 0;
        const int batches = 200;
        QElapsedTimer t;
        t.start();
        for (int b = 0; b < batches; ++b) {
            QByteArray body = "[";
            for (int i = 0; i < 100; ++i) {
                body += (i ? "," : "") + QByteArray(R"({"job":"fan-)") + QByteArray::number(b)
                    + R"(","type":"log","message":"line"})";
            }
            post(body + "]");
            waitFor([&] { return inFlight < 8; }, 10000);
        }
        waitFor([&] { return inFlight == 0; }, 30000);
        const double ingestSeconds = t.elapsed() / 1000.0;
        const qint64 expected = qint64(batches) * 100 * subscriberCount;
        waitFor([&] { return delivered >= expected; }, 60000);
        const double allSeconds = t.elapsed() / 1000.0;
        std::printf("fan-out   subscribers=%d events=%d  ingest_events_per_s=%.0f  "
                    "delivered_per_subscriber_events_per_s=%.0f  delivered=%lld/%lld\n",
            subscriberCount, batches * 100, batches * 100 / ingestSeconds,
            subscriberCount ? batches * 100 / allSeconds : 0.0, static_cast<long long>(delivered),
            static_cast<long long>(expected));
    }
    return 0;
}
