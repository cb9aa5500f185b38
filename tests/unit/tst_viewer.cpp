// The real window under Xvfb as the viewer of a real headless Jobpulse (ctest runs this under
// xvfb-run): the owner's jobs arrive live in the list, the header says which process
// receives, the tray follows the owner's jobs, a replay from the inspector goes to the owner,
// and without a receiver the banner gives the reason and the way to the settings.
#include "store/store.h"
#include "ui/dashboard.h"
#include "ui/gui.h"
#include "ui/trayicon.h"

#include <QGuiApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestViewer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_owner;
    QUrl m_ownerUrl;
    Store m_store;
    std::unique_ptr<Dashboard> m_dashboard;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QNetworkAccessManager m_network;

    QQuickItem *item(const char *name) const
    {
        return m_window->findChild<QQuickItem *>(QString::fromLatin1(name));
    }
    /** A visible item of the scene whose text contains @p text. */
    static QQuickItem *findText(QQuickItem *root, const QString &text)
    {
        if (root->isVisible() && root->property("text").toString().contains(text)) {
            return root;
        }
        for (QQuickItem *child : root->childItems()) {
            if (QQuickItem *found = findText(child, text)) {
                return found;
            }
        }
        return nullptr;
    }
    /** POSTs @p json to the owner's /v1/events; its HTTP status. */
    int post(const QByteArray &json)
    {
        QNetworkRequest request(m_ownerUrl.resolved(QUrl(u"/v1/events"_s)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        std::unique_ptr<QNetworkReply> reply(m_network.post(request, json));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000)) {
            return 0;
        }
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QGuiApplication::platformName() != u"xcb") {
            QSKIP("Runs the real window on an X server (xvfb-run)");
        }
        const QString db = m_dir.filePath(u"owned.db"_s);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        m_owner.setProcessEnvironment(env);
        m_owner.start(QStringLiteral(JOBPULSE_BINARY),
            { u"--headless"_s, u"--db"_s, db, u"--listen"_s, u"127.0.0.1:0"_s });
        QByteArray out;
        QVERIFY(QTest::qWaitFor(
            [&] {
                out += m_owner.readAllStandardOutput();
                return out.contains('\n') || m_owner.state() == QProcess::NotRunning;
            },
            15000));
        QVERIFY2(out.startsWith("listening "), out.constData());
        m_ownerUrl = QUrl(QString::fromUtf8(out.mid(10).trimmed()));

        // As main.cpp makes the viewer: the database read-only, the owner followed.
        QString error;
        QVERIFY2(!m_store.open(db, Durability::Normal, &error), "the owner holds the lock");
        QCOMPARE(m_store.lockHolderPid(), m_owner.processId());
        QVERIFY2(m_store.openReadOnly(db, &error), qPrintable(error));
        m_dashboard = std::make_unique<Dashboard>(&m_store);
        m_dashboard->setReceiverUrl(m_ownerUrl.toString(QUrl::StripTrailingSlash));
        m_dashboard->owner()->follow(m_ownerUrl, m_owner.processId());
        Dashboard::setInstance(m_dashboard.get());
        static QTranslator translator;
        prepareUi(translator, u"en"_s);
        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_window = loadMainWindow(*m_engine, { 1280, 800 });
        QVERIFY(m_window);
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        QTRY_VERIFY_WITH_TIMEOUT(m_dashboard->owner()->connected(), 10000);
    }

    void cleanupTestCase()
    {
        m_engine.reset();
        Dashboard::setInstance(nullptr);
        m_dashboard.reset();
        if (m_owner.state() != QProcess::NotRunning) {
            m_owner.terminate();
            m_owner.waitForFinished(10000);
        }
    }

    // Which process receives, in the header.
    void headerNamesTheOwner()
    {
        QCOMPARE(item("receiverLabel")->property("text").toString(), u"viewing the Jobpulse at"_s);
        QCOMPARE(item("receiverAddress")->property("text").toString(),
            u"127.0.0.1:%1, pid %2"_s.arg(m_ownerUrl.port()).arg(m_owner.processId()));
    }

    // An event posted to the owner shows up in the viewer's live list, and its progress moves.
    void ownersJobArrivesLive()
    {
        QCOMPARE(post(R"({"job":"viewer-live","type":"job.started","title":"Seen by the viewer"})"),
            200);
        QTRY_VERIFY_WITH_TIMEOUT(findText(m_window->contentItem(), u"Seen by the viewer"_s), 10000);
        QCOMPARE(post(R"({"job":"viewer-live","type":"job.progress","progress":0.5})"), 200);
        QTRY_COMPARE_WITH_TIMEOUT(m_dashboard->runningCount(), 1, 10000);
        QCOMPARE(post(R"({"job":"viewer-live","type":"job.succeeded"})"), 200);
        QTRY_COMPARE_WITH_TIMEOUT(m_dashboard->runningCount(), 0, 10000);
    }

    // The headless owner has no notifier: the viewer's tells of each finish, exactly once.
    void finishesAreToldOnce()
    {
        Notifier *notifier = m_dashboard->notifier();
        notifier->setWindowActive(true); // in front: a toast rather than a desktop pop-up
        QSignalSpy told(notifier, &Notifier::showInWindow);
        QCOMPARE(post(R"({"job":"viewer-fails","type":"job.started"})"), 200);
        QCOMPARE(post(R"({"job":"viewer-fails","type":"job.failed","error":"boom"})"), 200);
        QTRY_COMPARE_WITH_TIMEOUT(told.count(), 1, 10000);
        QCOMPARE(told.at(0).at(0).value<Job>().key, u"viewer-fails"_s);
        // Later events (caught up from the database again) tell nothing twice.
        QCOMPARE(post(R"({"job":"viewer-after","type":"job.started","title":"After the failure"})"),
            200);
        QTRY_VERIFY_WITH_TIMEOUT(findText(m_window->contentItem(), u"After the failure"_s), 10000);
        QCOMPARE(told.count(), 1);
    }

    // The tray works in viewer mode: its icon and counts follow the owner's jobs.
    void trayFollowsTheOwner()
    {
        TrayIcon tray(m_dashboard.get(), m_window);
        const int running = m_dashboard->runningCount();
        const auto says = [&tray](
                              int n) { return tray.toolTip().contains(u"%1 running,"_s.arg(n)); };
        QVERIFY2(says(running), qPrintable(tray.toolTip()));
        QCOMPARE(post(R"({"job":"viewer-tray","type":"job.started"})"), 200);
        QTRY_VERIFY_WITH_TIMEOUT(says(running + 1), 10000);
        QVERIFY(tray.state() != u"idle"_s);
        QCOMPARE(post(R"({"job":"viewer-tray","type":"job.succeeded"})"), 200);
        QTRY_VERIFY_WITH_TIMEOUT(says(running), 10000);
    }

    // The inspector reads the owner's deliveries; a replay is sent to the owner, which
    // answers and records it as a delivery of its own.
    void replayGoesToTheOwner()
    {
        Inspector *inspector = m_dashboard->inspector();
        QTRY_VERIFY_WITH_TIMEOUT(
            inspector->deliveries()->refresh() >= 0 && inspector->deliveries()->count() >= 3,
            10000);
        const int before = int(m_store.deliveries(100).size());
        inspector->select(inspector->deliveries()->idAt(0));
        inspector->replay();
        QTRY_VERIFY_WITH_TIMEOUT(!inspector->replaying(), 10000);
        const int status = inspector->replayResult().value(u"status"_s).toInt();
        QVERIFY2(status >= 200 && status < 300, qPrintable(QString::number(status)));
        QTRY_COMPARE_WITH_TIMEOUT(int(m_store.deliveries(100).size()), before + 1, 10000);
    }

    // No receiver here (the port is another program's): the banner says why and its button
    // leads to the settings, where the port is.
    void noReceiverShowsTheReasonAndTheWayOut()
    {
        m_dashboard->owner()->setProblem(
            u"cannot listen on 127.0.0.1:7788: The bound address is already in use"_s, true);
        QQuickItem *banner = item("receiverBanner");
        QVERIFY(banner);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY(item("receiverProblem")->property("text").toString().contains(u"127.0.0.1:7788"_s));
        QQuickItem *button = item("changePort");
        QVERIFY(button && button->isVisible());
        const QPointF centre = button->mapToScene({ button->width() / 2, button->height() / 2 });
        QTest::mouseClick(m_window, Qt::LeftButton, {}, centre.toPoint());
        QTRY_COMPARE(m_window->property("view").toString(), u"settings"_s);
        m_dashboard->owner()->setProblem({});
        QTRY_VERIFY(!banner->isVisible());
    }
};

QTEST_MAIN(TestViewer)
#include "tst_viewer.moc"
