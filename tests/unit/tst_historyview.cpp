// The history view in a real scene over a real store: clicking "Load more" while jobs keep
// arriving shows every job once, the "N new jobs" pill collects the new ones and a click on
// it starts over from the top; the date fields filter.
#include "common/dashboardscene.h"

#include <QQuickItem>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(JobpulseModelsPlugin)
Q_IMPORT_QML_PLUGIN(JobpulsePlugin)

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestHistoryView : public QObject
{
    Q_OBJECT

private:
    testing::DashboardScene m_scene;
    Dashboard *m_dashboard = nullptr;
    QQuickWindow *m_window = nullptr;
    int m_made = 0;

    void addJobs(int n)
    {
        for (int i = 0; i < n; ++i) { // one commit each: rowids in creation order
            Event e;
            e.job = u"job-%1"_s.arg(++m_made);
            e.type = EventType::JobStarted;
            e.time = QDateTime::currentDateTimeUtc();
            QVERIFY(m_scene.commit({ e }));
        }
        m_dashboard->history()->flush();
    }
    QQuickItem *item(const char *name) const { return m_scene.item(name); }
    void click(QQuickItem *target) { testing::clickItem(m_window, target); }
    QStringList shownKeys() const
    {
        QStringList keys;
        const HistoryModel *history = m_dashboard->history();
        for (int row = 0; row < history->count(); ++row) {
            keys << history->keyAt(row);
        }
        return keys;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_scene.openStore(&error), qPrintable(error));
    }
    void init()
    {
        QVERIFY(m_scene.showView("HistoryView", 900, 700));
        m_dashboard = m_scene.dashboard.get();
        m_window = m_scene.window;
    }
    void cleanup() { m_scene.close(); }

    void loadMoreAndThePillWhileJobsArrive()
    {
        addJobs(120);
        m_dashboard->history()->reload();
        QTRY_COMPARE(m_dashboard->history()->count(), 50);
        // How many there are in all, not only the page read.
        QCOMPARE(item("historyCount")->property("text").toString(), u"50 of 120 job(s) shown"_s);
        QQuickItem *pill = item("newJobsPill");
        QVERIFY(pill);
        QVERIFY(!pill->isVisible());

        // Jobs arrive: the pill counts them, the rows stay.
        const QStringList before = shownKeys();
        addJobs(3);
        QTRY_VERIFY(pill->isVisible());
        QCOMPARE(pill->property("text").toString(), u"\u2191 3 new job(s)"_s);
        QCOMPARE(shownKeys(), before);

        // Load more, scrolled to the list's end, twice, with more arriving in between.
        QQuickItem *list = item("historyList");
        QVERIFY(list);
        QMetaObject::invokeMethod(list, "positionViewAtEnd");
        QTRY_VERIFY(item("loadMore") && item("loadMore")->isVisible());
        click(item("loadMore"));
        QTRY_COMPARE(m_dashboard->history()->count(), 100);
        addJobs(2);
        QMetaObject::invokeMethod(list, "positionViewAtEnd");
        QTest::qWait(50);
        click(item("loadMore"));
        QTRY_COMPARE(m_dashboard->history()->count(), 120);
        QVERIFY(!m_dashboard->history()->canLoadMore());
        QStringList expected;
        for (int i = 120; i >= 1; --i) {
            expected << u"job-%1"_s.arg(i);
        }
        QCOMPARE(shownKeys(), expected); // none twice, none missing
        QCOMPARE(pill->property("text").toString(), u"\u2191 5 new job(s)"_s);

        // The pill starts over from the newest.
        QMetaObject::invokeMethod(list, "positionViewAtBeginning");
        QTest::qWait(50);
        click(pill);
        QTRY_VERIFY(!pill->isVisible());
        QTRY_COMPARE(m_dashboard->history()->count(), 50);
        QCOMPARE(m_dashboard->history()->keyAt(0), u"job-125"_s);
    }

    void showingTheViewReadsTheStore()
    {
        // Jobs that arrived while another view was up are rows when the history is shown,
        // not a "new jobs" pill over a stale page.
        addJobs(2);
        m_dashboard->history()->reload();
        QTRY_VERIFY(!m_dashboard->history()->loading()); // the page read before the jobs below
        QQuickItem *view = m_window->contentItem()->childItems().value(0);
        QVERIFY(view);
        view->setVisible(false);
        addJobs(4);
        QTRY_COMPARE(m_dashboard->history()->newCount(), 4);
        view->setVisible(true);
        QTRY_COMPARE(m_dashboard->history()->newCount(), 0);
        QVERIFY(!item("newJobsPill")->isVisible());
        QCOMPARE(m_dashboard->history()->keyAt(0), u"job-%1"_s.arg(m_made));
    }

    void dateFieldsFilter()
    {
        QQuickItem *from = item("fromField");
        QVERIFY(from);
        QTRY_VERIFY(m_dashboard->history()->count() > 0);
        // Tomorrow onwards: nothing; the empty state says the filter is why.
        const QString tomorrow = QDate::currentDate().addDays(1).toString(Qt::ISODate);
        from->forceActiveFocus();
        from->setProperty("text", tomorrow);
        QMetaObject::invokeMethod(from, "editingFinished");
        QCOMPARE(m_dashboard->history()->fromDay(), tomorrow);
        QTRY_COMPARE(m_dashboard->history()->count(), 0);
        QTRY_VERIFY(item("historyEmpty")->isVisible());
        // A malformed date is not applied (the field shows it in red).
        from->setProperty("text", u"2024-99"_s);
        QVERIFY(!from->property("valid").toBool());
        QMetaObject::invokeMethod(from, "editingFinished");
        QCOMPARE(m_dashboard->history()->fromDay(), tomorrow);
        m_dashboard->history()->setFromDay({});
        QTRY_VERIFY(m_dashboard->history()->count() > 0);
    }

    // Last: it leaves its job in the shared store.
    void searchFindsLogLines()
    {
        Event e;
        e.job = u"nightly-import"_s;
        e.type = EventType::Log;
        e.time = QDateTime::currentDateTimeUtc();
        e.message = u"checksum mismatch in part 7"_s;
        QVERIFY(m_scene.commit({ e }));
        m_dashboard->history()->reload();
        QTRY_VERIFY(m_dashboard->history()->count() >= 4);
        QQuickItem *field = item("historySearch");
        QVERIFY(field);
        click(field);
        QTRY_VERIFY(field->hasActiveFocus());
        for (const QChar c : u"checksum mism"_s) {
            QTest::keyClick(m_window, c.toLatin1());
        }
        QTest::keyClick(m_window, Qt::Key_Return);
        QCOMPARE(m_dashboard->history()->search(), u"checksum mism"_s);
        QTRY_COMPARE(shownKeys(), QStringList { u"nightly-import"_s });
        QTest::keyClick(m_window, Qt::Key_Escape); // clears it
        QCOMPARE(m_dashboard->history()->search(), QString());
        QTRY_VERIFY(m_dashboard->history()->count() >= 4);
    }
};

QTEST_MAIN(TestHistoryView)
#include "tst_historyview.moc"
