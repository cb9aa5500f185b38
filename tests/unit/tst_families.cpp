// Payload families (PRODUCT.md §3): seed 001's Prefect webhook, seed 003's Supabase database
// webhook, and CloudEvents 1.0 in structured, batched and binary mode.
#include "config/hookconfig.h"
#include "ingest/cloudevents.h"
#include "ingest/families.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

QJsonValue json(const QByteArray &text)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &error);
    Q_ASSERT(error.error == QJsonParseError::NoError);
    return doc.array().first();
}

// "Name: value" lines, as a request would carry them.
QList<QPair<QByteArray, QByteArray>> headerList(const QByteArray &lines)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const QByteArray &line : lines.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0) {
            headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
        }
    }
    return headers;
}

QString describe(const ParsedEvents &parsed)
{
    return parsed.error ? parsed.error->field + u": "_s + parsed.error->message : QString();
}

const QDateTime received { QDate(2026, 11, 23), QTime(12, 0), Qt::UTC };
const QHash<QString, QString> seedValues { { u"approved"_s, u"succeeded"_s },
    { u"rejected"_s, u"failed"_s }, { u"withdrawn"_s, u"canceled"_s } };

// The spec's JSON format example with object data (json-format.md §3.2, "C234-1234-1234").
const QByteArray specStructured = R"({
    "specversion" : "1.0", "type" : "com.example.someevent", "source" : "/mycontext",
    "subject": null, "id" : "C234-1234-1234", "time" : "2018-04-05T17:31:00Z",
    "comexampleextension1" : "value", "comexampleothervalue" : 5,
    "datacontenttype" : "application/json",
    "data" : { "appinfoA" : "abc", "appinfoB" : 123, "appinfoC" : true } })";

// The spec's batch example (json-format.md §4.3), with real base64 for the binary data.
const QByteArray specBatch = R"([
  { "specversion" : "1.0", "type" : "com.example.someevent", "source" : "/mycontext/4",
    "id" : "B234-1234-1234", "time" : "2018-04-05T17:31:00Z", "comexampleextension1" : "value",
    "comexampleothervalue" : 5, "datacontenttype" : "application/vnd.apache.thrift.binary",
    "data_base64" : "3q2+7w==" },
  { "specversion" : "1.0", "type" : "com.example.someotherevent", "source" : "/mycontext/9",
    "id" : "C234-1234-1234", "time" : "2018-04-05T17:31:05Z", "comexampleextension1" : "value",
    "comexampleothervalue" : 5, "datacontenttype" : "application/json",
    "data" : { "appinfoA" : "abc", "appinfoB" : 123, "appinfoC" : true } } ])";

// The spec's binary mode example (http-protocol-binding.md §3.1.4 and json-format.md §3.2).
const QByteArray specBinaryHeaders = "ce-specversion: 1.0\nce-type: com.example.someevent\n"
                                     "ce-time: 2018-04-05T03:56:24Z\nce-id: 1234-1234-1234\n"
                                     "ce-source: /mycontext/subcontext\n"
                                     "ce-comexampleextension1: value\n";

} // namespace

