// SIGKILL in the middle of a flood: every event that got a 2xx must survive, and the
// database must pass its integrity check. The receiver runs as a separate process.
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <csignal>

using namespace Qt::Literals::StringLiterals;

namespace {

// One keep-alive connection that posts events one after another and records the acked ids.
class Sender : public QObject
{
public:
    Sender(quint16 port, int number, QSet<QString> *acked, int batch)
        : m_number(number)
        , m_acked(acked)
        , m_batch(batch)
    {
        connect(&m_socket, &QTcpSocket::connected, this, &Sender::sendNext);
        connect(&m_socket, &QTcpSocket::readyRead, this, &Sender::read);
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

private:
    void sendNext()
    {
        m_inFlight.clear();
        QByteArray body = "[";
        for (int i = 0; i < m_batch; ++i) {
            const QString id = u"c%1-%2"_s.arg(m_number).arg(m_next++);
            m_inFlight << id;
            body += (i ? "," : "")
                + (R"({"job":"flood-)" + QByteArray::number(m_number % 8)
                    + R"(","type":"job.progress","progress":1,"id":")" + id.toUtf8() + "\"}");
        }
        body += "]";
        m_socket.write("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
                       "application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    void read()
    {
        m_buffer += m_socket.readAll();
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return;
        }
        const qsizetype lengthAt = m_buffer.toLower().indexOf("content-length:");
        const qsizetype lineEnd = m_buffer.indexOf("\r\n", lengthAt);
        const qsizetype length =
            m_buffer.mid(lengthAt + 15, lineEnd - lengthAt - 15).trimmed().toLongLong();
        if (m_buffer.size() < headEnd + 4 + length) {
            return;
        }
        if (m_buffer.startsWith("HTTP/1.1 200")) {
            for (const QString &id : std::as_const(m_inFlight)) {
                m_acked->insert(id);
            }
        }
        m_buffer.remove(0, headEnd + 4 + length);
        sendNext();
    }

    QTcpSocket m_socket;
    int m_number;
    QSet<QString> *m_acked;
    int m_batch;
    int m_next = 0;
    QStringList m_inFlight;
    QByteArray m_buffer;
};

} // namespace

class TestCrash : public QObject
{
    Q_OBJECT

private:
    // Starts `jobpulse --headless` (or the dashboard, offscreen) on @p db on a free port;
    // returns the port it printed, or 0 when it did not start listening (then @p refusal
    // gets what it wrote to stderr once it exited).
    quint16 startReceiver(QProcess &process, const QString &db = {}, bool headless = true,
        QByteArray *refusal = nullptr)
    {
        launch(process, db, headless);
        if (!process.waitForStarted(5000)) {
            return 0;
        }
        QByteArray out;
        (void)QTest::qWaitFor(
            [&] {
                out += process.readAllStandardOutput();
                return out.contains('\n') || process.state() == QProcess::NotRunning;
            },
            10000);
        const QByteArray line = out.left(out.indexOf('\n'));
        if (!line.startsWith("listening ")) {
            const QByteArray err = process.readAllStandardError();
            if (refusal) {
                *refusal = err;
            } else {
                qWarning() << "unexpected output" << out << err;
            }
            return 0;
        }
        return static_cast<quint16>(QUrl(QString::fromUtf8(line.mid(10))).port());
    }
    void launch(QProcess &process, const QString &db = {}, bool headless = true)
    {
        process.setProgram(QStringLiteral(JOBPULSE_BINARY));
        QStringList arguments { u"--db"_s, db.isEmpty() ? m_dir.filePath(u"crash.db"_s) : db,
            u"--listen"_s, u"127.0.0.1:0"_s, u"--durability"_s, u"full"_s };
        if (headless) {
            arguments.prepend(u"--headless"_s);
        }
        process.setArguments(arguments);
        // Its own config folder: the user's own settings never reach the test.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.insert(u"QT_LOGGING_RULES"_s, u"jobpulse.*.debug=false"_s); // info and up, as users see
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start();
    }
    // waitForFinished() is false for a process that has finished already.
    static bool finished(QProcess &process)
    {
        return process.state() == QProcess::NotRunning || process.waitForFinished(10000);
    }
    static void stop(QProcess &process)
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            process.waitForFinished(10000);
        }
    }

