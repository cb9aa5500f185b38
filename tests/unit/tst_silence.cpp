// Silent jobs (issue 13 item 3): the store's sweep marks a running job stalled past its
// expected gap (configured per kind or hook, or learned from the kind's history) and any
// unfinished job lost past abandonAfter; any event recovers a stalled job. A fake clock
// stands in for the minutes and hours.
#include "common/storetesting.h"
#include "core/silence.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);

Event ev(const QString &job, EventType type, qint64 atSeconds, const QString &kind = {})
{
    Event e;
    e.job = job;
    e.type = type;
    e.kind = kind;
    e.time = T0.addSecs(atSeconds);
    if (type == EventType::Log) {
        e.message = u"line"_s;
    }
    return e;
}

/** A history of @p runs successful runs of @p kind, each with events @p gapSeconds apart. */
QList<Event> history(const QString &kind, int runs, qint64 gapSeconds)
{
    QList<Event> events;
    for (int r = 0; r < runs; ++r) {
        const QString job = u"%1-old-%2"_s.arg(kind).arg(r);
        const qint64 start = -100000 + r * 10000;
        events << ev(job, EventType::JobStarted, start, kind);
        for (int i = 1; i <= 5; ++i) {
            events << ev(job, EventType::JobProgress, start + i * gapSeconds);
        }
        events << ev(job, EventType::JobSucceeded, start + 6 * gapSeconds);
    }
    return events;
}

} // namespace

class TestSilence : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<Store> m_store;
    qint64 m_now = 0; // seconds after T0

    void open(SilencePolicy policy)
    {
        m_store = std::make_unique<Store>();
        m_store->setClock([this] { return T0.addSecs(m_now); });
        m_store->setSilencePolicy(policy, 3600 * 1000); // only the test's sweeps
        QString error;
        QVERIFY2(
            m_store->open(m_dir.filePath(u"s%1.db"_s.arg(++m_counter)), Durability::Normal, &error),
            qPrintable(error));
    }

    /** Sweeps at @p atSeconds; how many jobs changed. */
    int sweepAt(qint64 atSeconds)
    {
        m_now = atSeconds;
        auto result = std::make_shared<std::optional<IngestResult>>();
        m_store->sweepSilentJobs(m_store.get(), [result](const IngestResult &r) { *result = r; });
        if (!QTest::qWaitFor([result] { return result->has_value(); }, 10000)) {
            return -1;
        }
        return (*result)->accepted;
    }

    JobStatus status(const QString &key) const
    {
        return m_store->jobSnapshot(key).value_or(Job()).status;
    }

