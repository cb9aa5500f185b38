#include "dialect.h"

#include "schema.h"
#include "tokens.h"

#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// The text PostgreSQL's tsvector is made of: only the tokens, lower case, so that its parser
// splits them as the query's (never "render-42" into "render" and the number "-42").
QString indexedWords(const QStringList &fields)
{
    QStringList all;
    for (const QStringList &tokens : tokenizedWords(fields.join(u' '))) {
        all << tokens.join(u' ');
    }
    return all.join(u' ');
}

bool run(QSqlDatabase &db, const QString &statement, QString *error)
{
    return sql::exec(db, statement, error);
}

} // namespace

QList<QStringList> tokenizedWords(const QString &text)
{
    QList<QStringList> words;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        QStringList tokens;
        QString token;
        for (const QChar c : word) {
            if (c.isLetterOrNumber()) {
                token += c.toLower();
            } else if (!token.isEmpty()) {
                tokens << std::exchange(token, QString());
            }
        }
        if (!token.isEmpty()) {
            tokens << token;
        }
        if (!tokens.isEmpty()) {
            words << tokens;
        }
    }
    return words;
}

bool StoreTarget::isUrl(const QString &text)
{
    return text.startsWith(u"postgresql://"_s) || text.startsWith(u"postgres://"_s);
}

