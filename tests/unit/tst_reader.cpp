// The reader thread (#12 item 4) against a real SQLite file: reads run off the requesting
// thread and answer on it; a newer read of a channel drops the older one, queued or running
// (SQLite's progress handler), without calling that a failure; channels do not cancel each other;
// the requester's thread keeps running while a long read runs. On PostgreSQL a newer read
// stops the running one with a cancel request to its backend.
#include "common/pgcluster.h"
#include "common/storetesting.h"
#include "store/reader.h"
#include "store/store.h"

#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <atomic>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestReader : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    int m_db = 0;

    void addJobs(int count, const QString &word)
    {
        QList<Event> batch;
        for (int i = 1; i <= count; ++i) {
            Event e;
            e.job = u"job-%1"_s.arg(i % 500); // 500 jobs with many log lines each
            e.type = EventType::Log;
            e.message = u"%1 line %2 of the build"_s.arg(word).arg(i);
            e.time = QDateTime::currentDateTimeUtc();
            batch << e;
            if (batch.size() == 2000 || i == count) {
                QVERIFY(testing::commit(*m_store, std::exchange(batch, {})));
            }
        }
    }

private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<Store>();
        QString error;
        QVERIFY2(m_store->open(m_dir.filePath(u"r%1.db"_s.arg(++m_db)), Durability::Normal, &error),
            qPrintable(error));
    }
    void cleanup() { m_store.reset(); }

    void answersOnTheRequestersThread()
    {
        addJobs(10, u"alpha"_s);
        StoreReader reader;
        QString error;
        QVERIFY2(reader.open(m_store->path(), &error), qPrintable(error));
        StoreReader::Channel channel;
        QThread *workThread = nullptr;
        QThread *doneThread = nullptr;
        qint64 count = -1;
        reader.read<qint64>(
            channel,
            [&workThread](const Store &store) {
                workThread = QThread::currentThread();
                return store.countJobs({});
            },
            this,
            [&](qint64 jobs) {
                doneThread = QThread::currentThread();
                count = jobs;
            });
        QCOMPARE(count, -1); // not answered inside read()
        QTRY_COMPARE(count, 10);
        QVERIFY(workThread && workThread != thread());
        QCOMPARE(doneThread, thread());
    }

    void aNewerReadReplacesAQueuedOne()
    {
        addJobs(10, u"alpha"_s);
        StoreReader reader;
        QString error;
        QVERIFY2(reader.open(m_store->path(), &error), qPrintable(error));
        // Hold the reader's thread with a read of another channel.
        QSemaphore hold;
        StoreReader::Channel holder;
        reader.read<int>(
            holder, [&hold](const Store &) { return hold.acquire(), 0; }, this, [](int) {});
        QTRY_COMPARE(reader.started(), quint64(1));

        StoreReader::Channel search;
        QStringList answered;
        for (const QString &word : { u"a"_s, u"al"_s, u"alp"_s }) {
            reader.read<QString>(
                search, [word](const Store &) { return word; }, this,
                [&answered](const QString &w) { answered << w; });
        }
        hold.release();
        QTRY_COMPARE(answered, QStringList { u"alp"_s });
        QTest::qWait(50);
        QCOMPARE(answered, QStringList { u"alp"_s }); // the older two never ran nor answered
        QCOMPARE(reader.started(), quint64(2));
    }

    void channelsDoNotCancelEachOther()
    {
        addJobs(10, u"alpha"_s);
        StoreReader reader;
        QString error;
        QVERIFY2(reader.open(m_store->path(), &error), qPrintable(error));
        StoreReader::Channel a;
        StoreReader::Channel b;
        int answers = 0;
        reader.read<qint64>(
            a, [](const Store &store) { return store.countJobs({}); }, this,
            [&answers](qint64) { ++answers; });
        reader.read<qint64>(
            b, [](const Store &store) { return store.countJobs({}); }, this,
            [&answers](qint64) { ++answers; });
        QTRY_COMPARE(answers, 2);
    }

    void aRunningReadIsInterruptedNotFailed()
    {
        // A search that scans every log line: long enough to be caught while it runs.
        addJobs(200000, u"alpha"_s);
        StoreReader reader;
        QString error;
        QVERIFY2(reader.open(m_store->path(), &error), qPrintable(error));
        QSignalSpy failed(&reader, &StoreReader::readFailed);
        StoreReader::Channel search;
        JobQuery everyLine;
        everyLine.search = u"alpha"_s;

        QSemaphore started;
        std::atomic<qint64> oldCount = -1;
        QList<qint64> answered;
        reader.read<qint64>(
            search,
            [&](const Store &store) {
                started.release();
                oldCount = store.countJobs(everyLine);
                return oldCount.load();
            },
            this, [&answered](qint64 n) { answered << n; });
        started.acquire(); // it runs now
        reader.read<qint64>(
            search, [everyLine](const Store &store) { return store.countJobs(everyLine); }, this,
            [&answered](qint64 n) { answered << n; });
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 20000);
        QCOMPARE(answered.constFirst(), 500); // the newer one, complete
        QCOMPARE(oldCount.load(), 0); // the older one stopped short: interrupted
        QCOMPARE(failed.count(), 0); // and that is not a failure to report
    }

    void aRunningReadIsCanceledOnPostgres()
    {
        auto &cluster = testing::PgCluster::shared();
        if (!cluster.skipReason().isEmpty()) {
            QSKIP(qPrintable(cluster.skipReason()));
        }
        const QString url = cluster.newDatabase(u"reader"_s);
        m_store = std::make_unique<Store>();
        QString error;
        QVERIFY2(m_store->open(url, Durability::Normal, &error), qPrintable(error));
        addJobs(50, u"alpha"_s);
        // The test's own connection holds the jobs table: a read of it waits on the server,
        // as a slow query runs there, until the holder lets go.
        QSqlDatabase holder = cluster.connection(u"holder"_s, url);
        QVERIFY(holder.open());
        QSqlQuery hold(holder);
        QVERIFY(hold.exec(u"BEGIN"_s));
        QVERIFY(hold.exec(u"LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE"_s));

        StoreReader reader;
        // Lets go of the table before the reader is closed, even when a check fails.
        const auto release = qScopeGuard([&hold, &holder] {
            hold = QSqlQuery();
            holder.close();
        });
        QVERIFY2(reader.open(url, &error), qPrintable(error));
        QSignalSpy failed(&reader, &StoreReader::readFailed);
        StoreReader::Channel channel;
        std::atomic<qint64> oldCount = -1;
        QList<qint64> answered;
        reader.read<qint64>(
            channel,
            [&oldCount](const Store &store) {
                oldCount = store.countJobs({});
                return oldCount.load();
            },
            this, [&answered](qint64 n) { answered << n; });
        const auto waiting = [&hold] {
            return hold.exec(u"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                             "'Lock' AND pid <> pg_backend_pid()"_s)
                && hold.next() && hold.value(0).toInt() == 1;
        };
        QTRY_VERIFY(waiting()); // the older read runs on the server now
        reader.read<qint64>(
            channel, [](const Store &store) { return store.countJobs({}); }, this,
            [&answered](qint64 n) { answered << n; });
        // The older read stops while the table is still held: canceled, answering nothing.
        QTRY_COMPARE_WITH_TIMEOUT(oldCount.load(), 0, 10000);
        QVERIFY(hold.exec(u"COMMIT"_s));
        QTRY_COMPARE_WITH_TIMEOUT(answered, QList<qint64> { 50 }, 10000);
        QCOMPARE(failed.count(), 0); // a canceled read is no failure to report
    }

    void theRequestersThreadRunsWhileAReadRuns()
    {
        addJobs(10, u"alpha"_s);
        StoreReader reader;
        QString error;
        QVERIFY2(reader.open(m_store->path(), &error), qPrintable(error));
        QSemaphore hold;
        StoreReader::Channel channel;
        bool answered = false;
        reader.read<int>(
            channel, [&hold](const Store &) { return hold.acquire(), 1; }, this,
            [&answered](int) { answered = true; });
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
        timer.start(5);
        QTRY_VERIFY(ticks >= 5); // the event loop turns while the read is held
        QVERIFY(!answered);
        hold.release();
        QTRY_VERIFY(answered);
    }

    void closingDropsWhatIsQueued()
    {
        addJobs(10, u"alpha"_s);
        auto reader = std::make_unique<StoreReader>();
        QString error;
        QVERIFY2(reader->open(m_store->path(), &error), qPrintable(error));
        StoreReader::Channel a;
        StoreReader::Channel b;
        bool answered = false;
        for (StoreReader::Channel *channel : { &a, &b }) {
            reader->read<qint64>(
                *channel, [](const Store &store) { return store.countJobs({}); }, this,
                [&answered](qint64) { answered = true; });
        }
        reader.reset(); // joins the thread; no answer may reach a reader that is gone
        QTest::qWait(50);
        QVERIFY(!answered);
        QVERIFY(!StoreReader().isOpen());
        QString missing;
        QVERIFY(!StoreReader().open(m_dir.filePath(u"none.db"_s), &missing));
        QVERIFY2(missing.contains(u"none.db"_s), qPrintable(missing));
    }
};

QTEST_GUILESS_MAIN(TestReader)
#include "tst_reader.moc"