private Q_SLOTS:
    void learnedGapIsThreeTimesP95AtLeastTwoMinutes()
    {
        QCOMPARE(learnedGap({}), std::nullopt);
        QCOMPARE(learnedGap({ 1000, 2000 }), std::optional<qint64>(120));
        QList<qint64> gaps(100, 60000);
        gaps[99] = 3600000; // one outlier above the 95th percentile
        QCOMPARE(learnedGap(gaps), std::optional<qint64>(180));
    }

    void sweepsOftenEnoughForTheShortestGap_data()
    {
        QTest::addColumn<qint64>("stallAfter");
        QTest::addColumn<qint64>("abandonAfter");
        QTest::addColumn<qint64>("kindGap");
        QTest::addColumn<int>("intervalMs");
        QTest::addRow("defaults") << SilencePolicy::DefaultStallAfterSeconds
                                  << SilencePolicy::DefaultAbandonAfterSeconds << qint64(0)
                                  << 30000;
        QTest::addRow("10 s stall") << qint64(10) << qint64(0) << qint64(0) << 5000;
        QTest::addRow("a kind's 4 s") << qint64(600) << qint64(0) << qint64(4) << 2000;
        QTest::addRow("1 s: at most every second") << qint64(1) << qint64(0) << qint64(0) << 1000;
        QTest::addRow("all off") << qint64(0) << qint64(0) << qint64(0) << 30000;
    }

    void sweepsOftenEnoughForTheShortestGap()
    {
        QFETCH(qint64, stallAfter);
        QFETCH(qint64, abandonAfter);
        QFETCH(qint64, kindGap);
        QFETCH(int, intervalMs);
        SilencePolicy policy;
        policy.stallAfterSeconds = stallAfter;
        policy.abandonAfterSeconds = abandonAfter;
        if (kindGap > 0) {
            policy.stallAfterByKind.insert(u"render"_s, kindGap);
        }
        QCOMPARE(policy.sweepIntervalMs(), intervalMs);
    }

    void stalledAfterTheConfiguredGap()
    {
        SilencePolicy policy;
        policy.stallAfterByKind.insert(u"render"_s, 300);
        open(policy);
        QVERIFY(testing::commit(*m_store,
            { ev(u"r1"_s, EventType::JobStarted, 0, u"render"_s),
                ev(u"other"_s, EventType::JobStarted, 0, u"misc"_s) }));
        QSignalSpy committed(m_store.get(), &Store::committed);

        QCOMPARE(sweepAt(299), 0);
        QCOMPARE(status(u"r1"_s), JobStatus::Running);
        QCOMPARE(sweepAt(301), 1);
        QCOMPARE(status(u"r1"_s), JobStatus::Stalled);
        QCOMPARE(status(u"other"_s), JobStatus::Running); // the default gap: 10 min

        // What the API, CLI and relay see: the committed event and the job's JSON.
        QTRY_COMPARE(committed.size(), 1);
        const Changes changes = committed.at(0).at(0).value<Changes>();
        QCOMPARE(changes.events.size(), 1);
        QCOMPARE(changes.events.at(0).event.type, EventType::JobStalled);
        QCOMPARE(
            changes.jobs.at(0).toJson(T0.addSecs(301)).value(u"status"_s).toString(), u"stalled"_s);
        JobQuery stalled;
        stalled.status = JobStatus::Stalled;
        QCOMPARE(m_store->jobs(stalled).jobs.size(), 1);
        // "No news since": the verdict is not news.
        QCOMPARE(m_store->jobSnapshot(u"r1"_s)->updatedAt, T0);

        // One verdict per silence.
        QCOMPARE(sweepAt(400), 0);
        QCOMPARE(m_store->jobSnapshot(u"r1"_s)->eventCount, 2);
        QCOMPARE(sweepAt(601), 1);
        QCOMPARE(status(u"other"_s), JobStatus::Stalled);
    }

    void stalledAfterTheHooksGap()
    {
        SilencePolicy policy;
        policy.stallAfterByHook.insert(u"ci"_s, 200);
        open(policy);
        Event e = ev(u"build-1"_s, EventType::JobStarted, 0, u"build"_s);
        e.origin = u"ci"_s;
        QVERIFY(testing::commit(*m_store, { e }));
        QCOMPARE(sweepAt(199), 0);
        QCOMPARE(sweepAt(201), 1);
        QCOMPARE(status(u"build-1"_s), JobStatus::Stalled);
    }

    void stalledAfterTheLearnedGap()
    {
        open(SilencePolicy {});
        // Three runs with a minute between events: expected within 3 min.
        QVERIFY(testing::commit(*m_store, history(u"video"_s, 3, 60)));
        QVERIFY(testing::commit(*m_store,
            { ev(u"v1"_s, EventType::JobStarted, 0, u"video"_s),
                ev(u"v1"_s, EventType::JobProgress, 30) }));
        QCOMPARE(sweepAt(30 + 179), 0);
        QCOMPARE(status(u"v1"_s), JobStatus::Running);
        QCOMPARE(sweepAt(30 + 181), 1);
        QCOMPARE(status(u"v1"_s), JobStatus::Stalled);
    }

    void notLearnedFromTooFewRuns()
    {
        open(SilencePolicy {});
        QVERIFY(testing::commit(*m_store, history(u"video"_s, 2, 60)));
        QVERIFY(testing::commit(*m_store, { ev(u"v1"_s, EventType::JobStarted, 0, u"video"_s) }));
        QCOMPARE(sweepAt(300), 0); // two runs teach nothing: the default 10 min holds
        QCOMPARE(sweepAt(601), 1);
    }

    void recoversOnHeartbeatAndOnAnyEvent()
    {
        SilencePolicy policy;
        policy.stallAfterSeconds = 120;
        open(policy);
        Event start = ev(u"j"_s, EventType::JobStarted, 0);
        start.progress = 40;
        QVERIFY(testing::commit(*m_store, { start }));
        QCOMPARE(sweepAt(121), 1);
        QCOMPARE(status(u"j"_s), JobStatus::Stalled);

        QVERIFY(testing::commit(*m_store, { ev(u"j"_s, EventType::Heartbeat, 130) }));
        const Job beat = *m_store->jobSnapshot(u"j"_s);
        QCOMPARE(beat.status, JobStatus::Running);
        QCOMPARE(beat.progress, 40.0); // changes nothing else
        QCOMPARE(beat.updatedAt, T0.addSecs(130));
        QCOMPARE(sweepAt(200), 0); // the heartbeat was news
        QCOMPARE(sweepAt(251), 1);
        QCOMPARE(status(u"j"_s), JobStatus::Stalled);

        QVERIFY(testing::commit(*m_store, { ev(u"j"_s, EventType::Log, 260) }));
        QCOMPARE(status(u"j"_s), JobStatus::Running);
    }

    void lostAfterAbandonAfter()
    {
        SilencePolicy policy;
        policy.abandonAfterSeconds = 3600;
        open(policy);
        QVERIFY(testing::commit(*m_store,
            { ev(u"run"_s, EventType::JobStarted, 0), ev(u"wait"_s, EventType::JobQueued, 0),
                ev(u"late"_s, EventType::JobStarted, 3000) }));
        QCOMPARE(sweepAt(601), 1); // stalled first
        QCOMPARE(sweepAt(3601), 3); // run and wait lost, late (600 s silent) stalled
        for (const QString &key : { u"run"_s, u"wait"_s }) {
            const Job job = *m_store->jobSnapshot(key);
            QCOMPARE(job.status, JobStatus::Lost);
            QVERIFY(isTerminal(job.status));
            QCOMPARE(job.finishedAt, T0.addSecs(3601));
            QVERIFY2(job.error.contains(u"abandonAfter"_s), qPrintable(job.error));
        }
        QCOMPARE(status(u"late"_s), JobStatus::Stalled);
        // Lost is final: a late event is logged and changes nothing.
        QVERIFY(testing::commit(*m_store, { ev(u"run"_s, EventType::JobProgress, 3700) }));
        QCOMPARE(status(u"run"_s), JobStatus::Lost);
        JobQuery lost;
        lost.status = JobStatus::Lost;
        QCOMPARE(m_store->jobs(lost).jobs.size(), 2);
    }

    void senderDeclaresLostOrCancelled()
    {
        open(SilencePolicy {});
        const QDateTime received = T0;
        const ParsedEvents parsed =
            parseEvents(QJsonDocument::fromJson(R"([{"job":"a","type":"job.started"},
                {"job":"a","type":"job.lost","message":"runner died"},
                {"job":"b","type":"job.started"},{"job":"b","type":"job.cancelled"},
                {"job":"c","type":"heartbeat"}])")
                            .array(),
                received);
        QVERIFY2(!parsed.error, qPrintable(parsed.error ? parsed.error->message : QString()));
        QVERIFY(testing::commit(*m_store, parsed.events));
        const Job a = *m_store->jobSnapshot(u"a"_s);
        QCOMPARE(a.status, JobStatus::Lost);
        QCOMPARE(a.error, u"runner died"_s);
        QCOMPARE(status(u"b"_s), JobStatus::Canceled);
        QCOMPARE(eventTypeName(parsed.events.at(3).type), u"job.canceled"_s);
        QCOMPARE(status(u"c"_s), JobStatus::Queued);
        QCOMPARE(sweepAt(24 * 3600 + 1), 1); // c: abandoned
    }
};

QTEST_GUILESS_MAIN(TestSilence)
#include "tst_silence.moc"
