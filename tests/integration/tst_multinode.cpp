// Several `jobpulse --headless` receivers on one PostgreSQL (a throwaway cluster, pgcluster.h),
// as docs/team.md runs them behind a load balancer: every node relays every committed event,
// its own and the others', in sequence order without a gap; a node killed mid-flood loses no
// acknowledged event; events of one job arriving at two nodes at once end in the right state;
// a node whose LISTEN connection is cut catches up once it is back.
#include "common/jobpulseprocess.h"
#include "common/pgcluster.h"
#include "common/sseclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <deque>
#include <functional>
#include <memory>

using namespace Qt::Literals::StringLiterals;
using jobpulse::testing::PgCluster;

namespace {

// A WebSocket subscriber: each message's seq, in order.
class WsClient : public QObject
{
public:
    explicit WsClient(const QUrl &base)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &m) {
            seqs << QJsonDocument::fromJson(m.toUtf8()).object().value(u"seq"_s).toInteger();
        });
        QUrl url = base;
        url.setScheme(u"ws"_s);
        url.setPath(u"/v1/ws"_s);
        url.setQuery(u"after=0"_s);
        socket.open(url);
    }
    QWebSocket socket;
    QList<qint64> seqs;
};

struct Node
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QUrl base;
    QByteArray stderrText;
    bool alive = true;
    std::unique_ptr<SseClient> sse;
    std::unique_ptr<WsClient> ws;
};

} // namespace

