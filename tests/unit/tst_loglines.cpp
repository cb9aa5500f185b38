// The detail's log over a real SQLite file holding a 1,000,000-line log: every line is a row
// from the start, rows are paged in through the reader thread as they are asked for, new lines
// are appended while the job runs, the search finds one line among them, and lines are copied
// by their numbers.
#include "common/storetesting.h"
#include "store/reader.h"
#include "ui/format.h"
#include "ui/loglinesmodel.h"
#include "ui/logsearchmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {
constexpr qint64 Lines = 1000000;
constexpr qint64 Rare = 734211;
constexpr int LinesPerChunk = 1000; // as `run` sends them: many lines per event

QString lineText(qint64 number)
{
    return number == Rare ? u"error: checksum mismatch in shard-q7 (%1)"_s.arg(number)
                          : u"compiling unit %1 of the build"_s.arg(number);
}

/** Lines @p first … of @p job as one log event: a message of lines (one string, not a
 *  million: the batch stays small in memory) or, @p streams, a `lines` array saying each
 *  line's stream (every tenth stderr, from the first). */
Event chunk(const QString &job, qint64 first, qint64 count, bool streams = false)
{
    Event e;
    e.job = job;
    e.type = EventType::Log;
    e.time = QDateTime::currentDateTimeUtc();
    QStringList lines;
    for (qint64 n = first; n < first + count; ++n) {
        if (streams) {
            e.lines.append({ lineText(n), n % 10 == 1 ? u"stderr"_s : u"stdout"_s, {} });
        } else {
            lines << lineText(n);
        }
    }
    e.message = lines.join(u'\n');
    return e;
}
} // namespace

