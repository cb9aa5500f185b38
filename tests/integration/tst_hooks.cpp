// Hooks from configuration against a real receiver on loopback: payload families, every
// signature scheme with real signed requests sent by curl, CloudEvents, and abuse limits.
// Every refusal asserts its status and that nothing was stored.
#include "common/loopbackserver.h"
#include "config/hookconfig.h"
#include "ingest/signature.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

// The hooks of these tests, as a user would write them in the config file.
const char *const HooksJson = R"([
  {"name": "deploys", "path": "/hooks/deploys", "family": "mapped",
   "signature": {"scheme": "standard", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
   "map": {"job": "/data/id", "type": "/data/state", "title": "/data/name", "progress": "/data/pct"},
   "values": {"type": {"running": "job.started", "done": "job.succeeded", "error": "job.failed"}}},
  {"name": "supabase", "path": "/webhook/submission-update", "family": "supabase",
   "signature": {"scheme": "hmac-sha256", "header": "X-Webhook-Signature", "secret": "sb-secret"},
   "values": {"status": {"approved": "succeeded", "rejected": "failed"}}},
  {"name": "gh", "family": "canonical", "signature": {"scheme": "github", "secret": ["old", "new"]}},
  {"name": "stripe", "signature": {"scheme": "stripe", "secret": "whsec_stripe"}},
  {"name": "slack", "signature": {"scheme": "slack", "secret": "slack-secret"}},
  {"name": "bearer", "signature": {"scheme": "bearer", "secret": "tok3n"}, "maxBodyBytes": 2048},
  {"name": "actions", "family": "github-actions", "signature": {"scheme": "github", "secret": "gh-s3cret"}},
  {"name": "gitlab", "family": "gitlab", "signature": {"scheme": "gitlab", "secret": "gl-t0ken"}},
  {"name": "buildkite", "family": "buildkite", "signature": {"scheme": "buildkite", "secret": "bk-t0ken"}},
  {"name": "jenkins", "family": "jenkins", "signature": {"scheme": "bearer", "secret": "jk-t0ken"}}
])";

// A CI sender's fixture (tests/data/SENDER), as the sender's webhook docs show the payloads.
QByteArray ciFixture(const QString &name, const QString &sender = u"github-actions"_s)
{
    QFile file(QStringLiteral(JOBPULSE_TEST_DATA "/") + sender + u'/' + name + u".json"_s);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray eventJson(const QString &job, const QString &type = u"job.started"_s)
{
    return QJsonDocument(QJsonObject { { u"job"_s, job }, { u"type"_s, type } })
        .toJson(QJsonDocument::Compact);
}

struct Answer
{
    int status = 0;
    QJsonObject body;
    QByteArray headers;
};

} // namespace

class TestHooks : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;
    testing::LoopbackServer m_server;

    QString start(Receiver::Options options = {});
    Answer curl(const QString &path, const QByteArray &body, const HeaderList &headers = {},
        const QByteArray &contentType = "application/json");
    Answer signedPost(const QString &path, SignatureScheme scheme, const QByteArray &secret,
        const QByteArray &body, const QDateTime &signedAt = QDateTime::currentDateTimeUtc(),
        const QByteArray &header = {});
    qint64 stored() { return m_server.store->lastSeq(); }
    /** A delivery as GitHub sends it to the `actions` hook: signed, named, with its id. */
    Answer github(const QString &event, const QByteArray &body, const QByteArray &delivery);

private Q_SLOTS:
    void cleanup() { m_server.stop(); }
    void configErrorsNameTheKey();
    void prefectAndStepUpdateBuiltins();
    void mappedHookWithStandardWebhooks();
    void everySchemeAcceptsItsSignatureAndRefusesTampering_data();
    void everySchemeAcceptsItsSignatureAndRefusesTampering();
    void supabaseStatusTransitions();
    void cloudEventsOnAnyRoute();
    void perHookBodyLimit();
    void rateLimitAnswers429();
    void connectionCapAnswers429();
    void readTokenGuardsReadRoutes();
    void nonLoopbackNeedsSecretsAndReadToken();
    void inspectorKeepsDeliveriesAndReplays();
    void githubActionsPreset();
    void githubActionsOutOfOrderNeverGoesBack();
    void gitlabPreset();
    void buildkiteAndJenkinsPresets();
};

QString TestHooks::start(Receiver::Options options)
{
    QString error;
    if (options.hooks.size() == HookConfig::builtins().size()) {
        const auto hooks =
            HookConfig::listFromJson(QJsonDocument::fromJson(HooksJson).array(), &error);
        if (!hooks) {
            return error;
        }
        options.hooks = *hooks;
    }
    return m_server.start(
        m_dir.filePath(u"h%1.db"_s.arg(++m_counter)), options, Durability::Normal, true);
}

