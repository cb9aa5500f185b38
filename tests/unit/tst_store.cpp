// The store, on SQLite and on PostgreSQL (each test runs on both: StoreBackend): commits,
// dedupe, all-or-nothing batches (a failing statement fails only its own), pagination,
// search, log chunks, retention, migrations.
#include "common/flatcost.h"
#include "common/storebackend.h"
#include "common/storetesting.h"
#include "store/schema.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <atomic>

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

// Column @p column of what @p sql gives on the SQLite file at @p path, one string a row
// ("error: …" when it failed).
QStringList sqliteColumn(const QString &path, const QString &sql, int column = 0)
{
    QStringList values;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"peek"_s);
        db.setDatabaseName(path);
        QSqlQuery q(db);
        if (!db.open() || !q.exec(sql)) {
            values << u"error: "_s + db.lastError().text() + q.lastError().text();
        }
        while (q.isActive() && q.next()) {
            values << q.value(column).toString();
        }
    }
    QSqlDatabase::removeDatabase(u"peek"_s);
    return values;
}

// SQLite's plan for @p sql on the file at @p path: the details of its steps, one a line.
QString queryPlan(const QString &path, const QString &sql)
{
    return sqliteColumn(path, u"EXPLAIN QUERY PLAN "_s + sql, 3).join(u'\n');
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

public:
    explicit TestStore(testing::Backend backend)
        : m_backend(backend)
    { }

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString why = m_backend.skipReason(); !why.isEmpty()) {
            QSKIP(qPrintable(u"no %1 store here: %2"_s.arg(m_backend.name(), why)));
        }
    }

    void init()
    {
        m_path = m_backend.newLocation();
        QVERIFY(!m_path.isEmpty());
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
        QVariant value;
        QVERIFY(m_backend.execBeside(m_path,
            m_backend.isPostgres() ? u"SELECT version FROM jobpulse_schema"_s
                                   : u"PRAGMA user_version"_s,
            &value));
        QCOMPARE(value.toInt(), Store::schemaVersion());
        if (!m_backend.isPostgres()) {
            QVERIFY(m_backend.execBeside(m_path, u"PRAGMA journal_mode"_s, &value));
            QCOMPARE(value.toString(), u"wal"_s);
        }
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
        if (m_backend.isPostgres()) {
            QSKIP("a file of SQLite's");
        }
        QFile junk(m_path);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'z'));
        junk.close();
        Store store;
        QString error;
        QVERIFY2(store.open(m_path, Durability::Normal, &error), qPrintable(error));
        const QDir dir(m_backend.dir());
        const QStringList aside = dir.entryList({ QFileInfo(m_path).fileName() + u".corrupt-*"_s });
        QCOMPARE(aside.size(), 1); // the user's bytes are kept, not wiped
        QCOMPARE(QFileInfo(dir.filePath(aside.first())).size(), 4096);
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

    void hotJobCostIsFlat();
    void etaFromKindHistory();
    void retentionPrunesInSmallSteps();
    void fullTextSearchFindsFieldsAndLogLines();
    void searchTextIsNeverQuerySyntax();
    void migrationIndexesExistingHistory();
    void sourceAndCreationDateFilters();
    void parentAndLabelFilters();
    void kindTrendOfLastRuns();
    void liveSearchLooksAtTheNewestMatches();
    void failingStatementFailsItsBatchOnly();
    void nulCharactersAreKeptAsReplacement();
    void logMarkerIsOneLookup();
    void fullTextIndexIsMergedWhileIdle();
    void logChunksPageInOrder()
    {
        Store store;
        QString error;
        QVERIFY2(store.open(m_path, Durability::Normal, &error), qPrintable(error));
        // 30,000 lines in 30 chunk events of 1,000, every third line on stderr.
        QList<Event> events;
        for (int chunk = 0; chunk < 30; ++chunk) {
            Event e = makeEvent(u"build"_s, EventType::Log);
            e.message.clear();
            e.stream = u"stdout"_s;
            for (int i = 0; i < 1000; ++i) {
                const int n = chunk * 1000 + i + 1;
                e.lines.append({ u"line %1"_s.arg(n), n % 3 == 0 ? u"stderr"_s : QString(), {} });
            }
            events.append(e);
        }
        QVERIFY(testing::commit(store, events));
        QVERIFY(testing::commit(store, { makeEvent(u"build"_s, EventType::Log) })); // "line"
        QCOMPARE(store.jobSnapshot(u"build"_s)->logLines, 30001);
        const auto middle = store.logPage(u"build"_s, 12345, 3);
        QVERIFY(middle);
        QCOMPARE(middle->total, 30001);
        QCOMPARE(middle->lines.size(), 3);
        QCOMPARE(middle->lines.at(0).number, 12345);
        QCOMPARE(middle->lines.at(0).text, u"line 12345"_s);
        QCOMPARE(middle->lines.at(0).stream, u"stderr"_s);
        QCOMPARE(middle->lines.at(1).stream, u"stdout"_s);
        QCOMPARE(middle->next, 12348);
        const auto tail = store.logPage(u"build"_s, 0, 2); // from 0: the newest lines
        QCOMPARE(tail->lines.size(), 2);
        QCOMPARE(tail->lines.at(0).text, u"line 30000"_s);
        QCOMPARE(tail->lines.at(1).text, u"line"_s);
        QCOMPARE(tail->lines.at(1).number, 30001);
        // Search finds the job by a line deep in the log, and that line's number.
        QVERIFY(store.searchJobKeys(u"12345"_s).contains(u"build"_s));
        const LogMatch match = store.matchingLines(u"12345"_s).value(u"build"_s);
        QCOMPARE(store.logLineOf(match.seq, u"12345"_s), 12345);
        QVERIFY(!store.logPage(u"nope"_s, 1, 10));
    }

    void logOverItsLimitLosesItsMiddle()
    {
        Store store;
        QVERIFY(openWithLogLimit(store, 64 * 1024));
        // 200 chunks of ten 100-byte lines: 200 KiB into a 64 KiB log.
        for (int chunk = 0; chunk < 200; ++chunk) {
            Event e = makeEvent(u"chatty"_s, EventType::Log);
            e.message.clear();
            for (int i = 0; i < 10; ++i) {
                e.lines.append({ u"%1 "_s.arg(chunk * 10 + i + 1, 6) + QString(93, u'x'), {}, {} });
            }
            QVERIFY(testing::commit(store, { e }));
        }
        const Job job = *store.jobSnapshot(u"chatty"_s);
        QCOMPARE(job.logLines, 2000);
        QVERIFY2(job.logBytes <= 64 * 1024, QByteArray::number(job.logBytes).constData());
        const auto all = store.logPage(u"chatty"_s, 1, Store::MaxLogPage);
        QVERIFY(all);
        QVERIFY(all->lines.size() < 2000);
        QCOMPARE(all->lines.first().number, 1); // the head stays
        QVERIFY(all->lines.first().text.startsWith(u"     1 "_s));
        QCOMPARE(all->lines.last().number, 2000); // and the newest lines always
        QVERIFY(all->lines.last().text.startsWith(u"  2000 "_s));
        const auto marker = std::find_if(all->lines.cbegin(), all->lines.cend(),
            [](const StoredLogLine &l) { return l.omitted > 0; });
        QVERIFY(marker != all->lines.cend());
        QVERIFY2(marker->text.contains(u"cut from the middle"_s), qPrintable(marker->text));
        // Numbers run on without a hole: the marker stands for exactly the lines cut.
        qint64 expected = 1;
        for (const StoredLogLine &line : all->lines) {
            QCOMPARE(line.number, expected);
            expected = line.number + std::max<qint64>(line.omitted, 1);
        }
        QCOMPARE(expected, 2001);
    }

    void logChunkLinesAreStoredOnce();
    void logTextIsNotCopiedByItsIndex();
    void logWordFindsItsLineAndJob();
    void cutAndPrunedChunksLeaveTheIndex();
    void newestLogIsSearchableBeforeItIsIndexed();
    void chunkBelowTheIndexMarkIsIndexedAtOnce();
    void schema9LogIsSearchableAfterMigration();
    void cutChunkReadsAsNoLongerKept();
    void oldBodiesReadAsBefore();
    void rolledBackBatchLeavesNoJobBehind();
    void failedReadIsReported();
    void secondWriterIsRefused();
    void concurrentCreatorsMigrateOnce();
    void failingWritesAreReportedUntilTheyWork();

