#include "logging.h"

Q_LOGGING_CATEGORY(lcStore, "jobpulse.store")
