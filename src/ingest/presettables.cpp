// The CI senders' tables (issue 15), read by adaptPreset. Field names and status words are the
// senders' own, from their published webhook payload documentation; docs/webhooks.md shows
// each mapping as a table.
#include "presets.h"

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// GitHub's `status` and `conclusion` (workflow runs, workflow jobs and check runs share them).
// `completed` with: success → succeeded; failure, timed_out, startup_failure → failed;
// action_required → failed (a person must approve or act); cancelled → canceled; skipped,
// neutral, stale → canceled (neither passed nor failed), the word kept as the job's state.
QList<StatusRule> githubStatuses()
{
    return {
        { u"completed"_s, u"success"_s, EventType::JobSucceeded, {} },
        { u"completed"_s, u"failure"_s, EventType::JobFailed, {} },
        { u"completed"_s, u"timed_out"_s, EventType::JobFailed, u"timed_out"_s },
        { u"completed"_s, u"startup_failure"_s, EventType::JobFailed, u"startup_failure"_s },
        { u"completed"_s, u"action_required"_s, EventType::JobFailed, u"action_required"_s },
        { u"completed"_s, u"cancelled"_s, EventType::JobCanceled, {} },
        { u"completed"_s, u"skipped"_s, EventType::JobCanceled, u"skipped"_s },
        { u"completed"_s, u"neutral"_s, EventType::JobCanceled, u"neutral"_s },
        { u"completed"_s, u"stale"_s, EventType::JobCanceled, u"stale"_s },
        { u"in_progress"_s, {}, EventType::JobStarted, {} },
        { u"waiting"_s, {}, EventType::JobQueued, u"waiting"_s },
        { u"queued"_s, {}, EventType::JobQueued, {} },
        { u"requested"_s, {}, EventType::JobQueued, {} },
        { u"pending"_s, {}, EventType::JobQueued, {} },
    };
}

// A step of a workflow job: not started yet → nothing to show; its conclusion otherwise.
QList<StatusRule> githubStepStatuses()
{
    return {
        { u"in_progress"_s, {}, EventType::StepStarted, {} },
        { u"completed"_s, u"success"_s, EventType::StepSucceeded, {} },
        { u"completed"_s, u"neutral"_s, EventType::StepSucceeded, u"neutral"_s },
        { u"completed"_s, u"skipped"_s, EventType::StepSkipped, {} },
        { u"completed"_s, u"failure"_s, EventType::StepFailed, {} },
        { u"completed"_s, u"timed_out"_s, EventType::StepFailed, u"timed_out"_s },
        { u"completed"_s, u"cancelled"_s, EventType::StepFailed, u"cancelled"_s },
        { u"completed"_s, u"action_required"_s, EventType::StepFailed, u"action_required"_s },
        { u"completed"_s, u"startup_failure"_s, EventType::StepFailed, u"startup_failure"_s },
    };
}

// A run's key: repository, run id and attempt (a re-run is a job of its own).
QString githubRunKey(const QString &idPointer, const QString &attemptPointer)
{
    return u"github:{/repository/full_name}/runs/{%1}/{%2|1}"_s.arg(idPointer, attemptPointer);
}

