// The inspector page in a real scene over a real receiver: deliveries show up while the page
// is on screen, the newest is opened, a click opens another, Replay and Copy as curl work.
#include "common/loopbackserver.h"
#include "common/qmlwindow.h"
#include "ui/dashboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(JobpulseModelsPlugin)
Q_IMPORT_QML_PLUGIN(JobpulsePlugin)

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {
// The request bodies and the scene the tests use.
const QByteArray Started = "{\"job\":\"render-42\",\"type\":\"job.started\",\"title\":\"Horror\"}";
const QByteArray Broken = "{\"job\":";
const QByteArray Scene = "import QtQuick\n"
                         "import Jobpulse\n"
                         "Window {\n"
                         "    width: 1100; height: 700; visible: true\n"
                         "    property alias pageVisible: page.visible\n"
                         "    InspectorView { id: page; anchors.fill: parent }\n"
                         "}\n";
} // namespace

class TestInspectorView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    testing::LoopbackServer m_server;
    std::unique_ptr<Dashboard> m_dashboard;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QNetworkAccessManager m_network;
    int m_db = 0;

    int post(const QByteArray &body)
    {
        QNetworkRequest request(m_server.receiver->url().resolved(QUrl(u"/v1/events"_s)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = m_network.post(request, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000)) {
            return 0;
        }
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    QQuickItem *item(const char *name) const { return testing::findItem(m_window, name); }
    QString text(const char *name) const
    {
        QQuickItem *found = item(name);
        return found ? found->property("text").toString() : QString();
    }
    void click(QQuickItem *target) { testing::clickItem(m_window, target); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        const QString error = m_server.start(m_dir.filePath(u"v%1.db"_s.arg(++m_db)));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_dashboard = std::make_unique<Dashboard>(m_server.store.get());
        m_dashboard->setReceiverUrl(m_server.receiver->url().toString(QUrl::StripTrailingSlash));
        Dashboard::setInstance(m_dashboard.get());
        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_window = testing::showWindow(*m_engine, Scene);
        QVERIFY(m_window);
    }
    void cleanup()
    {
        m_engine.reset();
        Dashboard::setInstance(nullptr);
        m_dashboard.reset();
        m_server.stop();
    }

    void deliveriesArriveWhileShown()
    {
        QVERIFY(item("inspectorEmpty")->isVisible());
        QCOMPARE(post(Started), 200);
        // Read from the store within the page's one-second poll; the newest is opened.
        QTRY_VERIFY_WITH_TIMEOUT(item("deliveryList") && item("deliveryList")->isVisible(), 3000);
        QVERIFY(!item("inspectorEmpty")->isVisible());
        QTRY_COMPARE(text("requestLine"), u"POST /v1/events"_s);
        QVERIFY2(text("verdictLine").contains(u"accepted"_s), qPrintable(text("verdictLine")));
        QVERIFY(text("body").startsWith(u"{\n  \"job\": \"render-42\",\n"_s));

        // Hidden: no reads; shown again: what arrived meanwhile at once.
        m_window->setProperty("pageVisible", false);
        QVERIFY(!m_dashboard->inspector()->deliveries()->live());
        QCOMPARE(post(Broken), 400);
        QTest::qWait(1300);
        QCOMPARE(m_dashboard->inspector()->deliveries()->count(), 1);
        m_window->setProperty("pageVisible", true);
        QTRY_COMPARE(m_dashboard->inspector()->deliveries()->count(), 2);
        QVERIFY(text("deliveryCount").contains(u"1 rejected"_s));
    }

    void clickReplayCopy()
    {
        QCOMPARE(post(Broken), 400);
        QCOMPARE(post(Started), 200);
        QTRY_COMPARE(m_dashboard->inspector()->deliveries()->count(), 2);
        QTRY_COMPARE(text("requestLine"), u"POST /v1/events"_s);

        // The rejected one, older, is the second row: its reason shows.
        QQuickItem *list = item("deliveryList");
        QQuickItem *second = nullptr;
        QTRY_VERIFY((second = [&]() -> QQuickItem * {
            for (QQuickItem *row :
                list->property("contentItem").value<QQuickItem *>()->childItems()) {
                if (row->property("index").toInt() == 1 && row->property("verdict").isValid()) {
                    return row;
                }
            }
            return nullptr;
        }()));
        click(second);
        QTRY_VERIFY(text("verdictLine").contains(u"rejected"_s));
        QVERIFY(text("verdictLine").contains(u"HTTP 400"_s));
        QVERIFY(item("reasonLine")->isVisible());
        QVERIFY(!text("reasonLine").isEmpty());

        click(item("copyCurlButton"));
        QCOMPARE(text("copyCurlButton"), u"Copied"_s);
        if (QClipboard *clipboard = QGuiApplication::clipboard()) {
            QCOMPARE(clipboard->text(), m_dashboard->inspector()->curl());
        }

        click(item("replayButton"));
        QTRY_VERIFY(item("replayResult")->isVisible());
        QCOMPARE(text("replayStatus"), u"Replayed: HTTP 400"_s); // still broken JSON
        QTRY_COMPARE(m_dashboard->inspector()->deliveries()->count(), 3);
    }
};

QTEST_MAIN(TestInspectorView)
#include "tst_inspectorview.moc"
