#pragma once

#include "config/appconfig.h"
#include "config/configchange.h"

#include <QSize>
#include <QString>
#include <QUrl>
#include <functional>

class QGuiApplication;
class QQmlApplicationEngine;
class QQuickWindow;
class QTranslator;

namespace jobpulse {

class SingleInstance;
class SourceManager;
class Store;

struct GuiOptions
{
    QString screenshotPath; // when set: grab the window after the delay, save a PNG, quit
    int screenshotDelayMs = 3000;
    QSize windowSize { 1280, 800 };
    SourceManager *sources = nullptr; // for the connection badges; none when null
    QString readToken; // the receiver's readToken: the inspector's replays need it
    QString configPath; // the settings page writes here; "" = Settings::defaultPath()
    ListenOrigin listenOrigin = ListenOrigin::Default; // the settings page says it
    std::function<void()> startDemo; // "Run demo" on the first-run page; none = no button
    // This process's receiver re-reads and applies the config file (ConfigReloader); the
    // settings page calls it after saving. A viewer asks its owner instead.
    std::function<ConfigChange()> reloadConfig;
    SingleInstance *instance = nullptr; // a later launch raises the window through it
    // Viewing: the Jobpulse that writes the database (the store is then read-only), else empty.
    QUrl ownerUrl;
    qint64 ownerPid = 0;
    // Why this process receives no events ("" when it does), and whether the port is to blame.
    QString receiverProblem;
    bool portTaken = false;
};

/**
 * @brief What every dashboard scene needs before QML loads: the language (into @p translator,
 * installed) and the Quick Controls style Theme.qml restyles.
 * @param language "system" (or "") for the system locale's, else a code such as "de".
 */
void prepareUi(QTranslator &translator, const QString &language = {});

/** Loads @p language ("system": the system locale's) into @p translator and installs it. */
void loadTranslation(QTranslator &translator, const QString &language);

/**
 * @brief Loads Main.qml into @p engine over the Dashboard instance (Dashboard::setInstance) and
 * sizes its window: the app's scene, shared by runGui and the UI benchmark.
 * @return the window, nullptr when Main.qml did not load.
 */
QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, const QSize &size);

/**
 * @brief Shows the dashboard for @p store until the window closes; @p receiverUrl is this
 * process's receiver, empty when it has none (viewing another Jobpulse, the port taken).
 * @return the application's exit code; with a screenshot path, 0 when the PNG was saved.
 */
int runGui(QGuiApplication &app, Store *store, const QUrl &receiverUrl, const GuiOptions &options);

} // namespace jobpulse
