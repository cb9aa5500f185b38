// The live list in a real scene over a real store: rows do not move under the pointer or the
// keys. A job that arrives while the pointer is over the list waits behind the "N new jobs"
// pill, so the click opens the job the user aimed at; leaving the list or clicking the pill
// shows it.
#include "common/dashboardscene.h"

#include <QQuickItem>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(JobpulseModelsPlugin)
Q_IMPORT_QML_PLUGIN(JobpulsePlugin)

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestLiveView : public QObject
{
    Q_OBJECT

private:
    testing::DashboardScene m_scene;
    Dashboard *m_dashboard = nullptr;
    QQuickWindow *m_window = nullptr;
    int m_made = 0;

    void send(const QString &job, EventType type)
    {
        Event e;
        e.job = job;
        e.type = type;
        e.time = QDateTime::currentDateTimeUtc();
        QVERIFY(m_scene.commit({ e }));
    }
    QString addJob()
    {
        const QString key = u"job-%1"_s.arg(++m_made);
        send(key, EventType::JobStarted);
        return key;
    }
    QQuickItem *item(const char *name) const { return m_scene.item(name); }
    QQuickItem *list() const { return item("jobList"); }
    /** The delegates of the list's rows shown now. */
    QList<QQuickItem *> rows() const
    {
        QList<QQuickItem *> shown;
        auto *content = list()->property("contentItem").value<QQuickItem *>();
        const QList<QQuickItem *> children = content->childItems();
        for (QQuickItem *child : children) {
            if (child->isVisible() && child->property("key").isValid()) {
                shown << child;
            }
        }
        return shown;
    }
    /** The scene point at the middle of row @p row's delegate. */
    QPoint rowCentre(int row) const
    {
        for (QQuickItem *child : rows()) {
            if (child->property("index").toInt() == row) {
                return child->mapToScene(QPointF(child->width() / 2, child->height() / 2))
                    .toPoint();
            }
        }
        return {};
    }
    /** The job whose row is under the scene point @p at, as the user sees it. */
    QString keyAt(QPoint at) const
    {
        for (QQuickItem *child : rows()) {
            if (child->contains(child->mapFromScene(at))) {
                return child->property("key").toString();
            }
        }
        return {};
    }
    /** Moves the pointer to @p at as a hand does, over a pixel or two: a pointer that only
     *  appears over the list (rows arriving under it) does not hold it. */
    void moveTo(QPoint at)
    {
        QTest::mouseMove(m_window, at + QPoint(2, 2));
        QTest::mouseMove(m_window, at);
    }
    QString pillText() const
    {
        QQuickItem *pill = item("liveNewJobsPill");
        return pill && pill->isVisible() ? pill->property("text").toString() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_scene.openStore(&error), qPrintable(error));
    }
    void init()
    {
        QVERIFY(m_scene.showView("JobList", 700, 600));
        m_dashboard = m_scene.dashboard.get();
        m_window = m_scene.window;
    }
    void cleanup() { m_scene.close(); }

    void rowsHoldUnderThePointer()
    {
        for (int i = 0; i < 4; ++i) {
            addJob();
        }
        QTRY_VERIFY(list() && list()->property("count").toInt() == 4);
        QTRY_COMPARE(rows().size(), 4); // laid out
        // The pointer rests on the second row.
        const QPoint at = rowCentre(1);
        QVERIFY(!at.isNull());
        moveTo(at);
        QTRY_VERIFY(m_dashboard->visibleJobs()->held());
        const QString aimed = keyAt(at);
        QCOMPARE(aimed, u"job-%1"_s.arg(m_made - 1));

        // Two jobs arrive and one aimed-at row changes status: nothing moves under the pointer.
        m_dashboard->visibleJobs()->setOrder(u"status"_s);
        const QString fresh = addJob();
        addJob();
        send(u"job-1"_s, EventType::JobFailed); // "Failed first" would lift it to the top
        QTRY_COMPARE(pillText(), u"\u2191 2 new job(s)"_s);
        QCOMPARE(keyAt(at), aimed);
        QCOMPARE(list()->property("count").toInt(), 4);

        // The click opens the job the user aimed at.
        QTest::mouseClick(m_window, Qt::LeftButton, {}, at);
        QCOMPARE(m_dashboard->selectedKey(), aimed);

        // The pointer leaves the list: the new jobs are rows, the failed one is first.
        QTest::mouseMove(m_window, QPoint(m_window->width() / 2, 5));
        QTRY_VERIFY(!m_dashboard->visibleJobs()->held());
        QTRY_COMPARE(list()->property("count").toInt(), 6);
        QCOMPARE(pillText(), QString());
        QCOMPARE(m_dashboard->visibleJobs()->keyAt(0), u"job-1"_s);
        QVERIFY(m_dashboard->visibleJobs()->rowOf(fresh) >= 0);
    }

    void thePillShowsTheNewJobs()
    {
        m_dashboard->visibleJobs()->setOrder(u"newest"_s);
        QTRY_VERIFY(!rows().isEmpty());
        moveTo(rowCentre(0));
        QTRY_VERIFY(m_dashboard->visibleJobs()->held());
        const QString fresh = addJob();
        QTRY_COMPARE(pillText(), u"\u2191 1 new job(s)"_s);
        QCOMPARE(m_dashboard->visibleJobs()->rowOf(fresh), -1);
        testing::clickItem(m_window, item("liveNewJobsPill"));
        QTRY_COMPARE(m_dashboard->visibleJobs()->keyAt(0), fresh);
        QCOMPARE(pillText(), QString());
        // Still over the list: the next one waits again.
        addJob();
        QTRY_COMPARE(pillText(), u"\u2191 1 new job(s)"_s);
    }

    void keysHoldTheRowsToo()
    {
        QTest::mouseMove(m_window, QPoint(m_window->width() / 2, 5)); // off the list
        QTRY_VERIFY(!m_dashboard->visibleJobs()->held());
        list()->forceActiveFocus();
        QTest::keyClick(m_window, Qt::Key_Down);
        QVERIFY(m_dashboard->visibleJobs()->held());
        const QString selected = m_dashboard->selectedKey();
        const int row = m_dashboard->visibleJobs()->rowOf(selected);
        addJob();
        QTRY_COMPARE(pillText(), u"\u2191 1 new job(s)"_s);
        QCOMPARE(m_dashboard->visibleJobs()->rowOf(selected), row);
        // Down moves from the row the user sees, not from where a new row would have put it.
        QTest::keyClick(m_window, Qt::Key_Down);
        QCOMPARE(m_dashboard->selectedKey(), m_dashboard->visibleJobs()->keyAt(row + 1));
        // The list loses the focus: the rows follow the jobs again.
        list()->setFocus(false);
        QTRY_VERIFY(!m_dashboard->visibleJobs()->held());
        QCOMPARE(pillText(), QString());
    }

    void aRestingPointerLetsJobsIn()
    {
        // A pointer left on the list (a dashboard on a second screen) holds the rows only
        // for a while after it last moved.
        m_scene.item("liveView")->setProperty("holdIdleMs", 300);
        QTRY_VERIFY(!rows().isEmpty());
        moveTo(rowCentre(0));
        QTRY_VERIFY(m_dashboard->visibleJobs()->held());
        const QString fresh = addJob();
        QTRY_COMPARE(pillText(), u"\u2191 1 new job(s)"_s);
        QTRY_COMPARE(m_dashboard->visibleJobs()->keyAt(0), fresh); // shown once it rests
        QCOMPARE(pillText(), QString());
        moveTo(rowCentre(1)); // it moves again: held again
        QTRY_VERIFY(m_dashboard->visibleJobs()->held());
    }

    void aPointerThatDidNotMoveHoldsNothing()
    {
        // The window opened under the pointer, or rows arrived under it: nobody is aiming.
        QTRY_VERIFY(!rows().isEmpty());
        QTest::mouseMove(m_window, rowCentre(0)); // there at once, no movement over the list
        const QString fresh = addJob();
        QTRY_COMPARE(m_dashboard->visibleJobs()->keyAt(0), fresh);
        QVERIFY(!m_dashboard->visibleJobs()->held());
        QCOMPARE(pillText(), QString());
    }

    void searchShowsTheLineItFoundTheJobBy()
    {
        Event e;
        e.job = u"import-9"_s;
        e.type = EventType::Log;
        e.time = QDateTime::currentDateTimeUtc();
        e.message = u"checksum mismatch in part 7\nretrying"_s;
        QVERIFY(m_scene.commit({ e }));
        QTest::mouseMove(m_window, QPoint(m_window->width() / 2, 5)); // nothing held
        m_dashboard->visibleJobs()->setSearch(u"checksum"_s);
        const auto matchLabel = [this]() -> QQuickItem * {
            for (QQuickItem *row : rows()) {
                if (row->property("key").toString() == u"import-9"_s) {
                    return row->findChild<QQuickItem *>(u"matchLine"_s);
                }
            }
            return nullptr;
        };
        QTRY_VERIFY(matchLabel() && matchLabel()->isVisible());
        QCOMPARE(matchLabel()->property("text").toString(), u"log: checksum mismatch in part 7"_s);
        QCOMPARE(list()->property("count").toInt(), 1);
        // Found by its title: no line under the row.
        m_dashboard->visibleJobs()->setSearch(u"import"_s);
        QTRY_VERIFY(matchLabel() && !matchLabel()->isVisible());
        m_dashboard->visibleJobs()->setSearch({});
    }

    void runsFoldTheirJobsAndLabelsFilter()
    {
        // A CI run with two jobs under it, and a run on another branch; all labelled.
        const auto labelled = [](const QString &job, EventType type, const QString &parent,
                                  const QString &branch) {
            Event e;
            e.job = job;
            e.type = type;
            e.time = QDateTime::currentDateTimeUtc();
            e.parent = parent;
            e.labels = { { u"repository"_s, u"acme/api"_s }, { u"branch"_s, branch } };
            return e;
        };
        QVERIFY(m_scene.commit({ labelled(u"ci-1"_s, EventType::JobStarted, {}, u"main"_s),
            labelled(u"ci-1/build"_s, EventType::JobStarted, u"ci-1"_s, u"main"_s),
            labelled(u"ci-1/test"_s, EventType::JobStarted, u"ci-1"_s, u"main"_s),
            labelled(u"ci-2"_s, EventType::JobStarted, {}, u"fix-login"_s) }));
        QTest::mouseMove(m_window, QPoint(m_window->width() / 2, 5)); // nothing held
        const auto shown = [this] {
            QStringList keys;
            for (QQuickItem *row : rows()) {
                keys << row->property("key").toString();
            }
            keys.sort();
            return keys;
        };
        const auto row = [this](const QString &key) -> QQuickItem * {
            for (QQuickItem *r : rows()) {
                if (r->property("key").toString() == key) {
                    return r;
                }
            }
            return nullptr;
        };
        const auto childText = [&row](const QString &key) {
            QQuickItem *r = row(key);
            QQuickItem *label = r ? r->findChild<QQuickItem *>(u"childLabel"_s) : nullptr;
            return label && label->isVisible() ? label->property("text").toString() : QString();
        };
        // The run's jobs are under it, not rows of their own; its row counts them.
        QTRY_VERIFY(row(u"ci-1"_s) && row(u"ci-2"_s));
        QVERIFY(!row(u"ci-1/build"_s) && !row(u"ci-1/test"_s));
        QTRY_COMPARE(childText(u"ci-1"_s), u"0 of 2 job(s) done"_s);
        QCOMPARE(
            row(u"ci-1"_s)->findChild<QQuickItem *>(u"placeLabel"_s)->property("text").toString(),
            u"acme/api \u00B7 main"_s);
        QVERIFY(m_scene.commit(
            { labelled(u"ci-1/test"_s, EventType::JobFailed, u"ci-1"_s, u"main"_s) }));
        QTRY_COMPARE(childText(u"ci-1"_s), u"1 of 2 job(s) done \u00B7 1 failed"_s);

        // A label filter typed into the search: only that branch's run.
        m_dashboard->visibleJobs()->setSearch(u"repo:acme/api branch:fix-login"_s);
        QTRY_COMPARE(shown(), QStringList { u"ci-2"_s });
        QQuickItem *chips = item("liveLabelFilters");
        QVERIFY(chips && chips->isVisible());
        // Taking the branch chip away: the repository's runs, their jobs still folded.
        m_dashboard->visibleJobs()->removeLabelFilter(1);
        QCOMPARE(m_dashboard->visibleJobs()->search(), u"repository:acme/api"_s);
        QTRY_COMPARE(shown(), (QStringList { u"ci-1"_s, u"ci-2"_s }));
        // The failed job matches "failed" and its running run does not: it stands on its own.
        m_dashboard->visibleJobs()->setStatus(u"failed"_s);
        QTRY_COMPARE(shown(), QStringList { u"ci-1/test"_s });
        m_dashboard->visibleJobs()->clearFilters();
        QTRY_VERIFY(!chips->isVisible());
    }
};

QTEST_MAIN(TestLiveView)
#include "tst_liveview.moc"
