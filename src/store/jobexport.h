#pragma once

#include "store.h"

#include <QDateTime>

class QIODevice;

namespace jobpulse {

/** @brief Which jobs: the store's query (status, kind, search) and a creation-time range. */
struct JobFilter
{
    JobQuery query; // its before and limit are ignored: the functions below page themselves
    QDateTime from; // created at or after; invalid = no lower bound
    QDateTime until; // created before; invalid = no upper bound

    bool matches(const Job &job) const;
};

/**
 * @brief One keyset page of @p filter's jobs, newest first: up to @p limit jobs with a rowid
 * below @p before (0 = from the newest); next is the cursor for the following page.
 *
 * Jobs created meanwhile have higher rowids, so paging on never repeats or skips a job.
 */
JobPage filteredJobs(const Store &store, const JobFilter &filter, qint64 before, int limit);

enum class ExportFormat { Json, Csv };

/**
 * @brief Writes every job of @p filter, newest first: a JSON array (each job with its steps)
 * or CSV (RFC 4180 quoting, one header line). Used by `jobpulse export` and the dashboard.
 * @return the number of jobs written, or -1 when @p out failed (see its errorString()).
 */
qint64 exportJobs(const Store &store, const JobFilter &filter, ExportFormat format, QIODevice *out);

} // namespace jobpulse
