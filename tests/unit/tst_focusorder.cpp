// The whole window with the keyboard alone: Tab walks the header, the rail, the list, the
// detail and its log in that order (docs/dashboard.md "Keys"), and Enter or Space acts on
// what has the focus.
#include "common/dashboardscene.h"

#include <QFontMetricsF>
#include <QQuickItem>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestFocusOrder : public QObject
{
    Q_OBJECT

private:
    testing::DashboardScene m_scene;

    /** The objectName of what has the focus, or of its nearest named ancestor. */
    QString focused() const
    {
        for (QQuickItem *item = m_scene.window->activeFocusItem(); item;
             item = item->parentItem()) {
            if (!item->objectName().isEmpty()) {
                return item->objectName();
            }
        }
        return {};
    }
    /** The shown item named @p name (the rail is also in the narrow window's drawer). */
    QQuickItem *shown(const QString &name) const
    {
        const QList<QQuickItem *> items = m_scene.window->findChildren<QQuickItem *>(name);
        for (QQuickItem *item : items) {
            if (item->isVisible()) {
                return item;
            }
        }
        return nullptr;
    }
    /** The named stops of @p presses Tab presses from where the focus is. */
    QStringList tabStops(int presses)
    {
        QStringList stops;
        for (int i = 0; i < presses; ++i) {
            QTest::keyClick(m_scene.window, Qt::Key_Tab);
            const QString name = focused();
            if (stops.isEmpty() || stops.constLast() != name) {
                stops << name;
            }
        }
        return stops;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_scene.openStore(&error), qPrintable(error));
        Event e;
        e.job = u"render-1"_s;
        e.type = EventType::Log;
        e.time = QDateTime::currentDateTimeUtc();
        e.message = u"frame 1"_s;
        QVERIFY(testing::commit(*m_scene.store, { e }));
    }
    void init()
    {
        QVERIFY(m_scene.show("import Jobpulse\nMain { width: 1280; height: 800 }"));
        m_scene.window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(m_scene.window));
        QTRY_COMPARE(m_scene.dashboard->selectedKey(), u"render-1"_s);
    }
    void cleanup() { m_scene.close(); }

    void tabWalksRailListDetailAndLog()
    {
        m_scene.item("searchField")->forceActiveFocus();
        const QStringList stops = tabStops(40);
        const QStringList expected { u"liveEntry"_s, u"historyEntry"_s, u"inspectorEntry"_s,
            u"rejectedEntry"_s, u"settingsEntry"_s, u"jobList"_s, u"copyJson"_s, u"logWrap"_s,
            u"logView"_s };
        qsizetype from = 0;
        for (const QString &stop : expected) {
            const qsizetype at = stops.indexOf(stop, from);
            QVERIFY2(at >= 0,
                qPrintable(u"%1 is not reached after %2 (stops: %3)"_s.arg(
                    stop, stops.value(from - 1), stops.join(u", "_s))));
            from = at + 1;
        }
    }

    void enterAndSpaceAct()
    {
        QQuickItem *history = shown(u"historyEntry"_s);
        history->forceActiveFocus(Qt::TabFocusReason);
        QTest::keyClick(m_scene.window, Qt::Key_Return);
        QCOMPARE(m_scene.window->property("view").toString(), u"history"_s);
        shown(u"liveEntry"_s)->forceActiveFocus(Qt::TabFocusReason);
        QTest::keyClick(m_scene.window, Qt::Key_Space);
        QCOMPARE(m_scene.window->property("view").toString(), u"live"_s);
        // The detail's Wrap by Enter.
        QQuickItem *wrap = m_scene.item("logWrap");
        wrap->forceActiveFocus(Qt::TabFocusReason);
        QTest::keyClick(m_scene.window, Qt::Key_Return);
        QVERIFY(m_scene.item("logView")->property("wrap").toBool());
    }

    void headerKeepsTheReceiversPortInView()
    {
        // A header too narrow for its chips (German at 1000 px; English at 800): the address
        // gives way, elided from the left, and its port stays on screen.
        m_scene.close();
        QVERIFY(m_scene.showView("AppHeader", 900, 60));
        m_scene.dashboard->onboarding()->setReceiverUrl(u"http://127.0.0.1:37005"_s);
        QQuickItem *address = m_scene.item("receiverAddress");
        QVERIFY(address && address->isVisible());
        const QFontMetricsF metrics(address->property("font").value<QFont>());
        QTRY_VERIFY(address->width() >= metrics.horizontalAdvance(u"\u2026:37005"_s));
        QTRY_VERIFY(address->property("truncated").toBool()); // it did have to give way
        const QRectF shown =
            address->mapRectToScene(QRectF(0, 0, address->width(), address->height()));
        QVERIFY2(shown.right() <= m_scene.window->width(),
            qPrintable(
                u"the address ends at %1 of %2"_s.arg(shown.right()).arg(m_scene.window->width())));
    }
};

QTEST_MAIN(TestFocusOrder)
#include "tst_focusorder.moc"