PresetTable makeGithubActions()
{
    PresetTable t;
    t.sender = u"GitHub"_s;
    t.eventField = u"X-GitHub-Event"_s;
    t.answered = { { u"ping"_s,
        u"GitHub ping: hook {/hook_id|?} is set up and reaches Jobpulse ({/zen|})"_s } };

    JobSpec run;
    run.event = u"workflow_run"_s;
    run.key = githubRunKey(u"/workflow_run/id"_s, u"/workflow_run/run_attempt"_s);
    run.titles = { u"{/workflow_run/name} #{/workflow_run/run_number}"_s,
        u"{/workflow_run/display_title}"_s };
    run.kinds = { u"{/workflow_run/name}"_s };
    run.url = u"{/workflow_run/html_url}"_s;
    run.attempt = u"/workflow_run/run_attempt"_s;
    run.status = u"/workflow_run/status"_s;
    run.conclusion = u"/workflow_run/conclusion"_s;
    run.queuedAt = u"/workflow_run/created_at"_s;
    run.startedAt = u"/workflow_run/run_started_at"_s;
    run.finishedAt = u"/workflow_run/updated_at"_s;
    run.labels = { { u"repository"_s, u"{/repository/full_name}"_s },
        { u"branch"_s, u"{/workflow_run/head_branch}"_s },
        { u"actor"_s, u"{/workflow_run/actor/login}"_s }, { u"actor"_s, u"{/sender/login}"_s },
        { u"commit"_s, u"{/workflow_run/head_sha}"_s },
        { u"event"_s, u"{/workflow_run/event}"_s } };
    run.fields = { { u"attempt"_s, u"{/workflow_run/run_attempt|1}"_s } };
    run.statuses = githubStatuses();

    JobSpec job;
    job.event = u"workflow_job"_s;
    job.parent = githubRunKey(u"/workflow_job/run_id"_s, u"/workflow_job/run_attempt"_s);
    job.key = job.parent + u"/jobs/{/workflow_job/id}"_s;
    job.titles = { u"{/workflow_job/workflow_name} / {/workflow_job/name}"_s,
        u"{/workflow_job/name}"_s };
    job.kinds = job.titles;
    job.url = u"{/workflow_job/html_url}"_s;
    job.attempt = u"/workflow_job/run_attempt"_s;
    job.status = u"/workflow_job/status"_s;
    job.conclusion = u"/workflow_job/conclusion"_s;
    job.queuedAt = u"/workflow_job/created_at"_s;
    job.startedAt = u"/workflow_job/started_at"_s;
    job.finishedAt = u"/workflow_job/completed_at"_s;
    job.labels = { { u"repository"_s, u"{/repository/full_name}"_s },
        { u"branch"_s, u"{/workflow_job/head_branch}"_s }, { u"actor"_s, u"{/sender/login}"_s },
        { u"commit"_s, u"{/workflow_job/head_sha}"_s } };
    job.fields = { { u"attempt"_s, u"{/workflow_job/run_attempt|1}"_s },
        { u"runner"_s, u"{/workflow_job/runner_name}"_s } };
    job.statuses = githubStatuses();
    StepsSpec steps;
    steps.array = u"/workflow_job/steps"_s;
    steps.name = u"/name"_s;
    steps.order = u"/number"_s;
    steps.status = u"/status"_s;
    steps.conclusion = u"/conclusion"_s;
    steps.startedAt = u"/started_at"_s;
    steps.finishedAt = u"/completed_at"_s;
    steps.statuses = githubStepStatuses();
    job.steps = steps;

    // Other CI apps (and Actions itself) report through the Checks API.
    JobSpec check;
    check.event = u"check_run"_s;
    check.key = u"github:{/repository/full_name}/checks/{/check_run/id}"_s;
    check.titles = { u"{/check_run/app/name} / {/check_run/name}"_s, u"{/check_run/name}"_s };
    check.kinds = check.titles;
    check.url = u"{/check_run/html_url}"_s;
    check.status = u"/check_run/status"_s;
    check.conclusion = u"/check_run/conclusion"_s;
    check.startedAt = u"/check_run/started_at"_s;
    check.finishedAt = u"/check_run/completed_at"_s;
    check.message = u"{/check_run/output/title}"_s;
    check.labels = { { u"repository"_s, u"{/repository/full_name}"_s },
        { u"branch"_s, u"{/check_run/check_suite/head_branch}"_s },
        { u"actor"_s, u"{/sender/login}"_s }, { u"commit"_s, u"{/check_run/head_sha}"_s } };
    check.fields = { { u"app"_s, u"{/check_run/app/slug}"_s } };
    check.statuses = githubStatuses();

    t.jobs = { run, job, check };
    return t;
}

