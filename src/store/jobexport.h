#pragma once

#include "store.h"

class QIODevice;

namespace jobpulse {

enum class ExportFormat { Json, Csv };

/**
 * @brief Writes every job @p query matches (its before and limit are ignored), newest first: a JSON
 * array (each job with its steps) or CSV (RFC 4180 quoting, one header line). Used by `jobpulse
 * export` and the dashboard.
 * @return the number of jobs written, or -1 when @p out failed (see its errorString()).
 */
qint64 exportJobs(const Store &store, JobQuery query, ExportFormat format, QIODevice *out);

} // namespace jobpulse
