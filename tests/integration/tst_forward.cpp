// Forwarding and replay as a tool (issue 15, items 3 and 4) against a real receiver, a real
// SQLite file and a small HTTP target started by the test that records what it was sent:
// body bytes, signature headers, Host, hop-by-hop fields; a target that is down, hangs or
// answers 500; replay to a URL, edited and re-signed replays; `jobpulse listen`.
#include "common/loopbackserver.h"
#include "config/hookconfig.h"
#include "ingest/forwarder.h"
#include "ingest/signature.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

/** The webhook consumer under development: records each request, answers as told. */
class Target : public QObject
{
public:
    enum class Mode { Answer, Hang };
    struct Request
    {
        QByteArray method;
        QByteArray path;
        HeaderList headers;
        QByteArray body;
        QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
        bool has(QByteArrayView name) const
        {
            return std::any_of(headers.cbegin(), headers.cend(),
                [name](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
        }
    };

    Mode mode = Mode::Answer;
    int status = 200;
    QByteArray answer = "{\"received\":true}";
    QList<Request> received;
    QList<QTcpSocket *> held; // connections of requests it never answers

    Target()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, this,
                    [this, socket, buffer] { read(socket, *buffer); });
            }
        });
    }
    QUrl url(const QString &path = u"/webhooks"_s) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(path));
    }

private:
    void read(QTcpSocket *socket, QByteArray &buffer)
    {
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        Request r;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
        r.method = start.value(0);
        r.path = start.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            r.headers.append(
                { lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed() });
        }
        const qsizetype length = r.header("Content-Length").toLongLong();
        if (buffer.size() < end + 4 + length) {
            return;
        }
        r.body = buffer.mid(end + 4, length);
        buffer.clear();
        received.append(r);
        if (mode == Mode::Hang) {
            held.append(socket);
            return;
        }
        socket->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Length: "
            + QByteArray::number(answer.size()) + "\r\nConnection: close\r\n\r\n" + answer);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
};

struct Answer
{
    int status = 0;
    QJsonObject body;
};

} // namespace

class TestForward : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;
    testing::LoopbackServer m_server;

    QString start(const QString &hooksJson);
    /** A POST written byte for byte on a socket: the test decides every header field. */
    Answer post(const QString &path, const HeaderList &headers, const QByteArray &body);
    Answer replay(qint64 id, const QByteArray &body);
    /** The newest delivery's id once it is stored. */
    qint64 newestDelivery(int expected = 1);
    QList<ForwardAttempt> attempts(qint64 id, int atLeast);

private Q_SLOTS:
    void cleanup() { m_server.stop(); }
    void forwardTargetsAreCheckedAtConfigLoad_data();
    void forwardTargetsAreCheckedAtConfigLoad();
    void hopByHopHeadersAreDropped();
    void forwardsBodyBytesAndSignatureIntact();
    void targetDownIsRetriedAndIngestAnswers();
    void hangingTargetTimesOutWhileReceiverAnswers();
    void target500IsRetriedThenRecordedFailed();
    void replayToUrl();
    void editedReplayCreatesLinkedDelivery();
    void resignedReplayVerifies();
    void badReplayRequests_data();
    void badReplayRequests();
    void listenForwardTo();
};

QString TestForward::start(const QString &hooksJson)
{
    QString error;
    const auto hooks =
        HookConfig::listFromJson(QJsonDocument::fromJson(hooksJson.toUtf8()).array(), &error);
    if (!hooks) {
        return error;
    }
    Receiver::Options options;
    options.hooks = *hooks;
    return m_server.start(m_dir.filePath(u"f%1.db"_s.arg(++m_counter)), options);
}

Answer TestForward::post(const QString &path, const HeaderList &headers, const QByteArray &body)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.receiver->port());
    if (!socket.waitForConnected(5000)) {
        return {};
    }
    QByteArray request = "POST " + path.toUtf8()
        + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_server.receiver->port())
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto &[name, value] : headers) {
        request += name + ": " + value + "\r\n";
    }
    socket.write(request + "\r\n" + body);
    QByteArray response;
    (void)QTest::qWaitFor(
        [&] {
            response += socket.readAll();
            const qsizetype end = response.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            const QByteArray head = response.left(end).toLower();
            const qsizetype at = head.indexOf("content-length:");
            const qsizetype length =
                at < 0 ? 0 : head.mid(at + 15).split('\r').value(0).trimmed().toLongLong();
            return response.size() >= end + 4 + length;
        },
        20000);
    Answer a;
    a.status = response.mid(9, 3).toInt();
    a.body = QJsonDocument::fromJson(response.mid(response.indexOf("\r\n\r\n") + 4)).object();
    return a;
}

