// Outbound sources against real peers on loopback: SSE and WebSocket servers killed and
// restarted mid-stream, a JSON / cctray HTTP server whose content changes, a real
// redis-server, and two Jobpulse processes chained by a `jobpulse` source.
#include "common/peers.h"
#include "common/storetesting.h"
#include "sources/pollsource.h"
#include "sources/sourcemanager.h"
#include "store/store.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;
using namespace jobpulse::testing;

namespace {

SourceConfig config(const QByteArray &json)
{
    QString error;
    auto c = SourceConfig::fromJson(QJsonDocument::fromJson(json).object(), u"s"_s, &error);
    if (!c) {
        qFatal("bad test config: %s", qPrintable(error));
    }
    c->backoffBaseMs = 20; // restarts in tests should not wait out real backoffs
    c->backoffCapMs = 200;
    return *c;
}

QByteArray logEvent(const QString &job, int n, bool withId = false)
{
    QJsonObject o { { u"job"_s, job }, { u"type"_s, u"log"_s },
        { u"message"_s, QString::number(n) } };
    if (withId) {
        o.insert(u"id"_s, u"%1-%2"_s.arg(job).arg(n));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/** The messages of @p job's stored log events, in seq order. */
QStringList messages(Store &store, const QString &job = {})
{
    QStringList list;
    for (const StoredEvent &e : store.eventsAfter(0, 100000, job)) {
        list.append(e.event.message);
    }
    return list;
}

QStringList numbers(int from, int to)
{
    QStringList list;
    for (int i = from; i <= to; ++i) {
        list.append(QString::number(i));
    }
    return list;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QJsonObject getJson(const QUrl &url)
{
    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

/** Starts `jobpulse --headless` with @p args; the receiver's URL it prints, or an invalid one. */
QUrl startHeadless(QProcess &p, const QStringList &args)
{
    p.setProgram(QStringLiteral(JOBPULSE_BINARY));
    p.setArguments(QStringList { u"--headless"_s } + args);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start();
    QString line;
    (void)QTest::qWaitFor(
        [&] {
            line += QString::fromUtf8(p.readAllStandardOutput());
            return line.contains(u'\n') || p.state() == QProcess::NotRunning;
        },
        10000);
    return QUrl(line.section(u' ', 1).trimmed());
}

/** The first source's status in GET /health of the receiver at @p url. */
QJsonObject firstSource(const QUrl &url)
{
    return getJson(url.resolved(QUrl(u"/health"_s))).value(u"sources"_s).toArray().at(0).toObject();
}

/** A real redis-server on a free loopback port, in a temporary folder. */
struct RedisServer
{
    QProcess process;
    quint16 port = 0;
    QTemporaryDir dir;

    bool start(quint16 onPort = 0)
    {
        port = onPort ? onPort : freePort();
        const QString exe = QStandardPaths::findExecutable(u"redis-server"_s);
        if (exe.isEmpty()) {
            return false;
        }
        process.setWorkingDirectory(dir.path());
        process.start(exe,
            { u"--port"_s, QString::number(port), u"--bind"_s, u"127.0.0.1"_s, u"--save"_s,
                QString(), u"--appendonly"_s, u"yes"_s, u"--appendfsync"_s, u"always"_s, u"--dir"_s,
                dir.path() });
        return process.waitForStarted()
            && QTest::qWaitFor([&] { return cli({ u"PING"_s }).trimmed() == "PONG"; }, 10000);
    }
    void kill()
    {
        process.kill();
        process.waitForFinished();
    }
    QByteArray cli(const QStringList &args)
    {
        QProcess p;
        p.start(u"redis-cli"_s, QStringList { u"-p"_s, QString::number(port) } + args);
        p.waitForFinished();
        return p.readAllStandardOutput();
    }
    ~RedisServer() { kill(); }
};

} // namespace

class TestSources : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_db = 0;

    std::unique_ptr<Store> openStore(const QString &name = {});

private Q_SLOTS:
    void configErrorsNameTheKey_data();
    void configErrorsNameTheKey();

    void websocketUrlAndToken();
    void severalNodesInOrder();

    void sseResumesAfterPeerRestarts();

    void sseStopsOn204AndGoesOfflineOn401();

    void sseSilentStreamIsDead();

    void websocketReplaysAreDeduplicated();

    void websocketDeadPeerFoundByPing();

    void pollJsonOnlyChangesBecomeEvents();

    void pollErrorsBackOffThenRecover();

    void cctrayBuildsBecomeJobs();

    void redisPubSubAndStreams();

    void fallbackPollsOnlyWhilePushIsDown();
    void networkBackRetriesAtOnce();
    void cctrayFeedPolled();

    void chainedJobpulseProcesses_data();
    void chainedJobpulseProcesses();
    void followsSeveralNodes_data();
    void followsSeveralNodes();
};

std::unique_ptr<Store> TestSources::openStore(const QString &name)
{
    auto store = std::make_unique<Store>();
    QString error;
    const QString path = m_dir.filePath(name.isEmpty() ? u"s%1.db"_s.arg(++m_db) : name);
    if (!store->open(path, Durability::Normal, &error)) {
        qFatal("store: %s", qPrintable(error));
    }
    return store;
}

void TestSources::configErrorsNameTheKey_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("no name") << QByteArray(R"({"type":"sse","url":"http://127.0.0.1:1"})")
                             << u"s.name"_s;
    QTest::newRow("type") << QByteArray(R"({"name":"a","type":"ftp","url":"http://h"})")
                          << u"s.type: one of websocket, sse, poll, redis"_s;
    QTest::newRow("url") << QByteArray(R"({"name":"a","type":"sse","url":"ws://h"})") << u"s.url"_s;
    QTest::newRow("token env") << QByteArray(
        R"({"name":"a","type":"sse","url":"http://h","token":"env:NOPE_X1"})")
                               << u"s.token: the environment variable NOPE_X1 is not set"_s;
    QTest::newRow("mapping") << QByteArray(
        R"({"name":"a","type":"poll","url":"http://h","format":"mapped","map":{"job":"x"}})")
                             << u"s.map.job"_s;
    QTest::newRow("redis needs channels")
        << QByteArray(R"({"name":"a","type":"redis","url":"redis://h"})") << u"s.channels"_s;
    QTest::newRow("unknown key") << QByteArray(
        R"({"name":"a","type":"sse","url":"http://h","intervall":3})")
                                 << u"s.intervall: unknown key"_s;
    QTest::newRow("urls not a list")
        << QByteArray(R"({"name":"a","type":"sse","format":"jobpulse","urls":"http://h"})")
        << u"s.urls: a list"_s;
    QTest::newRow("urls entry") << QByteArray(
        R"({"name":"a","type":"sse","format":"jobpulse","urls":["http://a","ws://b"]})")
                                << u"s.urls[1]: a http/https URL"_s;
    QTest::newRow("urls need format jobpulse")
        << QByteArray(R"({"name":"a","type":"sse","urls":["http://a","http://b"]})")
        << u"s.urls: several nodes"_s;
    QTest::newRow("urls on a poll source") << QByteArray(
        R"({"name":"a","type":"poll","format":"jobpulse","urls":["http://a","http://b"]})")
                                           << u"s.urls: several nodes"_s;
    QTest::newRow("fallback type") << QByteArray(
        R"({"name":"a","type":"sse","url":"http://h","fallback":{"type":"sse","url":"http://h"}})")
                                   << u"s.fallback.type"_s;
}

void TestSources::configErrorsNameTheKey()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!SourceConfig::fromJson(QJsonDocument::fromJson(json).object(), u"s"_s, &why));
    QVERIFY2(why.startsWith(error), qPrintable(why));
}

void TestSources::websocketUrlAndToken()
{
    const SourceConfig c = config(R"({"name":"b","type":"websocket",
        "url":"https://api.example.test/ws/jobs/42","token":"secret","tokenIn":"query"})");
    QCOMPARE(c.url.toString(), u"wss://api.example.test/ws/jobs/42"_s);
    QVERIFY(!c.displayUrl().contains(u"secret"_s));
}

void TestSources::severalNodesInOrder()
{
    // `url` first, then `urls` (duplicates dropped); http(s) becomes ws(s) for websocket.
    const SourceConfig c = config(R"({"name":"team","type":"websocket","format":"jobpulse",
        "url":"http://a:7788","urls":["http://b:7788","http://a:7788","https://c"]})");
    QCOMPARE(c.urls,
        (QList<QUrl> { QUrl(u"ws://a:7788"_s), QUrl(u"ws://b:7788"_s), QUrl(u"wss://c"_s) }));
    QCOMPARE(c.url, QUrl(u"ws://a:7788"_s));
}

void TestSources::sseResumesAfterPeerRestarts()
{
    auto store = openStore();
    SsePeer peer;
    QVERIFY(peer.listen());
    auto source = createSource(
        config(QJsonDocument(QJsonObject { { u"name"_s, u"sse"_s }, { u"type"_s, u"sse"_s },
                                 { u"url"_s, u"http://127.0.0.1:%1/events"_s.arg(peer.port()) },
                                 { u"token"_s, u"t0k"_s } })
                   .toJson()),
        store.get());
    source->start();
    QTRY_COMPARE(source->state(), SourceState::Live);
    QCOMPARE(peer.authorization, QByteArray("Bearer t0k"));
    int n = 0;
    for (int round = 0; round < 5; ++round) {
        for (int i = 0; i < 20; ++i) {
            peer.publish(logEvent(u"sse-job"_s, ++n));
        }
        QTRY_COMPARE(messages(*store).size(), n);
        peer.kill(); // mid-stream crash; events logged meanwhile must arrive after restart
        QTRY_COMPARE(source->state(), SourceState::Reconnecting);
        for (int i = 0; i < 7; ++i) {
            peer.publish(logEvent(u"sse-job"_s, ++n));
        }
        QVERIFY(peer.listen());
        QTRY_COMPARE(source->state(), SourceState::Live);
        QCOMPARE(peer.lastEventIdSeen, QByteArray::number(n - 7)); // resumed, not replayed
    }
    QTRY_COMPARE(messages(*store), numbers(1, n)); // every event once, in order
    QCOMPARE(source->counters().connects, 6); // the first connection and one per restart
    // A restart of our side resumes from the cursor stored with the events.
    source.reset();
    peer.publish(logEvent(u"sse-job"_s, ++n));
    auto again = createSource(
        config(QJsonDocument(QJsonObject { { u"name"_s, u"sse"_s }, { u"type"_s, u"sse"_s },
                                 { u"url"_s, u"http://127.0.0.1:%1/events"_s.arg(peer.port()) } })
                   .toJson()),
        store.get());
    again->start();
    QTRY_COMPARE(messages(*store), numbers(1, n));
    QCOMPARE(peer.lastEventIdSeen, QByteArray::number(n - 1));
}

void TestSources::sseStopsOn204AndGoesOfflineOn401()
{
    auto store = openStore();
    for (const int status : { 204, 401, 403 }) {
        SsePeer peer;
        peer.status = status;
        QVERIFY(peer.listen());
        auto source = createSource(
            config(QJsonDocument(QJsonObject { { u"name"_s, u"sse"_s }, { u"type"_s, u"sse"_s },
                                     { u"url"_s, u"http://127.0.0.1:%1/"_s.arg(peer.port()) } })
                       .toJson()),
            store.get());
        source->start();
        QTRY_COMPARE(source->state(), SourceState::Offline);
        QVERIFY2(source->reason().contains(QString::number(status)), qPrintable(source->reason()));
        QTest::qWait(300);
        QCOMPARE(peer.connections, 1); // no retry: this needs the user
        QCOMPARE(source->status().value(u"state"_s).toString(), u"offline"_s);
    }
}

void TestSources::sseSilentStreamIsDead()
{
    auto store = openStore();
    SsePeer peer;
    QVERIFY(peer.listen());
    SourceConfig c = config(QJsonDocument(
        QJsonObject { { u"name"_s, u"sse"_s }, { u"type"_s, u"sse"_s },
            { u"url"_s, u"http://127.0.0.1:%1/"_s.arg(peer.port()) },
            { u"idleTimeout"_s,
                0.3 } }).toJson());
    auto source = createSource(c, store.get());
    source->start();
    QTRY_COMPARE(source->state(), SourceState::Live);
    for (int i = 0; i < 5; ++i) { // keep-alive comments keep it alive
        QTest::qWait(100);
        peer.comment();
    }
    QCOMPARE(source->state(), SourceState::Live);
    QCOMPARE(peer.connections, 1);
    QTRY_VERIFY(peer.connections >= 2); // silence: declared dead, reconnected
    QVERIFY(source->counters().failures >= 1);
}

void TestSources::websocketReplaysAreDeduplicated()
{
    auto store = openStore();
    WsPeer peer;
    peer.replayOnConnect = 5;
    QVERIFY(peer.listen());
    auto source = createSource(
        config(QJsonDocument(QJsonObject { { u"name"_s, u"ws"_s }, { u"type"_s, u"websocket"_s },
                                 { u"url"_s, u"http://127.0.0.1:%1/ws/jobs/42"_s.arg(peer.port()) },
                                 { u"token"_s, u"jwt"_s }, { u"tokenIn"_s, u"query"_s },
                                 { u"subscribe"_s, QJsonObject { { u"join"_s, u"job-42"_s } } } })
                   .toJson()),
        store.get());
    source->start();
    QTRY_COMPARE(source->state(), SourceState::Live);
    QCOMPARE(peer.requestUrl, u"ws://127.0.0.1:%1/ws/jobs/42?token=jwt"_s.arg(peer.port()));
    QTRY_COMPARE(peer.received, QList<QString> { uR"({"join":"job-42"})"_s });
    int n = 0;
    for (int round = 0; round < 4; ++round) {
        for (int i = 0; i < 10; ++i) {
            peer.publish(QString::fromUtf8(logEvent(u"ws-job"_s, ++n, true)));
        }
        QTRY_COMPARE(messages(*store).size(), n);
        peer.kill();
        QTRY_COMPARE(source->state(), SourceState::Reconnecting);
        QVERIFY(peer.listen());
        QTRY_COMPARE(source->state(), SourceState::Live);
    }
    QTRY_COMPARE(source->counters().duplicates, 4 * 5); // the replays, counted not stored
    QCOMPARE(messages(*store), numbers(1, n));
}

void TestSources::websocketDeadPeerFoundByPing()
{
    auto store = openStore();
    // A server that accepts the TCP connection and the handshake, then goes silent:
    // the pongs stop when its event loop is not running, like a frozen peer.
    QTcpServer frozen;
    QVERIFY(frozen.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> held;
    connect(&frozen, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *s = frozen.nextPendingConnection()) {
            held.append(s);
            connect(s, &QTcpSocket::readyRead, s, [s] {
                const QByteArray head = s->readAll();
                const int at = head.indexOf("Sec-WebSocket-Key: ");
                if (at < 0) {
                    return;
                }
                const QByteArray key = head.mid(at + 19, head.indexOf('\r', at) - at - 19);
                const QByteArray accept = QCryptographicHash::hash(
                    key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1)
                                              .toBase64();
                s->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                         "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                    + accept + "\r\n\r\n");
                s->disconnect(); // never answers a ping
            });
        }
    });
    SourceConfig c = config(QJsonDocument(
        QJsonObject { { u"name"_s, u"ws"_s }, { u"type"_s, u"websocket"_s },
            { u"url"_s, u"ws://127.0.0.1:%1/"_s.arg(frozen.serverPort()) },
            { u"pingInterval"_s,
                0.1 } }).toJson());
    auto source = createSource(c, store.get());
    source->start();
    QTRY_COMPARE(source->state(), SourceState::Live);
    QTRY_COMPARE(source->state(), SourceState::Reconnecting);
    QVERIFY2(source->reason().contains(u"dead"_s), qPrintable(source->reason()));
}

void TestSources::pollJsonOnlyChangesBecomeEvents()
{
    auto store = openStore();
    QHttpServer http;
    QByteArray body;
    int requests = 0;
    int notModified = 0;
    http.route(u"/jobs"_s, [&](const QHttpServerRequest &request) {
        ++requests;
        const QByteArray etag = '"' + QByteArray::number(qHash(body)) + '"';
        if (request.value("If-None-Match") == etag) {
            ++notModified;
            return QHttpServerResponse(QHttpServerResponder::StatusCode::NotModified);
        }
        QHttpServerResponse r("application/json", body);
        r.setHeader("ETag", etag);
        return r;
    });
    const quint16 port = http.listen(QHostAddress::LocalHost);
    QVERIFY(port);
    // Seed 004's provider status, mapped: only changes become events.
    body = R"({"jobs":[{"id":"r1","status":"in_progress","pct":10},
                      {"id":"r2","status":"queued"}]})";
    // Seed 004's provider, mapped.
    const SourceConfig provider = config(uR"({"name":"provider","type":"poll",
        "url":"http://127.0.0.1:%1/jobs","interval":0.1,"format":"mapped",
        "root":"/jobs","map":{"job":"/id","type":"/status","progress":"/pct"},
        "values":{"type":{"queued":"job.queued","in_progress":"job.progress",
                          "completed":"job.succeeded","failed":"job.failed"}}})"_s.arg(port)
                                             .toUtf8());
    auto source = createSource(provider, store.get());
    QVERIFY(source);
    source->start();
    QTRY_COMPARE(messages(*store).size(), 2);
    QTRY_VERIFY(notModified >= 3); // unchanged: 304, nothing stored
    QCOMPARE(store->eventsAfter(0, 100).size(), 2);
    body = R"({"jobs":[{"id":"r1","status":"in_progress","pct":60},
                      {"id":"r2","status":"queued"}]})";
    QTRY_COMPARE(store->eventsAfter(0, 100).size(), 3);
    QCOMPARE(store->jobSnapshot(u"r1"_s)->progress, 60.0);
    QCOMPARE(store->jobSnapshot(u"r1"_s)->source, provider.name); // for filters and mutes
    body = R"({"jobs":[{"id":"r1","status":"completed"},{"id":"r2","status":"failed"}]})";
    QTRY_COMPARE(store->jobSnapshot(u"r2"_s)->status, JobStatus::Failed);
    QTRY_COMPARE(store->jobSnapshot(u"r1"_s)->status, JobStatus::Succeeded);
    QTest::qWait(300);
    QCOMPARE(store->eventsAfter(0, 100).size(), 5);
    // Our restart: the stored snapshot means nothing is replayed.
    source.reset();
    body.append(' '); // new ETag, same content
    auto again = createSource(provider, store.get());
    const int before = requests;
    again->start();
    QTRY_VERIFY(requests >= before + 3);
    QCOMPARE(store->eventsAfter(0, 100).size(), 5);
}

void TestSources::pollErrorsBackOffThenRecover()
{
    auto store = openStore();
    QHttpServer http;
    bool broken = true;
    http.route(u"/jobs"_s, [&] {
        return broken
            ? QHttpServerResponse(QHttpServerResponder::StatusCode::BadGateway)
            : QHttpServerResponse("application/json", R"([{"job":"p1","type":"job.started"}])");
    });
    const quint16 port = http.listen(QHostAddress::LocalHost);
    auto source = createSource(
        config(u"{\"name\":\"p\",\"type\":\"poll\",\"url\":\"http://127.0.0.1:%1/jobs\","
               u"\"interval\":0.1}"_s.arg(port)
                   .toUtf8()),
        store.get());
    source->start();
    QTRY_COMPARE(source->state(), SourceState::Reconnecting);
    QVERIFY(source->reason().contains(u"502"_s));
    QVERIFY(source->nextRetryAt().isValid());
    broken = false;
    QTRY_COMPARE(source->state(), SourceState::Live);
    QTRY_COMPARE(store->jobSnapshot(u"p1"_s)->status, JobStatus::Running);
}

void TestSources::cctrayBuildsBecomeJobs()
{
    QJsonObject state;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString error;
    const auto feed = [&](const char *xml) {
        const auto projects = parseCctray(QByteArray(xml), &error);
        return projects ? cctrayChanges(*projects, state, u"ci"_s, now) : QList<Event>();
    };
    // First look: the last finished build is shown once.
    auto events = feed(R"(<Projects><Project name="api" activity="Sleeping"
        lastBuildStatus="Success" lastBuildLabel="41" lastBuildTime="2026-11-20T10:00:00Z"
        webUrl="http://ci/api"/></Projects>)");
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).job, u"api#41"_s);
    QCOMPARE(events.at(1).type, EventType::JobSucceeded);
    QCOMPARE(events.at(1).url, u"http://ci/api"_s);
    // Nothing changed: nothing new.
    QVERIFY(feed(R"(<Projects><Project name="api" activity="Sleeping"
        lastBuildStatus="Success" lastBuildLabel="41" lastBuildTime="2026-11-20T10:00:00Z"/>
        </Projects>)")
                .isEmpty());
    // A build starts, then fails.
    events = feed(R"(<Projects><Project name="api" activity="Building"
        lastBuildStatus="Success" lastBuildLabel="41" lastBuildTime="2026-11-20T10:00:00Z"/>
        </Projects>)");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).type, EventType::JobStarted);
    const QString running = events.at(0).job;
    QVERIFY(feed(R"(<Projects><Project name="api" activity="Building"
        lastBuildStatus="Success" lastBuildLabel="41" lastBuildTime="2026-11-20T10:00:00Z"/>
        </Projects>)")
                .isEmpty());
    events = feed(R"(<Projects><Project name="api" activity="Sleeping"
        lastBuildStatus="Failure" lastBuildLabel="42" lastBuildTime="2026-11-20T10:05:00Z"/>
        </Projects>)");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).job, running);
    QCOMPARE(events.at(0).type, EventType::JobFailed);
    QCOMPARE(events.at(0).title, u"api #42"_s);
    // Malformed feeds are refused with a reason.
    QVERIFY(!parseCctray("<Project name='x'/>", &error));
    QVERIFY(error.contains(u"Projects"_s));
    QVERIFY(!parseCctray("<Projects><Project", &error));
}

