// Toasts for finished jobs: which commits make one, grouping, stacking, lifetime, pausing.
// Finishes reach the toasts through a Notifier, as in the app, with the window active.
// The model's clock is injected, so nothing here waits for wall time.
#include "common/storetesting.h"
#include "store/store.h"
#include "ui/notifier.h"
#include "ui/toastmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

Event ev(const QString &job, EventType type, const QString &title = {})
{
    Event e;
    e.job = job;
    e.type = type;
    e.title = title;
    e.time = QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    return e;
}

/** A job of @p kind brought by @p origin (a hook or source) that starts ... */
Event start(const QString &job, const QString &kind, const QString &origin)
{
    Event e = ev(job, EventType::JobStarted);
    e.kind = kind;
    e.origin = origin;
    return e;
}

/** ... and fails with @p message. */
Event failure(const QString &job, const QString &kind, const QString &message)
{
    Event e = ev(job, EventType::JobFailed);
    e.kind = kind;
    e.message = message;
    return e;
}

} // namespace

class TestToasts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Notifier> m_notifier;
    int m_db = 0;
    qint64 m_now = 0;

    void submit(QList<Event> events) { QVERIFY(testing::commit(*m_store, std::move(events))); }
    // As the dashboard wires it: record changes from the store, finishes from the notifier.
    void attach(ToastModel &model)
    {
        model.setClock([this] { return m_now; });
        model.setStore(m_store.get());
        m_notifier = std::make_unique<Notifier>();
        m_notifier->setWindowActive(true);
        m_notifier->setStore(m_store.get());
        model.setNotifier(m_notifier.get());
    }
    static QStringList listed(const ToastModel &model, int row)
    {
        QStringList out;
        for (const QVariant &job : role(model, row, ToastModel::JobsRole).toList()) {
            const QVariantMap map = job.toMap();
            out.append(map.value(u"key"_s).toString() + u": "_s + map.value(u"error"_s).toString());
        }
        return out;
    }
    static QVariant role(const ToastModel &model, int row, int role)
    {
        return model.data(model.index(row), role);
    }
    static QStringList titles(const ToastModel &model)
    {
        QStringList out;
        for (int row = 0; row < model.rowCount(); ++row) {
            out.append(role(model, row, ToastModel::TitleRole).toString());
        }
        return out;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_store = std::make_unique<Store>();
        QString error;
        QVERIFY2(m_store->open(m_dir.filePath(u"t%1.db"_s.arg(++m_db)), Durability::Normal, &error),
            qPrintable(error));
        m_now = 100000;
    }
    void cleanup()
    {
        m_notifier.reset();
        m_store.reset();
    }

    void transitionsMakeToasts_data()
    {
        QTest::addColumn<QList<Event>>("before"); // committed before the model starts
        QTest::addColumn<QList<Event>>("after"); // committed while it watches
        QTest::addColumn<QString>("status"); // "" = no toast
        const Event start = ev(u"j"_s, EventType::JobStarted, u"Render"_s);
        const Event queue = ev(u"j"_s, EventType::JobQueued, u"Render"_s);
        const Event ok = ev(u"j"_s, EventType::JobSucceeded);
        const Event fail = ev(u"j"_s, EventType::JobFailed);
        const Event cancel = ev(u"j"_s, EventType::JobCanceled);
        const Event log = ev(u"j"_s, EventType::Log);
        QTest::addRow("running -> succeeded") << QList { start } << QList { ok } << u"succeeded"_s;
        QTest::addRow("running -> failed") << QList { start } << QList { fail } << u"failed"_s;
        QTest::addRow("queued -> failed") << QList { queue } << QList { fail } << u"failed"_s;
        QTest::addRow("new and finished in one commit")
            << QList<Event> {} << QList { start, ok } << u"succeeded"_s;
        QTest::addRow("still running") << QList { start } << QList { log } << QString();
        QTest::addRow("canceled is no toast") << QList { start } << QList { cancel } << QString();
        QTest::addRow("finished before startup, touched later")
            << QList { start, ok } << QList { log } << QString();
        QTest::addRow("finished before startup, finished again")
            << QList { start, fail } << QList { fail } << QString();
    }

    void transitionsMakeToasts()
    {
        QFETCH(QList<Event>, before);
        QFETCH(QList<Event>, after);
        QFETCH(QString, status);
        if (!before.isEmpty()) {
            submit(before);
        }
        ToastModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        attach(model);
        submit(after);
        QCOMPARE(model.rowCount(), status.isEmpty() ? 0 : 1);
        if (!status.isEmpty()) {
            QCOMPARE(role(model, 0, ToastModel::StatusRole).toString(), status);
            QCOMPARE(role(model, 0, ToastModel::JobKeyRole).toString(), u"j"_s);
            QCOMPARE(role(model, 0, ToastModel::TitleRole).toString(), u"Render"_s);
            QCOMPARE(role(model, 0, ToastModel::CountRole).toInt(), 1);
            QVERIFY(!role(model, 0, ToastModel::StickyRole).toBool()); // a failure goes too
        }
    }

    void oneToastPerTransition()
    {
        submit({ ev(u"j"_s, EventType::JobStarted) });
        ToastModel model;
        attach(model);
        submit({ ev(u"j"_s, EventType::JobSucceeded) });
        QCOMPARE(model.rowCount(), 1);
        m_now += 10000;
        model.expire();
        QCOMPARE(model.rowCount(), 0);
        submit({ ev(u"j"_s, EventType::Log), ev(u"j"_s, EventType::JobSucceeded) });
        QCOMPARE(model.rowCount(), 0); // terminal is final: nothing moved
    }

    void burstsGroupIntoOneToast()
    {
        QList<Event> starts;
        for (int i = 0; i < 5; ++i) {
            starts.append(ev(u"job-%1"_s.arg(i), EventType::JobStarted));
        }
        submit(starts);
        ToastModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        attach(model);
        submit({ ev(u"job-0"_s, EventType::JobSucceeded) });
        m_now += 1500;
        submit({ ev(u"job-1"_s, EventType::JobFailed), ev(u"job-2"_s, EventType::JobSucceeded) });
        m_now += 1999; // within 2 s of the last one that joined
        submit({ ev(u"job-3"_s, EventType::JobSucceeded) });
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(role(model, 0, ToastModel::CountRole).toInt(), 4);
        QCOMPARE(role(model, 0, ToastModel::SucceededRole).toInt(), 3);
        QCOMPARE(role(model, 0, ToastModel::FailedRole).toInt(), 1);
        QCOMPARE(role(model, 0, ToastModel::StatusRole).toString(), u"failed"_s);
        QCOMPARE(role(model, 0, ToastModel::JobKeyRole).toString(), u"job-1"_s); // the failure

        m_now += 2001; // after the window: a toast of its own
        submit({ ev(u"job-4"_s, EventType::JobSucceeded) });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(role(model, 1, ToastModel::JobKeyRole).toString(), u"job-4"_s);
        QCOMPARE(role(model, 1, ToastModel::CountRole).toInt(), 1);
    }

    void atMostThreeNewestAtTheBottom()
    {
        ToastModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClock([this] { return m_now; });
        model.post(u"f"_s, u"F"_s, u"failed"_s);
        for (const QString &key : { u"a"_s, u"b"_s, u"c"_s }) {
            m_now += 3000;
            model.post(key, key.toUpper(), u"succeeded"_s);
        }
        // The oldest toast that would go by itself made room; the failure stays.
        QCOMPARE(titles(model), (QStringList { u"F"_s, u"B"_s, u"C"_s }));
        m_now += 3000;
        model.post(u"g"_s, u"G"_s, u"failed"_s);
        QCOMPARE(titles(model), (QStringList { u"F"_s, u"C"_s, u"G"_s }));
        for (const QString &key : { u"h"_s, u"i"_s }) {
            m_now += 3000;
            model.post(key, key.toUpper(), u"failed"_s);
        }
        // Only failures left: the oldest of them goes.
        QCOMPARE(titles(model), (QStringList { u"G"_s, u"H"_s, u"I"_s }));
        model.post(u"x"_s, u"X"_s, u"running"_s); // not a finish: ignored
        QCOMPARE(model.rowCount(), 3);
    }

    void failuresGoAfterALongerTimeOnScreen()
    {
        ToastModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClock([this] { return m_now; });
        QSignalSpy count(&model, &ToastModel::countChanged);
        model.post(u"ok"_s, u"OK"_s, u"succeeded"_s);
        m_now += 3000;
        model.post(u"bad"_s, u"Bad"_s, u"failed"_s);
        // The failure is on screen (the last row) for 20 s; the success waits behind it with
        // the 3 s it has left.
        m_now += ToastModel::DefaultFailureLifetimeMs - 1;
        model.expire();
        QCOMPARE(titles(model), (QStringList { u"OK"_s, u"Bad"_s }));
        m_now += 1;
        model.expire();
        QCOMPARE(titles(model), QStringList { u"OK"_s }); // failed: gone by itself
        m_now += 2999;
        model.expire();
        QCOMPARE(titles(model), QStringList { u"OK"_s });
        m_now += 1;
        model.expire();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(count.count(), 4);

        // A dashboard failure no page shows stays until dismissed.
        model.postError(u"Reading the history failed"_s);
        m_now += 3600 * 1000;
        model.expire();
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(role(model, 0, ToastModel::StickyRole).toBool());
        model.dismiss(role(model, 0, ToastModel::ToastIdRole).toInt());
        QCOMPARE(model.rowCount(), 0);
    }

    void groupsPerKindAndSourceListEachError()
    {
        submit(
            { start(u"ocr-1"_s, u"ocr"_s, u"prefect"_s), start(u"ocr-2"_s, u"ocr"_s, u"prefect"_s),
                start(u"render-1"_s, u"render"_s, u"prefect"_s),
                start(u"ocr-ci"_s, u"ocr"_s, u"ci"_s) });
        ToastModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        attach(model);
        // One burst: two failures of ocr from prefect, and two unrelated ones.
        submit({ failure(u"ocr-1"_s, u"ocr"_s, u"OCR model missing\nat line 3"_s),
            failure(u"render-1"_s, u"render"_s, u"GPU out of memory"_s) });
        m_now += 500;
        submit({ failure(u"ocr-2"_s, u"ocr"_s, u"Timeout after 30 s"_s),
            failure(u"ocr-ci"_s, u"ocr"_s, u"Disk full"_s) });
        QCOMPARE(model.rowCount(), 3);
        // The ocr toast came back on screen (the last row) when ocr-2 joined it.
        QCOMPARE(role(model, 0, ToastModel::GroupRole).toString(), u"render"_s);
        QCOMPARE(role(model, 0, ToastModel::CountRole).toInt(), 1);
        QCOMPARE(role(model, 0, ToastModel::ErrorRole).toString(), u"GPU out of memory"_s);
        QCOMPARE(role(model, 1, ToastModel::GroupRole).toString(), u"ocr"_s);
        QCOMPARE(role(model, 1, ToastModel::CountRole).toInt(), 2);
        QCOMPARE(listed(model, 1),
            (QStringList { u"ocr-2: Timeout after 30 s"_s, u"ocr-1: OCR model missing"_s }));
        QCOMPARE(role(model, 1, ToastModel::JobKeyRole).toString(), u"ocr-2"_s);
        // Same kind from another source: its own toast, with its own error.
        QCOMPARE(role(model, 2, ToastModel::JobKeyRole).toString(), u"ocr-ci"_s);
        QCOMPARE(role(model, 2, ToastModel::CountRole).toInt(), 1);
        QCOMPARE(listed(model, 2), QStringList { u"ocr-ci: Disk full"_s });
    }

    void aGroupListsItsNewestJobs()
    {
        ToastModel model;
        model.setClock([this] { return m_now; });
        for (int i = 1; i <= 6; ++i) {
            model.post(u"k-%1"_s.arg(i), {}, u"failed"_s, u"k"_s, u"error %1"_s.arg(i));
        }
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(role(model, 0, ToastModel::CountRole).toInt(), 6);
        QCOMPARE(listed(model, 0),
            (QStringList { u"k-6: error 6"_s, u"k-5: error 5"_s, u"k-4: error 4"_s,
                u"k-3: error 3"_s })); // the view says "and 2 more"
    }

    void hoverPausesTheClock()
    {
        ToastModel model;
        model.setClock([this] { return m_now; });
        QSignalSpy paused(&model, &ToastModel::pausedChanged);
        model.post(u"ok"_s, u"OK"_s, u"succeeded"_s);
        m_now += 4000;
        model.setPaused(true);
        QCOMPARE(paused.count(), 1);
        m_now += 60000; // read for a minute
        model.expire();
        QCOMPARE(model.rowCount(), 1);
        model.setPaused(false);
        m_now += 1999; // 4 s + 1.999 s of the 6 s have run
        model.expire();
        QCOMPARE(model.rowCount(), 1);
        m_now += 1;
        model.expire();
        QCOMPARE(model.rowCount(), 0);
    }

    void timerDismissesWithoutHelp()
    {
        // The real clock and timer, with a short lifetime: the model removes toasts itself.
        ToastModel model;
        model.setLifetime(50);
        model.post(u"ok"_s, u"OK"_s, u"succeeded"_s);
        QCOMPARE(model.rowCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 0, 2000);
    }

    void recordChangesMakeToasts();

    void roleNames()
    {
        ToastModel model;
        const auto names = model.roleNames();
        for (const char *name : { "toastId", "jobKey", "title", "status", "jobCount", "succeeded",
                 "failed", "sticky", "fromState", "toState", "errorLine", "group", "jobs" }) {
            QVERIFY2(names.values().contains(QByteArray(name)), name);
        }
    }
};

