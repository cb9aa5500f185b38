#pragma once
// The ingest library's logging categories: "jobpulse.ingest" (the receiver, the pipeline,
// the read API) and "jobpulse.ingest.guard" (the request guard's refusals).

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcIngest)
Q_DECLARE_LOGGING_CATEGORY(lcGuard)
