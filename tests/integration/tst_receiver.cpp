// The receiver on a loopback port, spoken to with QNetworkAccessManager: every row of the
// status table in PRODUCT.md §3, and that nothing refused ever reaches the store.
#include "common/loopbackserver.h"
#include "ingest/receiver.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

struct Answer
{
    int status = 0;
    QJsonObject body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray allow;
    QByteArray retryAfter;
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

} // namespace

class TestReceiver : public QObject
{
    Q_OBJECT

private:
    Answer call(const QByteArray &method, const QString &path, const QByteArray &body = {},
        const Headers &headers = { { "Content-Type", "application/json" } })
    {
        QNetworkRequest request(QUrl(m_receiver->url().toString() + path));
        for (const auto &[name, value] : headers) {
            request.setRawHeader(name, value);
        }
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000)) {
            return {};
        }
        Answer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = QJsonDocument::fromJson(reply->readAll()).object();
        a.error = reply->error();
        a.allow = reply->rawHeader("Allow");
        a.retryAfter = reply->rawHeader("Retry-After");
        reply->deleteLater();
        return a;
    }

    qint64 storedEvents() const { return m_store->lastSeq(); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        Receiver::Options options;
        const QString error =
            m_server.start(m_dir.filePath(u"r%1.db"_s.arg(++m_counter)), options, Durability::Full);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_store = m_server.store.get();
        m_receiver = m_server.receiver.get();
    }
    void cleanup() { m_server.stop(); }

    void statusTable_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error"); // the answer's "error", or "" for a 2xx
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("stored"); // events that must be in the store afterwards

        const QByteArray json = "application/json";
        const QByteArray ok = R"({"job":"a","type":"job.started"})";
        QTest::addRow("event") << QByteArray("POST") << u"/v1/events"_s << json << ok << 200
                               << QString() << QString() << 1;
        QTest::addRow("batch")
            << QByteArray("POST") << u"/v1/events"_s << json
            << QByteArray(R"([{"job":"a","type":"job.started"},{"job":"b","type":"job.queued"}])")
            << 200 << QString() << QString() << 2;
        QTest::addRow("no content type") << QByteArray("POST") << u"/v1/events"_s << QByteArray()
                                         << ok << 200 << QString() << QString() << 1;
        QTest::addRow("json with charset") << QByteArray("POST") << u"/v1/events"_s
                                           << QByteArray("application/json; charset=utf-8") << ok
                                           << 200 << QString() << QString() << 1;
        QTest::addRow("seed 000 step update")
            << QByteArray("POST") << u"/api/webhooks/step-update"_s << json
            << QByteArray(R"({"event":"workflow_started","job_id":"x","total_steps":7})") << 200
            << QString() << QString() << 1;
        QTest::addRow("unparseable json")
            << QByteArray("POST") << u"/v1/events"_s << json << QByteArray(R"({"job":)") << 400
            << u"invalid_json"_s << QString() << 0;
        QTest::addRow("invalid utf-8")
            << QByteArray("POST") << u"/v1/events"_s << json
            << QByteArray("{\"job\":\"\xff\xfe\",\"type\":\"job.started\"}") << 400
            << u"invalid_json"_s << QString() << 0;
        QTest::addRow("empty body") << QByteArray("POST") << u"/v1/events"_s << json << QByteArray()
                                    << 400 << u"invalid_json"_s << QString() << 0;
        QTest::addRow("json scalar")
            << QByteArray("POST") << u"/v1/events"_s << json << QByteArray("42") << 422
            << u"invalid_event"_s << QString() << 0;
        QTest::addRow("missing job") << QByteArray("POST") << u"/v1/events"_s << json
                                     << QByteArray(R"({"type":"job.started"})") << 422
                                     << u"invalid_event"_s << u"/job"_s << 0;
        QTest::addRow("batch all or nothing")
            << QByteArray("POST") << u"/v1/events"_s << json
            << QByteArray(
                   R"([{"job":"a","type":"job.started"},{"job":"a","type":"log","message":"x"},{"job":"a","type":"job.progress"},{"job":"a","type":"nope"}])")
            << 422 << u"invalid_event"_s << u"/3/type"_s << 0;
        QTest::addRow("step update without job")
            << QByteArray("POST") << u"/api/webhooks/step-update"_s << json
            << QByteArray(R"({"event":"workflow_started"})") << 422 << u"invalid_event"_s
            << u"/job_id"_s << 0;
        QTest::addRow("form encoded") << QByteArray("POST") << u"/v1/events"_s
                                      << QByteArray("application/x-www-form-urlencoded") << ok
                                      << 415 << u"unsupported_media_type"_s << QString() << 0;
        QTest::addRow("text plain")
            << QByteArray("POST") << u"/v1/events"_s << QByteArray("text/plain") << ok << 415
            << u"unsupported_media_type"_s << QString() << 0;
        QTest::addRow("latin-1 charset") << QByteArray("POST") << u"/v1/events"_s
                                         << QByteArray("application/json; charset=iso-8859-1") << ok
                                         << 415 << u"unsupported_media_type"_s << QString() << 0;
        QTest::addRow("unknown route") << QByteArray("POST") << u"/v2/whatever"_s << json << ok
                                       << 404 << u"not_found"_s << QString() << 0;
        QTest::addRow("unknown job") << QByteArray("GET") << u"/v1/jobs/nope"_s << QByteArray()
                                     << QByteArray() << 404 << u"not_found"_s << QString() << 0;
        QTest::addRow("wrong method on ingest")
            << QByteArray("PUT") << u"/api/webhooks/step-update"_s << json << ok << 405
            << u"method_not_allowed"_s << QString() << 0;
        QTest::addRow("wrong method on health")
            << QByteArray("DELETE") << u"/health"_s << QByteArray() << QByteArray() << 405
            << u"method_not_allowed"_s << QString() << 0;
        QTest::addRow("bad status filter")
            << QByteArray("GET") << u"/v1/jobs?status=exploded"_s << QByteArray() << QByteArray()
            << 400 << u"invalid_query"_s << QString() << 0;
        QTest::addRow("bad cursor")
            << QByteArray("GET") << u"/v1/events?after=abc"_s << QByteArray() << QByteArray() << 400
            << u"invalid_query"_s << QString() << 0;
    }
    void statusTable()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, error);
        QFETCH(QString, field);
        QFETCH(int, stored);
        Headers headers;
        if (!contentType.isEmpty()) {
            headers.append({ "Content-Type", contentType });
        }
        const Answer a = call(method, path, body, headers);
        QCOMPARE(a.status, status);
        QCOMPARE(a.body.value(u"error"_s).toString(), error);
        if (!error.isEmpty()) {
            QVERIFY2(!a.body.value(u"message"_s).toString().isEmpty(), "every refusal says why");
        }
        if (!field.isEmpty()) {
            QCOMPARE(a.body.value(u"field"_s).toString(), field);
        }
        if (status == 405) {
            QVERIFY(!a.allow.isEmpty());
            QVERIFY(!a.allow.contains(method));
        }
        if (status == 200 && method == "POST") {
            QCOMPARE(a.body.value(u"accepted"_s).toInt(), stored);
            QCOMPARE(a.body.value(u"duplicates"_s).toInt(), 0);
            QCOMPARE(a.body.value(u"seq"_s).toInteger(), stored);
            QVERIFY(a.body.contains(u"clients"_s));
        }
        QCOMPARE(storedEvents(), stored);
        // The server is still there for the next sender.
        QCOMPARE(call("GET", u"/health"_s).status, 200);
    }

    void allowNamesTheMethods()
    {
        QCOMPARE(call("DELETE", u"/v1/events"_s).allow, QByteArray("GET, POST"));
        QCOMPARE(call("POST", u"/v1/jobs/x"_s).allow, QByteArray("GET"));
    }

    void acknowledgedMeansCommitted()
    {
        // Right after the 2xx, another connection (another process, say) sees the event.
        const Answer a =
            call("POST", u"/v1/events"_s, R"({"job":"durable","type":"job.started","id":"d-1"})");
        QCOMPARE(a.status, 200);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"reader"_s);
        db.setDatabaseName(m_store->path());
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT COUNT(*) FROM events WHERE eid = 'd-1'"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"reader"_s);
    }

    void duplicatesAndDeliveryIds()
    {
        const QByteArray body = R"({"job":"dup","type":"job.progress","progress":10,"id":"p-1"})";
        QCOMPARE(call("POST", u"/v1/events"_s, body).body.value(u"accepted"_s).toInt(), 1);
        const Answer again = call("POST", u"/v1/events"_s, body);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body.value(u"accepted"_s).toInt(), 0);
        QCOMPARE(again.body.value(u"duplicates"_s).toInt(), 1);
        // A sender's retry after a lost answer carries the same delivery id.
        const Headers withDelivery { { "Content-Type", "application/json" },
            { "webhook-id", "msg_2Kx" } };
        const QByteArray noId = R"({"job":"dup","type":"log","message":"retry me"})";
        QCOMPARE(
            call("POST", u"/v1/events"_s, noId, withDelivery).body.value(u"accepted"_s).toInt(), 1);
        QCOMPARE(
            call("POST", u"/v1/events"_s, noId, withDelivery).body.value(u"duplicates"_s).toInt(),
            1);
        QCOMPARE(storedEvents(), 2);
    }

    void readRoutes()
    {
        QCOMPARE(call("POST", u"/api/webhooks/step-update"_s,
                     R"({"event":"workflow_started","job_id":"render 42/x"})")
                     .status,
            200);
        QCOMPARE(
            call("POST", u"/api/webhooks/step-update"_s,
                R"({"event":"step_update","job_id":"render 42/x","step_number":1,"step_name":"Database Extraction","status":"completed","duration":3.2})")
                .status,
            200);
        const Answer jobs = call("GET", u"/v1/jobs?status=running"_s);
        QCOMPARE(jobs.status, 200);
        const QJsonArray list = jobs.body.value(u"jobs"_s).toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first()[u"progress"_s].toDouble(), 13.0);
        const Answer detail = call("GET", u"/v1/jobs/render%2042%2Fx"_s);
        QCOMPARE(detail.status, 200);
        QCOMPARE(detail.body[u"job"_s][u"key"_s].toString(), u"render 42/x"_s);
        QCOMPARE(detail.body[u"steps"_s].toArray().first()[u"name"_s].toString(),
            u"Database Extraction"_s);
        QCOMPARE(detail.body[u"log"_s].toArray().size(), 2);
        const Answer events = call("GET", u"/v1/events?after=1"_s);
        QCOMPARE(events.body[u"events"_s].toArray().size(), 1);
        QCOMPARE(events.body[u"next"_s].toInteger(), 2);
        const Answer health = call("GET", u"/health"_s);
        QCOMPARE(health.body[u"status"_s].toString(), u"ok"_s);
        QCOMPARE(health.body[u"ingest"_s][u"accepted"_s].toInt(), 2);
    }

    void jobsByParentAndLabel()
    {
        // A CI run and its jobs, labelled as the presets label them, through the real route.
        const Answer posted = call("POST", u"/v1/events"_s, R"([
            {"job":"run-7","type":"job.started","labels":{"repository":"acme/api","branch":"main"}},
            {"job":"run-7/build","type":"job.started","parent":"run-7",
             "labels":{"repository":"acme/api","branch":"main","actor":"octocat"}},
            {"job":"run-7/test","type":"job.queued","parent":"run-7",
             "labels":{"repository":"acme/api","branch":"main","actor":"hubot"}},
            {"job":"run-8","type":"job.started","labels":{"repository":"acme/web","branch":"main"}}])");
        QCOMPARE(posted.status, 200);
        const auto keys = [this](const QString &query) {
            QStringList list;
            const Answer a = call("GET", u"/v1/jobs?"_s + query);
            for (const QJsonValue &job : a.body.value(u"jobs"_s).toArray()) {
                list << job[u"key"_s].toString();
            }
            return list;
        };
        QCOMPARE(keys(u"parent=run-7"_s), (QStringList { u"run-7/test"_s, u"run-7/build"_s }));
        QCOMPARE(keys(u"label=repository%3Dacme%2Fapi&label=actor=octocat"_s),
            QStringList { u"run-7/build"_s });
        QCOMPARE(keys(u"label=branch=main&parent=run-7&status=queued"_s),
            QStringList { u"run-7/test"_s });
        QCOMPARE(keys(u"label=repository=acme/web"_s), QStringList { u"run-8"_s });
        // The job's JSON carries both.
        const Answer detail = call("GET", u"/v1/jobs/run-7%2Fbuild"_s);
        QCOMPARE(detail.body[u"job"_s][u"parent"_s].toString(), u"run-7"_s);
        QCOMPARE(detail.body[u"job"_s][u"labels"_s][u"actor"_s].toString(), u"octocat"_s);
        QVERIFY(call("GET", u"/v1/jobs/run-7"_s).body[u"job"_s][u"parent"_s].isNull());
        // A label filter that is not name=value is refused, naming the parameter.
        const Answer bad = call("GET", u"/v1/jobs?label=main"_s);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.body.value(u"field"_s).toString(), u"label"_s);
        // Labels that break the rules are 422 naming the field, and nothing is stored.
        const Answer refused = call("POST", u"/v1/events"_s,
            R"({"job":"run-9","type":"job.started","labels":{"branch":["main"]}})");
        QCOMPARE(refused.status, 422);
        QCOMPARE(refused.body.value(u"field"_s).toString(), u"/labels/branch"_s);
        QCOMPARE(call("GET", u"/v1/jobs/run-9"_s).status, 404);
    }

    void storeUnavailableIs503()
    {
        m_store->close();
        const Answer a = call("POST", u"/v1/events"_s, R"({"job":"a","type":"job.started"})");
        QCOMPARE(a.status, 503);
        QCOMPARE(a.retryAfter, QByteArray("1"));
        QCOMPARE(a.body.value(u"error"_s).toString(), u"store_unavailable"_s);
    }

    // Every route that takes a job key decodes it once from the path as sent: '/', '#', '?',
    // '%' and non-ASCII travel percent-encoded and arrive as they were.
    void keyRoutesTakeAnyKey_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addRow("slash and hash") << u"acme/api#7"_s;
        QTest::addRow("a literal percent sign") << u"50%41 done"_s;
        QTest::addRow("query characters and umlauts") << u"\u00fcber/\u00fc?x=1&y"_s;
    }
    void keyRoutesTakeAnyKey()
    {
        QFETCH(QString, key);
        const QByteArray body =
            QJsonDocument(QJsonObject { { u"job"_s, key }, { u"type"_s, u"job.started"_s } })
                .toJson();
        QCOMPARE(call("POST", u"/v1/events"_s, body).status, 200);
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(key));
        const Answer detail = call("GET", u"/v1/jobs/"_s + encoded);
        QCOMPARE(detail.status, 200);
        QCOMPARE(detail.body[u"job"_s][u"key"_s].toString(), key);
        QCOMPARE(call("GET", u"/v1/jobs/"_s + encoded + u"x"_s).status, 404); // another key
        QCOMPARE(call("POST", u"/v1/jobs/"_s + encoded).status, 405);
        const Answer log = call("GET", u"/v1/jobs/"_s + encoded + u"/log"_s);
        QCOMPARE(log.status, 200);
        QCOMPARE(log.body[u"job"_s].toString(), key);
    }

    void logRoutePagesTheLog_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        QTest::addRow("from zero") << u"?from=0"_s << 400 << u"from"_s;
        QTest::addRow("from a word") << u"?from=ten"_s << 400 << u"from"_s;
        QTest::addRow("limit zero") << u"?from=1&limit=0"_s << 400 << u"limit"_s;
        QTest::addRow("limit too big") << u"?limit=10001"_s << 400 << u"limit"_s;
        QTest::addRow("limit negative") << u"?limit=-5"_s << 400 << u"limit"_s;
        QTest::addRow("good") << u"?from=2&limit=2"_s << 200 << QString();
    }
    void logRoutePagesTheLog()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        QFETCH(QString, field);
        QCOMPARE(call("POST", u"/v1/events"_s,
                     R"([{"job":"b","type":"log","message":"one"},
                         {"job":"b","type":"log","stream":"stdout","lines":["two",{"text":"three","stream":"stderr"},"four"]}])")
                     .status,
            200);
        const Answer a = call("GET", u"/v1/jobs/b/log"_s + query);
        QCOMPARE(a.status, status);
        if (status == 400) {
            QCOMPARE(a.body[u"error"_s].toString(), u"invalid_query"_s);
            QCOMPARE(a.body[u"field"_s].toString(), field);
            return;
        }
        QCOMPARE(a.body[u"total"_s].toInteger(), 4);
        const QJsonArray lines = a.body[u"lines"_s].toArray();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0)[u"n"_s].toInteger(), 2);
        QCOMPARE(lines.at(0)[u"text"_s].toString(), u"two"_s);
        QCOMPARE(lines.at(1)[u"text"_s].toString(), u"three"_s);
        QCOMPARE(lines.at(1)[u"stream"_s].toString(), u"stderr"_s);
        QCOMPARE(a.body[u"next"_s].toInteger(), 4);
        // Without from: the newest lines.
        const QJsonArray tail = call("GET", u"/v1/jobs/b/log?limit=1"_s).body[u"lines"_s].toArray();
        QCOMPARE(tail.size(), 1);
        QCOMPARE(tail.first()[u"text"_s].toString(), u"four"_s);
        QCOMPARE(call("GET", u"/v1/jobs/nope/log"_s).status, 404);
    }

    void keyIsOnePathSegment()
    {
        QCOMPARE(call("POST", u"/v1/events"_s, R"({"job":"acme/api","type":"job.started"})").status,
            200);
        const Answer raw = call("GET", u"/v1/jobs/acme/api"_s); // the '/' not encoded
        QCOMPARE(raw.status, 404);
        QCOMPARE(raw.body.value(u"error"_s).toString(), u"not_found"_s);
        QCOMPARE(call("GET", u"/v1/jobs/"_s).status, 404);
    }

    // A hook's path is taken literally: its '.' is a dot, not "any character" of the router's
    // regular expression.
    void hookPathIsLiteral()
    {
        m_server.stop();
        QString error;
        const auto hooks = HookConfig::listFromJson(
            QJsonDocument::fromJson(R"([{"name":"v12","path":"/hooks/v1.2"}])").array(), &error);
        QVERIFY2(hooks, qPrintable(error));
        Receiver::Options options;
        options.hooks = *hooks;
        error =
            m_server.start(m_dir.filePath(u"r%1.db"_s.arg(++m_counter)), options, Durability::Full);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_store = m_server.store.get();
        m_receiver = m_server.receiver.get();
        const QByteArray body = R"({"job":"dotted","type":"job.started"})";
        QCOMPARE(call("POST", u"/hooks/v1.2"_s, body).status, 200);
        QCOMPARE(call("POST", u"/hooks/v1x2"_s, body).status, 404);
        QCOMPARE(call("POST", u"/hooks/v1.2x"_s, body).status, 404);
        QCOMPARE(storedEvents(), 1);
    }

    // While commits fail (here: the file may not grow, as on a full disk) senders get 503
    // with Retry-After, /health says degraded and why; once space returns, ok again.
    void healthTellsWhileWritesFail()
    {
        QCOMPARE(call("POST", u"/v1/events"_s, R"({"job":"a","type":"job.started"})").status, 200);
        QCOMPARE(call("GET", u"/health"_s).body[u"status"_s].toString(), u"ok"_s);
        QVERIFY(m_store->runOnWriter([](QSqlDatabase &db) {
            QSqlQuery(db).exec(u"PRAGMA max_page_count = 1"_s); // clamped to the current size
        }));
        const QByteArray big =
            QJsonDocument(QJsonObject { { u"job"_s, u"a"_s }, { u"type"_s, u"log"_s },
                              { u"message"_s, QString(64 * 1024, u'x') } })
                .toJson();
        const Answer refused = call("POST", u"/v1/events"_s, big);
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.retryAfter, QByteArray("1"));
        QCOMPARE(refused.body.value(u"error"_s).toString(), u"store_unavailable"_s);

        const Answer degraded = call("GET", u"/health"_s);
        QCOMPARE(degraded.status, 503);
        QCOMPARE(degraded.retryAfter, QByteArray("1"));
        QCOMPARE(degraded.body[u"status"_s].toString(), u"degraded"_s);
        QCOMPARE(degraded.body[u"db"_s][u"ok"_s].toBool(), false);
        const QString reason = degraded.body[u"reason"_s].toString();
        QVERIFY2(reason.contains(u"database or disk is full"_s), qPrintable(reason));
        QCOMPARE(degraded.body[u"db"_s][u"error"_s].toString(), reason);

        QVERIFY(m_store->runOnWriter(
            [](QSqlDatabase &db) { QSqlQuery(db).exec(u"PRAGMA max_page_count = 1073741823"_s); }));
        // Found out by the writer itself, before any sender tries again.
        QTRY_COMPARE_WITH_TIMEOUT(
            call("GET", u"/health"_s).body[u"status"_s].toString(), u"ok"_s, 5000);
        const Answer healthy = call("GET", u"/health"_s);
        QCOMPARE(healthy.status, 200);
        QCOMPARE(healthy.body[u"db"_s][u"ok"_s].toBool(), true);
        QVERIFY(!healthy.body.contains(u"reason"_s));
        QCOMPARE(call("POST", u"/v1/events"_s, big).status, 200);
    }

    void closedStoreHealthIs503WithRetryAfter()
    {
        m_store->close();
        const Answer health = call("GET", u"/health"_s);
        QCOMPARE(health.status, 503);
        QCOMPARE(health.retryAfter, QByteArray("1"));
        QCOMPARE(health.body[u"status"_s].toString(), u"degraded"_s);
        QVERIFY(!health.body[u"reason"_s].toString().isEmpty());
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    testing::LoopbackServer m_server;
    Store *m_store = nullptr;
    Receiver *m_receiver = nullptr;
    QNetworkAccessManager m_network;
};

QTEST_GUILESS_MAIN(TestReceiver)
#include "tst_receiver.moc"