class TestLogLines : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Store m_store;
    StoreReader m_reader;
    LogLinesModel m_log;
    LogSearchModel m_search;

    QString text(int row) const
    {
        return m_log.data(m_log.index(row), LogLinesModel::TextRole).toString();
    }
    bool loaded(int row) const
    {
        return m_log.data(m_log.index(row), LogLinesModel::LoadedRole).toBool();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_store.open(m_dir.filePath(u"log.db"_s), Durability::Normal, &error),
            qPrintable(error));
        // One batch, one transaction: a thousand chunks of a thousand lines.
        QList<Event> events;
        for (qint64 first = 1; first <= Lines; first += LinesPerChunk) {
            events << chunk(u"big-build"_s, first, LinesPerChunk);
        }
        const auto result = testing::submitAndWait(m_store, events, 300000);
        QVERIFY(result && result->status == IngestResult::Status::Committed);
        QVERIFY2(m_reader.open(m_store.path(), &error), qPrintable(error));
        m_log.setStore(&m_store, &m_reader);
        m_search.setLog(&m_log, &m_reader);
    }

    void opensWithEveryLineAsARowAndTheTailRead()
    {
        QAbstractItemModelTester tester(
            &m_log, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy opened(&m_log, &LogLinesModel::opened);
        m_log.setJobKey(u"big-build"_s);
        QVERIFY(opened.wait(20000));
        QCOMPARE(m_log.rowCount(), int(Lines));
        // The tail came with the row count: no placeholder at the end.
        for (int row = int(Lines) - 2 * LogLinesModel::PageSize; row < Lines; ++row) {
            QVERIFY2(loaded(row), qPrintable(u"row %1"_s.arg(row)));
        }
        QCOMPARE(text(int(Lines) - 1), lineText(Lines));
        QCOMPARE(m_log.data(m_log.index(int(Lines) - 1), LogLinesModel::NumberRole).toDouble(),
            double(Lines));
    }

    void aMiddlePageArrivesWhenScrolledTo()
    {
        const int row = 500123;
        QVERIFY(!loaded(row)); // a placeholder: asked for now
        QCOMPARE(text(row), QString());
        QSignalSpy changed(&m_log, &QAbstractItemModel::dataChanged);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(row), 10000);
        QCOMPARE(text(row), lineText(row + 1));
        QCOMPARE(text(row - row % LogLinesModel::PageSize),
            lineText(row - row % LogLinesModel::PageSize + 1));
        QVERIFY(!changed.isEmpty());
        // The first line too.
        text(0);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(0), 10000);
        QCOMPARE(text(0), lineText(1));
    }

    void searchFindsTheRareLineAndItsRow()
    {
        m_search.setText(u"shard-q7"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!m_search.searching(), 20000);
        QCOMPARE(m_search.count(), 1);
        QCOMPARE(m_search.currentLine(), double(Rare));
        QCOMPARE(
            m_search.data(m_search.index(0), LogSearchModel::TextRole).toString(), lineText(Rare));
        const int row = m_log.rowOfLine(m_search.currentLine());
        QCOMPARE(row, int(Rare - 1));
        text(row);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(row), 10000);
        QCOMPARE(text(row), lineText(Rare));
        // Part of a word, not in the index: the job's chunks are scanned for it.
        m_search.setText(u"ecksum mis"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!m_search.searching() && m_search.count() > 0, 30000);
        QCOMPARE(m_search.currentLine(), double(Rare));
        m_search.setText({});
        QTRY_COMPARE(m_search.count(), 0);
    }

    void copiesLinesByNumber()
    {
        QSignalSpy copied(&m_log, &LogLinesModel::copyReady);
        // In the cache: at once.
        m_log.copyLines(double(Lines), double(Lines - 1));
        QCOMPARE(copied.size(), 1);
        QCOMPARE(copied.takeFirst().at(0).toString(),
            lineText(Lines - 1) + u'\n' + lineText(Lines) + u'\n');
        // Mostly not: read.
        m_log.copyLines(100000, 130000);
        QVERIFY(copied.wait(20000));
        const QString text = copied.takeFirst().at(0).toString();
        QCOMPARE(text.count(u'\n'), 30001);
        QVERIFY(text.startsWith(lineText(100000) + u'\n'));
        QVERIFY(text.endsWith(lineText(130000) + u'\n'));
    }

    void followsNewLines()
    {
        QAbstractItemModelTester tester(
            &m_log, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&m_log, &QAbstractItemModel::rowsInserted);
        QVERIFY(testing::commit(m_store, { chunk(u"big-build"_s, Lines + 1, 3, true) }));
        QTRY_COMPARE_WITH_TIMEOUT(m_log.rowCount(), int(Lines) + 3, 10000);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), int(Lines));
        // The new lines came with the rows.
        QVERIFY(loaded(int(Lines) + 2));
        QCOMPARE(text(int(Lines) + 2), lineText(Lines + 3));
        QCOMPARE(m_log.data(m_log.index(int(Lines)), LogLinesModel::StreamRole).toString(),
            u"stderr"_s); // line 1,000,001: every tenth from the first
        QCOMPARE(m_log.data(m_log.index(int(Lines) + 1), LogLinesModel::StreamRole).toString(),
            u"stdout"_s);
        QCOMPARE(m_log.total(), double(Lines + 3));
        // The gutter's clock comes formatted with the line, as the row's time in local time.
        const QDateTime time =
            m_log.data(m_log.index(int(Lines) + 2), LogLinesModel::TimeRole).toDateTime();
        QVERIFY(time.isValid());
        QCOMPARE(m_log.data(m_log.index(int(Lines) + 2), LogLinesModel::ClockRole).toString(),
            Format::clockTime(time));
        QCOMPARE(m_log.data(m_log.index(500), LogLinesModel::ClockRole).toString().isEmpty(),
            !loaded(500));
        // Another job's lines do not add rows here.
        QVERIFY(testing::commit(m_store, { chunk(u"other"_s, 1, 5) }));
        QTest::qWait(100);
        QCOMPARE(m_log.rowCount(), int(Lines) + 3);
    }

    void theCutMiddleIsOneMarkerRow()
    {
        // A log over its limit loses its middle: one row says so; the rows after it move up
        // (a reset of the rows: it happens once per quarter of the limit the log grows).
        m_store.setRetention(Retention { .maxLogBytes = 64 * 1024 });
        QSignalSpy opened(&m_log, &LogLinesModel::opened);
        QVERIFY(testing::commit(m_store, { chunk(u"capped"_s, 1, 100) }));
        m_log.setJobKey(u"capped"_s);
        QVERIFY(opened.wait(10000));
        QAbstractItemModelTester tester(
            &m_log, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m_log.rowCount(), 100);
        QList<Event> more;
        for (qint64 first = 101; first <= 5000; first += 100) {
            more << chunk(u"capped"_s, first, 100);
        }
        for (const Event &e : more) {
            QVERIFY(testing::commit(m_store, { e }));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_log.total(), 5000.0, 10000);
        const LogShape shape = m_log.shape();
        QVERIFY(shape.cutLast > shape.cutFirst);
        QCOMPARE(m_log.rowCount(), int(shape.entries()));
        const int marker = int(shape.cutFirst - 1);
        QCOMPARE(m_log.data(m_log.index(marker), LogLinesModel::OmittedRole).toDouble(),
            double(shape.cutLast - shape.cutFirst + 1));
        text(marker);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(marker), 10000);
        QVERIFY(text(marker).contains(u"cut from the middle"_s));
        text(marker + 1);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(marker + 1), 10000);
        QCOMPARE(text(marker + 1), lineText(shape.cutLast + 1));
        QCOMPARE(text(m_log.rowCount() - 1), lineText(5000));
        QCOMPARE(m_log.rowOfLine(double(shape.cutFirst + 3)), marker);
    }
};

QTEST_GUILESS_MAIN(TestLogLines)
#include "tst_loglines.moc"