private:
    /** Opens @p store at this test's database with a per-job log limit of @p maxLogBytes. */
    bool openWithLogLimit(Store &store, qint64 maxLogBytes)
    {
        QString error;
        if (!store.open(m_path, Durability::Normal, &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        Retention retention;
        retention.maxLogBytes = maxLogBytes;
        store.setRetention(retention);
        return true;
    }

    testing::StoreBackend m_backend;
    QString m_path;
};

// One job's step reporting 100,000 times with details, as a render reports its frames
// (issue 12): the writer's last batches for it take as long as its first, and the step keeps
// the merged details.
void TestStore::hotJobCostIsFlat()
{
    constexpr int Events = 100000;
    constexpr int Batch = 100;
    const QString Host = u"render-node-07.farm.example.test"_s;
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    QElapsedTimer clock;
    // Commits a batch of frames to @p job's step, counting on from @p frame; its time, or -1.
    // Timed to the answer itself: submitAndWait polls in 10 ms steps, which would hide a
    // batch growing from 2 ms to 9 ms.
    const auto timeBatch = [&](const QString &job, int &frame) -> qint64 {
        QList<Event> events;
        for (int i = 0; i < Batch; ++i) {
            Event e = makeEvent(job, EventType::StepStarted);
            e.step = StepRef { 3, u"Render frames"_s, 5 };
            e.details = QJsonObject { { u"frame"_s, ++frame }, { u"host"_s, Host } };
            events.append(e);
        }
        bool committed = false;
        QEventLoop answered;
        QTimer::singleShot(10000, &answered, &QEventLoop::quit);
        clock.start();
        store.submit(std::move(events), &answered, [&](const IngestResult &r) {
            committed = r.status == IngestResult::Status::Committed;
            answered.quit();
        });
        answered.exec();
        return committed ? clock.nsecsElapsed() : -1;
    };
    testing::ChunkTimes chunks;
    int frame = 0;
    for (int b = 0; b < Events / Batch; ++b) {
        const qint64 hot = timeBatch(u"render"_s, frame);
        int freshFrame = 0;
        const qint64 fresh = timeBatch(u"fresh-%1"_s.arg(b), freshFrame);
        QVERIFY(hot >= 0 && fresh >= 0);
        chunks.append(hot, fresh);
    }
    const QList<Step> steps = store.steps(u"render"_s);
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.first().details, (QJsonObject { { u"frame"_s, Events }, { u"host"_s, Host } }));
    QCOMPARE(store.jobSnapshot(u"render"_s)->eventCount, Events);
    QVERIFY2(chunks.lastOverFirst() < 2, qPrintable(chunks.summary()));
}

namespace {

/** A log chunk as `run` sends it: stdout lines as plain strings (the chunk's stream), every
 *  seventh line on stderr saying so. */
Event chunkOf(const QString &job, int index, int lines, const QString &text = u"compiling unit"_s)
{
    Event e = makeEvent(job, EventType::Log);
    e.message.clear();
    e.stream = u"stdout"_s;
    for (int i = 1; i <= lines; ++i) {
        const int n = index * lines + i;
        e.lines.append({ u"%1 %2"_s.arg(text).arg(n), n % 7 == 0 ? u"stderr"_s : QString(), {} });
    }
    return e;
}

} // namespace

// A log chunk's text is stored once (issue 12: writing it twice cost `run -- seq 1000000` most
// of its commit time): 100,000 lines take little more room than their text, and every read that
// hands events out still gives each chunk's lines, in order, with their streams.
void TestStore::logChunkLinesAreStoredOnce()
{
    Store store;
    QString error;
    QVERIFY2(store.open(m_path, Durability::Normal, &error), qPrintable(error));
    QList<Event> chunks;
    qint64 textBytes = 0;
    for (int batch = 0; batch < 10; ++batch) {
        QList<Event> events;
        for (int i = 0; i < 10; ++i) {
            events << chunkOf(u"build"_s, batch * 10 + i, 1000);
            for (const LogLine &line : std::as_const(events.last().lines)) {
                textBytes += line.text.size() + 1;
            }
        }
        QVERIFY(testing::commit(store, events));
        chunks << events;
    }
    QVariant bodies;
    QVariant chunkText;
    QVERIFY(m_backend.execBeside(m_path, u"SELECT SUM(length(body)) FROM events"_s, &bodies));
    QVERIFY(
        m_backend.execBeside(m_path, u"SELECT SUM(length(text)) FROM log_chunks"_s, &chunkText));
    const qint64 stored = bodies.toLongLong() + chunkText.toLongLong();
    QVERIFY2(stored < textBytes * 13 / 10,
        qPrintable(u"events' bodies %1 + log chunks %2 bytes for %3 bytes of text"_s
                       .arg(bodies.toLongLong())
                       .arg(chunkText.toLongLong())
                       .arg(textBytes)));
    if (!m_backend.isPostgres()) {
        // The events table's pages too (the file's own accounting), where SQLite has dbstat.
        QVariant pages;
        if (m_backend.execBeside(
                m_path, u"SELECT SUM(pgsize) FROM dbstat WHERE name = 'events'"_s, &pages)) {
            QVERIFY2(pages.toLongLong() < textBytes / 10,
                qPrintable(u"events' pages: %1 bytes"_s.arg(pages.toLongLong())));
        }
    }
    // The event log (GET /v1/events, the relay's catch-up), a job's events and its detail.
    const QList<StoredEvent> all = store.eventsAfter(0, 1000);
    QCOMPARE(all.size(), 100);
    for (qsizetype i = 0; i < all.size(); ++i) {
        QCOMPARE(all.at(i).event.lines, chunks.at(i).lines);
        QCOMPARE(all.at(i).event.toJson(), chunks.at(i).toJson());
    }
    const QList<StoredEvent> ofJob = store.eventsAfter(all.at(49).seq, 10, u"build"_s);
    QCOMPARE(ofJob.size(), 10);
    QCOMPARE(ofJob.first().event.lines, chunks.at(50).lines);
    const auto detail = store.job(u"build"_s, 3);
    QVERIFY(detail);
    QCOMPARE(detail->recent.size(), 3);
    QCOMPARE(detail->recent.first().event.lines, chunks.at(97).lines);
    QCOMPARE(detail->recent.last().event.toJson(), chunks.last().toJson());
    // A line the body cannot leave out as it came (its own time) keeps the whole body.
    Event timed = chunkOf(u"timed"_s, 0, 2);
    timed.lines[1].time = QDateTime(QDate(2026, 1, 31), QTime(12, 0), Qt::UTC);
    QVERIFY(testing::commit(store, { timed }));
    QCOMPARE(store.eventsAfter(0, 10, u"timed"_s).value(0).event.toJson(), timed.toJson());
}

// The per-job limit cuts whole chunks from the middle of a log: their events stay in the event
// log, and read as one line that says the chunk's lines are no longer kept.
void TestStore::cutChunkReadsAsNoLongerKept()
{
    Store store;
    QVERIFY(openWithLogLimit(store, 64 * 1024));
    QList<Event> chunks;
    for (int i = 0; i < 200; ++i) {
        chunks << chunkOf(u"chatty"_s, i, 10, QString(90, u'x'));
        QVERIFY(testing::commit(store, { chunks.last() }));
    }
    const QList<StoredEvent> all = store.eventsAfter(0, 1000);
    QCOMPARE(all.size(), 200);
    QCOMPARE(all.first().event.toJson(), chunks.first().toJson()); // the head stays
    QCOMPARE(all.last().event.toJson(), chunks.last().toJson()); // and the newest
    int cut = 0;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const Event &e = all.at(i).event;
        if (e.lines == chunks.at(i).lines) {
            continue;
        }
        ++cut;
        QCOMPARE(e.lines.size(), 1);
        QVERIFY2(e.lines.first().text.contains(u"10 lines of this chunk are no longer kept"_s),
            qPrintable(e.lines.first().text));
        QVERIFY(e.lines.first().text.contains(u"retention.maxLogBytes"_s));
        QCOMPARE(e.stream, u"stdout"_s); // the rest of the event is as it came
        QCOMPARE(e.time, chunks.at(i).time);
    }
    const auto log = store.logPage(u"chatty"_s, 1, Store::MaxLogPage);
    QVERIFY(log);
    // Exactly the chunks the log's marker stands for.
    const auto marker = std::find_if(log->lines.cbegin(), log->lines.cend(),
        [](const StoredLogLine &l) { return l.omitted > 0; });
    QVERIFY(marker != log->lines.cend());
    QCOMPARE(qint64(cut) * 10, marker->omitted);
}