Answer TestHooks::curl(const QString &path, const QByteArray &body, const HeaderList &headers,
    const QByteArray &contentType)
{
    const QString bodyFile = m_dir.filePath(u"body%1"_s.arg(++m_counter));
    QFile file(bodyFile);
    if (!file.open(QIODevice::WriteOnly)) {
        return {};
    }
    file.write(body);
    file.close();
    QStringList args { u"-sS"_s, u"--max-time"_s, u"10"_s, u"-D"_s, u"-"_s, u"-X"_s, u"POST"_s,
        u"--data-binary"_s, u"@"_s + bodyFile };
    if (!contentType.isEmpty()) {
        args << u"-H"_s << u"Content-Type: "_s + QString::fromLatin1(contentType);
    }
    for (const auto &h : headers) {
        args << u"-H"_s << QString::fromLatin1(h.first + ": " + h.second);
    }
    args << m_server.receiver->url().toString() + path;
    QProcess process;
    process.start(u"curl"_s, args);
    (void)QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 20000);
    const QByteArray out = process.readAllStandardOutput();
    const qsizetype split = out.indexOf("\r\n\r\n");
    Answer a;
    a.headers = out.left(split);
    a.status = a.headers.mid(9, 3).toInt();
    a.body = QJsonDocument::fromJson(out.mid(split + 4)).object();
    return a;
}

Answer TestHooks::github(const QString &event, const QByteArray &body, const QByteArray &delivery)
{
    HeaderList headers =
        signRequest(SignatureScheme::Github, "gh-s3cret", body, QDateTime::currentDateTimeUtc());
    headers << qMakePair(QByteArray("X-GitHub-Event"), event.toLatin1())
            << qMakePair(QByteArray("X-GitHub-Delivery"), delivery)
            << qMakePair(QByteArray("User-Agent"), QByteArray("GitHub-Hookshot/8e03811"));
    return curl(u"/hooks/actions"_s, body, headers);
}

Answer TestHooks::signedPost(const QString &path, SignatureScheme scheme, const QByteArray &secret,
    const QByteArray &body, const QDateTime &signedAt, const QByteArray &header)
{
    return curl(path, body,
        signRequest(
            scheme, secret, body, signedAt, "msg_" + QByteArray::number(++m_counter), header));
}

void TestHooks::configErrorsNameTheKey()
{
    const QList<QPair<const char *, QString>> cases {
        { R"([{"name":"x","family":"nope"}])", u"hooks[0].family"_s },
        { R"([{"name":"x","path":"no-slash"}])", u"hooks[0].path"_s },
        { R"([{"name":"x","signature":{"scheme":"md5","secret":"s"}}])",
            u"hooks[0].signature.scheme"_s },
        { R"([{"name":"x","signature":{"scheme":"github","secret":"env:JOBPULSE_NOT_SET"}}])",
            u"hooks[0].signature.secret: the environment variable JOBPULSE_NOT_SET"_s },
        { R"([{"name":"x","family":"mapped","map":{"job":"id"}}])", u"hooks[0].map.job"_s },
        { R"([{"name":"a"},{"name":"b","path":"/hooks/a"}])", u"hooks[1].path"_s },
        { R"([{"name":"x","colour":"red"}])", u"hooks[0].colour: unknown key"_s },
    };
    for (const auto &[json, expected] : cases) {
        QString error;
        QVERIFY(!HookConfig::listFromJson(QJsonDocument::fromJson(json).array(), &error));
        QVERIFY2(error.startsWith(expected), qPrintable(error));
    }
}

void TestHooks::prefectAndStepUpdateBuiltins()
{
    QCOMPARE(start(), QString());
    // Seed 001: the optimistic "queued", then Prefect's completion webhook.
    Answer a = curl(u"/api/webhooks/prefect"_s,
        R"({"videoId":"v42","flowName":"caption_ocr","status":"queued"})");
    QCOMPARE(a.status, 200);
    a = curl(u"/api/webhooks/prefect"_s,
        R"({"videoId":"v42","flowName":"caption_ocr","status":"complete"})");
    QCOMPARE(a.status, 200);
    const auto job = m_server.store->jobSnapshot(u"caption_ocr:v42"_s);
    QVERIFY(job);
    QCOMPARE(job->status, JobStatus::Succeeded);
    QCOMPARE(job->kind, u"caption_ocr"_s);
    QCOMPARE(job->source, u"prefect"_s); // the hook that brought it, for filters and mutes
    a = curl(u"/api/webhooks/prefect"_s, R"({"videoId":"v43","status":"weird"})");
    QCOMPARE(a.status, 422);
    QVERIFY(!a.body.value(u"field"_s).toString().isEmpty());
    QCOMPARE(stored(), 2);
    // Seed 000's client still works through the hook table.
    a = curl(u"/api/webhooks/step-update"_s,
        R"({"event":"workflow_started","job_id":"wf-1","total_steps":7})");
    QCOMPARE(a.status, 200);
    QCOMPARE(m_server.store->jobSnapshot(u"wf-1"_s)->progress, 5.0);
}

