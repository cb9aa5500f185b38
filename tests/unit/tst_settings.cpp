// The settings page's write-back: the config file keeps every key it does not edit, is
// written 0600, and the theme, language and mute rules apply as they are set.
#include "ui/dashboard.h"
#include "ui/logging.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

const QByteArray Config =
    "{\n"
    "  \"receiver\": {\"listen\": \"127.0.0.1:7788\", \"maxBodyBytes\": 1048576, \"readToken\": "
    "\"env:READ\"},\n"
    "  \"hooks\": [\n"
    "    {\"name\": \"deploys\", \"path\": \"/hooks/deploys\", \"family\": \"mapped\",\n"
    "     \"signature\": {\"scheme\": \"github\", \"secret\": \"s3cret\"},\n"
    "     \"map\": {\"job\": \"/deployment/id\"}, \"x-note\": \"kept\"},\n"
    "    {\"name\": \"supabase\", \"path\": \"/webhook/submission-update\", \"family\": "
    "\"supabase\",\n"
    "     \"signature\": {\"scheme\": \"hmac-sha256\", \"header\": \"X-Webhook-Signature\",\n"
    "                   \"secret\": \"env:SB_SECRET\"}}\n"
    "  ],\n"
    "  \"sources\": [{\"name\": \"ci\", \"type\": \"poll\", \"format\": \"cctray\",\n"
    "               \"url\": \"http://127.0.0.1:8153/cctray.xml\", \"interval\": 30}],\n"
    "  \"retention\": {\"days\": 30},\n"
    "  \"custom\": {\"nested\": [1, 2, {\"deep\": true}]}\n"
    "}\n";

QJsonObject read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QJsonObject hook(const QJsonObject &config, const QString &name)
{
    for (const QJsonValue &h : config.value(u"hooks"_s).toArray()) {
        if (h.toObject().value(u"name"_s).toString() == name) {
            return h.toObject();
        }
    }
    return {};
}

constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr auto Anyone = QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
    | QFileDevice::WriteOther | QFileDevice::ExeOwner;

} // namespace

class TestSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;

    QString configFile()
    {
        const QString path = m_dir.filePath(u"c%1.json"_s.arg(++m_n));
        write(path, Config);
        QFile::setPermissions(path,
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                | QFileDevice::ReadOther); // 0644, as an editor leaves it
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // never the user's own config
        QVERIFY(m_dir.isValid());
    }

    void editsOnlyWhatItEdits()
    {
        const QString path = configFile();
        const QJsonObject before = read(path);
        Settings settings;
        QVERIFY(settings.load(path));
        QCOMPARE(settings.listen(), u"127.0.0.1:7788"_s);
        QCOMPARE(settings.retentionDays(), 30);
        QCOMPARE(settings.retentionMaxEvents(), Settings::DefaultMaxEvents);
        QVERIFY(!settings.dirty());

        settings.setListen(u"127.0.0.1:7799"_s);
        settings.setHookSecret(u"deploys"_s, u"n3w-secret"_s);
        settings.setSourceUrl(u"ci"_s, u"http://ci.local/cctray.xml"_s);
        settings.setRetentionMaxEvents(500000);
        settings.setTheme(u"dark"_s);
        QVERIFY(!settings.reduceMotion());
        settings.setReduceMotion(true);
        QVERIFY(settings.reduceMotion()); // shown at once, before Save
        QVERIFY(settings.dirty());
        QCOMPARE(read(path), before); // nothing written before Save
        QVERIFY2(settings.save(), qPrintable(settings.error()));
        QVERIFY(!settings.dirty());
        QVERIFY(settings.restartNeeded());

        const QJsonObject after = read(path);
        QCOMPARE(after.value(u"receiver"_s).toObject().value(u"listen"_s).toString(),
            u"127.0.0.1:7799"_s);
        QCOMPARE(hook(after, u"deploys"_s)
                     .value(u"signature"_s)
                     .toObject()
                     .value(u"secret"_s)
                     .toString(),
            u"n3w-secret"_s);
        QCOMPARE(after.value(u"retention"_s).toObject().value(u"maxEvents"_s).toInt(), 500000);
        QCOMPARE(after.value(u"ui"_s).toObject().value(u"theme"_s).toString(), u"dark"_s);
        QCOMPARE(after.value(u"ui"_s).toObject().value(u"reduceMotion"_s).toBool(), true);
        QCOMPARE(after.value(u"sources"_s).toArray().at(0).toObject().value(u"url"_s).toString(),
            u"http://ci.local/cctray.xml"_s);
        // Everything else as it was: other keys of the same objects, other hooks, env:
        // references, unknown sections.
        QCOMPARE(after.value(u"receiver"_s).toObject().value(u"maxBodyBytes"_s),
            before.value(u"receiver"_s).toObject().value(u"maxBodyBytes"_s));
        QCOMPARE(
            after.value(u"receiver"_s).toObject().value(u"readToken"_s).toString(), u"env:READ"_s);
        QCOMPARE(hook(after, u"supabase"_s), hook(before, u"supabase"_s));
        QCOMPARE(hook(after, u"deploys"_s).value(u"x-note"_s).toString(), u"kept"_s);
        QCOMPARE(
            hook(after, u"deploys"_s).value(u"map"_s), hook(before, u"deploys"_s).value(u"map"_s));
        QCOMPARE(after.value(u"retention"_s).toObject().value(u"days"_s).toInt(), 30);
        QCOMPARE(after.value(u"custom"_s), before.value(u"custom"_s));
        QCOMPARE(
            after.value(u"sources"_s).toArray().at(0).toObject().value(u"interval"_s).toInt(), 30);

        // 0600 now, even though it was 0644.
        QCOMPARE(QFile::permissions(path) & (OwnerOnly | Anyone), OwnerOnly);
    }

    void secretsNeverLeave()
    {
        Settings settings;
        QVERIFY(settings.load(configFile()));
        const QVariantList hooks = settings.hooks();
        QCOMPARE(hooks.size(), 2);
        QCOMPARE(hooks.at(0).toMap().value(u"secret"_s).toString(), u"set"_s);
        QCOMPARE(hooks.at(1).toMap().value(u"secret"_s).toString(), u"env:SB_SECRET"_s);
        QCOMPARE(hooks.at(0).toMap().value(u"scheme"_s).toString(), u"github"_s);
        for (const QVariant &h : hooks) {
            for (const QVariant &v : h.toMap()) {
                QVERIFY(!v.toString().contains(u"s3cret"_s));
            }
        }
    }

    // Keys changed by hand after the page read the file survive the page's Save.
    void handEditsMeanwhileAreKept()
    {
        const QString path = configFile();
        Settings settings;
        QVERIFY(settings.load(path));
        settings.setRetentionDays(7);
        QJsonObject byHand = read(path);
        byHand.insert(u"addedByHand"_s, true);
        QVERIFY(write(path, QJsonDocument(byHand).toJson()));
        QVERIFY(settings.save());
        const QJsonObject after = read(path);
        QVERIFY(after.value(u"addedByHand"_s).toBool());
        QCOMPARE(after.value(u"retention"_s).toObject().value(u"days"_s).toInt(), 7);
    }

    void newFileInAMissingFolder()
    {
        const QString path = m_dir.filePath(u"new/folder/config.json"_s);
        Settings settings;
        QVERIFY(settings.load(path)); // missing: an empty config
        QCOMPARE(settings.listen(), u"127.0.0.1:7788"_s);
        QCOMPARE(settings.theme(), u"system"_s);
        QCOMPARE(settings.hooks().size(), 0);
        settings.setLanguage(u"de"_s);
        QVERIFY2(settings.save(), qPrintable(settings.error()));
        QCOMPARE(
            read(path), QJsonObject({ { u"ui"_s, QJsonObject { { u"language"_s, u"de"_s } } } }));
        QCOMPARE(QFile::permissions(path) & (OwnerOnly | Anyone), OwnerOnly);
        QVERIFY(!settings.restartNeeded()); // the language applies at once
    }

    void defaultLocation()
    {
        Settings settings;
        QVERIFY(settings.load({}));
        QCOMPARE(settings.path(), Settings::defaultPath());
        QVERIFY(Settings::defaultPath().endsWith(u"/config.json"_s));
    }

    void invalidValuesAreNotWritten_data()
    {
        QTest::addColumn<QString>("listen");
        QTest::addColumn<int>("days");
        QTest::addColumn<QString>("named");
        QTest::addRow("listen without a port") << u"localhost"_s << 30 << u"receiver.listen"_s;
        QTest::addRow("port out of range") << u"127.0.0.1:99999"_s << 30 << u"receiver.listen"_s;
        QTest::addRow("negative days") << u"127.0.0.1:7788"_s << -1 << u"retention.days"_s;
    }

    void invalidValuesAreNotWritten()
    {
        QFETCH(QString, listen);
        QFETCH(int, days);
        QFETCH(QString, named);
        const QString path = configFile();
        const QByteArray before = [&path] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        Settings settings;
        QVERIFY(settings.load(path));
        settings.setListen(listen);
        settings.setRetentionDays(days);
        QVERIFY(!settings.save());
        QVERIFY2(settings.error().contains(named), qPrintable(settings.error()));
        QVERIFY(settings.dirty()); // the edits stay for the user to fix
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    void brokenFileIsNotOverwritten()
    {
        const QString path = m_dir.filePath(u"broken.json"_s);
        QVERIFY(write(path, "{ not json"));
        Settings settings;
        QVERIFY(!settings.load(path));
        QVERIFY(!settings.error().isEmpty());
        settings.setTheme(u"light"_s);
        QVERIFY(!settings.save());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("{ not json"));
    }

    // After a save the receiving Jobpulse is asked to apply the file; its answer is shown.
    void receivingJobpulseAnswerIsShown_data()
    {
        QTest::addColumn<QStringList>("applied");
        QTest::addColumn<QStringList>("restart");
        QTest::addColumn<QString>("error");
        QTest::addColumn<bool>("otherFile");
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("restartNeeded");
        QTest::addRow("applied") << QStringList { u"hooks"_s } << QStringList {} << QString()
                                 << false << u"applied"_s << false;
        QTest::addRow("needs a restart")
            << QStringList { u"hooks"_s } << QStringList { u"receiver.listen"_s } << QString()
            << false << u"restart"_s << true;
        QTest::addRow("refused") << QStringList {} << QStringList {} << u"hooks[0]: broken"_s
                                 << false << u"error"_s << false;
        QTest::addRow("another file") << QStringList { u"hooks"_s } << QStringList {} << QString()
                                      << true << u"error"_s << false;
    }
    void receivingJobpulseAnswerIsShown()
    {
        QFETCH(QStringList, applied);
        QFETCH(QStringList, restart);
        QFETCH(QString, error);
        QFETCH(bool, otherFile);
        const QString path = configFile();
        Settings settings;
        QVERIFY(settings.load(path));
        int asked = 0;
        settings.setReloader([&](QObject *, std::function<void(const ConfigChange &)> done) {
            ++asked;
            ConfigChange change;
            change.path = otherFile ? m_dir.filePath(u"elsewhere.json"_s) : path;
            change.applied = applied;
            change.restart = restart;
            change.error = error;
            done(change);
        });
        settings.setHookSecret(u"deploys"_s, u"rotated"_s); // waited for a restart before
        QVERIFY(settings.save());
        QCOMPARE(asked, 1);
        QTEST(settings.applyStatus(), "status");
        QTEST(settings.restartNeeded(), "restartNeeded");
        QVERIFY(!settings.applyMessage().isEmpty());
        if (!error.isEmpty()) {
            QVERIFY2(settings.applyMessage().contains(error), qPrintable(settings.applyMessage()));
        }
    }

    // The file reloaded without this page (SIGHUP after a hand edit): the page shows it.
    void reloadElsewhereShowsTheFile()
    {
        const QString path = configFile();
        Settings settings;
        QVERIFY(settings.load(path));
        QJsonObject edited = read(path);
        edited.insert(u"retention"_s, QJsonObject { { u"days"_s, 12 } });
        QVERIFY(write(path, QJsonDocument(edited).toJson()));
        ConfigChange change;
        change.path = path;
        change.applied = QStringList { u"retention"_s };
        settings.configApplied(change);
        QCOMPARE(settings.retentionDays(), 12);
        QCOMPARE(settings.applyStatus(), u"applied"_s);
        QVERIFY2(settings.applyMessage().contains(u"read the config file again: retention"_s),
            qPrintable(settings.applyMessage())); // not "Saved": nothing was saved here
    }

    void revertForgetsEdits()
    {
        const QString path = configFile();
        Settings settings;
        QVERIFY(settings.load(path));
        QSignalSpy theme(&settings, &Settings::themeChanged);
        settings.setTheme(u"light"_s);
        settings.setListen(u"0.0.0.0:1"_s);
        QCOMPARE(theme.count(), 1);
        settings.revert();
        QVERIFY(!settings.dirty());
        QCOMPARE(settings.theme(), u"system"_s);
        QCOMPARE(settings.listen(), u"127.0.0.1:7788"_s);
        QCOMPARE(theme.count(), 2);
        // Setting a value back to the file's is no edit.
        settings.setRetentionDays(31);
        settings.setRetentionDays(30);
        QVERIFY(!settings.dirty());
    }

    // Through the dashboard: mute rules and theme apply at once and are kept in the file.
    void failuresReachTheErrorSink()
    {
        // Settings, export and store failures reach the user one way: the error sink, inline
        // for the page they belong to, as a toast when no page is about them.
        QTemporaryDir dir;
        Store store;
        QString error;
        QVERIFY(store.open(dir.filePath(u"jp.db"_s), Durability::Normal, &error));
        Dashboard dashboard(&store);
        ErrorSink *errors = dashboard.errors();
        QSignalSpy reported(errors, &ErrorSink::reported);

        const QString broken = dir.filePath(u"broken.json"_s);
        QVERIFY(write(broken, "{ not json"));
        dashboard.loadSettings(broken);
        QVERIFY(errors->message(u"settings"_s).contains(u"broken.json"_s));
        QVERIFY(errors->messages().contains(u"settings"_s));
        dashboard.loadSettings(configFile());
        QVERIFY(errors->message(u"settings"_s).isEmpty()); // fixed: the banner goes

        const QString exportError = dashboard.history()->exportTo(
            QUrl::fromLocalFile(dir.filePath(u"out.csv"_s)), u"xml"_s);
        QCOMPARE(errors->message(u"export"_s), exportError);
        QVERIFY(dashboard.history()
                    ->exportTo(QUrl::fromLocalFile(dir.filePath(u"out.csv"_s)), u"csv"_s)
                    .isEmpty());
        QTRY_VERIFY(errors->message(u"export"_s).isEmpty()); // written on the reader's thread

        // A read behind a model fails: a toast says so, once however often it fails.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"beside"_s);
            db.setDatabaseName(dir.filePath(u"jp.db"_s));
            QVERIFY(db.open() && QSqlQuery(db).exec(u"DROP TABLE deliveries"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"beside"_s);
        QVERIFY(store.deliveries(10).isEmpty());
        ToastModel *toasts = dashboard.toasts();
        QCOMPARE(toasts->count(), 1);
        const QModelIndex toast = toasts->index(0);
        QCOMPARE(toast.data(ToastModel::StatusRole).toString(), u"error"_s);
        QVERIFY(toast.data(ToastModel::StickyRole).toBool());
        const QString shown = toast.data(ToastModel::TitleRole).toString();
        QVERIFY2(shown.contains(u"no such table: deliveries"_s), qPrintable(shown));
        QCOMPARE(reported.count(), 3); // settings, export, the read
        errors->report(lcUi, u"store"_s, shown, ErrorSink::Show::Toast);
        QCOMPARE(toasts->count(), 1); // the same failure again is already on screen
    }

    void dashboardAppliesAndKeeps()
    {
        qunsetenv("JOBPULSE_THEME");
        const QString path = configFile();
        QJsonObject config = read(path);
        config.insert(u"notifications"_s,
            QJsonObject { { u"mutedKinds"_s, QJsonArray { u"nightly-build"_s } } });
        config.insert(u"ui"_s, QJsonObject { { u"theme"_s, u"light"_s } });
        QVERIFY(write(path, QJsonDocument(config).toJson()));

        Dashboard dashboard(nullptr);
        QCOMPARE(dashboard.themeOverride(), QString());
        dashboard.loadSettings(path);
        QCOMPARE(dashboard.themeOverride(), u"light"_s);
        Notifier *notifier = dashboard.notifier();
        QCOMPARE(notifier->mutedKinds(), QStringList { u"nightly-build"_s });
        Settings *settings = dashboard.settings();
        QVERIFY(!settings->dirty()); // applying the file's rules is no edit

        QSignalSpy theme(&dashboard, &Dashboard::themeOverrideChanged);
        settings->setTheme(u"dark"_s);
        QCOMPARE(dashboard.themeOverride(), u"dark"_s);
        QCOMPARE(theme.count(), 1);
        settings->setTheme(u"system"_s);
        QCOMPARE(dashboard.themeOverride(), QString());

        notifier->setKindMuted(u"deploy-api"_s, true);
        notifier->setKindMuted(u"nightly-build"_s, false);
        notifier->setSourceMuted(u"ci"_s, true);
        QVERIFY(settings->dirty());
        QVERIFY(settings->save());
        const QJsonObject notifications = read(path).value(u"notifications"_s).toObject();
        QCOMPARE(notifications.value(u"mutedKinds"_s).toArray(), QJsonArray { u"deploy-api"_s });
        QCOMPARE(notifications.value(u"mutedSources"_s).toArray(), QJsonArray { u"ci"_s });

        // A new dashboard over the same file starts with them.
        Dashboard again(nullptr);
        again.loadSettings(path);
        QCOMPARE(again.notifier()->mutedKinds(), QStringList { u"deploy-api"_s });
        QVERIFY(again.notifier()->isSourceMuted(u"ci"_s));
        QCOMPARE(again.themeOverride(), QString());
    }

    void environmentThemeWinsAtStart()
    {
        const QString path = configFile();
        Settings writer;
        QVERIFY(writer.load(path));
        writer.setTheme(u"light"_s);
        QVERIFY(writer.save());
        qputenv("JOBPULSE_THEME", "dark");
        Dashboard dashboard(nullptr);
        dashboard.loadSettings(path);
        QCOMPARE(dashboard.themeOverride(), u"dark"_s);
        dashboard.settings()->setTheme(u"system"_s); // a choice on the page still applies
        QCOMPARE(dashboard.themeOverride(), QString());
        qunsetenv("JOBPULSE_THEME");
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
