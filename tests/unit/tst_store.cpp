// The SQLite store: commits, dedupe, all-or-nothing batches, pagination, migrations.
#include "common/storetesting.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

Event makeEvent(const QString &job, EventType type, const QString &id = {})
{
    Event e;
    e.job = job;
    e.type = type;
    e.id = id;
    e.time = QDateTime::currentDateTimeUtc();
    if (type == EventType::Log) {
        e.message = u"line"_s;
    }
    return e;
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"t%1.db"_s.arg(++m_counter));
    }

    void commitsAndMaterialises()
    {
        Store store;
        QString error;
        QVERIFY2(store.open(m_path, Durability::Full, &error), qPrintable(error));
        QSignalSpy committed(&store, &Store::committed);
        Event step = makeEvent(u"render-1"_s, EventType::StepSucceeded);
        step.step = StepRef { 1, u"Database Extraction"_s, 7 };
        step.duration = 3.2;
        const IngestResult r =
            testing::submitAndWait(store, { makeEvent(u"render-1"_s, EventType::JobStarted), step })
                .value();
        QCOMPARE(r.status, IngestResult::Status::Committed);
        QCOMPARE(r.accepted, 2);
        QCOMPARE(r.lastSeq, 2);
        QTRY_COMPARE(committed.size(), 1);
        const Changes changes = committed.first().first().value<Changes>();
        Q_UNUSED(changes);
        const auto detail = store.job(u"render-1"_s);
        QVERIFY(detail);
        QCOMPARE(detail->job.status, JobStatus::Running);
        QCOMPARE(detail->job.stepName, u"Database Extraction"_s);
        QCOMPARE(detail->job.eventCount, 2);
        QCOMPARE(detail->steps.size(), 1);
        QCOMPARE(detail->steps.first().duration.value_or(0), 3.2);
        QCOMPARE(detail->recent.size(), 2);
        QCOMPARE(detail->recent.last().seq, 2);
        QCOMPARE(store.eventsAfter(1, 10).size(), 1);
    }

    void duplicatesCountedNotApplied()
    {
        Store store;
        QString error;
        QVERIFY(store.open(m_path, Durability::Normal, &error));
        Event p = makeEvent(u"j"_s, EventType::JobProgress, u"e-1"_s);
        p.progress = 40;
        QCOMPARE(testing::submitAndWait(store, { p }).value().accepted, 1);
        p.progress = 80; // a retry with the same id must not apply its (different) content
        const IngestResult again = testing::submitAndWait(store,
            { p, makeEvent(u"j"_s, EventType::Log, u"e-2"_s),
                makeEvent(u"j"_s, EventType::Log, u"e-2"_s) })
                                       .value();
        QCOMPARE(again.accepted, 1);
        QCOMPARE(again.duplicates, 2);
        QCOMPARE(store.jobSnapshot(u"j"_s)->progress, 40.0);
        QCOMPARE(store.eventsAfter(0, 100).size(), 2);
    }

    void reopenKeepsEverything()
    {
        {
            Store store;
            QString error;
            QVERIFY(store.open(m_path, Durability::Full, &error));
            for (int i = 0; i < 20; ++i) {
                store.submit({ makeEvent(u"job-%1"_s.arg(i), EventType::JobQueued) }, &store,
                    [](const IngestResult &) {});
            }
            store.close(); // writes what is queued before it returns
        }
        Store store;
        QString error;
        QVERIFY(store.open(m_path, Durability::Full, &error));
        QCOMPARE(store.lastSeq(), 20);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"PRAGMA user_version"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), Store::schemaVersion());
        QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"wal"_s);
        q.finish();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"check"_s);
    }

    void keysetPagination()
    {
        Store store;
        QString error;
        QVERIFY(store.open(m_path, Durability::Normal, &error));
        QList<Event> events;
        for (int i = 0; i < 25; ++i) {
            Event e = makeEvent(u"job-%1"_s.arg(i, 2, 10, QChar(u'0')),
                i % 5 == 0 ? EventType::JobFailed : EventType::JobStarted);
            e.kind = i % 2 ? u"odd"_s : u"even"_s;
            events << e;
        }
        QCOMPARE(testing::submitAndWait(store, events).value().accepted, 25);
        QStringList seen;
        JobQuery q;
        q.limit = 10;
        for (int page = 0; page < 5; ++page) {
            const JobPage p = store.jobs(q);
            for (const Job &j : p.jobs) {
                seen << j.key;
            }
            if (p.next == 0) {
                break;
            }
            q.before = p.next;
        }
        QCOMPARE(seen.size(), 25);
        QCOMPARE(seen.first(), u"job-24"_s); // newest first
        QCOMPARE(seen.last(), u"job-00"_s);
        seen.removeDuplicates();
        QCOMPARE(seen.size(), 25);
        JobQuery failed;
        failed.status = JobStatus::Failed;
        QCOMPARE(store.jobs(failed).jobs.size(), 5);
        JobQuery odd;
        odd.kind = u"odd"_s;
        QCOMPARE(store.jobs(odd).jobs.size(), 12);
        JobQuery search;
        search.search = u"job-1"_s;
        QCOMPARE(store.jobs(search).jobs.size(), 10);
        JobQuery wildcard;
        wildcard.search = u"%"_s; // taken literally, not as a LIKE wildcard
        QCOMPARE(store.jobs(wildcard).jobs.size(), 0);
    }

    void corruptFileMovedAside()
    {
        QFile junk(m_path);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'z'));
        junk.close();
        Store store;
        QString error;
        QVERIFY2(store.open(m_path, Durability::Normal, &error), qPrintable(error));
        const QStringList aside =
            QDir(m_dir.path()).entryList({ QFileInfo(m_path).fileName() + u".corrupt-*"_s });
        QCOMPARE(aside.size(), 1); // the user's bytes are kept, not wiped
        QCOMPARE(QFileInfo(m_dir.filePath(aside.first())).size(), 4096);
        QCOMPARE(testing::submitAndWait(store, { makeEvent(u"j"_s, EventType::JobStarted) })
                     .value()
                     .accepted,
            1);
    }

    void groupCommitSharesTransactions()
    {
        Store store;
        QString error;
        QVERIFY(store.open(m_path, Durability::Full, &error));
        QSignalSpy committed(&store, &Store::committed);
        int answered = 0;
        QObject context;
        for (int i = 0; i < 500; ++i) {
            store.submit({ makeEvent(u"g-%1"_s.arg(i % 7), EventType::JobProgress) }, &context,
                [&answered](const IngestResult &r) {
                    answered += r.status == IngestResult::Status::Committed;
                });
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, 500, 20000);
        // 500 concurrent batches in far fewer commits: the writer grouped them.
        QVERIFY2(committed.size() < 500, qPrintable(QString::number(committed.size())));
        QCOMPARE(store.lastSeq(), 500);
    }

    void etaFromKindHistory();
    void retentionPrunesInSmallSteps();

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_counter = 0;
};