void TestSources::redisPubSubAndStreams()
{
    RedisServer redis;
    if (!redis.start()) {
        QSKIP("redis-server is not installed");
    }
    auto store = openStore();
    // Seed 002: workers publish progress on job_progress:{job_id}.
    auto pubsub =
        createSource(config(uR"({"name":"workers","type":"redis","url":"redis://127.0.0.1:%1",
            "channels":["job_progress:*"],"format":"mapped",
            "map":{"job":"/_channel","type":"/status","progress":"/progress"},
            "values":{"type":{"processing":"job.progress","done":"job.succeeded"}}})"_s
                                .arg(redis.port)
                                .toUtf8()),
            store.get());
    pubsub->start();
    QTRY_COMPARE(pubsub->state(), SourceState::Live);
    for (int p = 10; p <= 90; p += 20) {
        redis.cli({ u"PUBLISH"_s, u"job_progress:42"_s,
            uR"({"status":"processing","progress":%1})"_s.arg(p) });
    }
    redis.cli({ u"PUBLISH"_s, u"job_progress:42"_s, uR"({"status":"done"})"_s });
    redis.cli({ u"PUBLISH"_s, u"other:1"_s, uR"({"status":"done"})"_s }); // not subscribed
    QTRY_COMPARE(store->jobSnapshot(u"job_progress:42"_s)->status, JobStatus::Succeeded);
    QCOMPARE(store->eventsAfter(0, 100).size(), 6);

    // Streams: read from the stored last id; our restart resumes without loss or repeats.
    const auto xadd = [&](int n) {
        redis.cli({ u"XADD"_s, u"jobs"_s, u"*"_s, u"event"_s,
            QString::fromUtf8(logEvent(u"stream-job"_s, n)) });
    };
    for (int n = 1; n <= 30; ++n) {
        xadd(n);
    }
    const SourceConfig streamConfig =
        config(uR"({"name":"stream","type":"redis","url":"redis://127.0.0.1:%1",
            "streams":["jobs"],"pingInterval":0.2})"_s.arg(redis.port)
                   .toUtf8());
    auto streams = createSource(streamConfig, store.get());
    streams->start();
    QTRY_COMPARE(messages(*store, u"stream-job"_s), numbers(1, 30));
    streams.reset();
    for (int n = 31; n <= 40; ++n) {
        xadd(n);
    }
    streams = createSource(streamConfig, store.get());
    streams->start();
    QTRY_COMPARE(messages(*store, u"stream-job"_s), numbers(1, 40));

    // The server dies: both go reconnecting; it comes back: live again, nothing lost.
    redis.kill();
    QTRY_COMPARE(pubsub->state(), SourceState::Reconnecting);
    QTRY_COMPARE(streams->state(), SourceState::Reconnecting);
    QVERIFY(redis.start(redis.port)); // the append-only file brings the stream back
    QTRY_COMPARE(streams->state(), SourceState::Live);
    QTRY_COMPARE(pubsub->state(), SourceState::Live);
    for (int n = 41; n <= 50; ++n) {
        xadd(n);
    }
    QTRY_COMPARE(messages(*store, u"stream-job"_s), numbers(1, 50));
    QVERIFY(pubsub->counters().connects >= 2);
}

