// CORS for viewers in a browser (receiver.cors): a real receiver and relay on loopback answer
// preflights and carry Access-Control-Allow-Origin only for listed origins, on the JSON read
// routes and on the SSE stream's own head alike; nothing changes without an allow-list.
#include "common/loopbackserver.h"
#include "config/appconfig.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;
using namespace jobpulse::testing;

namespace {

constexpr char Page[] = "http://127.0.0.1:8080";
constexpr char Token[] = "viewer-token";
constexpr char TwoOrigins[] =
    "{\"origins\":[\"http://127.0.0.1:8080\",\"https://ci.example.com\"]}";
constexpr char OneOrigin[] = "{\"origins\":[\"http://127.0.0.1:8080\"]}";
constexpr char Wildcard[] = "{\"origins\":[\"*\"]}";
constexpr char WithCredentials[] =
    "{\"origins\":[\"http://127.0.0.1:8080\"],\"credentials\":true,\"maxAge\":60}";

struct Answer
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

// One request on a raw connection, so that every header of the answer is seen as sent.
Answer request(quint16 port, const QByteArray &method, const QByteArray &target,
    const QByteArray &headers, bool streaming = false)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.waitForConnected(5000);
    const QByteArray body =
        method == "POST" ? QByteArray(R"({"job":"j","type":"log","message":"m"})") : "";
    socket.write(method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
        + (method == "POST" ? "Content-Type: application/json\r\n" : "") + "Content-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    QByteArray raw;
    // Done at the end of the head (a stream, a 204) or of the Content-Length's body.
    const auto complete = [&raw, streaming] {
        const qsizetype end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        const QByteArray head = raw.left(end).toLower();
        const qsizetype at = head.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return streaming || head.startsWith("http/1.1 204");
        }
        const qsizetype length = head.mid(at + 17).split('\r').first().trimmed().toLongLong();
        return raw.size() >= end + 4 + length;
    };
    (void)QTest::qWaitFor(
        [&] {
            raw += socket.readAll();
            return complete() || socket.state() != QAbstractSocket::ConnectedState;
        },
        5000);
    Answer answer;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    const QList<QByteArray> lines = raw.left(end).split('\n');
    answer.status = lines.value(0).split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        answer.headers.insert(
            lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    answer.body = raw.mid(end + 4);
    return answer;
}

Receiver::Options options(const QByteArray &cors)
{
    QString error;
    const auto config = AppConfig::fromJson(QJsonDocument::fromJson(R"({"receiver":{"readToken":")"
                                                + QByteArray(Token) + R"(","cors":)" + cors + "}}")
                                                .object(),
        &error);
    if (!config) {
        qFatal("bad test config: %s", qPrintable(error));
    }
    return config->receiver;
}

} // namespace

class TestCors : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_db = 0;
    QString nextDb() { return m_dir.filePath(u"cors-%1.db"_s.arg(++m_db)); }

private Q_SLOTS:
    void configOrigins_data();
    void configOrigins();
    void readRoutes_data();
    void readRoutes();
    void streamHeadCarriesCors();
    void wildcardAndCredentials();
    void withoutAllowListNothingChanges();
    void webSocketOrigins_data();
    void webSocketOrigins();
};

