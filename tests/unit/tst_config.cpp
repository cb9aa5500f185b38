// The configuration file's one owner: defaults in one place, every error naming its key,
// `env:` secrets read at start (or kept as written for the settings page), written 0600.
#include "config/appconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyConfigIsTheDefaults()
    {
        QString error;
        const auto config = AppConfig::fromJson({}, &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->receiver.address, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(config->receiver.port, quint16(7788));
        QCOMPARE(ReceiverConfig::defaultListen(), u"127.0.0.1:7788"_s);
        QCOMPARE(config->retention.days, 90);
        QCOMPARE(config->retention.maxEvents, 1000000);
        QCOMPARE(config->receiver.hooks.size(), HookConfig::builtins().size());
        QVERIFY(config->sources.isEmpty());
        QCOMPARE(config->ui.theme, u"system"_s);
        QCOMPARE(config->ui.language, u"system"_s);
    }

    void sectionsAreRead()
    {
        QString error;
        const auto config = AppConfig::fromJson(json(R"({
            "receiver": {"listen": "[::1]:9000", "maxBodyBytes": 2048, "maxConnections": 8,
                         "rateLimit": {"perSecond": 5, "burst": 10}, "readToken": "t0k"},
            "hooks": [{"name": "deploys", "map": {"job": "/id"}}],
            "sources": [{"name": "ci", "type": "sse", "url": "http:\/\/127.0.0.1:1\/s"}],
            "retention": {"days": 7, "maxEvents": 0},
            "ui": {"theme": "dark", "reduceMotion": true, "language": "de"},
            "notifications": {"mutedKinds": ["nightly"], "mutedSources": ["ci"]}})"),
            &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->receiver.address, QHostAddress(u"::1"_s));
        QCOMPARE(config->receiver.port, quint16(9000));
        QCOMPARE(config->receiver.maxBodyBytes, 2048);
        QCOMPARE(config->receiver.maxConnections, 8);
        QCOMPARE(config->receiver.rateBurst, 10);
        QCOMPARE(config->receiver.readToken, u"t0k"_s);
        QCOMPARE(config->receiver.hooks.last().path, u"/hooks/deploys"_s);
        QCOMPARE(config->sources.size(), 1);
        QCOMPARE(config->retention.days, 7);
        QCOMPARE(config->retention.maxEvents, 0);
        QCOMPARE(config->ui.theme, u"dark"_s);
        QVERIFY(config->ui.reduceMotion);
        QCOMPARE(config->notifications.mutedSources, QStringList { u"ci"_s });
        // toJson keeps what it does not model and reads back the same.
        const auto again = AppConfig::fromJson(config->toJson(), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->receiver.port, quint16(9000));
        QCOMPARE(again->receiver.address, QHostAddress(u"::1"_s));
        QCOMPARE(again->toJson(), config->toJson());
        QCOMPARE(config->toJson().value(u"hooks"_s), config->json().value(u"hooks"_s));
    }

    void errorsNameTheKey_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("key");
        QTest::addRow("listen") << QByteArray(R"({"receiver": {"listen": "nowhere"}})")
                                << u"receiver.listen"_s;
        QTest::addRow("body limit")
            << QByteArray(R"({"receiver": {"maxBodyBytes": 0}})") << u"receiver.maxBodyBytes"_s;
        QTest::addRow("header timeout") << QByteArray(R"({"receiver": {"headerTimeoutMs": 5}})")
                                        << u"receiver.headerTimeoutMs"_s;
        QTest::addRow("rate") << QByteArray(R"({"receiver": {"rateLimit": {"perSecond": -1}}})")
                              << u"receiver.rateLimit"_s;
        QTest::addRow("token env")
            << QByteArray(R"({"receiver": {"readToken": "env:JOBPULSE_TEST_UNSET_TOKEN"}})")
            << u"receiver.readToken"_s;
        QTest::addRow("hook") << QByteArray(R"({"hooks": [{"name": "a", "bogus": 1}]})")
                              << u"hooks[0].bogus"_s;
        QTest::addRow("hook path with a line break")
            << QByteArray(R"({"hooks": [{"name": "a", "path": "/hooks/a\n"}]})")
            << u"hooks[0].path"_s;
        QTest::addRow("source") << QByteArray(R"({"sources": [{"name": "s", "type": "ftp"}]})")
                                << u"sources[0].type"_s;
        QTest::addRow("days") << QByteArray(R"({"retention": {"days": -1}})")
                              << u"retention.days"_s;
        QTest::addRow("max events")
            << QByteArray(R"({"retention": {"maxEvents": -5}})") << u"retention.maxEvents"_s;
        QTest::addRow("stallAfter unit")
            << QByteArray(R"({"jobs": {"stallAfter": "10 minutes"}})") << u"jobs.stallAfter"_s;
        QTest::addRow("abandonAfter negative")
            << QByteArray(R"({"jobs": {"abandonAfter": -1}})") << u"jobs.abandonAfter"_s;
        QTest::addRow("jobs unknown key")
            << QByteArray(R"({"jobs": {"stalAfter": "5m"}})") << u"jobs.stalAfter"_s;
        QTest::addRow("kind stallAfter")
            << QByteArray(R"({"jobs": {"kinds": {"render": {"stallAfter": true}}}})")
            << u"jobs.kinds.render.stallAfter"_s;
        QTest::addRow("kind not an object")
            << QByteArray(R"({"jobs": {"kinds": {"render": "5m"}}})") << u"jobs.kinds.render"_s;
        QTest::addRow("hook stallAfter")
            << QByteArray(R"({"hooks": [{"name": "ci", "stallAfter": "soon"}]})")
            << u"hooks[0].stallAfter"_s;
        QTest::addRow("store url") << QByteArray(R"({"store": {"url": 5}})") << u"store.url"_s;
        QTest::addRow("store not an object")
            << QByteArray(R"({"store": "postgresql:\/\/db\/x"})") << u"store.url"_s;
        QTest::addRow("store password env") << QByteArray(
            R"({"store": {"url": "postgresql:\/\/me@db\/x", "password": "env:JOBPULSE_TEST_UNSET_PW"}})")
                                            << u"store.password"_s;
    }

    void storeUrlTakesItsPassword()
    {
        qputenv("JOBPULSE_TEST_PG_PW", "p@ss word;");
        QString error;
        const auto config = AppConfig::fromJson(json(R"({"store": {
            "url": "postgresql:\/\/team@db.example.test:5433\/history?sslmode=require",
            "password": "env:JOBPULSE_TEST_PG_PW"}})"),
            &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->store.password, u"p@ss word;"_s);
        const QUrl location(config->store.location());
        QCOMPARE(location.password(), u"p@ss word;"_s);
        QCOMPARE(location.userName(), u"team"_s);
        QCOMPARE(location.port(), 5433);
        QCOMPARE(location.query(), u"sslmode=require"_s);
        // (moc reads two slashes in a raw string as a comment: they are escaped as in JSON.)
        // A file has no password to take; no section: the default file.
        QCOMPARE(AppConfig::fromJson(
                     json(R"({"store": {"url": "/var/lib/jp.db", "password": "x"}})"), &error)
                     ->store.location(),
            u"/var/lib/jp.db"_s);
        QVERIFY(AppConfig::fromJson({}, &error)->store.location().isEmpty());
    }

    void silentJobsPolicy()
    {
        QString error;
        const auto defaults = AppConfig::fromJson({}, &error);
        QVERIFY2(defaults, qPrintable(error));
        QCOMPARE(defaults->silencePolicy().stallAfterSeconds, 600);
        QCOMPARE(defaults->silencePolicy().abandonAfterSeconds, 86400);
        const auto config = AppConfig::fromJson(json(R"({
            "jobs": {"stallAfter": "15m", "abandonAfter": "2d",
                     "kinds": {"render": {"stallAfter": 1800}}},
            "hooks": [{"name": "ci", "stallAfter": "90s"}]})"),
            &error);
        QVERIFY2(config, qPrintable(error));
        const SilencePolicy policy = config->silencePolicy();
        QCOMPARE(policy.stallAfterSeconds, 900);
        QCOMPARE(policy.abandonAfterSeconds, 2 * 86400);
        QCOMPARE(policy.stallAfterByKind.value(u"render"_s), 1800);
        QCOMPARE(policy.stallAfterByHook.value(u"ci"_s), 90);
        QVERIFY(!policy.stallAfterByHook.contains(u"events"_s)); // built-ins set none
    }

    void errorsNameTheKey()
    {
        QFETCH(QByteArray, config);
        QFETCH(QString, key);
        QString error;
        QVERIFY(!AppConfig::fromJson(json(config.constData()), &error));
        QVERIFY2(error.startsWith(key), qPrintable(error));
    }

    void secretsKeptForTheSettingsPage()
    {
        const QJsonObject config = json(R"({"receiver": {"readToken": "env:JOBPULSE_TEST_UNSET"},
            "hooks": [{"name": "a", "signature": {"scheme": "github",
                       "secret": "env:JOBPULSE_TEST_UNSET"}}]})");
        QString error;
        QVERIFY(!AppConfig::fromJson(config, &error));
        QVERIFY2(error.contains(u"JOBPULSE_TEST_UNSET"_s), qPrintable(error));
        const auto kept = AppConfig::fromJson(config, &error, SecretPolicy::Keep);
        QVERIFY2(kept, qPrintable(error));
        QCOMPARE(kept->receiver.readToken, u"env:JOBPULSE_TEST_UNSET"_s);
    }

    void fileIsWrittenPrivatelyAndLoaded()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sub/config.json"_s);
        QString error;
        QVERIFY2(AppConfig::writeFile(path, json(R"({"retention": {"days": 3}})"), &error),
            qPrintable(error));
        const QFileDevice::Permissions mode = QFile::permissions(path);
        QVERIFY(mode.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(!(mode
            & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
                | QFileDevice::WriteOther)));
        const auto loaded = AppConfig::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->retention.days, 3);

        QFile broken(dir.filePath(u"broken.json"_s));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("[1, 2]");
        broken.close();
        QVERIFY(!AppConfig::load(broken.fileName(), &error));
        QVERIFY2(error.contains(u"not a JSON object"_s), qPrintable(error));
        QVERIFY(!AppConfig::load(dir.filePath(u"missing.json"_s), &error));
        QVERIFY2(error.contains(u"cannot read"_s), qPrintable(error));
    }

    void savingKeepsTheFilesKeyOrder()
    {
        // Not alphabetical: "sources" before "hooks", "maxBodyBytes" before "listen"; an
        // object on one line, numbers as written.
        const QByteArray original =
            "{\n"
            "  \"sources\": [],\n"
            "  \"receiver\": {\"maxBodyBytes\": 1048576, \"listen\": \"127.0.0.1:7788\"},\n"
            "  \"hooks\": [\n"
            "    {\"name\": \"deploys\", \"path\": \"/hooks/deploys\",\n"
            "     \"signature\": {\"secret\": \"s3cret\", \"scheme\": \"github\"}}\n"
            "  ],\n"
            "  \"retention\": {\"days\": 3.0}\n"
            "}\n";
        QTemporaryDir dir;
        const QString path = dir.filePath(u"config.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(original);
        file.close();
        QString error;
        QJsonObject json = QJsonDocument::fromJson(original).object();
        QJsonObject receiver = json.value(u"receiver"_s).toObject();
        receiver.insert(u"listen"_s, u"127.0.0.1:7799"_s);
        json.insert(u"receiver"_s, receiver);
        json.insert(u"ui"_s, QJsonObject { { u"theme"_s, u"dark"_s } });

        QVERIFY2(AppConfig::writeFile(path, json, &error), qPrintable(error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QCOMPARE(QJsonDocument::fromJson(written).object(), json);
        // The file's keys where they were, the new one after them; what did not change is
        // copied as it was written, a changed object stays on its line.
        const QByteArray expected =
            "{\n"
            "  \"sources\": [],\n"
            "  \"receiver\": {\"maxBodyBytes\": 1048576, \"listen\": \"127.0.0.1:7799\"},\n"
            "  \"hooks\": [\n"
            "    {\"name\": \"deploys\", \"path\": \"/hooks/deploys\",\n"
            "     \"signature\": {\"secret\": \"s3cret\", \"scheme\": \"github\"}}\n"
            "  ],\n"
            "  \"retention\": {\"days\": 3.0},\n"
            "  \"ui\": {\n"
            "    \"theme\": \"dark\"\n"
            "  }\n"
            "}\n";
        QCOMPARE(written, expected);

        // Unchanged: the same bytes.
        QVERIFY2(AppConfig::writeFile(path, json, &error), qPrintable(error));
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), expected);
    }

    void listenOrigin()
    {
        QString error;
        const auto none = AppConfig::fromJson({}, &error);
        QVERIFY(none);
        QCOMPARE(none->listenOrigin(false), ListenOrigin::Default);
        QCOMPARE(none->listenOrigin(true), ListenOrigin::Flag);
        const auto set =
            AppConfig::fromJson(json(R"({"receiver": {"listen": "127.0.0.1:7790"}})"), &error);
        QVERIFY(set);
        QCOMPARE(set->listenOrigin(false), ListenOrigin::Config);
        QCOMPARE(set->listenOrigin(true), ListenOrigin::Flag);
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