void TestHooks::mappedHookWithStandardWebhooks()
{
    QCOMPARE(start(), QString());
    const QByteArray secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const QByteArray body = R"({"data":{"id":"dep-7","state":"running","name":"API","pct":"40"}})";
    const HeaderList headers = signRequest(
        SignatureScheme::Standard, secret, body, QDateTime::currentDateTimeUtc(), "msg_deploy_1");
    Answer a = curl(u"/hooks/deploys"_s, body, headers);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.body.value(u"accepted"_s).toInt(), 1);
    const auto job = m_server.store->jobSnapshot(u"dep-7"_s);
    QVERIFY(job);
    QCOMPARE(job->title, u"API"_s);
    QCOMPARE(job->progress, 40.0);
    // The sender's retry of the same delivery (same webhook-id) is counted, not applied.
    a = curl(u"/hooks/deploys"_s, body, headers);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.body.value(u"duplicates"_s).toInt(), 1);
    QCOMPARE(stored(), 1);
    // Stale and future timestamps, unsigned, and a mapped field the payload lacks.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(
        signedPost(u"/hooks/deploys"_s, SignatureScheme::Standard, secret, body, now.addSecs(-330))
            .status,
        401);
    QCOMPARE(
        signedPost(u"/hooks/deploys"_s, SignatureScheme::Standard, secret, body, now.addSecs(330))
            .status,
        401);
    a = curl(u"/hooks/deploys"_s, body);
    QCOMPARE(a.status, 401);
    QCOMPARE(a.body.value(u"error"_s).toString(), u"invalid_signature"_s);
    a = signedPost(
        u"/hooks/deploys"_s, SignatureScheme::Standard, secret, R"({"data":{"state":"running"}})");
    QCOMPARE(a.status, 422);
    QCOMPARE(a.body.value(u"field"_s).toString(), u"/data/id"_s);
    QCOMPARE(stored(), 1);
}

void TestHooks::everySchemeAcceptsItsSignatureAndRefusesTampering_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("scheme");
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("github (rotated secret)")
        << u"/hooks/gh"_s << int(SignatureScheme::Github) << QByteArray("new");
    QTest::newRow("stripe") << u"/hooks/stripe"_s << int(SignatureScheme::Stripe)
                            << QByteArray("whsec_stripe");
    QTest::newRow("slack") << u"/hooks/slack"_s << int(SignatureScheme::Slack)
                           << QByteArray("slack-secret");
    QTest::newRow("bearer") << u"/hooks/bearer"_s << int(SignatureScheme::Bearer)
                            << QByteArray("tok3n");
}

void TestHooks::everySchemeAcceptsItsSignatureAndRefusesTampering()
{
    QFETCH(QString, path);
    QFETCH(int, scheme);
    QFETCH(QByteArray, secret);
    QCOMPARE(start(), QString());
    const auto s = SignatureScheme(scheme);
    const QByteArray body = eventJson(u"signed-%1"_s.arg(scheme));
    QCOMPARE(signedPost(path, s, secret, body).status, 200);
    QCOMPARE(stored(), 1);
    // Signed, then one byte of the body changed in transit.
    QByteArray tampered = body;
    tampered.replace("signed", "signee");
    const HeaderList headers = signRequest(s, secret, body, QDateTime::currentDateTimeUtc(), "m1");
    if (s != SignatureScheme::Bearer) { // a bearer token does not cover the body
        QCOMPARE(curl(path, tampered, headers).status, 401);
    }
    QCOMPARE(signedPost(path, s, "wrong-secret", body).status, 401);
    QCOMPARE(curl(path, body).status, 401); // no signature at all
    QCOMPARE(stored(), 1);
}

void TestHooks::supabaseStatusTransitions()
{
    QCOMPARE(start(), QString());
    const QByteArray secret = "sb-secret";
    const auto post = [&](const QByteArray &body) {
        return signedPost(u"/webhook/submission-update"_s, SignatureScheme::HmacSha256, secret,
            body, QDateTime::currentDateTimeUtc(), "X-Webhook-Signature");
    };
    QCOMPARE(post(R"({"type":"INSERT","table":"submissions","schema":"public",
        "record":{"id":12,"status":"pending","title":"Essay"},"old_record":null})")
                 .status,
        200);
    QCOMPARE(post(R"({"type":"UPDATE","table":"submissions","schema":"public",
        "record":{"id":12,"status":"approved","title":"Essay"},
        "old_record":{"id":12,"status":"pending"}})")
                 .status,
        200);
    const auto job = m_server.store->jobSnapshot(u"submissions:12"_s);
    QVERIFY(job);
    QCOMPARE(job->status, JobStatus::Succeeded);
    bool transitionLogged = false;
    for (const StoredEvent &e : m_server.store->eventsAfter(0, 100)) {
        transitionLogged |= e.event.message == u"status: pending → approved"_s;
    }
    QVERIFY(transitionLogged);
    const qint64 before = stored();
    QCOMPARE(curl(u"/webhook/submission-update"_s, R"({"type":"INSERT"})",
                 { { "X-Webhook-Signature", "sha256=00" } })
                 .status,
        401);
    QCOMPARE(stored(), before);
}