void TestSources::fallbackPollsOnlyWhilePushIsDown()
{
    auto store = openStore();
    QHttpServer http;
    int polls = 0;
    http.route(u"/progress"_s, [&] {
        ++polls;
        return QHttpServerResponse("application/json",
            R"({"job":"fb-1","type":"job.progress","progress":%1})"_ba.replace(
                "%1", QByteArray::number(polls)));
    });
    const quint16 httpPort = http.listen(QHostAddress::LocalHost);
    const quint16 wsPort = freePort();
    SourceConfig c = config(uR"({"name":"backend","type":"websocket",
        "url":"http://127.0.0.1:%1/ws/jobs/fb-1",
        "fallback":{"type":"poll","url":"http://127.0.0.1:%2/progress","interval":0.05}})"_s
                                .arg(wsPort)
                                .arg(httpPort)
                                .toUtf8());
    c.fallback->backoffBaseMs = 20;
    SourceManager manager(store.get(), { c });
    manager.start();
    Source *push = manager.find(u"backend"_s);
    Source *poll = manager.find(u"backend-fallback"_s);
    QVERIFY(push && poll);
    // The push side is down: the fallback polls and stores.
    QTRY_COMPARE(poll->state(), SourceState::Live);
    QTRY_VERIFY(store->jobSnapshot(u"fb-1"_s).has_value());
    const QJsonObject status = manager.status().at(0).toObject();
    QCOMPARE(status.value(u"state"_s).toString(), u"reconnecting"_s);
    QCOMPARE(status.value(u"fallback"_s).toObject().value(u"state"_s).toString(), u"live"_s);
    // The push side comes up: the fallback pauses and polls no more.
    WsPeer peer;
    QVERIFY(peer.listen(wsPort));
    QTRY_COMPARE(push->state(), SourceState::Live);
    QTRY_COMPARE(poll->state(), SourceState::Paused);
    const int pollsWhenPaused = polls;
    QTest::qWait(300);
    QVERIFY(polls <= pollsWhenPaused + 1);
    // Down again: polling resumes.
    peer.kill();
    QTRY_COMPARE(poll->state(), SourceState::Live);
    QTRY_VERIFY(polls > pollsWhenPaused + 2);
}

