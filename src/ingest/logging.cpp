#include "logging.h"

Q_LOGGING_CATEGORY(lcIngest, "jobpulse.ingest")
Q_LOGGING_CATEGORY(lcGuard, "jobpulse.ingest.guard")
