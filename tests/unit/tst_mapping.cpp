// JSON Pointer (RFC 6901) and the `mapped` family (PRODUCT.md §4): any payload to canonical
// events, with refusals that name the sender's field.
#include "core/mapping.h"

#include <QJsonArray>
#include <QJsonDocument>
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

// RFC 6901 §5.
const QByteArray rfcDocument = "{\"foo\": [\"bar\", \"baz\"], \"\": 0, \"a/b\": 1, \"c%d\": 2, "
                               "\"e^f\": 3, \"g|h\": 4, \"i\\\\j\": 5, \"k\\\"l\": 6, \" \": 7, "
                               "\"m~n\": 8}";

// PRODUCT.md §4, hook "deploys".
const QByteArray deploysHook = R"({"name": "deploys", "path": "/hooks/deploys", "family": "mapped",
    "signature": {"scheme": "standard", "secret": "env:DEPLOY_SECRET"},
    "map": {"job": "/data/id", "type": "/data/state", "title": "/data/name", "progress": "/data/pct"},
    "values": {"type": {"running": "job.started", "done": "job.succeeded", "error": "job.failed"}}})";

const QDateTime received { QDate(2026, 11, 23), QTime(12, 0), Qt::UTC };

Mapping mapping(const QByteArray &config)
{
    QString error;
    const auto m = Mapping::fromJson(json(config).toObject(), &error);
    if (!m) {
        qFatal("mapping refused: %s", qPrintable(error));
    }
    return *m;
}

QString describe(const ParsedEvents &parsed)
{
    return parsed.error ? parsed.error->field + u": "_s + parsed.error->message : QString();
}

} // namespace

