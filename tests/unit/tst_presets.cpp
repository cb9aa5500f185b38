// CI sender presets (issue 15): GitHub Actions' deliveries, from fixtures shaped as GitHub's
// webhook documentation shows them (tests/data/github-actions), through the preset's table.
#include "ingest/presets.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

const QDateTime received { QDate(2026, 11, 23), QTime(12, 30), Qt::UTC };

QJsonObject fixture(const QString &name, const QString &sender = u"github-actions"_s)
{
    QFile file(QStringLiteral(JOBPULSE_TEST_DATA "/") + sender + u'/' + name + u".json"_s);
    if (!file.open(QIODevice::ReadOnly)) {
        qFatal("no fixture %s", qPrintable(name));
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}

// "job.started step.succeeded …": what a delivery became, in order.
QString types(const ParsedEvents &parsed)
{
    QStringList names;
    for (const Event &e : parsed.events) {
        names << eventTypeName(e.type);
    }
    return names.join(u' ');
}

ParsedEvents github(
    const QString &event, const QJsonObject &body, const JobStatusLookup &known = {})
{
    return adaptPreset(githubActionsPreset(), event, body, received, known);
}

ParsedEvents gitlab(const QString &event, const QString &file)
{
    return adaptPreset(gitlabPreset(), event, fixture(file, u"gitlab"_s), received);
}

QStringList stepNames(const ParsedEvents &parsed)
{
    QStringList names;
    for (const Event &e : parsed.events) {
        if (e.step) {
            names << u"%1 %2/%3"_s.arg(e.step->name).arg(e.step->index).arg(e.step->total);
        }
    }
    return names;
}

const QString runKey = u"github:octo-org/Hello-World/runs/30433642/1"_s;
const QString jobKey = runKey + u"/jobs/399444496"_s;

} // namespace

