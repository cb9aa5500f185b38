#pragma once

#include "core/job.h"

#include <QSqlQuery>
#include <QVariantList>
#include <utility>

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
 * The condition "log_chunks row @p alias is a chunk of lines (not a cut's marker), of the job
 * @p job unless that is empty, not in the log's search index yet, and holds each word of
 * @p text" (each token the start of a word, in any case, as the index matches) and its bound
 * values. On SQLite the newest chunks are indexed after their commit (LogWriter::indexStep):
 * a search reads them by their text instead, found by id past the mark, which keeps them
 * few. Matches nothing on PostgreSQL, which indexes each chunk as it is written, or for a
 * text without words.
 */
std::pair<QString, QVariantList> unindexedChunksHolding(
    const Dialect &dialect, const QString &alias, const QString &text, const QString &job = {});
/** Gives a SQLite connection the SQL function unindexedChunksHolding uses (a reader's); does
 *  nothing on PostgreSQL. */
void addLogSearchFunction(QSqlDatabase &db);

/**
 * @brief Appends log events to their job's log (table log_chunks, schema 5) inside the
 * writer's transaction, one chunk row per event, and cuts the middle of a log that grows
 * past the per-job limit. Each chunk's words go to the log's search index (log_fts), which
 * keeps no copy of the text; a deleted chunk leaves it by trigger or foreign key. The job's
 * logLines and logBytes are kept in step; the caller saves the job.
 *
 * On SQLite a chunk is indexed after the commit that stores it, not in it: the index was
 * half of the receiver's work for `jobpulse run`'s output, on the path to its answer. The
 * chunks up to a mark (log_indexed.upto, schema 12) are in the index, the newer ones are
 * not; indexStep() moves the mark, in the writer's idle moments or once too much waits
 * (StoreWriter), and searches read the chunks past it by their text.
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

    /** Indexes the oldest chunks past the mark, at least one, until @p bytes of their text
     *  or @p chunks of them are, and moves the mark past them, in the caller's transaction.
     *  After a failure the caller rolls back and calls readMark(). */
    bool indexStep(qint64 bytes, qint64 chunks, QString *error);
    /** Reads the mark from the database (after a rolled-back step). */
    bool readMark(QString *error);
    /** About how much text, in how many chunks, waits past the mark (0 on PostgreSQL). */
    qint64 unindexedBytes() const { return m_unindexedBytes; }
    qint64 unindexedChunks() const { return m_unindexedChunks; }

private:
    static bool run(QSqlQuery &q, QString *error);
    /** What a log_chunks insert ends with to give its id (RETURNING on PostgreSQL only). */
    QString returningId() const;
    /** Runs @p insert (a log_chunks row) and indexes its @p text (log_fts) by its id. */
    bool insertIndexed(QSqlQuery &insert, const QString &text, QString *error);

    const Dialect &m_dialect;
    const bool m_deferred; // SQLite: chunks are indexed after their commit (indexStep)
    bool m_markKnown = false;
    qint64 m_indexedUpTo = 0; // the mark: every chunk up to it is indexed, none past it
    qint64 m_unindexedBytes = 0;
    qint64 m_unindexedChunks = 0;
    QSqlQuery m_insert;
    QSqlQuery m_index;
    QSqlQuery m_chunks;
    QSqlQuery m_cut;
    QSqlQuery m_marker;
    QSqlQuery m_unindexed;
    QSqlQuery m_setMark;
    QSqlQuery m_readMark;
};

} // namespace jobpulse