void TestHooks::cloudEventsOnAnyRoute()
{
    QCOMPARE(start(), QString());
    // Binary mode: attributes in ce-* headers (percent-encoded), the event in the body.
    Answer a = curl(u"/v1/events"_s, R"({"job":"ce-1","type":"job.started"})",
        { { "ce-specversion", "1.0" }, { "ce-id", "evt-1" }, { "ce-source", "/ci%2Frunner" },
            { "ce-type", "org.jobpulse.job.started" } });
    QCOMPARE(a.status, 200);
    QCOMPARE(a.body.value(u"accepted"_s).toInt(), 1);
    // The same ce-id again: a retry, deduplicated.
    a = curl(u"/v1/events"_s, R"({"job":"ce-1","type":"job.started"})",
        { { "ce-specversion", "1.0" }, { "ce-id", "evt-1" }, { "ce-source", "/ci" },
            { "ce-type", "job.started" } });
    QCOMPARE(a.body.value(u"duplicates"_s).toInt(), 1);
    // Structured mode, the type and job from the attributes.
    a = curl(u"/v1/events"_s,
        R"({"specversion":"1.0","id":"evt-2","source":"/ci","type":"job.succeeded",
            "subject":"ce-1","data":{}})",
        {}, "application/cloudevents+json");
    QCOMPARE(a.status, 200);
    QCOMPARE(m_server.store->jobSnapshot(u"ce-1"_s)->status, JobStatus::Succeeded);
    // Invalid events name the attribute; nothing is stored.
    const qint64 before = stored();
    a = curl(u"/v1/events"_s,
        R"({"specversion":"0.3","id":"e","source":"/ci","type":"job.started","subject":"x"})", {},
        "application/cloudevents+json");
    QCOMPARE(a.status, 422);
    QCOMPARE(a.body.value(u"field"_s).toString(), u"/specversion"_s);
    a = curl(u"/v1/events"_s, R"([{"specversion":"1.0","source":"/ci","type":"log"}])", {},
        "application/cloudevents-batch+json");
    QCOMPARE(a.status, 422);
    QCOMPARE(a.body.value(u"field"_s).toString(), u"/0/id"_s);
    a = curl(u"/v1/events"_s, "{}",
        { { "ce-specversion", "1.0" }, { "ce-source", "/ci" }, { "ce-type", "log" } });
    QCOMPARE(a.status, 422);
    QCOMPARE(a.body.value(u"field"_s).toString(), u"ce-id"_s);
    QCOMPARE(stored(), before);
}

void TestHooks::perHookBodyLimit()
{
    QCOMPARE(start(), QString());
    // /hooks/bearer allows 2 KiB: refused from the headers, before the body is read.
    const QByteArray big =
        R"({"job":"big","type":"log","message":")" + QByteArray(4000, 'x') + "\"}";
    Answer a = curl(u"/hooks/bearer"_s, big, { { "Authorization", "Bearer tok3n" } });
    QCOMPARE(a.status, 413);
    // The inspector shows the refusal too, decided before the body was read.
    QTRY_COMPARE(m_server.store->deliveries(1).size(), 1);
    QCOMPARE(m_server.store->deliveries(1).at(0).status, 413);
    QVERIFY(m_server.store->deliveries(1).at(0).body.isEmpty());
    // The same body is fine on a route with the default limit.
    QCOMPARE(curl(u"/v1/events"_s, big).status, 200);
    QCOMPARE(stored(), 1);
}

void TestHooks::rateLimitAnswers429()
{
    Receiver::Options options;
    options.ratePerSecond = 2;
    options.rateBurst = 3;
    QCOMPARE(start(options), QString());
    int ok = 0;
    int limited = 0;
    QElapsedTimer took;
    took.start();
    for (int i = 0; i < 8; ++i) {
        const Answer a = curl(u"/v1/events"_s, eventJson(u"rl-%1"_s.arg(i)));
        if (a.status == 200) {
            ++ok;
        } else {
            QCOMPARE(a.status, 429);
            QVERIFY2(a.headers.toLower().contains("retry-after: "), a.headers.constData());
            ++limited;
        }
    }
    // A burst of 3 plus what refilled at 2/s while the curls ran (slow on a loaded machine:
    // the bound follows the time they took, not a guess at it).
    const int refilled = int(took.elapsed() * 2 / 1000) + 1;
    QVERIFY2(ok >= 3 && ok <= 3 + refilled,
        qPrintable(u"%1 accepted, %2 ms"_s.arg(ok).arg(took.elapsed())));
    QCOMPARE(ok + limited, 8); // the rest were refused with 429 and Retry-After
    QCOMPARE(stored(), ok);
    QTest::qWait(1100); // refilled
    QCOMPARE(curl(u"/v1/events"_s, eventJson(u"rl-after"_s)).status, 200);
}

void TestHooks::connectionCapAnswers429()
{
    Receiver::Options options;
    options.maxConnections = 3;
    QCOMPARE(start(options), QString());
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 3; ++i) {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, m_server.receiver->port());
        QVERIFY(s->waitForConnected(5000));
        held.push_back(std::move(s));
    }
    QTest::qWait(100);
    const Answer a = curl(u"/v1/events"_s, eventJson(u"capped"_s));
    QCOMPARE(a.status, 429);
    QVERIFY(a.headers.toLower().contains("retry-after: 1"));
    QCOMPARE(stored(), 0);
    held.clear();
    QTRY_COMPARE(curl(u"/v1/events"_s, eventJson(u"capped"_s)).status, 200);
}