Answer TestForward::replay(qint64 id, const QByteArray &body)
{
    return post(u"/v1/deliveries/%1/replay"_s.arg(id),
        body.isEmpty() ? HeaderList {} : HeaderList { { "Content-Type", "application/json" } },
        body);
}

qint64 TestForward::newestDelivery(int expected)
{
    (void)QTest::qWaitFor(
        [&] { return m_server.store->deliveries(100).size() >= expected; }, 10000);
    const auto list = m_server.store->deliveries(1);
    return list.isEmpty() ? 0 : list.first().id;
}

QList<ForwardAttempt> TestForward::attempts(qint64 id, int atLeast)
{
    (void)QTest::qWaitFor(
        [&] { return m_server.store->forwardAttempts(id).size() >= atLeast; }, 20000);
    return m_server.store->forwardAttempts(id);
}

void TestForward::forwardTargetsAreCheckedAtConfigLoad_data()
{
    QTest::addColumn<QString>("forward");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::addRow("loopback") << u"[{\"url\": \"http://127.0.0.1:3000/hook\"}]"_s << QString();
    QTest::addRow("localhost string") << u"\"http://localhost:3000/hook\""_s << QString();
    QTest::addRow("ipv6 loopback") << u"[{\"url\": \"http://[::1]:3000/\"}]"_s << QString();
    QTest::addRow("remote allowed")
        << u"[{\"url\": \"https://hooks.example.test/x\", \"allowRemote\": true}]"_s << QString();
    QTest::addRow("remote refused") << u"[{\"url\": \"https://hooks.example.test/x\"}]"_s
                                    << u"hooks[0].forward[0].url: hooks.example.test is not a "
                                       u"loopback address"_s;
    QTest::addRow("not http") << u"[{\"url\": \"ftp://127.0.0.1/x\"}]"_s
                              << u"hooks[0].forward[0].url: an http:// or https:// URL"_s;
    QTest::addRow("no url") << u"[{}]"_s << u"hooks[0].forward[0].url: an http://"_s;
    QTest::addRow("unknown key") << u"[{\"url\": \"http://127.0.0.1/\", \"retry\": 1}]"_s
                                 << u"hooks[0].forward[0].retry: unknown key"_s;
    QTest::addRow("bad timeout") << u"[{\"url\": \"http://127.0.0.1/\", \"timeout\": \"soon\"}]"_s
                                 << u"hooks[0].forward[0].timeout:"_s;
    QTest::addRow("bad retries") << u"[{\"url\": \"http://127.0.0.1/\", \"retries\": 99}]"_s
                                 << u"hooks[0].forward[0].retries:"_s;
}

void TestForward::forwardTargetsAreCheckedAtConfigLoad()
{
    QFETCH(QString, forward);
    QFETCH(QString, error);
    QString why;
    const auto hooks = HookConfig::listFromJson(
        QJsonDocument::fromJson(u"[{\"name\": \"app\", \"forward\": %1}]"_s.arg(forward).toUtf8())
            .array(),
        &why);
    if (error.isEmpty()) {
        QVERIFY2(hooks, qPrintable(why));
        QCOMPARE(hooks->last().forward.size(), 1);
    } else {
        QVERIFY(!hooks);
        QVERIFY2(why.startsWith(error), qPrintable(why));
    }
}

void TestForward::hopByHopHeadersAreDropped()
{
    const HeaderList in { { "Host", "public.example.test" }, { "Connection", "keep-alive, X-Hop" },
        { "Keep-Alive", "timeout=5" }, { "Transfer-Encoding", "chunked" }, { "TE", "trailers" },
        { "Upgrade", "h2c" }, { "Proxy-Authorization", "Basic eA==" },
        { "Proxy-Connection", "keep-alive" }, { "Trailer", "X-Sum" }, { "X-Hop", "1" },
        { "Content-Length", "12" }, { "Expect", "100-continue" },
        { "Stripe-Signature", "t=1,v1=ab" }, { "Content-Type", "application/json" },
        { "User-Agent", "Stripe/1.0" } };
    const HeaderList expected { { "Stripe-Signature", "t=1,v1=ab" },
        { "Content-Type", "application/json" }, { "User-Agent", "Stripe/1.0" } };
    QCOMPARE(Forwarder::forwardHeaders(in, false), expected);
    HeaderList withHost = expected;
    withHost.prepend({ "Host", "public.example.test" });
    QCOMPARE(Forwarder::forwardHeaders(in, true), withHost);
}