// GitLab's pipeline and job statuses (it spells `canceled` with one l).
QList<StatusRule> gitlabStatuses()
{
    return {
        { u"created"_s, {}, EventType::JobQueued, {} },
        { u"pending"_s, {}, EventType::JobQueued, {} },
        { u"preparing"_s, {}, EventType::JobQueued, {} },
        { u"waiting_for_resource"_s, {}, EventType::JobQueued, u"waiting_for_resource"_s },
        { u"waiting_for_callback"_s, {}, EventType::JobQueued, u"waiting_for_callback"_s },
        { u"scheduled"_s, {}, EventType::JobQueued, u"scheduled"_s },
        { u"manual"_s, {}, EventType::JobQueued, u"manual"_s },
        { u"running"_s, {}, EventType::JobStarted, {} },
        { u"success"_s, {}, EventType::JobSucceeded, {} },
        { u"failed"_s, {}, EventType::JobFailed, {} },
        { u"canceled"_s, {}, EventType::JobCanceled, {} },
        { u"cancelled"_s, {}, EventType::JobCanceled, {} },
        { u"canceling"_s, {}, EventType::JobCanceled, {} },
        { u"skipped"_s, {}, EventType::JobCanceled, u"skipped"_s },
    };
}

// A pipeline's builds as steps: not started yet → nothing; then their outcome.
QList<StatusRule> gitlabStepStatuses()
{
    return {
        { u"running"_s, {}, EventType::StepStarted, {} },
        { u"success"_s, {}, EventType::StepSucceeded, {} },
        { u"failed"_s, {}, EventType::StepFailed, {} },
        { u"canceled"_s, {}, EventType::StepFailed, u"canceled"_s },
        { u"cancelled"_s, {}, EventType::StepFailed, u"canceled"_s },
        { u"skipped"_s, {}, EventType::StepSkipped, {} },
    };
}

PresetTable makeGitlab()
{
    PresetTable t;
    t.sender = u"GitLab"_s;
    t.eventField = u"X-Gitlab-Event"_s;

    JobSpec pipeline;
    pipeline.event = u"Pipeline Hook"_s;
    pipeline.key = u"gitlab:{/project/path_with_namespace}/pipelines/{/object_attributes/id}"_s;
    pipeline.titles = { u"{/project/name} #{/object_attributes/iid}"_s,
        u"{/project/name} pipeline {/object_attributes/id}"_s };
    pipeline.kinds = { u"{/project/path_with_namespace} {/object_attributes/ref}"_s };
    pipeline.url = u"{/object_attributes/url}"_s;
    pipeline.status = u"/object_attributes/status"_s;
    pipeline.queuedAt = u"/object_attributes/created_at"_s;
    pipeline.finishedAt = u"/object_attributes/finished_at"_s;
    pipeline.labels = { { u"repository"_s, u"{/project/path_with_namespace}"_s },
        { u"branch"_s, u"{/object_attributes/ref}"_s }, { u"actor"_s, u"{/user/username}"_s },
        { u"commit"_s, u"{/object_attributes/sha}"_s },
        { u"event"_s, u"{/object_attributes/source}"_s } };
    pipeline.statuses = gitlabStatuses();
    StepsSpec builds;
    builds.array = u"/builds"_s;
    builds.name = u"/name"_s;
    builds.order = u"/stage"_s;
    builds.orderNames = u"/object_attributes/stages"_s;
    builds.then = u"/id"_s;
    builds.status = u"/status"_s;
    builds.startedAt = u"/started_at"_s;
    builds.finishedAt = u"/finished_at"_s;
    builds.statuses = gitlabStepStatuses();
    pipeline.steps = builds;

    JobSpec job;
    job.event = u"Job Hook"_s;
    job.parent = u"gitlab:{/project/path_with_namespace}/pipelines/{/pipeline_id}"_s;
    job.key = job.parent + u"/jobs/{/build_id}"_s;
    job.titles = { u"{/build_stage}: {/build_name}"_s, u"{/build_name}"_s };
    job.kinds = { u"{/project/path_with_namespace} {/build_name}"_s };
    job.url = u"{/project/web_url}/-/jobs/{/build_id}"_s;
    job.status = u"/build_status"_s;
    job.queuedAt = u"/build_created_at"_s;
    job.startedAt = u"/build_started_at"_s;
    job.finishedAt = u"/build_finished_at"_s;
    job.message = u"{/build_failure_reason}"_s;
    job.labels = { { u"repository"_s, u"{/project/path_with_namespace}"_s },
        { u"branch"_s, u"{/ref}"_s }, { u"actor"_s, u"{/user/username}"_s },
        { u"commit"_s, u"{/sha}"_s } };
    job.fields = { { u"retries"_s, u"{/retries_count}"_s },
        { u"runner"_s, u"{/runner/description}"_s } };
    job.statuses = gitlabStatuses();

    t.jobs = { pipeline, job };
    return t;
}

