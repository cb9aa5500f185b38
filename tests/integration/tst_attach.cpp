// The desktop app beside another Jobpulse, as real processes: a second launch on the same
// database brings the first window forward and exits 0 (and a crashed window blocks no one);
// beside a headless owner the window opens as its viewer instead of exiting 3; with the port
// held by another program the window opens anyway and says why.
#include "common/jobpulseprocess.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace Qt::Literals::StringLiterals;

class TestAttach : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString db(const QString &name) const { return m_dir.filePath(name); }

    void launch(QProcess &process, const QStringList &arguments)
    {
        process.setProgram(QStringLiteral(JOBPULSE_BINARY));
        process.setArguments(arguments);
        // Its own config folder and runtime folder (where the window's socket lives).
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, m_dir.path());
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        process.setProcessEnvironment(env);
        process.start();
    }
    /** The first stdout line of @p process ("" when it ended without one). */
    static QByteArray firstLine(QProcess &process)
    {
        QByteArray out;
        (void)QTest::qWaitFor(
            [&] {
                out += process.readAllStandardOutput();
                return out.contains('\n') || process.state() == QProcess::NotRunning;
            },
            15000);
        out += process.readAllStandardOutput();
        return out.left(out.indexOf('\n'));
    }
    static bool waitForLine(QProcess &process, const QByteArray &line)
    {
        QByteArray out;
        return QTest::qWaitFor(
            [&] {
                out += process.readAllStandardOutput();
                return out.split('\n').contains(line);
            },
            15000);
    }
    static void stop(QProcess &process) { jobpulse::testing::stopProcess(process); }
    static QUrl listening(const QByteArray &line) { return jobpulse::testing::listeningUrl(line); }

    /** Whether the owner at @p url counts one relay client (the window) by an event. */
    static bool followedBy(const QUrl &url)
    {
        QNetworkAccessManager network;
        return QTest::qWaitFor(
            [&] {
                QNetworkRequest request(url.resolved(QUrl(u"/v1/events"_s)));
                request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
                std::unique_ptr<QNetworkReply> reply(
                    network.post(request, R"({"job":"seen","type":"job.started"})"));
                return QTest::qWaitFor([&] { return reply->isFinished(); }, 5000)
                    && reply->readAll().contains(R"("clients":1)");
            },
            20000);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // The launcher clicked twice: the second process asks the first over its local socket,
    // the first raises its window (and says so), the second exits 0.
    void secondLaunchRaisesTheFirstWindow()
    {
        const QStringList args { u"--db"_s, db(u"twice.db"_s), u"--listen"_s, u"127.0.0.1:0"_s };
        QProcess first;
        launch(first, args);
        QVERIFY(listening(firstLine(first)).isValid());

        QProcess second;
        launch(second, args);
        QVERIFY(second.waitForFinished(15000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QCOMPARE(second.readAllStandardOutput(),
            u"raised the window of pid %1\n"_s.arg(first.processId()).toUtf8());
        QVERIFY(waitForLine(first, "raised")); // the first one got the message
        QCOMPARE(first.state(), QProcess::Running);
        stop(first);
        QCOMPARE(first.exitCode(), 0);
    }

    // A window that crashed leaves its lock and socket behind: the next launch starts.
    void crashedWindowDoesNotBlock()
    {
        const QStringList args { u"--db"_s, db(u"crashed.db"_s), u"--listen"_s, u"127.0.0.1:0"_s };
        QProcess crashed;
        launch(crashed, args);
        QVERIFY(listening(firstLine(crashed)).isValid());
        ::kill(pid_t(crashed.processId()), SIGKILL);
        QVERIFY(crashed.waitForFinished(10000));

        QProcess next;
        launch(next, args);
        const QByteArray line = firstLine(next);
        QVERIFY2(listening(line).isValid(), line.constData());
        stop(next);
    }

    // The systemd unit's headless Jobpulse writes the database: the window launched from the
    // menu becomes its viewer (it used to exit 3), following its relay.
    void windowBesideHeadlessOwnerViews()
    {
        const QString path = db(u"owned.db"_s);
        QProcess owner;
        launch(owner, { u"--headless"_s, u"--db"_s, path, u"--listen"_s, u"127.0.0.1:0"_s });
        const QUrl ownerUrl = listening(firstLine(owner));
        QVERIFY(ownerUrl.isValid());

        QProcess window;
        launch(window, { u"--db"_s, path });
        QCOMPARE(firstLine(window),
            u"viewing %1 pid %2"_s.arg(ownerUrl.toString()).arg(owner.processId()).toUtf8());
        // Its relay stream is open: the owner counts it as a client of the next event.
        QVERIFY(followedBy(ownerUrl));

        // The owner restarted (systemctl --user restart jobpulse) on another port: the window
        // finds it by the address it publishes and follows it again.
        stop(owner);
        QProcess restarted;
        launch(restarted, { u"--headless"_s, u"--db"_s, path, u"--listen"_s, u"127.0.0.1:0"_s });
        const QUrl restartedUrl = listening(firstLine(restarted));
        QVERIFY(restartedUrl.isValid());
        QVERIFY(followedBy(restartedUrl));

        QCOMPARE(window.state(), QProcess::Running);
        stop(window);
        QCOMPARE(window.exitCode(), 0);
        QCOMPARE(restarted.state(), QProcess::Running); // the viewer never stops the owner
        stop(restarted);
    }

    // Another program holds the port: the window opens and says why (it used to exit 2).
    void portTakenOpensTheWindowWithTheReason()
    {
        QTcpServer foreign;
        QVERIFY(foreign.listen(QHostAddress::LocalHost, 0));
        const QString listen = u"127.0.0.1:%1"_s.arg(foreign.serverPort());
        QProcess window;
        launch(window, { u"--db"_s, db(u"taken.db"_s), u"--listen"_s, listen });
        const QByteArray line = firstLine(window);
        QVERIFY2(line.startsWith("not receiving: cannot listen on " + listen.toUtf8()),
            line.constData());
        QCOMPARE(window.state(), QProcess::Running);
        stop(window);
        QCOMPARE(window.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAttach)
#include "tst_attach.moc"