void TestForward::forwardsBodyBytesAndSignatureIntact()
{
    Target app;
    Target preserving;
    QCOMPARE(start(uR"([{"name": "stripe", "family": "canonical",
        "signature": {"scheme": "stripe", "secret": "whsec_stripe"},
        "forward": [{"url": "%1"}, {"url": "%2", "preserveHost": true}]}])"_s.arg(
                 app.url().toString(), preserving.url(u"/other"_s).toString())),
        QString());
    // Spacing, key order and non-ASCII exactly as the sender wrote them.
    const QByteArray body =
        "{ \"job\" : \"pay-1\",\n  \"type\":\"job.started\", \"title\": \"Zahlung \xc3\xbc\" }";
    const HeaderList signature =
        signRequest(SignatureScheme::Stripe, "whsec_stripe", body, QDateTime::currentDateTimeUtc());
    HeaderList headers = signature;
    headers += HeaderList { { "Content-Type", "application/json" },
        { "Connection", "keep-alive, X-Hop" }, { "Keep-Alive", "timeout=5" }, { "TE", "trailers" },
        { "Trailer", "X-Sum" }, { "X-Hop", "1" }, { "Proxy-Authorization", "Basic eA==" },
        { "User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)" } };
    QCOMPARE(post(u"/hooks/stripe"_s, headers, body).status, 200);
    QVERIFY(QTest::qWaitFor(
        [&] { return !app.received.isEmpty() && !preserving.received.isEmpty(); }, 20000));

    const Target::Request &got = app.received.first();
    QCOMPARE(got.method, "POST");
    QCOMPARE(got.path, "/webhooks");
    QCOMPARE(got.body, body);
    QCOMPARE(got.header("Stripe-Signature"), signature.first().second);
    SignatureConfig config { SignatureScheme::Stripe, { "whsec_stripe" }, {}, 300 };
    QVERIFY(verifySignature(config, got.headers, got.body, QDateTime::currentDateTimeUtc()).ok);
    QCOMPARE(got.header("Host"), app.url().authority().toUtf8());
    QCOMPARE(got.header("User-Agent"), "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
    QCOMPARE(got.header("Content-Type"), "application/json");
    for (const char *dropped : { "Keep-Alive", "TE", "Trailer", "X-Hop", "Proxy-Authorization" }) {
        QVERIFY2(!got.has(dropped), dropped);
    }
    QVERIFY(!got.header("Connection").contains("X-Hop"));
    // preserveHost: the sender's Host, here the receiver's address.
    QCOMPARE(preserving.received.first().header("Host"),
        "127.0.0.1:" + QByteArray::number(m_server.receiver->port()));
    QCOMPARE(preserving.received.first().body, body);

    // Every attempt is in the inspector: target, status, latency, the answer's head.
    const qint64 id = newestDelivery();
    const QList<ForwardAttempt> tries = attempts(id, 2);
    QCOMPARE(tries.size(), 2);
    QStringList targets;
    for (const ForwardAttempt &a : tries) {
        targets.append(a.target);
        QCOMPARE(a.status, 200);
        QCOMPARE(a.attempt, 1);
        QCOMPARE(a.responseHead, app.answer);
        QVERIFY(a.error.isEmpty());
        QVERIFY(a.latencyMs > 0);
    }
    targets.sort();
    QStringList expected { app.url().toString(), preserving.url(u"/other"_s).toString() };
    expected.sort();
    QCOMPARE(targets, expected);
}

