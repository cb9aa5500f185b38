// The job rules (PRODUCT.md §2), as a user watching the job would see them.
#include "core/job.h"

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
};

QTEST_GUILESS_MAIN(TestJobRules)
#include "tst_jobrules.moc"