void TestSources::chainedJobpulseProcesses_data()
{
    QTest::addColumn<QString>("type");
    QTest::newRow("sse") << u"sse"_s;
    QTest::newRow("websocket") << u"websocket"_s;
}

void TestSources::chainedJobpulseProcesses()
{
    // Two Jobpulse processes: B follows A's relay. A is killed and restarted under load;
    // B ends with A's events, in A's order, each once.
    QFETCH(QString, type);
    const quint16 portA = freePort();
    const QString dbA = m_dir.filePath(u"chain-a-%1.db"_s.arg(type));
    const QString dbB = m_dir.filePath(u"chain-b-%1.db"_s.arg(type));
    const QString configB = m_dir.filePath(u"chain-b-%1.json"_s.arg(type));
    QFile file(configB);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(uR"({"sources":[{"name":"upstream","type":"%1","format":"jobpulse",
        "url":"http://127.0.0.1:%2","backoff":{"base":0.05,"max":0.3}}]})"_s.arg(type)
                   .arg(portA)
                   .toUtf8());
    file.close();
    const auto start = startHeadless;
    QProcess a;
    QProcess b;
    QVERIFY(start(a, { u"--listen"_s, u"127.0.0.1:%1"_s.arg(portA), u"--db"_s, dbA }).isValid());
    const QUrl urlB =
        start(b, { u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, dbB, u"--config"_s, configB });
    QVERIFY(urlB.isValid());
    // B has no cursor yet and starts with what comes next: wait until it follows A.
    QTRY_COMPARE_WITH_TIMEOUT(firstSource(urlB).value(u"state"_s).toString(), u"live"_s, 15000);

    QNetworkAccessManager nam;
    int sent = 0;
    const auto post = [&](int count) {
        QJsonArray batch;
        for (int i = 0; i < count; ++i) {
            batch.append(QJsonDocument::fromJson(logEvent(u"chain"_s, sent + i + 1)).object());
        }
        QNetworkRequest req(QUrl(u"http://127.0.0.1:%1/v1/events"_s.arg(portA)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = nam.post(req, QJsonDocument(batch).toJson());
        (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
        reply->deleteLater();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
            sent += count; // acknowledged = committed in A
        }
    };
    for (int i = 0; i < 20; ++i) {
        post(10);
    }
    a.kill(); // under load: B's connection dies mid-stream
    a.waitForFinished();
    post(10); // refused: A is down
    QVERIFY(start(a, { u"--listen"_s, u"127.0.0.1:%1"_s.arg(portA), u"--db"_s, dbA }).isValid());
    for (int i = 0; i < 20; ++i) {
        post(10);
    }
    QCOMPARE(sent, 400);
    const QUrl eventsB = urlB.resolved(QUrl(u"/v1/events?after=0&limit=1000"_s));
    const auto chainMessages = [&] {
        QStringList list;
        const QJsonArray events = getJson(eventsB).value(u"events"_s).toArray();
        for (const QJsonValue &e : events) {
            list.append(e.toObject().value(u"message"_s).toString());
        }
        return list;
    };
    QTRY_COMPARE_WITH_TIMEOUT(chainMessages().size(), sent, 15000);
    QCOMPARE(chainMessages(), numbers(1, sent));
    const QJsonObject health = getJson(urlB.resolved(QUrl(u"/health"_s)));
    const QJsonObject upstream = health.value(u"sources"_s).toArray().at(0).toObject();
    QCOMPARE(upstream.value(u"name"_s).toString(), u"upstream"_s);
    QCOMPARE(upstream.value(u"state"_s).toString(), u"live"_s);
    QVERIFY(upstream.value(u"connects"_s).toInt() >= 2);
    QCOMPARE(upstream.value(u"cursor"_s).toString(), QString::number(sent));
    a.terminate();
    b.terminate();
    QVERIFY(a.waitForFinished());
    QVERIFY(b.waitForFinished());
}

void TestSources::followsSeveralNodes_data()
{
    QTest::addColumn<QString>("type");
    QTest::newRow("sse") << u"sse"_s;
    QTest::newRow("websocket") << u"websocket"_s;
}

void TestSources::followsSeveralNodes()
{
    // A desktop follows two team nodes (`urls`). The nodes are fed the same events in the same
    // order, so they number them alike, as nodes on one shared store do. The first node is
    // killed mid-stream while the desktop is frozen (SIGSTOP) and events go on to the second
    // only: once running again, the desktop fails over to the second node and resumes after
    // the last seq it stored, so it ends with every event once and in order. Without the
    // failover it would keep retrying the dead node; without resuming by seq it would miss
    // what was sent while it was frozen, or store the first events twice.
    QFETCH(QString, type);
    const quint16 portA = freePort();
    const quint16 portB = freePort();
    const QString configD = m_dir.filePath(u"nodes-d-%1.json"_s.arg(type));
    QFile file(configD);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(uR"({"sources":[{"name":"team","type":"%1","format":"jobpulse",
        "urls":["http://127.0.0.1:%2","http://127.0.0.1:%3"],"backoff":{"base":0.05,"max":0.3}}]})"_s
                   .arg(type)
                   .arg(portA)
                   .arg(portB)
                   .toUtf8());
    file.close();
    const auto start = startHeadless;
    const auto db = [&](const QString &node) {
        return m_dir.filePath(u"nodes-%1-%2.db"_s.arg(node, type));
    };
    QProcess a;
    QProcess b;
    QProcess d;
    QVERIFY(
        start(a, { u"--listen"_s, u"127.0.0.1:%1"_s.arg(portA), u"--db"_s, db(u"a"_s) }).isValid());
    QVERIFY(
        start(b, { u"--listen"_s, u"127.0.0.1:%1"_s.arg(portB), u"--db"_s, db(u"b"_s) }).isValid());
    const QUrl urlD = start(
        d, { u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db(u"d"_s), u"--config"_s, configD });
    QVERIFY(urlD.isValid());

    QNetworkAccessManager nam;
    int sent = 0;
    bool aAlive = true;
    // Each batch goes to every live node, A first: both commit it with the same seqs.
    const auto post = [&](int count) {
        QJsonArray batch;
        for (int i = 0; i < count; ++i) {
            batch.append(QJsonDocument::fromJson(logEvent(u"team"_s, sent + i + 1)).object());
        }
        bool acked = true;
        for (const quint16 port : { portA, portB }) {
            if (port == portA && !aAlive) {
                continue;
            }
            QNetworkRequest req(QUrl(u"http://127.0.0.1:%1/v1/events"_s.arg(port)));
            req.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
            QNetworkReply *reply = nam.post(req, QJsonDocument(batch).toJson());
            (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
            reply->deleteLater();
            acked =
                acked && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
        }
        if (acked) {
            sent += count;
        }
    };
    const QUrl eventsD = urlD.resolved(QUrl(u"/v1/events?after=0&limit=1000"_s));
    const auto messagesD = [&] {
        QStringList list;
        const QJsonArray events = getJson(eventsD).value(u"events"_s).toArray();
        for (const QJsonValue &e : events) {
            list.append(e.toObject().value(u"message"_s).toString());
        }
        return list;
    };
    const auto teamSource = [&] { return firstSource(urlD); };
    // A follower without a cursor starts with what comes next: wait until it follows A.
    QTRY_COMPARE_WITH_TIMEOUT(teamSource().value(u"state"_s).toString(), u"live"_s, 15000);
    for (int i = 0; i < 10; ++i) {
        post(10);
    }
    QCOMPARE(sent, 100);
    QTRY_COMPARE_WITH_TIMEOUT(messagesD().size(), 100, 15000); // D follows A

    ::kill(pid_t(d.processId()), SIGSTOP);
    a.kill(); // mid-stream: D's connection to A dies while D cannot notice
    a.waitForFinished();
    aAlive = false;
    for (int i = 0; i < 5; ++i) {
        post(10); // only B has these: D must ask B for what came after seq 100
    }
    ::kill(pid_t(d.processId()), SIGCONT);
    for (int i = 0; i < 5; ++i) {
        post(10);
    }
    QCOMPARE(sent, 200);
    QTRY_COMPARE_WITH_TIMEOUT(messagesD().size(), sent, 15000);
    QCOMPARE(messagesD(), numbers(1, sent));
    const QJsonObject team = teamSource();
    QCOMPARE(team.value(u"state"_s).toString(), u"live"_s);
    QCOMPARE(QUrl(team.value(u"url"_s).toString()).port(), int(portB));
    QCOMPARE(team.value(u"cursor"_s).toString(), QString::number(sent));
    b.terminate();
    d.terminate();
    QVERIFY(b.waitForFinished());
    QVERIFY(d.waitForFinished());
}