void TestHooks::readTokenGuardsReadRoutes()
{
    Receiver::Options options;
    options.readToken = u"read-me"_s;
    QCOMPARE(start(options), QString());
    QCOMPARE(curl(u"/v1/events"_s, eventJson(u"rt"_s)).status, 200); // ingest does not need it
    const auto get = [&](const QString &path, const QByteArray &auth) {
        QProcess p;
        QStringList args { u"-s"_s, u"-o"_s, u"/dev/null"_s, u"-w"_s, u"%{http_code}"_s,
            u"--max-time"_s, u"2"_s };
        if (!auth.isEmpty()) {
            args << u"-H"_s << u"Authorization: Bearer "_s + QString::fromLatin1(auth);
        }
        p.start(u"curl"_s, args << m_server.receiver->url().toString() + path);
        (void)QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 10000);
        return p.readAllStandardOutput().toInt();
    };
    QCOMPARE(get(u"/v1/jobs"_s, {}), 401);
    QCOMPARE(get(u"/v1/jobs"_s, "wrong"), 401);
    QCOMPARE(get(u"/v1/jobs"_s, "read-me"), 200);
    QCOMPARE(get(u"/v1/jobs/rt"_s, {}), 401);
    QCOMPARE(get(u"/v1/jobs/rt"_s, "read-me"), 200);
    QCOMPARE(get(u"/v1/events?after=0"_s, {}), 401);
    QCOMPARE(get(u"/v1/stream"_s, {}), 401);
    // Browsers' EventSource cannot set headers: ?token= works too (curl times out on the
    // open stream after answering 200).
    QCOMPARE(get(u"/v1/stream?token=read-me"_s, {}), 200);
    QCOMPARE(get(u"/health"_s, {}), 200);
}

void TestHooks::nonLoopbackNeedsSecretsAndReadToken()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_dir.filePath(u"exposed.db"_s), Durability::Normal, &error));
    Receiver::Options options;
    options.address = QHostAddress::AnyIPv4;
    options.port = 0;
    {
        Receiver receiver(&store, options);
        QVERIFY(!receiver.listen(&error));
        QVERIFY2(error.contains(u"hook events (/v1/events) has no signature secret"_s),
            qPrintable(error));
        QVERIFY(error.contains(u"readToken is not set"_s));
    }
    for (HookConfig &hook : options.hooks) {
        hook.signature.scheme = SignatureScheme::Bearer;
        hook.signature.secrets = { "s3cret" };
    }
    options.readToken = u"r"_s;
    Receiver receiver(&store, options);
    QVERIFY2(receiver.listen(&error), qPrintable(error));
}

void TestHooks::inspectorKeepsDeliveriesAndReplays()
{
    QCOMPARE(start(), QString());
    const auto fetch = [&](const QString &path, const QByteArray &method = "GET") {
        QProcess p;
        p.start(u"curl"_s,
            { u"-sS"_s, u"-X"_s, QString::fromLatin1(method), u"--max-time"_s, u"5"_s,
                m_server.receiver->url().toString() + path });
        (void)QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 10000);
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    };
    QCOMPARE(curl(u"/hooks/bearer"_s, R"({"job":"insp-1","type":"job.started","id":"e-1"})",
                 { { "Authorization", "Bearer tok3n" } })
                 .status,
        200);
    QCOMPARE(curl(u"/v1/events"_s, R"({"job":"","type":"log"})").status, 422);
    QCOMPARE(
        curl(u"/hooks/bearer"_s, eventJson(u"insp-2"_s), { { "Authorization", "Bearer wrong" } })
            .status,
        401);
    // Newest first, each with its verdict; credentials never kept.
    QJsonArray list;
    QTRY_COMPARE(
        (list = fetch(u"/v1/deliveries?limit=10"_s).value(u"deliveries"_s).toArray()).size(), 3);
    const QJsonObject unauthorized = list.at(0).toObject();
    QCOMPARE(unauthorized.value(u"status"_s).toInt(), 401);
    QCOMPARE(unauthorized.value(u"verdict"_s).toString(), u"rejected"_s);
    QCOMPARE(unauthorized.value(u"hook"_s).toString(), u"bearer"_s);
    const QByteArray headers =
        QJsonDocument(unauthorized.value(u"headers"_s).toArray()).toJson(QJsonDocument::Compact);
    QVERIFY2(!headers.contains("wrong") && headers.contains("***"), headers.constData());
    const QJsonObject invalid = list.at(1).toObject();
    QCOMPARE(invalid.value(u"status"_s).toInt(), 422);
    QVERIFY(invalid.value(u"reason"_s).toString().startsWith(u"/job"_s));
    QCOMPARE(invalid.value(u"body"_s).toString(), uR"({"job":"","type":"log"})"_s);
    const QJsonObject accepted = list.at(2).toObject();
    QCOMPARE(accepted.value(u"verdict"_s).toString(), u"accepted"_s);
    QCOMPARE(accepted.value(u"accepted"_s).toInt(), 1);
    QVERIFY(accepted.value(u"latencyMs"_s).toDouble() > 0);
    // Replay goes through the same pipeline: the accepted one is now a duplicate of its
    // event id (its bearer check passed the first time), the refused one is refused again.
    const qint64 before = stored();
    QJsonObject replayed =
        fetch(u"/v1/deliveries/%1/replay"_s.arg(accepted.value(u"id"_s).toInteger()), "POST");
    QCOMPARE(replayed.value(u"accepted"_s).toInt(), 0);
    QCOMPARE(replayed.value(u"duplicates"_s).toInt(), 1);
    QCOMPARE(replayed.value(u"replayOf"_s).toInteger(), accepted.value(u"id"_s).toInteger());
    replayed =
        fetch(u"/v1/deliveries/%1/replay"_s.arg(unauthorized.value(u"id"_s).toInteger()), "POST");
    QCOMPARE(replayed.value(u"error"_s).toString(), u"invalid_signature"_s);
    QCOMPARE(stored(), before);
    QCOMPARE(fetch(u"/v1/deliveries/999999/replay"_s, "POST").value(u"error"_s).toString(),
        u"not_found"_s);
}

