// The relay: SSE and WebSocket subscribers on the receiver's port see every committed event
// exactly once and in order, resume where they left off, and a slow one never stalls ingest.
#include "common/loopbackserver.h"
#include "common/sseclient.h"
#include "common/storetesting.h"
#include "ingest/receiver.h"
#include "relay/relay.h"
#include "store/store.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QWebSocket>
#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

// A WebSocket subscriber: every message's event, parsed.
class WsClient : public QObject
{
public:
    explicit WsClient(const QUrl &url)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &m) {
            // The seq without parsing the whole event (it is parsed where a test needs it).
            static const QString key = u"\"seq\":"_s;
            const qsizetype at = m.indexOf(key);
            qsizetype end = at + key.size();
            while (end < m.size() && m.at(end).isDigit()) {
                ++end;
            }
            seqs << (at < 0
                    ? -1
                    : QStringView(m).sliced(at + key.size(), end - at - key.size()).toLongLong());
            messages << m;
        });
        socket.open(url);
    }
    QWebSocket socket;
    QList<qint64> seqs;
    QStringList messages;
};

// Sends batches to the receiver's /v1/events from a thread of its own, one request per
// connection, and counts the 2xx answers: ingest while the test's thread serves the receiver.
class Poster : public QThread
{
public:
    Poster(quint16 port, int requests, int perRequest, int jobs, int messageBytes = 10)
        : m_port(port)
        , m_requests(requests)
        , m_perRequest(perRequest)
        , m_jobs(jobs)
        , m_messageBytes(messageBytes)
    { }
    std::atomic<int> accepted { 0 };
    /** Waits for the last answer, serving the receiver meanwhile (it runs on this thread). */
    bool finish(int timeoutMs = 60000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!wait(10)) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            if (deadline.hasExpired()) {
                m_stop = true;
                wait();
                return false;
            }
        }
        return true;
    }

protected:
    void run() override
    {
        for (int r = 0; r < m_requests && !m_stop; ++r) {
            QJsonArray batch;
            for (int i = 0; i < m_perRequest; ++i) {
                batch.append(QJsonObject { { u"job"_s, u"j%1"_s.arg((r + i) % m_jobs) },
                    { u"type"_s, u"log"_s },
                    { u"message"_s,
                        u"%1 %2"_s.arg(r * m_perRequest + i)
                            .arg(QString(m_messageBytes, u'x')) } });
            }
            const QByteArray body = QJsonDocument(batch).toJson(QJsonDocument::Compact);
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_port);
            if (!socket.waitForConnected(5000)) {
                return;
            }
            socket.write("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         "Connection: close\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QByteArray answer;
            // Patient: the receiver shares the test's thread with its clients (slow under ASan).
            const QDeadlineTimer deadline(30000);
            while (!m_stop && !complete(answer) && !deadline.hasExpired()
                && socket.state() == QAbstractSocket::ConnectedState) {
                socket.waitForReadyRead(100);
                answer += socket.readAll();
            }
            if (answer.startsWith("HTTP/1.1 2")) {
                ++accepted;
            } else {
                qWarning("not accepted: %s", answer.left(300).constData());
            }
        }
    }

private:
    // A whole answer: its head and Content-Length bytes of body.
    static bool complete(const QByteArray &answer)
    {
        const qsizetype head = answer.indexOf("\r\n\r\n");
        if (head < 0) {
            return false;
        }
        const qsizetype at = answer.toLower().indexOf("content-length:");
        const qsizetype length = at < 0
            ? 0
            : answer.mid(at + 15, answer.indexOf('\r', at) - at - 15).trimmed().toLongLong();
        return answer.size() - head - 4 >= length;
    }
    std::atomic<bool> m_stop { false };
    quint16 m_port;
    int m_requests;
    int m_perRequest;
    int m_jobs;
    int m_messageBytes;
};

