// The event-stream parser against the WHATWG rules, fed whole, byte by byte and in random cuts.
#include "sources/sseparser.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

using Events = QList<SseEvent>;

namespace {

Events parseInChunks(const QByteArray &stream, const QList<qsizetype> &cuts)
{
    SseParser parser;
    Events out;
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        out += parser.feed(QByteArrayView(stream).sliced(from, cut - from));
        from = cut;
    }
    out += parser.feed(QByteArrayView(stream).sliced(from));
    return out;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<Events>("events");
        const auto ev = [](const QString &type, const QString &data, const QString &id = {}) {
            return SseEvent { type, data, id };
        };
        QTest::addRow("one event")
            << QByteArray("data: hello\n\n") << Events { ev(u"message"_s, u"hello"_s) };
        QTest::addRow("typed, with id") << QByteArray("id: 7\nevent: job.started\ndata: {}\n\n")
                                        << Events { ev(u"job.started"_s, u"{}"_s, u"7"_s) };
        QTest::addRow("multi-line data")
            << QByteArray("data: a\ndata: b\n\n") << Events { ev(u"message"_s, u"a\nb"_s) };
        QTest::addRow("CRLF") << QByteArray("data: x\r\n\r\n")
                              << Events { ev(u"message"_s, u"x"_s) };
        QTest::addRow("bare CR") << QByteArray("data: x\r\rdata: y\r\r")
                                 << Events { ev(u"message"_s, u"x"_s), ev(u"message"_s, u"y"_s) };
        QTest::addRow("BOM skipped") << QByteArray("\xEF\xBB\xBF"
                                                   "data: x\n\n")
                                     << Events { ev(u"message"_s, u"x"_s) };
        QTest::addRow("only one BOM") << QByteArray("\xEF\xBB\xBF\xEF\xBB\xBF"
                                                    "data: x\n\n")
                                      << Events {};
        QTest::addRow("comments ignored") << QByteArray(": keep-alive\n\n: hi\ndata: x\n\n")
                                          << Events { ev(u"message"_s, u"x"_s) };
        QTest::addRow("no space after colon")
            << QByteArray("data:x\n\n") << Events { ev(u"message"_s, u"x"_s) };
        QTest::addRow("only one space stripped")
            << QByteArray("data:  x\n\n") << Events { ev(u"message"_s, u" x"_s) };
        QTest::addRow("field without colon")
            << QByteArray("data\n\n") << Events { ev(u"message"_s, QString()) };
        QTest::addRow("empty data dispatches nothing") << QByteArray("event: x\n\n") << Events {};
        QTest::addRow("id persists")
            << QByteArray("id: 3\ndata: a\n\ndata: b\n\n")
            << Events { ev(u"message"_s, u"a"_s, u"3"_s), ev(u"message"_s, u"b"_s, u"3"_s) };
        QTest::addRow("id with NUL ignored")
            << (QByteArray("id: 3\ndata: a\n\nid: 4") + '\0' + "x\ndata: b\n\n")
            << Events { ev(u"message"_s, u"a"_s, u"3"_s), ev(u"message"_s, u"b"_s, u"3"_s) };
        QTest::addRow("empty id resets")
            << QByteArray("id: 3\ndata: a\n\nid\ndata: b\n\n")
            << Events { ev(u"message"_s, u"a"_s, u"3"_s), ev(u"message"_s, u"b"_s, QString()) };
        QTest::addRow("event type resets")
            << QByteArray("event: e\ndata: a\n\ndata: b\n\n")
            << Events { ev(u"e"_s, u"a"_s), ev(u"message"_s, u"b"_s) };
        QTest::addRow("unknown fields ignored")
            << QByteArray("foo: bar\ndata: a\n\n") << Events { ev(u"message"_s, u"a"_s) };
        QTest::addRow("partial event at the end dropped")
            << QByteArray("data: a\n\ndata: b\n") << Events { ev(u"message"_s, u"a"_s) };
    }
    void rules()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Events, events);
        QCOMPARE(parseInChunks(stream, {}), events);
        QList<qsizetype> everyByte;
        for (qsizetype i = 1; i < stream.size(); ++i) {
            everyByte << i;
        }
        QCOMPARE(parseInChunks(stream, everyByte), events);
        QRandomGenerator random(7);
        for (int round = 0; round < 50; ++round) {
            QList<qsizetype> cuts;
            for (qsizetype at = random.bounded(1, 6); at < stream.size();
                 at += random.bounded(1, 6)) {
                cuts << at;
            }
            QCOMPARE(parseInChunks(stream, cuts), events);
        }
    }

    void crlfSplitAcrossReads()
    {
        SseParser parser;
        QVERIFY(parser.feed("data: a\r").isEmpty());
        // The LF completing that CRLF must not count as a second (blank) line.
        QVERIFY(parser.feed("\ndata: b\r").isEmpty());
        const Events out = parser.feed("\n\r\n");
        QCOMPARE(out.size(), 1);
        QCOMPARE(out.first().data, u"a\nb"_s);
    }

    void retryOnlyDigits()
    {
        SseParser parser;
        parser.feed("retry: 1500\n\n");
        QCOMPARE(parser.retryMs(), 1500);
        parser.feed("retry: 2s\n\nretry: -1\n\nretry:\n\n");
        QCOMPARE(parser.retryMs(), 1500);
    }

    void restartKeepsTheLastId()
    {
        SseParser parser;
        parser.feed("id: 41\ndata: a\n\nid: 42\ndata: half");
        parser.restart(); // the connection dropped mid-event
        QCOMPARE(parser.lastEventId(), u"42"_s);
        QCOMPARE(parser.feed("data: b\n\n").first().data, u"b"_s);
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
