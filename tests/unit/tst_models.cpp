// The dashboard's models against a real Store: rows, roles, coalescing, selection.
#include "common/storetesting.h"
#include "store/store.h"
#include "ui/dashboard.h"
#include "ui/format.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

const QDateTime T0 = QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);

Event ev(const QString &job, EventType type, int atSecond = 0)
{
    Event e;
    e.job = job;
    e.type = type;
    e.time = T0.addSecs(atSecond);
    return e;
}

Event progress(const QString &job, double percent, int atSecond = 0)
{
    Event e = ev(job, EventType::JobProgress, atSecond);
    e.progress = percent;
    return e;
}

Event step(const QString &job, EventType type, int index, const QString &name, int total = 0,
    std::optional<double> duration = {})
{
    Event e = ev(job, type);
    e.step = StepRef { index, name, total };
    e.duration = duration;
    return e;
}

QList<int> sorted(QList<int> roles)
{
    std::sort(roles.begin(), roles.end());
    return roles;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    int m_db = 0;

    void submit(QList<Event> events) { QVERIFY(testing::commit(*m_store, std::move(events))); }
    // Store::committed is delivered before the submit callback: after submit() the models
    // have seen the commit (the job list applies it on its next frame).
    static QList<int> rolesOf(const QSignalSpy &spy, int i)
    {
        return spy.at(i).at(2).value<QList<int>>();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_store = std::make_unique<Store>();
        QString error;
        QVERIFY2(
            m_store->open(m_dir.filePath(u"jp%1.db"_s.arg(++m_db)), Durability::Normal, &error),
            qPrintable(error));
    }
    void cleanup() { m_store.reset(); }

    void initialRowsNewestFirst()
    {
        // Separate commits: the creation order across commits is what "newest" means.
        submit({ ev(u"a"_s, EventType::JobStarted) });
        submit({ ev(u"b"_s, EventType::JobQueued) });
        submit({ ev(u"c"_s, EventType::JobStarted) });
        JobListModel model;
        model.setStore(m_store.get());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowCount(model.index(0)), 0);
        QCOMPARE(model.data(model.index(0), JobListModel::KeyRole).toString(), u"c"_s);
        QCOMPARE(model.data(model.index(2), JobListModel::KeyRole).toString(), u"a"_s);
        QCOMPARE(model.data(model.index(1), JobListModel::StatusRole).toString(), u"queued"_s);
        QCOMPARE(model.property("count").toInt(), 3);
    }

    void newJobInsertsAtTop()
    {
        submit({ ev(u"old"_s, EventType::JobStarted) });
        JobListModel model;
        model.setStore(m_store.get());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy count(&model, &JobListModel::countChanged);
        Event e = ev(u"new"_s, EventType::JobStarted);
        e.title = u"Fresh render"_s;
        submit({ e });
        QTRY_COMPARE(inserted.count(), 1); // within a frame, without an explicit flush
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 0);
        QCOMPARE(count.count(), 1);
        QCOMPARE(model.data(model.index(0), JobListModel::TitleRole).toString(), u"Fresh render"_s);
        QCOMPARE(model.data(model.index(1), JobListModel::KeyRole).toString(), u"old"_s);
    }

    void onlyChangedRoles_data()
    {
        QTest::addColumn<Event>("event");
        QTest::addColumn<QList<int>>("roles");
        using M = JobListModel;
        Event title = ev(u"j"_s, EventType::JobProgress);
        title.title = u"Render v2"_s;
        Event state = ev(u"j"_s, EventType::JobProgress);
        state.state = u"rendering"_s;
        Event failed = ev(u"j"_s, EventType::JobFailed, 5);
        failed.message = u"OCR model missing\nat line 3"_s;

        QTest::addRow("progress") << progress(u"j"_s, 40) << QList<int> { M::ProgressRole };
        QTest::addRow("title") << title << QList<int> { Qt::DisplayRole, M::TitleRole };
        QTest::addRow("state") << state << QList<int> { M::StateRole };
        QTest::addRow("step") << step(u"j"_s, EventType::StepStarted, 3, u"Asset Preparation"_s)
                              << QList<int> { M::StepIndexRole, M::StepNameRole };
        QTest::addRow("failed") << failed
                                << QList<int> { M::StatusRole, M::ElapsedRole, M::ErrorRole,
                                       M::UpdatedAtRole };
    }

    void onlyChangedRoles()
    {
        QFETCH(Event, event);
        QFETCH(QList<int>, roles);
        Event start = ev(u"j"_s, EventType::JobStarted);
        start.title = u"Render"_s;
        start.steps = 7;
        submit({ start, progress(u"j"_s, 10), ev(u"other"_s, EventType::JobStarted) });
        JobListModel model;
        model.setStore(m_store.get());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        submit({ event });
        QTRY_COMPARE(changed.count(), 1);
        const QModelIndex row = model.index(model.rowOf(u"j"_s));
        QCOMPARE(changed.at(0).at(0).toModelIndex(), row);
        QCOMPARE(changed.at(0).at(1).toModelIndex(), row);
        QCOMPARE(sorted(rolesOf(changed, 0)), sorted(roles));
        QTest::qWait(50);
        QCOMPARE(changed.count(), 1);
    }

    void progressRoleValue()
    {
        submit({ ev(u"j"_s, EventType::JobStarted), progress(u"j"_s, 64) });
        JobListModel model;
        model.setStore(m_store.get());
        QCOMPARE(model.data(model.index(0), JobListModel::ProgressRole).toDouble(), 0.64);
        QCOMPARE(model.data(model.index(0), JobListModel::ProgressKnownRole).toBool(), true);
    }

    void quickUpdatesCoalesce_data()
    {
        QTest::addColumn<bool>("oneBatch");
        QTest::addRow("one commit") << true;
        QTest::addRow("five commits in a frame") << false;
    }

    void quickUpdatesCoalesce()
    {
        QFETCH(bool, oneBatch);
        submit({ ev(u"j"_s, EventType::JobStarted) });
        JobListModel model;
        model.setStore(m_store.get());
        model.setFrameInterval(60000); // the frame ends when the test says so
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QList<Event> updates;
        for (int p = 10; p <= 50; p += 10) {
            updates.append(progress(u"j"_s, p));
        }
        if (oneBatch) {
            submit(updates);
        } else {
            for (const Event &e : std::as_const(updates)) {
                submit({ e });
            }
        }
        QCOMPARE(changed.count(), 0);
        model.flush();
        QCOMPARE(changed.count(), 1);
        QVERIFY(rolesOf(changed, 0).contains(JobListModel::ProgressRole));
        QCOMPARE(model.data(model.index(0), JobListModel::ProgressRole).toDouble(), 0.5);
    }

    void elapsedTicksForRunningRowsOnly()
    {
        submit({ ev(u"run"_s, EventType::JobStarted), ev(u"done"_s, EventType::JobStarted),
            ev(u"done"_s, EventType::JobSucceeded, 3) });
        JobListModel model;
        QDateTime now = T0.addSecs(10);
        model.setClock([&now] { return now; });
        model.setStore(m_store.get());
        const QModelIndex run = model.index(model.rowOf(u"run"_s));
        QCOMPARE(model.data(run, JobListModel::ElapsedRole).toDouble(), 10.0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        now = now.addSecs(1);
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 2500);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), run);
        QCOMPARE(changed.at(0).at(1).toModelIndex(), run);
        QCOMPARE(rolesOf(changed, 0), QList<int> { JobListModel::ElapsedRole });
        QCOMPARE(model.data(run, JobListModel::ElapsedRole).toDouble(), 11.0);
    }

    void stepsFollowSelection()
    {
        Dashboard dashboard(m_store.get());
        StepListModel *steps = dashboard.steps();
        QAbstractItemModelTester tester(
            steps, QAbstractItemModelTester::FailureReportingMode::QtTest);
        submit({ step(u"a"_s, EventType::StepSucceeded, 1, u"Extract"_s, 3, 2.0),
            step(u"b"_s, EventType::StepStarted, 1, u"Other"_s) });
        dashboard.select(u"a"_s);
        QCOMPARE(dashboard.selectedKey(), u"a"_s);
        QCOMPARE(dashboard.selected()->key(), u"a"_s);
        QVERIFY(dashboard.selected()->isValid());
        // Step 1 of 3 reported: steps 2 and 3 are listed as still to come.
        QCOMPARE(steps->rowCount(), 3);
        QCOMPARE(steps->data(steps->index(0), StepListModel::UpcomingRole).toBool(), false);
        for (int row : { 1, 2 }) {
            QCOMPARE(steps->data(steps->index(row), StepListModel::UpcomingRole).toBool(), true);
            QCOMPARE(steps->data(steps->index(row), StepListModel::IndexRole).toInt(), row + 1);
            QCOMPARE(
                steps->data(steps->index(row), StepListModel::StatusRole).toString(), u"pending"_s);
        }
        QSignalSpy inserted(steps, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(steps, &QAbstractItemModel::dataChanged);

        submit({ step(u"a"_s, EventType::StepStarted, 3, u"Render"_s),
            step(u"b"_s, EventType::StepStarted, 2, u"Nope"_s) });
        QCOMPARE(inserted.count(), 1); // step 3; nothing is ahead of it any more
        QCOMPARE(steps->rowCount(), 2);
        QCOMPARE(steps->data(steps->index(1), StepListModel::NameRole).toString(), u"Render"_s);
        QCOMPARE(steps->data(steps->index(1), StepListModel::StatusRole).toString(), u"running"_s);

        submit({ step(u"a"_s, EventType::StepStarted, 2, u"Script"_s) }); // lands between 1 and 3
        QCOMPARE(steps->data(steps->index(1), StepListModel::IndexRole).toInt(), 2);

        changed.clear();
        submit({ step(u"a"_s, EventType::StepSucceeded, 3, {}, 0, 4.0) });
        QVERIFY(!changed.isEmpty());
        QVERIFY(rolesOf(changed, 0).contains(StepListModel::StatusRole));
        QVERIFY(rolesOf(changed, 0).contains(StepListModel::DurationRole));
        QCOMPARE(steps->data(steps->index(2), StepListModel::FractionRole).toDouble(), 1.0);
        QCOMPARE(steps->data(steps->index(0), StepListModel::FractionRole).toDouble(), 0.5);

        dashboard.select(u"b"_s);
        QCOMPARE(steps->rowCount(), 2);
        QCOMPARE(steps->data(steps->index(1), StepListModel::NameRole).toString(), u"Nope"_s);
        dashboard.select(QString());
        QCOMPARE(steps->rowCount(), 0);
    }

    // The steps still to come of a job that does not say how many it has: the kind's newest
    // successful run names them; greyed ("upcoming") until reached, gone once it succeeds.
    void upcomingStepsFromTheKindsLastRun()
    {
        Event start = ev(u"plan-1"_s, EventType::JobStarted);
        start.kind = u"encode"_s;
        submit({ start, step(u"plan-1"_s, EventType::StepSucceeded, 1, u"Probe"_s, 0, 1.0),
            step(u"plan-1"_s, EventType::StepSucceeded, 2, u"Transcode"_s, 0, 5.0),
            step(u"plan-1"_s, EventType::StepSucceeded, 3, u"Upload"_s, 0, 2.0),
            ev(u"plan-1"_s, EventType::JobSucceeded, 8) });
        Event next = ev(u"plan-2"_s, EventType::JobStarted);
        next.kind = u"encode"_s;
        submit({ next, step(u"plan-2"_s, EventType::StepStarted, 1, u"Probe"_s) });

        Dashboard dashboard(m_store.get());
        StepListModel *steps = dashboard.steps();
        QAbstractItemModelTester tester(
            steps, QAbstractItemModelTester::FailureReportingMode::QtTest);
        dashboard.select(u"plan-2"_s);
        const auto names = [steps] {
            QStringList shown;
            for (int row = 0; row < steps->rowCount(); ++row) {
                const QModelIndex i = steps->index(row);
                shown << steps->data(i, StepListModel::NameRole).toString()
                        + (steps->data(i, StepListModel::UpcomingRole).toBool() ? u" (upcoming)"_s
                                                                                : QString());
            }
            return shown;
        };
        QCOMPARE(names(),
            QStringList({ u"Probe"_s, u"Transcode (upcoming)"_s, u"Upload (upcoming)"_s }));
        submit({ step(u"plan-2"_s, EventType::StepStarted, 2, u"Transcode"_s) });
        QCOMPARE(names(), QStringList({ u"Probe"_s, u"Transcode"_s, u"Upload (upcoming)"_s }));
        // It ends well at step 2: there was nothing more to come.
        submit({ ev(u"plan-2"_s, EventType::JobSucceeded, 4) });
        QCOMPARE(names(), QStringList({ u"Probe"_s, u"Transcode"_s }));
        // The view of a job of the same kind sent with its own total follows that total.
        Event sized = ev(u"plan-3"_s, EventType::JobStarted);
        sized.kind = u"encode"_s;
        sized.steps = 5;
        submit({ sized });
        dashboard.select(u"plan-3"_s);
        QCOMPARE(steps->rowCount(), 5);
        QCOMPARE(steps->data(steps->index(4), StepListModel::IndexRole).toInt(), 5);
    }

    // PRODUCT.md §2: the ETA from the kind's last successful runs, never with fewer than 3.
    void etaFromKindHistory()
    {
        const auto run = [this](const QString &key, QList<double> seconds, bool finish) {
            Event start = ev(key, EventType::JobStarted);
            start.kind = u"render"_s;
            QList<Event> events { start };
            for (int i = 0; i < seconds.size(); ++i) {
                events.append(step(key, EventType::StepSucceeded, i + 1, u"s"_s, 3, seconds.at(i)));
            }
            if (finish) {
                events.append(ev(key, EventType::JobSucceeded, 60));
            }
            submit(events);
        };
        run(u"r1"_s, { 10, 20, 30 }, true);
        run(u"r2"_s, { 12, 40, 30 }, true);
        Event other = ev(u"nokind"_s, EventType::JobStarted);
        submit({ other });
        run(u"live"_s, { 11 }, false);
        Event second = step(u"live"_s, EventType::StepStarted, 2, u"render"_s, 3);
        second.time = T0.addSecs(100);
        submit({ second });

        Dashboard dashboard(m_store.get());
        QDateTime now = T0.addSecs(110); // step 2 has run 10 s
        dashboard.setClock([&now] { return now; });
        JobListModel *jobs = dashboard.jobs();
        QAbstractItemModelTester tester(
            jobs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto etaOf = [jobs](const QString &key) {
            return jobs->data(jobs->index(jobs->rowOf(key)), JobListModel::EtaRole).toDouble();
        };
        QCOMPARE(etaOf(u"live"_s), -1.0); // two runs are not history enough
        QCOMPARE(etaOf(u"nokind"_s), -1.0);
        QCOMPARE(etaOf(u"r1"_s), -1.0);
        QCOMPARE(dashboard.histories()->cached(), 1); // read once, then kept
        dashboard.select(u"live"_s);
        QCOMPARE(dashboard.selected()->eta(), -1.0);
        StepListModel *steps = dashboard.steps();
        QCOMPARE(steps->data(steps->index(0), StepListModel::MedianRole).toDouble(), -1.0);

        // The third run: the history is read again and the ETA appears.
        QSignalSpy historyChanged(dashboard.histories(), &KindHistories::changed);
        QSignalSpy etaChanged(dashboard.selected(), &SelectedJob::etaChanged);
        run(u"r3"_s, { 14, 30, 50 }, true);
        QCOMPARE(historyChanged.count(), 1);
        QCOMPARE(historyChanged.at(0).at(0).toString(), u"render"_s);
        // Medians: step 2 30 s (10 s of it spent), step 3 30 s.
        QCOMPARE(etaOf(u"live"_s), 50.0);
        QCOMPARE(dashboard.selected()->eta(), 50.0);
        QVERIFY(dashboard.selected()->statusLine().endsWith(u" \u00B7 \u2248 50s left"_s));
        QVERIFY(etaChanged.count() >= 1);
        QCOMPARE(steps->data(steps->index(0), StepListModel::MedianRole).toDouble(), 12.0);
        QCOMPARE(steps->data(steps->index(1), StepListModel::MedianRole).toDouble(), 30.0);
        // Bars and ticks share one scale: the slowest median (30 s) beats the slowest step.
        QCOMPARE(steps->data(steps->index(0), StepListModel::FractionRole).toDouble(), 11.0 / 30);
        QCOMPARE(
            steps->data(steps->index(0), StepListModel::MedianFractionRole).toDouble(), 12.0 / 30);

        // Time passes: the list signals the ETA with the elapsed time, the detail follows.
        QSignalSpy changed(jobs, &QAbstractItemModel::dataChanged);
        now = now.addSecs(5);
        QTRY_COMPARE_WITH_TIMEOUT(dashboard.selected()->eta(), 45.0, 2500);
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 2500);
        QVERIFY(rolesOf(changed, 0).contains(JobListModel::EtaRole));
        QCOMPARE(etaOf(u"live"_s), 45.0);
        now = now.addSecs(60); // step 2 overran: it counts as due now, step 3 is still ahead
        QCOMPARE(etaOf(u"live"_s), 30.0);

        // Finished: no ETA.
        submit({ ev(u"live"_s, EventType::JobSucceeded, 200) });
        QTRY_COMPARE(
            jobs->data(jobs->index(jobs->rowOf(u"live"_s)), JobListModel::StatusRole).toString(),
            u"succeeded"_s);
        QCOMPARE(etaOf(u"live"_s), -1.0);
        QCOMPARE(dashboard.selected()->eta(), -1.0);
    }

    // The list keeps the steps of running jobs that arrive after it was loaded.
    void etaOfJobStartedLater()
    {
        for (const QString &key : { u"a"_s, u"b"_s, u"c"_s }) {
            Event start = ev(key, EventType::JobStarted);
            start.kind = u"k"_s;
            submit({ start, step(key, EventType::StepSucceeded, 1, u"x"_s, 2, 4.0),
                step(key, EventType::StepSucceeded, 2, u"y"_s, 2, 6.0),
                ev(key, EventType::JobSucceeded, 10) });
        }
        Dashboard dashboard(m_store.get());
        dashboard.setClock([] { return T0.addSecs(30); });
        JobListModel *jobs = dashboard.jobs();
        Event start = ev(u"new"_s, EventType::JobStarted, 20);
        start.kind = u"k"_s;
        submit({ start });
        QTRY_COMPARE(jobs->rowOf(u"new"_s), 0);
        QCOMPARE(jobs->data(jobs->index(0), JobListModel::EtaRole).toDouble(), 10.0);
        QSignalSpy changed(jobs, &QAbstractItemModel::dataChanged);
        submit({ step(u"new"_s, EventType::StepSucceeded, 1, u"x"_s, 2, 3.0) });
        QTRY_VERIFY(!changed.isEmpty());
        QVERIFY(rolesOf(changed, 0).contains(JobListModel::EtaRole)); // a step ended
        QCOMPARE(jobs->data(jobs->index(0), JobListModel::EtaRole).toDouble(), 6.0);
        changed.clear();
        submit({ progress(u"new"_s, 70, 25) }); // progress alone does not move an ETA
        const auto progressSignal = [&changed] {
            for (int i = 0; i < changed.count(); ++i) {
                if (rolesOf(changed, i).contains(JobListModel::ProgressRole)) {
                    return i;
                }
            }
            return -1;
        };
        QTRY_VERIFY(progressSignal() >= 0);
        QVERIFY(!rolesOf(changed, progressSignal()).contains(JobListModel::EtaRole));
    }

    void detailsText()
    {
        QJsonObject details { { u"fps"_s, 24 }, { u"codec"_s, u"h264"_s } };
        QCOMPARE(StepListModel::detailsText(details), u"codec: h264, fps: 24"_s);
    }

    void headerCounts()
    {
        Dashboard dashboard(m_store.get());
        QSignalSpy counts(&dashboard, &Dashboard::countsChanged);
        submit({ ev(u"r"_s, EventType::JobStarted), ev(u"q"_s, EventType::JobQueued),
            ev(u"f"_s, EventType::JobStarted), ev(u"f"_s, EventType::JobFailed) });
        QTRY_COMPARE(dashboard.jobCount(), 3);
        QCOMPARE(dashboard.runningCount(), 1);
        QCOMPARE(dashboard.queuedCount(), 1);
        QCOMPARE(dashboard.failedCount(), 1);
        QVERIFY(counts.count() >= 1);
    }

    void instanceLabelTellsWindowsApart()
    {
        // Two Jobpulse windows on other databases or ports must be told apart (title, tray).
        const QString home = u"/home/me/.local/share/jobpulse/jobpulse.db"_s;
        QCOMPARE(Dashboard::instanceLabelFor(home, home, 7788, 7788), QString());
        QCOMPARE(Dashboard::instanceLabelFor(u"/tmp/work.db"_s, home, 7788, 7788), u"work.db"_s);
        QCOMPARE(Dashboard::instanceLabelFor(home, home, 7790, 7788), u":7790"_s);
        QCOMPARE(Dashboard::instanceLabelFor(u"/tmp/work.db"_s, home, 7790, 7788),
            u"work.db \u00B7 :7790"_s);
        Dashboard dashboard(nullptr);
        QCOMPARE(dashboard.instanceLabel(), QString());
    }

    void sendExampleRunsAsStarted()
    {
        // The first-run `jobpulse send` line must work when pasted: a build tree's binary is
        // not on PATH, so the line names it by its absolute path (quoted when it must be).
        QTemporaryDir dir;
        const QString tree = dir.filePath(u"build dir/app"_s);
        QVERIFY(QDir().mkpath(tree));
        const QString binary = tree + u"/jobpulse"_s;
        QFile file(binary);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\n");
        file.close();
        QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeOwner));
        Onboarding onboarding;
        QVERIFY(onboarding.sendExample().startsWith(u"jobpulse send --url "_s));
        onboarding.setProgram(binary);
        QVERIFY2(onboarding.sendExample().startsWith(u"'%1' send --url "_s.arg(binary)),
            qPrintable(onboarding.sendExample()));
        QCOMPARE(Onboarding::commandFor(u"/opt/jp/bin/jobpulse"_s), u"/opt/jp/bin/jobpulse"_s);
        // Installed (PATH finds this very file): its name is enough.
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", QFile::encodeName(tree) + ':' + path);
        onboarding.setProgram(binary);
        qputenv("PATH", path);
        QVERIFY2(onboarding.sendExample().startsWith(u"jobpulse send --url "_s),
            qPrintable(onboarding.sendExample()));
    }

    void receiverUrlInCurlExample()
    {
        Dashboard dashboard(nullptr);
        Onboarding *onboarding = dashboard.onboarding();
        QVERIFY(!onboarding->receiverOnline());
        QVERIFY(onboarding->curlExample().endsWith(u" http://127.0.0.1:7788/v1/events"_s));
        dashboard.setReceiverUrl(u"http://127.0.0.1:4567/"_s);
        QVERIFY(onboarding->receiverOnline());
        QVERIFY(onboarding->curlExample().endsWith(u" http://127.0.0.1:4567/v1/events"_s));
        QVERIFY(onboarding->sendExample().startsWith(
            u"jobpulse send --url http://127.0.0.1:4567 --job hello --type job.started"_s));
        // "Run demo" starts the app's demo feeder, once; without one there is no button.
        QVERIFY(!onboarding->canRunDemo());
        int started = 0;
        dashboard.setDemoStarter([&started] { ++started; });
        QVERIFY(onboarding->canRunDemo());
        QSignalSpy changed(onboarding, &Onboarding::canRunDemoChanged);
        onboarding->runDemo();
        onboarding->runDemo();
        QCOMPARE(started, 1);
        QVERIFY(!onboarding->canRunDemo());
        QCOMPARE(changed.count(), 1);
        QVERIFY(onboarding->curlExample().contains(
            u"-d '{\"job\":\"hello\",\"type\":\"job.started\"}'"_s));
    }

    void filterByStatusAndSearch_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("keys"); // newest first
        QTest::addRow("all") << QString() << QString()
                             << QStringList { u"ocr-7"_s, u"deploy-api"_s, u"render-42"_s };
        QTest::addRow("running") << u"running"_s << QString() << QStringList { u"render-42"_s };
        QTest::addRow("failed") << u"failed"_s << QString() << QStringList { u"ocr-7"_s };
        QTest::addRow("queued") << u"queued"_s << QString() << QStringList { u"deploy-api"_s };
        QTest::addRow("key substring") << QString() << u"API"_s << QStringList { u"deploy-api"_s };
        QTest::addRow("title substring")
            << QString() << u"netflix"_s << QStringList { u"render-42"_s };
        QTest::addRow("kind substring") << QString() << u"caption"_s << QStringList { u"ocr-7"_s };
        QTest::addRow("search trims") << QString() << u"  ocr "_s << QStringList { u"ocr-7"_s };
        QTest::addRow("status and search") << u"running"_s << u"ocr"_s << QStringList {};
        QTest::addRow("no match") << QString() << u"nope"_s << QStringList {};
    }

    void filterByStatusAndSearch()
    {
        QFETCH(QString, status);
        QFETCH(QString, search);
        QFETCH(QStringList, keys);
        Event render = ev(u"render-42"_s, EventType::JobStarted);
        render.title = u"Horror \u00B7 Netflix US"_s;
        render.kind = u"video"_s;
        Event deploy = ev(u"deploy-api"_s, EventType::JobQueued);
        Event ocr = ev(u"ocr-7"_s, EventType::JobStarted);
        ocr.kind = u"caption_ocr"_s;
        submit({ render });
        submit({ deploy });
        submit({ ocr, ev(u"ocr-7"_s, EventType::JobFailed, 2) });

        Dashboard dashboard(m_store.get());
        JobFilterModel *filter = dashboard.visibleJobs();
        QAbstractItemModelTester tester(
            filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy count(filter, &JobFilterModel::countChanged);
        filter->setStatus(status);
        filter->setSearch(search);
        QStringList shown;
        for (int row = 0; row < filter->rowCount(); ++row) {
            shown.append(filter->keyAt(row));
        }
        QCOMPARE(shown, keys);
        QCOMPARE(filter->count(), keys.size());
        QCOMPARE(filter->filtering(), !status.isEmpty() || !search.isEmpty());
        QCOMPARE(count.isEmpty(), keys.size() == 3);
        for (const QString &key : keys) {
            QCOMPARE(filter->keyAt(filter->rowOf(key)), key);
        }
        QCOMPARE(filter->rowOf(u"missing"_s), -1);
    }

    void filterFollowsLiveChanges()
    {
        submit({ ev(u"a"_s, EventType::JobStarted) });
        submit({ ev(u"b"_s, EventType::JobStarted) });
        Dashboard dashboard(m_store.get());
        JobFilterModel *filter = dashboard.visibleJobs();
        QAbstractItemModelTester tester(
            filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter->setStatus(u"running"_s);
        QCOMPARE(filter->count(), 2);

        // A running job that fails leaves the "running" list and joins the "failed" one.
        submit({ ev(u"a"_s, EventType::JobFailed, 3) });
        dashboard.jobs()->flush();
        QCOMPARE(filter->count(), 1);
        QCOMPARE(filter->keyAt(0), u"b"_s);
        QCOMPARE(filter->rowOf(u"a"_s), -1);

        // A new job that matches appears on top; one that does not stays out.
        Event c = ev(u"c"_s, EventType::JobStarted);
        c.title = u"Camera import"_s;
        submit({ c, ev(u"d"_s, EventType::JobQueued) });
        dashboard.jobs()->flush();
        QCOMPARE(filter->count(), 2);
        QCOMPARE(filter->keyAt(0), u"c"_s);

        filter->setSearch(u"camera"_s);
        QCOMPARE(filter->count(), 1);
        filter->setStatus(QString());
        filter->setSearch(QString());
        QCOMPARE(filter->count(), 4);
        QVERIFY(!filter->filtering());
        // Roles pass through from the job list.
        QCOMPARE(filter->data(filter->index(filter->rowOf(u"a"_s), 0), JobListModel::StatusRole)
                     .toString(),
            u"failed"_s);
    }

    void liveFiltersKindSourceOrderAndLogSearch();
    void detailCopiesJsonAndOpensOnlyWebLinks();
    void detailStatusLine_data();
    void detailStatusLine();
    void detailStatusLineTicksWhileRunning();
    void trendOfTheSelectedKind();

    void themeOverride_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("theme");
        QTest::addRow("unset") << QString() << QString();
        QTest::addRow("light") << u"light"_s << u"light"_s;
        QTest::addRow("dark, any case") << u" Dark"_s << u"dark"_s;
        QTest::addRow("unknown follows the system") << u"sepia"_s << QString();
    }

    void themeOverride()
    {
        QFETCH(QString, value);
        QFETCH(QString, theme);
        QCOMPARE(Dashboard::parseThemeOverride(value), theme);
        qputenv("JOBPULSE_THEME", value.toUtf8());
        Dashboard dashboard(nullptr);
        QCOMPARE(dashboard.themeOverride(), theme);
        qunsetenv("JOBPULSE_THEME");
    }

    void modelsStayConsistentWhileEventsStream()
    {
        submit({ ev(u"job-0"_s, EventType::JobStarted) });
        Dashboard dashboard(m_store.get());
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        QAbstractItemModelTester jobs(dashboard.jobs(), mode);
        QAbstractItemModelTester steps(dashboard.steps(), mode);
        QAbstractItemModelTester log(dashboard.log(), mode);
        dashboard.select(u"job-3"_s);
        for (int round = 0; round < 20; ++round) {
            QList<Event> batch;
            for (int j = 0; j < 8; ++j) {
                const QString key = u"job-%1"_s.arg(j);
                batch.append(round == 0 ? ev(key, EventType::JobStarted)
                                        : step(key, EventType::StepStarted, round, u"Step"_s, 20));
                batch.append(progress(key, round * 4.5));
            }
            submit(batch);
            if (round == 10) {
                dashboard.select(u"job-5"_s);
            }
            if (round % 3 == 0) {
                QTest::qWait(20); // let some frames flush
            }
        }
        QTRY_COMPARE(dashboard.jobs()->rowCount(), 8);
        StepListModel *steps5 = dashboard.steps();
        QCOMPARE(steps5->rowCount(), 20); // 19 reached, step 20 of 20 still to come
        QVERIFY(steps5->data(steps5->index(19), StepListModel::UpcomingRole).toBool());
        QVERIFY(!steps5->data(steps5->index(18), StepListModel::UpcomingRole).toBool());
        QVERIFY(dashboard.log()->rowCount() > 0);
        QCOMPARE(dashboard.runningCount(), 8);
    }

    // A log chunk (many lines in one event, as `run` sends them) reads line by line, live and
    // when the job is opened again; the event list beside the log shows the other events.
    void logShowsAChunkLineByLine()
    {
        submit({ ev(u"chunky"_s, EventType::JobStarted) });
        Dashboard dashboard(m_store.get());
        QAbstractItemModelTester tester(
            dashboard.logLines(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dashboard.select(u"chunky"_s);
        LogLinesModel *log = dashboard.logLines();
        QTRY_VERIFY(!log->opening());
        Event chunk = ev(u"chunky"_s, EventType::Log, 1);
        chunk.lines = { { u"alpha"_s, {}, {} }, { u"beta"_s, u"stderr"_s, {} },
            { u"gamma"_s, {}, {} } };
        submit({ chunk });
        const auto texts = [log] {
            QStringList texts;
            for (int row = 0; row < log->rowCount(); ++row) {
                texts << log->data(log->index(row), LogLinesModel::TextRole).toString();
            }
            return texts;
        };
        QTRY_COMPARE(log->rowCount(), 3);
        QCOMPARE(texts(), (QStringList { u"alpha"_s, u"beta"_s, u"gamma"_s }));
        QCOMPARE(log->data(log->index(1), LogLinesModel::StreamRole).toString(), u"stderr"_s);
        QCOMPARE(dashboard.log()->rowCount(), 1); // job.started, not the lines
        submit({ ev(u"other"_s, EventType::JobStarted) });
        dashboard.select(u"other"_s);
        dashboard.select(u"chunky"_s);
        QTRY_VERIFY(!log->opening());
        QCOMPARE(texts(), (QStringList { u"alpha"_s, u"beta"_s, u"gamma"_s }));
    }
};

void TestModels::liveFiltersKindSourceOrderAndLogSearch()
{
    Event a = ev(u"a"_s, EventType::JobStarted, 1);
    a.kind = u"render"_s;
    a.origin = u"prefect"_s;
    a.title = u"Zebra"_s;
    Event b = ev(u"b"_s, EventType::JobStarted, 2);
    b.kind = u"etl"_s;
    b.origin = u"ci-redis"_s;
    b.title = u"apple"_s;
    Event c = ev(u"c"_s, EventType::JobQueued, 3);
    c.kind = u"render"_s;
    c.origin = u"ci-redis"_s;
    c.title = u"Mango"_s;
    submit({ a });
    submit({ b });
    submit({ c });
    Dashboard dashboard(m_store.get());
    JobFilterModel *filter = dashboard.visibleJobs();
    QAbstractItemModelTester tester(filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto shown = [filter] {
        QStringList keys;
        for (int row = 0; row < filter->rowCount(); ++row) {
            keys << filter->keyAt(row);
        }
        return keys;
    };
    // The list offers the kinds and sources its jobs have.
    QCOMPARE(dashboard.jobs()->kinds(), (QStringList { u"etl"_s, u"render"_s }));
    QCOMPARE(dashboard.jobs()->sources(), (QStringList { u"ci-redis"_s, u"prefect"_s }));

    filter->setKind(u"render"_s);
    QCOMPARE(shown(), (QStringList { u"c"_s, u"a"_s }));
    filter->setSource(u"ci-redis"_s);
    QCOMPARE(shown(), QStringList { u"c"_s });
    QVERIFY(filter->filtering());
    filter->clearFilters();
    QVERIFY(!filter->filtering());
    QCOMPARE(shown(), (QStringList { u"c"_s, u"b"_s, u"a"_s }));

    filter->setOrder(u"name"_s);
    QCOMPARE(shown(), (QStringList { u"b"_s, u"c"_s, u"a"_s })); // apple, Mango, Zebra
    // By progress (or last update) rows move once a second, not on every update.
    filter->setResortInterval(3600 * 1000);
    filter->setOrder(u"progress"_s);
    const QStringList before = shown();
    submit({ progress(u"a"_s, 80, 4), progress(u"b"_s, 30, 4) });
    dashboard.jobs()->flush();
    QCOMPARE(shown(), before);
    filter->resort();
    QCOMPARE(shown(), (QStringList { u"a"_s, u"b"_s, u"c"_s })); // furthest first
    filter->setOrder(u"status"_s);
    submit({ ev(u"b"_s, EventType::JobFailed, 5) });
    dashboard.jobs()->flush();
    QCOMPARE(shown(), (QStringList { u"b"_s, u"a"_s, u"c"_s })); // failed, running, queued
    filter->setOrder(u"updated"_s);
    QCOMPARE(shown().first(), u"b"_s);
    filter->setResortInterval(50); // and by itself, a moment later
    submit({ progress(u"c"_s, 10, 9) });
    dashboard.jobs()->flush();
    QTRY_COMPARE(shown().first(), u"c"_s);
    filter->setOrder(u"bogus"_s); // unknown: newest first
    QCOMPARE(filter->order(), u"newest"_s);
    QCOMPARE(shown(), (QStringList { u"c"_s, u"b"_s, u"a"_s }));

    // The search finds a job by a log line through the store's full-text index, shortly
    // after typing stops, and a job whose log says so later while the search stays.
    Event line = ev(u"a"_s, EventType::Log, 6);
    line.message = u"GPU memory exhausted"_s;
    submit({ line });
    filter->setSearch(u"exhausted"_s);
    QTRY_COMPARE(shown(), QStringList { u"a"_s });
    Event later = ev(u"c"_s, EventType::Log, 7);
    later.message = u"retrying after exhausted quota"_s;
    submit({ later });
    QTRY_COMPARE(shown(), (QStringList { u"c"_s, u"a"_s }));
}

void TestModels::detailCopiesJsonAndOpensOnlyWebLinks()
{
    Event e = ev(u"deploy-9"_s, EventType::JobStarted);
    e.url = u"https://ci.example.invalid/runs/9"_s;
    Event line = ev(u"deploy-9"_s, EventType::Log, 1);
    line.message = u"pushing image"_s;
    submit({ e, line });
    Dashboard dashboard(m_store.get());
    SelectedJob *selected = dashboard.selected();
    QCOMPARE(selected->toJson(), QString()); // nothing selected
    dashboard.select(u"deploy-9"_s);
    QVERIFY(selected->hasOpenableUrl());
    // "Copy JSON" copies what `jobpulse show --json` prints: the job, its steps, its log.
    const QJsonObject copied = QJsonDocument::fromJson(selected->toJson().toUtf8()).object();
    QCOMPARE(copied[u"job"_s][u"key"_s].toString(), u"deploy-9"_s);
    QCOMPARE(copied[u"job"_s][u"url"_s].toString(), e.url);
    QCOMPARE(copied[u"log"_s].toArray().last()[u"message"_s].toString(), u"pushing image"_s);
    QVERIFY(copied.contains(u"steps"_s));
    // Only web links open: a sender's file:, javascript: or relative link does not.
    QVERIFY(SelectedJob::isOpenableUrl(u"http://127.0.0.1:8080/job/1"_s));
    for (const QString &url : { u"file:///etc/passwd"_s, u"javascript:alert(1)"_s, u"/runs/9"_s,
             u"ftp://host/x"_s, u""_s, u"https://"_s }) {
        QVERIFY2(!SelectedJob::isOpenableUrl(url), qPrintable(url));
    }
}

// The detail's status line (once written in JobDetail.qml): glyph and word, sub-state, since
// when, how long, ETA. Times are local, as Format::clockTime writes them.
void TestModels::detailStatusLine_data()
{
    QTest::addColumn<QList<Event>>("events");
    QTest::addColumn<QString>("line");
    const QString ten = Format::clockTime(T0);
    Event queued = ev(u"j"_s, EventType::JobQueued);
    // Only a started job counts how long: a queued one says since when it waits.
    QTest::addRow("queued") << QList<Event> { queued }
                            << u"\u25F7 queued \u00B7 waiting since %1"_s.arg(ten);
    Event started = ev(u"j"_s, EventType::JobStarted);
    QTest::addRow("running") << QList<Event> { started }
                             << u"\u25B6 running \u00B7 started %1 \u00B7 for 1m 12s"_s.arg(ten);
    Event rendering = started;
    rendering.state = u"Rendering"_s;
    QTest::addRow("sub-state") << QList<Event> {
        rendering
    } << u"\u25B6 running \u00B7 rendering \u00B7 started %1 \u00B7 for 1m 12s"_s.arg(ten);
    QTest::addRow("succeeded") << QList<Event> { started, ev(u"j"_s, EventType::JobSucceeded, 3) }
                               << u"\u2714 succeeded \u00B7 started %1 \u00B7 took 3.0s"_s.arg(ten);
    Event failed = ev(u"j"_s, EventType::JobFailed, 42);
    failed.message = u"OCR model missing"_s;
    QTest::addRow("failed") << QList<Event> { started, failed }
                            << u"\u2716 failed \u00B7 started %1 \u00B7 took 42s"_s.arg(ten);
    Event approval = queued;
    approval.state = u"pending"_s;
    QTest::addRow("queued, sub-state")
        << QList<Event> { approval }
        << u"\u25F7 queued \u00B7 pending \u00B7 waiting since %1"_s.arg(ten);
}

void TestModels::detailStatusLine()
{
    QFETCH(QList<Event>, events);
    QFETCH(QString, line);
    submit(events);
    Dashboard dashboard(m_store.get());
    dashboard.setClock([] { return T0.addSecs(72); });
    SelectedJob *selected = dashboard.selected();
    QCOMPARE(selected->statusLine(), QString());
    dashboard.select(u"j"_s);
    QCOMPARE(selected->statusLine(), line);
    QCOMPARE(int(selected->status()), int(m_store->jobSnapshot(u"j"_s)->status));
    dashboard.select(QString());
    QVERIFY(!selected->isValid());
    QCOMPARE(selected->statusLine(), QString());
}

void TestModels::detailStatusLineTicksWhileRunning()
{
    Event start = ev(u"j"_s, EventType::JobStarted);
    start.title = u"Render"_s;
    start.kind = u"render"_s;
    start.origin = u"backend"_s;
    submit({ start });
    Dashboard dashboard(m_store.get());
    QDateTime now = T0.addSecs(10);
    dashboard.setClock([&now] { return now; });
    SelectedJob *selected = dashboard.selected();
    dashboard.select(u"j"_s);
    QCOMPARE(selected->title(), u"Render"_s);
    QCOMPARE(selected->subtitle(), u"render \u00B7 j \u00B7 via backend"_s);
    QVERIFY(selected->statusLine().endsWith(u"for 10s"_s));
    QSignalSpy lineChanged(selected, &SelectedJob::statusLineChanged);
    now = now.addSecs(5);
    QTRY_VERIFY_WITH_TIMEOUT(selected->statusLine().endsWith(u"for 15s"_s), 2500);
    QCOMPARE(lineChanged.count(), 1);
    // Finished: it stops counting.
    submit({ ev(u"j"_s, EventType::JobSucceeded, 20) });
    QVERIFY(selected->statusLine().endsWith(u"took 20s"_s));
    lineChanged.clear();
    now = now.addSecs(5);
    QTest::qWait(1200);
    QCOMPARE(lineChanged.count(), 0);
}

// The trend strip: the selected kind's finished runs, read on the reader's thread when the
// kind is chosen and again shortly after one ends.
void TestModels::trendOfTheSelectedKind()
{
    const auto run = [this](const QString &key, EventType end, int seconds) {
        Event start = ev(key, EventType::JobStarted);
        start.kind = u"render"_s;
        submit({ start, ev(key, end, seconds) });
    };
    run(u"r1"_s, EventType::JobSucceeded, 10);
    run(u"r2"_s, EventType::JobFailed, 30);
    Event live = ev(u"live"_s, EventType::JobStarted);
    live.kind = u"render"_s;
    submit({ live });
    Dashboard dashboard(m_store.get());
    TrendModel *trend = dashboard.selected()->trend();
    QAbstractItemModelTester tester(trend, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(trend->count(), 0);
    dashboard.select(u"live"_s);
    QCOMPARE(trend->kind(), u"render"_s);
    QTRY_COMPARE(trend->count(), 2);
    QCOMPARE(trend->data(trend->index(0), TrendModel::KeyRole).toString(), u"r1"_s);
    QCOMPARE(trend->data(trend->index(1), TrendModel::StatusRole).toString(), u"failed"_s);
    QCOMPARE(trend->data(trend->index(1), TrendModel::SecondsRole).toDouble(), 30.0);
    QCOMPARE(trend->longest(), 30.0);
    QCOMPARE(trend->successRate(), 0.5);
    QVERIFY(trend->summary().startsWith(u"50% succeeded \u00B7 median "_s));

    QSignalSpy changed(trend, &TrendModel::changed);
    submit({ ev(u"live"_s, EventType::JobSucceeded, 20) });
    QTRY_COMPARE(trend->count(), 3);
    QCOMPARE(changed.count(), 1); // once, after the commit settled
    QCOMPARE(trend->data(trend->index(2), TrendModel::KeyRole).toString(), u"live"_s);

    dashboard.select(QString());
    QCOMPARE(trend->count(), 0);
    QCOMPARE(trend->kind(), QString());
    QCOMPARE(trend->p50(), -1.0);
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