void TestHooks::githubActionsPreset()
{
    QCOMPARE(start(), QString());
    // GitHub's first delivery after the hook is added: answered, kept, no job.
    Answer a = github(u"ping"_s, ciFixture(u"ping"_s), "d-ping");
    QCOMPARE(a.status, 200);
    QCOMPARE(a.body.value(u"accepted"_s).toInt(), 0);
    QVERIFY(a.body.value(u"ignored"_s).toString().contains(u"hook 109948940"_s));
    // An event the hook was subscribed to by mistake: 200 (GitHub disables hooks that fail).
    a = github(u"push"_s, ciFixture(u"push"_s), "d-push");
    QCOMPARE(a.status, 200);
    QCOMPARE(stored(), 0);
    QTRY_COMPARE(m_server.store->deliveries(10).size(), 2);
    const Delivery ping = m_server.store->deliveries(10).last();
    QCOMPARE(ping.verdict, u"accepted"_s);
    QVERIFY2(ping.reason.startsWith(u"GitHub ping: hook 109948940"_s), qPrintable(ping.reason));
    QVERIFY(ping.signatureOk);

    QCOMPARE(github(u"workflow_run"_s, ciFixture(u"workflow_run.requested"_s), "d-1").status, 200);
    a = github(u"workflow_job"_s, ciFixture(u"workflow_job.in_progress"_s), "d-2");
    QCOMPARE(a.status, 200);
    const QString run = u"github:octo-org/Hello-World/runs/30433642/1"_s;
    const QString job = run + u"/jobs/399444496"_s;
    auto snapshot = m_server.store->jobSnapshot(job);
    QVERIFY(snapshot);
    QCOMPARE(snapshot->status, JobStatus::Running);
    QCOMPARE(snapshot->title, u"Build / build"_s);
    QCOMPARE(snapshot->stepIndex, 3);
    QCOMPARE(snapshot->stepName, u"Build"_s);
    // A late `waiting` (sent before it started) does not say it waits again.
    QCOMPARE(github(u"workflow_job"_s, ciFixture(u"workflow_job.waiting"_s), "d-2w").status, 200);
    QCOMPARE(m_server.store->jobSnapshot(job)->state, QString());
    // GitHub's retry of a delivery (same X-GitHub-Delivery) is counted, not applied.
    const qint64 before = stored();
    a = github(u"workflow_job"_s, ciFixture(u"workflow_job.in_progress"_s), "d-2");
    QCOMPARE(a.body.value(u"accepted"_s).toInt(), 0);
    QVERIFY(a.body.value(u"duplicates"_s).toInt() > 0);
    QCOMPARE(stored(), before);

    QCOMPARE(github(u"workflow_job"_s, ciFixture(u"workflow_job.completed"_s), "d-3").status, 200);
    snapshot = m_server.store->jobSnapshot(job);
    QCOMPARE(snapshot->status, JobStatus::Succeeded);
    QCOMPARE(snapshot->url,
        u"https://github.com/octo-org/Hello-World/actions/runs/30433642/job/399444496"_s);
    QCOMPARE(snapshot->source, u"actions"_s);
    QStringList steps;
    for (const Step &s : m_server.store->steps(job)) {
        steps << u"%1 %2"_s.arg(s.name, stepStatusName(s.status));
    }
    QCOMPARE(steps,
        QStringList({ u"Set up job succeeded"_s, u"Run actions/checkout@v4 succeeded"_s,
            u"Build succeeded"_s, u"Upload artifact skipped"_s,
            u"Post Run actions/checkout@v4 succeeded"_s, u"Complete job succeeded"_s }));
    QCOMPARE(
        snapshot->elapsedSeconds(QDateTime::currentDateTimeUtc()), 157.0); // 12:00:05 → 12:02:42

    // The re-run is a job of its own; the first attempt's verdict stays.
    QCOMPARE(github(u"workflow_run"_s, ciFixture(u"workflow_run.completed"_s), "d-4").status, 200);
    QCOMPARE(
        github(u"workflow_run"_s, ciFixture(u"workflow_run.rerun.completed"_s), "d-5").status, 200);
    QCOMPARE(m_server.store->jobSnapshot(run)->status, JobStatus::Succeeded);
    const auto rerun = m_server.store->jobSnapshot(run.chopped(1) + u'2');
    QVERIFY(rerun);
    QCOMPARE(rerun->status, JobStatus::Failed);
    QCOMPARE(rerun->title, u"Build #562 (attempt 2)"_s);

    // Refused: unsigned (401), a required field missing (422 naming it); nothing stored.
    const qint64 kept = stored();
    a = curl(u"/hooks/actions"_s, ciFixture(u"workflow_run.completed"_s),
        { { "X-GitHub-Event", "workflow_run" } });
    QCOMPARE(a.status, 401);
    QByteArray noId = ciFixture(u"check_run.completed"_s);
    noId.replace("\"id\": 128620228,", "");
    a = github(u"check_run"_s, noId, "d-6");
    QCOMPARE(a.status, 422);
    QCOMPARE(a.body.value(u"field"_s).toString(), u"/check_run/id"_s);
    QCOMPARE(stored(), kept);
}