void TestForward::targetDownIsRetriedAndIngestAnswers()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close(); // connection refused from now on
    QCOMPARE(
        start(
            uR"([{"name": "app", "forward": [{"url": "http://127.0.0.1:%1/hook", "retries": 2}]}])"_s
                .arg(port)),
        QString());
    const Answer a = post(u"/hooks/app"_s, { { "Content-Type", "application/json" } },
        R"({"job":"down-1","type":"job.started"})");
    QCOMPARE(a.status, 200);
    QCOMPARE(a.body.value(u"accepted"_s).toInt(), 1);
    const qint64 id = newestDelivery();
    const QList<ForwardAttempt> tries = attempts(id, 3);
    QCOMPARE(tries.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(tries.at(i).attempt, i + 1);
        QCOMPARE(tries.at(i).status, 0);
        QVERIFY2(tries.at(i).error.contains(u"refused"_s, Qt::CaseInsensitive),
            qPrintable(tries.at(i).error));
    }
    QVERIFY(m_server.store->jobSnapshot(u"down-1"_s)); // ingest committed regardless
}

void TestForward::hangingTargetTimesOutWhileReceiverAnswers()
{
    Target app;
    app.mode = Target::Mode::Hang;
    // A second target that hangs for longer than the test runs: an ingest answer that waited
    // for any target would never come.
    Target stuck;
    stuck.mode = Target::Mode::Hang;
    QCOMPARE(start(uR"([{"name": "app", "forward": [{"url": "%1", "timeout": "1s", "retries": 0},
                        {"url": "%2", "timeout": "10m"}]}])"_s.arg(
                 app.url().toString(), stuck.url().toString())),
        QString());
    QCOMPARE(post(u"/hooks/app"_s, { { "Content-Type", "application/json" } },
                 R"({"job":"slow-1","type":"job.started"})")
                 .status,
        200);
    QVERIFY(QTest::qWaitFor(
        [&] { return !app.received.isEmpty() && !stuck.received.isEmpty(); }, 10000));
    // The target holds its connection and never answers; the receiver serves others.
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(post(u"/hooks/app"_s, { { "Content-Type", "application/json" } },
                     QJsonDocument(QJsonObject { { u"job"_s, u"other-%1"_s.arg(i) },
                                       { u"type"_s, u"job.started"_s } })
                         .toJson(QJsonDocument::Compact))
                     .status,
            200);
    }
    const QList<ForwardAttempt> tries = attempts(newestDelivery(6) - 5, 1);
    QCOMPARE(tries.size(), 1); // the stuck target's attempt is still under way
    QCOMPARE(tries.first().status, 0);
    QCOMPARE(tries.first().error, u"no answer within 1 s"_s);
    QVERIFY(!app.held.isEmpty()); // it never answered: the timeout ended the attempt
}

void TestForward::target500IsRetriedThenRecordedFailed()
{
    Target app;
    app.status = 500;
    app.answer = "boom: the handler threw";
    QCOMPARE(start(uR"([{"name": "app", "forward": [{"url": "%1", "retries": 2}]}])"_s.arg(
                 app.url().toString())),
        QString());
    QCOMPARE(post(u"/hooks/app"_s, { { "Content-Type", "application/json" } },
                 R"({"job":"err-1","type":"job.started"})")
                 .status,
        200);
    const qint64 id = newestDelivery();
    const QList<ForwardAttempt> tries = attempts(id, 3);
    QCOMPARE(tries.size(), 3);
    QCOMPARE(app.received.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(tries.at(i).attempt, i + 1);
        QCOMPARE(tries.at(i).status, 500);
        QCOMPARE(tries.at(i).responseHead, app.answer);
    }
    QTest::qWait(300); // no fourth attempt follows
    QCOMPARE(app.received.size(), 3);
    // The read API lists them with the delivery.
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(
        QNetworkRequest(QUrl(m_server.receiver->url().toString() + u"/v1/deliveries?limit=1"_s)));
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
    const QJsonArray listed = QJsonDocument::fromJson(reply->readAll())
                                  .object()[u"deliveries"_s][0][u"attempts"_s]
                                  .toArray();
    reply->deleteLater();
    QCOMPARE(listed.size(), 3);
    QCOMPARE(listed.at(2)[u"status"_s].toInt(), 500);
    QCOMPARE(listed.at(2)[u"response"_s].toString(), u"boom: the handler threw"_s);
}

