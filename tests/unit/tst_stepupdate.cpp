// Seed 000's workflow client: its payloads and its exact progress formula.
#include "core/job.h"
#include "ingest/stepupdate.h"

#include <QJsonDocument>
#include <QTest>
#include <cmath>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {
QJsonValue json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}
const QDateTime now = QDateTime::currentDateTimeUtc();
} // namespace

class TestStepUpdate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seedWorkflow()
    {
        // The whole seed flow: start, 7 steps, completion with a render id, then success.
        Job job;
        QMap<int, Step> steps;
        const auto apply = [&](const ParsedEvents &parsed) {
            QVERIFY2(!parsed.error, qPrintable(parsed.error ? parsed.error->field : QString()));
            for (const Event &e : parsed.events) {
                applyEvent(job, steps[e.step ? e.step->index : 0], e);
            }
        };
        apply(adaptStepUpdate(
            json(R"({"event":"workflow_started","job_id":"test_job_123","total_steps":7})"), {}, 0,
            now));
        QCOMPARE(job.key, u"test_job_123"_s);
        QCOMPARE(job.status, JobStatus::Running);
        QCOMPARE(job.progress, 5.0);
        QCOMPARE(job.stepTotal, 7);
        const QStringList names { u"Database Extraction"_s, u"Script Generation"_s,
            u"Asset Preparation"_s, u"HeyGen Video Creation"_s, u"HeyGen Processing"_s,
            u"Scroll Video Generation"_s, u"Creatomate Assembly"_s };
        for (int n = 1; n <= 7; ++n) {
            const QByteArray body =
                R"({"event":"step_update","job_id":"test_job_123","step_number":)"
                + QByteArray::number(n) + ",\"step_name\":\"" + names.at(n - 1).toUtf8()
                + "\",\"status\":\"completed\",\"duration\":3.2,\"details\":{\"movies_found\":15}}";
            apply(adaptStepUpdate(json(body), {}, job.stepTotal, now));
            // Math.round((step_number / 7) * 90), as the seed's server computes it.
            QCOMPARE(job.progress, std::round(n / 7.0 * 90));
            QCOMPARE(job.stepName, names.at(n - 1));
        }
        QCOMPARE(job.progress, 90.0);
        QCOMPARE(steps.value(1).details.value(u"movies_found"_s).toInt(), 15);
        QCOMPARE(steps.value(3).duration.value_or(0), 3.2);
        apply(adaptStepUpdate(
            json(
                R"({"event":"workflow_completed","job_id":"test_job_123","total_duration":45.8,"creatomate_id":"abc123"})"),
            {}, 7, now));
        QCOMPARE(job.progress, 95.0);
        QCOMPARE(job.state, u"rendering"_s);
        QCOMPARE(job.status, JobStatus::Running); // stays running until the render finishes
        apply(parseEvents(json(R"({"job":"test_job_123","type":"job.succeeded"})"), now));
        QCOMPARE(job.status, JobStatus::Succeeded);
        QCOMPARE(job.progress, 100.0);
    }

    void progressPerStep_data()
    {
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("total");
        QTest::addColumn<double>("progress");
        QTest::addRow("1 of 7") << 1 << 7 << 13.0;
        QTest::addRow("2 of 7") << 2 << 7 << 26.0;
        QTest::addRow("4 of 7") << 4 << 7 << 51.0;
        QTest::addRow("7 of 7") << 7 << 7 << 90.0;
        QTest::addRow("1 of 3") << 1 << 3 << 30.0;
        QTest::addRow("unknown total uses the seed's 7") << 1 << 0 << 13.0;
    }
    void progressPerStep()
    {
        QFETCH(int, step);
        QFETCH(int, total);
        QFETCH(double, progress);
        const auto parsed = adaptStepUpdate(
            json(R"({"event":"step_update","job_id":"j","step_number":)" + QByteArray::number(step)
                + R"(,"step_name":"S","status":"completed"})"),
            {}, total, now);
        QVERIFY(!parsed.error);
        QCOMPARE(parsed.events.first().progress.value_or(-1), progress);
    }

    void completedWithoutRenderSucceeds()
    {
        const auto parsed = adaptStepUpdate(
            json(R"({"event":"workflow_completed","job_id":"j","total_duration":12})"), {}, 7, now);
        QVERIFY(!parsed.error);
        QCOMPARE(parsed.events.first().type, EventType::JobSucceeded);
        QCOMPARE(parsed.events.first().duration.value_or(0), 12.0);
    }

    void failureMarksTheStep()
    {
        const auto parsed = adaptStepUpdate(
            json(
                R"({"event":"workflow_failed","job_id":"j","error":"Database connection failed","step_number":1})"),
            {}, 7, now);
        QVERIFY(!parsed.error);
        QCOMPARE(parsed.events.size(), 2);
        QCOMPARE(parsed.events.at(0).type, EventType::StepFailed);
        QCOMPARE(parsed.events.at(0).step->index, 1);
        QCOMPARE(parsed.events.at(1).type, EventType::JobFailed);
        QCOMPARE(parsed.events.at(1).message, u"Database connection failed"_s);
    }

    void jobIdFromHeader()
    {
        const auto parsed =
            adaptStepUpdate(json(R"({"event":"workflow_started"})"), u"from-header"_s, 0, now);
        QVERIFY(!parsed.error);
        QCOMPARE(parsed.events.first().job, u"from-header"_s);
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addRow("no event") << QByteArray(R"({"job_id":"j"})") << u"/event"_s;
        QTest::addRow("unknown event")
            << QByteArray(R"({"event":"party","job_id":"j"})") << u"/event"_s;
        QTest::addRow("no job") << QByteArray(R"({"event":"workflow_started"})") << u"/job_id"_s;
        QTest::addRow("job too long")
            << ("{\"event\":\"workflow_started\",\"job_id\":\"" + QByteArray(300, 'j') + "\"}")
            << u"/job_id"_s;
        QTest::addRow("no step number")
            << QByteArray(R"({"event":"step_update","job_id":"j","status":"completed"})")
            << u"/step_number"_s;
        QTest::addRow("step zero")
            << QByteArray(R"({"event":"step_update","job_id":"j","step_number":0})")
            << u"/step_number"_s;
        QTest::addRow("bad status")
            << QByteArray(R"({"event":"step_update","job_id":"j","step_number":1,"status":"meh"})")
            << u"/status"_s;
        QTest::addRow("step name not text")
            << QByteArray(R"({"event":"step_update","job_id":"j","step_number":1,"step_name":[1]})")
            << QString();
        QTest::addRow("negative duration")
            << QByteArray(R"({"event":"step_update","job_id":"j","step_number":1,"duration":-1})")
            << u"/duration"_s;
    }
    void refuses()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const auto parsed = adaptStepUpdate(json(body), {}, 0, now);
        if (field.isEmpty()) {
            // A step name that is not text is dropped: the step keeps its number.
            QVERIFY(!parsed.error);
            return;
        }
        QVERIFY(parsed.error);
        QCOMPARE(parsed.error->field, field);
        QVERIFY(parsed.events.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStepUpdate)
#include "tst_stepupdate.moc"
