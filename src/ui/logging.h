#pragma once
// The ui library's logging categories: "jobpulse.ui" (the window, the dashboard's models and
// the failures the error sink shows), "jobpulse.notify" (desktop notifications) and
// "jobpulse.ui.tray" (the tray icon).

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcNotify)
Q_DECLARE_LOGGING_CATEGORY(lcTray)
