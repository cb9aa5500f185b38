// The canonical event (PRODUCT.md §2): what is accepted, and which field a refusal names.
#include "core/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestEvent : public QObject
{
    Q_OBJECT

private:
    static QJsonValue json(const QByteArray &text)
    {
        const QJsonDocument doc = QJsonDocument::fromJson(text);
        return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }
    const QDateTime received { QDate(2026, 11, 23), QTime(12, 0), Qt::UTC };

private Q_SLOTS:
    void accepts_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("firstType");
        QTest::addRow("minimal") << QByteArray(R"({"job":"a","type":"job.started"})") << 1
                                 << u"job.started"_s;
        QTest::addRow("every field") << QByteArray(
            R"({"job":"render-42","type":"step.succeeded","id":"e1","time":"2026-11-23T10:00:00.5+01:00",
                 "title":"Horror","kind":"video","url":"https:\/\/x.test\/42","progress":42.5,
                 "step":{"index":3,"name":"Asset Preparation","total":7},"duration":5,
                 "message":"ok","details":{"files":3},"state":"busy","steps":7})")
                                     << 1 << u"step.succeeded"_s;
        QTest::addRow("log") << QByteArray(R"({"job":"a","type":"log","message":"hello"})") << 1
                             << u"log"_s;
        QTest::addRow("log chunk") << QByteArray(
            R"({"job":"a","type":"log","stream":"stdout","lines":["one",{"text":"two","stream":"stderr","ts":"2026-11-23T10:00:00.25Z"},{"text":""}]})")
                                   << 1 << u"log"_s;
        QTest::addRow("unknown fields ignored")
            << QByteArray(R"({"job":"a","type":"job.queued","extra":1})") << 1 << u"job.queued"_s;
        QTest::addRow("batch") << QByteArray(
            R"([{"job":"a","type":"job.started"},{"job":"a","type":"job.succeeded"}])")
                               << 2 << u"job.started"_s;
        QTest::addRow("step without name")
            << QByteArray(R"({"job":"a","type":"step.started","step":{"index":2}})") << 1
            << u"step.started"_s;
        QTest::addRow("progress bounds")
            << QByteArray(R"({"job":"a","type":"job.progress","progress":100})") << 1
            << u"job.progress"_s;
        QTest::addRow("null optional")
            << QByteArray(R"({"job":"a","type":"job.progress","progress":null,"title":null})") << 1
            << u"job.progress"_s;
    }
    void accepts()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, count);
        QFETCH(QString, firstType);
        const ParsedEvents parsed = parseEvents(json(body), received);
        QVERIFY2(!parsed.error,
            qPrintable(
                parsed.error ? parsed.error->field + u' ' + parsed.error->message : QString()));
        QCOMPARE(parsed.events.size(), count);
        QCOMPARE(eventTypeName(parsed.events.first().type), firstType);
        // What is stored and relayed reads back as the same event.
        const Event &e = parsed.events.first();
        const auto again = parseEvent(e.toJson(), QString(), received, nullptr);
        QVERIFY(again);
        QCOMPARE(*again, e);
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addRow("not an object") << QByteArray(R"([1])") << u"/0"_s;
        QTest::addRow("job missing") << QByteArray(R"({"type":"job.started"})") << u"/job"_s;
        QTest::addRow("job empty") << QByteArray(R"({"job":"","type":"job.started"})") << u"/job"_s;
        QTest::addRow("job too long")
            << ("{\"type\":\"job.started\",\"job\":\"" + QByteArray(201, 'x') + "\"}") << u"/job"_s;
        QTest::addRow("job not a string")
            << QByteArray(R"({"job":42,"type":"job.started"})") << u"/job"_s;
        QTest::addRow("type missing") << QByteArray(R"({"job":"a"})") << u"/type"_s;
        QTest::addRow("type unknown")
            << QByteArray(R"({"job":"a","type":"job.exploded"})") << u"/type"_s;
        QTest::addRow("id too long")
            << ("{\"job\":\"a\",\"type\":\"log\",\"message\":\"m\",\"id\":\"" + QByteArray(201, 'i')
                   + "\"}")
            << u"/id"_s;
        QTest::addRow("time not rfc3339")
            << QByteArray(R"({"job":"a","type":"job.started","time":"yesterday"})") << u"/time"_s;
        QTest::addRow("time without zone")
            << QByteArray(R"({"job":"a","type":"job.started","time":"2026-11-23T10:00:00"})")
            << u"/time"_s;
        QTest::addRow("time bad date")
            << QByteArray(R"({"job":"a","type":"job.started","time":"2026-02-30T10:00:00Z"})")
            << u"/time"_s;
        QTest::addRow("progress over 100")
            << QByteArray(R"({"job":"a","type":"job.progress","progress":101})") << u"/progress"_s;
        QTest::addRow("progress negative")
            << QByteArray(R"({"job":"a","type":"job.progress","progress":-1})") << u"/progress"_s;
        QTest::addRow("progress string")
            << QByteArray(R"({"job":"a","type":"job.progress","progress":"50"})") << u"/progress"_s;
        QTest::addRow("duration negative")
            << QByteArray(R"({"job":"a","type":"job.succeeded","duration":-2})") << u"/duration"_s;
        QTest::addRow("step missing")
            << QByteArray(R"({"job":"a","type":"step.started"})") << u"/step"_s;
        QTest::addRow("step not object")
            << QByteArray(R"({"job":"a","type":"step.started","step":3})") << u"/step"_s;
        QTest::addRow("step index missing")
            << QByteArray(R"({"job":"a","type":"step.started","step":{"name":"x"}})")
            << u"/step/index"_s;
        QTest::addRow("step index zero")
            << QByteArray(R"({"job":"a","type":"step.started","step":{"index":0}})")
            << u"/step/index"_s;
        QTest::addRow("step index fraction")
            << QByteArray(R"({"job":"a","type":"step.started","step":{"index":1.5}})")
            << u"/step/index"_s;
        QTest::addRow("step index over total")
            << QByteArray(R"({"job":"a","type":"step.started","step":{"index":8,"total":7}})")
            << u"/step/index"_s;
        QTest::addRow("step name not string")
            << QByteArray(R"({"job":"a","type":"step.started","step":{"index":1,"name":5}})")
            << u"/step/name"_s;
        QTest::addRow("details not object")
            << QByteArray(R"({"job":"a","type":"job.started","details":[1]})") << u"/details"_s;
        QTest::addRow("log without message")
            << QByteArray(R"({"job":"a","type":"log"})") << u"/message"_s;
        QTest::addRow("log with message and lines")
            << QByteArray(R"({"job":"a","type":"log","message":"m","lines":["x"]})") << u"/lines"_s;
        QTest::addRow("lines not an array")
            << QByteArray(R"({"job":"a","type":"log","lines":"x"})") << u"/lines"_s;
        QTest::addRow("lines empty")
            << QByteArray(R"({"job":"a","type":"log","lines":[]})") << u"/lines"_s;
        QTest::addRow("line a number")
            << QByteArray(R"({"job":"a","type":"log","lines":["x",7]})") << u"/lines/1"_s;
        QTest::addRow("line without text")
            << QByteArray(R"({"job":"a","type":"log","lines":[{"stream":"stdout"}]})")
            << u"/lines/0/text"_s;
        QTest::addRow("line stream unknown")
            << QByteArray(R"({"job":"a","type":"log","lines":[{"text":"x","stream":"tty"}]})")
            << u"/lines/0/stream"_s;
        QTest::addRow("line ts not rfc3339")
            << QByteArray(R"({"job":"a","type":"log","lines":[{"text":"x","ts":"now"}]})")
            << u"/lines/0/ts"_s;
        QTest::addRow("line too long") << ("{\"job\":\"a\",\"type\":\"log\",\"lines\":[\""
            + QByteArray(MaxLineLength + 1, 'x') + "\"]}")
                                       << u"/lines/0"_s;
        QTest::addRow("stream unknown")
            << QByteArray(R"({"job":"a","type":"log","message":"m","stream":"tty"})")
            << u"/stream"_s;
        QTest::addRow("lines on a job event")
            << QByteArray(R"({"job":"a","type":"job.started","lines":["x"]})") << u"/lines"_s;
        QTest::addRow("batch names index") << QByteArray(
            R"([{"job":"a","type":"job.started"},{"job":"a","type":"job.started"},{"job":"a","type":"job.started"},{"type":"job.started"}])")
                                           << u"/3/job"_s;
        QTest::addRow("labels not an object")
            << QByteArray(R"({"job":"a","type":"job.started","labels":["main"]})") << u"/labels"_s;
        QTest::addRow("label value a number")
            << QByteArray(R"({"job":"a","type":"job.started","labels":{"pr":42}})")
            << u"/labels/pr"_s;
        QTest::addRow("label name with a space")
            << QByteArray(R"({"job":"a","type":"job.started","labels":{"my repo":"x"}})")
            << u"/labels/my repo"_s;
        QTest::addRow("label name with a slash, escaped in the pointer") << QByteArray(
            R"({"job":"a","type":"job.started","labels":{"a/b":"x"}})") << u"/labels/a~1b"_s;
        QTest::addRow("label value too long")
            << ("{\"job\":\"a\",\"type\":\"job.started\",\"labels\":{\"branch\":\""
                   + QByteArray(201, 'b') + "\"}}")
            << u"/labels/branch"_s;
        QTest::addRow("parent not a string")
            << QByteArray(R"({"job":"a","type":"job.started","parent":7})") << u"/parent"_s;
        QTest::addRow("empty batch") << QByteArray(R"([])") << QString();
        QByteArray big = "[";
        for (int i = 0; i < MaxBatch + 1; ++i) {
            big += (i ? "," : "") + QByteArray(R"({"job":"a","type":"log","message":"m"})");
        }
        QTest::addRow("batch over 1000") << (big + "]") << QString();
    }
    void refuses()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const ParsedEvents parsed = parseEvents(json(body), received);
        QVERIFY(parsed.error);
        QCOMPARE(parsed.error->field, field);
        QVERIFY(!parsed.error->message.isEmpty());
        QVERIFY(parsed.events.isEmpty()); // all or nothing
    }

    void labelsAndParentRoundTrip()
    {
        const ParsedEvents parsed = parseEvents(json(R"({"job":"run-1/build","type":"job.started",
            "parent":"run-1","labels":{"repository":"acme/api","branch":"main","empty":""}})"),
            received);
        QVERIFY(!parsed.error);
        const Event &e = parsed.events.first();
        QCOMPARE(e.parent, u"run-1"_s);
        // An empty value says nothing: no label.
        QCOMPARE(e.labels,
            (QMap<QString, QString> {
                { u"repository"_s, u"acme/api"_s }, { u"branch"_s, u"main"_s } }));
        const auto again = parseEvent(e.toJson(), QString(), received, nullptr);
        QVERIFY(again);
        QCOMPARE(*again, e);
    }

    void logLinesKeepOrderAndStreams()
    {
        const auto chunk = parseEvent(json(R"({"job":"a","type":"log","stream":"stdout",
            "lines":["one",{"text":"two","stream":"stderr"},"three\nfour"]})"),
            QString(), received, nullptr);
        QVERIFY(chunk);
        const QList<LogLine> lines = logLines(*chunk);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.at(0).text, u"one"_s);
        QCOMPARE(lines.at(0).stream, u"stdout"_s);
        QCOMPARE(lines.at(1).stream, u"stderr"_s);
        QCOMPARE(lines.at(3).text, u"four"_s); // a newline inside a line starts another
        const auto message = parseEvent(
            json(R"({"job":"a","type":"log","message":"a\nb\n","details":{"stream":"stderr"}})"),
            QString(), received, nullptr);
        QVERIFY(message);
        const QList<LogLine> fromMessage = logLines(*message);
        QCOMPARE(fromMessage.size(), 2); // the final newline ends "b"
        QCOMPARE(fromMessage.at(1).text, u"b"_s);
        QCOMPARE(fromMessage.at(1).stream, u"stderr"_s); // as run sent it before chunks
    }

    void timeDefaultsToReceived()
    {
        const auto parsed = parseEvents(json(R"({"job":"a","type":"job.started"})"), received);
        QCOMPARE(parsed.events.first().time, received);
    }

    void rfc3339_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime noon(QDate(2026, 1, 31), QTime(12, 0), Qt::UTC);
        QTest::addRow("zulu") << u"2026-01-31T12:00:00Z"_s << noon;
        QTest::addRow("offset") << u"2026-01-31T13:30:00+01:30"_s << noon;
        QTest::addRow("negative offset") << u"2026-01-31T07:00:00-05:00"_s << noon;
        QTest::addRow("fraction") << u"2026-01-31T12:00:00.250Z"_s << noon.addMSecs(250);
        QTest::addRow("nanoseconds") << u"2026-01-31T12:00:00.123456789Z"_s << noon.addMSecs(123);
        QTest::addRow("lowercase t z") << u"2026-01-31t12:00:00z"_s << noon;
        QTest::addRow("no zone") << u"2026-01-31T12:00:00"_s << QDateTime();
        QTest::addRow("bad hour") << u"2026-01-31T25:00:00Z"_s << QDateTime();
        QTest::addRow("bad offset") << u"2026-01-31T12:00:00+25:00"_s << QDateTime();
        QTest::addRow("date only") << u"2026-01-31"_s << QDateTime();
    }
    void rfc3339()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        QCOMPARE(parseRfc3339(text), expected);
    }
};

QTEST_GUILESS_MAIN(TestEvent)
#include "tst_event.moc"