void TestForward::replayToUrl()
{
    Target app;
    QCOMPARE(start(uR"([{"name": "gh", "signature": {"scheme": "github", "secret": "s3cret"}}])"_s),
        QString());
    const QByteArray body = R"({"job":"r-1", "type":"job.started"})";
    HeaderList headers = signRequest(SignatureScheme::Github, "s3cret", body, {});
    headers += HeaderList { { "Content-Type", "application/json" } };
    QCOMPARE(post(u"/hooks/gh"_s, headers, body).status, 200);
    const qint64 id = newestDelivery();
    const Answer a = replay(id,
        QJsonDocument(QJsonObject { { u"to"_s, app.url().toString() } })
            .toJson(QJsonDocument::Compact));
    QCOMPARE(a.status, 200);
    QCOMPARE(a.body.value(u"status"_s).toInt(), 200);
    QCOMPARE(a.body.value(u"replayOf"_s).toInteger(), id);
    QCOMPARE(a.body.value(u"delivery"_s).toInteger(), id); // unedited: the same delivery
    QCOMPARE(a.body.value(u"response"_s).toString(), QString::fromUtf8(app.answer));
    QCOMPARE(app.received.size(), 1);
    QCOMPARE(app.received.first().body, body);
    QCOMPARE(app.received.first().header("X-Hub-Signature-256"), headers.first().second);
    const QList<ForwardAttempt> tries = attempts(id, 1);
    QCOMPARE(tries.size(), 1);
    QCOMPARE(tries.first().target, app.url().toString());
    QCOMPARE(m_server.store->deliveries(100).size(), 1); // no new delivery

    // A target that is down: 502 naming why, the attempts recorded.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QString down = u"http://127.0.0.1:%1/x"_s.arg(closed.serverPort());
    closed.close();
    const Answer failed = replay(id, u"{\"to\": \"%1\"}"_s.arg(down).toUtf8());
    QCOMPARE(failed.status, 502);
    QCOMPARE(failed.body.value(u"error"_s).toString(), u"forward_failed"_s);
    QCOMPARE(failed.body.value(u"attempts"_s).toInt(), 4); // the default: 3 retries
}

void TestForward::editedReplayCreatesLinkedDelivery()
{
    Target app;
    QCOMPARE(start(uR"([{"name": "app"}])"_s), QString());
    QCOMPARE(post(u"/hooks/app"_s,
                 { { "Content-Type", "application/json" }, { "X-Request-Id", "req-1" } },
                 R"({"job":"e-1","type":"job.started"})")
                 .status,
        200);
    const qint64 id = newestDelivery();

    // Into its own hook: the edited request is a delivery of its own, linked.
    const Answer again = replay(id,
        R"({"body": "{\"job\":\"e-2\",\"type\":\"job.succeeded\"}", "headers": {"X-Request-Id": "req-2", "X-Extra": "yes"}})");
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body.value(u"accepted"_s).toInt(), 1);
    QCOMPARE(again.body.value(u"replayOf"_s).toInteger(), id);
    QVERIFY(m_server.store->jobSnapshot(u"e-2"_s));
    const qint64 edited = newestDelivery(2);
    QVERIFY(edited > id);
    const auto stored = m_server.store->delivery(edited);
    QVERIFY(stored);
    QCOMPARE(stored->replayOf, id);
    QCOMPARE(stored->body, R"({"job":"e-2","type":"job.succeeded"})");
    QCOMPARE(headerValue(stored->headers, "X-Request-Id"), "req-2");
    QCOMPARE(headerValue(stored->headers, "X-Extra"), "yes");
    QCOMPARE(m_server.store->delivery(id)->replayOf, 0);

    // To a URL: sent as edited (a header removed), recorded as a linked delivery with the
    // attempt under it.
    const Answer sent = replay(id,
        uR"({"to": "%1", "body": {"job": "e-3"}, "headers": {"X-Request-Id": null}})"_s
            .arg(app.url().toString())
            .toUtf8());
    QCOMPARE(sent.status, 200);
    const qint64 linked = sent.body.value(u"delivery"_s).toInteger();
    QVERIFY(linked > edited);
    QCOMPARE(app.received.first().body, R"({"job":"e-3"})");
    QVERIFY(!app.received.first().has("X-Request-Id"));
    QCOMPARE(m_server.store->delivery(linked)->replayOf, id);
    QCOMPARE(m_server.store->delivery(linked)->verdict, u"replayed"_s);
    QCOMPARE(attempts(linked, 1).size(), 1);
    QVERIFY(!m_server.store->jobSnapshot(u"e-3"_s)); // sent on, not ingested
}