// Rows written before the lines were stored once hold the whole event, lines and all: they read
// as they always did.
void TestStore::oldBodiesReadAsBefore()
{
    Store store;
    QString error;
    QVERIFY2(store.open(m_path, Durability::Normal, &error), qPrintable(error));
    QVERIFY(m_backend.execBeside(m_path,
        uR"(INSERT INTO events (job, type, time, received, body) VALUES ('old', 'log', 0, 0,
            '{"job":"old","type":"log","time":"2026-01-31T12:00:00.000Z","stream":"stdout",)"
        uR"("lines":["a",{"text":"b","stream":"stderr"}]}'))"_s));
    const QList<StoredEvent> read = store.eventsAfter(0, 10);
    QCOMPARE(read.size(), 1);
    QCOMPARE(read.first().event.stream, u"stdout"_s);
    const QList<LogLine> lines { { u"a"_s, {}, {} }, { u"b"_s, u"stderr"_s, {} } };
    QCOMPARE(read.first().event.lines, lines);
}

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
    QCOMPARE(store.job(u"live"_s)->eta.value_or(0), 60.0);
    QVERIFY(!store.job(u"r1"_s)->eta);
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

namespace {

QStringList keysOf(const Store &store, const QString &search)
{
    JobQuery q;
    q.search = search;
    QStringList keys;
    for (const Job &job : store.jobs(q).jobs) {
        keys << job.key;
    }
    if (store.searchJobKeys(search) != keys) { // the dashboard's search must agree
        return { u"searchJobKeys disagrees: "_s + store.searchJobKeys(search).join(u',') };
    }
    return keys;
}

} // namespace

void TestStore::fullTextSearchFindsFieldsAndLogLines()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    Event render = makeEvent(u"render-42"_s, EventType::JobStarted);
    render.title = u"Quarterly report video"_s;
    render.kind = u"creatomate"_s;
    Event line = makeEvent(u"render-42"_s, EventType::Log);
    line.message = u"uploading frames to the CDN bucket"_s;
    Event etl = makeEvent(u"etl-7"_s, EventType::JobFailed);
    etl.title = u"Nightly import"_s;
    etl.message = u"disk full on /var/lib/postgres"_s;
    Event other = makeEvent(u"etl-8"_s, EventType::Log);
    other.message = u"disk usage 40%"_s;
    QVERIFY(testing::commit(store, { render, line, etl, other }));

    QCOMPARE(keysOf(store, u"quarterly"_s), QStringList { u"render-42"_s }); // title, any case
    QCOMPARE(keysOf(store, u"creatomate"_s), QStringList { u"render-42"_s }); // kind
    QCOMPARE(keysOf(store, u"render-42"_s), QStringList { u"render-42"_s }); // key
    QCOMPARE(keysOf(store, u"bucket"_s), QStringList { u"render-42"_s }); // a log line only
    QCOMPARE(keysOf(store, u"upload"_s), QStringList { u"render-42"_s }); // word prefix
    QCOMPARE(keysOf(store, u"postgres"_s), QStringList { u"etl-7"_s }); // the error
    QCOMPARE(keysOf(store, u"disk"_s), (QStringList { u"etl-8"_s, u"etl-7"_s })); // newest first
    QCOMPARE(keysOf(store, u"disk full"_s), QStringList { u"etl-7"_s }); // every word
    QCOMPARE(keysOf(store, u"nothing-like-this"_s), QStringList {});

    // The index follows a changed title, and a failure's error.
    Event renamed = makeEvent(u"render-42"_s, EventType::JobProgress);
    renamed.title = u"Annual summary"_s;
    QVERIFY(testing::commit(store, { renamed }));
    QCOMPARE(keysOf(store, u"quarterly"_s), QStringList {});
    QCOMPARE(keysOf(store, u"annual"_s), QStringList { u"render-42"_s });
    // Combined with the other filters.
    JobQuery failedDisk;
    failedDisk.search = u"disk"_s;
    failedDisk.status = JobStatus::Failed;
    QCOMPARE(store.jobs(failedDisk).jobs.size(), 1);

    // Retention's deletes take their messages out of the index. A log's lines stay with
    // their job (pruned with it, or cut by the per-job limit), and are found as long as the
    // log shows them.
    store.setRetention({ 90, 1, 100 }, 10);
    QTRY_COMPARE(store.eventsAfter(0, 100).size(), 1);
    QCOMPARE(keysOf(store, u"bucket"_s), QStringList { u"render-42"_s });
    QCOMPARE(store.searchLog(u"render-42"_s, u"bucket"_s, 10).size(), 1);
    QVariant rows;
    QVERIFY(m_backend.execBeside(m_path, u"SELECT count(*) FROM events_fts"_s, &rows));
    QCOMPARE(rows.toInt(), 0); // the newest event (no message) is all that is left
}

void TestStore::searchTextIsNeverQuerySyntax()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    Event a = makeEvent(u"a"_s, EventType::Log);
    a.message = u"said \"hello\" OR goodbye; NEAR the end -- x*y"_s;
    Event b = makeEvent(u"b"_s, EventType::Log);
    b.message = u"plain words"_s;
    QVERIFY(testing::commit(store, { a, b }));
    // FTS5 operators and quotes are searched for as words, never parsed; none is an error.
    QCOMPARE(keysOf(store, u"\"hello"_s), QStringList { u"a"_s });
    QCOMPARE(keysOf(store, u"OR"_s), QStringList { u"a"_s });
    QCOMPARE(keysOf(store, u"NEAR("_s), QStringList { u"a"_s });
    QCOMPARE(keysOf(store, u"words OR said"_s), QStringList {}); // OR is a word, not "either"
    QCOMPARE(keysOf(store, u"x*y"_s), QStringList { u"a"_s });
    QCOMPARE(keysOf(store, u"-plain"_s), QStringList { u"b"_s });
    for (const QString &noWord : { u"%"_s, u"\""_s, u"*"_s, u"( )"_s, u"   "_s }) {
        QCOMPARE(keysOf(store, noWord), QStringList {});
    }
}