void TestSources::networkBackRetriesAtOnce()
{
    // A source waiting out a long backoff reconnects at once when the network comes back or
    // the machine wakes (SourceManager::retryAll, driven by QNetworkInformation and a clock
    // check), instead of after the wait.
    auto store = openStore();
    const quint16 port = freePort();
    SourceConfig c =
        config(QJsonDocument(QJsonObject { { u"name"_s, u"sse"_s }, { u"type"_s, u"sse"_s },
                                 { u"url"_s, u"http://127.0.0.1:%1/"_s.arg(port) } })
                   .toJson());
    c.backoffBaseMs = 60000;
    c.backoffCapMs = 60000;
    SourceManager manager(store.get(), { c });
    manager.start();
    Source *source = manager.find(u"sse"_s);
    QTRY_COMPARE(source->state(), SourceState::Reconnecting);
    // Full jitter may pick a short wait; fail until the wait is long enough to tell.
    QTRY_VERIFY_WITH_TIMEOUT(
        QDateTime::currentDateTimeUtc().msecsTo(source->nextRetryAt()) > 5000, 60000);
    SsePeer peer;
    QVERIFY(peer.listen(port));
    QTest::qWait(200);
    QCOMPARE(source->state(), SourceState::Reconnecting); // still waiting
    manager.retryAll();
    QTRY_COMPARE_WITH_TIMEOUT(source->state(), SourceState::Live, 2000);
}