void TestForward::resignedReplayVerifies()
{
    Target app;
    QCOMPARE(start(uR"([{"name": "gh", "signature": {"scheme": "github", "secret": "s3cret"}},
                        {"name": "std", "signature": {"scheme": "standard", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}}])"_s),
        QString());
    const QByteArray body = R"({"job":"s-1","type":"job.started"})";
    HeaderList headers = signRequest(SignatureScheme::Github, "s3cret", body, {});
    headers += HeaderList { { "Content-Type", "application/json" } };
    QCOMPARE(post(u"/hooks/gh"_s, headers, body).status, 200);
    const qint64 id = newestDelivery();
    const QByteArray edited = R"({"job":"s-2","type":"job.started"})";
    const SignatureConfig github { SignatureScheme::Github, { "s3cret" }, {}, 300 };

    // Without resign the original signature travels as it was: it does not verify.
    QCOMPARE(
        replay(id,
            uR"({"to": "%1", "body": "%2"})"_s
                .arg(app.url().toString(), QString::fromUtf8(edited).replace(u"\""_s, u"\\\""_s))
                .toUtf8())
            .status,
        200);
    QCOMPARE(app.received.last().header("X-Hub-Signature-256"), headers.first().second);
    QVERIFY(!verifySignature(github, app.received.last().headers, edited, {}).ok);

    // With it: signed anew over the edited bytes with the hook's secret.
    QCOMPARE(
        replay(id,
            uR"({"to": "%1", "body": "%2", "resign": true})"_s
                .arg(app.url().toString(), QString::fromUtf8(edited).replace(u"\""_s, u"\\\""_s))
                .toUtf8())
            .status,
        200);
    QCOMPARE(app.received.last().body, edited);
    QVERIFY(verifySignature(github, app.received.last().headers, edited, {}).ok);
    QCOMPARE(headerValues(app.received.last().headers, "X-Hub-Signature-256").size(), 1);

    // Into the hook itself: the re-signed edit passes the hook's own check; unsigned, 401.
    QCOMPARE(replay(id,
                 uR"({"body": "%1"})"_s.arg(QString::fromUtf8(edited).replace(u"\""_s, u"\\\""_s))
                     .toUtf8())
                 .status,
        401);
    const Answer ingested = replay(id,
        uR"({"body": "%1", "resign": true})"_s
            .arg(QString::fromUtf8(edited).replace(u"\""_s, u"\\\""_s))
            .toUtf8());
    QCOMPARE(ingested.status, 200);
    QVERIFY(m_server.store->jobSnapshot(u"s-2"_s));

    // Standard Webhooks: a fresh timestamp and signature, the message id kept.
    const QByteArray stdBody = R"({"job":"w-1","type":"job.started"})";
    HeaderList stdHeaders =
        signRequest(SignatureScheme::Standard, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", stdBody,
            QDateTime::currentDateTimeUtc(), "msg_keep");
    stdHeaders += HeaderList { { "Content-Type", "application/json" } };
    QCOMPARE(post(u"/hooks/std"_s, stdHeaders, stdBody).status, 200);
    const qint64 stdId = newestDelivery(5);
    QCOMPARE(
        replay(stdId,
            uR"({"to": "%1", "body": "{}", "resign": true})"_s.arg(app.url().toString()).toUtf8())
            .status,
        200);
    const SignatureConfig standard { SignatureScheme::Standard,
        { "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }, {}, 300 };
    QCOMPARE(app.received.last().header("webhook-id"), "msg_keep");
    QVERIFY(verifySignature(
        standard, app.received.last().headers, "{}", QDateTime::currentDateTimeUtc())
                .ok);
}

void TestForward::badReplayRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::addRow("not json") << QByteArray("{to: nowhere") << 400 << QString();
    QTest::addRow("not an object") << QByteArray("[1]") << 422 << QString();
    QTest::addRow("unknown key") << QByteArray(R"({"url": "http://127.0.0.1/"})") << 422
                                 << u"/url"_s;
    QTest::addRow("to not http") << QByteArray(R"({"to": "file:///etc/passwd"})") << 422
                                 << u"/to"_s;
    QTest::addRow("to not a string") << QByteArray(R"({"to": 8080})") << 422 << u"/to"_s;
    QTest::addRow("to remote") << QByteArray(R"({"to": "http://203.0.113.9/hook"})") << 422
                               << u"/to"_s;
    QTest::addRow("header injection")
        << QByteArray(R"({"headers": {"X-A": "1\r\nX-Injected: 2"}})") << 422 << u"/headers/X-A"_s;
    QTest::addRow("bad header name")
        << QByteArray(R"({"headers": {"X A": "1"}})") << 422 << u"/headers/X A"_s;
    QTest::addRow("body a number") << QByteArray(R"({"body": 5})") << 422 << u"/body"_s;
    QTest::addRow("resign not bool") << QByteArray(R"({"resign": "yes"})") << 422 << u"/resign"_s;
    QTest::addRow("resign without secret")
        << QByteArray(R"({"resign": true})") << 422 << u"/resign"_s;
}

void TestForward::badReplayRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    QCOMPARE(start(uR"([{"name": "app"}])"_s), QString());
    QCOMPARE(post(u"/hooks/app"_s, { { "Content-Type", "application/json" } },
                 R"({"job":"b-1","type":"job.started"})")
                 .status,
        200);
    const qint64 id = newestDelivery();
    const Answer a = replay(id, body);
    QCOMPARE(a.status, status);
    QVERIFY(a.body.contains(u"message"_s));
    if (!field.isEmpty()) {
        QCOMPARE(a.body.value(u"field"_s).toString(), field);
    }
    QCOMPARE(m_server.store->lastSeq(), 1); // nothing ingested
    QTest::qWait(100);
    QCOMPARE(m_server.store->deliveries(100).size(), 1); // nothing recorded
    QCOMPARE(m_server.store->forwardAttempts(id).size(), 0);
}

void TestForward::listenForwardTo()
{
    Target app;
    QProcess listen;
    listen.start(QStringLiteral(JOBPULSE_BINARY),
        { u"listen"_s, u"--forward-to"_s, app.url().toString(), u"--hook"_s, u"events"_s,
            u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, m_dir.filePath(u"listen.db"_s),
            u"--config"_s, m_dir.filePath(u"none.json"_s) });
    // A config file that does not exist is an error; an empty one is not.
    QVERIFY(listen.waitForFinished(10000));
    QCOMPARE(listen.exitCode(), 2);
    QFile empty(m_dir.filePath(u"empty.json"_s));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.write("{}");
    empty.close();
    listen.start(QStringLiteral(JOBPULSE_BINARY),
        { u"listen"_s, u"--forward-to"_s, app.url().toString(), u"--hook"_s, u"events"_s,
            u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, m_dir.filePath(u"listen.db"_s),
            u"--config"_s, empty.fileName() });
    QByteArray out;
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += listen.readAllStandardOutput();
            return out.contains("forwarding hook events");
        },
        10000));
    const QByteArray url = out.mid(out.indexOf("listening ") + 10).split('\n').value(0);
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(QString::fromUtf8(url) + u"/v1/events"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    const QByteArray body = R"({"job":"l-1","type":"job.started"})";
    QNetworkReply *reply = network.post(request, body);
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += listen.readAllStandardOutput();
            return out.contains("[200]");
        },
        10000));
    QCOMPARE(app.received.size(), 1);
    QCOMPARE(app.received.first().body, body);
    QVERIFY2(out.contains("#1  POST /v1/events  200 accepted  (hook events)"), out.constData());
    QVERIFY2(out.contains("#1  -> " + app.url().toString().toUtf8() + "  [200]"), out.constData());
    listen.terminate();
    QVERIFY(listen.waitForFinished(10000));

    // Bad targets are refused before anything listens.
    QProcess refused;
    refused.start(QStringLiteral(JOBPULSE_BINARY),
        { u"listen"_s, u"--forward-to"_s, u"http://203.0.113.9/hook"_s, u"--db"_s,
            m_dir.filePath(u"listen.db"_s), u"--config"_s, empty.fileName() });
    QVERIFY(refused.waitForFinished(10000));
    QCOMPARE(refused.exitCode(), 2);
    QVERIFY(refused.readAllStandardError().contains("not a loopback address"));
}

QTEST_GUILESS_MAIN(TestForward)
#include "tst_forward.moc"