void TestStore::migrationIndexesExistingHistory()
{
    // A database of schema 3 (before search and sources): opening it indexes what it holds.
    if (m_backend.isPostgres()) {
        QSKIP("no PostgreSQL database is older than schema 5");
    }
    {
        Store store;
        QString error;
        QVERIFY(store.open(m_path, Durability::Normal, &error));
        Event e = makeEvent(u"old-job"_s, EventType::JobFailed);
        e.title = u"Legacy backup"_s;
        e.message = u"tape drive offline"_s;
        Event log = makeEvent(u"old-job"_s, EventType::Log);
        log.message = u"mounting\nrewinding"_s;
        QVERIFY(testing::commit(store, { log, makeEvent(u"old-job"_s, EventType::Log), e }));
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"downgrade"_s);
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (const QString &sql : { u"DROP TABLE job_labels"_s, u"DROP INDEX jobs_parent"_s,
                 u"ALTER TABLE jobs DROP COLUMN parent"_s, u"ALTER TABLE jobs DROP COLUMN labels"_s,
                 u"DROP TRIGGER forward_attempts_delete"_s, u"DROP TABLE forward_attempts"_s,
                 u"ALTER TABLE deliveries DROP COLUMN replay_of"_s, u"DROP TABLE log_fts"_s,
                 u"DROP TABLE log_indexed"_s, u"DROP TRIGGER log_chunks_delete"_s,
                 u"DROP TABLE log_chunks"_s, u"ALTER TABLE jobs DROP COLUMN log_lines"_s,
                 u"ALTER TABLE jobs DROP COLUMN log_bytes"_s, u"DROP TABLE jobs_fts"_s,
                 u"DROP TABLE events_fts"_s, u"DROP INDEX jobs_source"_s,
                 u"DROP TRIGGER events_fts_delete"_s, u"DROP TRIGGER jobs_fts_delete"_s,
                 u"ALTER TABLE jobs DROP COLUMN source"_s, u"PRAGMA user_version = 3"_s }) {
            QVERIFY2(q.exec(sql), qPrintable(sql + u": "_s + q.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"downgrade"_s);
    Store store;
    QString error;
    QVERIFY2(store.open(m_path, Durability::Normal, &error), qPrintable(error));
    QCOMPARE(keysOf(store, u"legacy"_s), QStringList { u"old-job"_s });
    QCOMPARE(keysOf(store, u"tape"_s), QStringList { u"old-job"_s });
    QCOMPARE(store.jobSnapshot(u"old-job"_s)->source, QString());
    // Its log events became numbered lines (schema 5), a message with a newline two of them.
    const auto log = store.logPage(u"old-job"_s, 1, 10);
    QVERIFY(log);
    QCOMPARE(log->total, 3);
    QCOMPARE(log->lines.size(), 3);
    QCOMPARE(log->lines.at(1).text, u"rewinding"_s);
    QCOMPARE(log->lines.at(2).number, 3);
    QCOMPARE(log->lines.at(2).text, u"line"_s);
    QCOMPARE(store.jobSnapshot(u"old-job"_s)->logLines, 3);
    // And are found, by the log's own index (schema 10).
    QCOMPARE(keysOf(store, u"rewinding"_s), QStringList { u"old-job"_s });
    QCOMPARE(store.searchLog(u"old-job"_s, u"rewind"_s, 10).value(0).number, 2);
}

void TestStore::sourceAndCreationDateFilters()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Event> events;
    for (int day = 0; day < 10; ++day) {
        Event e = makeEvent(u"day-%1"_s.arg(day), EventType::JobQueued);
        e.time = now.addDays(-day);
        e.origin = day % 2 ? u"ci-redis"_s : u"prefect"_s;
        events.prepend(e); // oldest first: rowids follow creation
    }
    QVERIFY(testing::commit(store, events));
    // The first hook or source to bring a job keeps it.
    Event later = makeEvent(u"day-0"_s, EventType::JobStarted);
    later.origin = u"ci-redis"_s;
    QVERIFY(testing::commit(store, { later }));
    QCOMPARE(store.jobSnapshot(u"day-0"_s)->source, u"prefect"_s);

    JobQuery redis;
    redis.source = u"ci-redis"_s;
    QCOMPARE(store.jobs(redis).jobs.size(), 5);
    JobQuery week;
    week.createdFrom = now.addDays(-6).addSecs(-60); // days 0..6
    week.createdBefore = now.addDays(-1).addSecs(60); // not day 0
    week.limit = 2;
    QStringList seen;
    do {
        const JobPage page = store.jobs(week);
        for (const Job &j : page.jobs) {
            seen << j.key;
        }
        week.before = page.next;
    } while (week.before != 0);
    QCOMPARE(seen,
        (QStringList { u"day-1"_s, u"day-2"_s, u"day-3"_s, u"day-4"_s, u"day-5"_s, u"day-6"_s }));
}

// PostgreSQL's text cannot hold U+0000 (a build's binary output can): every store keeps it
// as U+FFFD instead of failing the batch, the same on both.
void TestStore::nulCharactersAreKeptAsReplacement()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    const QString nul(QChar(u'\0'));
    const QString fffd(QChar::ReplacementCharacter);
    Event started = makeEvent(u"bin"_s + nul + u"ary"_s, EventType::StepStarted);
    started.title = u"title"_s + nul;
    started.message = u"a"_s + nul + u"b"_s;
    started.step = StepRef { 1, u"st"_s + nul + u"ep"_s, 2 };
    started.labels = { { u"branch"_s, u"ma"_s + nul + u"in"_s } };
    Event log = makeEvent(started.job, EventType::Log);
    log.message.clear();
    log.lines = { { u"x"_s + nul + u"y"_s, {}, {} }, { u"plain"_s, {}, {} } };
    QVERIFY(testing::commit(store, { started, log }));
    const QString key = u"bin"_s + fffd + u"ary"_s;
    const auto job = store.jobSnapshot(key);
    QVERIFY(job);
    QCOMPARE(job->title, u"title"_s + fffd);
    QCOMPARE(job->labels.value(u"branch"_s), u"ma"_s + fffd + u"in"_s);
    const auto page = store.logPage(key, 1, 10);
    QVERIFY(page);
    QCOMPARE(page->lines.size(), 2);
    QCOMPARE(page->lines.first().text, u"x"_s + fffd + u"y"_s);
    const QList<StoredEvent> events = store.eventsAfter(0, 10);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.first().event.message, u"a"_s + fffd + u"b"_s);
    QCOMPARE(events.first().event.step->name, u"st"_s + fffd + u"ep"_s);
    // A delivery's reason (a refused sender's own text) is kept the same way.
    Delivery d;
    d.received = QDateTime::currentDateTimeUtc();
    d.method = "POST";
    d.path = u"/v1/events"_s;
    d.verdict = u"rejected"_s;
    d.reason = u"unknown type 'a"_s + nul + u"'"_s;
    d.body = QByteArray("{\"type\":\"a\\u0000\"}");
    d.bodySize = d.body.size();
    d.status = 422;
    store.recordDelivery(d);
    QTRY_COMPARE(store.deliveries(10).size(), 1);
    QCOMPARE(store.deliveries(10).first().reason, u"unknown type 'a"_s + fffd + u"'"_s);
}

// A followed log asks for its shape (lines, the cut-out marker) on every turn: the marker is
// found by its own index, not among all the job's chunk rows (schema 9).
void TestStore::logMarkerIsOneLookup()
{
    if (m_backend.isPostgres()) {
        QSKIP("the plan is asked of SQLite");
    }
    {
        Store store;
        QString error;
        QVERIFY(store.open(m_path, Durability::Normal, &error));
        QVERIFY(testing::commit(store, { makeEvent(u"build"_s, EventType::Log) }));
        QCOMPARE(store.logShape(u"build"_s)->total, 1);
    }
    const QString steps =
        queryPlan(m_path, u"SELECT first FROM log_chunks WHERE job = 'build' AND seq = 0"_s);
    QVERIFY2(steps.contains(u"log_chunks_marker"_s), qPrintable(steps));
}

// The full-text index is merged while the writer is idle, not during a burst of commits
// (schema 11): forty commits in a row leave forty segments (FTS5's automerge kept about ten,
// at a cost to every commit); a moment of quiet later they are merged, and every event is
// still found.
void TestStore::fullTextIndexIsMergedWhileIdle()
{
    if (m_backend.isPostgres()) {
        QSKIP("FTS5 is SQLite's; PostgreSQL's GIN index merges its own pending list");
    }
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    for (int i = 0; i < 40; ++i) {
        Event e = makeEvent(u"job-%1"_s.arg(i), EventType::JobStarted);
        e.message = u"word%1 common"_s.arg(i);
        QVERIFY(testing::commit(store, { e }));
    }
    // A segment's pages have row ids from its number shifted left by 37 (fts5Int.h).
    const auto segments = [this] {
        return sqliteColumn(
            m_path, u"SELECT count(DISTINCT id >> 37) FROM events_fts_data WHERE id >= (1 << 37)"_s)
            .value(0)
            .toInt();
    };
    QVERIFY2(segments() >= 30, qPrintable(QString::number(segments())));
    QTRY_VERIFY2_WITH_TIMEOUT(segments() <= 4, qPrintable(QString::number(segments())), 10000);
    QCOMPARE(keysOf(store, u"common"_s).size(), 40);
    QCOMPARE(keysOf(store, u"word17"_s), QStringList { u"job-17"_s });
    QCOMPARE(
        sqliteColumn(m_path, u"INSERT INTO events_fts (events_fts) VALUES ('integrity-check')"_s),
        QStringList());
}