void TestStore::etaFromKindHistory()
{
    // PRODUCT.md §2: with >= 3 past successful runs of a kind, the time left is the median of
    // each remaining step's past durations; never shown without history.
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-3600);
    const auto run = [&](const QString &key, const QList<double> &stepSeconds, bool finish) {
        QList<Event> events;
        Event start = makeEvent(key, EventType::JobStarted);
        start.kind = u"render"_s;
        start.time = t0;
        events.append(start);
        for (int i = 0; i < stepSeconds.size(); ++i) {
            Event step = makeEvent(key, EventType::StepSucceeded);
            step.step = StepRef { i + 1, u"step"_s, 3 };
            step.duration = stepSeconds.at(i);
            step.time = t0;
            events.append(step);
        }
        if (finish) {
            Event done = makeEvent(key, EventType::JobSucceeded);
            done.time = t0.addSecs(60);
            events.append(done);
        }
        QVERIFY(testing::commit(store, events));
    };
    run(u"r1"_s, { 10, 20, 30 }, true);
    run(u"r2"_s, { 12, 40, 30 }, true);
    // Two runs are not history enough.
    QCOMPARE(store.kindHistory(u"render"_s).runs, 2);
    run(u"live"_s, { 11 }, false); // running: step 1 done, steps 2 and 3 left
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(!estimateRemaining(*store.jobSnapshot(u"live"_s), store.steps(u"live"_s),
        store.kindHistory(u"render"_s), now));
    run(u"r3"_s, { 14, 30, 50 }, true);
    const KindHistory history = store.kindHistory(u"render"_s);
    QCOMPARE(history.runs, 3);
    QCOMPARE(history.stepMedian.value(1), 12.0);
    QCOMPARE(history.stepMedian.value(2), 30.0);
    QCOMPARE(history.stepMedian.value(3), 30.0);
    QCOMPARE(*history.durationMedian, 60.0);
    const auto left =
        estimateRemaining(*store.jobSnapshot(u"live"_s), store.steps(u"live"_s), history, now);
    QVERIFY(left);
    QCOMPARE(*left, 60.0); // steps 2 and 3: 30 s each
    QCOMPARE(store.job(u"live"_s)->toJson(now).value(u"etaSeconds"_s).toDouble(), 60.0);
    QVERIFY(!store.job(u"r1"_s)->toJson(now).contains(u"etaSeconds"_s));
    // A finished job has no ETA; another kind has no history.
    QVERIFY(!estimateRemaining(*store.jobSnapshot(u"r1"_s), {}, history, now));
    QCOMPARE(store.kindHistory(u"other"_s).runs, 0);
}

void TestStore::retentionPrunesInSmallSteps()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    // An old finished job (its events say it ended 100 days ago) and 30 recent log events.
    Event old = makeEvent(u"ancient"_s, EventType::JobSucceeded);
    old.time = QDateTime::currentDateTimeUtc().addDays(-100);
    QVERIFY(testing::commit(store, { old }));
    for (int i = 0; i < 30; ++i) {
        QVERIFY(testing::commit(store, { makeEvent(u"recent"_s, EventType::Log) }));
    }
    store.setRetention({ 90, 10, 4 }, 20); // keep 90 days, at most 10 events, 4 rows a step
    QTRY_COMPARE(store.eventsAfter(0, 1000).size(), 10);
    QTRY_VERIFY(!store.jobSnapshot(u"ancient"_s));
    QVERIFY(store.jobSnapshot(u"recent"_s));
    // seq does not start over: the next event follows the newest one.
    const auto next = testing::submitAndWait(store, { makeEvent(u"recent"_s, EventType::Log) });
    QVERIFY(next);
    QCOMPARE(next->lastSeq, 32);
    // Ingest still works while pruning runs; nothing past the limit survives for long.
    QTRY_COMPARE(store.eventsAfter(0, 1000).size(), 10);
    QCOMPARE(store.eventsAfter(0, 1000).last().seq, 32);
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
