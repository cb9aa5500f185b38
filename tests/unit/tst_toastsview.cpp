// The toasts in the real window (Main.qml over a real store, the app's 1280×800 and a narrow
// window whose detail slides over the list): failures of three workflows arrive while a job's
// log is open, and the toast on screen leaves the detail, its log above all, in view.
#include "common/qmlwindow.h"
#include "common/storetesting.h"
#include "store/store.h"
#include "ui/dashboard.h"
#include "ui/gui.h"

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

class TestToastsView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_db = 0;

    static Event ev(const QString &job, EventType type, const QString &kind = {})
    {
        Event e;
        e.job = job;
        e.type = type;
        e.kind = kind;
        e.time = QDateTime::currentDateTimeUtc();
        return e;
    }
    static QRectF sceneRect(const QQuickItem *item)
    {
        return item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    }
    /** What is on screen: every visible item of @p window's scene, the overlay's too. */
    static QList<QQuickItem *> shownItems(QQuickWindow *window)
    {
        QList<QQuickItem *> items { window->contentItem() };
        for (qsizetype i = 0; i < items.size(); ++i) {
            for (QQuickItem *child : items.at(i)->childItems()) {
                if (child->isVisible()) {
                    items << child;
                }
            }
        }
        return items;
    }
    /** The visible item whose model is @p model: the detail's log. */
    static QQuickItem *viewOf(QQuickWindow *window, QObject *model)
    {
        for (QQuickItem *item : shownItems(window)) {
            if (item->property("model").value<QObject *>() == model) {
                return item;
            }
        }
        return nullptr;
    }
    /** Its nearest JobDetail: the pane, or the narrow window's overlay of it. */
    static QQuickItem *detailOf(QQuickItem *log)
    {
        for (QQuickItem *item = log; item; item = item->parentItem()) {
            if (QByteArray(item->metaObject()->className()).startsWith("JobDetail")) {
                return item;
            }
        }
        return nullptr;
    }

private Q_SLOTS:
    // While new events cannot be saved a banner runs across the top of the window, over
    // every view; it goes away by itself once writing works again.
    void bannerWhileTheStoreCannotWrite()
    {
        Store store;
        QString error;
        QVERIFY2(store.open(m_dir.filePath(u"v%1.db"_s.arg(++m_db)), Durability::Normal, &error),
            qPrintable(error));
        QVERIFY(testing::commit(store, { ev(u"render-42"_s, EventType::JobStarted) }));
        Dashboard dashboard(&store);
        Dashboard::setInstance(&dashboard);
        QQmlApplicationEngine engine;
        QQuickWindow *window = loadMainWindow(engine, QSize(1280, 800));
        QVERIFY(window);
        QQuickItem *banner = testing::findItem(window, "storeBanner");
        QVERIFY(banner);
        QVERIFY(!banner->isVisible());

        // As on a full disk: the file may not grow.
        QVERIFY(store.runOnWriter(
            [](QSqlDatabase &db) { QSqlQuery(db).exec(u"PRAGMA max_page_count = 1"_s); }));
        Event big = ev(u"render-42"_s, EventType::Log);
        big.message = QString(64 * 1024, u'x');
        const auto refused = testing::submitAndWait(store, { big });
        QVERIFY(refused && refused->status == IngestResult::Status::Unavailable);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY(banner->height() > 10);
        QCOMPARE(banner->mapToScene(QPointF(0, 0)).y(), 0.0);
        QCOMPARE(banner->width(), window->width());
        QQuickItem *label = banner->childItems().value(0);
        QVERIFY(label);
        const QString text = label->property("text").toString();
        QVERIFY2(text.contains(u"cannot be saved"_s) && text.contains(u"full"_s), qPrintable(text));

        QVERIFY(store.runOnWriter(
            [](QSqlDatabase &db) { QSqlQuery(db).exec(u"PRAGMA max_page_count = 1073741823"_s); }));
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 5000);
        Dashboard::setInstance(nullptr);
    }

    void toastsLeaveTheLogInView_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addRow("1280x800") << QSize(1280, 800);
        QTest::addRow("1000x700, the narrowest with a side pane") << QSize(1000, 700);
        QTest::addRow("900x700, the detail over the list") << QSize(900, 700);
    }

    void toastsLeaveTheLogInView()
    {
        QFETCH(QSize, size);
        Store store;
        QString error;
        QVERIFY2(store.open(m_dir.filePath(u"v%1.db"_s.arg(++m_db)), Durability::Normal, &error),
            qPrintable(error));
        QList<Event> events { ev(u"render-42"_s, EventType::JobStarted, u"render"_s) };
        for (int i = 1; i <= 60; ++i) {
            Event log = ev(u"render-42"_s, EventType::Log);
            log.message = u"upload %1%"_s.arg(i);
            events << log;
        }
        const QStringList kinds { u"ocr"_s, u"deploy"_s, u"captions"_s };
        for (const QString &kind : kinds) {
            for (int i = 1; i <= 3; ++i) {
                events << ev(u"%1-%2"_s.arg(kind).arg(i), EventType::JobStarted, kind);
            }
        }
        QVERIFY(testing::commit(store, events));

        Dashboard dashboard(&store);
        Dashboard::setInstance(&dashboard);
        QQmlApplicationEngine engine;
        QQuickWindow *window = loadMainWindow(engine, size);
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        dashboard.jobs()->flush();
        dashboard.select(u"render-42"_s);
        dashboard.notifier()->setWindowActive(true); // someone is looking: toasts, not pop-ups

        // Three workflows fail, each with long errors: three toasts, one a group of three.
        for (const QString &kind : kinds) {
            QList<Event> failures;
            for (int i = 1; i <= 3; ++i) {
                Event failed = ev(u"%1-%2"_s.arg(kind).arg(i), EventType::JobFailed, kind);
                failed.message = u"The %1 worker stopped: connection reset by peer while "
                                 "uploading part %2 of the artefact"_s.arg(kind)
                                     .arg(i);
                failures << failed;
            }
            QVERIFY(testing::commit(store, failures));
        }
        QCOMPARE(dashboard.toasts()->count(), 3);

        QQuickItem *log = nullptr;
        QTRY_VERIFY((log = viewOf(window, dashboard.logLines())));
        QTRY_COMPARE(log->property("count").toInt(), 60);
        QQuickItem *detail = detailOf(log);
        QVERIFY(detail);
        QVERIFY(log->height() > 100);
        QTest::qWait(100); // the stack lays itself out

        QList<QQuickItem *> shown;
        for (QQuickItem *item : shownItems(window)) {
            if (item->objectName() == u"toast") {
                shown << item;
            }
        }
        QCOMPARE(shown.size(), 1); // one on screen, the others wait behind it
        const QRectF toast = sceneRect(shown.first());
        QVERIFY(toast.height() > 60); // the group of three, with their errors
        QVERIFY2(QRectF(0, 0, window->width(), window->height()).contains(toast),
            "the toast is outside the window");
        const auto text = [](const QRectF &r) {
            return u"%1,%2 %3x%4"_s.arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
        };
        QVERIFY2(!toast.intersects(sceneRect(log)),
            qPrintable(u"toast %1 over the log %2"_s.arg(text(toast), text(sceneRect(log)))));
        QVERIFY2(!toast.intersects(sceneRect(detail)),
            qPrintable(u"toast %1 over the detail %2"_s.arg(text(toast), text(sceneRect(detail)))));
        Dashboard::setInstance(nullptr);
    }
};

QTEST_MAIN(TestToastsView)
#include "tst_toastsview.moc"