void TestStore::parentAndLabelFilters()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    const auto labelled = [](const QString &key, const QString &parent, const QString &repo,
                              const QString &branch) {
        Event e = makeEvent(key, EventType::JobStarted);
        e.parent = parent;
        e.labels = { { u"repository"_s, repo }, { u"branch"_s, branch } };
        return e;
    };
    QVERIFY(testing::commit(store,
        { labelled(u"run-1"_s, {}, u"acme/api"_s, u"main"_s),
            labelled(u"run-1/build"_s, u"run-1"_s, u"acme/api"_s, u"main"_s),
            labelled(u"run-1/test"_s, u"run-1"_s, u"acme/api"_s, u"main"_s),
            labelled(u"run-2"_s, {}, u"acme/api"_s, u"fix-login"_s),
            labelled(u"run-3"_s, {}, u"acme/web"_s, u"main"_s) }));
    const auto keys = [&store](const JobQuery &q) {
        QStringList list;
        for (const Job &job : store.jobs(q).jobs) {
            list << job.key;
        }
        return list;
    };
    JobQuery children;
    children.parent = u"run-1"_s;
    QCOMPARE(keys(children), (QStringList { u"run-1/test"_s, u"run-1/build"_s }));
    QCOMPARE(store.countJobs(children), 2);
    JobQuery apiMain;
    apiMain.labels = { { u"repository"_s, u"acme/api"_s }, { u"branch"_s, u"main"_s } };
    QCOMPARE(keys(apiMain), (QStringList { u"run-1/test"_s, u"run-1/build"_s, u"run-1"_s }));
    JobQuery main;
    main.labels = { { u"branch"_s, u"main"_s } };
    QCOMPARE(store.countJobs(main), 4);
    // A job read back carries its parent and labels.
    const auto build = store.jobSnapshot(u"run-1/build"_s);
    QCOMPARE(build->parent, u"run-1"_s);
    QCOMPARE(build->labels.value(u"repository"_s), u"acme/api"_s);
    // A later event changes a label: the filter follows it (the old value finds nothing).
    Event moved = makeEvent(u"run-2"_s, EventType::JobProgress);
    moved.labels = { { u"branch"_s, u"main"_s }, { u"actor"_s, u"octocat"_s } };
    QVERIFY(testing::commit(store, { moved }));
    JobQuery fix;
    fix.labels = { { u"branch"_s, u"fix-login"_s } };
    QCOMPARE(keys(fix), QStringList());
    JobQuery octocat;
    octocat.labels = { { u"actor"_s, u"octocat"_s }, { u"repository"_s, u"acme/api"_s } };
    QCOMPARE(keys(octocat), QStringList { u"run-2"_s });
    QCOMPARE(store.jobSnapshot(u"run-2"_s)->labels.value(u"repository"_s), u"acme/api"_s);
    // The label filter is answered by the index, not by reading every job (the plan asked of
    // SQLite; PostgreSQL's planner picks a scan for a table this small).
    if (m_backend.isPostgres()) {
        return;
    }
    const QString steps = queryPlan(
        m_path, u"SELECT job_id FROM job_labels WHERE name = 'branch' AND value = 'main'"_s);
    QVERIFY2(steps.contains(u"job_labels_value"_s), qPrintable(steps));
}

void TestStore::kindTrendOfLastRuns()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-3600);
    // Runs of "render": 10, 20, 30, 40 s succeeded; 50 s failed at step 2 "Upload"; 60 s
    // failed at step 2; 5 s canceled; one still running (not a finished run).
    const QList<std::pair<int, EventType>> runs { { 10, EventType::JobSucceeded },
        { 20, EventType::JobSucceeded }, { 30, EventType::JobSucceeded },
        { 40, EventType::JobSucceeded }, { 50, EventType::JobFailed }, { 60, EventType::JobFailed },
        { 5, EventType::JobCanceled } };
    for (int i = 0; i < runs.size(); ++i) {
        const QString key = u"render-%1"_s.arg(i);
        Event start = makeEvent(key, EventType::JobStarted);
        start.kind = u"render"_s;
        start.time = t0;
        Event end = makeEvent(key, runs.at(i).second);
        end.time = t0.addSecs(runs.at(i).first);
        QList<Event> events { start };
        if (runs.at(i).second == EventType::JobFailed) {
            Event step = makeEvent(key, EventType::StepFailed);
            step.step = StepRef { 2, u"Upload"_s, 3 };
            step.time = end.time;
            events << step;
        }
        events << end;
        QVERIFY(testing::commit(store, events));
    }
    Event running = makeEvent(u"render-live"_s, EventType::JobStarted);
    running.kind = u"render"_s;
    QVERIFY(testing::commit(store, { running }));

    const KindTrend trend = store.kindTrend(u"render"_s);
    QCOMPARE(trend.runs.size(), 7);
    QCOMPARE(trend.runs.first().key, u"render-0"_s); // oldest first
    QCOMPARE(trend.runs.first().seconds, 10.0);
    QCOMPARE(trend.runs.last().status, JobStatus::Canceled);
    QCOMPARE(*trend.p50, 30.0); // of 5, 10, 20, 30, 40, 50, 60
    QCOMPARE(*trend.p90, 54.0); // between 50 and 60
    QCOMPARE(trend.successRate, 4.0 / 7.0);
    QCOMPARE(trend.failingStep, u"Upload"_s);
    QCOMPARE(trend.failingStepIndex, 2);
    QCOMPARE(trend.failingStepCount, 2);
    // The last N only; another kind has no runs.
    QCOMPARE(store.kindTrend(u"render"_s, 3).runs.size(), 3);
    QCOMPARE(store.kindTrend(u"render"_s, 3).runs.first().key, u"render-4"_s);
    QVERIFY(store.kindTrend(u"other"_s).runs.isEmpty());
    QVERIFY(!store.kindTrend(u"other"_s).p50);
}

void TestStore::liveSearchLooksAtTheNewestMatches()
{
    // The live list's search reads only the newest SearchRecentEvents matching log lines (its
    // jobs are the newest); the history's query reads them all.
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    Event old = makeEvent(u"ancient"_s, EventType::Log);
    old.message = u"needle in the oldest line"_s;
    QVERIFY(testing::commit(store, { old }));
    for (int done = 0; done < Store::SearchRecentEvents;) {
        QList<Event> batch;
        for (int i = 0; i < 1000 && done < Store::SearchRecentEvents; ++i, ++done) {
            Event e = makeEvent(u"recent"_s, EventType::Log);
            e.message = u"needle %1"_s.arg(done);
            batch << e;
        }
        QVERIFY(testing::commit(store, batch));
    }
    QCOMPARE(store.searchJobKeys(u"needle"_s), QStringList { u"recent"_s });
    JobQuery all;
    all.search = u"needle"_s;
    QCOMPARE(store.jobs(all).jobs.size(), 2);
}

void TestStore::failingStatementFailsItsBatchOnly()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    // A job the database refuses to insert: its batch fails, the others commit.
    QVERIFY(m_backend.refuseInserts(m_path, u"jobs"_s, u"NEW.key = 'refused'"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"refused by the test"_s));
    std::optional<IngestResult> failed;
    std::optional<IngestResult> fine;
    store.submit({ makeEvent(u"beside"_s, EventType::JobStarted),
                     makeEvent(u"refused"_s, EventType::JobStarted) },
        &store, [&failed](const IngestResult &r) { failed = r; });
    store.submit({ makeEvent(u"fine"_s, EventType::JobStarted) }, &store,
        [&fine](const IngestResult &r) { fine = r; });
    QTRY_VERIFY(failed && fine);
    QCOMPARE(failed->status, IngestResult::Status::Unavailable);
    QVERIFY2(failed->error.contains(u"refused by the test"_s), qPrintable(failed->error));
    QCOMPARE(failed->accepted, 0);
    QCOMPARE(fine->status, IngestResult::Status::Committed);
    // All or nothing: the job beside the refused one was not kept either.
    QVERIFY(!store.jobSnapshot(u"beside"_s));
    QVERIFY(store.jobSnapshot(u"fine"_s));
    const QList<StoredEvent> events = store.eventsAfter(0, 100);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().event.job, u"fine"_s);
}

