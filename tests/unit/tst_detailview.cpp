// The job detail in a real scene over a real store: a long log opens at its last line and
// pages its lines in as it scrolls; the log search goes to the line it finds; the log's lines
// are selected with the mouse and the keys and copied as text; a selected long line shows in
// full.
#include "common/dashboardscene.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QQuickItem>
#include <QTest>
#include <QtQuickTest/quicktest.h>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestDetailView : public QObject
{
    Q_OBJECT

private:
    testing::DashboardScene m_scene;
    QList<Event> m_sent;
    static constexpr int BuildLines = 30000;

    QQuickItem *logView() const { return m_scene.item("logView"); }
    /** The log's line delegates on screen, by row. */
    QMap<int, QQuickItem *> lines() const
    {
        QMap<int, QQuickItem *> shown;
        auto *content = logView()->property("contentItem").value<QQuickItem *>();
        for (QQuickItem *child : content->childItems()) {
            if (child->isVisible() && child->property("number").isValid()) {
                shown.insert(child->property("index").toInt(), child);
            }
        }
        return shown;
    }
    /** No row overlaps the next: a row that grew (selected, shown in full) has pushed the
     *  rows below it down, as it has by the time a user clicks (the next frame). */
    bool laidOut() const
    {
        const QMap<int, QQuickItem *> shown = lines();
        for (auto it = shown.cbegin(); it != shown.cend() && std::next(it) != shown.cend(); ++it) {
            if (std::next(it).value()->y() < it.value()->y() + it.value()->height() - 0.5) {
                return false;
            }
        }
        return true;
    }
    void clickLine(int row, Qt::KeyboardModifiers modifiers = {})
    {
        QTRY_VERIFY(laidOut());
        QQuickItem *line = lines().value(row);
        QVERIFY(line);
        QTest::mouseClick(m_scene.window, Qt::LeftButton, modifiers,
            line->mapToScene(QPointF(line->width() / 2, line->height() / 2)).toPoint());
    }
    QString shown(int row) const { return m_sent.at(row).message; }
    /** The delegate of line @p number while it is wholly in the log's view, loaded. */
    QQuickItem *inView(double number) const
    {
        QQuickItem *log = logView();
        for (QQuickItem *line : lines()) {
            const QPointF at = line->mapToItem(log, QPointF(0, 0));
            if (line->property("number").toDouble() == number && line->property("loaded").toBool()
                && at.y() >= 0 && at.y() + line->height() <= log->height() + 0.5) {
                return line;
            }
        }
        return nullptr;
    }
    QString clipboard() const
    {
        return QGuiApplication::clipboard() ? QGuiApplication::clipboard()->text() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_scene.openStore(&error), qPrintable(error));
        const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-60);
        for (int i = 0; i < 6; ++i) {
            Event e;
            e.job = u"build-7"_s;
            e.type = EventType::Log;
            e.time = start.addSecs(i);
            e.message =
                i == 3 ? u"error: "_s + QString(300, u'x') + u" END"_s : u"line %1"_s.arg(i);
            m_sent << e;
        }
        QVERIFY(testing::commit(*m_scene.store, m_sent));
        QList<Event> longLog;
        for (int i = 0; i < 80; ++i) {
            Event e;
            e.job = u"long-log"_s;
            e.type = EventType::Log;
            e.time = start.addSecs(i);
            e.message = i == 10 ? u"checksum mismatch in part 7"_s : u"copying part %1"_s.arg(i);
            longLog << e;
        }
        QVERIFY(testing::commit(*m_scene.store, longLog));
        // A build's whole log, as `run` sends it: chunks of many lines.
        QList<Event> build;
        for (int first = 1; first <= BuildLines; first += 1000) {
            Event e;
            e.job = u"whole-build"_s;
            e.type = EventType::Log;
            e.time = start;
            QStringList chunk;
            for (int n = first; n < first + 1000; ++n) {
                chunk << (n == 17345 ? u"fatal: shard-q7 unreachable"_s
                                     : u"build line %1"_s.arg(n));
            }
            e.message = chunk.join(u'\n');
            build << e;
        }
        QVERIFY(testing::commit(*m_scene.store, build));
    }
    void init()
    {
        QVERIFY(m_scene.showView("JobDetail", 480, 600));
        m_scene.dashboard->select(u"build-7"_s);
        QTRY_COMPARE(logView()->property("count").toInt(), 6);
        QTRY_COMPARE(lines().size(), 6);
    }
    void cleanup() { m_scene.close(); }

    void selectARangeAndCopyIt()
    {
        if (!QGuiApplication::clipboard()) {
            QSKIP("no clipboard on this platform");
        }
        QGuiApplication::clipboard()->clear();
        clickLine(1);
        clickLine(2, Qt::ShiftModifier);
        QTest::keyClick(m_scene.window, Qt::Key_Down, Qt::ShiftModifier); // one more
        QTest::keySequence(m_scene.window, QKeySequence::Copy);
        QCOMPARE(clipboard(), shown(1) + u'\n' + shown(2) + u'\n' + shown(3) + u'\n');
        // A plain click starts over; Ctrl+A takes every line.
        clickLine(5);
        QTest::keySequence(m_scene.window, QKeySequence::Copy);
        QCOMPARE(clipboard(), shown(5) + u'\n');
        QTest::keySequence(m_scene.window, QKeySequence::SelectAll);
        QTest::keySequence(m_scene.window, QKeySequence::Copy);
        QCOMPARE(clipboard().count(u'\n'), 6);
        QVERIFY(clipboard().contains(u" END"_s)); // the long line whole, not cut with "…"
    }

    void aSelectedLongLineShowsInFull()
    {
        QQuickItem *longLine = lines().value(3);
        const qreal cut = longLine->height();
        QCOMPARE(cut, lines().value(2)->height()); // one line, ending in "…"
        clickLine(3);
        QTRY_VERIFY(longLine->height() > 2 * cut);
        // The Wrap button shows every long line in full.
        clickLine(0);
        QTRY_COMPARE(longLine->height(), cut);
        testing::clickItem(m_scene.window, m_scene.item("logWrap"));
        QTRY_VERIFY(longLine->height() > 2 * cut);
    }

    void searchOpensTheLogAtTheLineItFound()
    {
        Dashboard *dashboard = m_scene.dashboard.get();
        dashboard->select({});
        dashboard->visibleJobs()->setSearch(u"checksum"_s);
        QTRY_VERIFY(dashboard->visibleJobs()->matchSeq(u"long-log"_s) > 0);
        dashboard->select(u"long-log"_s);
        QQuickItem *log = logView();
        QTRY_COMPARE(log->property("count").toInt(), 80);
        QVERIFY(!log->property("following").toBool());
        // The line is selected and in view, not 70 lines below it.
        const auto shownMatch = [this, log]() -> QQuickItem * {
            for (QQuickItem *line : lines()) {
                const QPointF at = line->mapToItem(log, QPointF(0, 0));
                if (line->property("text").toString().startsWith(u"checksum"_s) && at.y() >= 0
                    && at.y() + line->height() <= log->height()) {
                    return line;
                }
            }
            return nullptr;
        };
        QTRY_VERIFY(shownMatch());
        QVERIFY(shownMatch()->property("selected").toBool());

        // Without a search the log opens at its newest line, following.
        dashboard->visibleJobs()->setSearch({});
        dashboard->select({});
        dashboard->select(u"long-log"_s);
        QTRY_VERIFY(log->property("atYEnd").toBool());
        QVERIFY(log->property("following").toBool());
    }

    void aLongLogOpensAtItsLastLineAndPagesInTheFirst()
    {
        m_scene.dashboard->select(u"whole-build"_s);
        QQuickItem *log = logView();
        QTRY_COMPARE(log->property("count").toInt(), BuildLines); // every line, not the newest 200
        QTRY_VERIFY(inView(BuildLines));
        QCOMPARE(
            inView(BuildLines)->property("text").toString(), u"build line %1"_s.arg(BuildLines));
        QVERIFY(log->property("following").toBool());
        // Home: the first line, read from the store when it comes into view.
        log->forceActiveFocus();
        QTest::keyClick(m_scene.window, Qt::Key_Home);
        QTRY_VERIFY(inView(1));
        QCOMPARE(inView(1)->property("text").toString(), u"build line 1"_s);
        QVERIFY(!log->property("following").toBool());
    }

    void theLogSearchGoesToTheLineItFinds()
    {
        m_scene.dashboard->select(u"whole-build"_s);
        QTRY_VERIFY(inView(BuildLines));
        QQuickItem *field = m_scene.item("logSearchField");
        QVERIFY(field);
        field->forceActiveFocus();
        for (const char c : QByteArrayLiteral("shard-q7")) {
            QTest::keyClick(m_scene.window, c);
        }
        QTRY_VERIFY(inView(17345));
        QQuickItem *line = inView(17345);
        QCOMPARE(line->property("text").toString(), u"fatal: shard-q7 unreachable"_s);
        QVERIFY(line->property("selected").toBool()); // highlighted
        QVERIFY(!logView()->property("following").toBool());
        QCOMPARE(m_scene.item("logSearchCount")->property("text").toString(), u"1 of 1"_s);
    }

    void runAndJobsLinkEachOther()
    {
        // A run with two jobs under it, labelled; the detail of one links up and down.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<Event> events;
        for (const QString &key : { u"ci-9"_s, u"ci-9/build"_s, u"ci-9/test"_s }) {
            Event e;
            e.job = key;
            e.type = key.endsWith(u"build") ? EventType::JobSucceeded : EventType::JobStarted;
            e.time = now;
            e.title = key == u"ci-9" ? u"CI #9"_s : key.section(u'/', 1);
            e.parent = key == u"ci-9" ? QString() : u"ci-9"_s;
            e.labels = { { u"branch"_s, u"main"_s } };
            events << e;
        }
        QVERIFY(testing::commit(*m_scene.store, events));
        Dashboard *dashboard = m_scene.dashboard.get();
        dashboard->select(u"ci-9/test"_s);
        QQuickItem *up = m_scene.item("parentLink");
        QTRY_VERIFY(up && up->isVisible());
        QCOMPARE(up->property("text").toString(), u"\u2191 CI #9"_s);
        QVERIFY(QQuickTest::qWaitForPolish(m_scene.window)); // laid out where it shows
        testing::clickItem(m_scene.window, up);
        QTRY_COMPARE(dashboard->selectedKey(), u"ci-9"_s);
        QTRY_VERIFY(!m_scene.item("parentLink")->isVisible()); // the run is part of nothing
        QQuickItem *jobs = m_scene.item("childJobs");
        QTRY_VERIFY(jobs && jobs->isVisible() && jobs->property("count").toInt() == 2);
        QCOMPARE(dashboard->selected()->childSummary(), u"1 of 2 job(s) done"_s);
        // A label chip narrows the live list to that label.
        QQuickItem *chips = m_scene.item("labelChips");
        QVERIFY(chips && chips->isVisible());
        QQuickItem *chip = nullptr;
        for (QQuickItem *child : chips->childItems()) {
            if (child->property("text").toString() == u"branch: main"_s) {
                chip = child;
            }
        }
        QVERIFY(chip);
        QVERIFY(QQuickTest::qWaitForPolish(m_scene.window));
        testing::clickItem(m_scene.window, chip);
        QTRY_COMPARE(dashboard->visibleJobs()->search(), u"branch:main"_s);
        dashboard->visibleJobs()->setSearch({});
        // Down: a job of the run opens from its row.
        auto *content = jobs->property("contentItem").value<QQuickItem *>();
        QQuickItem *first = nullptr;
        QTRY_VERIFY((first = [content]() -> QQuickItem * {
            for (QQuickItem *child : content->childItems()) {
                if (child->property("modelData").toMap().value(u"key"_s) == u"ci-9/build"_s) {
                    return child;
                }
            }
            return nullptr;
        }()));
        QVERIFY(QQuickTest::qWaitForPolish(m_scene.window));
        testing::clickItem(m_scene.window, first);
        QTRY_COMPARE(dashboard->selectedKey(), u"ci-9/build"_s);
    }
};

QTEST_MAIN(TestDetailView)
#include "tst_detailview.moc"
