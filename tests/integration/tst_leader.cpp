// Several real `jobpulse --headless` on one PostgreSQL (a throwaway cluster, pgcluster.h):
// the outbound sources run on one elected node only (the advisory lock, Leadership), and when
// it dies another takes them over from the stored cursor, every event stored once. Only the
// leader sweeps for silent jobs: a stalled job gets one "stalled" event, not one per node.
// /health and /metrics say which node leads; a reloaded config's sources wait on followers too.
#include "common/jobpulseprocess.h"
#include "common/peers.h"
#include "common/pgcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Qt::Literals::StringLiterals;
using jobpulse::testing::PgCluster;
using jobpulse::testing::SsePeer;

namespace {
// Leadership::LockKey: the test takes the lock itself to keep every node a follower.
constexpr qint64 LockKey = 0x6a6f6270756c7365;
// Long enough for a node that should not lead to have taken the lock (it retries every 2 s)
// and swept (every second with stallAfter 2s) several times over.
constexpr int FollowerChanceMs = 5000;
} // namespace

class TestLeader : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

    struct Node
    {
        std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
        QUrl url;
        QString config; // its config file
    };

    /** A headless node on @p database with @p config; its URL once it listens. */
    Node start(const QString &database, const QJsonObject &config)
    {
        QFile file(m_dir.filePath(
            u"config-%1.json"_s.arg(QUuid::createUuid().toString(QUuid::WithoutBraces))));
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(config).toJson()) < 0) {
            return {};
        }
        file.close();
        Node node;
        node.config = file.fileName();
        QProcess &p = *node.process;
        p.setProgram(QStringLiteral(JOBPULSE_BINARY));
        p.setArguments({ u"--headless"_s, u"--db"_s, database, u"--config"_s, file.fileName(),
            u"--listen"_s, u"127.0.0.1:0"_s });
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString home = m_dir.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces));
        env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
        env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
        env.insert(u"XDG_RUNTIME_DIR"_s, m_dir.path());
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start();
        node.url = jobpulse::testing::waitListening(p);
        return node;
    }

    static void stop(Node &node) { jobpulse::testing::stopProcess(*node.process); }

    QByteArray get(const QUrl &url)
    {
        std::unique_ptr<QNetworkReply> reply(m_network.get(QNetworkRequest(url)));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 30000)) {
            return {};
        }
        return reply->readAll();
    }

    int post(const QUrl &url, const QByteArray &body)
    {
        QNetworkRequest r(url);
        r.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        std::unique_ptr<QNetworkReply> reply(m_network.post(r, body));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 30000)) {
            return 0;
        }
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    /** GET /health's "leader"; nullopt when the node does not answer. */
    std::optional<bool> leads(const Node &node)
    {
        const QJsonObject health =
            QJsonDocument::fromJson(get(node.url.resolved(QUrl(u"/health"_s)))).object();
        if (!health.contains(u"leader"_s)) {
            return std::nullopt;
        }
        return health.value(u"leader"_s).toBool();
    }

    /** The `jobpulse_leader` sample of GET /metrics; -1 when there is none. */
    int leaderGauge(const Node &node)
    {
        const QByteArray text = get(node.url.resolved(QUrl(u"/metrics"_s)));
        for (const QByteArray &line : text.split('\n')) {
            if (line.startsWith("jobpulse_leader ")) {
                return line.mid(16).toInt();
            }
        }
        return -1;
    }

    static qint64 countIn(const QString &url, const QString &sql)
    {
        QVariant value;
        return PgCluster::shared().exec(QUrl(url).path().mid(1), sql, &value) ? value.toLongLong()
                                                                              : -1;
    }

    static QByteArray logEvent(int n)
    {
        return QJsonDocument(QJsonObject { { u"job"_s, u"feed-job"_s }, { u"type"_s, u"log"_s },
                                 { u"message"_s, u"line %1"_s.arg(n) } })
            .toJson(QJsonDocument::Compact);
    }

    static QJsonObject sseConfig(const SsePeer &peer, const QJsonObject &more = {})
    {
        QJsonObject config = more;
        config.insert(u"sources"_s,
            QJsonArray { QJsonObject { { u"name"_s, u"feed"_s }, { u"type"_s, u"sse"_s },
                { u"url"_s, u"http://127.0.0.1:%1/events"_s.arg(peer.port()) } } });
        return config;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString why = PgCluster::shared().skipReason();
        if (!why.isEmpty()) {
            QSKIP(qPrintable(u"no PostgreSQL here: "_s + why));
        }
    }

    void sourcesRunOnOneNodeAndMoveWhenItDies()
    {
        const QString database = PgCluster::shared().newDatabase(u"leader"_s);
        SsePeer peer;
        QVERIFY(peer.listen());
        Node a = start(database, sseConfig(peer));
        QVERIFY2(a.url.isValid(), "the first node did not start");
        Node b = start(database, sseConfig(peer));
        QVERIFY2(b.url.isValid(), "the second node did not start");

        // One leads, the other follows; only the leader follows the source.
        QTRY_VERIFY_WITH_TIMEOUT(
            leads(a).has_value() && leads(b).has_value() && *leads(a) != *leads(b), 20000);
        Node &leader = *leads(a) ? a : b;
        Node &follower = *leads(a) ? b : a;
        QTRY_COMPARE_WITH_TIMEOUT(peer.streaming(), qsizetype(1), 20000);
        QCOMPARE(leaderGauge(leader), 1);
        QCOMPARE(leaderGauge(follower), 0);
        int n = 0;
        for (int i = 0; i < 20; ++i) {
            peer.publish(logEvent(++n));
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            countIn(database, u"SELECT count(*) FROM events WHERE job = 'feed-job'"_s), 20, 20000);
        QTest::qWait(FollowerChanceMs); // the follower's retries find the lock taken
        QCOMPARE(peer.connections, 1);
        QCOMPARE(leads(follower).value_or(true), false);
        const QJsonArray followerSources =
            QJsonDocument::fromJson(get(follower.url.resolved(QUrl(u"/health"_s))))["sources"_L1]
                .toArray();
        QCOMPARE(followerSources.first()["state"_L1].toString(), u"paused"_s);

        // The leader dies without a word; events keep coming meanwhile.
        leader.process->kill();
        QVERIFY(leader.process->waitForFinished(10000));
        for (int i = 0; i < 10; ++i) {
            peer.publish(logEvent(++n));
        }
        QTRY_VERIFY_WITH_TIMEOUT(leads(follower) == true, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(peer.connections, 2, 20000);
        QCOMPARE(peer.lastEventIdSeen, QByteArray("20")); // resumed from the stored cursor
        for (int i = 0; i < 10; ++i) {
            peer.publish(logEvent(++n));
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            countIn(database, u"SELECT count(*) FROM events WHERE job = 'feed-job'"_s), n, 20000);
        // Every line once: none twice, none missing.
        QCOMPARE(
            countIn(database, u"SELECT count(DISTINCT body) FROM events WHERE job = 'feed-job'"_s),
            n);
        QCOMPARE(leaderGauge(follower), 1);
        stop(follower);
    }

    void leaderThatLosesTheLockStopsItsSources()
    {
        const QString database = PgCluster::shared().newDatabase(u"lost"_s);
        SsePeer peer;
        QVERIFY(peer.listen());
        Node a = start(database, sseConfig(peer));
        Node b = start(database, sseConfig(peer));
        QVERIFY(a.url.isValid() && b.url.isValid());
        QTRY_COMPARE_WITH_TIMEOUT(peer.streaming(), qsizetype(1), 20000);
        int n = 0;
        for (int i = 0; i < 5; ++i) {
            peer.publish(logEvent(++n));
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            countIn(database, u"SELECT count(*) FROM events WHERE job = 'feed-job'"_s), n, 20000);

        // The server ends the session that holds the lock (as a network cut or a restart
        // would); the node may no longer lead, so it stops following at once.
        QCOMPARE(countIn(database,
                     u"SELECT count(pg_terminate_backend(pid)) FROM pg_locks "
                     u"WHERE locktype = 'advisory' AND granted"_s),
            1);
        QTRY_COMPARE_WITH_TIMEOUT(peer.connections, 2, 20000); // one node leads again
        for (int i = 0; i < 5; ++i) {
            peer.publish(logEvent(++n));
        }
        QTest::qWait(FollowerChanceMs);
        QCOMPARE(peer.streaming(), qsizetype(1)); // never two followers at once
        QCOMPARE(peer.connections, 2);
        QCOMPARE(int(leads(a).value_or(false)) + int(leads(b).value_or(false)), 1);
        QTRY_COMPARE_WITH_TIMEOUT(
            countIn(database, u"SELECT count(*) FROM events WHERE job = 'feed-job'"_s), n, 20000);
        QCOMPARE(
            countIn(database, u"SELECT count(DISTINCT body) FROM events WHERE job = 'feed-job'"_s),
            n);
        stop(a);
        stop(b);
    }

    void onlyTheLeaderSweepsAndFollows()
    {
        // The test holds the lock itself: both nodes are followers until it lets go.
        const QString database = PgCluster::shared().newDatabase(u"sweep"_s);
        SsePeer peer;
        QVERIFY(peer.listen());
        const QString holder = u"leader-holder"_s;
        {
            QSqlDatabase db = PgCluster::shared().connection(holder, database);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT pg_advisory_lock(%1)"_s.arg(LockKey)));
        }
        const QJsonObject config = sseConfig(
            peer, QJsonObject { { u"jobs"_s, QJsonObject { { u"stallAfter"_s, u"2s"_s } } } });
        Node a = start(database, config);
        Node b = start(database, config);
        QVERIFY(a.url.isValid() && b.url.isValid());
        QCOMPARE(post(a.url.resolved(QUrl(u"/v1/events"_s)),
                     R"({"job":"quiet","type":"job.started","title":"Goes silent"})"),
            200);
        QTest::qWait(FollowerChanceMs);
        // Followers: neither the source nor the sweep ran, on either node.
        QCOMPARE(peer.connections, 0);
        QCOMPARE(countIn(database, u"SELECT count(*) FROM events WHERE type = 'job.stalled'"_s), 0);
        QCOMPARE(leads(a).value_or(true), false);
        QCOMPARE(leads(b).value_or(true), false);
        QCOMPARE(leaderGauge(a), 0);

        // A reloaded config's new source waits too, on both followers.
        SsePeer second;
        QVERIFY(second.listen());
        QJsonObject reloaded = config;
        QJsonArray sources = reloaded.value(u"sources"_s).toArray();
        sources.append(QJsonObject { { u"name"_s, u"second"_s }, { u"type"_s, u"sse"_s },
            { u"url"_s, u"http://127.0.0.1:%1/events"_s.arg(second.port()) } });
        reloaded.insert(u"sources"_s, sources);
        for (const Node *node : { &a, &b }) {
            QFile file(node->config);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QJsonDocument(reloaded).toJson());
            file.close();
            QCOMPARE(post(node->url.resolved(QUrl(u"/v1/config/reload"_s)), {}), 200);
            const QJsonArray listed =
                QJsonDocument::fromJson(get(node->url.resolved(QUrl(u"/health"_s))))["sources"_L1]
                    .toArray();
            QCOMPARE(listed.size(), 2);
            QCOMPARE(listed.at(1)["state"_L1].toString(), u"paused"_s);
        }
        QTest::qWait(FollowerChanceMs / 2);
        QCOMPARE(second.connections, 0);

        QSqlDatabase::database(holder, false).close(); // the lock's session ends
        QSqlDatabase::removeDatabase(holder);
        QTRY_VERIFY_WITH_TIMEOUT(leads(a) == true || leads(b) == true, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            countIn(database, u"SELECT count(*) FROM events WHERE type = 'job.stalled'"_s), 1,
            20000);
        QTRY_COMPARE_WITH_TIMEOUT(peer.streaming(), qsizetype(1), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(second.streaming(), qsizetype(1), 20000);
        QTest::qWait(FollowerChanceMs); // more sweeps of both nodes
        QCOMPARE(countIn(database, u"SELECT count(*) FROM events WHERE type = 'job.stalled'"_s), 1);
        QCOMPARE(peer.connections, 1);
        QCOMPARE(second.connections, 1);
        QCOMPARE(int(leads(a).value_or(false)) + int(leads(b).value_or(false)), 1);
        stop(a);
        stop(b);
    }
};

QTEST_MAIN(TestLeader)
#include "tst_leader.moc"
