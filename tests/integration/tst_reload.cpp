// A running Jobpulse takes a changed config file without a restart, as real processes: a
// headless owner on a temporary database and config; the file is edited, then SIGHUP or
// POST /v1/config/reload applies it — a hook's new secret is accepted and the old one refused,
// a broken file is refused with its error and the running hooks stay, the listen address is
// reported as needing a restart. A viewer's settings page (Settings + OwnerLink) saving the
// file reaches the owner the same way.
#include "common/jobpulseprocess.h"
#include "ui/ownerlink.h"
#include "ui/settings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace Qt::Literals::StringLiterals;
using jobpulse::ConfigChange;

namespace {

struct Answer
{
    int status = 0;
    QJsonObject body;
};

QByteArray configWith(const QString &secret, const QString &extra = {})
{
    return u"{\"receiver\": {\"listen\": \"127.0.0.1:0\"%1},\n"
           u" \"hooks\": [{\"name\": \"ci\", \"signature\": {\"scheme\": \"github\", "
           u"\"secret\": \"%2\"}}]}\n"_s.arg(extra, secret)
               .toUtf8();
}

} // namespace

class TestReload : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;
    int m_count = 0;

    /** A headless owner (@p window: the desktop app, offscreen) on a new database with
     *  @p config as its file; its URL. */
    QUrl start(QProcess &owner, const QByteArray &config, QString *configPath, bool window = false)
    {
        ++m_count;
        *configPath = m_dir.filePath(u"config%1.json"_s.arg(m_count));
        write(*configPath, config);
        owner.setProgram(QStringLiteral(JOBPULSE_BINARY));
        QStringList arguments { u"--db"_s, m_dir.filePath(u"%1.db"_s.arg(m_count)), u"--config"_s,
            *configPath };
        if (!window) {
            arguments.prepend(u"--headless"_s);
        }
        owner.setArguments(arguments);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_RUNTIME_DIR"_s, m_dir.path()); // the window's single-instance socket
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"xdg"_s));
        env.insert(u"QT_LOGGING_RULES"_s, u"jobpulse.config.info=true"_s);
        owner.setProcessEnvironment(env);
        owner.start();
        return jobpulse::testing::waitListening(owner, 15000);
    }
    static void write(const QString &path, const QByteArray &text)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
    }
    static void stop(QProcess &process) { jobpulse::testing::stopProcess(process); }

    Answer request(const QUrl &url, const QByteArray &body, const QList<QByteArrayList> &headers)
    {
        QNetworkRequest r(url);
        r.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        for (const QByteArrayList &h : headers) {
            r.setRawHeader(h.at(0), h.at(1));
        }
        std::unique_ptr<QNetworkReply> reply(m_network.post(r, body));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 15000)) {
            return {};
        }
        return { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object() };
    }
    /** An event to the `ci` hook, signed GitHub-style with @p secret. */
    int sendSigned(const QUrl &owner, const QByteArray &secret)
    {
        const QByteArray body = R"({"job":"build","type":"job.started"})";
        const QByteArray signature = "sha256="
            + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
        return request(
            owner.resolved(QUrl(u"/hooks/ci"_s)), body, { { "X-Hub-Signature-256", signature } })
            .status;
    }
    Answer reload(const QUrl &owner, const QByteArray &token = {})
    {
        QList<QByteArrayList> headers;
        if (!token.isEmpty()) {
            headers.append({ "Authorization", "Bearer " + token });
        }
        return request(owner.resolved(QUrl(u"/v1/config/reload"_s)), {}, headers);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // systemctl --user reload jobpulse: the file is read again on SIGHUP.
    void sighupAppliesANewHookSecret()
    {
        QProcess owner;
        QString config;
        const QUrl url = start(owner, configWith(u"old"_s), &config);
        QVERIFY(url.isValid());
        QCOMPARE(sendSigned(url, "old"), 200);
        QCOMPARE(sendSigned(url, "new"), 401);

        write(config, configWith(u"new"_s));
        ::kill(pid_t(owner.processId()), SIGHUP);
        // The signal is read by the event loop: wait for the new secret to be taken.
        QVERIFY(QTest::qWaitFor([&] { return sendSigned(url, "new") == 200; }, 15000));
        QCOMPARE(sendSigned(url, "old"), 401);
        QCOMPARE(owner.state(), QProcess::Running); // SIGHUP no longer ends it
        stop(owner);
        QCOMPARE(owner.exitCode(), 0);
        QVERIFY(owner.readAllStandardError().contains("config reloaded from"));
    }

    // The desktop app receiving itself applies a reload through the same code.
    void windowOwnerReloadsToo()
    {
        QProcess owner;
        QString config;
        const QUrl url = start(owner, configWith(u"old"_s), &config, true);
        QVERIFY(url.isValid());
        write(config, configWith(u"new"_s));
        ::kill(pid_t(owner.processId()), SIGHUP);
        QVERIFY(QTest::qWaitFor([&] { return sendSigned(url, "new") == 200; }, 15000));
        QCOMPARE(sendSigned(url, "old"), 401);
        write(config, configWith(u"newer"_s));
        QCOMPARE(reload(url).status, 200);
        QCOMPARE(sendSigned(url, "newer"), 200);
        QCOMPARE(owner.state(), QProcess::Running);
        stop(owner);
    }

    void routeAppliesANewHookSecret()
    {
        QProcess owner;
        QString config;
        const QUrl url = start(owner, configWith(u"old"_s), &config);
        QVERIFY(url.isValid());
        write(config, configWith(u"new"_s));
        const Answer answer = reload(url);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body.value(u"applied"_s).toArray(), QJsonArray { u"hooks"_s });
        QCOMPARE(answer.body.value(u"restart"_s).toArray(), QJsonArray {});
        QCOMPARE(answer.body.value(u"config"_s).toString(), config);
        QCOMPARE(sendSigned(url, "new"), 200);
        QCOMPARE(sendSigned(url, "old"), 401);
        stop(owner);
    }

    // A file that does not load changes nothing: the route says why (422), SIGHUP logs it.
    void brokenFileIsRefusedAndTheRunningHooksStay()
    {
        QProcess owner;
        QString config;
        const QUrl url = start(owner, configWith(u"old"_s), &config);
        QVERIFY(url.isValid());
        write(config, "{\"hooks\": [");
        Answer answer = reload(url);
        QCOMPARE(answer.status, 422);
        QCOMPARE(answer.body.value(u"error"_s).toString(), u"invalid_config"_s);
        QVERIFY2(answer.body.value(u"message"_s).toString().contains(config),
            qPrintable(answer.body.value(u"message"_s).toString()));
        QCOMPARE(sendSigned(url, "old"), 200);

        // Valid JSON, invalid config: the key is named.
        write(config, R"({"hooks": [{"name": "ci", "signature": {"scheme": "nope"}}]})");
        answer = reload(url);
        QCOMPARE(answer.status, 422);
        QVERIFY2(answer.body.value(u"message"_s).toString().contains(u"hooks[0].signature"_s),
            qPrintable(answer.body.value(u"message"_s).toString()));
        QCOMPARE(sendSigned(url, "old"), 200);

        ::kill(pid_t(owner.processId()), SIGHUP);
        QByteArray err;
        QVERIFY(QTest::qWaitFor(
            [&] {
                err += owner.readAllStandardError();
                return err.count("config not reloaded") == 3;
            },
            15000));
        QCOMPARE(sendSigned(url, "old"), 200);
        QCOMPARE(owner.state(), QProcess::Running);
        stop(owner);
    }

    // What cannot change live is said, and the rest of the file still applies.
    void listenAddressNeedsARestart()
    {
        QProcess owner;
        QString config;
        const QUrl url = start(owner, configWith(u"old"_s), &config);
        QVERIFY(url.isValid());
        write(config,
            R"({"receiver": {"listen": "127.0.0.1:1"}, "retention": {"days": 7},
                "hooks": [{"name": "ci", "signature": {"scheme": "github", "secret": "new"}}]})");
        const Answer answer = reload(url);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body.value(u"restart"_s).toArray(), QJsonArray { u"receiver.listen"_s });
        QCOMPARE(
            answer.body.value(u"applied"_s).toArray(), (QJsonArray { u"hooks"_s, u"retention"_s }));
        QCOMPARE(sendSigned(url, "new"), 200); // still on the port it started with
        // Asked again, the address still waits for the restart.
        QCOMPARE(
            reload(url).body.value(u"restart"_s).toArray(), QJsonArray { u"receiver.listen"_s });
        stop(owner);
    }

    // Sources start and stop with the file; GET /health lists the running ones.
    void sourcesStartAndStop()
    {
        QProcess owner;
        QString config;
        const QUrl url = start(owner, configWith(u"old"_s), &config);
        QVERIFY(url.isValid());
        const auto sources = [&] {
            std::unique_ptr<QNetworkReply> reply(
                m_network.get(QNetworkRequest(url.resolved(QUrl(u"/health"_s)))));
            (void)QTest::qWaitFor([&] { return reply->isFinished(); }, 15000);
            QStringList names;
            for (const QJsonValue &s :
                QJsonDocument::fromJson(reply->readAll())[u"sources"_s].toArray()) {
                names.append(s[u"name"_s].toString());
            }
            return names;
        };
        QCOMPARE(sources(), QStringList {});
        write(config,
            configWith(u"old"_s).replace("]}\n",
                "], \"sources\": [{\"name\": \"peer\", \"type\": \"sse\", "
                "\"url\": \"http://127.0.0.1:1/v1/stream\"}]}"));
        Answer answer = reload(url);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body.value(u"applied"_s).toArray(), QJsonArray { u"sources"_s });
        QCOMPARE(sources(), QStringList { u"peer"_s });
        write(config, configWith(u"old"_s));
        QCOMPARE(reload(url).status, 200);
        QCOMPARE(sources(), QStringList {});
        stop(owner);
    }

    // The route reloads the owner's settings: behind its read token when one is set.
    void routeNeedsTheReadToken()
    {
        QProcess owner;
        QString config;
        const QUrl url = start(owner, configWith(u"old"_s, u", \"readToken\": \"t0k\""_s), &config);
        QVERIFY(url.isValid());
        write(config, configWith(u"new"_s, u", \"readToken\": \"t0k\""_s));
        QCOMPARE(reload(url).status, 401);
        QCOMPARE(sendSigned(url, "old"), 200); // not applied
        QCOMPARE(reload(url, "wrong").status, 401);
        QCOMPARE(reload(url, "t0k").status, 200);
        QCOMPARE(sendSigned(url, "new"), 200);
        stop(owner);
    }

    // The desktop app as a viewer: its settings page saves the file, then asks the owner to
    // apply it, and shows the answer.
    void viewerSettingsSaveReachesTheOwner()
    {
        QProcess owner;
        QString config;
        const QUrl url = start(owner, configWith(u"old"_s), &config);
        QVERIFY(url.isValid());
        jobpulse::OwnerLink link;
        link.follow(url, owner.processId());
        jobpulse::Settings settings;
        QVERIFY(settings.load(config));
        settings.setReloader(
            [&link](QObject *context, auto done) { link.reloadConfig(context, std::move(done)); });
        settings.setHookSecret(u"ci"_s, u"new"_s);
        QVERIFY(settings.save());
        QCOMPARE(settings.applyStatus(), u"applying"_s);
        QVERIFY(QTest::qWaitFor([&] { return settings.applyStatus() != u"applying"; }, 15000));
        QCOMPARE(settings.applyStatus(), u"applied"_s);
        QVERIFY2(settings.applyMessage().contains(u"hooks"_s), qPrintable(settings.applyMessage()));
        QVERIFY(!settings.restartNeeded());
        QCOMPARE(sendSigned(url, "new"), 200);
        QCOMPARE(sendSigned(url, "old"), 401);

        // An address change waits for the owner's restart, and the page says so.
        settings.setListen(u"127.0.0.1:1"_s);
        QVERIFY(settings.save());
        QVERIFY(QTest::qWaitFor([&] { return settings.applyStatus() != u"applying"; }, 15000));
        QCOMPARE(settings.applyStatus(), u"restart"_s);
        QVERIFY(settings.restartNeeded());

        // The owner gone: the page says the save was not applied.
        stop(owner);
        settings.setHookSecret(u"ci"_s, u"newer"_s);
        QVERIFY(settings.save());
        QVERIFY(QTest::qWaitFor([&] { return settings.applyStatus() != u"applying"; }, 15000));
        QCOMPARE(settings.applyStatus(), u"error"_s);
    }
};

QTEST_MAIN(TestReload)
#include "tst_reload.moc"
