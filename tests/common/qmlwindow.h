#pragma once
// Shared by the scene tests: a QML window over the Dashboard instance, shown and exposed.

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>

namespace jobpulse::testing {

/** Loads @p qml (a Window) into @p engine with the app's import path and waits until it is
 *  exposed; nullptr when it did not load or show. */
inline QQuickWindow *showWindow(QQmlApplicationEngine &engine, const QByteArray &qml)
{
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.loadData(qml);
    if (engine.rootObjects().isEmpty()) {
        return nullptr;
    }
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    return window && QTest::qWaitForWindowExposed(window) ? window : nullptr;
}

/** The item of @p window with the objectName @p name, nullptr when there is none. */
inline QQuickItem *findItem(QQuickWindow *window, const char *name)
{
    return window->findChild<QQuickItem *>(QString::fromLatin1(name));
}

/** Clicks the middle of @p target, which must be there and visible. */
inline void clickItem(QQuickWindow *window, QQuickItem *target)
{
    QVERIFY(target);
    QVERIFY(target->isVisible());
    const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, {}, centre.toPoint());
}

} // namespace jobpulse::testing
