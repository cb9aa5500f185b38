// Desktop notifications end to end on a private session bus (ctest runs this under
// dbus-run-session): a fake org.freedesktop.Notifications service on its own connection
// records every Notify call the Notifier makes for commits to a real store; the window's
// toasts are wired to it as in the dashboard.
#include "common/storetesting.h"
#include "core/silence.h"
#include "store/store.h"
#include "ui/notifier.h"
#include "ui/toastmodel.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

const QString FakeBus = u"fake-notification-daemon"_s;

/** What a notification daemon would show: one entry per Notify call. */
struct Shown
{
    QString app;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
};

} // namespace

class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    QList<Shown> shown;

public Q_SLOTS:
    uint Notify(const QString &app, uint replacesId, const QString &icon, const QString &summary,
        const QString &body, const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        Q_UNUSED(replacesId)
        Q_UNUSED(icon)
        Q_UNUSED(timeout)
        shown.append({ app, summary, body, actions, hints });
        return uint(shown.size()); // ids start at 1
    }
    QStringList GetCapabilities() { return { u"body"_s, u"actions"_s }; }
    void CloseNotification(uint id) { Q_UNUSED(id) }
};

class TestNotifier : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Notifier> m_notifier;
    FakeNotifications m_daemon;
    int m_db = 0;

    Event ev(const QString &job, EventType type, int atSecond, const QString &kind = {})
    {
        Event e;
        e.job = job;
        e.type = type;
        e.kind = kind;
        e.time = QDateTime::currentDateTimeUtc().addSecs(atSecond - 100);
        return e;
    }
    void submit(QList<Event> events) { QVERIFY(testing::commit(*m_store, std::move(events))); }
    void run(const QString &job, EventType end, const QString &kind = {}, int seconds = 5,
        const QString &message = {}, const QString &origin = {})
    {
        Event first = ev(job, EventType::JobStarted, 0, kind);
        first.origin = origin; // the hook or source that brought it
        Event last = ev(job, end, seconds, kind);
        last.message = message;
        submit({ first, last });
    }
    // The burst window ends; the daemon answers.
    void settle()
    {
        m_notifier->flush();
        QTest::qWait(150);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QDBusConnection::sessionBus().isConnected()) {
            QSKIP("No D-Bus session bus: run under dbus-run-session");
        }
        QDBusConnection daemonBus =
            QDBusConnection::connectToBus(QDBusConnection::SessionBus, FakeBus);
        QVERIFY(daemonBus.isConnected());
        QVERIFY2(daemonBus.registerService(u"org.freedesktop.Notifications"_s),
            "another notification daemon owns the name: run under dbus-run-session");
        QVERIFY(daemonBus.registerObject(
            u"/org/freedesktop/Notifications"_s, &m_daemon, QDBusConnection::ExportAllSlots));
    }
    void cleanupTestCase() { QDBusConnection::disconnectFromBus(FakeBus); }

    void init()
    {
        m_store = std::make_unique<Store>();
        QString error;
        QVERIFY2(m_store->open(m_dir.filePath(u"n%1.db"_s.arg(++m_db)), Durability::Normal, &error),
            qPrintable(error));
        m_notifier = std::make_unique<Notifier>();
        m_notifier->setBurstMs(60000); // the tests end bursts themselves with flush()
        m_notifier->setStore(m_store.get());
        m_daemon.shown.clear();
    }
    void cleanup()
    {
        m_notifier.reset();
        m_store.reset();
    }

    void failedFixedFinished()
    {
        run(u"ocr-1"_s, EventType::JobFailed, u"ocr"_s, 5, u"OCR model missing\nat line 3"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        QCOMPARE(m_daemon.shown.at(0).app, u"Jobpulse"_s);
        QCOMPARE(m_daemon.shown.at(0).summary, u"Failed: ocr-1"_s);
        QCOMPARE(m_daemon.shown.at(0).body, u"OCR model missing"_s); // the first line
        QCOMPARE(m_daemon.shown.at(0).hints.value(u"urgency"_s).toInt(), 2);
        QVERIFY(m_daemon.shown.at(0).actions.contains(u"default"_s));

        // The kind's next success is a fix.
        run(u"ocr-2"_s, EventType::JobSucceeded, u"ocr"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 2);
        QCOMPARE(m_daemon.shown.at(1).summary, u"Fixed: ocr-2"_s);
        QCOMPARE(m_daemon.shown.at(1).body, u"ocr succeeded again after a failure."_s);
        // ... and the one after is an ordinary short success: nothing.
        run(u"ocr-3"_s, EventType::JobSucceeded, u"ocr"_s);
        settle();

        // A long job finishing is announced while the window is not active.
        run(u"render-2"_s, EventType::JobSucceeded, u"render"_s, 45);
        run(u"quick"_s, EventType::JobSucceeded, u"render"_s, 3); // short: nothing
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 3);
        QCOMPARE(m_daemon.shown.at(2).summary, u"Finished: render-2"_s);
        QCOMPARE(m_daemon.shown.at(2).body, u"Succeeded after 45 second(s)."_s);
        QCOMPARE(m_daemon.shown.at(2).hints.value(u"urgency"_s).toInt(), 1);
    }

    void aLateEventOnAnOldFailureIsNoTransition()
    {
        run(u"old"_s, EventType::JobFailed, u"k"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        // A new Notifier (the app restarted): the old job is seen finished already.
        m_notifier = std::make_unique<Notifier>();
        m_notifier->setStore(m_store.get());
        submit({ ev(u"old"_s, EventType::JobFailed, 9, u"k"_s) });
        settle();
        QCOMPARE(m_daemon.shown.size(), 1);
        // ... but it knows the kind is broken: a success is a fix.
        run(u"new"_s, EventType::JobSucceeded, u"k"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 2);
        QCOMPARE(m_daemon.shown.at(1).summary, u"Fixed: new"_s);
    }

    void burstsAreGrouped()
    {
        m_notifier->setBurstMs(300);
        for (int i = 1; i <= 7; ++i) {
            run(u"job-%1"_s.arg(i), EventType::JobFailed, u"batch"_s, 5, u"exit %1"_s.arg(i));
        }
        QTest::qWait(100);
        QCOMPARE(m_daemon.shown.size(), 0); // still collecting
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        QCOMPARE(m_daemon.shown.at(0).summary, u"batch: 7 job(s) failed"_s);
        // Newest first, five of them with their errors, then how many more.
        QCOMPARE(m_daemon.shown.at(0).body,
            u"job-7: exit 7\njob-6: exit 6\njob-5: exit 5\njob-4: exit 4\njob-3: exit 3\n"
            u"and 2 more"_s);
        QTest::qWait(400);
        QCOMPARE(m_daemon.shown.size(), 1);
    }

    void groupedOnlyWithinAKindAndSource()
    {
        // One burst, unrelated failures: each group is its own notification and keeps each
        // job's error.
        run(u"ocr-1"_s, EventType::JobFailed, u"ocr"_s, 5, u"OCR model missing\nat line 3"_s,
            u"prefect"_s);
        run(u"deploy-1"_s, EventType::JobFailed, u"deploy"_s, 5, u"403 from registry"_s,
            u"prefect"_s);
        run(u"ocr-2"_s, EventType::JobFailed, u"ocr"_s, 5, u"Timeout after 30 s"_s, u"prefect"_s);
        run(u"ocr-3"_s, EventType::JobFailed, u"ocr"_s, 5, u"Disk full"_s, u"ci"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 3);
        QTest::qWait(100);
        QCOMPARE(m_daemon.shown.size(), 3);
        QCOMPARE(m_daemon.shown.at(0).summary, u"ocr: 2 job(s) failed"_s);
        QCOMPARE(
            m_daemon.shown.at(0).body, u"ocr-2: Timeout after 30 s\nocr-1: OCR model missing"_s);
        QCOMPARE(m_daemon.shown.at(1).summary, u"Failed: deploy-1"_s);
        QCOMPARE(m_daemon.shown.at(1).body, u"403 from registry"_s);
        QCOMPARE(m_daemon.shown.at(2).summary, u"Failed: ocr-3"_s); // same kind, other source
        QCOMPARE(m_daemon.shown.at(2).body, u"Disk full"_s);

        // Long jobs of one kind that finished together: one notification naming them.
        m_daemon.shown.clear();
        for (int i = 1; i <= 6; ++i) {
            run(u"r-%1"_s.arg(i), EventType::JobSucceeded, u"render"_s, 45);
        }
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        QCOMPARE(m_daemon.shown.at(0).summary, u"render: 6 long job(s) finished"_s);
        QCOMPARE(m_daemon.shown.at(0).body, u"r-6, r-5, r-4, r-3, r-2 and 1 more"_s);
    }

    void oneFixedPerKindPerRecovery()
    {
        run(u"t-0"_s, EventType::JobFailed, u"tests"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        m_daemon.shown.clear();
        // One batch: the kind's parallel jobs flap, fail and success in turn, and end well.
        QList<Event> batch;
        for (int i = 1; i <= 22; ++i) {
            batch << ev(u"t-%1"_s.arg(i), EventType::JobStarted, 0, u"tests"_s);
        }
        for (int i = 1; i <= 22; ++i) {
            batch << ev(u"t-%1"_s.arg(i), i % 2 ? EventType::JobFailed : EventType::JobSucceeded, 5,
                u"tests"_s);
        }
        submit(batch);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 2);
        QTest::qWait(100);
        QStringList summaries;
        for (const Shown &shown : std::as_const(m_daemon.shown)) {
            summaries << shown.summary;
        }
        QCOMPARE(summaries, (QStringList { u"tests: 11 job(s) failed"_s, u"Fixed: t-22"_s }));
        // Healthy: more successes fix nothing.
        run(u"t-23"_s, EventType::JobSucceeded, u"tests"_s);
        settle();
        QCOMPARE(m_daemon.shown.size(), 2);

        // A recovery that broke again before the burst was sent: no "Fixed".
        m_daemon.shown.clear();
        run(u"t-24"_s, EventType::JobFailed, u"tests"_s);
        run(u"t-25"_s, EventType::JobSucceeded, u"tests"_s);
        run(u"t-26"_s, EventType::JobFailed, u"tests"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        QTest::qWait(100);
        QCOMPARE(m_daemon.shown.size(), 1);
        QCOMPARE(m_daemon.shown.at(0).summary, u"tests: 2 job(s) failed"_s);
        // ... its next recovery is told, once.
        run(u"t-27"_s, EventType::JobSucceeded, u"tests"_s);
        run(u"t-28"_s, EventType::JobSucceeded, u"tests"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 2);
        QTest::qWait(100);
        QCOMPARE(m_daemon.shown.size(), 2);
        QCOMPARE(m_daemon.shown.at(1).summary, u"Fixed: t-27"_s);
    }

    void oneEventOnePopUp_data()
    {
        QTest::addColumn<bool>("active"); // the window is in front
        QTest::addColumn<bool>("failed"); // else succeeded
        QTest::addColumn<int>("seconds");
        QTest::addColumn<QString>("desktop"); // the notification's summary, "" for none
        QTest::addColumn<QString>("toast"); // the toast's status, "" for none
        QTest::addRow("failed, window in front") << true << true << 5 << QString() << u"failed"_s;
        QTest::addRow("failed, window behind")
            << false << true << 5 << u"Failed: job"_s << QString();
        QTest::addRow("long job, window in front")
            << true << false << 45 << QString() << u"succeeded"_s;
        QTest::addRow("long job, window behind")
            << false << false << 45 << u"Finished: job"_s << QString();
        QTest::addRow("short job, window behind: no pop-up on the desktop")
            << false << false << 5 << QString() << u"succeeded"_s;
    }

    void oneEventOnePopUp()
    {
        QFETCH(bool, active);
        QFETCH(bool, failed);
        QFETCH(int, seconds);
        QFETCH(QString, desktop);
        QFETCH(QString, toast);
        ToastModel toasts;
        toasts.setStore(m_store.get());
        toasts.setNotifier(m_notifier.get());
        m_notifier->setWindowActive(active);
        run(u"job"_s, failed ? EventType::JobFailed : EventType::JobSucceeded, u"k"_s, seconds,
            u"boom"_s);
        settle();
        QTest::qWait(100);
        QCOMPARE(m_daemon.shown.size(), desktop.isEmpty() ? 0 : 1);
        if (!desktop.isEmpty()) {
            QCOMPARE(m_daemon.shown.at(0).summary, desktop);
        }
        QCOMPARE(toasts.count(), toast.isEmpty() ? 0 : 1);
        if (!toast.isEmpty()) {
            QCOMPARE(toasts.index(0).data(ToastModel::StatusRole).toString(), toast);
            QCOMPARE(toasts.index(0).data(ToastModel::JobKeyRole).toString(), u"job"_s);
        }
    }

    void nothingWhilePaused()
    {
        m_notifier->pauseUntilResumed();
        QVERIFY(m_notifier->paused());
        QVERIFY(!m_notifier->pausedUntil().isValid());
        run(u"p1"_s, EventType::JobFailed, u"k"_s);
        settle();
        QCOMPARE(m_daemon.shown.size(), 0);
        // The tray still turns red: pausing is about pop-ups, not about knowing.
        QCOMPARE(m_notifier->trayState(), u"failing"_s);
        m_notifier->resume();
        QVERIFY(!m_notifier->paused());
        run(u"p2"_s, EventType::JobFailed, u"k"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        QCOMPARE(m_daemon.shown.at(0).summary, u"Failed: p2"_s);

        // A timed pause ends by itself.
        QSignalSpy paused(m_notifier.get(), &Notifier::pausedChanged);
        m_notifier->pauseForMs(300);
        QVERIFY(m_notifier->paused());
        QVERIFY(m_notifier->pausedUntil().isValid());
        run(u"p3"_s, EventType::JobFailed, u"k"_s);
        settle();
        QCOMPARE(m_daemon.shown.size(), 1);
        QTRY_VERIFY(!m_notifier->paused());
        QTRY_COMPARE(paused.count(), 2); // the end of the pause is signalled
        run(u"p4"_s, EventType::JobFailed, u"k"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 2);
        // What was collected before a pause is not sent after it.
        m_notifier->setBurstMs(60000);
        run(u"p5"_s, EventType::JobFailed, u"k"_s);
        m_notifier->pauseFor(60);
        m_notifier->resume();
        settle();
        QCOMPARE(m_daemon.shown.size(), 2);
    }

    void nothingForMutedKindsAndSources()
    {
        m_notifier->setKindMuted(u"noisy"_s, true);
        QCOMPARE(m_notifier->mutedKinds(), QStringList { u"noisy"_s });
        QVERIFY(m_notifier->isKindMuted(u"noisy"_s));
        run(u"n1"_s, EventType::JobFailed, u"noisy"_s);
        settle();
        QCOMPARE(m_daemon.shown.size(), 0);
        QCOMPARE(m_notifier->trayState(), u"idle"_s); // muted: does not turn the tray red
        // Its fix is muted too, but is remembered: unmuted, the next failure notifies.
        run(u"n2"_s, EventType::JobSucceeded, u"noisy"_s);
        m_notifier->setKindMuted(u"noisy"_s, false);
        run(u"n3"_s, EventType::JobFailed, u"noisy"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        QCOMPARE(m_daemon.shown.at(0).summary, u"Failed: n3"_s);

        // Per source: the hook or outbound source the store recorded for the job.
        m_notifier->setSourceMuted(u"ci"_s, true);
        QCOMPARE(m_notifier->mutedSources(), QStringList { u"ci"_s });
        run(u"ci-1"_s, EventType::JobFailed, u"build"_s, 5, {}, u"ci"_s);
        settle();
        QCOMPARE(m_daemon.shown.size(), 1);
        run(u"web-1"_s, EventType::JobFailed, u"build"_s, 5, {}, u"prefect"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 2);
        QCOMPARE(m_daemon.shown.at(1).summary, u"Failed: web-1"_s);
    }

    void nothingForMutedLabels()
    {
        // A rule by label: the jobs of one branch (any kind, any source) send nothing.
        QVERIFY(m_notifier->setLabelMuted(u"branch=experiments"_s, true));
        QVERIFY(!m_notifier->setLabelMuted(u"branch"_s, true)); // not name=value
        QCOMPARE(m_notifier->mutedLabels(), QStringList { u"branch=experiments"_s });
        const auto labelled = [this](const QString &job, const QString &branch) {
            Event first = ev(job, EventType::JobStarted, 0, u"build"_s);
            first.labels = { { u"repository"_s, u"acme/api"_s }, { u"branch"_s, branch } };
            submit({ first, ev(job, EventType::JobFailed, 5, u"build"_s) });
        };
        labelled(u"exp-1"_s, u"experiments"_s);
        settle();
        QCOMPARE(m_daemon.shown.size(), 0);
        QCOMPARE(m_notifier->trayState(), u"idle"_s);
        labelled(u"main-1"_s, u"main"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        QCOMPARE(m_daemon.shown.at(0).summary, u"Failed: main-1"_s);
        m_notifier->setLabelMuted(u"branch=experiments"_s, false);
        labelled(u"exp-2"_s, u"experiments"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 2);
        QCOMPARE(m_daemon.shown.at(1).summary, u"Failed: exp-2"_s);
    }

    void clickOpensTheJob()
    {
        run(u"click-me"_s, EventType::JobFailed, u"k"_s);
        settle();
        QTRY_COMPARE(m_daemon.shown.size(), 1);
        QTest::qWait(100); // the reply with the id reaches the notifier
        QSignalSpy open(m_notifier.get(), &Notifier::openRequested);
        QDBusMessage signal = QDBusMessage::createSignal(u"/org/freedesktop/Notifications"_s,
            u"org.freedesktop.Notifications"_s, u"ActionInvoked"_s);
        signal << uint(1) << u"default"_s;
        QVERIFY(QDBusConnection(FakeBus).send(signal));
        QTRY_COMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), u"click-me"_s);
    }

    // A job the store's sweep finds silent: one notification per stall, naming the job and
    // the silence; a new one only after it recovered and stalled again.
    void oneNotificationPerStall()
    {
        SilencePolicy policy;
        policy.stallAfterSeconds = 600;
        m_store->setSilencePolicy(policy, 3600 * 1000); // no sweeps but the test's
        const QDateTime start = QDateTime::currentDateTimeUtc();
        auto now = std::make_shared<qint64>(0);
        m_store->setClock([start, now] { return start.addSecs(*now); });
        const auto sweepAt = [this, now](qint64 seconds) {
            *now = seconds;
            auto done = std::make_shared<bool>(false);
            m_store->sweepSilentJobs(m_store.get(), [done](const IngestResult &) { *done = true; });
            QVERIFY(QTest::qWaitFor([done] { return *done; }, 10000));
            settle();
        };
        Event started = ev(u"render-9"_s, EventType::JobStarted, 0, u"video"_s);
        started.title = u"Render 9"_s;
        started.time = start;
        submit({ started });
        settle();
        QCOMPARE(m_daemon.shown.size(), 0);

        sweepAt(601);
        QCOMPARE(m_daemon.shown.size(), 1);
        QCOMPARE(m_daemon.shown.at(0).summary, u"No news from Render 9 for 10m"_s);
        sweepAt(1200); // still stalled: not told again
        QCOMPARE(m_daemon.shown.size(), 1);

        Event beat = ev(u"render-9"_s, EventType::Heartbeat, 0);
        beat.time = start.addSecs(1300);
        submit({ beat });
        settle();
        QCOMPARE(m_daemon.shown.size(), 1); // recovering is no news worth a pop-up
        sweepAt(1300 + 601);
        QCOMPARE(m_daemon.shown.size(), 2);
    }

    void trayState()
    {
        QCOMPARE(Notifier::aggregateState(0, 0), u"idle"_s);
        QCOMPARE(Notifier::aggregateState(3, 0), u"running"_s);
        QCOMPARE(Notifier::aggregateState(3, 1), u"failing"_s);
        QCOMPARE(Notifier::aggregateState(0, 2), u"failing"_s);

        QSignalSpy changed(m_notifier.get(), &Notifier::trayChanged);
        m_notifier->setRunningCount(2);
        QCOMPARE(m_notifier->trayState(), u"running"_s);
        QCOMPARE(changed.count(), 1);
        m_notifier->setRunningCount(3); // same state: no signal
        QCOMPARE(changed.count(), 1);
        run(u"f1"_s, EventType::JobFailed, u"k"_s);
        QCOMPARE(m_notifier->unseenFailures(), 1);
        QCOMPARE(m_notifier->trayState(), u"failing"_s);
        // Looking at the window: seen. Failures while it is active are seen at once.
        m_notifier->setWindowActive(true);
        QCOMPARE(m_notifier->unseenFailures(), 0);
        QCOMPARE(m_notifier->trayState(), u"running"_s);
        run(u"f2"_s, EventType::JobFailed, u"k"_s);
        QCOMPARE(m_notifier->trayState(), u"running"_s);
        m_notifier->setRunningCount(0);
        QCOMPARE(m_notifier->trayState(), u"idle"_s);
    }
};

QTEST_GUILESS_MAIN(TestNotifier)
#include "tst_notifier.moc"
