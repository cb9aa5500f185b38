// The relay: SSE and WebSocket subscribers on the receiver's port see every committed event
// exactly once and in order, resume where they left off, and a slow one never stalls ingest.
#include "common/loopbackserver.h"
#include "common/storetesting.h"
#include "ingest/receiver.h"
#include "relay/relay.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

// A raw SSE client: collects the ids (seq) and event types it receives.
class SseClient : public QObject
{
public:
    SseClient(quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {})
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { read(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.waitForConnected(5000);
        socket.write("GET " + target + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
            + extraHeaders + "\r\n");
    }
    QTcpSocket socket;
    QList<qint64> ids;
    QStringList types;
    QByteArray head;

private:
    void read()
    {
        m_buffer += socket.readAll();
        if (head.isEmpty()) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            head = m_buffer.left(end);
            m_buffer.remove(0, end + 4);
        }
        for (qsizetype end = m_buffer.indexOf("\n\n"); end >= 0; end = m_buffer.indexOf("\n\n")) {
            for (const QByteArray &line : m_buffer.left(end).split('\n')) {
                if (line.startsWith("id: ")) {
                    ids << line.mid(4).toLongLong();
                } else if (line.startsWith("event: ")) {
                    types << QString::fromUtf8(line.mid(7));
                }
            }
            m_buffer.remove(0, end + 2);
        }
    }
    QByteArray m_buffer;
};

QList<qint64> range(qint64 from, qint64 to)
{
    QList<qint64> r;
    for (qint64 i = from; i <= to; ++i) {
        r << i;
    }
    return r;
}

} // namespace

class TestRelay : public QObject
{
    Q_OBJECT

private:
    void post(int count, const QString &job = u"j"_s, int messageBytes = 10)
    {
        QList<Event> events;
        for (int i = 0; i < count; ++i) {
            Event e;
            e.job = job;
            e.type = EventType::Log;
            e.message = QString(messageBytes, u'x');
            e.time = QDateTime::currentDateTimeUtc();
            events << e;
        }
        QVERIFY(testing::commit(*m_store, events));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        Receiver::Options options;
        Relay::Options relayOptions;
        relayOptions.maxBufferedBytes = 1024 * 1024;
        relayOptions.pageSize = 50;
        options.headerTimeoutMs = 300;
        const QString error = m_server.start(m_dir.filePath(u"relay%1.db"_s.arg(++m_counter)),
            options, Durability::Normal, true, relayOptions);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_store = m_server.store.get();
        m_receiver = m_server.receiver.get();
        m_relay = m_server.relay.get();
    }
    void cleanup() { m_server.stop(); }

    void sseSeesEveryEventOnceInOrder()
    {
        post(120); // history
        SseClient sse(m_receiver->port(), "/v1/stream?after=0");
        QTRY_COMPARE(sse.ids.size(), 120);
        QVERIFY(sse.head.startsWith("HTTP/1.1 200"));
        QVERIFY(sse.head.contains("text/event-stream"));
        for (int i = 0; i < 5; ++i) {
            post(30); // live, while catching up is done
        }
        QTRY_COMPARE(sse.ids.size(), 270);
        QCOMPARE(sse.ids, range(1, 270));
        QCOMPARE(sse.types.first(), u"log"_s);
        // The header timeout (300 ms here) does not cut a stream.
        QTest::qWait(600);
        post(1);
        QTRY_COMPARE(sse.ids.size(), 271);
        QCOMPARE(sse.socket.state(), QAbstractSocket::ConnectedState);
    }

    void sseResumesFromLastEventId()
    {
        post(10);
        SseClient sse(m_receiver->port(), "/v1/stream", "Last-Event-ID: 6\r\n");
        QTRY_COMPARE(sse.ids, range(7, 10));
        post(3);
        QTRY_COMPARE(sse.ids, range(7, 13));
        SseClient fresh(m_receiver->port(), "/v1/stream"); // no cursor: only new events
        QTRY_VERIFY(!fresh.head.isEmpty());
        post(2);
        QTRY_COMPARE(fresh.ids, range(14, 15));
    }