std::optional<StoreTarget> StoreTarget::parse(const QString &text, QString *error)
{
    StoreTarget target;
    if (!isUrl(text)) {
        target.path = text;
        return target;
    }
    const QUrl url(text, QUrl::StrictMode);
    const auto refuse = [&](const QString &why) {
        *error = u"--db %1: %2 (postgresql://user@host:port/dbname)"_s.arg(
            StoreTarget { Kind::Postgres, {}, url.host(), url.port(5432), url.userName(), {},
                url.path().mid(1), {} }
                .displayName(),
            why);
        return std::nullopt;
    };
    if (!url.isValid()) {
        *error = u"--db: not a valid URL: %1"_s.arg(url.errorString());
        return std::nullopt;
    }
    target.kind = Kind::Postgres;
    target.host = url.host();
    target.port = url.port(5432);
    target.user = url.userName(QUrl::FullyDecoded);
    target.password = url.password(QUrl::FullyDecoded);
    target.database = url.path(QUrl::FullyDecoded).mid(1);
    if (target.database.isEmpty() || target.database.contains(u'/')) {
        return refuse(u"the URL names no database"_s);
    }
    static const QRegularExpression key(QRegularExpression::anchoredPattern(u"[a-z_]+"_s));
    for (const auto &[name, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (!key.match(name).hasMatch() || value.isEmpty() || value.contains(u';')
            || value.contains(u' ')) {
            return refuse(u"'%1=%2' is not a connection parameter"_s.arg(name, value));
        }
        if (name == u"host") {
            target.host = value; // a unix socket's folder: ?host=/run/postgresql
        } else if (name == u"password" || name == u"user" || name == u"dbname") {
            return refuse(u"'%1' belongs in the URL itself"_s.arg(name));
        } else {
            target.options << name + u'=' + value;
        }
    }
    return target;
}

QString StoreTarget::displayName() const
{
    if (!isPostgres()) {
        return path;
    }
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(user);
    url.setHost(host.startsWith(u'/') ? QString() : host);
    if (port != 5432) {
        url.setPort(port);
    }
    url.setPath(u'/' + database);
    return url.toString();
}

QSqlDatabase StoreTarget::addConnection(const QString &name) const
{
    if (!isPostgres()) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        return db;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
    db.setHostName(host);
    db.setPort(port);
    db.setUserName(user);
    db.setPassword(password);
    db.setDatabaseName(database);
    QStringList connectOptions = options;
    if (std::none_of(options.cbegin(), options.cend(),
            [](const QString &o) { return o.startsWith(u"connect_timeout="_s); })) {
        connectOptions << u"connect_timeout=10"_s;
    }
    connectOptions << u"application_name=jobpulse"_s;
    db.setConnectOptions(connectOptions.join(u';'));
    return db;
}

const Dialect &Dialect::sqlite()
{
    static const Dialect dialect(false);
    return dialect;
}

const Dialect &Dialect::postgres()
{
    static const Dialect dialect(true);
    return dialect;
}

const Dialect &Dialect::of(const QSqlDatabase &db)
{
    return db.driverName() == u"QPSQL" ? postgres() : sqlite();
}

QString Dialect::begin() const
{
    // SQLite: take the write lock now, not at the first write (no deadlock upgrading a read).
    return m_postgres ? u"BEGIN"_s : u"BEGIN IMMEDIATE"_s;
}

bool Dialect::setUpWriter(QSqlDatabase &db, Durability durability, QString *error) const
{
    if (m_postgres) {
        // full: the commit is on the server's disk before the 2xx; normal: a crash of the
        // server (not of this app) may lose the last commits, never corrupt them.
        return run(db, u"SET client_min_messages = warning"_s, error)
            && run(db,
                u"SET synchronous_commit = %1"_s.arg(
                    durability == Durability::Full ? u"on"_s : u"off"_s),
                error);
    }
    const QString sync = durability == Durability::Full ? u"FULL"_s : u"NORMAL"_s;
    QSqlQuery mode(db);
    if (!mode.exec(u"PRAGMA journal_mode = WAL"_s) || !mode.next()) {
        *error = u"%1 is not a usable SQLite database: %2"_s.arg(
            db.databaseName(), mode.lastError().text());
        return false;
    }
    mode.finish();
    return run(db, u"PRAGMA synchronous = %1"_s.arg(sync), error)
        && run(db, u"PRAGMA foreign_keys = ON"_s, error)
        // KiB: hot index pages stay in memory
        && run(db, u"PRAGMA cache_size = -32000"_s, error)
        // The statement journals of a batch's inserts (foreign keys and the full-text index
        // make each a statement that may roll back alone) in memory: in a temporary file they
        // were ~6,700 4 KiB pwrite()s a second, the writer's biggest cost with batches of 100.
        && run(db, u"PRAGMA temp_store = MEMORY"_s, error);
}

bool Dialect::setUpReader(QSqlDatabase &db, QString *error) const
{
    // SQLite's read-only connection is opened so (QSQLITE_OPEN_READONLY).
    return !m_postgres
        || (run(db, u"SET client_min_messages = warning"_s, error)
            && run(db, u"SET default_transaction_read_only = on"_s, error));
}

int Dialect::schemaVersion(QSqlDatabase &db, QString *error) const
{
    QSqlQuery q(db);
    if (m_postgres) {
        // A new database has no version table yet: that is version 0, not an error (which
        // would also abort the migration's transaction). Read from pg_class with the
        // statement's snapshot: to_regclass's catalog cache may not yet know a table that
        // the migration this one waited for (beginMigration) has just committed.
        if (!q.exec(u"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN "
                    u"pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
                    u"c.relname = 'jobpulse_schema' AND n.nspname = current_schema())"_s)
            || !q.next()) {
            *error = q.lastError().text();
            return -1;
        }
        if (!q.value(0).toBool()) {
            return 0;
        }
        if (!q.exec(u"SELECT COALESCE(MAX(version), 0) FROM jobpulse_schema"_s) || !q.next()) {
            *error = q.lastError().text();
            return -1;
        }
        return q.value(0).toInt();
    }
    if (!q.exec(u"PRAGMA user_version"_s) || !q.next()) {
        *error = q.lastError().text();
        return -1;
    }
    return q.value(0).toInt();
}

bool Dialect::setSchemaVersion(QSqlDatabase &db, int version, QString *error) const
{
    if (!m_postgres) {
        return run(db, u"PRAGMA user_version = %1"_s.arg(version), error);
    }
    return run(db, u"CREATE TABLE IF NOT EXISTS jobpulse_schema (version INTEGER NOT NULL)"_s,
               error)
        && run(db, u"DELETE FROM jobpulse_schema"_s, error)
        && run(db, u"INSERT INTO jobpulse_schema (version) VALUES (%1)"_s.arg(version), error);
}

bool Dialect::beginMigration(QSqlDatabase &db, QString *error) const
{
    // Of two processes creating the same new database, the second waits here and then finds
    // it migrated. PostgreSQL: a transaction-scoped advisory lock (the key spells "jobpulse").
    return m_postgres
        ? run(db, u"BEGIN"_s, error) && run(db, u"SELECT pg_advisory_xact_lock(7596)"_s, error)
        : run(db, u"BEGIN EXCLUSIVE"_s, error);
}

QString Dialect::ddl(QString statement) const
{
    if (!m_postgres) {
        return statement;
    }
    static const QList<std::pair<QRegularExpression, QString>> types {
        { QRegularExpression(u"\\bINTEGER PRIMARY KEY\\b"_s),
            u"BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"_s },
        { QRegularExpression(u"\\bINTEGER\\b"_s), u"BIGINT"_s },
        { QRegularExpression(u"\\bREAL\\b"_s), u"DOUBLE PRECISION"_s },
        { QRegularExpression(u"\\bBLOB\\b"_s), u"BYTEA"_s },
        { QRegularExpression(u"\\)\\s*WITHOUT ROWID\\s*$"_s), u")"_s },
    };
    for (const auto &[pattern, replacement] : types) {
        statement.replace(pattern, replacement);
    }
    return statement;
}

QString Dialect::indexInsert(const QString &table, const QStringList &columns, IndexText text) const
{
    if (m_postgres && text == IndexText::External) {
        // Only the words, without their positions (tokenQuery has no phrases to need them).
        return u"INSERT INTO %1 (rowid, doc) VALUES (?, strip(to_tsvector('simple', ?)))"_s.arg(
            table);
    }
    const QString placeholders = QStringList(columns.size() + 1, u"?"_s).join(u", "_s);
    return m_postgres
        ? u"INSERT INTO %1 (rowid, %2, doc) VALUES (%3, to_tsvector('simple', ?))"_s.arg(
            table, columns.join(u", "_s), placeholders)
        : u"INSERT INTO %1 (rowid, %2) VALUES (%3)"_s.arg(
            table, columns.join(u", "_s), placeholders);
}

void Dialect::bindIndexed(
    QSqlQuery &q, qint64 rowid, const QStringList &fields, IndexText text) const
{
    q.addBindValue(rowid);
    if (!m_postgres || text == IndexText::Copied) {
        for (const QString &field : fields) {
            q.addBindValue(field);
        }
    }
    if (m_postgres) {
        q.addBindValue(indexedWords(fields));
    }
}

QString Dialect::indexMatch(const QString &table) const
{
    // PostgreSQL: to_tsquery of NULL (a text without words) is NULL, which matches nothing
    // (an empty query would match nothing too, but with a NOTICE each time).
    return m_postgres ? u"doc @@ to_tsquery('simple', NULLIF(?, ''))"_s
                      : u"%1 MATCH ?"_s.arg(table);
}

QString Dialect::searchQuery(const QString &text) const
{
    // Each word a phrase of its tokens, its last token a prefix: FTS5 "disk"* "full"*,
    // tsquery 'disk':* & 'full':*. Tokens are letters and digits only: nothing in them is
    // query syntax.
    QStringList words;
    if (m_postgres) {
        for (const QStringList &tokens : tokenizedWords(text)) {
            words << u"'"_s + tokens.join(u"' <-> '"_s) + u"':*"_s;
        }
        return words.join(u" & "_s);
    }
    // FTS5 splits a quoted word into its tokens itself; "" inside quotes is a quote.
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (std::none_of(
                word.cbegin(), word.cend(), [](QChar c) { return c.isLetterOrNumber(); })) {
            continue;
        }
        words << u'"' + QString(word).replace(u'"', u"\"\""_s) + u"\"*"_s;
    }
    return words.isEmpty() ? u"\"\""_s : words.join(u' ');
}

