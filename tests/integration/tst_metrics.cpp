// GET /metrics on a real receiver, read by a real Prometheus text parser (Debian's
// python3-prometheus-client, as a scraper would): requests and refusals by hook and status,
// signature failures by scheme, committed events and the commit histogram, relay clients,
// jobs by status, build info, whether this node leads, relay messages sent and subscribers
// dropped by transport; behind the read token when one is set.
#include "common/loopbackserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

// Parses the exposition text on stdin with prometheus_client and prints every sample as
// [name, labels, value], as JSON.
const char *const Parser = R"(
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {"families": {}, "samples": []}
for family in text_string_to_metric_families(sys.stdin.read()):
    out["families"][family.name] = family.type
    for s in family.samples:
        out["samples"].append([s.name, s.labels, s.value])
print(json.dumps(out))
)";

const char *const HooksJson = R"([
  {"name": "gh", "family": "canonical", "signature": {"scheme": "github", "secret": "s3cret"}},
  {"name": "slack", "signature": {"scheme": "slack", "secret": "slack-secret"}}
])";

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    testing::LoopbackServer m_server;
    QNetworkAccessManager m_network;
    int m_counter = 0;

    QNetworkReply *send(const QByteArray &method, const QString &path, const QByteArray &body = {},
        const QByteArray &token = {})
    {
        QNetworkRequest request(QUrl(m_server.receiver->url().toString() + path));
        request.setRawHeader("Content-Type", "application/json");
        if (!token.isEmpty()) {
            request.setRawHeader("Authorization", "Bearer " + token);
        }
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000)) {
            qWarning("no answer from the receiver within 10 s");
        }
        reply->deleteLater();
        return reply;
    }
    int post(const QString &path, const QByteArray &body)
    {
        return send("POST", path, body)
            ->attribute(QNetworkRequest::HttpStatusCodeAttribute)
            .toInt();
    }

    /** The scraped samples: name{labels} → value, and the families' types. */
    struct Scrape
    {
        QHash<QString, double> values;
        QHash<QString, QString> types;
        double value(const QString &sample) const { return values.value(sample, -1); }
    };
    Scrape scrape(const QByteArray &token = {})
    {
        QNetworkReply *reply = send("GET", u"/metrics"_s, {}, token);
        const QByteArray text = reply->readAll();
        [&] {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(),
                u"text/plain; version=0.0.4; charset=utf-8"_s);
        }();
        QProcess python;
        // Debian's own python, which has Debian's python3-prometheus-client (a python3 earlier
        // in PATH, e.g. pyenv's, may not).
        python.start(u"/usr/bin/python3"_s, { u"-c"_s, QString::fromUtf8(Parser) });
        python.write(text);
        python.closeWriteChannel();
        [&] {
            QVERIFY(python.waitForFinished(30000));
            QVERIFY2(python.exitCode() == 0,
                qPrintable(u"prometheus_client (python3-prometheus-client) refused it: "_s
                    + QString::fromUtf8(python.readAllStandardError())));
        }();
        const QJsonObject parsed = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
        Scrape scrape;
        for (const QJsonValue &sample : parsed[u"samples"_s].toArray()) {
            const QJsonObject labels = sample[1].toObject();
            QStringList pairs;
            for (auto it = labels.begin(); it != labels.end(); ++it) {
                pairs << u"%1=%2"_s.arg(it.key(), it.value().toString());
            }
            pairs.sort();
            const QString key = sample[0].toString()
                + (pairs.isEmpty() ? QString() : u"{"_s + pairs.join(u',') + u"}"_s);
            scrape.values.insert(key, sample[2].toDouble());
        }
        const QJsonObject families = parsed[u"families"_s].toObject();
        for (auto it = families.begin(); it != families.end(); ++it) {
            scrape.types.insert(it.key(), it.value().toString());
        }
        return scrape;
    }
    void start(const QString &readToken = {}, Relay::Options relayOptions = {})
    {
        QString error;
        const auto hooks =
            HookConfig::listFromJson(QJsonDocument::fromJson(HooksJson).array(), &error);
        QVERIFY2(hooks, qPrintable(error));
        Receiver::Options options;
        options.hooks = *hooks;
        options.readToken = readToken;
        error = m_server.start(m_dir.filePath(u"m%1.db"_s.arg(++m_counter)), options,
            Durability::Normal, true, relayOptions);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

private Q_SLOTS:
    void cleanup() { m_server.stop(); }

    void countsWhatAScraperAsksFor()
    {
        start();
        QCOMPARE(post(u"/v1/events"_s, R"({"job":"a","type":"job.started"})"), 200);
        QCOMPARE(post(u"/v1/events"_s,
                     R"([{"job":"b","type":"job.started"},{"job":"b","type":"job.succeeded"}])"),
            200);
        QCOMPARE(post(u"/v1/events"_s, R"({"job":"c","type":"job.started","id":"x1"})"), 200);
        QCOMPARE(post(u"/v1/events"_s, R"({"job":"c","type":"job.started","id":"x1"})"), 200);
        QCOMPARE(post(u"/v1/events"_s, "{ not json"), 400);
        QCOMPARE(post(u"/hooks/gh"_s, R"({"job":"d","type":"job.started"})"), 401); // unsigned
        QCOMPARE(post(u"/hooks/gh"_s, R"({"job":"d","type":"job.started"})"), 401);
        QCOMPARE(post(u"/hooks/slack"_s, R"({"job":"d","type":"job.started"})"), 401);

        // A live subscriber of the relay.
        QNetworkRequest streamRequest(QUrl(m_server.receiver->url().toString() + u"/v1/stream"_s));
        QNetworkReply *stream = m_network.get(streamRequest);
        QTRY_COMPARE(m_server.relay->subscriberCount(), 1);

        const Scrape s = scrape();
        QCOMPARE(s.value(u"jobpulse_http_requests_total{hook=events,status=200}"_s), 4.0);
        QCOMPARE(s.value(u"jobpulse_http_requests_total{hook=events,status=400}"_s), 1.0);
        QCOMPARE(s.value(u"jobpulse_http_requests_total{hook=gh,status=401}"_s), 2.0);
        QCOMPARE(s.value(u"jobpulse_http_refusals_total{hook=gh,status=401}"_s), 2.0);
        QCOMPARE(s.value(u"jobpulse_http_refusals_total{hook=events,status=200}"_s), -1.0);
        QCOMPARE(s.value(u"jobpulse_signature_failures_total{scheme=github}"_s), 2.0);
        QCOMPARE(s.value(u"jobpulse_signature_failures_total{scheme=slack}"_s), 1.0);
        QCOMPARE(s.value(u"jobpulse_events_committed_total"_s), 4.0);
        QCOMPARE(s.value(u"jobpulse_events_duplicate_total"_s), 1.0);
        QVERIFY(s.value(u"jobpulse_commit_duration_seconds_count"_s) >= 1);
        QCOMPARE(s.value(u"jobpulse_commit_duration_seconds_bucket{le=+Inf}"_s),
            s.value(u"jobpulse_commit_duration_seconds_count"_s));
        QVERIFY(s.value(u"jobpulse_commit_duration_seconds_sum"_s) > 0);
        QCOMPARE(s.types.value(u"jobpulse_commit_duration_seconds"_s), u"histogram"_s);
        QCOMPARE(s.types.value(u"jobpulse_http_requests"_s), u"counter"_s);
        QCOMPARE(s.value(u"jobpulse_relay_clients"_s), 1.0);
        QCOMPARE(s.value(u"jobpulse_jobs{status=running}"_s), 2.0); // a and c
        QCOMPARE(s.value(u"jobpulse_jobs{status=succeeded}"_s), 1.0);
        QCOMPARE(s.value(u"jobpulse_store_writable"_s), 1.0);
        QCOMPARE(s.value(u"jobpulse_build_info{qt=%1,version=%2}"_s.arg(
                     QString::fromLatin1(qVersion()), QStringLiteral(JOBPULSE_VERSION))),
            1.0);
        // No job key is ever a label.
        for (auto it = s.values.cbegin(); it != s.values.cend(); ++it) {
            QVERIFY2(
                !it.key().contains(u"=a,"_s) && !it.key().contains(u"=a}"_s), qPrintable(it.key()));
        }
        stream->abort();
        stream->deleteLater();
    }

    void relayTrafficByTransport()
    {
        // A small bound: a subscriber that stops reading is dropped after little traffic.
        Relay::Options relayOptions;
        relayOptions.maxBufferedBytes = 64 * 1024;
        start({}, relayOptions);
        const Scrape before = scrape();
        QCOMPARE(before.types.value(u"jobpulse_relay_messages"_s), u"counter"_s);
        QCOMPARE(before.types.value(u"jobpulse_relay_dropped"_s), u"counter"_s);
        QCOMPARE(before.value(u"jobpulse_relay_messages_total{transport=sse}"_s), 0.0);
        QCOMPARE(before.value(u"jobpulse_relay_messages_total{transport=websocket}"_s), 0.0);
        QCOMPARE(before.value(u"jobpulse_relay_dropped_total{reason=slow,transport=sse}"_s), 0.0);
        QCOMPARE(before.value(u"jobpulse_leader"_s), 1.0); // SQLite: the only node leads

        const quint16 port = m_server.receiver->port();
        QNetworkReply *stream =
            m_network.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/v1/stream"_s.arg(port))));
        QWebSocket ws;
        int received = 0;
        connect(&ws, &QWebSocket::textMessageReceived, this, [&received] { ++received; });
        ws.open(QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(port)));
        QTRY_COMPARE(m_server.relay->subscriberCount(), 2);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(post(u"/v1/events"_s, R"({"job":"r","type":"log","message":"hi"})"), 200);
        }
        QTRY_COMPARE(received, 3);
        const Scrape sent = scrape();
        QCOMPARE(sent.value(u"jobpulse_relay_messages_total{transport=websocket}"_s), 3.0);
        QTRY_COMPARE(scrape().value(u"jobpulse_relay_messages_total{transport=sse}"_s), 3.0);

        // One that stops reading (a small receive window, never read): the kernel's buffers
        // fill, then the relay's bound, and it is dropped.
        const int slow = ::socket(AF_INET, SOCK_STREAM, 0);
        const int window = 4096;
        ::setsockopt(slow, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const QByteArray request = "GET /v1/stream HTTP/1.1\r\nHost: x\r\n\r\n";
        QVERIFY(::connect(slow, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
        QVERIFY(::write(slow, request.constData(), size_t(request.size())) == request.size());
        QTRY_COMPARE(m_server.relay->subscriberCount(), 3);
        QJsonArray batch;
        for (int i = 0; i < 10; ++i) {
            batch.append(QJsonObject { { u"job"_s, u"r"_s }, { u"type"_s, u"log"_s },
                { u"message"_s, QString(8000, u'x') } });
        }
        const QByteArray big = QJsonDocument(batch).toJson(QJsonDocument::Compact);
        for (int i = 0; i < 500 && m_server.relay->subscriberCount() == 3; ++i) {
            QCOMPARE(post(u"/v1/events"_s, big), 200);
        }
        QTRY_COMPARE(m_server.relay->subscriberCount(), 2);
        const Scrape after = scrape();
        QCOMPARE(after.value(u"jobpulse_relay_dropped_total{reason=slow,transport=sse}"_s), 1.0);
        QCOMPARE(
            after.value(u"jobpulse_relay_dropped_total{reason=slow,transport=websocket}"_s), 0.0);
        QVERIFY(after.value(u"jobpulse_relay_messages_total{transport=websocket}"_s) > 3);
        ::close(slow);
        stream->abort();
        stream->deleteLater();
    }

    void behindTheReadToken()
    {
        start(u"r3ad"_s);
        QCOMPARE(
            send("GET", u"/metrics"_s)->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            401);
        const Scrape s = scrape("r3ad");
        QCOMPARE(s.value(u"jobpulse_store_writable"_s), 1.0);
        QCOMPARE(send("POST", u"/metrics"_s, {}, "r3ad")
                     ->attribute(QNetworkRequest::HttpStatusCodeAttribute)
                     .toInt(),
            405);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