    void webSocketAllAndPerJob()
    {
        post(5, u"a"_s);
        post(5, u"b"_s);
        QWebSocket all;
        QWebSocket onlyB;
        QList<qint64> allSeqs;
        QList<qint64> bSeqs;
        QStringList bJobs;
        connect(&all, &QWebSocket::textMessageReceived, this, [&](const QString &m) {
            allSeqs << QJsonDocument::fromJson(m.toUtf8())[u"seq"_s].toInteger();
        });
        connect(&onlyB, &QWebSocket::textMessageReceived, this, [&](const QString &m) {
            const QJsonObject o = QJsonDocument::fromJson(m.toUtf8()).object();
            bSeqs << o[u"seq"_s].toInteger();
            bJobs << o[u"job"_s].toString();
        });
        all.open(QUrl(u"ws://127.0.0.1:%1/v1/ws?after=0"_s.arg(m_receiver->port())));
        onlyB.open(QUrl(u"ws://127.0.0.1:%1/ws/jobs/b?after=3"_s.arg(m_receiver->port())));
        QTRY_COMPARE(allSeqs, range(1, 10));
        QTRY_COMPARE(bSeqs, range(6, 10));
        QTRY_COMPARE(m_relay->subscriberCount(), 2);
        QTest::qWait(500); // past the header timeout: the upgraded connection stays
        post(2, u"a"_s);
        post(2, u"b"_s);
        QTRY_COMPARE(allSeqs, range(1, 14));
        QTRY_COMPARE(bSeqs, range(6, 10) + range(13, 14));
        QCOMPARE(bJobs.count(u"b"_s), bJobs.size());
        all.close();
        QTRY_COMPARE(m_relay->subscriberCount(), 1);
    }

    // The per-job WebSocket takes any key, percent-encoded as on the other routes.
    void webSocketPerJobTakesAnyKey()
    {
        const QString key = u"acme/api#7"_s;
        post(3, key);
        post(2, u"acme"_s);
        QWebSocket ws;
        QList<qint64> seqs;
        QStringList jobs;
        connect(&ws, &QWebSocket::textMessageReceived, this, [&](const QString &m) {
            const QJsonObject o = QJsonDocument::fromJson(m.toUtf8()).object();
            seqs << o[u"seq"_s].toInteger();
            jobs << o[u"job"_s].toString();
        });
        ws.open(
            QUrl(u"ws://127.0.0.1:%1/ws/jobs/acme%2Fapi%237?after=0"_s.arg(m_receiver->port())));
        QTRY_COMPARE(seqs, range(1, 3));
        post(1, u"acme"_s);
        post(1, key);
        QTRY_COMPARE(seqs, range(1, 3) + range(7, 7));
        QCOMPARE(jobs.count(key), jobs.size());

        // SSE takes the same key in its query.
        SseClient sse(m_receiver->port(), "/v1/stream?job=acme%2Fapi%237&after=0");
        QTRY_COMPARE(sse.ids, range(1, 3) + range(7, 7));

        // A raw '/' is not part of a key: 404, and no subscriber is kept.
        QWebSocket raw;
        QSignalSpy closed(&raw, &QWebSocket::disconnected);
        raw.open(QUrl(u"ws://127.0.0.1:%1/ws/jobs/acme/api"_s.arg(m_receiver->port())));
        QTRY_COMPARE(closed.size(), 1);
        QTRY_COMPARE(m_relay->subscriberCount(), 2);
    }

    void answersCountClients()
    {
        SseClient one(m_receiver->port(), "/v1/stream");
        QWebSocket two;
        two.open(QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_receiver->port())));
        QTRY_COMPARE(m_relay->subscriberCount(), 2);
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(m_receiver->url().toString() + u"/v1/events"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = network.post(request, R"({"job":"c","type":"job.started"})");
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(QJsonDocument::fromJson(reply->readAll())[u"clients"_s].toInt(), 2);
        reply->deleteLater();
    }

    void slowSubscriberIsDroppedNotWaitedFor()
    {
        SseClient fast(m_receiver->port(), "/v1/stream");
        SseClient slow(m_receiver->port(), "/v1/stream");
        QTRY_COMPARE(m_relay->subscriberCount(), 2);
        // The slow one stops reading; the kernel's buffers fill, then the relay's bound.
        slow.socket.setReadBufferSize(1);
        disconnect(&slow.socket, &QTcpSocket::readyRead, nullptr, nullptr);
        for (int i = 0; i < 160; ++i) {
            post(50, u"big"_s, 2000); // 16 MB in all; every batch is committed and answered
        }
        QTRY_COMPARE_WITH_TIMEOUT(fast.ids.size(), 8000, 20000);
        QCOMPARE(fast.ids, range(1, 8000));
        QTRY_COMPARE(m_relay->subscriberCount(), 1);
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    testing::LoopbackServer m_server;
    Store *m_store = nullptr;
    Receiver *m_receiver = nullptr;
    Relay *m_relay = nullptr;
};

QTEST_GUILESS_MAIN(TestRelay)
#include "tst_relay.moc"