class TestPresets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void githubEveryEvent_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("types");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("time");

        QTest::addRow("workflow_run requested")
            << u"workflow_run"_s << u"workflow_run.requested"_s << runKey << u"job.queued"_s
            << QString() << u"2026-11-23T11:59:50Z"_s;
        QTest::addRow("workflow_run in_progress")
            << u"workflow_run"_s << u"workflow_run.in_progress"_s << runKey << u"job.started"_s
            << QString() << u"2026-11-23T11:59:50Z"_s;
        QTest::addRow("workflow_run completed")
            << u"workflow_run"_s << u"workflow_run.completed"_s << runKey
            << u"job.started job.succeeded"_s << QString() << u"2026-11-23T12:03:10Z"_s;
        QTest::addRow("workflow_run re-run, attempt 2")
            << u"workflow_run"_s << u"workflow_run.rerun.completed"_s
            << u"github:octo-org/Hello-World/runs/30433642/2"_s << u"job.started job.failed"_s
            << QString() << u"2026-11-23T12:12:30Z"_s;
        QTest::addRow("workflow_job queued")
            << u"workflow_job"_s << u"workflow_job.queued"_s << jobKey << u"job.queued"_s
            << QString() << u"2026-11-23T12:00:00Z"_s;
        QTest::addRow("workflow_job waiting")
            << u"workflow_job"_s << u"workflow_job.waiting"_s << jobKey << u"job.queued"_s
            << u"waiting"_s << u"2026-11-23T12:00:00Z"_s;
        QTest::addRow("workflow_job in_progress, a step running, one not started")
            << u"workflow_job"_s << u"workflow_job.in_progress"_s << jobKey
            << u"job.started step.succeeded step.succeeded step.started"_s << QString()
            << u"2026-11-23T12:00:05Z"_s;
        QTest::addRow("workflow_job completed, six steps")
            << u"workflow_job"_s << u"workflow_job.completed"_s << jobKey
            << u"job.started step.succeeded step.succeeded step.succeeded step.skipped "
               u"step.succeeded step.succeeded job.succeeded"_s
            << QString() << u"2026-11-23T12:02:42Z"_s;
        QTest::addRow("check_run created")
            << u"check_run"_s << u"check_run.created"_s
            << u"github:octo-org/Hello-World/checks/128620228"_s << u"job.started"_s << QString()
            << u"2026-11-23T12:05:00Z"_s;
        QTest::addRow("check_run completed")
            << u"check_run"_s << u"check_run.completed"_s
            << u"github:octo-org/Hello-World/checks/128620228"_s << u"job.started job.failed"_s
            << QString() << u"2026-11-23T12:06:10Z"_s;
    }
    void githubEveryEvent()
    {
        QFETCH(QString, event);
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(QString, types);
        QFETCH(QString, state);
        QFETCH(QString, time);
        const ParsedEvents parsed = github(event, fixture(file));
        QVERIFY2(!parsed.error, qPrintable(parsed.error ? parsed.error->field : QString()));
        QCOMPARE(::types(parsed), types);
        QCOMPARE(parsed.events.first().job, key);
        // The job's own event (the last one that is not about a step): its state and time.
        const auto job = std::find_if(parsed.events.rbegin(), parsed.events.rend(),
            [](const Event &e) { return !isStepEvent(e.type); });
        QCOMPARE(job->state, state);
        QCOMPARE(job->time, parseRfc3339(time));
    }

    void githubRunFields()
    {
        const ParsedEvents parsed = github(u"workflow_run"_s, fixture(u"workflow_run.completed"_s));
        const Event &e = parsed.events.last();
        QCOMPARE(e.title, u"Build #562"_s);
        QCOMPARE(e.kind, u"Build"_s);
        QCOMPARE(e.url, u"https://github.com/octo-org/Hello-World/actions/runs/30433642"_s);
        QCOMPARE(e.labels.value(u"repository"_s), u"octo-org/Hello-World"_s);
        QCOMPARE(e.labels.value(u"branch"_s), u"main"_s);
        QCOMPARE(e.labels.value(u"actor"_s), u"octocat"_s);
        QCOMPARE(e.labels.value(u"commit"_s), u"acb5820ced9479c074f688cc328bf03f341a511d"_s);
        QCOMPARE(e.labels.value(u"event"_s), u"push"_s);
        QVERIFY(e.parent.isEmpty()); // a run is a top-level job
        QVERIFY(!e.details.contains(u"repository"_s)); // labels are not repeated as details
        // The started event carries when it started: the run's duration is its own.
        QCOMPARE(parsed.events.first().time, parseRfc3339(u"2026-11-23T11:59:50Z"_s));
        const ParsedEvents rerun =
            github(u"workflow_run"_s, fixture(u"workflow_run.rerun.completed"_s));
        QCOMPARE(rerun.events.last().title, u"Build #562 (attempt 2)"_s);
        QCOMPARE(rerun.events.last().message, u"GitHub workflow_run: failure"_s);
    }

    void githubJobUnderItsRunWithOrderedSteps()
    {
        const ParsedEvents parsed = github(u"workflow_job"_s, fixture(u"workflow_job.completed"_s));
        const Event &job = parsed.events.last();
        QCOMPARE(job.title, u"Build / build"_s);
        QCOMPARE(job.kind, u"Build / build"_s);
        QCOMPARE(job.url,
            u"https://github.com/octo-org/Hello-World/actions/runs/30433642/job/399444496"_s);
        QCOMPARE(job.parent, runKey);
        QCOMPARE(job.labels.value(u"repository"_s), u"octo-org/Hello-World"_s);
        QCOMPARE(job.labels.value(u"branch"_s), u"main"_s);
        QCOMPARE(job.labels.value(u"actor"_s), u"octocat"_s);
        QCOMPARE(job.details.value(u"runner"_s).toString(), u"GitHub Actions 1"_s);
        // The fixture lists the steps shuffled and numbered 1, 2, 3, 5, 9, 10: they come in
        // `number` order as steps 1 to 6 of 6.
        const QStringList expected { u"Set up job"_s, u"Run actions/checkout@v4"_s, u"Build"_s,
            u"Upload artifact"_s, u"Post Run actions/checkout@v4"_s, u"Complete job"_s };
        for (int i = 0; i < expected.size(); ++i) {
            const Event &step = parsed.events.at(i + 1);
            QCOMPARE(step.step->index, i + 1);
            QCOMPARE(step.step->name, expected.at(i));
            QCOMPARE(step.step->total, 6);
        }
        QCOMPARE(*parsed.events.at(3).duration, 151.0); // Build: 12:00:09 → 12:02:40
        const ParsedEvents rerun =
            github(u"workflow_job"_s, fixture(u"workflow_job.rerun.completed"_s));
        QCOMPARE(rerun.events.last().job,
            u"github:octo-org/Hello-World/runs/30433642/2/jobs/399444777"_s);
        QCOMPARE(rerun.events.last().parent, u"github:octo-org/Hello-World/runs/30433642/2"_s);
        QCOMPARE(
            types(rerun), u"job.started step.succeeded step.succeeded step.failed job.failed"_s);
    }

    void githubConclusions_data()
    {
        QTest::addColumn<QString>("conclusion");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("state");
        QTest::addRow("success") << u"success"_s << u"job.succeeded"_s << QString();
        QTest::addRow("failure") << u"failure"_s << u"job.failed"_s << QString();
        QTest::addRow("timed_out") << u"timed_out"_s << u"job.failed"_s << u"timed_out"_s;
        QTest::addRow("startup_failure")
            << u"startup_failure"_s << u"job.failed"_s << u"startup_failure"_s;
        QTest::addRow("action_required")
            << u"action_required"_s << u"job.failed"_s << u"action_required"_s;
        QTest::addRow("cancelled") << u"cancelled"_s << u"job.canceled"_s << QString();
        QTest::addRow("skipped") << u"skipped"_s << u"job.canceled"_s << u"skipped"_s;
        QTest::addRow("neutral") << u"neutral"_s << u"job.canceled"_s << u"neutral"_s;
        QTest::addRow("stale") << u"stale"_s << u"job.canceled"_s << u"stale"_s;
    }
    void githubConclusions()
    {
        QFETCH(QString, conclusion);
        QFETCH(QString, type);
        QFETCH(QString, state);
        QJsonObject body = fixture(u"workflow_run.completed"_s);
        QJsonObject run = body.value(u"workflow_run"_s).toObject();
        run.insert(u"conclusion"_s, conclusion);
        body.insert(u"workflow_run"_s, run);
        const ParsedEvents parsed = github(u"workflow_run"_s, body);
        QCOMPARE(eventTypeName(parsed.events.last().type), type);
        QCOMPARE(parsed.events.last().state, state);
    }

    void githubPingAndOtherEventsAreIgnored_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("note");
        QTest::addRow("ping") << u"ping"_s << u"ping"_s
                              << u"GitHub ping: hook 109948940 is set up and reaches Jobpulse "
                                 u"(Design for failure.)"_s;
        QTest::addRow("push") << u"push"_s << u"push"_s
                              << u"GitHub event 'push' is not about a job: accepted and ignored"_s;
    }
    void githubPingAndOtherEventsAreIgnored()
    {
        QFETCH(QString, event);
        QFETCH(QString, file);
        QFETCH(QString, note);
        const ParsedEvents parsed = github(event, fixture(file));
        QVERIFY(!parsed.error);
        QVERIFY(parsed.events.isEmpty());
        QCOMPARE(parsed.ignored, note);
    }

    void githubMissingFieldNamesItsPointer_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("remove"); // "object/member"
        QTest::addColumn<QString>("field");
        QTest::addRow("run without id") << u"workflow_run"_s << u"workflow_run.completed"_s
                                        << u"workflow_run/id"_s << u"/workflow_run/id"_s;
        QTest::addRow("run without status")
            << u"workflow_run"_s << u"workflow_run.completed"_s << u"workflow_run/status"_s
            << u"/workflow_run/status"_s;
        QTest::addRow("job without run_id")
            << u"workflow_job"_s << u"workflow_job.queued"_s << u"workflow_job/run_id"_s
            << u"/workflow_job/run_id"_s;
        QTest::addRow("job without repository")
            << u"workflow_job"_s << u"workflow_job.queued"_s << u"repository/full_name"_s
            << u"/repository/full_name"_s;
        QTest::addRow("check run without id") << u"check_run"_s << u"check_run.completed"_s
                                              << u"check_run/id"_s << u"/check_run/id"_s;
        QTest::addRow("no X-GitHub-Event")
            << QString() << u"workflow_run.completed"_s << QString() << u"X-GitHub-Event"_s;
    }
    void githubMissingFieldNamesItsPointer()
    {
        QFETCH(QString, event);
        QFETCH(QString, file);
        QFETCH(QString, remove);
        QFETCH(QString, field);
        QJsonObject body = fixture(file);
        if (!remove.isEmpty()) {
            const QString object = remove.section(u'/', 0, 0);
            QJsonObject inner = body.value(object).toObject();
            inner.remove(remove.section(u'/', 1));
            body.insert(object, inner);
        }
        const ParsedEvents parsed = github(event, body);
        QVERIFY(parsed.error);
        QCOMPARE(parsed.error->field, field);
        QVERIFY(parsed.events.isEmpty());
    }

    void githubLateWaitingKeepsTheRunningJobsState()
    {
        // The job runs already: a late `waiting` is a queued event without its sub-state (the
        // job rules keep the status); for a job not seen yet the state shows.
        const auto running = [](const QString &) { return std::optional(JobStatus::Running); };
        const QJsonObject waiting = fixture(u"workflow_job.waiting"_s);
        QCOMPARE(github(u"workflow_job"_s, waiting, running).events.first().state, QString());
        QCOMPARE(github(u"workflow_job"_s, waiting,
                     [](const QString &) { return std::optional<JobStatus>(); })
                     .events.first()
                     .state,
            u"waiting"_s);
    }

    void gitlabEveryEvent_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("types");
        QTest::addColumn<QString>("time");
        const QString pipeline = u"gitlab:gitlab-org/gitlab-test/pipelines/31"_s;
        QTest::addRow("Pipeline Hook pending")
            << u"Pipeline Hook"_s << u"pipeline.pending"_s << pipeline << u"job.queued"_s
            << u"2026-11-23T12:00:00Z"_s;
        QTest::addRow("Pipeline Hook running")
            << u"Pipeline Hook"_s << u"pipeline.running"_s << pipeline
            << u"job.started step.succeeded step.started"_s
            << u"2026-11-23T12:01:10Z"_s; // rspec started
        QTest::addRow("Pipeline Hook success")
            << u"Pipeline Hook"_s << u"pipeline.success"_s << pipeline
            << u"step.succeeded step.succeeded step.succeeded step.skipped job.succeeded"_s
            << u"2026-11-23T12:03:05Z"_s;
        QTest::addRow("Pipeline Hook canceled")
            << u"Pipeline Hook"_s << u"pipeline.canceled"_s << pipeline
            << u"step.succeeded step.failed job.canceled"_s << u"2026-11-23T12:02:00Z"_s;
        QTest::addRow("Job Hook created")
            << u"Job Hook"_s << u"job.created"_s << pipeline + u"/jobs/378"_s << u"job.queued"_s
            << u"2026-11-23T12:00:00Z"_s;
        QTest::addRow("Job Hook running")
            << u"Job Hook"_s << u"job.running"_s << pipeline + u"/jobs/378"_s << u"job.started"_s
            << u"2026-11-23T12:01:10Z"_s;
        QTest::addRow("Job Hook failed")
            << u"Job Hook"_s << u"job.failed"_s << pipeline + u"/jobs/378"_s
            << u"job.started job.failed"_s << u"2026-11-23T12:03:00Z"_s;
        QTest::addRow("Job Hook, the retried job succeeds")
            << u"Job Hook"_s << u"job.retried.success"_s << pipeline + u"/jobs/381"_s
            << u"job.started job.succeeded"_s << u"2026-11-23T12:06:40Z"_s;
    }
    void gitlabEveryEvent()
    {
        QFETCH(QString, event);
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(QString, types);
        QFETCH(QString, time);
        const ParsedEvents parsed = gitlab(event, file);
        QVERIFY2(!parsed.error, qPrintable(parsed.error ? parsed.error->field : QString()));
        QCOMPARE(::types(parsed), types);
        QCOMPARE(parsed.events.last().job, key);
        QCOMPARE(parsed.events.last().time, parseRfc3339(time));
    }

    void gitlabBuildsAreStepsInStageOrder()
    {
        // GitLab lists builds newest first; stages build, test, deploy give the order.
        const ParsedEvents parsed = gitlab(u"Pipeline Hook"_s, u"pipeline.success"_s);
        QCOMPARE(stepNames(parsed),
            QStringList({ u"compile 1/4"_s, u"rspec 2/4"_s, u"lint 3/4"_s, u"production 4/4"_s }));
        QCOMPARE(*parsed.events.at(1).duration, 110.0);
        const Event &pipeline = parsed.events.last();
        QCOMPARE(pipeline.title, u"Gitlab Test #3"_s);
        QCOMPARE(
            pipeline.url, u"http://gitlab.example.test/gitlab-org/gitlab-test/-/pipelines/31"_s);
        QCOMPARE(pipeline.labels.value(u"branch"_s), u"master"_s);
        QCOMPARE(pipeline.labels.value(u"actor"_s), u"root"_s);
        QCOMPARE(pipeline.labels.value(u"repository"_s), u"gitlab-org/gitlab-test"_s);
        QCOMPARE(pipeline.labels.value(u"commit"_s), u"bcbb5ec396a2c0f828686f14fac9b80b780504f2"_s);
        QCOMPARE(pipeline.labels.value(u"event"_s), u"push"_s);
        QVERIFY(pipeline.parent.isEmpty());
        const ParsedEvents failed = gitlab(u"Job Hook"_s, u"job.failed"_s);
        QCOMPARE(failed.events.last().title, u"test: rspec"_s);
        QCOMPARE(failed.events.last().message, u"script_failure"_s);
        QCOMPARE(failed.events.last().url,
            u"http://gitlab.example.test/gitlab-org/gitlab-test/-/jobs/378"_s);
        QCOMPARE(failed.events.last().parent, u"gitlab:gitlab-org/gitlab-test/pipelines/31"_s);
        QCOMPARE(failed.events.last().labels.value(u"repository"_s), u"gitlab-org/gitlab-test"_s);
        QCOMPARE(failed.events.last().labels.value(u"branch"_s), u"master"_s);
    }

    void gitlabIgnoresAndRefuses()
    {
        const ParsedEvents push = gitlab(u"Push Hook"_s, u"push"_s);
        QVERIFY(!push.error);
        QCOMPARE(
            push.ignored, u"GitLab event 'Push Hook' is not about a job: accepted and ignored"_s);
        QCOMPARE(gitlab(QString(), u"pipeline.running"_s).error->field, u"X-Gitlab-Event"_s);
        QJsonObject body = fixture(u"job.running"_s, u"gitlab"_s);
        body.remove(u"build_id"_s);
        QCOMPARE(adaptPreset(gitlabPreset(), u"Job Hook"_s, body, received).error->field,
            u"/build_id"_s);
    }

    void buildkiteAndJenkins_data()
    {
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("event"); // the header's value; "" = none (from the body)
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("types");
        QTest::addColumn<QString>("state");
        const QString build = u"buildkite:my-pipeline/builds/15"_s;
        const QString job = build + u"/jobs/b63254c0-3271-4a98-8270-7cfbd6c2f14e"_s;
        QTest::addRow("build.scheduled")
            << u"buildkite"_s << u"build.scheduled"_s << u"build.scheduled"_s << build
            << u"job.queued"_s << QString();
        QTest::addRow("build.running") << u"buildkite"_s << u"build.running"_s << u"build.running"_s
                                       << build << u"job.started"_s << QString();
        QTest::addRow("build.failing") << u"buildkite"_s << u"build.failing"_s << u"build.failing"_s
                                       << build << u"job.started"_s << u"failing"_s;
        QTest::addRow("build.finished")
            << u"buildkite"_s << u"build.finished"_s << u"build.finished"_s << build
            << u"job.started job.succeeded"_s << QString();
        QTest::addRow("build.finished, event from the body")
            << u"buildkite"_s << QString() << u"build.finished"_s << build
            << u"job.started job.succeeded"_s << QString();
        QTest::addRow("job.scheduled") << u"buildkite"_s << u"job.scheduled"_s << u"job.scheduled"_s
                                       << job << u"job.queued"_s << QString();
        QTest::addRow("job.started") << u"buildkite"_s << u"job.started"_s << u"job.started"_s
                                     << job << u"job.started"_s << QString();
        QTest::addRow("job.finished failed")
            << u"buildkite"_s << u"job.finished"_s << u"job.finished"_s << job
            << u"job.started job.failed"_s << QString();
        const QString asgard = u"jenkins:asgard/18"_s;
        QTest::addRow("Jenkins QUEUED")
            << u"jenkins"_s << QString() << u"queued"_s << asgard << u"job.queued"_s << QString();
        QTest::addRow("Jenkins STARTED")
            << u"jenkins"_s << QString() << u"started"_s << asgard << u"job.started"_s << QString();
        QTest::addRow("Jenkins COMPLETED SUCCESS")
            << u"jenkins"_s << QString() << u"completed.success"_s << asgard << u"job.succeeded"_s
            << QString();
        QTest::addRow("Jenkins FINALIZED SUCCESS")
            << u"jenkins"_s << QString() << u"finalized.success"_s << asgard << u"job.succeeded"_s
            << QString();
        QTest::addRow("Jenkins COMPLETED FAILURE")
            << u"jenkins"_s << QString() << u"completed.failure"_s << u"jenkins:asgard/19"_s
            << u"job.failed"_s << QString();
        QTest::addRow("Jenkins COMPLETED UNSTABLE")
            << u"jenkins"_s << QString() << u"completed.unstable"_s << u"jenkins:asgard/20"_s
            << u"job.failed"_s << u"unstable"_s;
        QTest::addRow("Jenkins COMPLETED ABORTED")
            << u"jenkins"_s << QString() << u"completed.aborted"_s << u"jenkins:asgard/21"_s
            << u"job.canceled"_s << QString();
        QTest::addRow("Jenkins COMPLETED NOT_BUILT")
            << u"jenkins"_s << QString() << u"completed.not_built"_s << u"jenkins:asgard/22"_s
            << u"job.canceled"_s << u"not_built"_s;
    }
    void buildkiteAndJenkins()
    {
        QFETCH(QString, sender);
        QFETCH(QString, event);
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(QString, types);
        QFETCH(QString, state);
        const PresetTable &table = sender == u"jenkins" ? jenkinsPreset() : buildkitePreset();
        const ParsedEvents parsed = adaptPreset(table, event, fixture(file, sender), received);
        QVERIFY2(!parsed.error, qPrintable(parsed.error ? parsed.error->field : QString()));
        QCOMPARE(::types(parsed), types);
        QCOMPARE(parsed.events.last().job, key);
        QCOMPARE(parsed.events.last().state, state);
    }

    void buildkiteAndJenkinsFields()
    {
        const ParsedEvents build = adaptPreset(buildkitePreset(), u"build.finished"_s,
            fixture(u"build.finished"_s, u"buildkite"_s), received);
        QCOMPARE(build.events.last().title, u"My Pipeline #15"_s);
        QCOMPARE(
            build.events.last().url, u"https://buildkite.com/acme-inc/my-pipeline/builds/15"_s);
        QCOMPARE(build.events.last().time, parseRfc3339(u"2026-11-23T12:04:00Z"_s));
        QCOMPARE(build.events.last().labels.value(u"branch"_s), u"main"_s);
        QCOMPARE(build.events.last().labels.value(u"actor"_s), u"Keith Pitt"_s);
        const ParsedEvents job = adaptPreset(buildkitePreset(), u"job.finished"_s,
            fixture(u"job.finished"_s, u"buildkite"_s), received);
        QCOMPARE(job.events.last().title, u":rspec: Specs"_s);
        QCOMPARE(job.events.last().message, u"exit status 1"_s);
        // Without an exit status, the state says what happened.
        QJsonObject noExit = fixture(u"job.finished"_s, u"buildkite"_s);
        QJsonObject inner = noExit.value(u"job"_s).toObject();
        inner.insert(u"exit_status"_s, QJsonValue::Null);
        inner.insert(u"state"_s, u"timed_out"_s);
        noExit.insert(u"job"_s, inner);
        QCOMPARE(adaptPreset(buildkitePreset(), u"job.finished"_s, noExit, received)
                     .events.last()
                     .message,
            u"Buildkite job.finished: timed_out"_s);
        QCOMPARE(job.events.last().parent, u"buildkite:my-pipeline/builds/15"_s);
        QCOMPARE(job.events.last().labels.value(u"branch"_s), u"main"_s);
        QVERIFY(build.events.last().parent.isEmpty());
        const ParsedEvents ping =
            adaptPreset(buildkitePreset(), u"ping"_s, fixture(u"ping"_s, u"buildkite"_s), received);
        QCOMPARE(ping.ignored, u"Buildkite ping: the webhook of acme-inc reaches Jobpulse"_s);
        QCOMPARE(
            adaptPreset(buildkitePreset(), u"agent.connected"_s, QJsonObject(), received).ignored,
            u"Buildkite event 'agent.connected' is not about a job: accepted and ignored"_s);
        const ParsedEvents jenkins = adaptPreset(
            jenkinsPreset(), QString(), fixture(u"completed.failure"_s, u"jenkins"_s), received);
        QCOMPARE(jenkins.events.last().title, u"asgard #19"_s);
        QCOMPARE(jenkins.events.last().url, u"http://localhost:8080/job/asgard/19/"_s);
        QCOMPARE(jenkins.events.last().message, u"Jenkins build FAILURE"_s);
        QCOMPARE(jenkins.events.last().labels.value(u"branch"_s), u"origin/main"_s);
        // The plugin's phase is its event: without it, 422 naming it.
        QJsonObject noPhase = fixture(u"started"_s, u"jenkins"_s);
        QJsonObject phaseless = noPhase.value(u"build"_s).toObject();
        phaseless.remove(u"phase"_s);
        noPhase.insert(u"build"_s, phaseless);
        QCOMPARE(adaptPreset(jenkinsPreset(), QString(), noPhase, received).error->field,
            u"/build/phase"_s);
    }
};

QTEST_GUILESS_MAIN(TestPresets)
#include "tst_presets.moc"