class TestMapping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfcExamples_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("whole document") << QString() << rfcDocument;
        QTest::addRow("/foo") << u"/foo"_s << QByteArray(R"(["bar", "baz"])");
        QTest::addRow("/foo/0") << u"/foo/0"_s << QByteArray(R"("bar")");
        QTest::addRow("/") << u"/"_s << QByteArray("0");
        QTest::addRow("/a~1b") << u"/a~1b"_s << QByteArray("1");
        QTest::addRow("/c%%d") << u"/c%d"_s << QByteArray("2");
        QTest::addRow("/e^f") << u"/e^f"_s << QByteArray("3");
        QTest::addRow("/g|h") << u"/g|h"_s << QByteArray("4");
        QTest::addRow("/i\\j") << u"/i\\j"_s << QByteArray("5");
        QTest::addRow("/k\"l") << u"/k\"l"_s << QByteArray("6");
        QTest::addRow("/ ") << u"/ "_s << QByteArray("7");
        QTest::addRow("/m~0n") << u"/m~0n"_s << QByteArray("8");
        QTest::addRow("/foo/1") << u"/foo/1"_s << QByteArray(R"("baz")");
    }
    void rfcExamples()
    {
        QFETCH(QString, pointer);
        QFETCH(QByteArray, expected);
        const auto found = resolveJsonPointer(json(rfcDocument), pointer);
        QVERIFY(found);
        QCOMPARE(*found, json(expected));
        // The tokens escape back to the same pointer.
        const auto tokens = jsonPointerTokens(pointer);
        QVERIFY(tokens);
        QString again;
        for (const QString &token : *tokens) {
            again += u'/' + escapeJsonPointerToken(token);
        }
        QCOMPARE(again, pointer);
    }

    void namesNothing_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addRow("past the end") << u"/foo/2"_s;
        QTest::addRow("dash") << u"/foo/-"_s;
        QTest::addRow("leading zero") << u"/foo/01"_s;
        QTest::addRow("negative") << u"/foo/-1"_s;
        QTest::addRow("name on an array") << u"/foo/bar"_s;
        QTest::addRow("plus sign") << u"/foo/+1"_s;
        QTest::addRow("huge index") << u"/foo/99999999999999999999"_s;
        QTest::addRow("missing member") << u"/nope"_s;
        QTest::addRow("into a scalar") << u"/foo/0/x"_s;
        QTest::addRow("case matters") << u"/FOO"_s;
        QTest::addRow("unescaped slash") << u"/a/b"_s;
        QTest::addRow("empty token after member") << u"/foo/"_s;
    }
    void namesNothing()
    {
        QFETCH(QString, pointer);
        QVERIFY(jsonPointerTokens(pointer));
        QVERIFY(!resolveJsonPointer(json(rfcDocument), pointer));
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addRow("no leading slash") << u"foo"_s;
        QTest::addRow("uri fragment") << u"#/foo"_s;
        QTest::addRow("tilde 2") << u"/~2"_s;
        QTest::addRow("lone tilde") << u"/m~"_s;
        QTest::addRow("tilde slash") << u"/~/x"_s;
    }
    void malformed()
    {
        QFETCH(QString, pointer);
        QVERIFY(!jsonPointerTokens(pointer));
        QVERIFY(!resolveJsonPointer(json(rfcDocument), pointer));
    }

    void unescapesInOrder()
    {
        // "~01" is "~1" (the ~0 is read first as a whole escape), never "/".
        const QJsonValue doc = json(R"({"~1": "tilde-one", "/": "slash", "~": "tilde"})");
        QCOMPARE(*resolveJsonPointer(doc, u"/~01"), json(R"("tilde-one")"));
        QCOMPARE(*resolveJsonPointer(doc, u"/~1"), json(R"("slash")"));
        QCOMPARE(*resolveJsonPointer(doc, u"/~0"), json(R"("tilde")"));
        QCOMPARE(escapeJsonPointerToken(u"~1/"), u"~01~1"_s);
    }

    void deploysExample_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("type");
        QTest::addColumn<double>("progress");
        QTest::addRow("running") << QByteArray(
            R"({"data": {"id": "deploy-7", "state": "running", "name": "API to prod", "pct": 40}})")
                                 << u"job.started"_s << 40.0;
        QTest::addRow("progress as text") << QByteArray(
            R"({"data": {"id": "deploy-7", "state": "running", "name": "API to prod", "pct": "42"}})")
                                          << u"job.started"_s << 42.0;
        QTest::addRow("progress with percent sign") << QByteArray(
            R"({"data": {"id": "deploy-7", "state": "running", "name": "API to prod", "pct": " 42.5% "}})")
                                                    << u"job.started"_s << 42.5;
        QTest::addRow("done") << QByteArray(
            R"({"data": {"id": "deploy-7", "state": "done", "name": "API to prod", "pct": 100}})")
                              << u"job.succeeded"_s << 100.0;
        QTest::addRow("error") << QByteArray(
            R"({"data": {"id": "deploy-7", "state": "error", "name": "API to prod", "pct": 0}})")
                               << u"job.failed"_s << 0.0;
        QTest::addRow("canonical value passes") << QByteArray(
            R"({"data": {"id": "deploy-7", "state": "job.progress", "name": "API to prod", "pct": 3}})")
                                                << u"job.progress"_s << 3.0;
    }
    void deploysExample()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, type);
        QFETCH(double, progress);
        const ParsedEvents parsed = mapping(deploysHook).apply(json(payload), received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        QCOMPARE(parsed.events.size(), 1);
        const Event &e = parsed.events.first();
        QCOMPARE(e.job, u"deploy-7"_s);
        QCOMPARE(eventTypeName(e.type), type);
        QCOMPARE(e.title, u"API to prod"_s);
        QCOMPARE(e.progress.value_or(-1), progress);
        QCOMPARE(e.time, received);
        QVERIFY(e.id.isEmpty());
    }

    void valueMaps_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("state");
        const QByteArray numeric = R"({"map": {"job": "/n", "type": "/code", "state": "/code"},
            "values": {"type": {"1": "job.started", "2": "job.succeeded", "true": "job.failed"},
                       "state": {"1": "building", "2": "shipped"}}})";
        QTest::addRow("number 1") << numeric << QByteArray(R"({"n": 5, "code": 1})")
                                  << u"job.started"_s << u"building"_s;
        QTest::addRow("number 2.0") << numeric << QByteArray(R"({"n": 5, "code": 2.0})")
                                    << u"job.succeeded"_s << u"shipped"_s;
        QTest::addRow("number as text") << numeric << QByteArray(R"({"n": 5, "code": "2"})")
                                        << u"job.succeeded"_s << u"shipped"_s;
        QTest::addRow("boolean") << numeric << QByteArray(R"({"n": 5, "code": true})")
                                 << u"job.failed"_s << u"true"_s;
        const QByteArray states = R"({"map": {"job": "/key", "type": "/status", "state": "/status"},
            "values": {"type": {"pending": "job.queued", "approved": "job.succeeded"}}})";
        QTest::addRow("text") << states << QByteArray(R"({"key": "a", "status": "approved"})")
                              << u"job.succeeded"_s << u"approved"_s;
        QTest::addRow("mapped field only")
            << states << QByteArray(R"({"key": "a", "status": "pending"})") << u"job.queued"_s
            << u"pending"_s;
    }
    void valueMaps()
    {
        QFETCH(QByteArray, config);
        QFETCH(QByteArray, payload);
        QFETCH(QString, type);
        QFETCH(QString, state);
        const ParsedEvents parsed = mapping(config).apply(json(payload), received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        QCOMPARE(eventTypeName(parsed.events.first().type), type);
        QCOMPARE(parsed.events.first().state, state);
        QCOMPARE(parsed.events.first().job, json(payload)[u"n"_s].isDouble() ? u"5"_s : u"a"_s);
    }

    void defaults()
    {
        const Mapping m = mapping(R"({"map": {"job": "/build/number", "progress": "/build/pct"},
            "defaults": {"type": "job.progress", "kind": "nightly", "progress": 0,
                         "details": {"team": "infra"}}})");
        ParsedEvents parsed = m.apply(json(R"({"build": {"number": 812, "pct": 30}})"), received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        const Event &e = parsed.events.first();
        QCOMPARE(e.job, u"812"_s);
        QCOMPARE(e.type, EventType::JobProgress);
        QCOMPARE(e.kind, u"nightly"_s);
        QCOMPARE(e.progress.value_or(-1), 30.0);
        QCOMPARE(e.details.value(u"team"_s).toString(), u"infra"_s);
        // Nothing, or null, at the pointer: the default.
        parsed = m.apply(json(R"({"build": {"number": 813, "pct": null}})"), received);
        QVERIFY(!parsed.error);
        QCOMPARE(parsed.events.first().progress.value_or(-1), 0.0);
        // The payload wins over a default when it has the field.
        parsed = m.apply(json(R"({"build": {"number": 1}, "kind": "weekly"})"), received);
        QVERIFY(!parsed.error);
        QCOMPARE(parsed.events.first().kind, u"weekly"_s);
    }

    void unmappedFieldsReadTheirOwnName()
    {
        // PRODUCT.md §4 source "backend": only the job key differs from the canonical shape.
        const Mapping m = mapping(R"({"map": {"job": "/job_id"}})");
        const ParsedEvents parsed = m.apply(
            json(R"({"job_id": 42, "type": "step.succeeded", "progress": 50, "id": "not-a-key",
                     "step": {"index": 2, "name": "Render", "total": 4}, "time": "2026-11-23T10:00:00Z"})"),
            received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        const Event &e = parsed.events.first();
        QCOMPARE(e.job, u"42"_s);
        QCOMPARE(e.type, EventType::StepSucceeded);
        QCOMPARE(e.step->index, 2);
        QCOMPARE(e.step->name, u"Render"_s);
        QCOMPARE(e.time, QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC));
        // A record's own id is no idempotency key: only a mapped id is.
        QVERIFY(e.id.isEmpty());
        const ParsedEvents keyed = mapping(R"({"map": {"job": "/job_id", "id": "/delivery"}})")
                                       .apply(json(R"({"job_id": "j", "type": "job.started",
                                                       "delivery": 77})"),
                                           received);
        QVERIFY(!keyed.error);
        QCOMPARE(keyed.events.first().id, u"77"_s);
        // Mapped to null: not read, so an epoch "time" no longer refuses the event.
        const ParsedEvents ignored =
            mapping(R"({"map": {"job": "/k", "type": "/t", "time": null}})")
                .apply(json(R"({"k": "a", "t": "job.started", "time": 1700000000})"), received);
        QVERIFY2(!ignored.error, qPrintable(describe(ignored)));
        QCOMPARE(ignored.events.first().time, received);
    }

    void steps()
    {
        const Mapping m = mapping(R"({"map": {"job": "/run", "type": "/result",
                "step.index": "/stage/n", "step.name": "/stage/label", "duration": "/secs"},
            "values": {"type": {"ok": "step.succeeded", "fail": "step.failed"}},
            "defaults": {"step.total": 5}})");
        const ParsedEvents parsed = m.apply(
            json(
                R"({"run": "r1", "result": "ok", "stage": {"n": "3", "label": "Tests"}, "secs": "12.5"})"),
            received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        const Event &e = parsed.events.first();
        QCOMPARE(e.type, EventType::StepSucceeded);
        QCOMPARE(e.step, (StepRef { 3, u"Tests"_s, 5 }));
        QCOMPARE(e.duration.value_or(-1), 12.5);
    }

    void arrays()
    {
        const Mapping m = mapping(deploysHook);
        const ParsedEvents parsed = m.apply(json(R"([
            {"data": {"id": "a", "state": "running", "pct": 10}},
            {"data": {"id": "b", "state": "done"}}])"),
            received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        QCOMPARE(parsed.events.size(), 2);
        QCOMPARE(parsed.events.at(1).job, u"b"_s);
        QCOMPARE(parsed.events.at(1).type, EventType::JobSucceeded);
        // A root pointer finds the events inside an envelope.
        const Mapping rooted = mapping(R"({"root": "/jobs", "map": {"job": "/key"}})");
        const ParsedEvents inner = rooted.apply(
            json(
                R"({"jobs": [{"key": "x", "type": "job.queued"}, {"key": "y", "type": "job.started"}]})"),
            received);
        QVERIFY2(!inner.error, qPrintable(describe(inner)));
        QCOMPARE(inner.events.size(), 2);
        QCOMPARE(inner.events.at(1).job, u"y"_s);
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::addRow("job missing")
            << deploysHook << QByteArray(R"({"data": {"state": "running"}})") << u"/data/id"_s
            << u"is required"_s;
        QTest::addRow("type missing") << deploysHook << QByteArray(R"({"data": {"id": "a"}})")
                                      << u"/data/state"_s << u"is required"_s;
        QTest::addRow("unmapped value")
            << deploysHook << QByteArray(R"({"data": {"id": "a", "state": "paused"}})")
            << u"/data/state"_s << u"unknown type 'paused'"_s;
        QTest::addRow("progress not a number")
            << deploysHook
            << QByteArray(R"({"data": {"id": "a", "state": "running", "pct": "lots"}})")
            << u"/data/pct"_s << u"must be a number"_s;
        QTest::addRow("progress out of range")
            << deploysHook << QByteArray(R"({"data": {"id": "a", "state": "running", "pct": 140}})")
            << u"/data/pct"_s << u"must be between 0 and 100"_s;
        QTest::addRow("title not text")
            << deploysHook
            << QByteArray(R"({"data": {"id": "a", "state": "running", "name": {"x": 1}}})")
            << u"/data/name"_s << u"must be a string"_s;
        QTest::addRow("second of a batch")
            << deploysHook
            << QByteArray(
                   R"([{"data": {"id": "a", "state": "running"}}, {"data": {"state": "running"}}])")
            << u"/1/data/id"_s << u"is required"_s;
        QTest::addRow("empty batch") << deploysHook << QByteArray("[]") << QString()
                                     << u"a batch holds 1 to 1000 events, this one has 0"_s;
        QTest::addRow("unmapped field by its own name")
            << QByteArray(R"({"map": {"job": "/k"}})") << QByteArray(R"({"k": "a"})") << u"/type"_s
            << u"is required"_s;
        QTest::addRow("an unrelated member with a canonical name")
            << QByteArray(R"({"map": {"job": "/k", "type": "/t"}})")
            << QByteArray(R"({"k": "a", "t": "job.started", "time": 1700000000})") << u"/time"_s
            << u"must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z (read by its own name: map it elsewhere, or to null to ignore it)"_s;
        QTest::addRow("step event without its step") << QByteArray(
            R"({"map": {"job": "/k", "step.index": "/n"}, "defaults": {"type": "step.started"}})")
                                                     << QByteArray(R"({"k": "a"})") << u"/n"_s
                                                     << u"is required for step events"_s;
        QTest::addRow("bad step index") << QByteArray(
            R"({"map": {"job": "/k", "step.index": "/n"}, "defaults": {"type": "step.started"}})")
                                        << QByteArray(R"({"k": "a", "n": 0})") << u"/n"_s
                                        << u"must be a whole number between 1 and 100000"_s;
        QTest::addRow("a default out of range")
            << QByteArray(
                   R"({"map": {"job": "/k", "progress": "/p"}, "defaults": {"type": "job.progress", "progress": 150}})")
            << QByteArray(R"({"k": "a"})") << u"/p"_s
            << u"must be between 0 and 100 (the value comes from the mapping's defaults)"_s;
        QTest::addRow("root names nothing")
            << QByteArray(R"({"root": "/jobs"})") << QByteArray(R"({"items": []})") << u"/jobs"_s
            << u"the payload has nothing at this pointer"_s;
        QTest::addRow("inside a root")
            << QByteArray(R"({"root": "/jobs", "map": {"job": "/key"}})")
            << QByteArray(
                   R"({"jobs": [{"key": "x", "type": "job.queued"}, {"type": "job.started"}]})")
            << u"/jobs/1/key"_s << u"is required"_s;
    }
    void refuses()
    {
        QFETCH(QByteArray, config);
        QFETCH(QByteArray, payload);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const ParsedEvents parsed = mapping(config).apply(json(payload), received);
        QVERIFY(parsed.error);
        QVERIFY(parsed.events.isEmpty());
        QCOMPARE(parsed.error->field, field);
        QCOMPARE(parsed.error->message, message);
    }

    void config_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("error");
        QTest::addRow("map not an object") << QByteArray(R"({"map": ["/a"]})") << u"map: "_s;
        QTest::addRow("no leading slash")
            << QByteArray(R"({"map": {"job": "data/id"}})") << u"map.job: not a JSON Pointer"_s;
        QTest::addRow("bad escape")
            << QByteArray(R"({"map": {"job": "/a~2"}})") << u"map.job: not a JSON Pointer"_s;
        QTest::addRow("pointer not text")
            << QByteArray(R"({"map": {"job": 3}})") << u"map.job: not a JSON Pointer"_s;
        QTest::addRow("unknown field")
            << QByteArray(R"({"map": {"owner": "/a"}})") << u"map.owner: unknown field"_s;
        QTest::addRow("values not an object")
            << QByteArray(R"({"values": {"type": "job.started"}})") << u"values.type: "_s;
        QTest::addRow("values to an unknown type")
            << QByteArray(R"({"values": {"type": {"running": "job.run"}}})")
            << u"values.type.running: unknown event type 'job.run'"_s;
        QTest::addRow("values for details")
            << QByteArray(R"({"values": {"details": {"a": "b"}}})") << u"values.details: "_s;
        QTest::addRow("values with an object")
            << QByteArray(R"({"values": {"state": {"a": {}}}})") << u"values.state.a: "_s;
        QTest::addRow("default type unknown")
            << QByteArray(R"({"defaults": {"type": "nope"}})") << u"defaults.type: "_s;
        QTest::addRow("default progress text")
            << QByteArray(R"({"defaults": {"progress": "10"}})") << u"defaults.progress: "_s;
        QTest::addRow("default unknown field")
            << QByteArray(R"({"defaults": {"colour": "red"}})") << u"defaults.colour: "_s;
        QTest::addRow("labels not an object")
            << QByteArray(R"({"labels": ["/repo"]})") << u"labels: must be an object"_s;
        QTest::addRow("label pointer without slash") << QByteArray(
            R"({"labels": {"repository": "repo"}})") << u"labels.repository: not a JSON Pointer"_s;
        QTest::addRow("label pointer not text") << QByteArray(R"({"labels": {"repository": 1}})")
                                                << u"labels.repository: not a JSON Pointer"_s;
        QTest::addRow("label name with a space")
            << QByteArray(R"({"labels": {"my repo": "/repo"}})")
            << u"labels.my repo: not a label name"_s;
        QTest::addRow("root not a pointer")
            << QByteArray(R"({"root": "jobs"})") << u"root: not a JSON Pointer"_s;
    }
    void config()
    {
        QFETCH(QByteArray, config);
        QFETCH(QString, error);
        QString message;
        QVERIFY(!Mapping::fromJson(json(config).toObject(), &message));
        QVERIFY2(message.startsWith(error), qPrintable(message));
    }

    void labelsFromPointers()
    {
        // A deploy tool's payload: labels from wherever it keeps them; numbers become text, a
        // label the payload lacks is left out, and the payload's own `labels` (an array here)
        // and `parent` are not read unless mapped.
        const Mapping m =
            mapping(R"({"map": {"job": "/id", "type": "/state", "parent": "/pipeline"},
            "values": {"type": {"ok": "job.succeeded"}},
            "labels": {"repository": "/repo/name", "branch": "/ref", "pr": "/pr", "actor": "/by/login"}})");
        const ParsedEvents parsed = m.apply(json(R"({"id": "d-1", "state": "ok", "pipeline": "p-9",
            "repo": {"name": "acme/api"}, "ref": "main", "pr": 42, "labels": ["x"]})"),
            received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        const Event &e = parsed.events.first();
        QCOMPARE(e.labels,
            (QMap<QString, QString> { { u"repository"_s, u"acme/api"_s },
                { u"branch"_s, u"main"_s }, { u"pr"_s, u"42"_s } }));
        QCOMPARE(e.parent, u"p-9"_s);
        const ParsedEvents unmapped = mapping(R"({"map": {"job": "/id", "type": "/state"}})")
                                          .apply(json(R"({"id": "d", "state": "job.started",
                                              "parent": {"id": 1}, "labels": ["x"]})"),
                                              received);
        QVERIFY2(!unmapped.error, qPrintable(describe(unmapped)));
        QVERIFY(unmapped.events.first().parent.isEmpty());
        QVERIFY(unmapped.events.first().labels.isEmpty());
    }

    void everyFieldMaps()
    {
        // One payload, every canonical field under another name.
        QJsonObject map;
        QJsonObject payload;
        for (const QString &field : Mapping::fieldNames()) {
            if (field != u"step") {
                map.insert(field, u"/in/"_s + QString(field).replace(u'.', u'_'));
            }
        }
        payload = json(R"({"job": "j", "type": "step.failed", "id": "e1",
            "time": "2026-11-23T10:00:00Z", "title": "T", "kind": "K", "url": "https:\/\/x.test",
            "progress": 12, "message": "m", "state": "s", "duration": 4, "steps": 6,
            "details": {"a": 1}, "parent": "p", "step_index": 2, "step_name": "N", "step_total": 6})")
                      .toObject();
        const Mapping m = *Mapping::fromJson(QJsonObject { { u"map"_s, map } }, nullptr);
        const ParsedEvents parsed = m.apply(QJsonObject { { u"in"_s, payload } }, received);
        QVERIFY2(!parsed.error, qPrintable(describe(parsed)));
        const Event &e = parsed.events.first();
        const auto direct = parseEvent(
            json(R"({"job": "j", "type": "step.failed", "id": "e1", "time": "2026-11-23T10:00:00Z",
                "title": "T", "kind": "K", "url": "https:\/\/x.test", "progress": 12, "message": "m",
                "state": "s", "duration": 4, "steps": 6, "details": {"a": 1}, "parent": "p",
                "step": {"index": 2, "name": "N", "total": 6}})"),
            QString(), received, nullptr);
        QVERIFY(direct);
        QCOMPARE(e, *direct);
    }
};

QTEST_GUILESS_MAIN(TestMapping)
#include "tst_mapping.moc"