class TestMultiNode : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

    /** A `jobpulse --headless` on @p url; its base URL once it listens. */
    void start(Node &node, const QString &url)
    {
        QProcess &p = *node.process;
        p.setProgram(QStringLiteral(JOBPULSE_BINARY));
        p.setArguments({ u"--headless"_s, u"--db"_s, url, u"--listen"_s, u"127.0.0.1:0"_s });
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, m_dir.path());
        p.setProcessEnvironment(env);
        connect(&p, &QProcess::readyReadStandardError, &p,
            [&node] { node.stderrText += node.process->readAllStandardError(); });
        p.start();
        node.base = jobpulse::testing::waitListening(p);
    }

    static void subscribe(Node &node)
    {
        node.sse = std::make_unique<SseClient>(quint16(node.base.port()), "/v1/stream?after=0");
        node.ws = std::make_unique<WsClient>(node.base);
        QVERIFY(QTest::qWaitFor(
            [&] { return node.ws->socket.state() == QAbstractSocket::ConnectedState; }, 10000));
    }

    static void stop(Node &node) { jobpulse::testing::stopProcess(*node.process); }

    using Answer = std::function<void(int status, const QByteArray &body)>;
    /** POSTs @p body to @p base's /v1/events; @p answer gets the status (0: no answer). */
    void post(const QUrl &base, const QByteArray &body, Answer answer)
    {
        QNetworkRequest r(base.resolved(QUrl(u"/v1/events"_s)));
        r.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = m_network.post(r, body);
        connect(reply, &QNetworkReply::finished, this, [reply, answer = std::move(answer)] {
            reply->deleteLater();
            answer(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                reply->readAll());
        });
    }

    int postAndWait(const QUrl &base, const QByteArray &body)
    {
        int result = -1;
        post(base, body, [&](int status, const QByteArray &) { result = status; });
        (void)QTest::qWaitFor([&] { return result >= 0; }, 30000);
        return result;
    }

    QJsonObject getJson(const QUrl &url)
    {
        std::unique_ptr<QNetworkReply> reply(m_network.get(QNetworkRequest(url)));
        (void)QTest::qWaitFor([&] { return reply->isFinished(); }, 30000);
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

    /** Every seq in the table, through GET /v1/events of @p base. */
    QList<qint64> tableSeqs(const QUrl &base)
    {
        QList<qint64> seqs;
        qint64 after = 0;
        for (;;) {
            const QJsonObject page =
                getJson(base.resolved(QUrl(u"/v1/events?after=%1&limit=1000"_s.arg(after))));
            const QJsonArray events = page.value(u"events"_s).toArray();
            for (const QJsonValue &e : events) {
                seqs << e.toObject().value(u"seq"_s).toInteger();
            }
            if (events.isEmpty()) {
                return seqs;
            }
            after = page.value(u"next"_s).toInteger();
        }
    }

    static qint64 valueIn(const QString &database, const QString &sql)
    {
        QVariant value;
        return PgCluster::shared().exec(database, sql, &value) ? value.toLongLong() : -1;
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

    void floodOverThreeNodesOneKilled()
    {
        const QString url = PgCluster::shared().newDatabase(u"flood"_s);
        const QString database = QUrl(url).path().mid(1);
        std::array<Node, 3> nodes;
        for (Node &node : nodes) {
            start(node, url);
            QVERIFY2(node.base.isValid(), node.stderrText.constData());
        }
        for (Node &node : nodes) {
            subscribe(node);
        }

        // 3000 events of six jobs, ten per request, spread round-robin over the nodes that
        // are up; a request that gets no answer goes to the next node, as a load balancer
        // retries (the same event ids: stored once).
        constexpr int Requests = 300;
        constexpr int PerRequest = 10;
        constexpr int KillAfter = 100;
        std::deque<int> queue;
        for (int i = 0; i < Requests; ++i) {
            queue.push_back(i);
        }
        const auto bodyOf = [](int request) {
            QJsonArray events;
            for (int k = 0; k < PerRequest; ++k) {
                const int n = request * PerRequest + k;
                events.append(QJsonObject { { u"job"_s, u"flood-%1"_s.arg(n % 6) },
                    { u"type"_s, u"job.progress"_s }, { u"id"_s, u"f-%1"_s.arg(n) },
                    { u"progress"_s, n * 100 / (Requests * PerRequest) } });
            }
            return QJsonDocument(events).toJson(QJsonDocument::Compact);
        };
        int acked = 0;
        int inFlight = 0;
        int next = 0;
        std::function<void()> pump = [&] {
            while (inFlight < 12 && !queue.empty()) {
                const int request = queue.front();
                queue.pop_front();
                while (!nodes[next % 3].alive) {
                    ++next;
                }
                const QUrl base = nodes[next++ % 3].base;
                ++inFlight;
                post(base, bodyOf(request), [&, request](int status, const QByteArray &) {
                    --inFlight;
                    if (status >= 200 && status < 300) {
                        if (++acked == KillAfter) {
                            nodes[2].alive = false;
                            nodes[2].process->kill(); // SIGKILL, mid-flood
                        }
                    } else {
                        queue.push_front(request);
                    }
                    QMetaObject::invokeMethod(this, pump, Qt::QueuedConnection);
                });
            }
        };
        pump();
        QVERIFY2(QTest::qWaitFor([&] { return acked == Requests; }, 60000),
            qPrintable(u"%1 of %2 requests acknowledged"_s.arg(acked).arg(Requests)));
        QCOMPARE(nodes[2].process->exitStatus(), QProcess::CrashExit);

        // Every acknowledged event is stored exactly once.
        constexpr int Events = Requests * PerRequest;
        QCOMPARE(valueIn(database, u"SELECT count(*) FROM events WHERE eid LIKE 'f-%'"_s), Events);
        QCOMPARE(
            valueIn(database, u"SELECT count(DISTINCT eid) FROM events WHERE eid LIKE 'f-%'"_s),
            Events);

        // Every subscriber of a surviving node saw every committed event, the other nodes'
        // too, in the table's order, none missing, none twice.
        const QList<qint64> table = tableSeqs(nodes[0].base);
        QCOMPARE(table.size(), Events);
        QCOMPARE(tableSeqs(nodes[1].base), table);
        for (int i = 0; i < 2; ++i) {
            Node &node = nodes[i];
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return node.sse->ids.size() >= table.size()
                        && node.ws->seqs.size() >= table.size();
                },
                30000));
            QCOMPARE(node.sse->ids, table);
            QCOMPARE(node.ws->seqs, table);
        }
        for (Node &node : nodes) {
            stop(node);
        }
    }

    // A team's fifty desktops: fifty relay subscribers (what a desktop's `jobpulse` source
    // is) spread over three nodes, while events are posted round-robin over the nodes:
    // every subscriber gets every event, the other nodes' too, once and in order.
    void fiftyFollowersOverThreeNodes()
    {
        const QString url = PgCluster::shared().newDatabase(u"fifty"_s);
        std::array<Node, 3> nodes;
        for (Node &node : nodes) {
            start(node, url);
            QVERIFY2(node.base.isValid(), node.stderrText.constData());
        }
        std::vector<std::unique_ptr<SseClient>> followers;
        for (int i = 0; i < 50; ++i) {
            followers.push_back(std::make_unique<SseClient>(
                quint16(nodes[i % 3].base.port()), "/v1/stream?after=0"));
        }
        constexpr int Requests = 60;
        int acked = 0;
        for (int request = 0; request < Requests; ++request) {
            QJsonArray events;
            for (int k = 0; k < 10; ++k) {
                const int n = request * 10 + k;
                events.append(QJsonObject { { u"job"_s, u"team-%1"_s.arg(n % 5) },
                    { u"type"_s, u"job.progress"_s }, { u"id"_s, u"t-%1"_s.arg(n) },
                    { u"progress"_s, n / 6 } });
            }
            post(nodes[request % 3].base, QJsonDocument(events).toJson(QJsonDocument::Compact),
                [&acked](int status, const QByteArray &) { acked += status == 200; });
        }
        QVERIFY2(QTest::qWaitFor([&] { return acked == Requests; }, 60000),
            qPrintable(u"%1 of %2 requests acknowledged"_s.arg(acked).arg(Requests)));
        const QList<qint64> table = tableSeqs(nodes[0].base);
        QCOMPARE(table.size(), Requests * 10);
        for (const auto &follower : followers) {
            QVERIFY(QTest::qWaitFor([&] { return follower->ids.size() >= table.size(); }, 30000));
            QCOMPARE(follower->ids, table);
        }
        for (Node &node : nodes) {
            stop(node);
        }
    }

    void oneJobOnTwoNodesAtOnce()
    {
        const QString url = PgCluster::shared().newDatabase(u"onejob"_s);
        std::array<Node, 2> nodes;
        for (Node &node : nodes) {
            start(node, url);
            QVERIFY2(node.base.isValid(), node.stderrText.constData());
        }
        // Per job: A starts it and runs its four steps while B reports progress, both at once
        // (each node's chain one request after the other, the chains interleaved, twenty jobs
        // side by side); then B ends it.
        constexpr int Jobs = 20;
        constexpr int Steps = 4;
        int chainsDone = 0;
        for (int j = 0; j < Jobs; ++j) {
            const QString job = u"shared-%1"_s.arg(j);
            QCOMPARE(postAndWait(nodes[0].base,
                         QJsonDocument(QJsonObject { { u"job"_s, job },
                                           { u"type"_s, u"job.started"_s }, { u"title"_s, job } })
                             .toJson()),
                200);
            auto onA = std::make_shared<std::deque<QByteArray>>();
            auto onB = std::make_shared<std::deque<QByteArray>>();
            for (int s = 1; s <= Steps; ++s) {
                for (const QString &type : { u"step.started"_s, u"step.succeeded"_s }) {
                    onA->push_back(QJsonDocument(
                        QJsonObject { { u"job"_s, job }, { u"type"_s, type },
                            { u"step"_s,
                                QJsonObject { { u"index"_s, s }, { u"name"_s, u"step %1"_s.arg(s) },
                                    { u"total"_s, Steps } } } })
                                       .toJson());
                    onB->push_back(QJsonDocument(
                        QJsonObject { { u"job"_s, job }, { u"type"_s, u"job.progress"_s },
                            { u"progress"_s, int(onB->size() + 1) * 10 } })
                                       .toJson());
                }
            }
            for (auto [chain, base] :
                { std::pair { onA, nodes[0].base }, { onB, nodes[1].base } }) {
                auto step = std::make_shared<std::function<void()>>();
                *step = [this, chain, base, step, &chainsDone] {
                    if (chain->empty()) {
                        ++chainsDone;
                        *step = nullptr; // breaks the cycle
                        return;
                    }
                    post(base, chain->front(), [chain, step](int status, const QByteArray &) {
                        if (status == 200) {
                            chain->pop_front();
                        }
                        QMetaObject::invokeMethod(qApp, *step, Qt::QueuedConnection);
                    });
                };
                (*step)();
            }
        }
        QVERIFY(QTest::qWaitFor([&] { return chainsDone == 2 * Jobs; }, 60000));
        for (int j = 0; j < Jobs; ++j) {
            QCOMPARE(postAndWait(nodes[1].base,
                         QJsonDocument(QJsonObject { { u"job"_s, u"shared-%1"_s.arg(j) },
                                           { u"type"_s, u"job.succeeded"_s } })
                             .toJson()),
                200);
        }
        for (int j = 0; j < Jobs; ++j) {
            const QJsonObject detail =
                getJson(nodes[j % 2].base.resolved(QUrl(u"/v1/jobs/shared-%1"_s.arg(j))));
            const QJsonObject job = detail.value(u"job"_s).toObject();
            QCOMPARE(job.value(u"status"_s).toString(), u"succeeded"_s);
            QCOMPARE(job.value(u"events"_s).toInt(), 1 + 4 * Steps + 1); // none lost
            QCOMPARE(job.value(u"stepsDone"_s).toInt(), Steps);
            QCOMPARE(job.value(u"progress"_s).toDouble(), 100.0);
            const QJsonArray steps = detail.value(u"steps"_s).toArray();
            QCOMPARE(steps.size(), Steps);
            for (const QJsonValue &s : steps) {
                QCOMPARE(s.toObject().value(u"status"_s).toString(), u"succeeded"_s);
            }
        }
        for (Node &node : nodes) {
            stop(node);
        }
    }

    void listenerCutThenCaughtUp()
    {
        auto &cluster = PgCluster::shared();
        const QString url = cluster.newDatabase(u"cut"_s);
        const QString database = QUrl(url).path().mid(1);
        std::array<Node, 2> nodes;
        for (Node &node : nodes) {
            start(node, url);
            QVERIFY2(node.base.isValid(), node.stderrText.constData());
        }
        Node &a = nodes[0];
        Node &b = nodes[1];
        subscribe(b);
        QCOMPARE(postAndWait(a.base, R"({"job":"cut","type":"job.started","id":"c-0"})"), 200);
        QVERIFY(QTest::qWaitFor([&] { return b.sse->ids.size() == 1; }, 15000));
        // The same delivery again, at the other node (a load balancer's retry): stored once.
        int status = 0;
        QByteArray answer;
        post(b.base, R"({"job":"cut","type":"job.started","id":"c-0"})",
            [&](int s, const QByteArray &body) { status = s, answer = body; });
        QVERIFY(QTest::qWaitFor([&] { return status != 0; }, 30000));
        QCOMPARE(status, 200);
        QCOMPARE(QJsonDocument::fromJson(answer)["duplicates"_L1].toInt(), 1);
        QCOMPARE(QJsonDocument::fromJson(answer)["accepted"_L1].toInt(), 0);

        // B's LISTEN connection goes, and cannot come back for a while: what A commits
        // meanwhile is notified to nobody on B.
        QVERIFY(cluster.exec(
            u"postgres"_s, u"ALTER DATABASE %1 ALLOW_CONNECTIONS false"_s.arg(database)));
        QVariant terminated;
        QVERIFY(cluster.exec(u"postgres"_s,
            u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            u"WHERE application_name = 'jobpulse-listen-%1'"_s.arg(b.process->processId()),
            &terminated));
        QCOMPARE(terminated.toInt(), 1);
        QVERIFY2(
            QTest::qWaitFor(
                [&] { return b.stderrText.contains("not listening to the database's commits"); },
                15000),
            b.stderrText.constData());
        for (int i = 1; i <= 5; ++i) {
            QCOMPARE(postAndWait(a.base,
                         u"{\"job\":\"cut\",\"type\":\"job.progress\",\"id\":\"c-%1\"}"_s.arg(i)
                             .toUtf8()),
                200);
        }
        QVERIFY(cluster.exec(
            u"postgres"_s, u"ALTER DATABASE %1 ALLOW_CONNECTIONS true"_s.arg(database)));
        // Back: B reads past the last seq it relayed.
        QVERIFY2(QTest::qWaitFor([&] { return b.sse->ids.size() == 6; }, 30000),
            qPrintable(u"B relayed %1 of 6"_s.arg(b.sse->ids.size())));
        QCOMPARE(b.sse->ids, tableSeqs(a.base));
        QCOMPARE(b.ws->seqs, b.sse->ids);
        for (Node &node : nodes) {
            stop(node);
        }
    }
};

QTEST_GUILESS_MAIN(TestMultiNode)
#include "tst_multinode.moc"
