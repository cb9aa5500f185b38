// The real `jobpulse --headless` on PostgreSQL (a throwaway cluster, pgcluster.h): it takes
// events with a 200 only once they are committed (another connection sees them at once), the
// read API and the CLI's offline verbs show them, and a restart keeps the history. The same
// through the config's store.url with its password from the environment.
#include "common/jobpulseprocess.h"
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

class TestPgReceiver : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

    void launch(QProcess &process, const QStringList &arguments,
        const QProcessEnvironment &extra = QProcessEnvironment())
    {
        process.setProgram(QStringLiteral(JOBPULSE_BINARY));
        process.setArguments(arguments);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, m_dir.path());
        env.insert(extra);
        process.setProcessEnvironment(env);
        process.start();
    }

    static QUrl listening(QProcess &process) { return jobpulse::testing::waitListening(process); }
    static void stop(QProcess &process) { jobpulse::testing::stopProcess(process); }

    /** @p method on @p url with @p body; the status and the body. */
    std::pair<int, QByteArray> request(
        const QUrl &url, const QByteArray &method, const QByteArray &body = {})
    {
        QNetworkRequest r(url);
        r.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(r, method, body));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 30000)) {
            return { 0, {} };
        }
        return { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            reply->readAll() };
    }

    static qint64 countIn(const QString &database, const QString &sql)
    {
        QVariant value;
        return jobpulse::testing::PgCluster::shared().exec(database, sql, &value)
            ? value.toLongLong()
            : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString why = jobpulse::testing::PgCluster::shared().skipReason();
        if (!why.isEmpty()) {
            QSKIP(qPrintable(u"no PostgreSQL here: "_s + why));
        }
    }

    void headlessReceiverCommitsBeforeItAnswers()
    {
        auto &cluster = jobpulse::testing::PgCluster::shared();
        const QString url = cluster.newDatabase(u"receiver"_s);
        const QString database = QUrl(url).path().mid(1);
        QProcess receiver;
        launch(receiver, { u"--headless"_s, u"--db"_s, url, u"--listen"_s, u"127.0.0.1:0"_s });
        const QUrl base = listening(receiver);
        QVERIFY2(base.isValid(), "the receiver did not start on PostgreSQL");

        for (int i = 1; i <= 5; ++i) {
            const auto [status, body] = request(base.resolved(QUrl(u"/v1/events"_s)), "POST",
                QJsonDocument(
                    QJsonObject { { u"job"_s, u"pg-%1"_s.arg(i) }, { u"type"_s, u"job.started"_s },
                        { u"id"_s, u"e-%1"_s.arg(i) }, { u"title"_s, u"Import %1"_s.arg(i) } })
                    .toJson());
            QCOMPARE(status, 200);
            QCOMPARE(QJsonDocument::fromJson(body).object().value(u"accepted"_s).toInt(), 1);
            // Acknowledged means committed: another connection sees the event already.
            QCOMPARE(countIn(database, u"SELECT count(*) FROM events"_s), i);
        }
        // A retried delivery is a duplicate (the unique index), not a second event.
        const auto [status, body] = request(base.resolved(QUrl(u"/v1/events"_s)), "POST",
            R"({"job":"pg-1","type":"job.started","id":"e-1"})");
        QCOMPARE(status, 200);
        QCOMPARE(QJsonDocument::fromJson(body).object().value(u"duplicates"_s).toInt(), 1);
        QCOMPARE(countIn(database, u"SELECT count(*) FROM events"_s), 5);

        const auto [listed, jobs] = request(base.resolved(QUrl(u"/v1/jobs"_s)), "GET");
        QCOMPARE(listed, 200);
        const QJsonArray items = QJsonDocument::fromJson(jobs).object().value(u"jobs"_s).toArray();
        QCOMPARE(items.size(), 5);
        QCOMPARE(items.first().toObject().value(u"key"_s).toString(), u"pg-5"_s); // newest first
        const auto [found, searched] =
            request(base.resolved(QUrl(u"/v1/jobs?q=import%203"_s)), "GET");
        QCOMPARE(found, 200);
        QCOMPARE(QJsonDocument::fromJson(searched).object().value(u"jobs"_s).toArray().size(), 1);
        const auto [health, healthBody] = request(base.resolved(QUrl(u"/health"_s)), "GET");
        QCOMPARE(health, 200);
        QVERIFY2(healthBody.contains(QUrl(url).host().toUtf8()), healthBody.constData());
        QVERIFY2(!healthBody.contains(
                     jobpulse::testing::PgCluster::password().toUtf8()), // the URL's password
            healthBody.constData());

        // The CLI reads the same database offline.
        QProcess cli;
        launch(cli, { u"jobs"_s, u"--db"_s, url, u"--json"_s });
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(QJsonDocument::fromJson(cli.readAllStandardOutput()).array().size(), 5);

        // A restart keeps the history and goes on counting.
        stop(receiver);
        QCOMPARE(receiver.exitCode(), 0);
        QProcess again;
        launch(again, { u"--headless"_s, u"--db"_s, url, u"--listen"_s, u"127.0.0.1:0"_s });
        const QUrl next = listening(again);
        QVERIFY(next.isValid());
        const auto [one, oneBody] = request(next.resolved(QUrl(u"/v1/jobs/pg-3"_s)), "GET");
        QCOMPARE(one, 200);
        QCOMPARE(QJsonDocument::fromJson(oneBody)["job"_L1]["title"_L1].toString(), u"Import 3"_s);
        const auto [later, laterBody] = request(
            next.resolved(QUrl(u"/v1/events"_s)), "POST", R"({"job":"pg-6","type":"job.started"})");
        QCOMPARE(later, 200);
        QVERIFY(QJsonDocument::fromJson(laterBody).object().value(u"seq"_s).toInteger() > 5);
        stop(again);
    }

    void configStoreUrlWithPasswordFromTheEnvironment()
    {
        // A role of its own, with a password (the cluster asks for one over TCP).
        auto &cluster = jobpulse::testing::PgCluster::shared();
        const QString url = cluster.newDatabase(u"configured"_s);
        const QString database = QUrl(url).path().mid(1);
        QVERIFY(cluster.exec(
            u"postgres"_s, u"CREATE ROLE team LOGIN PASSWORD 's3cret;x y' CREATEDB"_s));
        QVERIFY(cluster.exec(u"postgres"_s, u"ALTER DATABASE %1 OWNER TO team"_s.arg(database)));
        QUrl teamUrl(url);
        teamUrl.setUserName(u"team"_s);
        QFile config(m_dir.filePath(u"team.json"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            QJsonDocument(QJsonObject { { u"store"_s,
                              QJsonObject { { u"url"_s, teamUrl.toString() },
                                  { u"password"_s, u"env:JOBPULSE_TEST_PG_PASSWORD"_s } } } })
                .toJson());
        config.close();

        QProcess receiver;
        QProcessEnvironment env;
        env.insert(u"JOBPULSE_TEST_PG_PASSWORD"_s, u"s3cret;x y"_s);
        env.insert(u"PGPASSWORD"_s, u"not-this-one"_s); // the config's password is used
        launch(receiver,
            { u"--headless"_s, u"--config"_s, config.fileName(), u"--listen"_s, u"127.0.0.1:0"_s },
            env);
        const QUrl base = listening(receiver);
        QVERIFY2(base.isValid(), "the receiver did not start from store.url");
        const auto [status, body] = request(base.resolved(QUrl(u"/v1/events"_s)), "POST",
            R"({"job":"configured","type":"job.started"})");
        QCOMPARE(status, 200);
        QCOMPARE(countIn(database, u"SELECT count(*) FROM jobs WHERE key = 'configured'"_s), 1);
        stop(receiver);
    }

    void unusableUrlIsAClearError_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("message");
        const QString server = jobpulse::testing::PgCluster::shared().url(u"postgres"_s);
        QTest::addRow("no database")
            << u"postgresql://team@127.0.0.1:5432/"_s << u"the URL names no database"_s;
        QTest::addRow("password in a parameter")
            << u"postgresql://team@127.0.0.1/db?password=x"_s << u"belongs in the URL"_s;
        QTest::addRow("no such database")
            << QString(server).replace(u"/postgres"_s, u"/nope"_s) << u"cannot open the database"_s;
        QUrl wrong(server);
        wrong.setPassword(u"wrong"_s);
        QTest::addRow("wrong password") << wrong.toString() << u"password authentication failed"_s;
    }

    void unusableUrlIsAClearError()
    {
        QFETCH(QString, url);
        QFETCH(QString, message);
        QProcess receiver;
        launch(receiver, { u"--headless"_s, u"--db"_s, url, u"--listen"_s, u"127.0.0.1:0"_s });
        QVERIFY(receiver.waitForFinished(30000));
        QVERIFY(receiver.exitCode() != 0);
        const QString said = QString::fromUtf8(receiver.readAllStandardError());
        QVERIFY2(said.contains(message), qPrintable(said));
        QVERIFY2(!said.contains(u"wrong"_s), qPrintable(said)); // never the password
    }
};

QTEST_GUILESS_MAIN(TestPgReceiver)
#include "tst_pgreceiver.moc"
