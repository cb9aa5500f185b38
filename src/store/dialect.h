#pragma once
// Where the store lives (a SQLite file or a PostgreSQL database) and the few things its SQL
// says differently on each: the rest of the store's SQL is plain SQL both accept.

#include "store/types.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <optional>

class QSqlQuery;

namespace jobpulse {

/**
 * @brief What `--db` or the config's `store.url` names: a SQLite file (any path), or a
 * PostgreSQL database (`postgresql://user[:password]@host[:port]/dbname[?param=value…]`,
 * also `postgres://`). Query parameters are libpq connection options (sslmode,
 * connect_timeout, host=/run/postgresql for a unix socket…).
 */
struct StoreTarget
{
    enum class Kind { Sqlite, Postgres };
    Kind kind = Kind::Sqlite;
    QString path; // SQLite: the file
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QStringList options; // libpq key=value pairs

    /** nullopt with @p error for a postgresql:// URL that cannot be used. */
    static std::optional<StoreTarget> parse(const QString &text, QString *error);
    static bool isUrl(const QString &text);
    bool isPostgres() const { return kind == Kind::Postgres; }
    /** How messages name it: the path, or the URL without its password. */
    QString displayName() const;
    /** Adds (not opens) Qt Sql connection @p name for it. */
    QSqlDatabase addConnection(const QString &name) const;
};

/**
 * @brief The SQL that differs between SQLite and PostgreSQL, in one place. Get it with
 * Dialect::of(db) from any connection.
 */
class Dialect
{
public:
    static const Dialect &of(const QSqlDatabase &db);
    static const Dialect &sqlite();
    static const Dialect &postgres();

    bool isPostgres() const { return m_postgres; }
    /** Opens a write transaction that other writers wait for (BEGIN IMMEDIATE / BEGIN). */
    QString begin() const;
    /** Durability and connection settings, run once on the writer's connection. */
    bool setUpWriter(QSqlDatabase &db, Durability durability, QString *error) const;
    /** A read-only connection: nothing it runs may write. */
    bool setUpReader(QSqlDatabase &db, QString *error) const;

    /** The schema version stored in the database (0: none yet); -1 with @p error. */
    int schemaVersion(QSqlDatabase &db, QString *error) const;
    bool setSchemaVersion(QSqlDatabase &db, int version, QString *error) const;
    /** Begins the transaction migrations run in, which a second migrating process waits for. */
    bool beginMigration(QSqlDatabase &db, QString *error) const;
    /** A shared migration statement in this dialect's types (INTEGER PRIMARY KEY → identity,
     *  INTEGER → BIGINT, REAL → DOUBLE PRECISION, BLOB → BYTEA on PostgreSQL). */
    QString ddl(QString statement) const;

    /** Whether a search index keeps its own copy of the text it indexes (events_fts,
     *  jobs_fts) or only the words, the text staying in its table (log_fts: SQLite FTS5
     *  external content over log_chunks, a PostgreSQL tsvector without a text column). */
    enum class IndexText { Copied, External };
    /** `INSERT INTO @p table (rowid, @p columns)` for a search index; bind it with bindIndexed. */
    QString indexInsert(
        const QString &table, const QStringList &columns, IndexText text = IndexText::Copied) const;
    /** Binds @p rowid and @p fields (and, on PostgreSQL, the words its tsvector is made of). */
    void bindIndexed(QSqlQuery &q, qint64 rowid, const QStringList &fields,
        IndexText text = IndexText::Copied) const;
    /** The condition "this search index row matches the bound query" (one placeholder). */
    QString indexMatch(const QString &table) const;
    /** The bound value for indexMatch: each word of @p text a word prefix, all of them needed;
     *  quotes and operators are searched as text, never parsed. Without a word: matches none. */
    QString searchQuery(const QString &text) const;
    /** searchQuery for an index without word positions (log_fts: FTS5 `detail=none`, a
     *  stripped tsvector), which has no phrases: every token of every word a word prefix, all
     *  of them needed ("disk-full" → "disk"* "full"*, anywhere in the row). The caller checks
     *  the rows found for the real text. */
    QString tokenQuery(const QString &text) const;
    /** The size in bytes of the text @p expression. */
    QString byteLength(const QString &expression) const;

    // Several writers (PostgreSQL only; SQLite has one writer, its file lock's).
    /** The channel every event-writing transaction NOTIFYs with its highest seq. */
    static constexpr QStringView EventsChannel = u"jobpulse_events";
    /** Taken by each event-writing transaction before its first event row (empty on
     *  SQLite): one event writer at a time across every node, until it commits. */
    QString serialiseEventWriters() const;
    /** One bound value, the transaction's highest seq: NOTIFY at commit (empty on SQLite). */
    QString notifyEvents() const;
    /** Appended to a SELECT of a row the transaction is about to rewrite from what it read:
     *  ` FOR UPDATE` on PostgreSQL, nothing on SQLite (whose writer is alone). */
    QString lockingRead() const;

private:
    explicit Dialect(bool postgres)
        : m_postgres(postgres)
    { }
    bool m_postgres;
};

} // namespace jobpulse
