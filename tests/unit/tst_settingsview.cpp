// The settings page in a real scene: it says where the receiver listens now and why (--listen,
// the config file, the default), and an edit does not move the fields under the pointer.
#include "common/qmlwindow.h"
#include "store/store.h"
#include "ui/dashboard.h"

#include <QFile>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(JobpulseModelsPlugin)
Q_IMPORT_QML_PLUGIN(JobpulsePlugin)

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {
// Keys in a hand-written order, not the alphabet's.
const QByteArray Config =
    "{\n"
    "  \"retention\": {\"days\": 30},\n"
    "  \"receiver\": {\"maxBodyBytes\": 1048576, \"listen\": \"127.0.0.1:7788\"}\n"
    "}\n";
} // namespace

class TestSettingsView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Store m_store;
    std::unique_ptr<Dashboard> m_dashboard;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QString m_config;

    QQuickItem *item(const char *name) const { return testing::findItem(m_window, name); }
    QString text(const char *name) const
    {
        QQuickItem *found = item(name);
        return found ? found->property("text").toString() : QString();
    }
    qreal sceneY(const char *name) const { return item(name)->mapToScene({}).y(); }

    void showPage()
    {
        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_window = testing::showWindow(*m_engine, R"(
            import QtQuick
            import Jobpulse
            Window {
                width: 1000; height: 700; visible: true
                SettingsPage { anchors.fill: parent }
            })");
        QVERIFY(m_window);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(
            m_store.open(m_dir.filePath(u"s.db"_s), Durability::Normal, &error), qPrintable(error));
    }

    void init()
    {
        m_config = m_dir.filePath(u"config.json"_s);
        QFile file(m_config);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(Config);
        file.close();
        m_dashboard = std::make_unique<Dashboard>(&m_store);
        m_dashboard->loadSettings(m_config);
        Dashboard::setInstance(m_dashboard.get());
    }
    void cleanup()
    {
        m_engine.reset();
        Dashboard::setInstance(nullptr);
        m_dashboard.reset();
    }

    void listenShownWithItsOrigin_data()
    {
        QTest::addColumn<int>("origin");
        QTest::addColumn<QString>("running");
        QTest::addColumn<QString>("says");
        QTest::addRow("--listen") << int(ListenOrigin::Flag) << u"127.0.0.1:7799"_s
                                  << u"--listen"_s;
        QTest::addRow("config") << int(ListenOrigin::Config) << u"127.0.0.1:7788"_s
                                << u"config file"_s;
        QTest::addRow("default") << int(ListenOrigin::Default) << u"127.0.0.1:7788"_s
                                 << u"default"_s;
    }
    void listenShownWithItsOrigin()
    {
        QFETCH(int, origin);
        QFETCH(QString, running);
        QFETCH(QString, says);
        m_dashboard->settings()->setRunning(
            QUrl(u"http://"_s + running), static_cast<ListenOrigin>(origin));
        showPage();
        // The field is the file's address; the line under it where the receiver is now, and
        // why.
        QCOMPARE(item("listenField")->property("text").toString(), u"127.0.0.1:7788"_s);
        QQuickItem *line = item("listenRunning");
        QVERIFY(line);
        QVERIFY(line->isVisible());
        QVERIFY2(text("listenRunning").contains(running), qPrintable(text("listenRunning")));
        QVERIFY2(text("listenRunning").contains(says), qPrintable(text("listenRunning")));
    }

    void editingMovesNothing()
    {
        showPage();
        const qreal listenY = sceneY("listenField");
        const qreal daysY = sceneY("retentionDays");
        QQuickItem *unsaved = item("unsavedNote");
        QVERIFY(unsaved);
        QCOMPARE(unsaved->opacity(), 0.0);

        QQuickItem *days = item("retentionDays");
        days->forceActiveFocus();
        days->setProperty("text", u"45"_s);
        QMetaObject::invokeMethod(days, "editingFinished");
        QVERIFY(m_dashboard->settings()->dirty());
        QCOMPARE(unsaved->opacity(), 1.0); // said ...
        QVERIFY(unsaved->isVisible());
        QTest::qWait(50); // a layout pass
        QCOMPARE(sceneY("listenField"), listenY); // ... without moving the fields
        QCOMPARE(sceneY("retentionDays"), daysY);

        // Saved: the file's keys in their order.
        QQuickItem *save = item("saveButton");
        testing::clickItem(m_window, save);
        QVERIFY(!m_dashboard->settings()->dirty());
        QFile file(m_config);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY2(written.startsWith("{\n  \"retention\": {\"days\": 45},\n  \"receiver\": "
                                    "{\"maxBodyBytes\": 1048576, \"listen\": \"127.0.0.1:7788\"}"),
            written.constData());
    }
};

QTEST_MAIN(TestSettingsView)
#include "tst_settingsview.moc"