void TestHooks::githubActionsOutOfOrderNeverGoesBack()
{
    QCOMPARE(start(), QString());
    // GitHub delivers out of order: completed first, then the in_progress and queued sent
    // before it. The job stays finished with its steps.
    const QString job = u"github:octo-org/Hello-World/runs/30433642/1/jobs/399444496"_s;
    QCOMPARE(github(u"workflow_job"_s, ciFixture(u"workflow_job.completed"_s), "o-1").status, 200);
    QCOMPARE(
        github(u"workflow_job"_s, ciFixture(u"workflow_job.in_progress"_s), "o-2").status, 200);
    QCOMPARE(github(u"workflow_job"_s, ciFixture(u"workflow_job.waiting"_s), "o-3").status, 200);
    QCOMPARE(github(u"workflow_job"_s, ciFixture(u"workflow_job.queued"_s), "o-4").status, 200);
    const auto snapshot = m_server.store->jobSnapshot(job);
    QCOMPARE(snapshot->status, JobStatus::Succeeded);
    QCOMPARE(snapshot->state, QString());
    QCOMPARE(snapshot->progress, 100.0);
    QCOMPARE(snapshot->stepsDone, 6);
    // Its time is its own though the in_progress delivery came late: 12:00:05 → 12:02:42.
    QCOMPARE(snapshot->elapsedSeconds(QDateTime::currentDateTimeUtc()), 157.0);
    QCOMPARE(m_server.store->steps(job).at(2).status, StepStatus::Succeeded);
    // A run: in_progress → completed → a late in_progress.
    const QString run = u"github:octo-org/Hello-World/runs/30433642/1"_s;
    github(u"workflow_run"_s, ciFixture(u"workflow_run.in_progress"_s), "o-5");
    github(u"workflow_run"_s, ciFixture(u"workflow_run.completed"_s), "o-6");
    QCOMPARE(
        github(u"workflow_run"_s, ciFixture(u"workflow_run.in_progress"_s), "o-7").status, 200);
    QCOMPARE(m_server.store->jobSnapshot(run)->status, JobStatus::Succeeded);
    // Before it runs, a job waiting for an environment's approval says so.
    QCOMPARE(github(u"workflow_job"_s,
                 ciFixture(u"workflow_job.waiting"_s).replace("399444496", "399444500"), "o-8")
                 .status,
        200);
    QCOMPARE(m_server.store->jobSnapshot(job.chopped(9) + u"399444500"_s)->state, u"waiting"_s);
}

void TestHooks::gitlabPreset()
{
    QCOMPARE(start(), QString());
    const auto post = [this](const QByteArray &event, const QString &file, const HeaderList &ids,
                          const QByteArray &token = "gl-t0ken") {
        HeaderList headers { { "X-Gitlab-Event", event }, { "X-Gitlab-Token", token },
            { "X-Gitlab-Instance", "https://gitlab.example.test" } };
        return curl(u"/hooks/gitlab"_s, ciFixture(file, u"gitlab"_s), headers + ids);
    };
    const QString pipeline = u"gitlab:gitlab-org/gitlab-test/pipelines/31"_s;
    Answer a = post("Pipeline Hook", u"pipeline.running"_s,
        { { "Idempotency-Key", "6f4cd6c3-1" }, { "X-Gitlab-Event-UUID", "u-1" } });
    QCOMPARE(a.status, 200);
    auto snapshot = m_server.store->jobSnapshot(pipeline);
    QVERIFY(snapshot);
    QCOMPARE(snapshot->status, JobStatus::Running);
    QCOMPARE(snapshot->stepName, u"rspec"_s);
    // GitLab's retry of the delivery: the same Idempotency-Key (its event UUID may differ).
    const qint64 before = stored();
    a = post("Pipeline Hook", u"pipeline.running"_s,
        { { "Idempotency-Key", "6f4cd6c3-1" }, { "X-Gitlab-Event-UUID", "u-1-retry" } });
    QCOMPARE(a.body.value(u"accepted"_s).toInt(), 0);
    QCOMPARE(stored(), before);
    // Older GitLab sends no Idempotency-Key: the event UUID dedupes.
    QCOMPARE(
        post("Pipeline Hook", u"pipeline.success"_s, { { "X-Gitlab-Event-UUID", "u-2" } }).status,
        200);
    const qint64 after = stored();
    QCOMPARE(post("Pipeline Hook", u"pipeline.success"_s, { { "X-Gitlab-Event-UUID", "u-2" } })
                 .body.value(u"accepted"_s)
                 .toInt(),
        0);
    QCOMPARE(stored(), after);
    snapshot = m_server.store->jobSnapshot(pipeline);
    QCOMPARE(snapshot->status, JobStatus::Succeeded);
    QStringList steps;
    for (const Step &s : m_server.store->steps(pipeline)) {
        steps << u"%1 %2"_s.arg(s.name, stepStatusName(s.status));
    }
    QCOMPARE(steps,
        QStringList({ u"compile succeeded"_s, u"rspec succeeded"_s, u"lint succeeded"_s,
            u"production skipped"_s }));
    // A late `pending` (out of order) leaves it finished.
    QCOMPARE(
        post("Pipeline Hook", u"pipeline.pending"_s, { { "X-Gitlab-Event-UUID", "u-3" } }).status,
        200);
    QCOMPARE(m_server.store->jobSnapshot(pipeline)->status, JobStatus::Succeeded);

    // A job fails, GitLab retries it (a new build id): both are kept, each with its verdict.
    QCOMPARE(post("Job Hook", u"job.failed"_s, { { "X-Gitlab-Event-UUID", "u-4" } }).status, 200);
    QCOMPARE(
        post("Job Hook", u"job.retried.success"_s, { { "X-Gitlab-Event-UUID", "u-5" } }).status,
        200);
    QCOMPARE(m_server.store->jobSnapshot(pipeline + u"/jobs/378"_s)->status, JobStatus::Failed);
    QCOMPARE(m_server.store->jobSnapshot(pipeline + u"/jobs/378"_s)->error, u"script_failure"_s);
    QCOMPARE(m_server.store->jobSnapshot(pipeline + u"/jobs/381"_s)->status, JobStatus::Succeeded);

    // Refused: a wrong or missing token (401); ignored: a push (200).
    const qint64 kept = stored();
    a = post("Job Hook", u"job.running"_s, { { "X-Gitlab-Event-UUID", "u-6" } }, "gl-wrong");
    QCOMPARE(a.status, 401);
    a = curl(u"/hooks/gitlab"_s, ciFixture(u"job.running"_s, u"gitlab"_s),
        { { "X-Gitlab-Event", "Job Hook" } });
    QCOMPARE(a.status, 401);
    a = post("Push Hook", u"push"_s, { { "X-Gitlab-Event-UUID", "u-7" } });
    QCOMPARE(a.status, 200);
    QVERIFY(a.body.value(u"ignored"_s).toString().contains(u"Push Hook"_s));
    QCOMPARE(stored(), kept);
}