// Buildkite's build states; `failing` and `blocked` builds still run.
QList<StatusRule> buildkiteBuildStates()
{
    return {
        { u"scheduled"_s, {}, EventType::JobQueued, {} },
        { u"creating"_s, {}, EventType::JobQueued, {} },
        { u"running"_s, {}, EventType::JobStarted, {} },
        { u"failing"_s, {}, EventType::JobStarted, u"failing"_s },
        { u"blocked"_s, {}, EventType::JobStarted, u"blocked"_s },
        { u"passed"_s, {}, EventType::JobSucceeded, {} },
        { u"failed"_s, {}, EventType::JobFailed, {} },
        { u"canceling"_s, {}, EventType::JobCanceled, {} },
        { u"canceled"_s, {}, EventType::JobCanceled, {} },
        { u"skipped"_s, {}, EventType::JobCanceled, u"skipped"_s },
        { u"not_run"_s, {}, EventType::JobCanceled, u"not_run"_s },
    };
}

// Buildkite's job states.
QList<StatusRule> buildkiteJobStates()
{
    QList<StatusRule> rules;
    for (const QString &waiting : { u"pending"_s, u"scheduled"_s, u"assigned"_s, u"accepted"_s,
             u"limiting"_s, u"limited"_s }) {
        rules.append({ waiting, {}, EventType::JobQueued, {} });
    }
    for (const QString &held : { u"waiting"_s, u"blocked"_s, u"unblocked"_s }) {
        rules.append({ held, {}, EventType::JobQueued, held });
    }
    rules.append({ u"running"_s, {}, EventType::JobStarted, {} });
    rules.append({ u"timing_out"_s, {}, EventType::JobStarted, u"timing_out"_s });
    rules.append({ u"passed"_s, {}, EventType::JobSucceeded, {} });
    rules.append({ u"failed"_s, {}, EventType::JobFailed, {} });
    for (const QString &failed : { u"timed_out"_s, u"expired"_s, u"waiting_failed"_s,
             u"blocked_failed"_s, u"unblocked_failed"_s }) {
        rules.append({ failed, {}, EventType::JobFailed, failed });
    }
    rules.append({ u"canceling"_s, {}, EventType::JobCanceled, {} });
    rules.append({ u"canceled"_s, {}, EventType::JobCanceled, {} });
    rules.append({ u"skipped"_s, {}, EventType::JobCanceled, u"skipped"_s });
    rules.append({ u"broken"_s, {}, EventType::JobCanceled, u"broken"_s });
    return rules;
}

