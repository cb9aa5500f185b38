#include "logging.h"

Q_LOGGING_CATEGORY(lcSource, "jobpulse.sources")
