// The history browser against a real store: keyset "Load more" while jobs keep arriving
// (seed 002's bug: no duplicates, no skips), the "N new jobs" count, filters, date range,
// in-place updates and export of the current filter. Every read goes through a real reader
// thread (StoreReader), as in the app: the tests wait for its answers like the view does.
#include "common/storetesting.h"
#include "store/jobexport.h"
#include "store/reader.h"
#include "store/store.h"
#include "ui/historymodel.h"
#include "ui/joblistmodel.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

Event ev(const QString &job, EventType type, const QDateTime &time = {}, const QString &kind = {})
{
    Event e;
    e.job = job;
    e.type = type;
    e.kind = kind;
    e.time = time.isValid() ? time : QDateTime::currentDateTimeUtc();
    return e;
}

QStringList keys(const HistoryModel &model)
{
    QStringList list;
    for (int row = 0; row < model.count(); ++row) {
        list << model.keyAt(row);
    }
    return list;
}

// Waits for the first page a filter, reload or showNew() asked for.
bool settle(const HistoryModel &model)
{
    return QTest::qWaitFor([&model] { return !model.loading(); }, 10000);
}

// "Load more", and waits for the page.
bool loadMore(HistoryModel &model)
{
    QSignalSpy counted(&model, &HistoryModel::countChanged);
    model.loadMore();
    return counted.wait(10000);
}

QStringList numbered(int from, int downTo)
{
    QStringList list;
    for (int i = from; i >= downTo; --i) {
        list << u"job-%1"_s.arg(i);
    }
    return list;
}

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<StoreReader> m_reader;
    int m_db = 0;

    void submit(QList<Event> events) { QVERIFY(testing::commit(*m_store, std::move(events))); }
    void addJobs(int from, int to, EventType type = EventType::JobStarted)
    {
        QList<Event> batch;
        for (int i = from; i <= to; ++i) {
            batch << ev(u"job-%1"_s.arg(i), type);
        }
        submit(batch);
    }