void TestHooks::buildkiteAndJenkinsPresets()
{
    QCOMPARE(start(), QString());
    // Buildkite signs `timestamp.body` (X-Buildkite-Signature) and names the event in a header.
    const auto buildkite = [this](const QByteArray &event, const QString &file,
                               const QDateTime &at = QDateTime::currentDateTimeUtc()) {
        const QByteArray body = ciFixture(file, u"buildkite"_s);
        HeaderList headers = signRequest(SignatureScheme::Buildkite, "bk-t0ken", body, at);
        headers << qMakePair(QByteArray("X-Buildkite-Event"), event);
        return curl(u"/hooks/buildkite"_s, body, headers);
    };
    Answer a = buildkite("ping", u"ping"_s);
    QCOMPARE(a.status, 200);
    QVERIFY(a.body.value(u"ignored"_s).toString().startsWith(u"Buildkite ping"_s));
    QCOMPARE(buildkite("build.running", u"build.running"_s).status, 200);
    QCOMPARE(buildkite("job.started", u"job.started"_s).status, 200);
    QCOMPARE(buildkite("job.finished", u"job.finished"_s).status, 200);
    QCOMPARE(buildkite("build.finished", u"build.finished"_s).status, 200);
    // Out of order: a late scheduled leaves the build finished.
    QCOMPARE(buildkite("build.scheduled", u"build.scheduled"_s).status, 200);
    const QString build = u"buildkite:my-pipeline/builds/15"_s;
    QCOMPARE(m_server.store->jobSnapshot(build)->status, JobStatus::Succeeded);
    const auto job =
        m_server.store->jobSnapshot(build + u"/jobs/b63254c0-3271-4a98-8270-7cfbd6c2f14e"_s);
    QVERIFY(job);
    QCOMPARE(job->status, JobStatus::Failed);
    QCOMPARE(job->error, u"exit status 1"_s);
    // A signature from outside the window, or the token instead of a signature.
    const qint64 kept = stored();
    QCOMPARE(buildkite(
                 "build.running", u"build.running"_s, QDateTime::currentDateTimeUtc().addSecs(-400))
                 .status,
        401);
    QCOMPARE(stored(), kept);
    a = curl(u"/hooks/buildkite"_s, ciFixture(u"build.running"_s, u"buildkite"_s),
        { { "X-Buildkite-Event", "build.running" }, { "X-Buildkite-Token", "bk-t0ken" } });
    QCOMPARE(a.status, 200);

    // Jenkins' Notification plugin: no event header, the phase in the body.
    const auto jenkins = [this](const QString &file) {
        return curl(u"/hooks/jenkins"_s, ciFixture(file, u"jenkins"_s),
            { { "Authorization", "Bearer jk-t0ken" } });
    };
    QCOMPARE(jenkins(u"queued"_s).status, 200);
    QCOMPARE(jenkins(u"started"_s).status, 200);
    QCOMPARE(m_server.store->jobSnapshot(u"jenkins:asgard/18"_s)->status, JobStatus::Running);
    QCOMPARE(jenkins(u"completed.success"_s).status, 200);
    QCOMPARE(jenkins(u"finalized.success"_s).status, 200);
    QCOMPARE(jenkins(u"started"_s).status, 200); // late: changes nothing
    const auto asgard = m_server.store->jobSnapshot(u"jenkins:asgard/18"_s);
    QCOMPARE(asgard->status, JobStatus::Succeeded);
    QCOMPARE(asgard->url, u"http://localhost:8080/job/asgard/18/"_s);
    QCOMPARE(jenkins(u"completed.unstable"_s).status, 200);
    QCOMPARE(m_server.store->jobSnapshot(u"jenkins:asgard/20"_s)->state, u"unstable"_s);
}

QTEST_MAIN(TestHooks)
#include "tst_hooks.moc"