// Records jobpulse.relay's messages, from any thread, while it lives; passes them on. Its
// info messages are enabled meanwhile: ctest runs every test with
// QT_LOGGING_RULES=jobpulse.*.info=false (tests/CMakeLists.txt), which would otherwise keep
// them from ever being emitted (and that variable outranks QLoggingCategory::setFilterRules).
class RelayLog
{
public:
    RelayLog()
    {
        s_previous = qInstallMessageHandler(&RelayLog::handle);
        s_previousFilter = QLoggingCategory::installFilter(&RelayLog::filter);
    }
    ~RelayLog()
    {
        QLoggingCategory::installFilter(s_previousFilter);
        qInstallMessageHandler(s_previous);
    }
    bool contains(const QString &text) const
    {
        const QMutexLocker lock(&s_mutex);
        return s_messages.contains(text);
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (qstrcmp(context.category, "jobpulse.relay") == 0) {
            const QMutexLocker lock(&s_mutex);
            s_messages << message;
        }
        s_previous(type, context, message);
    }
    static void filter(QLoggingCategory *category)
    {
        if (s_previousFilter) {
            s_previousFilter(category);
        }
        if (qstrcmp(category->categoryName(), "jobpulse.relay") == 0) {
            category->setEnabled(QtInfoMsg, true);
        }
    }
    static inline QtMessageHandler s_previous = nullptr;
    static inline QLoggingCategory::CategoryFilter s_previousFilter = nullptr;
    static inline QMutex s_mutex;
    static inline QStringList s_messages;
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

