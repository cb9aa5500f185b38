#pragma once

#include "core/job.h"

#include <QSqlQuery>

class QSqlDatabase;

namespace jobpulse {

class Dialect;

/**
 * @brief The events row's body of @p event: its canonical JSON, except for a log chunk whose
 * lines log_chunks keeps as they came (each line a string, or a stream other than the
 * chunk's, no `ts`, no newline inside): those lines are left out, stored once in log_chunks,
 * and the body says `"chunk": {"lines": N}` instead. Store::readEvents puts them back.
 */
QString storedEventBody(const Event &event);
/** The key of a body's chunk entry (never a key of the canonical event). */
inline constexpr QStringView ChunkKey = u"chunk";

/**
 * @brief Appends log events to their job's log (table log_chunks, schema 5) inside the
 * writer's transaction, one chunk row per event, and cuts the middle of a log that grows
 * past the per-job limit. Each chunk's words go to the log's search index (log_fts), which
 * keeps no copy of the text; a deleted chunk leaves it by trigger or foreign key. The job's
 * logLines and logBytes are kept in step; the caller saves the job.
 */
class LogWriter
{
public:
    explicit LogWriter(QSqlDatabase &db);

    /** Appends @p event's lines (none for other events) as lines job.logLines + 1 … and
     *  indexes the chunk for search (log_fts, schema 10). */
    bool append(Job &job, qint64 seq, const Event &event, QString *error);
    /**
     * When @p job's log keeps more than @p maxBytes (0 = no limit), removes whole chunks from
     * its middle until it keeps about three quarters of it: the first lines (an eighth of
     * the limit) and the newest stay, and one marker entry says how many lines are gone.
     */
    bool limit(Job &job, qint64 maxBytes, QString *error);

private:
    static bool run(QSqlQuery &q, QString *error);
    /** What a log_chunks insert ends with to give its id (RETURNING on PostgreSQL only). */
    QString returningId() const;
    /** Runs @p insert (a log_chunks row) and indexes its @p text (log_fts) by its id. */
    bool insertIndexed(QSqlQuery &insert, const QString &text, QString *error);

    const Dialect &m_dialect;
    QSqlQuery m_insert;
    QSqlQuery m_index;
    QSqlQuery m_chunks;
    QSqlQuery m_cut;
    QSqlQuery m_marker;
};

} // namespace jobpulse