PresetTable makeBuildkite()
{
    PresetTable t;
    t.sender = u"Buildkite"_s;
    t.eventField = u"X-Buildkite-Event"_s;
    t.eventPointer = u"/event"_s;
    t.answered = { { u"ping"_s,
        u"Buildkite ping: the webhook of {/organization/slug|an organization} reaches Jobpulse"_s } };

    JobSpec build;
    build.event = u"build.*"_s;
    build.key = u"buildkite:{/pipeline/slug}/builds/{/build/number}"_s;
    build.titles = { u"{/pipeline/name} #{/build/number}"_s };
    build.kinds = { u"{/pipeline/name}"_s };
    build.url = u"{/build/web_url}"_s;
    build.status = u"/build/state"_s;
    build.queuedAt = u"/build/scheduled_at"_s;
    build.startedAt = u"/build/started_at"_s;
    build.finishedAt = u"/build/finished_at"_s;
    build.labels = { { u"repository"_s, u"{/pipeline/repository}"_s },
        { u"branch"_s, u"{/build/branch}"_s }, { u"actor"_s, u"{/build/creator/name}"_s },
        { u"actor"_s, u"{/sender/name}"_s }, { u"commit"_s, u"{/build/commit}"_s },
        { u"event"_s, u"{/build/source}"_s } };
    build.fields = { { u"message"_s, u"{/build/message}"_s } };
    build.statuses = buildkiteBuildStates();

    JobSpec job;
    job.event = u"job.*"_s;
    job.parent = build.key;
    job.key = build.key + u"/jobs/{/job/id}"_s;
    job.titles = { u"{/job/name}"_s, u"{/job/step_key}"_s, u"{/job/type} job"_s };
    job.kinds = { u"{/pipeline/name} / {/job/step_key}"_s, u"{/pipeline/name} / {/job/name}"_s };
    job.url = u"{/job/web_url}"_s;
    job.status = u"/job/state"_s;
    job.queuedAt = u"/job/scheduled_at"_s;
    job.startedAt = u"/job/started_at"_s;
    job.finishedAt = u"/job/finished_at"_s;
    job.message = u"exit status {/job/exit_status}"_s;
    job.labels = { { u"repository"_s, u"{/pipeline/repository}"_s },
        { u"branch"_s, u"{/build/branch}"_s }, { u"actor"_s, u"{/build/creator/name}"_s },
        { u"commit"_s, u"{/build/commit}"_s } };
    job.fields = { { u"agent"_s, u"{/job/agent/name}"_s } };
    job.statuses = buildkiteJobStates();

    t.jobs = { build, job };
    return t;
}

// The Notification plugin's phase, then (once completed) the build's result.
QList<StatusRule> jenkinsPhases()
{
    QList<StatusRule> rules {
        { u"queued"_s, {}, EventType::JobQueued, {} },
        { u"started"_s, {}, EventType::JobStarted, {} },
    };
    for (const QString &phase : { u"completed"_s, u"finalized"_s }) {
        rules.append({ phase, u"success"_s, EventType::JobSucceeded, {} });
        rules.append({ phase, u"failure"_s, EventType::JobFailed, {} });
        rules.append({ phase, u"unstable"_s, EventType::JobFailed, u"unstable"_s });
        rules.append({ phase, u"aborted"_s, EventType::JobCanceled, {} });
        rules.append({ phase, u"not_built"_s, EventType::JobCanceled, u"not_built"_s });
    }
    return rules;
}

PresetTable makeJenkins()
{
    PresetTable t;
    t.sender = u"Jenkins"_s;
    t.eventPointer = u"/build/phase"_s; // no header: the plugin posts the phase in the body

    JobSpec build;
    build.event = u"*"_s;
    build.key = u"jenkins:{/name}/{/build/number}"_s;
    build.titles = { u"{/display_name} #{/build/number}"_s, u"{/name} #{/build/number}"_s };
    build.kinds = { u"{/name}"_s };
    build.url = u"{/build/full_url}"_s;
    build.status = u"/build/phase"_s;
    build.conclusion = u"/build/status"_s;
    build.message = u"Jenkins build {/build/status}"_s;
    build.labels = { { u"repository"_s, u"{/build/scm/url}"_s },
        { u"branch"_s, u"{/build/scm/branch}"_s }, { u"commit"_s, u"{/build/scm/commit}"_s } };
    build.statuses = jenkinsPhases();

    t.jobs = { build };
    return t;
}

} // namespace

const PresetTable &buildkitePreset()
{
    static const PresetTable table = makeBuildkite();
    return table;
}

const PresetTable &jenkinsPreset()
{
    static const PresetTable table = makeJenkins();
    return table;
}

const PresetTable &gitlabPreset()
{
    static const PresetTable table = makeGitlab();
    return table;
}

const PresetTable &githubActionsPreset()
{
    static const PresetTable table = makeGithubActions();
    return table;
}

} // namespace jobpulse
