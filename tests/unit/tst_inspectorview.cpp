// The inspector page in a real scene over a real receiver: deliveries show up while the page
// is on screen, the newest is opened, a click opens another, Replay and Copy as curl work;
// the list filters by hook and verdict; the left rail counts refused deliveries and lists them.
#include "common/loopbackserver.h"
#include "common/qmlwindow.h"
#include "ui/dashboard.h"
#include "ui/gui.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
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
const QByteArray Deploy = "{\"deployment\": {\"id\": \"dep-88\", \"state\": \"running\"}}";
// A hook that checks GitHub signatures, besides the built-in routes.
const QByteArray Hooks =
    "[{\"name\": \"deploys\", \"path\": \"/hooks/deploys\", \"family\": "
    "\"mapped\", \"signature\": {\"scheme\": \"github\", \"secret\": "
    "\"s3cret\"}, \"maxBodyBytes\": 4096, \"map\": {\"job\": \"/deployment/id\", \"type\": "
    "\"/deployment/state\"}, \"values\": {\"type\": {\"running\": "
    "\"job.started\"}}}]";
constexpr int Theme_s4 = 16; // the detail's margin
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

    int post(const QByteArray &body, const QString &path = u"/v1/events"_s,
        const QByteArray &signature = {})
    {
        QNetworkRequest request(m_server.receiver->url().resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        if (!signature.isEmpty()) {
            request.setRawHeader("X-Hub-Signature-256", signature);
        }
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
    static QByteArray signed_(const QByteArray &body)
    {
        return "sha256="
            + QMessageAuthenticationCode::hash(body, "s3cret", QCryptographicHash::Sha256).toHex();
    }
    // Accepted and refused, by the built-in route and by the "deploys" hook.
    void postMix()
    {
        QCOMPARE(post(Started), 200);
        QCOMPARE(post(Broken), 400);
        QCOMPARE(post(Deploy, u"/hooks/deploys"_s, signed_(Deploy)), 200);
        QCOMPARE(post(Deploy, u"/hooks/deploys"_s, "sha256=" + QByteArray(64, '0')), 401);
    }
    /** The rows the list shows, top to bottom, as "hook verdict". */
    QStringList shownRows(QQuickItem *list) const
    {
        QMap<int, QString> rows;
        for (QQuickItem *row : list->property("contentItem").value<QQuickItem *>()->childItems()) {
            if (row->isVisible() && row->property("verdict").isValid()) {
                rows.insert(row->property("index").toInt(),
                    row->property("hook").toString() + u' ' + row->property("verdict").toString());
            }
        }
        return rows.values();
    }
    static void choose(QQuickItem *combo, const QString &value)
    {
        QVERIFY(combo);
        int index = -1;
        QVERIFY(QMetaObject::invokeMethod(
            combo, "indexOfValue", Q_RETURN_ARG(int, index), Q_ARG(QVariant, value)));
        QVERIFY2(index >= 0, qPrintable(value));
        combo->setProperty("currentIndex", index);
        QVERIFY(QMetaObject::invokeMethod(combo, "activated", Q_ARG(int, index)));
    }
    // The item showing @p text (a tooltip's), among everything in the window, popups too.
    static QQuickItem *showing(QQuickItem *item, const QString &text)
    {
        if (item->isVisible() && item->property("text").toString() == text
            && item->inherits("QQuickText")) {
            return item;
        }
        for (QQuickItem *child : item->childItems()) {
            if (QQuickItem *found = showing(child, text)) {
                return found;
            }
        }
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Hover (tooltips) as on a desktop with a mouse; offscreen has no hover effects.
        qputenv("QT_QUICK_CONTROLS_HOVER_ENABLED", "1");
    }
    void init()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        Receiver::Options options;
        const auto hooks = HookConfig::listFromJson(QJsonDocument::fromJson(Hooks).array(), &error);
        QVERIFY2(hooks, qPrintable(error));
        options.hooks = *hooks;
        error = m_server.start(m_dir.filePath(u"v%1.db"_s.arg(++m_db)), options);
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

    void filterByHookAndVerdict()
    {
        postMix();
        DeliveryListModel *deliveries = m_dashboard->inspector()->deliveries();
        QTRY_COMPARE(deliveries->count(), 4);
        QQuickItem *list = item("deliveryList");
        QTRY_COMPARE(shownRows(list),
            QStringList({ u"deploys rejected"_s, u"deploys accepted"_s, u"events rejected"_s,
                u"events accepted"_s }));

        // The hook filter offers the hooks that took deliveries.
        choose(item("hookFilter"), u"deploys"_s);
        QTRY_COMPARE(
            shownRows(list), QStringList({ u"deploys rejected"_s, u"deploys accepted"_s }));
        choose(item("verdictFilter"), u"rejected"_s);
        QTRY_COMPARE(shownRows(list), QStringList({ u"deploys rejected"_s }));
        QTRY_COMPARE(text("requestLine"), u"POST /hooks/deploys"_s); // the one shown is opened
        choose(item("hookFilter"), QString());
        QTRY_COMPARE(shownRows(list), QStringList({ u"deploys rejected"_s, u"events rejected"_s }));

        // What arrives meanwhile is listed only when it matches.
        QCOMPARE(post(Started), 200);
        QCOMPARE(post(Broken), 400);
        QTRY_COMPARE(shownRows(list),
            QStringList({ u"events rejected"_s, u"deploys rejected"_s, u"events rejected"_s }));

        // Nothing matches: said so, with a way back.
        choose(item("verdictFilter"), u"duplicate"_s);
        QTRY_VERIFY(item("filteredEmpty")->isVisible());
        QVERIFY(!item("inspectorEmpty")->isVisible());
        QCOMPARE(m_dashboard->inspector()->selectedId(), 0); // none is shown, none is open
        QVERIFY(!item("requestLine")->isVisible());
        click(item("clearFilters"));
        QTRY_COMPARE(shownRows(list).size(), 6);
    }

    void rejectedRowNamesItsHook_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("signature");
        // Refused by the pipeline (the signature) and by the guard from the head alone (over
        // the hook's body limit).
        QTest::addRow("401") << 401 << Deploy << "sha256=" + QByteArray(64, '0');
        QTest::addRow("413") << 413 << QByteArray(5000, ' ') << QByteArray();
    }
    void rejectedRowNamesItsHook()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, signature);
        QCOMPARE(post(body, u"/hooks/deploys"_s, signature), status);
        QTRY_COMPARE(m_dashboard->inspector()->deliveries()->count(), 1);
        QQuickItem *row = nullptr;
        QTRY_VERIFY((row = [&]() -> QQuickItem * {
            for (QQuickItem *child :
                item("deliveryList")->property("contentItem").value<QQuickItem *>()->childItems()) {
                if (child->property("verdict").toString() == u"rejected") {
                    return child;
                }
            }
            return nullptr;
        }()));
        QCOMPARE(row->findChild<QQuickItem *>(u"path"_s)->property("text").toString(),
            u"/hooks/deploys"_s);
        QQuickItem *hook = row->findChild<QQuickItem *>(u"hook"_s);
        QVERIFY(hook);
        QVERIFY(hook->isVisible());
        QCOMPARE(hook->property("text").toString(), u"deploys"_s);
        QVERIFY(hook->width() > 0);
        QQuickItem *reason = row->findChild<QQuickItem *>(u"reason"_s);
        QVERIFY(reason->isVisible()); // and why, beside it
        QVERIFY(reason->mapToScene({}).x() >= hook->mapToScene({}).x() + hook->width());
    }

    void curlTooltipFitsTheWindow()
    {
        // A narrow window and a delivery whose curl lines are wider than it.
        m_window->resize(900, 700);
        const QByteArray wide =
            "{\"job\":\"render-42\",\"type\":\"log\",\"message\":\"" + QByteArray(300, 'x') + "\"}";
        QCOMPARE(post(wide), 200);
        QTRY_COMPARE(text("requestLine"), u"POST /v1/events"_s);
        QQuickItem *button = item("copyCurlButton");
        QVERIFY(button);
        const QString curl = m_dashboard->inspector()->curl();
        QVERIFY(curl.contains(QString(300, u'x')));
        QTest::mouseMove(m_window, button->mapToScene({ 5, button->height() / 2 }).toPoint());
        QTest::mouseMove(m_window, button->mapToScene({ 10, button->height() / 2 }).toPoint());
        QTRY_VERIFY(button->property("hovered").toBool());
        QQuickItem *tip = nullptr;
        QTRY_VERIFY((tip = showing(m_window->contentItem(), curl)));
        QTRY_VERIFY(tip->width() > 0);
        const QRectF shown = tip->mapRectToScene(QRectF(0, 0, tip->width(), tip->height()));
        QVERIFY2(shown.left() >= 0 && shown.right() <= m_window->width(),
            qPrintable(
                u"%1..%2 in %3"_s.arg(shown.left()).arg(shown.right()).arg(m_window->width())));
        QVERIFY(tip->property("contentWidth").toReal() <= tip->width() + 1); // wrapped, not cut
    }

    void buttonsStayInTheWindow_data()
    {
        QTest::addColumn<int>("width");
        QTest::addRow("800") << 800; // the narrowest window, or 1000 with the rail
        QTest::addRow("900") << 900;
        QTest::addRow("1000") << 1000;
        QTest::addRow("1280") << 1280;
    }
    void buttonsStayInTheWindow()
    {
        QFETCH(int, width);
        m_window->resize(width, 700);
        // A long route in the title font beside both buttons.
        QCOMPARE(post(Broken, u"/webhook/submission-status-update"_s), 400);
        QTRY_COMPARE(text("requestLine"), u"POST /webhook/submission-status-update"_s);
        QTest::qWait(50);
        for (const char *name :
            { "replayButton", "copyCurlButton", "replayToButton", "editReplayButton" }) {
            QQuickItem *button = item(name);
            QVERIFY(button);
            const QRectF shown =
                button->mapRectToScene(QRectF(0, 0, button->width(), button->height()));
            QVERIFY2(
                shown.right() <= width - Theme_s4 && button->width() >= button->implicitWidth(),
                qPrintable(u"%1: %2..%3 (%4 of %5 wide) in %6"_s.arg(QString::fromLatin1(name))
                               .arg(shown.left())
                               .arg(shown.right())
                               .arg(button->width())
                               .arg(button->implicitWidth())
                               .arg(width)));
        }
    }

    // The whole window: the rail counts what was refused; a click lists only those.
    void railCountsRejectedAndListsThem()
    {
        m_engine.reset();
        m_dashboard->inspector()->setRecentPollInterval(100);
        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_window = loadMainWindow(*m_engine, QSize(1280, 800));
        QVERIFY(m_window);
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        QQuickItem *rail = item("rail");
        QVERIFY(rail);
        QQuickItem *entry = rail->findChild<QQuickItem *>(u"rejectedEntry"_s);
        QVERIFY(entry);
        QQuickItem *count = entry->findChild<QQuickItem *>(u"count"_s);
        QVERIFY(count);
        QCOMPARE(count->property("text").toString(), u"0"_s);

        postMix();
        QCOMPARE(post(Broken), 400);
        QTRY_COMPARE(count->property("text").toString(), u"3"_s);
        QVERIFY(count->isVisible());

        QCOMPARE(m_window->property("view").toString(), u"live"_s);
        click(entry);
        QCOMPARE(m_window->property("view").toString(), u"inspector"_s);
        QVERIFY(entry->property("current").toBool());
        QQuickItem *list = item("deliveryList");
        QTRY_COMPARE(shownRows(list),
            QStringList({ u"events rejected"_s, u"deploys rejected"_s, u"events rejected"_s }));
        QCOMPARE(item("verdictFilter")->property("currentValue").toString(), u"rejected"_s);

        // "Inspector" in the rail: every delivery again.
        click(rail->findChild<QQuickItem *>(u"inspectorEntry"_s));
        QTRY_COMPARE(shownRows(list).size(), 5);
    }
};

QTEST_MAIN(TestInspectorView)
#include "tst_inspectorview.moc"
