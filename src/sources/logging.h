#pragma once
// The sources library's one logging category, "jobpulse.sources": every source's state
// changes and the manager's fallbacks and retries log under it.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSource)
