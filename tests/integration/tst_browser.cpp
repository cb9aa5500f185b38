// The browser viewer (docs/examples/browser-viewer.html) in headless Chromium against a real
// receiver and relay: served from an origin in receiver.cors.origins it lists the jobs and
// receives every event once, in order, also across a restart of the receiver (EventSource's
// Last-Event-ID); served from another origin, the browser refuses it and the page says so.
// Chromium is driven over its DevTools protocol (a QWebSocket); each page is served by a small
// HTTP server on its own loopback port, which makes it a different origin from the receiver.
#include "common/storetesting.h"
#include "config/appconfig.h"
#include "ingest/receiver.h"
#include "relay/relay.h"
#include "store/store.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;
using namespace jobpulse::testing;

namespace {

constexpr char Token[] = "browser-token";
constexpr int WaitMs = 20000;

/** Serves the example page on a loopback port of its own: an origin of its own. */
struct PageServer
{
    QHttpServer http;
    quint16 port = 0;
    bool start(const QByteArray &page)
    {
        http.route(u"/browser-viewer.html"_s,
            [page] { return QHttpServerResponse("text/html; charset=utf-8", page); });
        port = http.listen(QHostAddress::LocalHost, 0);
        return port != 0;
    }
    QString origin() const { return u"http://127.0.0.1:%1"_s.arg(port); }
};

/** Headless Chromium and one page, driven over the DevTools protocol. */
class Browser
{
public:
    ~Browser()
    {
        m_socket.close();
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }

    bool start(const QString &exe, const QString &profile)
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(exe,
            { u"--headless=new"_s, u"--no-sandbox"_s, u"--disable-gpu"_s,
                u"--user-data-dir="_s + profile, u"--remote-debugging-port=0"_s,
                u"--no-first-run"_s, u"--disable-extensions"_s, u"about:blank"_s });
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…" on stderr.
        static const QRegularExpression listening(u"DevTools listening on ws://[^:]+:(\\d+)/"_s);
        QString err;
        QRegularExpressionMatch match;
        if (!QTest::qWaitFor(
                [&] {
                    err += QString::fromUtf8(m_process.readAllStandardError());
                    match = listening.match(err);
                    return match.hasMatch() || m_process.state() == QProcess::NotRunning;
                },
                WaitMs)
            || !match.hasMatch()) {
            qWarning().noquote() << "chromium did not start:" << err.right(2000);
            return false;
        }
        // The page target's own socket (json/list), so no session ids are needed.
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(
            QNetworkRequest(QUrl(u"http://127.0.0.1:%1/json/list"_s.arg(match.captured(1)))));
        (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, WaitMs);
        reply->deleteLater();
        QUrl page;
        for (const QJsonValue &t : QJsonDocument::fromJson(reply->readAll()).array()) {
            if (t[u"type"_s].toString() == u"page") {
                page = QUrl(t[u"webSocketDebuggerUrl"_s].toString());
            }
        }
        if (!page.isValid()) {
            return false;
        }
        QObject::connect(
            &m_socket, &QWebSocket::textMessageReceived, &m_socket, [this](const QString &m) {
                const QJsonObject o = QJsonDocument::fromJson(m.toUtf8()).object();
                if (o.contains(u"id"_s)) {
                    m_answers.insert(o[u"id"_s].toInt(), o);
                }
            });
        m_socket.open(page);
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, WaitMs);
    }

    QJsonObject call(const QString &method, const QJsonObject &params = {})
    {
        const int id = ++m_nextId;
        m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(
            QJsonObject { { u"id"_s, id }, { u"method"_s, method },
                { u"params"_s, params } }).toJson(QJsonDocument::Compact)));
        (void)QTest::qWaitFor([&] { return m_answers.contains(id); }, WaitMs);
        return m_answers.take(id);
    }

    void open(const QUrl &url) { call(u"Page.navigate"_s, { { u"url"_s, url.toString() } }); }

    /** window.viewer as the page keeps it (state, reason, seqs, jobs). */
    QJsonObject viewer()
    {
        const QJsonObject answer = call(u"Runtime.evaluate"_s,
            { { u"expression"_s, u"JSON.stringify(window.viewer || null)"_s },
                { u"returnByValue"_s, true } });
        const QString json = answer[u"result"_s][u"result"_s][u"value"_s].toString();
        return QJsonDocument::fromJson(json.toUtf8()).object();
    }

    QString text(const QString &selector)
    {
        const QJsonObject answer = call(u"Runtime.evaluate"_s,
            { { u"expression"_s,
                  u"(document.querySelector('%1') || {}).textContent || ''"_s.arg(selector) },
                { u"returnByValue"_s, true } });
        return answer[u"result"_s][u"result"_s][u"value"_s].toString();
    }

private:
    QProcess m_process;
    QWebSocket m_socket;
    int m_nextId = 0;
    QHash<int, QJsonObject> m_answers;
};

QList<qint64> seqsOf(const QJsonObject &viewer)
{
    QList<qint64> seqs;
    for (const QJsonValue &v : viewer[u"seqs"_s].toArray()) {
        seqs.append(v.toInteger());
    }
    return seqs;
}

QList<qint64> range(qint64 from, qint64 to)
{
    QList<qint64> list;
    for (qint64 i = from; i <= to; ++i) {
        list.append(i);
    }
    return list;
}

Event renderEvent(EventType type, std::optional<double> progress = std::nullopt)
{
    Event e;
    e.job = u"render-7"_s;
    e.type = type;
    e.title = u"Render 7"_s;
    e.time = QDateTime::currentDateTimeUtc();
    if (progress) {
        e.progress = *progress;
    }
    return e;
}

} // namespace