void TestStore::rolledBackBatchLeavesNoJobBehind()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    // The events apply, then storing the source's cursor fails: the batch is rolled back.
    QVERIFY(m_backend.refuseInserts(m_path, u"source_cursors"_s, u"TRUE"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"refused by the test"_s));
    std::optional<IngestResult> failed;
    store.submit({ makeEvent(u"again"_s, EventType::JobStarted) },
        SourceCursor { u"feed"_s, u"1"_s }, &store,
        [&failed](const IngestResult &r) { failed = r; });
    QTRY_VERIFY(failed);
    QCOMPARE(failed->status, IngestResult::Status::Unavailable);
    QVERIFY(!store.jobSnapshot(u"again"_s));
    QCOMPARE(store.sourceCursor(u"feed"_s), QString());
    // The same job sent again is stored: the writer did not keep the rolled-back job.
    QVERIFY(testing::commit(store, { makeEvent(u"again"_s, EventType::JobStarted) }));
    const auto job = store.jobSnapshot(u"again"_s);
    QVERIFY(job);
    QCOMPARE(job->eventCount, 1);
    QCOMPARE(job->status, JobStatus::Running);
}

void TestStore::failedReadIsReported()
{
    // A read that fails answers as if nothing matched, and says so: the dashboard's error sink
    // shows it instead of an inspector that is silently empty.
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    QSignalSpy failed(&store, &Store::readFailed);
    QVERIFY(store.deliveries(10).isEmpty());
    QCOMPARE(failed.count(), 0); // empty, not failed
    QVERIFY(m_backend.execBeside(m_path, u"DROP TABLE deliveries"_s));
    QVERIFY(store.deliveries(10).isEmpty());
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(0).toString(), u"deliveries"_s);
    QVERIFY2(failed.first().at(1).toString().contains(u"deliveries"_s),
        qPrintable(failed.first().at(1).toString()));
}

void TestStore::secondWriterIsRefused()
{
    if (m_backend.isPostgres()) {
        QSKIP("the lock is a SQLite file's; PostgreSQL takes several writers");
    }
    Store first;
    QString error;
    QVERIFY2(first.open(m_path, Durability::Normal, &error), qPrintable(error));
    QVERIFY(testing::commit(first, { makeEvent(u"j"_s, EventType::JobStarted) }));

    // Another writer on the same file, also through another spelling of its path.
    for (const QString &path :
        { m_path, m_backend.dir() + u"/./"_s + QFileInfo(m_path).fileName() }) {
        Store second;
        QVERIFY(!second.open(path, Durability::Normal, &error));
        QVERIFY(!second.isOpen());
        const QString pid = QString::number(QCoreApplication::applicationPid());
        QVERIFY2(error.contains(u"pid "_s + pid), qPrintable(error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(u"--db"_s), qPrintable(error));
        QCOMPARE(second.lockHolderPid(), QCoreApplication::applicationPid());
    }

    // Readers are not writers: the CLI's offline verbs read it meanwhile.
    Store reader;
    QVERIFY2(reader.openReadOnly(m_path, &error), qPrintable(error));
    QVERIFY(reader.jobSnapshot(u"j"_s));

    // Once the first closes, the next writer opens it.
    first.close();
    Store next;
    QVERIFY2(next.open(m_path, Durability::Normal, &error), qPrintable(error));
    QCOMPARE(next.lockHolderPid(), 0);
    QVERIFY(next.jobSnapshot(u"j"_s));
}

void TestStore::concurrentCreatorsMigrateOnce()
{
    // Processes starting at once on a new database each migrate on their own connection:
    // all of them end up with the whole schema, none fails half-way ("already exists").
    for (int round = 0; round < 10; ++round) {
        const QString path = m_backend.newLocation();
        constexpr int Creators = 6;
        std::atomic<int> ready = 0;
        QStringList errors(Creators);
        std::vector<std::unique_ptr<QThread>> threads;
        for (int i = 0; i < Creators; ++i) {
            threads.emplace_back(QThread::create([&, i] {
                const QString name = QUuid::createUuid().toString();
                {
                    QString error;
                    QSqlDatabase db = StoreTarget::parse(path, &error)->addConnection(name);
                    if (!m_backend.isPostgres()) {
                        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
                    }
                    ++ready;
                    while (ready < Creators) { } // start together
                    if (!db.open() || !sql::migrate(db, &error)) {
                        errors[i] = error.isEmpty() ? db.lastError().text() : error;
                    }
                    db.close();
                }
                QSqlDatabase::removeDatabase(name);
            }));
            threads.back()->start();
        }
        for (auto &t : threads) {
            QVERIFY(t->wait(30000));
        }
        for (const QString &e : std::as_const(errors)) {
            QVERIFY2(e.isEmpty(), qPrintable(u"round %1: %2"_s.arg(round).arg(e)));
        }
        Store store;
        QString error;
        QVERIFY2(store.open(path, Durability::Normal, &error), qPrintable(error));
        QVERIFY(testing::commit(store, { makeEvent(u"j"_s, EventType::JobStarted) }));
    }
}

void TestStore::failingWritesAreReportedUntilTheyWork()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    QVERIFY(testing::commit(store, { makeEvent(u"j"_s, EventType::JobStarted) }));
    QSignalSpy writable(&store, &Store::writableChanged);
    // As on a full disk: the file may not grow (SQLITE_FULL). PostgreSQL: as on a server
    // that went read-only (a standby after a failover).
    const bool pg = m_backend.isPostgres();
    const QString why = pg ? u"read-only"_s : u"full"_s;
    QVERIFY(store.runOnWriter([pg](QSqlDatabase &db) {
        QSqlQuery(db).exec(pg ? u"SET default_transaction_read_only = on"_s
                              : u"PRAGMA max_page_count = 1"_s); // clamped to the current size
    }));
    Event big = makeEvent(u"j"_s, EventType::Log);
    big.message = QString(64 * 1024, u'x');
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(why));
    const auto failed = testing::submitAndWait(store, { big });
    QVERIFY(failed);
    QCOMPARE(failed->status, IngestResult::Status::Unavailable);
    QTRY_COMPARE(writable.size(), 1);
    QCOMPARE(writable.first().at(0).toBool(), false);
    QVERIFY2(store.writeError().contains(why), qPrintable(store.writeError()));

    // Space returns: the writer finds out by itself, without a sender trying again.
    QVERIFY(store.runOnWriter([pg](QSqlDatabase &db) {
        QSqlQuery(db).exec(pg ? u"SET default_transaction_read_only = off"_s
                              : u"PRAGMA max_page_count = 1073741823"_s);
    }));
    QTRY_COMPARE_WITH_TIMEOUT(writable.size(), 2, 5000);
    QCOMPARE(writable.last().at(0).toBool(), true);
    QVERIFY(store.writeError().isEmpty());
    QVERIFY(testing::commit(store, { big }));
}

// Each backend's run is its own class, so that the output names the backend of a failure.
class TestStoreSqlite : public TestStore
{
    Q_OBJECT
public:
    TestStoreSqlite()
        : TestStore(testing::Backend::Sqlite)
    { }
};

class TestStorePostgres : public TestStore
{
    Q_OBJECT
public:
    TestStorePostgres()
        : TestStore(testing::Backend::Postgres)
    { }
};

namespace {

/** A chunk of @p lines as `run` sends it (plain strings on the chunk's stream). */
Event chunkOf(const QString &job, const QStringList &lines)
{
    Event e = makeEvent(job, EventType::Log);
    e.message.clear();
    e.stream = u"stdout"_s;
    for (const QString &line : lines) {
        e.lines.append({ line, {}, {} });
    }
    return e;
}

} // namespace

