// The tray icon and closing the window, on a real X server (ctest runs this under xvfb-run):
// first a bare server without a tray, where closing the window closes it; then with
// trayer running, where the icon docks, follows the aggregate state and its menu works,
// and closing the window hides it instead.
#include "common/storetesting.h"
#include "store/store.h"
#include "ui/dashboard.h"
#include "ui/trayicon.h"

#include <QApplication>
#include <QMenu>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(JobpulseModelsPlugin)
Q_IMPORT_QML_PLUGIN(JobpulsePlugin)

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestTray : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Dashboard> m_dashboard;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QProcess m_trayer;

    bool startTrayer()
    {
        const QString trayer = QStandardPaths::findExecutable(u"trayer"_s);
        if (trayer.isEmpty()) {
            return false;
        }
        m_trayer.start(trayer,
            { u"--edge"_s, u"top"_s, u"--align"_s, u"right"_s, u"--widthtype"_s, u"pixel"_s,
                u"--width"_s, u"120"_s, u"--heighttype"_s, u"pixel"_s, u"--height"_s, u"22"_s });
        return m_trayer.waitForStarted();
    }

    QAction *action(TrayIcon &tray, const QString &text)
    {
        for (QAction *a : tray.menu()->actions()) {
            if (a->text() == text) {
                return a;
            }
        }
        return nullptr;
    }
    void submit(QList<Event> events)
    {
        QVERIFY(testing::commit(*m_store, std::move(events)));
        m_dashboard->jobs()->flush();
    }
    Event ev(const QString &job, EventType type)
    {
        Event e;
        e.job = job;
        e.type = type;
        e.time = QDateTime::currentDateTimeUtc();
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QGuiApplication::platformName() != u"xcb") {
            QSKIP("Needs an X server (xvfb-run) for the tray");
        }
        QGuiApplication::setQuitOnLastWindowClosed(false); // the test decides when to quit
        m_store = std::make_unique<Store>();
        QString error;
        QVERIFY2(m_store->open(m_dir.filePath(u"t.db"_s), Durability::Normal, &error),
            qPrintable(error));
        m_dashboard = std::make_unique<Dashboard>(m_store.get());
        Dashboard::setInstance(m_dashboard.get());
        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_engine->addImportPath(u"qrc:/qt/qml"_s);
        m_engine->load(QUrl(u"qrc:/qt/qml/Jobpulse/Main.qml"_s));
        QVERIFY(!m_engine->rootObjects().isEmpty());
        m_window = qobject_cast<QQuickWindow *>(m_engine->rootObjects().constFirst());
        QVERIFY(m_window);
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
    }
    void cleanupTestCase()
    {
        m_engine.reset();
        Dashboard::setInstance(nullptr);
        m_dashboard.reset();
        m_store.reset();
        if (m_trayer.state() != QProcess::NotRunning) {
            m_trayer.terminate();
            m_trayer.waitForFinished(3000);
        }
    }

    void withoutTrayClosingClosesTheWindow()
    {
        QVERIFY2(!TrayIcon::available(), "a tray already runs on this display");
        QVERIFY(!m_dashboard->hideOnClose());
        QVERIFY(m_window->close()); // accepted: a normal window
        QVERIFY(!m_window->isVisible());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
    }

    void aTrayThatComesLaterOrGoesIsFollowed();

    void withTrayTheIconDocksAndFollowsTheState()
    {
        if (!startTrayer()) {
            QSKIP("trayer is not installed (apt install trayer)");
        }
        QTRY_VERIFY_WITH_TIMEOUT(TrayIcon::available(), 10000);

        TrayIcon tray(m_dashboard.get(), m_window);
        QVERIFY(tray.trayIcon()->isVisible());
        // Docked: the tray gave the icon a place on the screen.
        QTRY_VERIFY_WITH_TIMEOUT(!tray.trayIcon()->geometry().isEmpty(), 10000);
        QCOMPARE(tray.state(), u"idle"_s);
        QVERIFY(tray.toolTip().contains(u"0 running, 0 queued, 0 failed"_s));

        const qint64 idleKey = tray.trayIcon()->icon().cacheKey();
        submit({ ev(u"a"_s, EventType::JobStarted) });
        QCOMPARE(tray.state(), u"running"_s);
        QVERIFY(tray.trayIcon()->icon().cacheKey() != idleKey);
        QVERIFY(tray.trayIcon()->toolTip().contains(u"1 running"_s));

        // A failure while the window is not in front turns the tray red until it is.
        m_dashboard->notifier()->setWindowActive(false);
        submit({ ev(u"b"_s, EventType::JobStarted) });
        submit({ ev(u"b"_s, EventType::JobFailed) });
        QCOMPARE(tray.state(), u"failing"_s);
        QVERIFY(tray.trayIcon()->toolTip().contains(u"1 new failure"_s));
        m_dashboard->notifier()->setWindowActive(true);
        QCOMPARE(tray.state(), u"running"_s);

        // The menu: pause for an hour, then resume.
        QAction *pauseHour = action(tray, u"Pause notifications for 1 hour"_s);
        QAction *pauseForever = action(tray, u"Pause notifications until resumed"_s);
        QAction *resume = action(tray, u"Resume notifications"_s);
        QVERIFY(pauseHour && pauseForever && resume);
        QVERIFY(action(tray, u"Show Jobpulse"_s));
        QVERIFY(action(tray, u"Quit Jobpulse"_s));
        QVERIFY(!resume->isVisible());
        pauseHour->trigger();
        QVERIFY(m_dashboard->notifier()->paused());
        const qint64 minutes =
            QDateTime::currentDateTimeUtc().secsTo(m_dashboard->notifier()->pausedUntil()) / 60;
        QVERIFY2(minutes >= 59 && minutes <= 60, qPrintable(QString::number(minutes)));
        QVERIFY(resume->isVisible());
        QVERIFY(!pauseHour->isVisible());
        QVERIFY(tray.toolTip().contains(u"Notifications paused until"_s));
        resume->trigger();
        QVERIFY(!m_dashboard->notifier()->paused());
        pauseForever->trigger();
        QVERIFY(m_dashboard->notifier()->paused());
        QVERIFY(tray.toolTip().endsWith(u"Notifications paused"_s));
        resume->trigger();

        // Closing the window hides it to the tray; Show brings it back.
        m_dashboard->setHideOnClose(true);
        QVERIFY(!m_window->close()); // refused by Main.qml ...
        QTRY_VERIFY(!m_window->isVisible()); // ... which hid it instead
        QVERIFY(m_engine->rootObjects().size() == 1);
        action(tray, u"Show Jobpulse"_s)->trigger();
        QTRY_VERIFY(m_window->isVisible());
        m_dashboard->setHideOnClose(false);
    }
};

void TestTray::aTrayThatComesLaterOrGoesIsFollowed()
{
    // The app starts before the panel (autostart at login): no tray yet.
    TrayKeeper keeper(m_dashboard.get(), m_window, 100);
    QVERIFY(!keeper.tray());
    QVERIFY(!m_dashboard->hideOnClose());
    if (!startTrayer()) {
        QSKIP("trayer is not installed (apt install trayer)");
    }
    // The panel comes: the icon appears and closing the window now hides it there.
    QTRY_VERIFY_WITH_TIMEOUT(keeper.tray(), 10000);
    QVERIFY(m_dashboard->hideOnClose());
    QTRY_VERIFY_WITH_TIMEOUT(!keeper.tray()->trayIcon()->geometry().isEmpty(), 10000);
    QVERIFY(!m_window->close());
    QTRY_VERIFY(!m_window->isVisible());
    // The panel goes: the hidden window comes back, and closing it closes it again.
    m_trayer.terminate();
    QVERIFY(m_trayer.waitForFinished(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!keeper.tray(), 10000);
    QVERIFY(!m_dashboard->hideOnClose());
    QTRY_VERIFY(m_window->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!TrayIcon::available(), 10000);
}

QTEST_MAIN(TestTray)
#include "tst_tray.moc"