void TestCors::configOrigins_data()
{
    QTest::addColumn<QByteArray>("cors");
    QTest::addColumn<QStringList>("origins"); // as kept, or empty with an error
    QTest::addColumn<QString>("error");
    QTest::addRow("normalised") << QByteArray(
        R"({"origins":["HTTPS://CI.Example.com:443/","http://127.0.0.1:8080","http://[::1]:80"]})")
                                << QStringList { u"https://ci.example.com"_s,
                                       u"http://127.0.0.1:8080"_s, u"http://[::1]"_s }
                                << QString();
    QTest::addRow("wildcard") << QByteArray(R"({"origins":["*"]})") << QStringList { u"*"_s }
                              << QString();
    QTest::addRow("none") << QByteArray("{}") << QStringList() << QString();
    QTest::addRow("path") << QByteArray(R"({"origins":["https://ci.example.com/viewer"]})")
                          << QStringList() << u"receiver.cors.origins[0]"_s;
    QTest::addRow("not http") << QByteArray(R"({"origins":["ftp://ci.example.com"]})")
                              << QStringList() << u"receiver.cors.origins[0]"_s;
    QTest::addRow("null origin") << QByteArray(R"({"origins":["http://a.test","null"]})")
                                 << QStringList() << u"receiver.cors.origins[1]"_s;
    QTest::addRow("not a list") << QByteArray(R"({"origins":"http://a.test"})") << QStringList()
                                << u"receiver.cors.origins"_s;
    QTest::addRow("wildcard with credentials")
        << QByteArray(R"({"origins":["*"],"credentials":true})") << QStringList()
        << u"receiver.cors.credentials"_s;
    QTest::addRow("unknown key") << QByteArray(R"({"origin":["http://a.test"]})") << QStringList()
                                 << u"receiver.cors.origin"_s;
    QTest::addRow("maxAge") << QByteArray(R"({"origins":["http://a.test"],"maxAge":-1})")
                            << QStringList() << u"receiver.cors.maxAge"_s;
}

void TestCors::configOrigins()
{
    QFETCH(QByteArray, cors);
    QFETCH(QStringList, origins);
    QFETCH(QString, error);
    QString why;
    const auto config = AppConfig::fromJson(
        QJsonDocument::fromJson(R"({"receiver":{"cors":)" + cors + "}}").object(), &why);
    if (error.isEmpty()) {
        QVERIFY2(config, qPrintable(why));
        QCOMPARE(config->receiver.cors.origins, origins);
    } else {
        QVERIFY(!config);
        QVERIFY2(why.startsWith(error + u':'), qPrintable(why));
    }
}

void TestCors::readRoutes_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allowOrigin"); // empty: the header must be absent
    QTest::addColumn<bool>("vary");

    const QByteArray page = "Origin: " + QByteArray(Page) + "\r\n";
    const QByteArray token = "Authorization: Bearer " + QByteArray(Token) + "\r\n";
    const QByteArray preflight = "Access-Control-Request-Method: GET\r\n";
    QTest::addRow("jobs, listed origin") << QByteArray("GET") << QByteArray("/v1/jobs")
                                         << page + token << 200 << QByteArray(Page) << true;
    QTest::addRow("jobs, other origin")
        << QByteArray("GET") << QByteArray("/v1/jobs")
        << "Origin: http://127.0.0.1:9090\r\n" + token << 200 << QByteArray() << true;
    QTest::addRow("jobs, same host other name")
        << QByteArray("GET") << QByteArray("/v1/jobs")
        << "Origin: http://localhost:8080\r\n" + token << 200 << QByteArray() << true;
    QTest::addRow("jobs, https of the listed http")
        << QByteArray("GET") << QByteArray("/v1/jobs")
        << "Origin: https://127.0.0.1:8080\r\n" + token << 200 << QByteArray() << true;
    QTest::addRow("jobs, null origin") << QByteArray("GET") << QByteArray("/v1/jobs")
                                       << "Origin: null\r\n" + token << 200 << QByteArray() << true;
    QTest::addRow("jobs without the token: the page reads the 401")
        << QByteArray("GET") << QByteArray("/v1/jobs") << page << 401 << QByteArray(Page) << true;
    QTest::addRow("token in the query")
        << QByteArray("GET") << QByteArray("/v1/events?after=0&token=") + Token << page << 200
        << QByteArray(Page) << true;
    QTest::addRow("job detail 404") << QByteArray("GET") << QByteArray("/v1/jobs/a%2Fb")
                                    << page + token << 404 << QByteArray(Page) << true;
    QTest::addRow("job log") << QByteArray("GET") << QByteArray("/v1/jobs/a%2Fb/log")
                             << page + token << 404 << QByteArray(Page) << true;
    QTest::addRow("health") << QByteArray("GET") << QByteArray("/health") << page << 200
                            << QByteArray(Page) << true;
    QTest::addRow("metrics") << QByteArray("GET") << QByteArray("/metrics") << page + token << 200
                             << QByteArray(Page) << true;
    QTest::addRow("deliveries are not for pages")
        << QByteArray("GET") << QByteArray("/v1/deliveries") << page + token << 200 << QByteArray()
        << false;
    QTest::addRow("ingest is not for pages")
        << QByteArray("POST") << QByteArray("/v1/events") << page << 200 << QByteArray() << false;

    QTest::addRow("preflight, stream")
        << QByteArray("OPTIONS") << QByteArray("/v1/stream")
        << page + preflight + "Access-Control-Request-Headers: last-event-id\r\n"
        << 204 << QByteArray(Page) << true;
    QTest::addRow("preflight, jobs with Authorization")
        << QByteArray("OPTIONS") << QByteArray("/v1/jobs")
        << page + preflight + "Access-Control-Request-Headers: authorization\r\n"
        << 204 << QByteArray(Page) << true;
    QTest::addRow("preflight, a job's log")
        << QByteArray("OPTIONS") << QByteArray("/v1/jobs/a%2Fb/log") << page + preflight << 204
        << QByteArray(Page) << true;
    QTest::addRow("preflight, other origin")
        << QByteArray("OPTIONS") << QByteArray("/v1/jobs")
        << "Origin: http://127.0.0.1:9090\r\n" + preflight << 403 << QByteArray() << true;
    QTest::addRow("preflight, POST") << QByteArray("OPTIONS") << QByteArray("/v1/events")
                                     << page + "Access-Control-Request-Method: POST\r\n"
                                     << 403 << QByteArray() << true;
    QTest::addRow("preflight, a header not allowed")
        << QByteArray("OPTIONS") << QByteArray("/health")
        << page + preflight + "Access-Control-Request-Headers: authorization, x-custom\r\n"
        << 403 << QByteArray() << true;
    QTest::addRow("preflight, deliveries") << QByteArray("OPTIONS") << QByteArray("/v1/deliveries")
                                           << page + preflight << 405 << QByteArray() << false;
    QTest::addRow("OPTIONS that is no preflight")
        << QByteArray("OPTIONS") << QByteArray("/v1/jobs") << page << 405 << QByteArray() << false;
}

void TestCors::readRoutes()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    QFETCH(QByteArray, allowOrigin);
    QFETCH(bool, vary);
    LoopbackServer server;
    QCOMPARE(server.start(nextDb(), options(TwoOrigins), Durability::Normal, true), QString());
    const Answer answer = request(server.receiver->port(), method, target, headers);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.headers.value("access-control-allow-origin"), allowOrigin);
    QCOMPARE(answer.headers.value("vary").contains("Origin"), vary);
    QVERIFY(!answer.headers.contains("access-control-allow-credentials"));
    if (method == "OPTIONS" && status == 204) {
        QCOMPARE(answer.headers.value("access-control-allow-methods"), QByteArray("GET"));
        QCOMPARE(answer.headers.value("access-control-max-age"), QByteArray("600"));
        const QByteArray asked = headers.contains("Request-Headers: ")
            ? headers.mid(headers.indexOf("Request-Headers: ") + 17).split('\r').first()
            : QByteArray();
        QCOMPARE(answer.headers.value("access-control-allow-headers"), asked);
        QVERIFY(!answer.headers.contains("content-length"));
    }
    if (status == 403) {
        const QJsonObject body = QJsonDocument::fromJson(answer.body).object();
        QVERIFY2(body.value(u"error"_s).toString().startsWith(u"cors_"_s), answer.body.constData());
    }
}

void TestCors::streamHeadCarriesCors()
{
    // QHttpServer does not write the SSE head: the relay's own head carries the headers.
    LoopbackServer server;
    QCOMPARE(server.start(nextDb(), options(OneOrigin), Durability::Normal, true), QString());
    const QByteArray target = "/v1/stream?after=0&token=" + QByteArray(Token);
    Answer listed = request(server.receiver->port(), "GET", target,
        "Origin: " + QByteArray(Page) + "\r\nAccept: text/event-stream\r\n", true);
    QCOMPARE(listed.status, 200);
    QVERIFY(listed.headers.value("content-type").startsWith("text/event-stream"));
    QCOMPARE(listed.headers.value("access-control-allow-origin"), QByteArray(Page));
    QCOMPARE(listed.headers.value("vary"), QByteArray("Origin"));
    Answer other = request(server.receiver->port(), "GET", target,
        "Origin: http://127.0.0.1:9090\r\nAccept: text/event-stream\r\n", true);
    QCOMPARE(other.status, 200);
    QVERIFY(!other.headers.contains("access-control-allow-origin"));
    QCOMPARE(other.headers.value("vary"), QByteArray("Origin"));
    // Without the token the 401 is readable by the listed page, and no stream starts.
    Answer unauthorized = request(
        server.receiver->port(), "GET", "/v1/stream", "Origin: " + QByteArray(Page) + "\r\n");
    QCOMPARE(unauthorized.status, 401);
    QCOMPARE(unauthorized.headers.value("access-control-allow-origin"), QByteArray(Page));
}

void TestCors::wildcardAndCredentials()
{
    {
        LoopbackServer server;
        QCOMPARE(server.start(nextDb(), options(Wildcard), Durability::Normal, true), QString());
        const Answer get = request(
            server.receiver->port(), "GET", "/health", "Origin: https://anywhere.example\r\n");
        QCOMPARE(get.headers.value("access-control-allow-origin"), QByteArray("*"));
        QVERIFY(!get.headers.contains("access-control-allow-credentials"));
        const Answer sse = request(server.receiver->port(), "GET",
            "/v1/stream?token=" + QByteArray(Token), "Origin: https://anywhere.example\r\n", true);
        QCOMPARE(sse.headers.value("access-control-allow-origin"), QByteArray("*"));
    }
    LoopbackServer server;
    QCOMPARE(server.start(nextDb(), options(WithCredentials), Durability::Normal, true), QString());
    const Answer get =
        request(server.receiver->port(), "GET", "/health", "Origin: " + QByteArray(Page) + "\r\n");
    QCOMPARE(get.headers.value("access-control-allow-origin"), QByteArray(Page));
    QCOMPARE(get.headers.value("access-control-allow-credentials"), QByteArray("true"));
    const Answer preflight = request(server.receiver->port(), "OPTIONS", "/v1/stream",
        "Origin: " + QByteArray(Page) + "\r\nAccess-Control-Request-Method: GET\r\n");
    QCOMPARE(preflight.status, 204);
    QCOMPARE(preflight.headers.value("access-control-allow-credentials"), QByteArray("true"));
    QCOMPARE(preflight.headers.value("access-control-max-age"), QByteArray("60"));
    const Answer other =
        request(server.receiver->port(), "GET", "/health", "Origin: http://127.0.0.1:9090\r\n");
    QVERIFY(!other.headers.contains("access-control-allow-origin"));
    QVERIFY(!other.headers.contains("access-control-allow-credentials"));
}

void TestCors::withoutAllowListNothingChanges()
{
    LoopbackServer server;
    QCOMPARE(server.start(nextDb(), options("{}"), Durability::Normal, true), QString());
    const QByteArray page = "Origin: " + QByteArray(Page) + "\r\n";
    const Answer get = request(server.receiver->port(), "GET", "/health", page);
    QCOMPARE(get.status, 200);
    QVERIFY(!get.headers.contains("access-control-allow-origin"));
    QVERIFY(!get.headers.contains("vary"));
    const Answer sse = request(
        server.receiver->port(), "GET", "/v1/stream?token=" + QByteArray(Token), page, true);
    QCOMPARE(sse.status, 200);
    QVERIFY(!sse.headers.contains("access-control-allow-origin"));
    const Answer preflight = request(server.receiver->port(), "OPTIONS", "/v1/jobs",
        page + "Access-Control-Request-Method: GET\r\n");
    QCOMPARE(preflight.status, 405);
    QVERIFY(!preflight.headers.contains("access-control-allow-origin"));
}

// Browsers do not apply CORS to WebSockets: the receiver checks the page's Origin itself, or
// any site the user visits could read a local receiver's stream.
void TestCors::webSocketOrigins_data()
{
    QTest::addColumn<QByteArray>("cors");
    QTest::addColumn<QByteArray>("origin"); // "" = none sent; "self" = the receiver's own
    QTest::addColumn<bool>("upgrades");
    QTest::newRow("not a browser") << QByteArray("{}") << QByteArray() << true;
    QTest::newRow("no allow-list, a page") << QByteArray("{}") << QByteArray(Page) << false;
    QTest::newRow("no allow-list, own origin") << QByteArray("{}") << QByteArray("self") << true;
    QTest::newRow("listed") << QByteArray(OneOrigin) << QByteArray(Page) << true;
    QTest::newRow("not listed") << QByteArray(OneOrigin) << QByteArray("http://127.0.0.1:9090")
                                << false;
    QTest::newRow("wildcard") << QByteArray(Wildcard) << QByteArray("https://anywhere.example")
                              << true;
}

void TestCors::webSocketOrigins()
{
    QFETCH(QByteArray, cors);
    QFETCH(QByteArray, origin);
    QFETCH(bool, upgrades);
    LoopbackServer server;
    QCOMPARE(server.start(nextDb(), options(cors), Durability::Normal, true), QString());
    const QByteArray host = "127.0.0.1:" + QByteArray::number(server.receiver->port());
    if (origin == "self") {
        origin = "http://" + host;
    }
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.receiver->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /v1/ws?token=" + QByteArray(Token) + " HTTP/1.1\r\nHost: " + host
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + (origin.isEmpty() ? QByteArray() : "Origin: " + origin + "\r\n") + "\r\n");
    QByteArray answer;
    QVERIFY(QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return answer.contains("\r\n\r\n");
        },
        5000));
    if (upgrades) {
        QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.constData());
        // The relay took it: an event reaches it as a WebSocket frame.
        const Answer posted = request(server.receiver->port(), "POST", "/v1/events", {});
        QCOMPARE(posted.status, 200);
        QVERIFY(QTest::qWaitFor(
            [&] {
                answer += socket.readAll();
                return answer.contains("\"job\":\"j\"");
            },
            5000));
    } else {
        QVERIFY2(answer.startsWith("HTTP/1.1 403"), answer.constData());
        QVERIFY(QTest::qWaitFor(
            [&] {
                answer += socket.readAll();
                return answer.contains("cors_origin_not_allowed");
            },
            5000));
    }
}

QTEST_GUILESS_MAIN(TestCors)
#include "tst_cors.moc"