// Issue 12: a log's lines are written once. The log's search index (log_fts, schema 10) keeps
// which chunks hold a word, not a second copy of the text (events_fts did: its content table
// and a positional index made each line three writes).
void TestStore::logTextIsNotCopiedByItsIndex()
{
    qint64 textBytes = 0;
    {
        Store store;
        QString error;
        QVERIFY(store.open(m_path, Durability::Normal, &error));
        // 100,000 build-log lines, in 100 chunks of 1,000.
        for (int chunk = 0; chunk < 100; ++chunk) {
            QStringList lines;
            for (int i = 0; i < 1000; ++i) {
                const int n = chunk * 1000 + i;
                lines
                    << u"[%1%] Building CXX object src/module%2/CMakeFiles/target.dir/file%3.cpp.o"_s
                           .arg(n / 1000, 3)
                           .arg(n % 97)
                           .arg(n);
                textBytes += lines.last().size() + 1;
            }
            QVERIFY(testing::commit(store, { chunkOf(u"build"_s, lines) }));
        }
        QCOMPARE(store.jobSnapshot(u"build"_s)->logLines, 100000);
        QCOMPARE(store.searchLog(u"build"_s, u"file54321.cpp"_s, 10).value(0).number, 54322);
    }
    QVariant rows;
    QVERIFY(m_backend.execBeside(m_path, u"SELECT count(*) FROM events_fts"_s, &rows));
    QCOMPARE(rows.toInt(), 0); // no log line among the messages' index
    if (m_backend.isPostgres()) {
        // The log's index has the words only: no column for the text.
        QVERIFY(m_backend.execBeside(m_path,
            u"SELECT count(*) FROM information_schema.columns WHERE table_name = 'log_fts' "
            u"AND column_name NOT IN ('rowid', 'doc')"_s,
            &rows));
        QCOMPARE(rows.toInt(), 0);
        return;
    }
    // The whole database (text, chunk rows, events, both indexes) stays within 1.3 × the
    // text: a second copy would make it over 2 ×.
    QVariant pages;
    QVariant pageSize;
    QVERIFY(m_backend.execBeside(m_path, u"PRAGMA page_count"_s, &pages));
    QVERIFY(m_backend.execBeside(m_path, u"PRAGMA page_size"_s, &pageSize));
    const qint64 bytes = pages.toLongLong() * pageSize.toLongLong();
    QVERIFY2(bytes < textBytes * 13 / 10,
        qPrintable(u"%1 bytes for %2 bytes of text"_s.arg(bytes).arg(textBytes)));
}

// The index has no phrases (detail=none): a word with punctuation is asked for as its tokens,
// and the lines are checked for the word itself. Every search that found a log line does.
void TestStore::logWordFindsItsLineAndJob()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    QVERIFY(testing::commit(store,
        { chunkOf(u"build"_s,
              { u"compiling foo.c"_s, u"error: disk-full on /dev/sda1 writing foo.bar"_s,
                  u"disk ok"_s, u"full stop"_s, u"linking"_s }),
            chunkOf(u"other"_s, { u"disk usage"_s, u"full backup"_s, u"foo bar"_s }) }));
    // The detail's log search: the line with the word itself, not lines with its tokens.
    const auto lines = [&store](const QString &job, const QString &text) {
        QList<qint64> numbers;
        for (const StoredLogLine &line : store.searchLog(job, text, 10)) {
            numbers << line.number;
        }
        return numbers;
    };
    QCOMPARE(lines(u"build"_s, u"disk-full"_s), QList<qint64> { 2 });
    QCOMPARE(lines(u"build"_s, u"foo.bar"_s), QList<qint64> { 2 });
    QCOMPARE(lines(u"build"_s, u"DISK"_s), (QList<qint64> { 2, 3 }));
    QCOMPARE(lines(u"build"_s, u"sda"_s), QList<qint64> { 2 }); // a word's beginning
    QCOMPARE(lines(u"build"_s, u"isk-fu"_s), QList<qint64> { 2 }); // part of a word
    QCOMPARE(lines(u"other"_s, u"disk-full"_s), QList<qint64> {});
    QCOMPARE(lines(u"other"_s, u"foo.bar"_s), QList<qint64> {});
    // The history's search: the job whose log has the word.
    QCOMPARE(keysOf(store, u"sda1"_s), QStringList { u"build"_s });
    QCOMPARE(keysOf(store, u"linking"_s), QStringList { u"build"_s });
    QCOMPARE(keysOf(store, u"backup"_s), QStringList { u"other"_s });
    // The line shown under each matching job is the one with the word, and opens there.
    const QHash<QString, LogMatch> matches = store.matchingLines(u"foo.bar"_s);
    QCOMPARE(matches.value(u"build"_s).line, u"error: disk-full on /dev/sda1 writing foo.bar"_s);
    QCOMPARE(store.logLineOf(matches.value(u"build"_s).seq, u"foo.bar"_s), 2);
    QCOMPARE(store.matchingLines(u"linking"_s).value(u"build"_s).line, u"linking"_s);
    QVERIFY(!store.matchingLines(u"linking"_s).contains(u"other"_s));
}

// A chunk the per-job limit cuts, or that goes with its pruned job, leaves the log's index:
// a word only in it no longer finds the job.
namespace {
// Whether every log chunk is in the log's search index (SQLite indexes them after their
// commit, when the writer is idle: schema 12).
bool logIndexed(const QString &path)
{
    return sqliteColumn(path,
               u"SELECT (SELECT upto FROM log_indexed) >= "
               u"COALESCE((SELECT MAX(id) FROM log_chunks), 0)"_s)
        == QStringList { u"1"_s };
}

// What the searches a user makes find in a store holding the jobs "pipeline" and "other".
QStringList logSearches(const Store &store)
{
    const QList<StoredLogLine> lines = store.searchLog(u"pipeline"_s, u"quokka-7"_s, 10);
    return { keysOf(store, u"quokka"_s).join(u','), keysOf(store, u"deploy"_s).join(u','),
        keysOf(store, u"ords"_s).join(u','), keysOf(store, u"checksum mismatch"_s).join(u','),
        keysOf(store, u"*"_s).join(u','),
        lines.isEmpty() ? u"-"_s : u"%1 %2"_s.arg(lines.first().number).arg(lines.first().text),
        store.matchingLines(u"deploy"_s).value(u"pipeline"_s).line };
}
} // namespace

void TestStore::cutAndPrunedChunksLeaveTheIndex()
{
    Store store;
    QVERIFY(openWithLogLimit(store, 64 * 1024));
    // An old finished job with a log, which retention prunes below.
    Event oldLog = chunkOf(u"ancient"_s, { u"platypus sighted"_s });
    oldLog.time = QDateTime::currentDateTimeUtc().addDays(-100);
    Event oldEnd = makeEvent(u"ancient"_s, EventType::JobSucceeded);
    oldEnd.time = oldLog.time;
    QVERIFY(testing::commit(store, { oldLog, oldEnd }));
    // 200 chunks of ten 100-byte lines into a 64 KiB log: chunk 20, the only one with
    // "zebrafish", is in the middle that is cut.
    for (int chunk = 0; chunk < 200; ++chunk) {
        QStringList lines;
        for (int i = 0; i < 10; ++i) {
            lines << u"%1 "_s.arg(chunk * 10 + i + 1, 6)
                    + (chunk == 20 && i == 5 ? u"zebrafish"_s : u"aardvark"_s) + QString(84, u'x');
        }
        QVERIFY(testing::commit(store, { chunkOf(u"chatty"_s, lines) }));
    }
    QCOMPARE(keysOf(store, u"platypus"_s), QStringList { u"ancient"_s });
    QVERIFY(store.logShape(u"chatty"_s)->cutLast > 206); // line 206 is gone
    QCOMPARE(keysOf(store, u"zebrafish"_s), QStringList {});
    QVERIFY(store.searchLog(u"chatty"_s, u"zebrafish"_s, 10).isEmpty());
    QVERIFY(store.matchingLines(u"zebrafish"_s).isEmpty());
    QCOMPARE(keysOf(store, u"aardvark"_s), QStringList { u"chatty"_s }); // the lines kept
    QCOMPARE(store.searchLog(u"chatty"_s, u"aardvark"_s, 2000).last().number, 2000);
    // Neither is the cut's marker searched as a line of the log.
    QCOMPARE(keysOf(store, u"middle"_s), QStringList {});

    Retention retention;
    retention.days = 90;
    retention.maxLogBytes = 64 * 1024;
    store.setRetention(retention, 10);
    QTRY_VERIFY(!store.jobSnapshot(u"ancient"_s));
    QCOMPARE(keysOf(store, u"platypus"_s), QStringList {});
    if (!m_backend.isPostgres()) {
        // The index is exactly log_chunks' text: nothing deleted is left in it.
        QTRY_VERIFY(logIndexed(m_path));
        QVERIFY(m_backend.execBeside(
            m_path, u"INSERT INTO log_fts (log_fts, rank) VALUES ('integrity-check', 1)"_s));
    }
}

