#pragma once
// The store library's one logging category, "jobpulse.store": the writer, the reads and
// opening the database all log under it.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStore)
