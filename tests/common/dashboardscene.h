#pragma once
// Shared by the scene tests: a real store in a temporary directory, the Dashboard over it and
// a QML window showing part of the dashboard, as the app puts them together.

#include "common/qmlwindow.h"
#include "common/storetesting.h"
#include "store/store.h"
#include "ui/dashboard.h"

#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <memory>

namespace jobpulse::testing {

class DashboardScene
{
public:
    /** Opens the store (once per test case: it outlives the windows). */
    bool openStore(QString *error)
    {
        store = std::make_unique<Store>();
        return store->open(m_dir.filePath(QStringLiteral("scene.db")), Durability::Normal, error);
    }
    /** A new Dashboard over the store and a window loaded from @p qml; false when it did not
     *  load or show. */
    bool show(const QByteArray &qml)
    {
        dashboard = std::make_unique<Dashboard>(store.get());
        Dashboard::setInstance(dashboard.get());
        engine = std::make_unique<QQmlApplicationEngine>();
        window = showWindow(*engine, qml);
        return window != nullptr;
    }
    /** show() a window of @p width × @p height filled by the dashboard's @p view ("JobList"). */
    bool showView(const QByteArray &view, int width, int height)
    {
        return show("import QtQuick\nimport Jobpulse\nWindow { width: " + QByteArray::number(width)
            + "; height: " + QByteArray::number(height) + "; visible: true\n" + view
            + " { anchors.fill: parent } }");
    }
    /** Closes the window and the Dashboard; the store and its jobs stay. */
    void close()
    {
        engine.reset();
        window = nullptr;
        Dashboard::setInstance(nullptr);
        dashboard.reset();
    }
    /** Commits @p events as one batch; the live list shows them on return. */
    bool commit(QList<Event> events)
    {
        if (!testing::commit(*store, std::move(events))) {
            return false;
        }
        dashboard->jobs()->flush();
        return true;
    }
    QQuickItem *item(const char *name) const { return findItem(window, name); }

    std::unique_ptr<Store> store;
    std::unique_ptr<Dashboard> dashboard;
    std::unique_ptr<QQmlApplicationEngine> engine;
    QQuickWindow *window = nullptr;

private:
    QTemporaryDir m_dir;
};

} // namespace jobpulse::testing