void TestToasts::recordChangesMakeToasts()
{
    // Seed 003: a submission row goes pending -> approved; the admin sees it without asking.
    const auto record = [](const QString &key, EventType type, const QString &state) {
        Event e = ev(key, type, u"Submission %1"_s.arg(key));
        e.state = state;
        return e;
    };
    submit({ record(u"12"_s, EventType::JobQueued, u"pending"_s) });
    ToastModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    attach(model);
    submit({ record(u"12"_s, EventType::JobStarted, u"approved"_s) });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(role(model, 0, ToastModel::StatusRole).toString(), u"changed"_s);
    QCOMPARE(role(model, 0, ToastModel::TitleRole).toString(), u"Submission 12"_s);
    QCOMPARE(role(model, 0, ToastModel::FromStateRole).toString(), u"pending"_s);
    QCOMPARE(role(model, 0, ToastModel::ToStateRole).toString(), u"approved"_s);
    QCOMPARE(role(model, 0, ToastModel::JobKeyRole).toString(), u"12"_s);
    QVERIFY(!role(model, 0, ToastModel::StickyRole).toBool()); // goes by itself
    // Same state again, a progress, or a first state: nothing to tell.
    submit({ record(u"12"_s, EventType::JobProgress, u"approved"_s) });
    submit({ record(u"r"_s, EventType::JobStarted, {}),
        record(u"r"_s, EventType::JobProgress, u"rendering"_s) });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(role(model, 0, ToastModel::CountRole).toInt(), 1);
    // A burst of changes is one toast with the newest; a finish starts its own. The first
    // toast's time ran out meanwhile.
    m_now += 10000;
    submit({ record(u"12"_s, EventType::JobProgress, u"published"_s) });
    submit({ record(u"r"_s, EventType::JobProgress, u"uploading"_s) });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(role(model, 0, ToastModel::CountRole).toInt(), 2);
    QCOMPARE(role(model, 0, ToastModel::JobKeyRole).toString(), u"r"_s);
    QCOMPARE(role(model, 0, ToastModel::FromStateRole).toString(), u"rendering"_s);
    const QVariantList changes = role(model, 0, ToastModel::JobsRole).toList();
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes.at(1).toMap().value(u"fromState"_s).toString(), u"approved"_s);
    QCOMPARE(changes.at(1).toMap().value(u"toState"_s).toString(), u"published"_s);
    submit({ ev(u"r"_s, EventType::JobSucceeded) });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(role(model, 1, ToastModel::StatusRole).toString(), u"succeeded"_s);
    // Change toasts go after their lifetime like finish toasts, one on screen after another.
    for (const int left : { 1, 0 }) {
        m_now += ToastModel::DefaultLifetimeMs;
        model.expire();
        QCOMPARE(model.rowCount(), left);
    }
}

QTEST_MAIN(TestToasts)
#include "tst_toasts.moc"