class TestFamilies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // --- Prefect (seed 001) ---

    void prefect_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("message");
        QTest::addRow("queued") << QByteArray(
            R"({"videoId": "vid-1", "flowName": "caption_ocr", "status": "queued"})")
                                << u"job.queued"_s << QString();
        QTest::addRow("running") << QByteArray(
            R"({"videoId": "vid-1", "flowName": "caption_ocr", "status": "running"})")
                                 << u"job.started"_s << QString();
        QTest::addRow("complete") << QByteArray(
            R"({"videoId": "vid-1", "flowName": "caption_ocr", "status": "complete"})")
                                  << u"job.succeeded"_s << QString();
        QTest::addRow("error") << QByteArray(
            R"({"videoId": "vid-1", "flowName": "caption_ocr", "status": "error", "error": "OCR model missing"})")
                               << u"job.failed"_s << u"OCR model missing"_s;
        QTest::addRow("error without text")
            << QByteArray(R"({"videoId": "vid-1", "flowName": "caption_ocr", "status": "error"})")
            << u"job.failed"_s << u"Flow failed"_s;
        QTest::addRow("error as object") << QByteArray(
            R"({"videoId": "vid-1", "flowName": "caption_ocr", "status": "error", "error": {"code": 7}})")
                                         << u"job.failed"_s << u"{\"code\":7}"_s;
        QTest::addRow("Prefect state Completed") << QByteArray(
            R"({"videoId": "vid-1", "flowName": "caption_ocr", "status": "Completed"})")
                                                 << u"job.succeeded"_s << QString();
        QTest::addRow("Prefect state CRASHED")
            << QByteArray(R"({"videoId": "vid-1", "flowName": "caption_ocr", "status": "CRASHED"})")
            << u"job.failed"_s << u"Flow failed"_s;
        QTest::addRow("Prefect state Cancelled") << QByteArray(
            R"({"videoId": "vid-1", "flowName": "caption_ocr", "status": "Cancelled"})")
                                                 << u"job.canceled"_s << QString();
    }
    void prefect()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, type);
        QFETCH(QString, message);
        const ParsedEvents parsed = adaptPrefect(json(body), received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        QCOMPARE(parsed.events.size(), 1);
        const Event &e = parsed.events.first();
        QCOMPARE(e.job, u"caption_ocr:vid-1"_s);
        QCOMPARE(e.kind, u"caption_ocr"_s);
        QVERIFY(e.title.contains(u"vid-1"_s));
        QCOMPARE(eventTypeName(e.type), type);
        QCOMPARE(e.message, message);
        QCOMPARE(e.time, received);
    }

    void prefectKeepsTheRest()
    {
        const ParsedEvents parsed =
            adaptPrefect(json(R"({"videoId": 42, "flowName": "caption_ocr", "status": "complete",
                     "captionIds": [7, 9], "flowRunId": "run-1", "timestamp": "2026-11-23T11:59:58.250Z"})"),
                received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        const Event &e = parsed.events.first();
        QCOMPARE(e.job, u"caption_ocr:42"_s);
        QCOMPARE(e.details.value(u"flowRunId"_s).toString(), u"run-1"_s);
        QCOMPARE(e.details.value(u"captionIds"_s).toArray().size(), 2);
        QVERIFY(!e.details.contains(u"timestamp"_s));
        QCOMPARE(e.time, QDateTime(QDate(2026, 11, 23), QTime(11, 59, 58, 250), Qt::UTC));
    }

    void prefectRefuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addRow("not an object") << QByteArray(R"(["caption_ocr"])") << QString();
        QTest::addRow("no videoId")
            << QByteArray(R"({"flowName": "caption_ocr", "status": "queued"})") << u"/videoId"_s;
        QTest::addRow("empty videoId")
            << QByteArray(R"({"videoId": "", "flowName": "caption_ocr", "status": "queued"})")
            << u"/videoId"_s;
        QTest::addRow("videoId an object")
            << QByteArray(R"({"videoId": {}, "flowName": "caption_ocr", "status": "queued"})")
            << u"/videoId"_s;
        QTest::addRow("no flowName")
            << QByteArray(R"({"videoId": "v", "status": "queued"})") << u"/flowName"_s;
        QTest::addRow("no status")
            << QByteArray(R"({"videoId": "v", "flowName": "f"})") << u"/status"_s;
        QTest::addRow("unknown status")
            << QByteArray(R"({"videoId": "v", "flowName": "f", "status": "sleeping"})")
            << u"/status"_s;
        QTest::addRow("job key too long") << ("{\"videoId\": \"" + QByteArray(250, 'v')
            + "\", \"flowName\": \"f\", \"status\": \"queued\"}")
                                          << u"/videoId"_s;
    }
    void prefectRefuses()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const ParsedEvents parsed = adaptPrefect(json(body), received);
        QVERIFY(parsed.error);
        QVERIFY(parsed.events.isEmpty());
        QCOMPARE(parsed.error->field, field);
    }

    // --- Supabase (seed 003) ---

    void supabase_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("types");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("log");
        QTest::addRow("INSERT") << QByteArray(R"({"type": "INSERT", "table": "submissions",
            "schema": "public", "record": {"id": 7, "status": "pending", "title": "Midnight Drive"},
            "old_record": null})")
                                << QStringList { u"job.queued"_s } << u"pending"_s << QString();
        QTest::addRow("UPDATE pending → approved")
            << QByteArray(R"({"type": "UPDATE",
            "table": "submissions", "schema": "public",
            "record": {"id": 7, "status": "approved", "title": "Midnight Drive"},
            "old_record": {"id": 7, "status": "pending", "title": "Midnight Drive"}})")
            << QStringList { u"job.succeeded"_s, u"log"_s } << u"approved"_s
            << u"status: pending → approved"_s;
        QTest::addRow("UPDATE to rejected") << QByteArray(R"({"type": "UPDATE",
            "table": "submissions", "schema": "public", "record": {"id": 7, "status": "rejected"},
            "old_record": {"id": 7, "status": "in_review"}})")
                                            << QStringList { u"job.failed"_s, u"log"_s }
                                            << u"rejected"_s << u"status: in_review → rejected"_s;
        QTest::addRow("UPDATE to an unmapped status")
            << QByteArray(R"({"type": "UPDATE",
            "table": "submissions", "schema": "public", "record": {"id": 7, "status": "in_review"},
            "old_record": {"id": 7, "status": "pending"}})")
            << QStringList { u"job.started"_s, u"log"_s } << u"in_review"_s
            << u"status: pending → in_review"_s;
        QTest::addRow("UPDATE, same status")
            << QByteArray(R"({"type": "UPDATE",
            "table": "submissions", "schema": "public",
            "record": {"id": 7, "status": "pending", "title": "New title"},
            "old_record": {"id": 7, "status": "pending", "title": "Old title"}})")
            << QStringList { u"job.started"_s } << u"pending"_s << QString();
        QTest::addRow("UPDATE without old status") << QByteArray(R"({"type": "UPDATE",
            "table": "submissions", "schema": "public", "record": {"id": 7, "status": "approved"},
            "old_record": {"id": 7}})") << QStringList { u"job.succeeded"_s }
                                                   << u"approved"_s << QString();
        QTest::addRow("DELETE") << QByteArray(R"({"type": "DELETE", "table": "submissions",
            "schema": "public", "record": null, "old_record": {"id": 7, "status": "pending"}})")
                                << QStringList { u"job.canceled"_s } << u"pending"_s << QString();
        QTest::addRow("DELETE of an approved row stays canceled")
            << QByteArray(R"({"type": "DELETE", "table": "submissions", "schema": "public",
                "record": null, "old_record": {"id": 7, "status": "approved"}})")
            << QStringList { u"job.canceled"_s } << u"approved"_s << QString();
        QTest::addRow("INSERT already approved") << QByteArray(R"({"type": "INSERT",
            "table": "submissions", "schema": "public", "record": {"id": 7, "status": "approved"},
            "old_record": null})") << QStringList { u"job.succeeded"_s }
                                                 << u"approved"_s << QString();
        QTest::addRow("lower-case operation")
            << QByteArray(R"({"type": "insert",
            "table": "submissions", "record": {"id": "7"}})")
            << QStringList { u"job.queued"_s } << QString() << QString();
    }
    void supabase()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, types);
        QFETCH(QString, state);
        QFETCH(QString, log);
        const ParsedEvents parsed = adaptSupabase(json(body), seedValues, received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        QStringList got;
        for (const Event &e : parsed.events) {
            got.append(eventTypeName(e.type));
            QCOMPARE(e.job, u"submissions:7"_s);
            QCOMPARE(e.kind, u"submissions"_s);
            QCOMPARE(e.state, state);
        }
        QCOMPARE(got, types);
        if (!log.isEmpty()) {
            QCOMPARE(parsed.events.last().message, log);
        }
    }

    void supabaseTitleAndDetails()
    {
        const ParsedEvents parsed = adaptSupabase(json(R"({"type": "INSERT", "table": "tracks",
            "schema": "public", "record": {"id": "9b2f6c1e-1d3a-4c55-9f00-2f1e3c4d5a6b",
                "name": "Night Bus", "status": "pending", "artist": "Mara", "plays": 3,
                "explicit": false, "tags": ["a"], "api_token": "s3cr3t", "notes": null},
            "old_record": null})"),
            {}, received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        const Event &e = parsed.events.first();
        QCOMPARE(e.job, u"tracks:9b2f6c1e-1d3a-4c55-9f00-2f1e3c4d5a6b"_s);
        QCOMPARE(e.title, u"Night Bus"_s);
        QCOMPARE(e.details.value(u"artist"_s).toString(), u"Mara"_s);
        QCOMPARE(e.details.value(u"plays"_s).toInt(), 3);
        QCOMPARE(e.details.value(u"explicit"_s).toBool(true), false);
        QVERIFY(!e.details.contains(u"api_token"_s)); // never stored, never shown
        QVERIFY(!e.details.contains(u"tags"_s)); // scalar columns only
        QVERIFY(!e.details.contains(u"id"_s));
    }

    void supabaseRefuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addRow("not an object") << QByteArray("[]") << QString();
        QTest::addRow("unknown operation")
            << QByteArray(R"({"type": "TRUNCATE", "table": "t", "record": {"id": 1}})")
            << u"/type"_s;
        QTest::addRow("no table") << QByteArray(R"({"type": "INSERT", "record": {"id": 1}})")
                                  << u"/table"_s;
        QTest::addRow("no record")
            << QByteArray(R"({"type": "INSERT", "table": "t", "record": null})") << u"/record"_s;
        QTest::addRow("missing id")
            << QByteArray(R"({"type": "INSERT", "table": "t", "record": {"status": "pending"}})")
            << u"/record/id"_s;
        QTest::addRow("id an object")
            << QByteArray(R"({"type": "UPDATE", "table": "t", "record": {"id": {}}})")
            << u"/record/id"_s;
        QTest::addRow("DELETE without old id") << QByteArray(
            R"({"type": "DELETE", "table": "t", "record": {"id": 1}, "old_record": {}})")
                                               << u"/old_record/id"_s;
        QTest::addRow("key too long")
            << ("{\"type\": \"INSERT\", \"table\": \"t\", \"record\": {\"id\": \""
                   + QByteArray(250, 'x') + "\"}}")
            << u"/record/id"_s;
        QTest::addRow("status too long")
            << ("{\"type\": \"INSERT\", \"table\": \"t\", \"record\": {\"id\": 1, \"status\": \""
                   + QByteArray(150, 's') + "\"}}")
            << u"/record/status"_s;
    }
    void supabaseRefuses()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const ParsedEvents parsed = adaptSupabase(json(body), seedValues, received);
        QVERIFY(parsed.error);
        QVERIFY(parsed.events.isEmpty());
        QCOMPARE(parsed.error->field, field);
    }

    void supabaseConfig()
    {
        QString error;
        const auto values = supabaseStatusValues(json(R"({"name": "supabase", "family": "supabase",
                "values": {"status": {"approved": "succeeded", "rejected": "failed"}}})")
                                                     .toObject(),
            &error);
        QVERIFY(values);
        QCOMPARE(values->value(u"approved"_s), u"succeeded"_s);
        QVERIFY(supabaseStatusValues({}, &error).has_value());
        QVERIFY(!supabaseStatusValues(
            json(R"({"values": {"status": {"approved": "great"}}})").toObject(), &error));
        QCOMPARE(error,
            u"values.status.approved: must be queued, running, succeeded, failed or canceled"_s);
        QVERIFY(!supabaseStatusValues(json(R"({"values": {"type": {}}})").toObject(), &error));
        QVERIFY(error.startsWith(u"values.type: "_s));
    }

    // --- CloudEvents 1.0 ---

    void cloudEvents_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("ids");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QByteArray>("data");
        QTest::addRow("structured")
            << QByteArray() << QByteArray("application/cloudevents+json") << specStructured
            << QStringList { u"C234-1234-1234"_s } << u"com.example.someevent"_s
            << QByteArray(R"({"appinfoA":"abc","appinfoB":123,"appinfoC":true})");
        QTest::addRow("structured, charset")
            << QByteArray() << QByteArray("Application/CloudEvents+JSON; charset=UTF-8")
            << specStructured << QStringList { u"C234-1234-1234"_s } << u"com.example.someevent"_s
            << QByteArray(R"({"appinfoA":"abc","appinfoB":123,"appinfoC":true})");
        QTest::addRow("structured, XML data")
            << QByteArray() << QByteArray("application/cloudevents+json")
            << QByteArray(R"({"specversion": "1.0", "type": "com.example.someevent",
                    "source": "/mycontext", "id": "B234-1234-1234", "datacontenttype": "application/xml",
                    "data": "<much wow=\u0022xml\u0022/>"})")
            << QStringList { u"B234-1234-1234"_s } << u"com.example.someevent"_s
            << QByteArray(R"("<much wow=\u0022xml\u0022/>")");
        QTest::addRow("structured, string data")
            << QByteArray() << QByteArray("application/cloudevents+json")
            << QByteArray(R"({"specversion": "1.0", "type": "com.example.someevent",
                    "source": "/mycontext", "id": "D234-1234-1234", "data": "I am just a string"})")
            << QStringList { u"D234-1234-1234"_s } << u"com.example.someevent"_s
            << QByteArray(R"("I am just a string")");
        QTest::addRow("batch") << QByteArray()
                               << QByteArray("application/cloudevents-batch+json; charset=UTF-8")
                               << specBatch
                               << QStringList { u"B234-1234-1234"_s, u"C234-1234-1234"_s }
                               << u"com.example.someevent"_s
                               << QByteArray(R"("3q2+7w==")"); // not UTF-8: stays base64
        QTest::addRow("binary") << specBinaryHeaders
                                << QByteArray("application/json; charset=utf-8")
                                << QByteArray(R"({"appinfoA" : "abc", "appinfoB" : 123})")
                                << QStringList { u"1234-1234-1234"_s } << u"com.example.someevent"_s
                                << QByteArray(R"({"appinfoA":"abc","appinfoB":123})");
        QTest::addRow("binary, header names in any case")
            << QByteArray("CE-SpecVersion: 1.0\nCe-Type: com.example.someevent\nCE-ID: x-1\n"
                          "ce-SOURCE: /s\n")
            << QByteArray("application/json") << QByteArray("[1, 2]") << QStringList { u"x-1"_s }
            << u"com.example.someevent"_s << QByteArray("[1,2]");
        QTest::addRow("binary, JSON string")
            << specBinaryHeaders << QByteArray("application/json")
            << QByteArray(R"("I am just a string")") << QStringList { u"1234-1234-1234"_s }
            << u"com.example.someevent"_s << QByteArray(R"("I am just a string")");
        QTest::addRow("binary, XML")
            << specBinaryHeaders << QByteArray("application/xml")
            << QByteArray(R"(<much wow="xml"/>)") << QStringList { u"1234-1234-1234"_s }
            << u"com.example.someevent"_s << QByteArray(R"("<much wow=\u0022xml\u0022/>")");
        QTest::addRow("binary, no body")
            << specBinaryHeaders << QByteArray() << QByteArray()
            << QStringList { u"1234-1234-1234"_s } << u"com.example.someevent"_s << QByteArray();
    }
    void cloudEvents()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QStringList, ids);
        QFETCH(QString, type);
        QFETCH(QByteArray, data);
        ValidationError error;
        const auto events = parseCloudEvents(headerList(headers), contentType, body, &error);
        QVERIFY2(events, qPrintable(error.field + u": "_s + error.message));
        QStringList got;
        for (const CloudEvent &ce : *events) {
            got.append(ce.id);
            QCOMPARE(ce.specversion, u"1.0"_s);
            QVERIFY(ce.source.startsWith(u'/'));
        }
        QCOMPARE(got, ids);
        const CloudEvent &first = events->first();
        QCOMPARE(first.type, type);
        QCOMPARE(first.data, data.isEmpty() ? QJsonValue(QJsonValue::Undefined) : json(data));
        QVERIFY(first.time.isValid() || !body.contains("time"));
    }

    void cloudEventAttributes()
    {
        ValidationError error;
        auto events = parseCloudEvents({}, "application/cloudevents+json", specStructured, &error);
        QVERIFY(events);
        const CloudEvent &ce = events->first();
        QCOMPARE(ce.source, u"/mycontext"_s);
        QVERIFY(ce.subject.isEmpty()); // null is unset
        QCOMPARE(ce.datacontenttype, u"application/json"_s);
        QCOMPARE(ce.time, QDateTime(QDate(2018, 4, 5), QTime(17, 31), Qt::UTC));
        QCOMPARE(ce.dataPointer, u"/data"_s);
        events = parseCloudEvents({}, "application/cloudevents-batch+json", specBatch, &error);
        QVERIFY(events);
        QCOMPARE(events->at(0).dataPointer, u"/0/data_base64"_s);
        QCOMPARE(events->at(1).dataPointer, u"/1/data"_s);
        QCOMPARE(events->at(1).time, QDateTime(QDate(2018, 4, 5), QTime(17, 31, 5), Qt::UTC));
        events = parseCloudEvents(headerList(specBinaryHeaders), "text/plain", "hello", &error);
        QVERIFY(events);
        QCOMPARE(events->first().datacontenttype, u"text/plain"_s);
        QCOMPARE(events->first().data, QJsonValue(u"hello"_s));
        QCOMPARE(events->first().dataPointer, QString());
        QCOMPARE(events->first().time, QDateTime(QDate(2018, 4, 5), QTime(3, 56, 24), Qt::UTC));
    }

    void percentDecoding_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("subject");
        // http-protocol-binding.md §3.1.3.2.
        QTest::addRow("spec example")
            << QByteArray("Euro%20%E2%82%AC%20%F0%9F%98%80") << u"Euro € 😀"_s;
        QTest::addRow("lower-case hex") << QByteArray("%e2%82%ac") << u"€"_s;
        QTest::addRow("needlessly encoded") << QByteArray("%61%62c") << u"abc"_s;
        QTest::addRow("one round only") << QByteArray("100%2525") << u"100%25"_s;
        QTest::addRow("quoted string")
            << QByteArray("\"a \\\"quoted\\\" value\"") << u"a \"quoted\" value"_s;
        QTest::addRow("quoted, then decoded") << QByteArray(R"("Euro%20%E2%82%AC")") << u"Euro €"_s;
        QTest::addRow("stray percent kept") << QByteArray("50%") << u"50%"_s;
        QTest::addRow("surrounding space") << QByteArray("  x  ") << u"x"_s;
    }
    void percentDecoding()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, subject);
        ValidationError error;
        const auto events = parseCloudEvents(headerList(specBinaryHeaders)
                + QList<QPair<QByteArray, QByteArray>> { { "ce-subject", value } },
            "application/json", "{}", &error);
        QVERIFY2(events, qPrintable(error.field + u": "_s + error.message));
        QCOMPARE(events->first().subject, subject);
    }

    void notCloudEvents_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addRow("plain JSON")
            << QByteArray("X-Request-Id: 5\n") << QByteArray("application/json");
        QTest::addRow("no content type") << QByteArray() << QByteArray();
        QTest::addRow("a lone ce-id is a delivery id")
            << QByteArray("ce-id: 77\n") << QByteArray("application/json");
        QTest::addRow("similar header")
            << QByteArray("cex-type: a\nce-: b\n") << QByteArray("application/json");
    }
    void notCloudEvents()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, contentType);
        ValidationError error { u"untouched"_s, QString() };
        bool malformed = false;
        const auto events = parseCloudEvents(
            headerList(headers), contentType, R"({"job": "a", "type": "log"})", &error, &malformed);
        QVERIFY(!events);
        QCOMPARE(error.field, u"untouched"_s);
        QVERIFY(!malformed);
    }

    void cloudEventRefusals_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addColumn<bool>("malformedJson");
        const QByteArray structured = "application/cloudevents+json";
        const QByteArray batch = "application/cloudevents-batch+json";
        QTest::addRow("missing id")
            << QByteArray() << structured
            << QByteArray(R"({"specversion": "1.0", "type": "t", "source": "/s"})") << u"/id"_s
            << false;
        QTest::addRow("empty id")
            << QByteArray() << structured
            << QByteArray(R"({"specversion": "1.0", "type": "t", "source": "/s", "id": ""})")
            << u"/id"_s << false;
        QTest::addRow("id not a string")
            << QByteArray() << structured
            << QByteArray(R"({"specversion": "1.0", "type": "t", "source": "/s", "id": 5})")
            << u"/id"_s << false;
        QTest::addRow("missing source")
            << QByteArray() << structured
            << QByteArray(R"({"specversion": "1.0", "type": "t", "id": "1"})") << u"/source"_s
            << false;
        QTest::addRow("source not a URI-reference")
            << QByteArray() << structured
            << QByteArray(R"({"specversion": "1.0", "type": "t", "id": "1", "source": "a b"})")
            << u"/source"_s << false;
        QTest::addRow("missing type")
            << QByteArray() << structured
            << QByteArray(R"({"specversion": "1.0", "source": "/s", "id": "1"})") << u"/type"_s
            << false;
        QTest::addRow("missing specversion")
            << QByteArray() << structured
            << QByteArray(R"({"type": "t", "source": "/s", "id": "1"})") << u"/specversion"_s
            << false;
        QTest::addRow("specversion 0.3")
            << QByteArray() << structured
            << QByteArray(R"({"specversion": "0.3", "type": "t", "source": "/s", "id": "1"})")
            << u"/specversion"_s << false;
        QTest::addRow("specversion a number")
            << QByteArray() << structured
            << QByteArray(R"({"specversion": 1.0, "type": "t", "source": "/s", "id": "1"})")
            << u"/specversion"_s << false;
        QTest::addRow("bad time")
            << QByteArray() << structured
            << QByteArray(
                   R"({"specversion": "1.0", "type": "t", "source": "/s", "id": "1", "time": "yesterday"})")
            << u"/time"_s << false;
        QTest::addRow("time without zone")
            << QByteArray() << structured
            << QByteArray(
                   R"({"specversion": "1.0", "type": "t", "source": "/s", "id": "1", "time": "2018-04-05T17:31:00"})")
            << u"/time"_s << false;
        QTest::addRow("empty subject")
            << QByteArray() << structured
            << QByteArray(
                   R"({"specversion": "1.0", "type": "t", "source": "/s", "id": "1", "subject": ""})")
            << u"/subject"_s << false;
        QTest::addRow("data and data_base64")
            << QByteArray() << structured
            << QByteArray(
                   R"({"specversion": "1.0", "type": "t", "source": "/s", "id": "1", "data": {}, "data_base64": "AA=="})")
            << u"/data_base64"_s << false;
        QTest::addRow("bad base64")
            << QByteArray() << structured
            << QByteArray(
                   R"({"specversion": "1.0", "type": "t", "source": "/s", "id": "1", "data_base64": "!!"})")
            << u"/data_base64"_s << false;
        QTest::addRow("not an object")
            << QByteArray() << structured << QByteArray("[1]") << QString() << false;
        QTest::addRow("not JSON") << QByteArray() << structured << QByteArray("{") << QString()
                                  << true;
        QTest::addRow("batch, third without id") << QByteArray() << batch << QByteArray(R"([
            {"specversion": "1.0", "type": "t", "source": "/s", "id": "1"},
            {"specversion": "1.0", "type": "t", "source": "/s", "id": "2"},
            {"specversion": "1.0", "type": "t", "source": "/s"}])")
                                                 << u"/2/id"_s << false;
        QTest::addRow("batch, element not an object")
            << QByteArray() << batch
            << QByteArray(R"([{"specversion": "1.0", "type": "t", "source": "/s", "id": "1"}, 7])")
            << u"/1"_s << false;
        QTest::addRow("batch, empty")
            << QByteArray() << batch << QByteArray("[]") << QString() << false;
        QTest::addRow("batch, an object")
            << QByteArray() << batch << QByteArray(R"({"specversion": "1.0"})") << QString()
            << false;
        QTest::addRow("unsupported format")
            << QByteArray() << QByteArray("application/cloudevents+avro") << QByteArray("x")
            << u"Content-Type"_s << false;
        QTest::addRow("binary, no ce-id")
            << QByteArray("ce-specversion: 1.0\nce-type: t\nce-source: /s\n")
            << QByteArray("application/json") << QByteArray("{}") << u"ce-id"_s << false;
        QTest::addRow("binary, no ce-specversion")
            << QByteArray("ce-id: 1\nce-type: t\nce-source: /s\n") << QByteArray("application/json")
            << QByteArray("{}") << u"ce-specversion"_s << false;
        QTest::addRow("binary, specversion 2.0")
            << QByteArray("ce-id: 1\nce-type: t\nce-source: /s\nce-specversion: 2.0\n")
            << QByteArray("application/json") << QByteArray("{}") << u"ce-specversion"_s << false;
        QTest::addRow("binary, bad ce-time")
            << QByteArray("ce-specversion: 1.0\nce-type: t\nce-id: 1\nce-source: /s\n"
                          "ce-time: 2018-13-05T03:56:24Z\n")
            << QByteArray("application/json") << QByteArray("{}") << u"ce-time"_s << false;
        QTest::addRow("binary, empty ce-type")
            << QByteArray("ce-id: 1\nce-type: \"\"\nce-source: /s\nce-specversion: 1.0\n")
            << QByteArray("application/json") << QByteArray("{}") << u"ce-type"_s << false;
        QTest::addRow("binary, overlong UTF-8")
            << (specBinaryHeaders + "ce-subject: %C0%A0\n") << QByteArray("application/json")
            << QByteArray("{}") << u"ce-subject"_s << false;
        QTest::addRow("binary, encoded newline")
            << (specBinaryHeaders + "ce-subject: a%0Ab\n") << QByteArray("application/json")
            << QByteArray("{}") << u"ce-subject"_s << false;
        QTest::addRow("binary, body not JSON")
            << specBinaryHeaders << QByteArray("application/json") << QByteArray("{nope")
            << QString() << true;
    }
    void cloudEventRefusals()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QFETCH(bool, malformedJson);
        ValidationError error { u"untouched"_s, QString() };
        bool malformed = false;
        const auto events =
            parseCloudEvents(headerList(headers), contentType, body, &error, &malformed);
        QVERIFY(!events);
        QCOMPARE(error.field, field);
        QVERIFY(!error.message.isEmpty());
        QCOMPARE(malformed, malformedJson);
    }

    void canonicalBody_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray ce = "ce-specversion: 1.0\nce-id: evt-1\nce-source: /ci\n"
                              "ce-time: 2026-11-23T10:00:00Z\n";
        QTest::addRow("type and job from the attributes")
            << (ce + "ce-type: org.jobpulse.job.started\nce-subject: build-42\n")
            << QByteArray(R"({"progress": 5})")
            << QByteArray(R"({"job": "build-42", "type": "job.started", "progress": 5,
                 "id": "evt-1", "time": "2026-11-23T10:00:00.000Z"})");
        QTest::addRow("a canonical type name as is")
            << (ce + "ce-type: step.succeeded\nce-subject: b\n")
            << QByteArray(R"({"step": {"index": 1}})")
            << QByteArray(R"({"job": "b", "type": "step.succeeded", "step": {"index": 1},
                 "id": "evt-1", "time": "2026-11-23T10:00:00.000Z"})");
        QTest::addRow("the data wins")
            << (ce + "ce-type: org.jobpulse.job.started\nce-subject: build-42\n")
            << QByteArray(
                   R"({"job": "mine", "type": "job.failed", "id": "own", "time": "2026-01-01T00:00:00Z"})")
            << QByteArray(
                   R"({"job": "mine", "type": "job.failed", "id": "own", "time": "2026-01-01T00:00:00Z"})");
        QTest::addRow("other types are not guessed")
            << (ce + "ce-type: com.github.pull_request.opened\nce-subject: pr-1\n")
            << QByteArray("{}")
            << QByteArray(R"({"job": "pr-1", "id": "evt-1", "time": "2026-11-23T10:00:00.000Z"})");
        QTest::addRow("no data") << (ce + "ce-type: org.jobpulse.job.queued\nce-subject: q\n")
                                 << QByteArray()
                                 << QByteArray(R"({"job": "q", "type": "job.queued", "id": "evt-1",
                                      "time": "2026-11-23T10:00:00.000Z"})");
        QTest::addRow("a batch inside")
            << (ce + "ce-type: org.jobpulse.log\nce-subject: j\n")
            << QByteArray(R"([{"message": "one"}, {"message": "two", "id": "mine"}])")
            << QByteArray(
                   R"([{"job": "j", "type": "log", "message": "one", "id": "evt-1#0", "time": "2026-11-23T10:00:00.000Z"},)"
                   R"({"job": "j", "type": "log", "message": "two", "id": "mine", "time": "2026-11-23T10:00:00.000Z"}])");
    }
    void canonicalBody()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, expected);
        ValidationError error;
        const auto events = parseCloudEvents(headerList(headers), "application/json", body, &error);
        QVERIFY2(events, qPrintable(error.field + u": "_s + error.message));
        QCOMPARE(cloudEventBody(events->first(), u"canonical"), json(expected));
        // Other families get the data untouched.
        QCOMPARE(cloudEventBody(events->first(), u"prefect"),
            body.isEmpty() ? QJsonValue(QJsonValue::Null) : json(body));
    }

    void textDataIsTheMessage()
    {
        const auto events = parseCloudEvents(
            headerList("ce-specversion: 1.0\nce-id: 1\nce-source: /s\nce-type: org.jobpulse.log\n"
                       "ce-subject: nightly\n"),
            "text/plain; charset=utf-8", "disk almost full", nullptr);
        QVERIFY(events);
        const ParsedEvents parsed = adaptCloudEvents(*events, u"canonical", received,
            [](const QJsonValue &body, const QDateTime &at) { return parseEvents(body, at); });
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        QCOMPARE(parsed.events.first().message, u"disk almost full"_s);
        QCOMPARE(parsed.events.first().job, u"nightly"_s);
        QCOMPARE(parsed.events.first().id, u"1"_s);
        QCOMPARE(parsed.events.first().time, received); // no ce-time
    }

    void adaptsThroughFamilies()
    {
        // A Supabase change relayed as a structured CloudEvent: the CE id keys both events.
        const QByteArray batch = R"([
          {"specversion": "1.0", "id": "chg-1", "source": "/supabase", "type": "db.change",
           "time": "2026-11-23T09:00:00Z",
           "data": {"type": "UPDATE", "table": "submissions", "record": {"id": 7, "status": "approved"},
                    "old_record": {"id": 7, "status": "pending"}}},
          {"specversion": "1.0", "id": "chg-2", "source": "/supabase", "type": "db.change",
           "data": {"type": "INSERT", "table": "submissions", "record": {"id": 8, "status": "pending"}}}])";
        const auto supabase = [](const QJsonValue &body, const QDateTime &at) {
            return adaptSupabase(body, seedValues, at);
        };
        auto events = parseCloudEvents({}, "application/cloudevents-batch+json", batch, nullptr);
        QVERIFY(events);
        ParsedEvents parsed = adaptCloudEvents(*events, u"supabase", received, supabase);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        QCOMPARE(parsed.events.size(), 3);
        QCOMPARE(parsed.events.at(0).id, u"chg-1#0"_s);
        QCOMPARE(parsed.events.at(1).id, u"chg-1#1"_s);
        QCOMPARE(parsed.events.at(1).message, u"status: pending → approved"_s);
        QCOMPARE(parsed.events.at(0).time, QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC));
        QCOMPARE(parsed.events.at(2).id, u"chg-2"_s);
        QCOMPARE(parsed.events.at(2).time, received);

        // A refusal names the field inside the CloudEvent, all or nothing.
        QByteArray broken = batch;
        broken.replace(R"("id": 8, )", "");
        events = parseCloudEvents({}, "application/cloudevents-batch+json", broken, nullptr);
        QVERIFY(events);
        parsed = adaptCloudEvents(*events, u"supabase", received, supabase);
        QVERIFY(parsed.error);
        QVERIFY(parsed.events.isEmpty());
        QCOMPARE(parsed.error->field, u"/1/data/record/id"_s);

        // Canonical data without a usable type says where the type belongs.
        events = parseCloudEvents({}, "application/cloudevents+json", specStructured, nullptr);
        parsed = adaptCloudEvents(*events, u"canonical", received,
            [](const QJsonValue &body, const QDateTime &at) { return parseEvents(body, at); });
        QVERIFY(parsed.error);
        QCOMPARE(parsed.error->field, u"/data/job"_s);

        // Binary mode: the body is the data, so fields are named as in the body.
        events = parseCloudEvents(headerList(specBinaryHeaders), "application/json",
            R"({"videoId": "v", "flowName": "f", "status": "bogus"})", nullptr);
        QVERIFY(events);
        parsed = adaptCloudEvents(*events, u"prefect", received, adaptPrefect);
        QVERIFY(parsed.error);
        QCOMPARE(parsed.error->field, u"/status"_s);
    }
};

QTEST_GUILESS_MAIN(TestFamilies)
#include "tst_families.moc"