    // An SSE subscriber from seq 0 on @p slow with a small receive window, that never reads.
    bool subscribeWithoutReading(int slow)
    {
        const int window = 4096;
        ::setsockopt(slow, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_receiver->port());
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const QByteArray request = "GET /v1/stream?after=0 HTTP/1.1\r\nHost: x\r\n\r\n";
        return ::connect(slow, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
            && ::write(slow, request.constData(), size_t(request.size())) == request.size();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        Receiver::Options options;
        Relay::Options relayOptions;
        relayOptions.maxBufferedBytes = 1024 * 1024;
        relayOptions.pageSize = 50;
        if (QByteArrayView(QTest::currentTestFunction())
            == "subscriberThatStopsReadingWhileCatchingUpIsDropped") {
            relayOptions.keepAliveMs = 1000; // a stall is judged over one keep-alive interval
        }
        // 300 ms, for the test that a stream outlives it; not when this thread also serves
        // many clients (a request's head may wait longer than that to be read here).
        options.headerTimeoutMs =
            QByteArrayView(QTest::currentTestFunction()) == "slowSubscriberCannotStallFastOnes"
            ? 10000
            : 300;
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

    // The relay runs on its own thread: a subscriber still sees every committed event once, in
    // order, while batches arrive over HTTP from another thread, all of them and one job's.
    void everyEventOnceInOrderWhileIngestRunsOnAnotherThread()
    {
        SseClient sse(m_receiver->port(), "/v1/stream?after=0");
        WsClient ws(QUrl(u"ws://127.0.0.1:%1/v1/ws?after=0"_s.arg(m_receiver->port())));
        WsClient one(QUrl(u"ws://127.0.0.1:%1/ws/jobs/j3?after=0"_s.arg(m_receiver->port())));
        QTRY_COMPARE(m_relay->subscriberCount(), 3);
        Poster poster(m_receiver->port(), 60, 40, 7);
        poster.start();
        const auto joined = qScopeGuard([&poster] { poster.finish(); });
        QTRY_COMPARE_WITH_TIMEOUT(sse.ids.size(), 2400, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(ws.seqs.size(), 2400, 30000);
        QVERIFY(poster.finish());
        QCOMPARE(poster.accepted.load(), 60);
        QCOMPARE(sse.ids, range(1, 2400));
        QCOMPARE(ws.seqs, range(1, 2400));
        QList<qint64> j3;
        for (const StoredEvent &e : m_store->eventsAfter(0, 5000, u"j3"_s)) {
            j3 << e.seq;
        }
        QVERIFY(j3.size() > 300);
        QTRY_COMPARE(one.seqs, j3);
        // Nothing more arrives: each event was sent once.
        QTest::qWait(200);
        QCOMPARE(sse.ids.size(), 2400);
        QCOMPARE(ws.seqs.size(), 2400);
    }

    // One subscriber that never reads is dropped with its reason; the 20 others, SSE and
    // WebSocket, get every event in order, and every batch sent over HTTP is accepted. (The
    // clients share the receiver's thread here: 99 of them would test the test's parsing.)
    void slowSubscriberCannotStallFastOnes()
    {
        std::vector<std::unique_ptr<SseClient>> sse;
        std::vector<std::unique_ptr<WsClient>> ws;
        for (int i = 0; i < 10; ++i) {
            sse.push_back(std::make_unique<SseClient>(m_receiver->port(), "/v1/stream?after=0"));
        }
        for (int i = 0; i < 10; ++i) {
            ws.push_back(std::make_unique<WsClient>(
                QUrl(u"ws://127.0.0.1:%1/v1/ws?after=0"_s.arg(m_receiver->port()))));
        }
        // The slow one: a small receive window, and it never reads.
        const int slow = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(subscribeWithoutReading(slow));
        QTRY_COMPARE(m_relay->subscriberCount(), 21);

        // The reason, as logged (on the relay's thread: recorded by a handler of our own, as
        // QTest::ignoreMessage missed messages from another thread now and then).
        const RelayLog log;
        // 6 MB: past the relay's bound (1 MB here) and what the kernel buffers for the slow one.
        Poster poster(m_receiver->port(), 100, 30, 3, 2000);
        poster.start();
        const auto joined = qScopeGuard([&poster] { poster.finish(); });
        QTRY_COMPARE_WITH_TIMEOUT(m_relay->subscriberCount(), 20, 60000);
        QTRY_VERIFY(
            log.contains(u"dropping a subscriber: slow subscriber: over 1048576 bytes not read"_s));
        QVERIFY(poster.finish());
        QCOMPARE(poster.accepted.load(), 100);
        for (const auto &c : sse) {
            QTRY_COMPARE_WITH_TIMEOUT(c->ids.size(), 3000, 30000);
            QCOMPARE(c->ids, range(1, 3000));
        }
        for (const auto &c : ws) {
            QTRY_COMPARE_WITH_TIMEOUT(c->seqs.size(), 3000, 30000);
            QCOMPARE(c->seqs, range(1, 3000));
        }
        ::close(slow);
    }

    // A subscriber catching up from the log that stops reading is dropped with its reason
    // once it has read nothing for a keep-alive interval (no new commit is needed to judge
    // it); one catching up beside it that reads gets the whole log and stays.
    void subscriberThatStopsReadingWhileCatchingUpIsDropped()
    {
        for (int i = 0; i < 60; ++i) {
            post(50, u"big"_s, 2000); // 6 MB of history: past the bound and the kernel's buffers
        }
        const RelayLog log;
        const int slow = ::socket(AF_INET, SOCK_STREAM, 0);
        const auto closed = qScopeGuard([slow] { ::close(slow); });
        QVERIFY(subscribeWithoutReading(slow));
        SseClient fast(m_receiver->port(), "/v1/stream?after=0");
        QTRY_COMPARE_WITH_TIMEOUT(fast.ids.size(), 3000, 30000);
        QCOMPARE(fast.ids, range(1, 3000));
        QTRY_COMPARE_WITH_TIMEOUT(m_relay->subscriberCount(), 1, 30000);
        QTRY_VERIFY(log.contains(
            u"dropping a subscriber: slow subscriber: read nothing for 1000 ms while catching up"_s));
        QCOMPARE(fast.socket.state(), QAbstractSocket::ConnectedState);
    }

    // Commits that reach the relay together leave in one write per connection; an SSE and a
    // WebSocket client still read them as separate, whole events.
    void coalescedWritesParseAsSeparateEvents()
    {
        SseClient sse(m_receiver->port(), "/v1/stream?after=0");
        WsClient ws(QUrl(u"ws://127.0.0.1:%1/v1/ws?after=0"_s.arg(m_receiver->port())));
        QTRY_COMPARE(m_relay->subscriberCount(), 2);
        // 300 commits queued at once, without waiting for any: they reach the relay's thread
        // faster than it writes, and big ones (over 64 KiB frames) among the small.
        int committed = 0;
        for (int i = 0; i < 300; ++i) {
            Event e;
            e.job = u"c"_s;
            e.type = EventType::Log;
            e.message = u"event %1 "_s.arg(i + 1) + QString(i % 50 == 0 ? 70000 : 5, u'y');
            e.time = QDateTime::currentDateTimeUtc();
            m_store->submit({ e }, this, [&committed](const IngestResult &r) {
                committed += r.status == IngestResult::Status::Committed ? 1 : 0;
            });
        }
        QTRY_COMPARE(committed, 300);
        QTRY_COMPARE_WITH_TIMEOUT(sse.ids.size(), 300, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(ws.seqs.size(), 300, 20000);
        QCOMPARE(sse.ids, range(1, 300));
        QCOMPARE(ws.seqs, range(1, 300));
        QCOMPARE(sse.data.size(), 300);
        for (int i = 0; i < 300; ++i) {
            const QString expected =
                u"event %1 "_s.arg(i + 1) + QString(i % 50 == 0 ? 70000 : 5, u'y');
            const QJsonObject fromSse = QJsonDocument::fromJson(sse.data.at(i)).object();
            const QJsonObject fromWs = QJsonDocument::fromJson(ws.messages.at(i).toUtf8()).object();
            QCOMPARE(fromSse[u"seq"_s].toInteger(), i + 1);
            QCOMPARE(fromSse[u"message"_s].toString(), expected);
            QCOMPARE(fromWs[u"seq"_s].toInteger(), i + 1);
            QCOMPARE(fromWs[u"message"_s].toString(), expected);
        }
    }

    // A log chunk's lines are stored once (in the log's own table, not in the event's row):
    // a subscriber resuming from 0, one following live and GET /v1/events still get each
    // chunk's lines, in order, with their streams, as `run` sent them.
    void logChunksKeepTheirLinesFromTheStore()
    {
        const auto chunk = [](int index) {
            Event e;
            e.job = u"build"_s;
            e.type = EventType::Log;
            e.time = QDateTime::currentDateTimeUtc();
            e.stream = u"stdout"_s;
            for (int i = 1; i <= 1000; ++i) {
                const int n = index * 1000 + i;
                e.lines.append({ u"line %1"_s.arg(n), n % 7 == 0 ? u"stderr"_s : QString(), {} });
            }
            return e;
        };
        const auto linesOf = [](const QJsonObject &event) {
            QStringList lines;
            for (const QJsonValue &line : event[u"lines"_s].toArray()) {
                lines << (line.isString()
                        ? line.toString()
                        : line[u"text"_s].toString() + u" on "_s + line[u"stream"_s].toString());
            }
            return lines;
        };
        QStringList expected;
        for (int n = 1; n <= 21000; ++n) {
            expected << (n % 7 == 0 ? u"line %1 on stderr"_s.arg(n) : u"line %1"_s.arg(n));
        }
        QList<Event> history;
        for (int i = 0; i < 20; ++i) {
            history << chunk(i);
        }
        QVERIFY(testing::commit(*m_store, history));
        SseClient sse(m_receiver->port(), "/v1/stream?after=0");
        WsClient ws(QUrl(u"ws://127.0.0.1:%1/v1/ws?after=0"_s.arg(m_receiver->port())));
        QTRY_COMPARE_WITH_TIMEOUT(sse.data.size(), 20, 20000);
        QVERIFY(testing::commit(*m_store, { chunk(20) })); // live
        QTRY_COMPARE_WITH_TIMEOUT(sse.data.size(), 21, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(ws.messages.size(), 21, 20000);
        QStringList fromSse;
        QStringList fromWs;
        for (int i = 0; i < 21; ++i) {
            const QJsonObject event = QJsonDocument::fromJson(sse.data.at(i)).object();
            QCOMPARE(event[u"stream"_s].toString(), u"stdout"_s);
            fromSse << linesOf(event);
            fromWs << linesOf(QJsonDocument::fromJson(ws.messages.at(i).toUtf8()).object());
        }
        QCOMPARE(fromSse, expected);
        QCOMPARE(fromWs, expected);
        QNetworkAccessManager network;
        QNetworkReply *reply = network.get(QNetworkRequest(
            QUrl(m_receiver->url().toString() + u"/v1/events?after=0&limit=1000"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        QStringList fromApi;
        for (const QJsonValue &event :
            QJsonDocument::fromJson(reply->readAll())[u"events"_s].toArray()) {
            fromApi << linesOf(event.toObject());
        }
        reply->deleteLater();
        QCOMPARE(fromApi, expected);
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
