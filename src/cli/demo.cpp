#include "demo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>
#include <functional>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcDemo, "jobpulse.demo")

namespace jobpulse {

struct DemoFeeder::Run
{
    QString job;
    int step = 0; // steps completed so far
    int failAt = 0; // 0 = succeeds
    double elapsed = 0;
};

namespace {
const QStringList titles { u"Horror · Netflix US"_s, u"Comedy · Prime DE"_s,
    u"Thriller · Hulu US"_s, u"Drama · Netflix UK"_s, u"Sci-Fi · Disney+ FR"_s,
    u"Anime · Crunchyroll JP"_s };
}

DemoFeeder::DemoFeeder(const QUrl &receiver, Options options, QObject *parent)
    : QObject(parent)
    , m_receiver(receiver)
    , m_options(options)
    , m_random(options.seed ? options.seed : QRandomGenerator::global()->generate())
{ }

const QStringList &DemoFeeder::stepNames()
{
    static const QStringList names { u"Database Extraction"_s, u"Script Generation"_s,
        u"Asset Preparation"_s, u"HeyGen Video Creation"_s, u"HeyGen Processing"_s,
        u"Scroll Video Generation"_s, u"Creatomate Assembly"_s };
    return names;
}

QString DemoFeeder::kind()
{
    return u"video-workflow"_s;
}

namespace {
// The demo's CI runs: a run with its jobs under it, labelled as a CI preset labels them.
const QString CiRepository = u"acme/api"_s;
const QStringList ciBranches { u"main"_s, u"fix-login"_s };
const QStringList ciActors { u"octocat"_s, u"hubot"_s };
struct CiJob
{
    QString name;
    QStringList steps;
};
const QList<CiJob> ciJobs { { u"build"_s, { u"Checkout"_s, u"Compile"_s, u"Package"_s } },
    { u"test"_s, { u"Checkout"_s, u"Unit tests"_s, u"Integration tests"_s, u"Coverage"_s } },
    { u"lint"_s, { u"clang-format"_s, u"clang-tidy"_s } } };
} // namespace

void DemoFeeder::finishEarlierRuns()
{
    const QList<QPair<QString, QString>> demoJobs { { u"kind"_s, kind() },
        { u"label"_s, u"repository="_s + CiRepository } };
    for (const QString &status : { u"queued"_s, u"running"_s, u"stalled"_s })
        for (const auto &[field, value] : demoJobs) {
            QUrl url = m_receiver;
            url.setPath(u"/v1/jobs"_s);
            url.setQuery(
                QUrlQuery { { field, value }, { u"status"_s, status }, { u"limit"_s, u"200"_s } });
            QNetworkReply *reply = m_network.get(QNetworkRequest(url));
            connect(reply, &QNetworkReply::finished, this, [this, reply] {
                reply->deleteLater();
                const QJsonArray jobs =
                    QJsonDocument::fromJson(reply->readAll()).object().value(u"jobs"_s).toArray();
                for (const QJsonValue &job : jobs) {
                    const QString key = job.toObject().value(u"key"_s).toString();
                    if ((key.startsWith(u"render-"_s) || key.startsWith(u"ci:"_s))
                        && !m_ownJobs.contains(key)) {
                        post(u"/v1/events"_s,
                            { { u"job"_s, key }, { u"type"_s, u"job.lost"_s },
                                { u"message"_s, u"Left unfinished by an earlier demo run"_s } });
                    }
                }
            });
        }
}

void DemoFeeder::start()
{
    qCInfo(lcDemo).noquote() << "demo: feeding simulated workflows to" << m_receiver.toString();
    finishEarlierRuns();
    for (int i = 0; i < m_options.concurrentJobs; ++i) {
        QTimer::singleShot(delay(100, 2500) * i, this, &DemoFeeder::launch);
    }
    if (m_options.maxJobs == 0) {
        QTimer::singleShot(delay(200, 600), this, &DemoFeeder::launchCiRun);
    }
}

void DemoFeeder::launchCiRun()
{
    static const qint64 base = 500 + QDateTime::currentSecsSinceEpoch() % 80000 * 10;
    const int number = ++m_ciRuns;
    const QString run = u"ci:%1/runs/%2"_s.arg(CiRepository).arg(base + number);
    const QJsonObject labels { { u"repository"_s, CiRepository },
        { u"branch"_s, ciBranches.at(number % ciBranches.size()) },
        { u"actor"_s, ciActors.at(number % ciActors.size()) },
        { u"commit"_s, u"%1"_s.arg(m_random.generate(), 8, 16, QChar(u'0')) },
        { u"event"_s, u"push"_s } };
    m_ownJobs.insert(run);
    post(u"/v1/events"_s,
        { { u"job"_s, run }, { u"type"_s, u"job.started"_s },
            { u"title"_s, u"CI #%1"_s.arg(base + number) }, { u"kind"_s, u"CI"_s },
            { u"labels"_s, labels } });
    auto left = std::make_shared<int>(int(ciJobs.size()));
    auto failed = std::make_shared<bool>(false);
    const int failing = m_random.bounded(3) == 0 ? 1 : -1; // now and then the tests fail
    for (int j = 0; j < ciJobs.size(); ++j) {
        const QString key = run + u"/jobs/"_s + ciJobs.at(j).name;
        m_ownJobs.insert(key);
        const QJsonObject job { { u"job"_s, key }, { u"parent"_s, run },
            { u"title"_s, u"CI / "_s + ciJobs.at(j).name },
            { u"kind"_s, u"CI / "_s + ciJobs.at(j).name }, { u"labels"_s, labels } };
        QJsonObject queued = job;
        queued.insert(u"type"_s, u"job.queued"_s);
        post(u"/v1/events"_s, queued);
        // Each job's steps one after the other; its end ends the run once all have ended.
        auto step = std::make_shared<std::function<void(int)>>();
        *step = [this, job, j, run, left, failed, failing, step](int index) {
            const QStringList &names = ciJobs.at(j).steps;
            const bool fails = j == failing && index == names.size() - 1;
            QJsonObject e = job;
            if (index < names.size() && !fails) {
                e.insert(u"type"_s, u"step.succeeded"_s);
                e.insert(u"step"_s,
                    QJsonObject { { u"index"_s, index + 1 }, { u"name"_s, names.at(index) },
                        { u"total"_s, names.size() } });
                post(u"/v1/events"_s, e);
                QTimer::singleShot(delay(1500, 5000), this, [step, index] { (*step)(index + 1); });
                return;
            }
            e.insert(u"type"_s, fails ? u"job.failed"_s : u"job.succeeded"_s);
            if (fails) {
                e.insert(u"message"_s, u"2 of 148 tests failed: LoginTest.rejectsExpiredToken"_s);
                *failed = true;
            }
            post(u"/v1/events"_s, e);
            // The function holds itself (its next step): let go of it once it has returned.
            QTimer::singleShot(0, this, [step] { *step = nullptr; });
            if (--*left == 0) {
                post(u"/v1/events"_s,
                    { { u"job"_s, run },
                        { u"type"_s, *failed ? u"job.failed"_s : u"job.succeeded"_s },
                        { u"message"_s, *failed ? u"A job failed"_s : QString() } });
                QTimer::singleShot(delay(4000, 9000), this, &DemoFeeder::launchCiRun);
            }
        };
        QTimer::singleShot(delay(800, 2500), this, [step] { (*step)(0); });
    }
}

int DemoFeeder::delay(int minMs, int maxMs)
{
    return static_cast<int>(m_random.bounded(minMs, maxMs) / m_options.speed);
}

void DemoFeeder::launch()
{
    if (m_options.maxJobs > 0 && m_launched >= m_options.maxJobs) {
        if (m_active == 0) {
            Q_EMIT finished();
        }
        return;
    }
    ++m_launched;
    ++m_active;
    auto run = std::make_shared<Run>();
    // Keys differ per start: a finished job is final, so reusing render-101 in a database
    // from an earlier demo would show nothing moving.
    static const qint64 base = 10000 + QDateTime::currentSecsSinceEpoch() % 80000 * 10;
    run->job = u"render-%1"_s.arg(base + m_launched);
    m_ownJobs.insert(run->job);
    run->failAt = m_random.bounded(5) == 0 ? 4 : 0; // every fifth run fails at HeyGen
    post(u"/v1/events"_s,
        { { u"job"_s, run->job }, { u"type"_s, u"job.queued"_s },
            { u"title"_s, titles.at(m_launched % titles.size()) }, { u"kind"_s, kind() } });
    QTimer::singleShot(delay(800, 1600), this, [this, run] {
        post(u"/api/webhooks/step-update"_s,
            { { u"event"_s, u"workflow_started"_s }, { u"job_id"_s, run->job },
                { u"total_steps"_s, stepNames().size() } });
        advance(run);
    });
}

void DemoFeeder::advance(const std::shared_ptr<Run> &run)
{
    const int ms = delay(1200, 4500);
    QTimer::singleShot(ms, this, [this, run, ms] {
        const int number = run->step + 1;
        run->elapsed += ms / 1000.0;
        if (number == run->failAt) {
            post(u"/api/webhooks/step-update"_s,
                { { u"event"_s, u"workflow_failed"_s }, { u"job_id"_s, run->job },
                    { u"error"_s, u"HeyGen API timed out after 30 s (HTTP 504)"_s },
                    { u"step_number"_s, number } });
        } else if (number <= stepNames().size()) {
            run->step = number;
            post(u"/api/webhooks/step-update"_s,
                { { u"event"_s, u"step_update"_s }, { u"job_id"_s, run->job },
                    { u"step_number"_s, number }, { u"step_name"_s, stepNames().at(number - 1) },
                    { u"status"_s, u"completed"_s }, { u"duration"_s, ms / 1000.0 },
                    { u"details"_s, QJsonObject { { u"worker"_s, u"demo"_s } } } });
            advance(run);
            return;
        } else {
            const QString renderId =
                u"cm_%1"_s.arg(static_cast<uint>(m_random.generate() % 100000), 5, 10, QChar(u'0'));
            post(u"/api/webhooks/step-update"_s,
                { { u"event"_s, u"workflow_completed"_s }, { u"job_id"_s, run->job },
                    { u"total_duration"_s, run->elapsed }, { u"creatomate_id"_s, renderId } });
            QTimer::singleShot(delay(2000, 5000), this, [this, run, renderId] {
                post(u"/v1/events"_s,
                    { { u"job"_s, run->job }, { u"type"_s, u"job.succeeded"_s },
                        { u"message"_s, u"Render %1 ready"_s.arg(renderId) },
                        { u"state"_s, u"rendered"_s } });
            });
        }
        --m_active;
        QTimer::singleShot(delay(1500, 4000), this, &DemoFeeder::launch);
    });
}

void DemoFeeder::post(const QString &path, const QJsonObject &body, const QString &jobHeader)
{
    QUrl url = m_receiver;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (!jobHeader.isEmpty()) {
        request.setRawHeader("X-Job-Id", jobHeader.toUtf8());
    }
    QNetworkReply *reply =
        m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, reply, [reply] {
        if (reply->error() != QNetworkReply::NoError) {
            qCWarning(lcDemo).noquote()
                << "demo post failed:" << reply->errorString() << reply->readAll();
        }
        reply->deleteLater();
    });
}

} // namespace jobpulse
