// run's log chunk, written straight into the request body (LogChunkWriter): each line must
// read back exactly as the QJsonArray of QString::fromUtf8() lines run sent before, and the
// receiver's parser must take the body as the same log event.
#include "cli/logchunk.h"
#include "core/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

struct Line
{
    QByteArray bytes;
    bool isStderr = false;
};

// What run sent before LogChunkWriter: a QJsonArray of QString::fromUtf8() lines.
QJsonArray viaQJsonArray(const QString &job, const QList<Line> &lines)
{
    QJsonArray array;
    for (const Line &line : lines) {
        if (line.isStderr) {
            array.append(QJsonObject {
                { u"text"_s, QString::fromUtf8(line.bytes) }, { u"stream"_s, u"stderr"_s } });
        } else {
            array.append(QString::fromUtf8(line.bytes));
        }
    }
    return QJsonArray { QJsonObject { { u"type"_s, u"log"_s }, { u"job"_s, job },
        { u"stream"_s, u"stdout"_s }, { u"lines"_s, array } } };
}

QByteArray viaWriter(const QString &job, const QList<Line> &lines)
{
    QByteArray body = "[";
    cli::LogChunkWriter chunk(body, job);
    for (const Line &line : lines) {
        chunk.addLine(line.bytes, line.isStderr);
    }
    chunk.finish();
    body += ']';
    return body;
}

QByteArray longLine(int seed)
{
    QByteArray line(8192, Qt::Uninitialized);
    for (qsizetype i = 0; i < line.size(); ++i) {
        line[i] = char((i * 37 + seed) % 256 == '\n' ? ' ' : (i * 37 + seed) % 256);
    }
    return line;
}

} // namespace

class TestLogChunk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsBackAsTheQJsonArrayDid_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addRow("plain") << QByteArray("12345 compiling foo.cpp");
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("quotes, backslashes") << QByteArray(R"(say "hi" \ C:\path\ \"\\)");
        QTest::addRow("tab, cr, controls") << QByteArray("a\tb\rc\x01"
                                                         "d\x1f"
                                                         "e\x7f"
                                                         "f\bg\fh\ni");
        QTest::addRow("NUL") << QByteArray("before\0after", 12);
        QTest::addRow("only NULs") << QByteArray(3, '\0');
        QTest::addRow("2-, 3-, 4-byte UTF-8")
            << QByteArray("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
        QTest::addRow("U+2028, U+FFFF") << QByteArray("\xE2\x80\xA8 \xEF\xBF\xBF");
        QTest::addRow("invalid bytes") << QByteArray("bad \xFF\xFE end");
        QTest::addRow("truncated sequence") << QByteArray("euro \xE2\x82");
        QTest::addRow("truncated at the end") << QByteArray("\xF0\x9F\x98");
        QTest::addRow("lone surrogate (ED A0 80)") << QByteArray("x\xED\xA0\x80y");
        QTest::addRow("overlong") << QByteArray("\xC0\xAF\xE0\x80\xAF");
        QTest::addRow("past U+10FFFF") << QByteArray("\xF4\x90\x80\x80");
        QTest::addRow("leading BOM") << QByteArray("\xEF\xBB\xBFwith bom");
        QTest::addRow("BOM inside") << QByteArray("a\xEF\xBB\xBF"
                                                  "b");
        QTest::addRow("two BOMs") << QByteArray("\xEF\xBB\xBF\xEF\xBB\xBF");
        QTest::addRow("8192 bytes, ASCII and escapes")
            << QByteArray("\"\\\t").repeated(8192 / 4) + QByteArray(8192 - 3 * (8192 / 4), 'x');
        QTest::addRow("8192 bytes, every byte value") << longLine(0);
        QTest::addRow("8192 bytes, UTF-8") << QByteArray("\xF0\x9F\x98\x80").repeated(2048);
    }

    void readsBackAsTheQJsonArrayDid()
    {
        QFETCH(QByteArray, line);
        for (const bool isStderr : { false, true }) {
            const QList<Line> lines { { line, isStderr } };
            const QByteArray body = viaWriter(u"job"_s, lines);
            QJsonParseError error {};
            const QJsonDocument parsed = QJsonDocument::fromJson(body, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
            QCOMPARE(parsed.array(), viaQJsonArray(u"job"_s, lines));
        }
    }

    // A whole chunk of mixed lines under an awkward job name: the receiver's own parser takes it
    // as one log event whose lines, streams and order are the command's.
    void theReceiverTakesAWholeChunk()
    {
        const QString job = u"build \"nightly\" \\ \u00e9\U0001F600"_s;
        QList<Line> lines;
        for (int i = 0; i < 2000; ++i) {
            const QByteArray text = i % 5 == 0 ? longLine(i)
                : i % 5 == 1                   ? QByteArray("line ") + QByteArray::number(i)
                : i % 5 == 2                   ? QByteArray("\xED\xA0\x80\"\x01\xFF")
                : i % 5 == 3                   ? QByteArray("\xEF\xBB\xBFtab\there")
                                               : QByteArray();
            lines.append({ text, i % 3 == 0 });
        }
        const QByteArray body = viaWriter(job, lines);
        const QJsonDocument parsed = QJsonDocument::fromJson(body);
        QCOMPARE(parsed.array(), viaQJsonArray(job, lines));

        const ParsedEvents events = parseEvents(parsed.array(), QDateTime::currentDateTimeUtc());
        QVERIFY2(!events.error, qPrintable(events.error ? events.error->message : QString()));
        QCOMPARE(events.events.size(), 1);
        QCOMPARE(events.events.first().job, job);
        const QList<LogLine> read = logLines(events.events.first());
        QCOMPARE(read.size(), lines.size());
        for (qsizetype i = 0; i < read.size(); ++i) {
            QCOMPARE(read.at(i).text, QString::fromUtf8(lines.at(i).bytes));
            QCOMPARE(read.at(i).stream, lines.at(i).isStderr ? u"stderr"_s : u"stdout"_s);
        }
    }
};

QTEST_GUILESS_MAIN(TestLogChunk)
#include "tst_logchunk.moc"