// The newest log chunks are indexed after the commit that stores them (SQLite): until then
// every search reads them by their text and finds what the index finds.
void TestStore::newestLogIsSearchableBeforeItIsIndexed()
{
    if (m_backend.isPostgres()) {
        QSKIP("PostgreSQL indexes each chunk as it is written");
    }
    {
        Store store;
        QString error;
        QVERIFY(store.open(m_path, Durability::Normal, &error));
        QVERIFY(testing::commit(store,
            { chunkOf(u"pipeline"_s,
                  { u"fetching sources"_s, u"quokka-7 checksum mismatch"_s,
                      u"Stage DEPLOY skipped"_s }),
                chunkOf(u"other"_s, { u"quokkas elsewhere"_s, u"forward words"_s }) }));
    }
    const QStringList expected { u"other,pipeline"_s, u"pipeline"_s, QString(), u"pipeline"_s,
        QString(), u"2 quokka-7 checksum mismatch"_s, u"Stage DEPLOY skipped"_s };
    // As a commit leaves them, before the writer's next idle moment: none is indexed.
    for (const QString &statement : { u"INSERT INTO log_fts (log_fts) VALUES ('delete-all')"_s,
             u"UPDATE log_indexed SET upto = 0"_s }) {
        QVERIFY(m_backend.execBeside(m_path, statement));
    }
    QCOMPARE(sqliteColumn(m_path, u"SELECT count(*) FROM log_fts WHERE log_fts MATCH 'quokka*'"_s),
        QStringList { u"0"_s });
    {
        Store reader;
        QString error;
        QVERIFY2(reader.openReadOnly(m_path, &error), qPrintable(error));
        QCOMPARE(logSearches(reader), expected);
    }
    // A writer indexes them once it is idle, and the index finds the same.
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    QTRY_VERIFY(logIndexed(m_path));
    QCOMPARE(sqliteColumn(m_path, u"SELECT count(*) FROM log_fts WHERE log_fts MATCH 'quokka*'"_s),
        QStringList { u"2"_s });
    QCOMPARE(logSearches(store), expected);
    QVERIFY(m_backend.execBeside(
        m_path, u"INSERT INTO log_fts (log_fts, rank) VALUES ('integrity-check', 1)"_s));
}

// SQLite gives a new row the highest id again once that row is gone: a chunk that gets an id
// the index's mark has passed is indexed with its commit, or it would never be.
void TestStore::chunkBelowTheIndexMarkIsIndexedAtOnce()
{
    if (m_backend.isPostgres()) {
        QSKIP("PostgreSQL indexes each chunk as it is written");
    }
    Store store;
    QString error;
    QVERIFY(store.open(m_path, Durability::Normal, &error));
    Event oldLog = chunkOf(u"ancient"_s, { u"platypus sighted"_s });
    oldLog.time = QDateTime::currentDateTimeUtc().addDays(-100);
    Event oldEnd = makeEvent(u"ancient"_s, EventType::JobSucceeded);
    oldEnd.time = oldLog.time;
    QVERIFY(testing::commit(store, { chunkOf(u"kept"_s, { u"first"_s }), oldLog, oldEnd }));
    QTRY_VERIFY(logIndexed(m_path));
    Retention retention;
    retention.days = 90;
    store.setRetention(retention, 10);
    QTRY_VERIFY(!store.jobSnapshot(u"ancient"_s)); // its chunk, the highest id, is gone
    QVERIFY(testing::commit(store, { chunkOf(u"fresh"_s, { u"narwhal ahoy"_s }) }));
    QCOMPARE(sqliteColumn(m_path,
                 u"SELECT id <= (SELECT upto FROM log_indexed) FROM log_chunks "
                 u"WHERE job = 'fresh'"_s),
        QStringList { u"1"_s });
    QCOMPARE(keysOf(store, u"narwhal"_s), QStringList { u"fresh"_s });
    QVERIFY(m_backend.execBeside(
        m_path, u"INSERT INTO log_fts (log_fts, rank) VALUES ('integrity-check', 1)"_s));
}

// A database of schema 9 kept its log lines' words in events_fts: opening it moves them to
// the log's own index, and the old log is found as before.
void TestStore::schema9LogIsSearchableAfterMigration()
{
    {
        Store store;
        QString error;
        QVERIFY(store.open(m_path, Durability::Normal, &error));
        Event failed = makeEvent(u"legacy"_s, EventType::JobFailed);
        failed.message = u"gave up"_s;
        QVERIFY(testing::commit(store,
            { chunkOf(u"legacy"_s, { u"fetching sources"_s, u"quokka-7 checksum mismatch"_s }),
                failed }));
    }
    // Back to schema 9: no log index, each chunk's text indexed as its event's message.
    const QStringList downgrade = m_backend.isPostgres()
        ? QStringList { u"DROP TABLE log_fts"_s,
              u"INSERT INTO events_fts (rowid, message, doc) SELECT seq, text, "
              u"to_tsvector('simple', text) FROM log_chunks WHERE seq > 0"_s,
              u"UPDATE jobpulse_schema SET version = 9"_s }
        : QStringList { u"DROP TRIGGER log_fts_delete"_s, u"DROP TABLE log_fts"_s,
              u"DROP TABLE log_indexed"_s,
              u"INSERT INTO events_fts (rowid, message) SELECT seq, text FROM log_chunks "
              u"WHERE seq > 0"_s,
              u"PRAGMA user_version = 9"_s };
    for (const QString &statement : downgrade) {
        QVERIFY(m_backend.execBeside(m_path, statement));
    }
    QVariant rows;
    QVERIFY(m_backend.execBeside(m_path, u"SELECT count(*) FROM events_fts"_s, &rows));
    QCOMPARE(rows.toInt(), 2);

    Store store;
    QString error;
    QVERIFY2(store.open(m_path, Durability::Normal, &error), qPrintable(error));
    QCOMPARE(keysOf(store, u"checksum"_s), QStringList { u"legacy"_s });
    QCOMPARE(keysOf(store, u"quokka"_s), QStringList { u"legacy"_s });
    QCOMPARE(store.searchLog(u"legacy"_s, u"quokka-7"_s, 10).value(0).number, 2);
    QCOMPARE(store.matchingLines(u"checksum"_s).value(u"legacy"_s).line,
        u"quokka-7 checksum mismatch"_s);
    QCOMPARE(keysOf(store, u"gave"_s), QStringList { u"legacy"_s }); // other messages stay
    QVERIFY(m_backend.execBeside(m_path, u"SELECT count(*) FROM events_fts"_s, &rows));
    QCOMPARE(rows.toInt(), 1); // the log's copy has left
    // New lines go to the migrated index too.
    QVERIFY(testing::commit(store, { chunkOf(u"legacy"_s, { u"retrying wombat"_s }) }));
    QCOMPARE(store.searchLog(u"legacy"_s, u"wombat"_s, 10).value(0).number, 3);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestStoreSqlite sqlite;
    TestStorePostgres postgres;
    const int failed = QTest::qExec(&sqlite, argc, argv);
    return failed + QTest::qExec(&postgres, argc, argv);
}

#include "tst_store.moc"
