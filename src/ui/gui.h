#pragma once

#include <QSize>
#include <QString>
#include <QUrl>

class QGuiApplication;

namespace jobpulse {

class SourceManager;
class Store;

struct GuiOptions
{
    QString screenshotPath; // when set: grab the window after the delay, save a PNG, quit
    int screenshotDelayMs = 3000;
    QSize windowSize { 1280, 800 };
    SourceManager *sources = nullptr; // for the connection badges; none when null
};

/**
 * @brief Shows the dashboard for @p store until the window closes.
 * @return the application's exit code; with a screenshot path, 0 when the PNG was saved.
 */
int runGui(QGuiApplication &app, Store *store, const QUrl &receiverUrl, const GuiOptions &options);

} // namespace jobpulse