void TestSources::cctrayFeedPolled()
{
    // A CI server's cctray.xml, polled: a build seen running, then finished, is one job.
    auto store = openStore();
    QHttpServer http;
    QByteArray feed = R"(<Projects><Project name="api" activity="Sleeping"
        lastBuildStatus="Success" lastBuildLabel="41" lastBuildTime="2026-11-20T10:00:00Z"
        webUrl="http://ci.local/api"/></Projects>)";
    http.route(u"/cctray.xml"_s, [&] { return QHttpServerResponse("application/xml", feed); });
    const quint16 port = http.listen(QHostAddress::LocalHost);
    auto source = createSource(
        config(QJsonDocument(QJsonObject { { u"name"_s, u"ci"_s }, { u"type"_s, u"poll"_s },
                                 { u"format"_s, u"cctray"_s }, { u"interval"_s, 0.05 },
                                 { u"url"_s, u"http://127.0.0.1:%1/cctray.xml"_s.arg(port) } })
                   .toJson()),
        store.get());
    source->start();
    QTRY_COMPARE(store->jobSnapshot(u"api#41"_s)->status, JobStatus::Succeeded);
    feed.replace("Sleeping", "Building");
    QTRY_COMPARE(store->jobs({}).jobs.size(), 2);
    const QString running = store->jobs({}).jobs.first().key;
    QCOMPARE(store->jobSnapshot(running)->status, JobStatus::Running);
    feed = R"(<Projects><Project name="api" activity="Sleeping" lastBuildStatus="Failure"
        lastBuildLabel="42" lastBuildTime="2026-11-20T10:05:00Z"/></Projects>)";
    QTRY_COMPARE(store->jobSnapshot(running)->status, JobStatus::Failed);
    QCOMPARE(store->jobSnapshot(running)->title, u"api #42"_s);
    QCOMPARE(store->jobs({}).jobs.size(), 2);
    // A feed that is not cctray: reconnecting with the reason, nothing stored.
    feed = "<html>oops</html>";
    QTRY_COMPARE(source->state(), SourceState::Reconnecting);
    QVERIFY2(source->reason().contains(u"Projects"_s), qPrintable(source->reason()));
}

QTEST_MAIN(TestSources)
#include "tst_sources.moc"
