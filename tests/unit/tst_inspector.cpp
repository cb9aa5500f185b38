// The request inspector against a real receiver: deliveries recorded by it, listed newest
// first and live, shown in full, replayed over HTTP, and "copy as curl" run by a real shell.
#include "common/loopbackserver.h"
#include "ui/dashboard.h"

#include <QAbstractItemModelTester>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestInspector : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    testing::LoopbackServer m_server;
    QNetworkAccessManager m_network;
    int m_db = 0;

    QString url() const { return m_server.receiver->url().toString(QUrl::StripTrailingSlash); }

    /** POSTs @p body to @p path; @return the HTTP status (0: no answer). */
    int post(const QString &path, const QByteArray &body,
        QList<QPair<QByteArray, QByteArray>> headers = { { "Content-Type", "application/json" } })
    {
        QNetworkRequest request(QUrl(url() + path));
        for (const auto &[name, value] : headers) {
            request.setRawHeader(name, value);
        }
        QNetworkReply *reply = m_network.post(request, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000)) {
            return 0;
        }
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    /** Waits until the store holds @p count deliveries (they are written off the answer's path). */
    bool stored(int count)
    {
        return QTest::qWaitFor(
            [this, count] { return m_server.store->deliveries(1000).size() >= count; }, 10000);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        const QString error = m_server.start(m_dir.filePath(u"i%1.db"_s.arg(++m_db)));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    void cleanup() { m_server.stop(); }

    void listNewestFirstWithVerdicts()
    {
        QCOMPARE(post(u"/v1/events"_s, "{\"job\":\"a\",\"type\":\"job.started\"}"), 200);
        QCOMPARE(post(u"/v1/events"_s, "{not json"), 400);
        QCOMPARE(
            post(u"/v1/events"_s, "{\"job\":\"b\",\"type\":\"job.started\",\"id\":\"e1\"}"), 200);
        QCOMPARE(
            post(u"/v1/events"_s, "{\"job\":\"b\",\"type\":\"job.started\",\"id\":\"e1\"}"), 200);
        QVERIFY(stored(4));

        Dashboard dashboard(m_server.store.get());
        DeliveryListModel *list = dashboard.inspector()->deliveries();
        QAbstractItemModelTester tester(
            list, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(list->rowCount(), 4);
        const auto role = [list](int row, int role) { return list->data(list->index(row), role); };
        QCOMPARE(role(0, DeliveryListModel::VerdictRole).toString(), u"duplicate"_s);
        QCOMPARE(role(1, DeliveryListModel::VerdictRole).toString(), u"accepted"_s);
        QCOMPARE(role(2, DeliveryListModel::VerdictRole).toString(), u"rejected"_s);
        QCOMPARE(role(2, DeliveryListModel::StatusRole).toInt(), 400);
        QVERIFY(!role(2, DeliveryListModel::ReasonRole).toString().isEmpty());
        QCOMPARE(role(3, DeliveryListModel::PathRole).toString(), u"/v1/events"_s);
        QCOMPARE(role(3, DeliveryListModel::MethodRole).toString(), u"POST"_s);
        QVERIFY(role(0, DeliveryListModel::IdRole).toLongLong()
            > role(3, DeliveryListModel::IdRole).toLongLong());
        QCOMPARE(list->rejectedCount(), 1);
        QCOMPARE(list->canLoadMore(), false);

        // The sparkline: this minute holds the four, one rejected (a minute may turn between
        // the requests: then the last two minutes hold them).
        const QVariantList minutes = list->perMinute();
        QCOMPARE(minutes.size(), DeliveryListModel::SparkMinutes);
        int total = 0;
        int rejected = 0;
        for (int i = minutes.size() - 2; i < minutes.size(); ++i) {
            total += minutes.at(i).toMap().value(u"total"_s).toInt();
            rejected += minutes.at(i).toMap().value(u"rejected"_s).toInt();
        }
        QCOMPARE(total, 4);
        QCOMPARE(rejected, 1);
        QVERIFY(list->perMinuteMax() >= 2);
        QCOMPARE(minutes.constFirst().toMap().value(u"total"_s).toInt(), 0);
    }

    void liveOnlyWhileShown()
    {
        QCOMPARE(post(u"/v1/events"_s, "{\"job\":\"a\",\"type\":\"job.started\"}"), 200);
        QVERIFY(stored(1));
        Dashboard dashboard(m_server.store.get());
        DeliveryListModel *list = dashboard.inspector()->deliveries();
        QAbstractItemModelTester tester(
            list, QAbstractItemModelTester::FailureReportingMode::QtTest);
        list->setPollInterval(50);
        QCOMPARE(list->rowCount(), 1);

        QCOMPARE(post(u"/v1/events"_s, "{\"job\":\"b\",\"type\":\"job.started\"}"), 200);
        QVERIFY(stored(2));
        QTest::qWait(200);
        QCOMPARE(list->rowCount(), 1); // not shown: not read

        QSignalSpy inserted(list, &QAbstractItemModel::rowsInserted);
        list->setLive(true); // shown: what came meanwhile at once, then every interval
        QCOMPARE(list->rowCount(), 2);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(post(u"/v1/events"_s, "[]"), 422);
        QTRY_COMPARE(list->rowCount(), 3);
        QCOMPARE(list->data(list->index(0), DeliveryListModel::StatusRole).toInt(), 422);
        list->setLive(false);
    }

    // Keyset pages and live inserts together: every delivery once, none skipped.
    void pagesNeverRepeatOrSkip()
    {
        const int total = DeliveryListModel::PageSize + 12;
        for (int i = 0; i < total; ++i) {
            QCOMPARE(post(u"/v1/events"_s,
                         u"{\"job\":\"j%1\",\"type\":\"job.queued\"}"_s.arg(i).toUtf8()),
                200);
        }
        QVERIFY(stored(total));
        Inspector inspector;
        inspector.setStore(m_server.store.get());
        DeliveryListModel *list = inspector.deliveries();
        QAbstractItemModelTester tester(
            list, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(list->rowCount(), DeliveryListModel::PageSize);
        QVERIFY(list->canLoadMore());
        QCOMPARE(post(u"/v1/events"_s, "{\"job\":\"new\",\"type\":\"job.queued\"}"),
            200); // arrives meanwhile
        QVERIFY(stored(total + 1));
        list->loadMore();
        QCOMPARE(list->refresh(), 1);
        QCOMPARE(list->rowCount(), total + 1);
        QVERIFY(!list->canLoadMore());
        QSet<qint64> ids;
        for (int row = 0; row < list->rowCount(); ++row) {
            ids.insert(list->idAt(row));
            if (row > 0) {
                QVERIFY(list->idAt(row) < list->idAt(row - 1));
            }
        }
        QCOMPARE(ids.size(), total + 1);
    }

    void filtersPageAndFollow()
    {
        // 60 accepted with 3 refused among them.
        const int accepted = DeliveryListModel::PageSize + 10;
        for (int i = 0; i < accepted; ++i) {
            if (i % 20 == 5) {
                QCOMPARE(post(u"/v1/events"_s, "{\"job\":"), 400);
            }
            QCOMPARE(post(u"/v1/events"_s,
                         u"{\"job\":\"j%1\",\"type\":\"job.queued\"}"_s.arg(i).toUtf8()),
                200);
        }
        QVERIFY(stored(accepted + 3));
        Inspector inspector;
        inspector.setStore(m_server.store.get());
        DeliveryListModel *list = inspector.deliveries();
        QAbstractItemModelTester tester(
            list, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(list->hooks(), QStringList { u"events"_s });
        const auto verdicts = [list] {
            QSet<QString> seen;
            for (int row = 0; row < list->rowCount(); ++row) {
                seen.insert(list->index(row).data(DeliveryListModel::VerdictRole).toString());
            }
            return seen;
        };

        QSignalSpy filterChanged(list, &DeliveryListModel::filterChanged);
        list->setVerdictFilter(u"rejected"_s);
        QCOMPARE(filterChanged.size(), 1);
        QCOMPARE(list->rowCount(), 3);
        QCOMPARE(verdicts(), QSet<QString> { u"rejected"_s });
        QVERIFY(!list->canLoadMore());

        // Pages of the accepted ones only, none twice, none skipped.
        list->setFilter({ u"events"_s, u"accepted"_s });
        QCOMPARE(list->rowCount(), DeliveryListModel::PageSize);
        QVERIFY(list->canLoadMore());
        list->loadMore();
        QCOMPARE(list->rowCount(), accepted);
        QVERIFY(!list->canLoadMore());
        QCOMPARE(verdicts(), QSet<QString> { u"accepted"_s });
        for (int row = 1; row < list->rowCount(); ++row) {
            QVERIFY(list->idAt(row) < list->idAt(row - 1));
        }
        list->setHookFilter(u"deploys"_s); // no such deliveries: none, and it is offered
        QCOMPARE(list->rowCount(), 0);
        QVERIFY(list->hooks().contains(u"deploys"_s));

        // What arrives is read in when it matches.
        list->setFilter({ {}, u"rejected"_s });
        QCOMPARE(post(u"/v1/events"_s, "{\"job\":\"k\",\"type\":\"job.queued\"}"), 200);
        QCOMPARE(post(u"/v1/events"_s, "[1]"), 422);
        QVERIFY(stored(accepted + 5));
        QCOMPARE(list->refresh(), 1);
        QCOMPARE(list->rowCount(), 4);

        // The rail's count: refused in the last day, not before.
        inspector.countRecentRejected();
        QCOMPARE(inspector.recentRejected(), 4);
        Delivery old;
        old.received = QDateTime::currentDateTimeUtc().addDays(-2);
        old.method = "POST";
        old.path = u"/v1/events"_s;
        old.hook = u"events"_s;
        old.status = 401;
        old.verdict = u"rejected"_s;
        m_server.store->recordDelivery(old);
        QVERIFY(stored(accepted + 6));
        QSignalSpy counted(&inspector, &Inspector::recentRejectedChanged);
        inspector.countRecentRejected();
        QCOMPARE(inspector.recentRejected(), 4);
        QCOMPARE(counted.size(), 0);
    }

    void detailShowsHeadersAndPrettyBody()
    {
        // Keys in the order sent (QJsonDocument would sort them), numbers as written.
        const QByteArray body = "{\"type\":\"job.progress\",\"job\":\"render-42\",\"progress\":64."
                                "50,\"details\":{\"z\":1,\"a\":[]}}";
        QCOMPARE(post(u"/v1/events"_s, body,
                     { { "Content-Type", "application/json" }, { "Authorization", "Bearer s3cret" },
                         { "X-Request-Id", "req-7" } }),
            200);
        QVERIFY(stored(1));
        Inspector inspector;
        inspector.setStore(m_server.store.get());
        inspector.select(inspector.deliveries()->idAt(0));
        const QVariantMap d = inspector.selected();
        QCOMPARE(d.value(u"verdict"_s).toString(), u"accepted"_s);
        QCOMPARE(d.value(u"bodyKind"_s).toString(), u"json"_s);
        QCOMPARE(d.value(u"body"_s).toString(),
            u"{\n  \"type\": \"job.progress\",\n  \"job\": \"render-42\",\n  \"progress\": 64.50,\n"
            "  \"details\": {\n    \"z\": 1,\n    \"a\": []\n  }\n}"_s);
        QMap<QString, QString> headers;
        for (const QVariant &h : d.value(u"headers"_s).toList()) {
            headers.insert(h.toMap().value(u"name"_s).toString().toLower(),
                h.toMap().value(u"value"_s).toString());
        }
        QCOMPARE(headers.value(u"x-request-id"_s), u"req-7"_s);
        QCOMPARE(headers.value(u"authorization"_s), u"***"_s); // never the secret
        QVERIFY(d.value(u"redacted"_s).toBool());
        QVERIFY(!inspector.curl().contains(u"s3cret"_s));

        inspector.select(0);
        QVERIFY(inspector.selected().isEmpty());
        QVERIFY(inspector.curl().isEmpty());
    }

    void prettyJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("pretty");
        QTest::addRow("scalars") << QByteArray("42") << u"42"_s;
        QTest::addRow("empty object and array")
            << QByteArray("{\"a\":{},\"b\":[ ]}") << u"{\n  \"a\": {},\n  \"b\": []\n}"_s;
        QTest::addRow("structure inside strings is text")
            << QByteArray("[\"{,:}[]\", \"say \\\"hi\\\", ok\"]")
            << u"[\n  \"{,:}[]\",\n  \"say \\\"hi\\\", ok\"\n]"_s;
        QTest::addRow("whitespace normalised")
            << QByteArray(" {\n\t\"k\" :  true } ") << u"{\n  \"k\": true\n}"_s;
        QTest::addRow("unicode kept") << QByteArray("{\"t\":\"Sci-Fi \xC2\xB7 Disney+\"}")
                                      << u"{\n  \"t\": \"Sci-Fi \u00B7 Disney+\"\n}"_s;
        QTest::addRow("not JSON: as it is") << QByteArray("{oops") << u"{oops"_s;
    }

    void prettyJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, pretty);
        QCOMPARE(Inspector::prettyJson(json), pretty);
    }

    void shellQuote_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("quoted");
        QTest::addRow("plain") << u"http://127.0.0.1:7788/v1/events"_s
                               << u"http://127.0.0.1:7788/v1/events"_s;
        QTest::addRow("space") << u"Content-Type: application/json"_s
                               << u"'Content-Type: application/json'"_s;
        QTest::addRow("single quote") << u"it's"_s << u"'it'\\''s'"_s;
        QTest::addRow("dollar and backtick") << u"$HOME `id`"_s << u"'$HOME `id`'"_s;
        QTest::addRow("empty") << QString() << u"''"_s;
        // A line break at the end is not plain: unquoted, the shell would end the command there.
        QTest::addRow("trailing newline") << u"/tmp/x\n"_s << u"'/tmp/x\n'"_s;
    }

    void shellQuote()
    {
        QFETCH(QString, text);
        QFETCH(QString, quoted);
        QCOMPARE(Inspector::shellQuote(text), quoted);
    }

    void curlCommandShape()
    {
        Delivery d;
        d.method = "POST";
        d.path = u"/hooks/deploys"_s;
        d.headers = { { "Host", "127.0.0.1:7788" }, { "Content-Length", "2" },
            { "Content-Type", "application/json" }, { "X-Empty", "" } };
        d.body = "{}";
        const QString command = Inspector::curlCommand(d, u"http://127.0.0.1:4000"_s);
        QCOMPARE(command,
            u"curl http://127.0.0.1:4000/hooks/deploys \\\n"
            "  -H 'Content-Type: application/json' \\\n"
            "  -H 'X-Empty;' \\\n"
            "  --data-binary '{}'"_s);
    }

    // The command is run by /bin/sh with curl: the receiver gets the very same bytes again.
    void curlCommandReplaysTheBytes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addRow("JSON with quotes and shell characters") << QByteArray(
            "{\"job\":\"it's $HOME `id`\",\"type\":\"log\",\"message\":\"a\\nb \\\\ \\\"q\\\" "
            "!x\"}") << QByteArray("application/json");
        QTest::addRow("invalid UTF-8 through base64")
            << QByteArray("{\"job\":\"\xff\xfe\",\"type\":\"log\"}\n")
            << QByteArray("application/json");
        QTest::addRow("empty body") << QByteArray() << QByteArray("application/json");
    }

    void curlCommandReplaysTheBytes()
    {
        if (QStandardPaths::findExecutable(u"curl"_s).isEmpty()) {
            QSKIP("curl is not installed");
        }
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        post(u"/v1/events"_s, body,
            { { "Content-Type", contentType }, { "X-Trace", "a 'quoted' \"value\" $x" } });
        QVERIFY(stored(1));
        Inspector inspector;
        inspector.setStore(m_server.store.get());
        inspector.setReceiverUrl(url());
        const qint64 first = inspector.deliveries()->idAt(0);
        inspector.select(first);
        const QString command = inspector.curl();
        QVERIFY2(command.startsWith(u"curl "_s) || command.startsWith(u"printf "_s),
            qPrintable(command));
        QVERIFY(command.contains(url() + u"/v1/events"_s));

        QProcess shell;
        shell.start(u"/bin/sh"_s, { u"-c"_s, command + u" -s -o /dev/null"_s });
        // The receiver answers on this thread: wait with the event loop running.
        QVERIFY(QTest::qWaitFor([&shell] { return shell.state() == QProcess::NotRunning; }, 10000));
        QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
        QVERIFY(stored(2));
        const auto again = m_server.store->deliveries(1).constFirst();
        const auto original = *m_server.store->delivery(first);
        QVERIFY(again.id > first);
        QCOMPARE(again.body, original.body);
        QCOMPARE(again.status, original.status);
        const auto header = [](const Delivery &d, QByteArrayView name) {
            for (const auto &[n, v] : d.headers) {
                if (n.compare(name, Qt::CaseInsensitive) == 0) {
                    return v;
                }
            }
            return QByteArray();
        };
        QCOMPARE(header(again, "X-Trace"), QByteArray("a 'quoted' \"value\" $x"));
        QCOMPARE(header(again, "Content-Type"), contentType);
    }

    void replayOverHttp()
    {
        QCOMPARE(post(u"/v1/events"_s, "{\"job\":\"r\",\"type\":\"job.started\"}"), 200);
        QVERIFY(stored(1));
        Dashboard dashboard(m_server.store.get());
        dashboard.setReceiverUrl(url());
        Inspector *inspector = dashboard.inspector();
        const qint64 id = inspector->deliveries()->idAt(0);
        inspector->select(id);
        QSignalSpy replayChanged(inspector, &Inspector::replayChanged);
        inspector->replay();
        QVERIFY(inspector->replaying());
        QTRY_VERIFY(!inspector->replaying());
        const QVariantMap result = inspector->replayResult();
        QCOMPARE(result.value(u"of"_s).toLongLong(), id);
        QCOMPARE(result.value(u"status"_s).toInt(), 200);
        QVERIFY2(result.value(u"body"_s).toString().contains(u"\"replayOf\": %1"_s.arg(id)),
            qPrintable(result.value(u"body"_s).toString()));
        // The replay is a delivery of its own, listed at once.
        QTRY_COMPARE(inspector->deliveries()->rowCount(), 2);
        QCOMPARE(inspector->deliveries()->data(
                     inspector->deliveries()->index(0), DeliveryListModel::RemoteRole),
            u"replay of #%1"_s.arg(id));
        QCOMPARE(inspector->selectedId(), id); // the selection stays
    }

    void replayWithoutReceiver()
    {
        QCOMPARE(post(u"/v1/events"_s, "{\"job\":\"r\",\"type\":\"job.started\"}"), 200);
        QVERIFY(stored(1));
        Inspector inspector;
        inspector.setStore(m_server.store.get());
        inspector.select(inspector.deliveries()->idAt(0));
        inspector.setReceiverUrl(u"http://127.0.0.1:9"_s); // discard: nothing listens
        QSignalSpy failed(&inspector, &Inspector::replayFailed);
        inspector.replay();
        QTRY_VERIFY(!inspector.replaying());
        QCOMPARE(inspector.replayResult().value(u"status"_s).toInt(), 0);
        QCOMPARE(failed.count(), 1);
        QVERIFY(!failed.first().first().toString().isEmpty());
        inspector.setReceiverUrl({});
        inspector.replay();
        QCOMPARE(failed.count(), 2);
        QCOMPARE(failed.last().first().toString(), u"The receiver is not running."_s);
    }
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
