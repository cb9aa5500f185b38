#include "logging.h"

Q_LOGGING_CATEGORY(lcUi, "jobpulse.ui")
Q_LOGGING_CATEGORY(lcNotify, "jobpulse.notify")
Q_LOGGING_CATEGORY(lcTray, "jobpulse.ui.tray")