class TestBrowser : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_chromium;
    QByteArray m_page;
    Store m_store;
    std::unique_ptr<Receiver> m_receiver;
    std::unique_ptr<Relay> m_relay;
    quint16 m_port = 0;
    PageServer m_allowed;
    PageServer m_other;

    /** The receiver and relay on the store, on @p port (0: any). */
    bool listen(quint16 port)
    {
        QString error;
        const auto config = AppConfig::fromJson(
            QJsonDocument::fromJson(
                u"{\"receiver\":{\"readToken\":\"%1\",\"cors\":{\"origins\":[\"%2\"]}}}"_s
                    .arg(QLatin1String(Token), m_allowed.origin())
                    .toUtf8())
                .object(),
            &error);
        Receiver::Options options = config->receiver;
        options.port = port;
        m_receiver = std::make_unique<Receiver>(&m_store, options);
        m_relay = std::make_unique<Relay>(&m_store, Relay::Options {});
        m_relay->attach(*m_receiver);
        if (!m_receiver->listen(&error)) {
            qWarning().noquote() << error;
            return false;
        }
        m_port = m_receiver->port();
        return true;
    }
    void stop()
    {
        m_relay.reset();
        m_receiver.reset();
    }
    QUrl pageUrl(const PageServer &server) const
    {
        return QUrl(
            u"%1/browser-viewer.html?receiver=http://127.0.0.1:%2&token=%3"_s.arg(server.origin())
                .arg(m_port)
                .arg(QLatin1String(Token)));
    }

private Q_SLOTS:
    void initTestCase();
    void allowedOriginFollowsAndResumes();
    void otherOriginIsBlocked();
    void cleanupTestCase() { stop(); }
};

void TestBrowser::initTestCase()
{
    m_chromium = QStandardPaths::findExecutable(u"chromium"_s);
    if (m_chromium.isEmpty()) {
        QSKIP("chromium is not installed (Debian package chromium; ./dev.sh deps installs it): "
              "the browser viewer is not tested");
    }
    QFile page(QStringLiteral(JOBPULSE_TEST_DATA "/../../docs/examples/browser-viewer.html"));
    QVERIFY2(page.open(QIODevice::ReadOnly), qPrintable(page.fileName()));
    m_page = page.readAll();
    QString error;
    QVERIFY2(m_store.open(m_dir.filePath(u"browser.db"_s), Durability::Normal, &error),
        qPrintable(error));
    QVERIFY(m_allowed.start(m_page));
    QVERIFY(m_other.start(m_page));
    QVERIFY(listen(0));
}

void TestBrowser::allowedOriginFollowsAndResumes()
{
    QVERIFY(commit(m_store, { renderEvent(EventType::JobQueued) }));
    QTemporaryDir profile;
    Browser browser;
    QVERIFY(browser.start(m_chromium, profile.path()));
    browser.open(pageUrl(m_allowed));
    // The list came from GET /v1/jobs (with a preflight for its Authorization header); the
    // stream is live.
    QTRY_COMPARE_WITH_TIMEOUT(browser.viewer()[u"state"_s].toString(), u"live"_s, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(
        browser.text(u"#job-render-7 td:nth-child(2)"_s), u"queued"_s, WaitMs);

    QVERIFY(commit(m_store, { renderEvent(EventType::JobStarted) }));
    QVERIFY(commit(m_store, { renderEvent(EventType::JobProgress, 40) }));
    QTRY_COMPARE_WITH_TIMEOUT(seqsOf(browser.viewer()), range(2, 3), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(
        browser.viewer()[u"jobs"_s][u"render-7"_s][u"progress"_s].toDouble(), 40.0, WaitMs);
    QCOMPARE(browser.text(u"#job-render-7 td:nth-child(1)"_s), u"Render 7"_s);

    // The receiver goes away; what happens meanwhile reaches the page when it is back,
    // because the browser resumes with Last-Event-ID: nothing missed, nothing twice.
    stop();
    QTRY_COMPARE_WITH_TIMEOUT(browser.viewer()[u"state"_s].toString(), u"reconnecting"_s, WaitMs);
    QVERIFY(commit(m_store, { renderEvent(EventType::JobProgress, 80) }));
    QVERIFY(commit(m_store, { renderEvent(EventType::JobSucceeded) }));
    QVERIFY(listen(m_port));
    QTRY_COMPARE_WITH_TIMEOUT(seqsOf(browser.viewer()), range(2, 5), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(
        browser.text(u"#job-render-7 td:nth-child(2)"_s), u"succeeded"_s, WaitMs);
    QCOMPARE(browser.viewer()[u"jobs"_s][u"render-7"_s][u"progress"_s].toDouble(), 100.0);
    QCOMPARE(browser.viewer()[u"state"_s].toString(), u"live"_s);
}

void TestBrowser::otherOriginIsBlocked()
{
    QTemporaryDir profile;
    Browser browser;
    QVERIFY(browser.start(m_chromium, profile.path()));
    browser.open(pageUrl(m_other));
    QTRY_COMPARE_WITH_TIMEOUT(browser.viewer()[u"state"_s].toString(), u"blocked"_s, WaitMs);
    QVERIFY(browser.viewer()[u"reason"_s].toString().contains(m_other.origin()));
    // The receiver answered (it has a job), the browser kept the answer from the page.
    QCOMPARE(browser.text(u"#jobs"_s), QString());
    QVERIFY(seqsOf(browser.viewer()).isEmpty());
}

QTEST_GUILESS_MAIN(TestBrowser)
#include "tst_browser.moc"