private Q_SLOTS:
    void stopMidFloodLosesNoAcknowledgedEvent_data()
    {
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("signal");
        QTest::addRow("single events, SIGKILL") << 1 << int(SIGKILL);
        QTest::addRow("batches of 50, SIGKILL") << 50 << int(SIGKILL);
        QTest::addRow("single events, SIGTERM") << 1 << int(SIGTERM); // a clean stop under load
    }
    void stopMidFloodLosesNoAcknowledgedEvent()
    {
        QFETCH(int, batch);
        QFETCH(int, signal);
        QVERIFY(m_dir.isValid());
        QFile::remove(m_dir.filePath(u"crash.db"_s));
        QProcess receiver;
        const quint16 port = startReceiver(receiver);
        QVERIFY(port > 0);

        QSet<QString> acked;
        std::vector<std::unique_ptr<Sender>> senders;
        for (int i = 0; i < 16; ++i) {
            senders.push_back(std::make_unique<Sender>(port, i, &acked, batch));
        }
        // Let the flood build up, then pull the plug while requests are in flight.
        QTRY_VERIFY_WITH_TIMEOUT(acked.size() >= 2000, 60000);
        ::kill(static_cast<pid_t>(receiver.processId()), signal);
        QVERIFY(QTest::qWaitFor([&] { return receiver.state() == QProcess::NotRunning; }, 10000));
        if (signal == SIGKILL) {
            QCOMPARE(receiver.exitStatus(), QProcess::CrashExit);
        } else {
            QCOMPARE(receiver.exitStatus(), QProcess::NormalExit);
            QCOMPARE(receiver.exitCode(), 0);
        }
        senders.clear();
        const QSet<QString> ackedAtKill = acked;

        // The restarted receiver opens the same file and serves again.
        QProcess restarted;
        QVERIFY(startReceiver(restarted) > 0);

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(m_dir.filePath(u"crash.db"_s));
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(u"PRAGMA integrity_check"_s) && q.next());
            QCOMPARE(q.value(0).toString(), u"ok"_s);
            QSet<QString> stored;
            QVERIFY(q.exec(u"SELECT eid FROM events"_s));
            while (q.next()) {
                stored.insert(q.value(0).toString());
            }
            QSet<QString> lost = ackedAtKill;
            lost.subtract(stored);
            QVERIFY2(lost.isEmpty(),
                qPrintable(u"%1 acknowledged events lost, e.g. %2"_s.arg(lost.size())
                               .arg(lost.isEmpty() ? QString() : *lost.begin())));
            qInfo("acknowledged before the kill: %lld, stored: %lld", qint64(ackedAtKill.size()),
                qint64(stored.size()));
            // Materialised counts agree with the log.
            QVERIFY(
                q.exec(
                    u"SELECT (SELECT SUM(event_count) FROM jobs), (SELECT COUNT(*) FROM events)"_s)
                && q.next());
            QCOMPARE(q.value(0).toLongLong(), q.value(1).toLongLong());
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"check"_s);
        restarted.terminate();
        QVERIFY(restarted.waitForFinished(10000));
        QCOMPARE(restarted.exitStatus(), QProcess::NormalExit);
        QCOMPARE(restarted.exitCode(), 0);
    }

    // One writer per database: a second Jobpulse on the same file (on another port) is
    // refused with the holder's pid and exit status 3; the dashboard does not write either,
    // it opens as the holder's viewer (tst_attach follows that further). After the holder is
    // SIGKILLed its lock is stale, and the next one starts.
    void secondWriterRefusedUntilTheFirstDies_data()
    {
        QTest::addColumn<bool>("headless");
        QTest::addRow("jobpulse --headless") << true;
        QTest::addRow("jobpulse (dashboard)") << false;
    }
    void secondWriterRefusedUntilTheFirstDies()
    {
        QFETCH(bool, headless);
        const QString db = m_dir.filePath(u"one-writer-%1.db"_s.arg(headless));
        QProcess first;
        QVERIFY(startReceiver(first, db) > 0);

        QByteArray refusal;
        if (!headless) {
            QProcess viewer;
            launch(viewer, db, false);
            QByteArray out;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    out += viewer.readAllStandardOutput();
                    return out.contains('\n') || viewer.state() == QProcess::NotRunning;
                },
                15000));
            QVERIFY2(out.startsWith("viewing "), out.constData());
            QVERIFY2(out.contains(" pid " + QByteArray::number(first.processId()) + '\n'),
                out.constData());
            stop(viewer);
            QCOMPARE(viewer.exitCode(), 0);
        }
        QProcess second;
        QCOMPARE(startReceiver(second, db, true, &refusal), quint16(0));
        QVERIFY(finished(second));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 3);
        const QString message = QString::fromUtf8(refusal);
        QVERIFY2(message.count(u'\n') == 1, qPrintable(message)); // one line on stderr
        QVERIFY2(
            message.contains(u"jobpulse: the database %1 is already open for writing"_s.arg(db)),
            qPrintable(message));
        QVERIFY2(message.contains(u"pid %1"_s.arg(first.processId())), qPrintable(message));
        QVERIFY2(message.contains(u"--db"_s), qPrintable(message));

        // Reading it offline still works while the first one writes.
        QProcess jobs;
        jobs.start(QStringLiteral(JOBPULSE_BINARY), { u"jobs"_s, u"--db"_s, db });
        QVERIFY(jobs.waitForFinished(10000));
        QCOMPARE(jobs.exitCode(), 0);

        ::kill(static_cast<pid_t>(first.processId()), SIGKILL);
        QVERIFY(finished(first));
        QVERIFY(QFile::exists(db + u".lock"_s)); // left behind by the killed one
        QProcess next;
        QVERIFY2(startReceiver(next, db, headless, &refusal) > 0, refusal.constData());
        stop(next);
        QCOMPARE(next.exitCode(), 0);
    }

    // Two processes started at the same moment on a database that does not exist yet: one
    // creates and serves it, the other is refused cleanly; never "table already exists".
    void concurrentFirstStart()
    {
        for (int round = 0; round < 5; ++round) {
            const QString db = m_dir.filePath(u"first-start-%1.db"_s.arg(round));
            QProcess a;
            QProcess b;
            launch(a, db);
            launch(b, db);
            QVERIFY(a.waitForStarted(5000) && b.waitForStarted(5000));
            QByteArray outA;
            QByteArray outB;
            QByteArray errA;
            QByteArray errB;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    outA += a.readAllStandardOutput();
                    outB += b.readAllStandardOutput();
                    errA += a.readAllStandardError();
                    errB += b.readAllStandardError();
                    const bool aDone = outA.contains('\n') || a.state() == QProcess::NotRunning;
                    const bool bDone = outB.contains('\n') || b.state() == QProcess::NotRunning;
                    return aDone && bDone;
                },
                15000));
            const bool aListens = outA.startsWith("listening ");
            const bool bListens = outB.startsWith("listening ");
            QVERIFY2(aListens != bListens,
                qPrintable(u"round %1: exactly one must serve: %2 / %3"_s.arg(round).arg(
                    QString::fromUtf8(outA + errA), QString::fromUtf8(outB + errB))));
            QProcess &refused = aListens ? b : a;
            QProcess &serving = aListens ? a : b;
            QVERIFY(finished(refused));
            const QString message =
                QString::fromUtf8((&refused == &a ? errA : errB) + refused.readAllStandardError());
            QVERIFY2(refused.exitCode() == 3, qPrintable(message));
            QVERIFY2(message.contains(u"pid %1"_s.arg(serving.processId())), qPrintable(message));
            QVERIFY2(!message.contains(u"already exists"_s), qPrintable(message));
            stop(serving);
            QCOMPARE(serving.exitCode(), 0);
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