private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<Store>();
        QString error;
        QVERIFY2(m_store->open(m_dir.filePath(u"h%1.db"_s.arg(++m_db)), Durability::Normal, &error),
            qPrintable(error));
        m_reader = std::make_unique<StoreReader>();
        QVERIFY2(m_reader->open(m_store->path(), &error), qPrintable(error));
    }
    void cleanup()
    {
        m_reader.reset();
        m_store.reset();
    }

    void loadMoreWhileJobsArriveNeitherRepeatsNorSkips()
    {
        for (int i = 1; i <= 25; ++i) { // one commit each: distinct rowids in order
            addJobs(i, i);
        }
        HistoryModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(10);
        model.setStore(m_store.get(), m_reader.get());
        QVERIFY(settle(model));
        QCOMPARE(keys(model), numbered(25, 16));
        QVERIFY(model.canLoadMore());

        // Seed 002: new jobs arrive between pages. With OFFSET paging the next page would
        // repeat job-20..16; with a keyset it continues below job-16.
        QSignalSpy newCount(&model, &HistoryModel::newCountChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        addJobs(26, 30);
        model.flush();
        QCOMPARE(model.newCount(), 5);
        QVERIFY(newCount.count() >= 1);
        QCOMPARE(inserted.count(), 0); // the rows being read do not move
        QCOMPARE(keys(model), numbered(25, 16));

        QVERIFY(loadMore(model));
        QCOMPARE(keys(model), numbered(25, 6));
        addJobs(31, 33);
        QVERIFY(loadMore(model));
        QCOMPARE(keys(model), numbered(25, 1));
        QVERIFY(!model.canLoadMore());
        model.loadMore(); // at the end: nothing happens (and nothing to wait for)
        QCOMPARE(model.count(), 25);
        model.flush();
        QCOMPARE(model.newCount(), 8);

        model.showNew();
        QVERIFY(settle(model));
        QCOMPARE(keys(model), numbered(33, 24));
        QCOMPARE(model.newCount(), 0);
    }

    void randomInsertsBetweenPages()
    {
        auto *random = QRandomGenerator::global();
        int made = 0;
        for (int i = 0; i < 60; ++i) {
            addJobs(made + 1, made + 1);
            ++made;
        }
        HistoryModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(7);
        model.setStore(m_store.get(), m_reader.get());
        QVERIFY(settle(model));
        const int atStart = made;
        while (model.canLoadMore()) {
            const int burst = int(random->bounded(4));
            if (burst > 0) {
                addJobs(made + 1, made + burst);
                made += burst;
            }
            // Jobs already read change too; that must not move or repeat them.
            submit({ ev(u"job-%1"_s.arg(1 + random->bounded(atStart)), EventType::JobProgress) });
            QVERIFY(loadMore(model));
        }
        QCOMPARE(keys(model), numbered(atStart, 1)); // each once, newest first, none missing
        model.flush();
        QCOMPARE(model.newCount(), made - atStart);
    }

    void rowsUpdateInPlace()
    {
        addJobs(1, 3);
        HistoryModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_store.get(), m_reader.get());
        QVERIFY(settle(model));
        QCOMPARE(model.data(model.index(1), JobListModel::StatusRole).toString(), u"running"_s);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        submit({ ev(u"job-2"_s, EventType::JobFailed) });
        model.flush();
        QCOMPARE(keys(model), numbered(3, 1));
        QCOMPARE(model.data(model.index(1), JobListModel::StatusRole).toString(), u"failed"_s);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(JobListModel::StatusRole));
        QCOMPARE(model.newCount(), 0); // a change, not a new job
    }

    void emptyHistoryShowsTheFirstJobsAtOnce()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_store.get(), m_reader.get());
        QVERIFY(settle(model));
        QCOMPARE(model.count(), 0);
        addJobs(1, 2);
        model.flush();
        QVERIFY(model.loading()); // the first jobs are read at once ...
        QVERIFY(settle(model));
        QCOMPARE(keys(model), numbered(2, 1)); // ... nothing could shift: no pill needed
        QCOMPARE(model.newCount(), 0);
    }

    void statusKindAndDateFilters()
    {
        const QDateTime may1 = QDate(2024, 5, 1).startOfDay().addSecs(3600);
        const QDateTime may2 = QDate(2024, 5, 2).startOfDay().addSecs(23 * 3600); // late
        const QDateTime may3 = QDate(2024, 5, 3).startOfDay().addSecs(60);
        submit({ ev(u"a"_s, EventType::JobSucceeded, may1, u"build"_s) });
        submit({ ev(u"b"_s, EventType::JobFailed, may2, u"build"_s) });
        submit({ ev(u"c"_s, EventType::JobFailed, may3, u"deploy"_s) });
        submit({ ev(u"d"_s, EventType::JobSucceeded, may3, u"deploy"_s) });

        HistoryModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_store.get(), m_reader.get());
        QVERIFY(settle(model));
        QCOMPARE(keys(model), (QStringList { u"d"_s, u"c"_s, u"b"_s, u"a"_s }));
        QCOMPARE(model.kinds(), (QStringList { u"build"_s, u"deploy"_s }));

        QSignalSpy filter(&model, &HistoryModel::filterChanged);
        model.setStatus(u"failed"_s);
        QVERIFY(settle(model));
        QCOMPARE(keys(model), (QStringList { u"c"_s, u"b"_s }));
        model.setKind(u"build"_s);
        QVERIFY(settle(model));
        QCOMPARE(keys(model), (QStringList { u"b"_s }));
        model.setStatus(u"nonsense"_s); // not a status: every status
        QVERIFY(settle(model));
        QCOMPARE(model.status(), QString());
        QCOMPARE(keys(model), (QStringList { u"b"_s, u"a"_s }));
        model.setKind({});
        QVERIFY(settle(model));
        QCOMPARE(filter.count(), 4);

        // Whole days, local time: May 2 includes its last hour.
        model.setFromDate(HistoryModel::parseDate(u"2024-05-02"_s));
        model.setToDate(HistoryModel::parseDate(u"2024-05-02"_s));
        QVERIFY(settle(model));
        QCOMPARE(keys(model), (QStringList { u"b"_s }));
        model.setToDate({});
        QVERIFY(settle(model));
        QCOMPARE(keys(model), (QStringList { u"d"_s, u"c"_s, u"b"_s }));
        model.setFromDate(HistoryModel::parseDate(u"not a date"_s));
        QVERIFY(settle(model));
        QCOMPARE(model.count(), 4);
        QVERIFY(!HistoryModel::parseDate(u"2024-13-01"_s).isValid());

        // A new job that does not match the filter is not counted as new, until it matches.
        model.setStatus(u"failed"_s);
        QVERIFY(settle(model));
        submit({ ev(u"e"_s, EventType::JobStarted) });
        model.flush();
        QCOMPARE(model.newCount(), 0);
        submit({ ev(u"e"_s, EventType::JobFailed) });
        model.flush();
        QCOMPARE(model.newCount(), 1);
    }

    void dateRangePagesAcrossStorePages()
    {
        // 1,200 jobs on alternating days: the date range is part of the store's keyset query.
        const QDateTime day1 = QDate(2024, 1, 1).startOfDay().addSecs(600);
        const QDateTime day2 = QDate(2024, 1, 2).startOfDay().addSecs(600);
        QList<Event> batch;
        for (int i = 1; i <= 1200; ++i) {
            batch << ev(u"job-%1"_s.arg(i), EventType::JobQueued, (i % 3 == 0) ? day2 : day1);
            if (batch.size() == 400) {
                submit(std::exchange(batch, {}));
            }
        }
        JobQuery filter;
        filter.createdFrom = QDate(2024, 1, 2).startOfDay();
        filter.createdBefore = QDate(2024, 1, 3).startOfDay();
        filter.limit = 37;
        QStringList got;
        qint64 before = 0;
        int pages = 0;
        do {
            filter.before = before;
            const JobPage page = m_store->jobs(filter);
            QVERIFY(page.jobs.size() <= 37);
            for (const Job &job : page.jobs) {
                got << job.key;
            }
            before = page.next;
            ++pages;
        } while (before != 0);
        QStringList expected;
        for (int i = 1200; i >= 1; --i) {
            if (i % 3 == 0) {
                expected << u"job-%1"_s.arg(i);
            }
        }
        QCOMPARE(got, expected);
        QCOMPARE(pages, (400 + 36) / 37);
    }

    void exportsTheCurrentFilter()
    {
        addJobs(1, 30);
        submit({ ev(u"job-7"_s, EventType::JobFailed), ev(u"job-9"_s, EventType::JobFailed) });
        HistoryModel model;
        model.setPageSize(5);
        model.setStore(m_store.get(), m_reader.get());
        QVERIFY(settle(model));
        model.setStatus(u"failed"_s);
        QVERIFY(settle(model));
        QSignalSpy exported(&model, &HistoryModel::exported);
        QSignalSpy failed(&model, &HistoryModel::exportFailed);

        // Written on the reader's thread: exporting until exported() says how many.
        const QString csv = m_dir.filePath(u"failed.csv"_s);
        QCOMPARE(model.exportTo(QUrl::fromLocalFile(csv), u"csv"_s), QString());
        QVERIFY(model.exporting());
        QVERIFY(exported.wait(10000));
        QVERIFY(!model.exporting());
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.at(0).startsWith("key,title,kind,status"));
        QVERIFY(lines.at(1).startsWith("job-9,,,failed"));
        QCOMPARE(exported.count(), 1);
        QCOMPARE(exported.at(0).at(1).toInt(), 2);

        // JSON: every matching job, not only the loaded page, each with its steps.
        model.setStatus({});
        QVERIFY(settle(model));
        const QString json = m_dir.filePath(u"all.json"_s);
        QCOMPARE(model.exportTo(QUrl::fromLocalFile(json), u"json"_s), QString());
        QVERIFY(exported.wait(10000));
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonArray all = QJsonDocument::fromJson(jsonFile.readAll()).array();
        QCOMPARE(all.size(), 30);
        QVERIFY(all.at(0).toObject().contains(u"steps"_s));

        QVERIFY(
            !model.exportTo(QUrl::fromLocalFile(m_dir.filePath(u"x.xml"_s)), u"xml"_s).isEmpty());
        QCOMPARE(failed.count(), 1); // the format, refused at once
        QCOMPARE(
            model.exportTo(QUrl::fromLocalFile(m_dir.filePath(u"missing-dir/x.csv"_s)), u"csv"_s),
            QString());
        QVERIFY(failed.wait(10000)); // the file, when the reader tries to write it
        const QString error = failed.at(1).at(0).toString();
        QVERIFY2(error.contains(u"missing-dir"_s), qPrintable(error));
        QVERIFY(!model.exporting());
        QCOMPARE(exported.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
