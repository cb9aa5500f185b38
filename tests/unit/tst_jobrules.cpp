// The job rules (PRODUCT.md §2), as a user watching the job would see them.
#include "common/flatcost.h"
#include "core/job.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

struct Outcome
{
    Job job;
    QMap<int, Step> steps;
    int ignored = 0; // events that arrived after the end
};

// Applies a JSON array of events in order, the way the store does.
Outcome replay(const QByteArray &events)
{
    Outcome out;
    QDateTime t(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);
    const QJsonArray array = QJsonDocument::fromJson(events).array();
    for (const QJsonValue &v : array) {
        t = t.addSecs(10);
        ValidationError error;
        auto e = parseEvent(v, QString(), t, &error);
        if (!e) {
            qFatal("bad test event: %s", qPrintable(error.field + u' ' + error.message));
        }
        Step &step = out.steps[e->step ? e->step->index : 0];
        const Applied applied = applyEvent(out.job, step, *e);
        out.ignored += applied.afterTerminal ? 1 : 0;
    }
    out.steps.remove(0);
    return out;
}

} // namespace

class TestJobRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data()
    {
        QTest::addColumn<QByteArray>("events");
        QTest::addColumn<QString>("status");
        QTest::addColumn<double>("progress"); // -1: unknown (busy bar)
        QTest::addColumn<QString>("current"); // "3/7 Asset Preparation"
        QTest::addColumn<QString>("steps"); // step statuses in index order
        QTest::addColumn<int>("ignored");

        QTest::addRow("queued job") << QByteArray(R"([{"job":"j","type":"job.queued"}])")
                                    << u"queued"_s << -1.0 << QString() << QString() << 0;
        QTest::addRow("started has no progress yet")
            << QByteArray(R"([{"job":"j","type":"job.started"}])") << u"running"_s << -1.0
            << QString() << QString() << 0;
        QTest::addRow("explicit progress") << QByteArray(
            R"([{"job":"j","type":"job.started"},{"job":"j","type":"job.progress","progress":40}])")
                                           << u"running"_s << 40.0 << QString() << QString() << 0;
        QTest::addRow("progress never goes down") << QByteArray(
            R"([{"job":"j","type":"job.progress","progress":60},{"job":"j","type":"job.progress","progress":30}])")
                                                  << u"running"_s << 60.0 << QString() << QString()
                                                  << 0;
        QTest::addRow("100 only on success")
            << QByteArray(R"([{"job":"j","type":"job.progress","progress":100}])") << u"running"_s
            << 99.0 << QString() << QString() << 0;
        QTest::addRow("success is 100") << QByteArray(
            R"([{"job":"j","type":"job.progress","progress":20},{"job":"j","type":"job.succeeded"}])")
                                        << u"succeeded"_s << 100.0 << QString() << QString() << 0;
        QTest::addRow("failure keeps progress") << QByteArray(
            R"([{"job":"j","type":"job.progress","progress":20},{"job":"j","type":"job.failed","message":"boom"}])")
                                                << u"failed"_s << 20.0 << QString() << QString()
                                                << 0;
        QTest::addRow("steps give progress")
            << QByteArray(R"([{"job":"j","type":"job.started","steps":4},
            {"job":"j","type":"step.succeeded","step":{"index":1,"name":"A"}},
            {"job":"j","type":"step.started","step":{"index":2,"name":"B"}}])")
            << u"running"_s << 25.0 << u"2/4 B"_s << u"succeeded,running"_s << 0;
        QTest::addRow("step total from the step") << QByteArray(
            R"([{"job":"j","type":"step.succeeded","step":{"index":1,"name":"A","total":2}}])")
                                                  << u"running"_s << 50.0 << u"1/2 A"_s
                                                  << u"succeeded"_s << 0;
        QTest::addRow("explicit progress wins over steps")
            << QByteArray(R"([{"job":"j","type":"job.started","steps":4},
            {"job":"j","type":"step.succeeded","step":{"index":1,"name":"A"},"progress":13}])")
            << u"running"_s << 13.0 << u"1/4 A"_s << u"succeeded"_s << 0;
        QTest::addRow("all steps done is not success") << QByteArray(
            R"([{"job":"j","type":"step.succeeded","step":{"index":1,"name":"A","total":1}}])")
                                                       << u"running"_s << 99.0 << u"1/1 A"_s
                                                       << u"succeeded"_s << 0;
        QTest::addRow("late step.started keeps succeeded")
            << QByteArray(R"([{"job":"j","type":"step.succeeded","step":{"index":1,"name":"A"}},
            {"job":"j","type":"step.started","step":{"index":1,"name":"A"}}])")
            << u"running"_s << -1.0 << u"1/0 A"_s << u"succeeded"_s << 0;
        QTest::addRow("failed step can be retried")
            << QByteArray(R"([{"job":"j","type":"step.failed","step":{"index":1,"name":"A"}},
            {"job":"j","type":"step.succeeded","step":{"index":1}}])")
            << u"running"_s << -1.0 << u"1/0 A"_s << u"succeeded"_s << 0;
        QTest::addRow("terminal is final") << QByteArray(
            R"([{"job":"j","type":"job.succeeded"},{"job":"j","type":"job.failed","message":"late"},
            {"job":"j","type":"job.progress","progress":5},{"job":"j","type":"log","message":"bye"}])")
                                           << u"succeeded"_s << 100.0 << QString() << QString()
                                           << 3;
        QTest::addRow("canceled is final") << QByteArray(
            R"([{"job":"j","type":"job.started"},{"job":"j","type":"job.canceled"},{"job":"j","type":"job.started"}])")
                                           << u"canceled"_s << -1.0 << QString() << QString() << 1;
        QTest::addRow("queued does not undo running")
            << QByteArray(R"([{"job":"j","type":"job.started"},{"job":"j","type":"job.queued"}])")
            << u"running"_s << -1.0 << QString() << QString() << 0;
        QTest::addRow("log keeps queued") << QByteArray(
            R"([{"job":"j","type":"job.queued"},{"job":"j","type":"log","message":"waiting"}])")
                                          << u"queued"_s << -1.0 << QString() << QString() << 0;
        QTest::addRow("current step is the highest")
            << QByteArray(
                   R"([{"job":"j","type":"step.started","step":{"index":3,"name":"C","total":3}},
            {"job":"j","type":"step.succeeded","step":{"index":2,"name":"B"}}])")
            << u"running"_s << 33.3333 << u"3/3 C"_s << u"succeeded,running"_s << 0;
    }
    void rules()
    {
        QFETCH(QByteArray, events);
        QFETCH(QString, status);
        QFETCH(double, progress);
        QFETCH(QString, current);
        QFETCH(QString, steps);
        QFETCH(int, ignored);
        const Outcome out = replay(events);
        QCOMPARE(jobStatusName(out.job.status), status);
        if (progress < 0) {
            QVERIFY2(!out.job.progressKnown, qPrintable(QString::number(out.job.progress)));
        } else {
            QVERIFY(out.job.progressKnown);
            QCOMPARE(qRound(out.job.progress * 100), qRound(progress * 100));
        }
        const QString shown = out.job.stepIndex > 0
            ? u"%1/%2 %3"_s.arg(out.job.stepIndex).arg(out.job.stepTotal).arg(out.job.stepName)
            : QString();
        QCOMPARE(shown, current);
        QStringList statuses;
        for (const Step &s : out.steps) {
            statuses << stepStatusName(s.status);
        }
        QCOMPARE(statuses.join(u','), steps);
        QCOMPARE(out.ignored, ignored);
    }

    void timesAndDurations()
    {
        const Outcome out = replay(R"([{"job":"j","type":"job.queued","title":"Nightly"},
            {"job":"j","type":"job.started"},
            {"job":"j","type":"step.started","step":{"index":1,"name":"Build"}},
            {"job":"j","type":"step.succeeded","step":{"index":1}},
            {"job":"j","type":"step.succeeded","step":{"index":2,"name":"Test"},"duration":4.5},
            {"job":"j","type":"job.failed","message":"tests failed"}])");
        QCOMPARE(out.job.title, u"Nightly"_s);
        QCOMPARE(out.job.error, u"tests failed"_s);
        QCOMPARE(out.job.eventCount, 6);
        QCOMPARE(out.job.startedAt.secsTo(out.job.finishedAt), 40);
        QCOMPARE(out.job.elapsedSeconds(QDateTime::currentDateTimeUtc()), 40.0);
        QCOMPARE(out.steps.value(1).duration.value_or(-1), 10.0); // measured start → finish
        QCOMPARE(out.steps.value(1).name, u"Build"_s); // a nameless update keeps the name
        QCOMPARE(out.steps.value(2).duration.value_or(-1), 4.5); // the sender's own figure
        QCOMPARE(out.job.stepsDone, 2);
    }

    void stepDetailsMerge()
    {
        const Outcome out = replay(R"([
            {"job":"j","type":"step.started","step":{"index":1,"name":"Render"},
             "details":{"frame":1,"host":"node-07","pass":"beauty"}},
            {"job":"j","type":"step.started","step":{"index":1},
             "details":{"frame":2,"host":"node-09"}},
            {"job":"j","type":"step.started","step":{"index":1},"details":{"tiles":{"x":16}}},
            {"job":"j","type":"step.started","step":{"index":2},"details":{"frame":9}},
            {"job":"j","type":"step.succeeded","step":{"index":1},"details":{"frame":3}}])");
        // The latest value of each key; keys not sent again stay; each step its own.
        const QJsonObject merged { { u"frame"_s, 3 }, { u"host"_s, u"node-09"_s },
            { u"pass"_s, u"beauty"_s }, { u"tiles"_s, QJsonObject { { u"x"_s, 16 } } } };
        QCOMPARE(out.steps.value(1).details, merged);
        QCOMPARE(out.steps.value(1).toJson().value(u"details"_s).toObject(), merged);
        QCOMPARE(out.steps.value(2).details, (QJsonObject { { u"frame"_s, 9 } }));
    }

    void repeatedDetailsChangeNothing()
    {
        Event e;
        e.job = u"j"_s;
        e.type = EventType::StepStarted;
        e.time = QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);
        e.step = StepRef { 1, u"Render"_s, 0 };
        e.details = QJsonObject { { u"host"_s, u"node-07"_s }, { u"frame"_s, 1 } };
        Job job;
        Step step;
        QVERIFY(applyEvent(job, step, e).stepChanged);
        QVERIFY(!applyEvent(job, step, e).stepChanged); // nothing to store or show again
        e.details = QJsonObject { { u"frame"_s, 1 } };
        QVERIFY(!applyEvent(job, step, e).stepChanged); // a subset, the same values
        e.details = QJsonObject { { u"frame"_s, 2 } };
        QVERIFY(applyEvent(job, step, e).stepChanged);
        QCOMPARE(step.details, (QJsonObject { { u"host"_s, u"node-07"_s }, { u"frame"_s, 2 } }));
    }

    // A render reporting every frame to one step (issue 12): the 100,000th event costs what
    // the first did. Its string value is what grew: Qt 6.4's QJsonObject kept every string
    // an insert overwrote, and each event copied all of them.
    void applyCostIsFlat()
    {
        constexpr int Events = 100000;
        constexpr int Chunk = 1000;
        Event e;
        e.job = u"render"_s;
        e.type = EventType::StepStarted;
        e.time = QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);
        e.step = StepRef { 3, u"Render frames"_s, 5 };
        Job job;
        Step step;
        Step shown; // a copy kept elsewhere, as the store's cache and the live models keep one
        QElapsedTimer clock;
        clock.start();
        // Times one chunk of events to @p toJob's step, the frames counting on from @p frame.
        const auto timeChunk = [&](Job &toJob, Step &toStep, int &frame) {
            qint64 spent = 0;
            for (int i = 0; i < Chunk; ++i) {
                e.details = QJsonObject { { u"frame"_s, ++frame },
                    { u"host"_s, u"render-node-07.farm.example.test"_s } };
                const qint64 before = clock.nsecsElapsed();
                applyEvent(toJob, toStep, e);
                shown = toStep;
                spent += clock.nsecsElapsed() - before;
            }
            return spent;
        };
        testing::ChunkTimes chunks;
        int frame = 0;
        for (int c = 0; c < Events / Chunk; ++c) {
            const qint64 hot = timeChunk(job, step, frame);
            Job freshJob;
            Step freshStep;
            int freshFrame = 0;
            chunks.append(hot, timeChunk(freshJob, freshStep, freshFrame));
        }
        QCOMPARE(step.details.value(u"frame"_s).toInt(), Events);
        QCOMPARE(job.eventCount, Events);
        QVERIFY2(chunks.lastOverFirst() < 2, qPrintable(chunks.summary()));
    }
};

QTEST_GUILESS_MAIN(TestJobRules)
#include "tst_jobrules.moc"