QString Dialect::tokenQuery(const QString &text) const
{
    QStringList tokens;
    for (const QStringList &word : tokenizedWords(text)) {
        for (const QString &token : word) {
            tokens << (m_postgres ? u"'"_s + token + u"':*"_s : u'"' + token + u"\"*"_s);
        }
    }
    if (m_postgres) {
        return tokens.join(u" & "_s);
    }
    return tokens.isEmpty() ? u"\"\""_s : tokens.join(u' ');
}

QString Dialect::byteLength(const QString &expression) const
{
    return m_postgres ? u"octet_length(%1)"_s.arg(expression)
                      : u"length(CAST(%1 AS BLOB))"_s.arg(expression);
}

// Why a lock and not a counter row: the identity stays seq's source (a duplicate or a
// rolled-back batch still burns a number, so seqs only increase, with gaps), and the lock is
// what makes them increase in commit order. Without it, transaction A can take seq 10 and
// commit after B committed 11: a relay that already read past 11 would skip 10 for good.
// Held from the first event row to COMMIT, so allocation and commit are one step across
// nodes; the two-key form (classid 'jpev', objid 1) never meets a one-key bigint lock.
QString Dialect::serialiseEventWriters() const
{
    return m_postgres ? u"SELECT pg_advisory_xact_lock(1785750902, 1)"_s : QString();
}

QString Dialect::notifyEvents() const
{
    return m_postgres ? u"SELECT pg_notify('%1', ?)"_s.arg(EventsChannel) : QString();
}

QString Dialect::lockingRead() const
{
    return m_postgres ? u" FOR UPDATE"_s : QString();
}

} // namespace jobpulse
