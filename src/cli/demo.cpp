#include "demo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

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

void DemoFeeder::finishEarlierRuns()
{
    for (const QString &status : { u"queued"_s, u"running"_s, u"stalled"_s }) {
        QUrl url = m_receiver;
        url.setPath(u"/v1/jobs"_s);
        url.setQuery(
            QUrlQuery { { u"kind"_s, kind() }, { u"status"_s, status }, { u"limit"_s, u"200"_s } });
        QNetworkReply *reply = m_network.get(QNetworkRequest(url));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            const QJsonArray jobs =
                QJsonDocument::fromJson(reply->readAll()).object().value(u"jobs"_s).toArray();
            for (const QJsonValue &job : jobs) {
                const QString key = job.toObject().value(u"key"_s).toString();
                if (key.startsWith(u"render-"_s) && !m_ownJobs.contains(key)) {
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
