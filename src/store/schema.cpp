#include "schema.h"

#include "dialect.h"

#include <QJsonDocument>
#include <QSqlError>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::sql {

namespace {

// One schema version's statements: first those both databases run (plain SQL, its types
// mapped by Dialect::ddl), then SQLite's own, then PostgreSQL's own. A PostgreSQL database
// is never older than schema 5 (the first to support it): its steps up to 5 create the
// schema on empty tables and need not carry data along.
struct Migration
{
    QStringList shared;
    QStringList sqlite = {};
    QStringList postgres = {};
};

// One entry per schema version; never edit a shipped entry, append a new one.
const QList<Migration> &migrations()
{
    static const QList<Migration> list {
        // 1: events log, materialised jobs and steps.
        // seq is the rowid without AUTOINCREMENT: a duplicate skipped by ON CONFLICT DO
        // NOTHING then burns no number, so seq stays dense. Retention must always keep the
        // newest event, so that seq never restarts. (PostgreSQL: an identity, which a
        // duplicate or a rolled-back batch does burn a number of; seq only grows.)
        { {
            uR"(CREATE TABLE events (
                seq INTEGER PRIMARY KEY,
                eid TEXT,
                job TEXT NOT NULL,
                type TEXT NOT NULL,
                time INTEGER NOT NULL,
                received INTEGER NOT NULL,
                body TEXT NOT NULL))"_s,
            u"CREATE UNIQUE INDEX events_eid ON events(eid) WHERE eid IS NOT NULL"_s,
            u"CREATE INDEX events_job ON events(job, seq)"_s,
            uR"(CREATE TABLE jobs (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                title TEXT DEFAULT '',
                kind TEXT DEFAULT '',
                url TEXT DEFAULT '',
                state TEXT DEFAULT '',
                error TEXT DEFAULT '',
                status INTEGER NOT NULL,
                progress REAL NOT NULL DEFAULT 0,
                progress_known INTEGER NOT NULL DEFAULT 0,
                step_total INTEGER NOT NULL DEFAULT 0,
                step_index INTEGER NOT NULL DEFAULT 0,
                step_name TEXT DEFAULT '',
                steps_done INTEGER NOT NULL DEFAULT 0,
                created INTEGER,
                started INTEGER,
                finished INTEGER,
                updated INTEGER,
                duration REAL,
                event_count INTEGER NOT NULL DEFAULT 0,
                last_seq INTEGER NOT NULL DEFAULT 0))"_s,
            u"CREATE INDEX jobs_status ON jobs(status, id)"_s,
            u"CREATE INDEX jobs_kind ON jobs(kind, id)"_s,
            uR"(CREATE TABLE steps (
                job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                name TEXT DEFAULT '',
                status INTEGER NOT NULL,
                started INTEGER,
                finished INTEGER,
                duration REAL,
                details TEXT NOT NULL DEFAULT '{}',
                PRIMARY KEY (job_id, idx)) WITHOUT ROWID)"_s,
        } },
        // 2: where each outbound source resumes; written in the transaction of its events.
        { {
            uR"(CREATE TABLE source_cursors (
                source TEXT PRIMARY KEY,
                cursor TEXT NOT NULL,
                updated INTEGER NOT NULL) WITHOUT ROWID)"_s,
        } },
        // 3: the inspector's raw deliveries, accepted and refused, capped by count and age.
        { {
            uR"(CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY,
                received INTEGER NOT NULL,
                method TEXT,
                path TEXT,
                hook TEXT,
                remote TEXT,
                headers TEXT NOT NULL,
                body BLOB,
                body_size INTEGER NOT NULL,
                status INTEGER NOT NULL,
                verdict TEXT NOT NULL,
                reason TEXT,
                accepted INTEGER NOT NULL,
                duplicates INTEGER NOT NULL,
                signature_ok INTEGER NOT NULL,
                latency_ms REAL NOT NULL))"_s,
            u"CREATE INDEX deliveries_received ON deliveries(received)"_s,
        } },
        // 4: which hook or source brought a job; full-text search (FTS5) over the jobs' key,
        // title, kind and error and over every event's message. The writer indexes a new
        // event's message and a job's fields as it saves them (triggers cost more: one parsed
        // every body again, 10% of batch ingest; the others indexed each new job three
        // times, halving the creation of jobs); triggers clean up after retention's deletes.
        // Word-prefix matching (unicode61 tokens).
        // PostgreSQL: tsvectors of the same fields' words (Dialect::bindIndexed), GIN-indexed;
        // its foreign keys clean up after retention.
        {
            {
                u"ALTER TABLE jobs ADD COLUMN source TEXT DEFAULT ''"_s,
                u"CREATE INDEX jobs_source ON jobs(source, id)"_s,
            },
            {
                u"CREATE VIRTUAL TABLE jobs_fts USING fts5(key, title, kind, error)"_s,
                uR"(CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
                DELETE FROM jobs_fts WHERE rowid = old.id;
            END)"_s,
                u"INSERT INTO jobs_fts (rowid, key, title, kind, error) "
                u"SELECT id, key, title, kind, error FROM jobs"_s,
                u"CREATE VIRTUAL TABLE events_fts USING fts5(message)"_s,
                uR"(CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
                DELETE FROM events_fts WHERE rowid = old.seq;
            END)"_s,
                u"INSERT INTO events_fts (rowid, message) SELECT seq, json_extract(body, "
                u"'$.message') "
                u"FROM events WHERE json_extract(body, '$.message') IS NOT NULL"_s,
            },
            {
                uR"(CREATE TABLE jobs_fts (
                    rowid BIGINT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
                    key TEXT, title TEXT, kind TEXT, error TEXT, doc tsvector NOT NULL))"_s,
                u"CREATE INDEX jobs_fts_doc ON jobs_fts USING gin (doc)"_s,
                uR"(CREATE TABLE events_fts (
                    rowid BIGINT PRIMARY KEY REFERENCES events(seq) ON DELETE CASCADE,
                    message TEXT, doc tsvector NOT NULL))"_s,
                u"CREATE INDEX events_fts_doc ON events_fts USING gin (doc)"_s,
            },
        },
        // 5: a job's log as chunks of numbered lines (first..last), so that a 1,000,000-line
        // log is appended, paged and cut without touching its other rows. The text is the
        // lines joined by newlines; streams holds one letter per line (o stdout, e stderr,
        // - not said). A row with seq 0 and streams '!' marks lines first..last cut out by
        // the per-job limit (retention.maxLogBytes). Search keeps using events_fts: a log
        // event's lines are indexed there as its message, and seq leads to the chunk.
        // Existing log events become chunks, one per event.
        {
            {
                u"ALTER TABLE jobs ADD COLUMN log_lines INTEGER NOT NULL DEFAULT 0"_s,
                u"ALTER TABLE jobs ADD COLUMN log_bytes INTEGER NOT NULL DEFAULT 0"_s,
                uR"(CREATE TABLE log_chunks (
                id INTEGER PRIMARY KEY,
                job TEXT NOT NULL,
                first INTEGER NOT NULL,
                last INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                time INTEGER NOT NULL,
                streams TEXT NOT NULL,
                text TEXT NOT NULL))"_s,
                u"CREATE INDEX log_chunks_job ON log_chunks(job, last)"_s,
                u"CREATE INDEX log_chunks_seq ON log_chunks(seq) WHERE seq > 0"_s,
            },
            {
                uR"(CREATE TRIGGER log_chunks_delete AFTER DELETE ON jobs BEGIN
                DELETE FROM log_chunks WHERE job = old.key;
            END)"_s,
                uR"(INSERT INTO log_chunks (job, first, last, seq, time, streams, text)
                SELECT job, total - n + 1, total, seq, time, substr(printf('%.*c', n, '-'), 1, n),
                    message FROM (
                    SELECT job, seq, time, message, n,
                        SUM(n) OVER (PARTITION BY job ORDER BY seq) AS total FROM (
                        SELECT job, seq, time, json_extract(body, '$.message') AS message,
                            length(json_extract(body, '$.message'))
                            - length(replace(json_extract(body, '$.message'), char(10), ''))
                            + 1 AS n
                        FROM events WHERE type = 'log'
                            AND json_extract(body, '$.message') IS NOT NULL)))"_s,
                uR"(UPDATE jobs SET (log_lines, log_bytes) = (
                SELECT COALESCE(MAX(last), 0), COALESCE(SUM(length(CAST(text AS BLOB))), 0)
                FROM log_chunks WHERE log_chunks.job = jobs.key))"_s,
            },
            {
                uR"(CREATE FUNCTION jobpulse_log_chunks_delete() RETURNS trigger
                    LANGUAGE plpgsql AS $$ BEGIN
                        DELETE FROM log_chunks WHERE job = OLD.key;
                        RETURN OLD;
                    END $$)"_s,
                uR"(CREATE TRIGGER log_chunks_delete AFTER DELETE ON jobs FOR EACH ROW
                    EXECUTE FUNCTION jobpulse_log_chunks_delete())"_s,
            },
        },
        // 6: forwarding (hooks' `forward`, replay to a URL): every attempt to send a delivery
        // on, pruned with its delivery; an edited replay links to the delivery it came from.
        {
            {
                uR"(CREATE TABLE forward_attempts (
                id INTEGER PRIMARY KEY,
                delivery_id INTEGER NOT NULL,
                target TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                status INTEGER NOT NULL,
                latency_ms REAL NOT NULL,
                response_head BLOB,
                error TEXT,
                time INTEGER NOT NULL))"_s,
                u"CREATE INDEX forward_attempts_delivery ON forward_attempts(delivery_id, id)"_s,
                u"ALTER TABLE deliveries ADD COLUMN replay_of INTEGER"_s,
            },
            {
                uR"(CREATE TRIGGER forward_attempts_delete AFTER DELETE ON deliveries BEGIN
                DELETE FROM forward_attempts WHERE delivery_id = old.id;
            END)"_s,
            },
            {
                uR"(CREATE FUNCTION jobpulse_forward_attempts_delete() RETURNS trigger
                    LANGUAGE plpgsql AS $$ BEGIN
                        DELETE FROM forward_attempts WHERE delivery_id = OLD.id;
                        RETURN OLD;
                    END $$)"_s,
                uR"(CREATE TRIGGER forward_attempts_delete AFTER DELETE ON deliveries
                    FOR EACH ROW EXECUTE FUNCTION jobpulse_forward_attempts_delete())"_s,
            },
        },
        // 7: a job's parent (the run a CI job is part of) and its labels (repository, branch,
        // actor …). The labels are kept twice: as JSON beside the job, read with it, and one
        // row per label, which the filters find by index. Plain SQL that PostgreSQL takes too.
        { {
            u"ALTER TABLE jobs ADD COLUMN parent TEXT DEFAULT ''"_s,
            u"ALTER TABLE jobs ADD COLUMN labels TEXT DEFAULT '{}'"_s,
            u"CREATE INDEX jobs_parent ON jobs(parent, id)"_s,
            uR"(CREATE TABLE job_labels (
                job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (job_id, name)))"_s,
            u"CREATE INDEX job_labels_value ON job_labels(name, value, job_id)"_s,
        } },
        // 8: a log chunk's lines are stored once, in log_chunks: its events row keeps the rest
        // of the event and `"chunk": {"lines": N}` (storedEventBody; Store::readEvents puts the
        // lines back). No statement: older rows keep their whole bodies and read as before;
        // the version only keeps an older Jobpulse, which would not find the lines, out.
        { {} },
        // 9: the marker row of a job's log (seq 0: the lines cut out of its middle) in one
        // lookup. Store::logShape asks for it on every turn of a followed log; through the
        // (job, last) index it read every chunk row of the job, some 70,000 after an hour of
        // `jobpulse run`.
        { { u"CREATE INDEX log_chunks_marker ON log_chunks(job) WHERE seq = 0"_s } },
        // 10: the log's own search index, log_fts, with no copy of the text: until now a log
        // event's lines were indexed in events_fts as its message, and FTS5 kept its own copy
        // of them (events_fts_content) beside a positional index, so every line was written
        // three times (the biggest cost of storing `jobpulse run`'s output). SQLite: FTS5 over
        // log_chunks' text as external content, only which chunks hold a word (detail=none:
        // no phrases, Dialect::tokenQuery; the reader checks the lines). A deleted chunk (the
        // per-job cut, retention) leaves it by trigger: FTS5 removes a row of an external-
        // content table given its old text (a contentless one cannot delete on SQLite 3.40).
        // PostgreSQL: chunk id → stripped tsvector, GIN-indexed, gone with its chunk (no text
        // column). Every chunk row is indexed, the cut's marker (seq 0) too, so that the index
        // is exactly its content ('integrity-check', 'rebuild'); searches skip seq 0. Existing
        // chunks are indexed here, and the log events' copies leave events_fts.
        {
            {},
            {
                uR"(CREATE VIRTUAL TABLE log_fts USING fts5(text, content='log_chunks',
                    content_rowid='id', detail=none))"_s,
                uR"(CREATE TRIGGER log_fts_delete AFTER DELETE ON log_chunks BEGIN
                    INSERT INTO log_fts (log_fts, rowid, text) VALUES ('delete', old.id, old.text);
                END)"_s,
                u"INSERT INTO log_fts (log_fts) VALUES ('rebuild')"_s,
                u"DELETE FROM events_fts WHERE rowid IN (SELECT seq FROM events WHERE type = 'log')"_s,
            },
            {
                uR"(CREATE TABLE log_fts (
                    rowid BIGINT PRIMARY KEY REFERENCES log_chunks(id) ON DELETE CASCADE,
                    doc tsvector NOT NULL))"_s,
                u"CREATE INDEX log_fts_doc ON log_fts USING gin (doc)"_s,
                // The words as Dialect::bindIndexed gives them: letters and digits, lower case.
                uR"(INSERT INTO log_fts (rowid, doc) SELECT id, strip(to_tsvector('simple',
                    lower(regexp_replace(text, '[^[:alnum:]]+', ' ', 'g')))) FROM log_chunks)"_s,
                u"DELETE FROM events_fts WHERE rowid IN (SELECT seq FROM events WHERE type = 'log')"_s,
            },
        },
        // 11: the full-text indexes are merged while the writer is idle, not during commits
        // (idleMergedIndexes): automerge off, and a level merged at once only when it has
        // 64 segments (crisismerge; FTS5's default is 16). `run -- seq 1000000` cost the
        // receiver a fifth less CPU.
        {
            {},
            {
                u"INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 0)"_s,
                u"INSERT INTO events_fts (events_fts, rank) VALUES ('crisismerge', 64)"_s,
                u"INSERT INTO log_fts (log_fts, rank) VALUES ('automerge', 0)"_s,
                u"INSERT INTO log_fts (log_fts, rank) VALUES ('crisismerge', 64)"_s,
            },
            {},
        },
        // 12: SQLite indexes a log chunk after the commit that stores it (LogWriter::indexStep),
        // not in it: the index was half of the receiver's work for `jobpulse run`'s output.
        // Every chunk up to log_indexed.upto is in log_fts and none past it, so a deleted
        // chunk leaves the index only if it was in it (FTS5 must be given what it indexed).
        // Searches read the chunks past the mark by their text. PostgreSQL keeps indexing
        // each chunk as it is written.
        {
            {},
            {
                u"CREATE TABLE log_indexed (upto INTEGER NOT NULL)"_s,
                u"INSERT INTO log_indexed (upto) SELECT COALESCE(MAX(id), 0) FROM log_chunks"_s,
                u"DROP TRIGGER log_fts_delete"_s,
                uR"(CREATE TRIGGER log_fts_delete AFTER DELETE ON log_chunks
                    WHEN old.id <= (SELECT upto FROM log_indexed) BEGIN
                    INSERT INTO log_fts (log_fts, rowid, text) VALUES ('delete', old.id, old.text);
                END)"_s,
            },
            {},
        },
    };
    return list;
}

} // namespace

int latestVersion()
{
    return static_cast<int>(migrations().size());
}

QStringList idleMergedIndexes(const QSqlDatabase &db)
{
    if (Dialect::of(db).isPostgres()) {
        return {};
    }
    return { u"events_fts"_s, u"log_fts"_s };
}

bool exec(QSqlDatabase &db, const QString &statement, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(statement)) {
        if (error) {
            *error = q.lastError().text();
        }
        return false;
    }
    return true;
}

bool migrate(QSqlDatabase &db, QString *error)
{
    QString ignored;
    error = error ? error : &ignored;
    const Dialect &dialect = Dialect::of(db);
    // Cheap check first: an up-to-date database (every start but the first) takes no lock.
    int current = dialect.schemaVersion(db, error);
    if (current == latestVersion()) {
        return true;
    }
    // Then every step in one exclusive transaction that reads the version again inside it:
    // of two processes creating the same new database, the second waits and finds it
    // migrated, instead of failing with "table events already exists".
    if (!dialect.beginMigration(db, error)) {
        return false;
    }
    const auto abandon = [&db] {
        QString rollbackError;
        exec(db, u"ROLLBACK"_s, &rollbackError);
        return false;
    };
    current = dialect.schemaVersion(db, error);
    if (current < 0) {
        return abandon();
    }
    if (current > latestVersion()) {
        *error = u"the database has schema version %1, newer than this Jobpulse knows (%2)"_s
                     .arg(current)
                     .arg(latestVersion());
        return abandon();
    }
    for (int version = current + 1; version <= latestVersion(); ++version) {
        const Migration &step = migrations().at(version - 1);
        QStringList statements;
        for (const QString &statement : step.shared) {
            statements << dialect.ddl(statement);
        }
        statements << (dialect.isPostgres() ? step.postgres : step.sqlite);
        for (const QString &statement : std::as_const(statements)) {
            if (!exec(db, statement, error)) {
                *error = u"migration to schema %1 failed: %2"_s.arg(version).arg(*error);
                return abandon();
            }
        }
    }
    if (!dialect.setSchemaVersion(db, latestVersion(), error) || !exec(db, u"COMMIT"_s, error)) {
        return abandon();
    }
    return true;
}

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString jobColumns()
{
    return u"id, key, title, kind, url, state, error, status, progress, progress_known, "
           u"step_total, step_index, step_name, steps_done, created, started, finished, "
           u"updated, duration, event_count, last_seq, source, log_lines, log_bytes, parent, labels"_s;
}

Job readJob(const QSqlQuery &q)
{
    Job j;
    j.rowId = q.value(0).toLongLong();
    j.key = q.value(1).toString();
    j.title = q.value(2).toString();
    j.kind = q.value(3).toString();
    j.url = q.value(4).toString();
    j.state = q.value(5).toString();
    j.error = q.value(6).toString();
    j.status = static_cast<JobStatus>(q.value(7).toInt());
    j.progress = q.value(8).toDouble();
    j.progressKnown = q.value(9).toBool();
    j.stepTotal = q.value(10).toInt();
    j.stepIndex = q.value(11).toInt();
    j.stepName = q.value(12).toString();
    j.stepsDone = q.value(13).toInt();
    j.createdAt = fromMs(q.value(14));
    j.startedAt = fromMs(q.value(15));
    j.finishedAt = fromMs(q.value(16));
    j.updatedAt = fromMs(q.value(17));
    if (!q.value(18).isNull()) {
        j.duration = q.value(18).toDouble();
    }
    j.eventCount = q.value(19).toLongLong();
    j.lastSeq = q.value(20).toLongLong();
    j.source = q.value(21).toString();
    j.logLines = q.value(22).toLongLong();
    j.logBytes = q.value(23).toLongLong();
    j.parent = q.value(24).toString();
    const QJsonObject labels = QJsonDocument::fromJson(q.value(25).toString().toUtf8()).object();
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        j.labels.insert(it.key(), it.value().toString());
    }
    return j;
}

QString stepColumns()
{
    return u"idx, name, status, started, finished, duration, details"_s;
}

Step readStep(const QSqlQuery &q)
{
    Step s;
    s.index = q.value(0).toInt();
    s.name = q.value(1).toString();
    s.status = static_cast<StepStatus>(q.value(2).toInt());
    s.startedAt = fromMs(q.value(3));
    s.finishedAt = fromMs(q.value(4));
    if (!q.value(5).isNull()) {
        s.duration = q.value(5).toDouble();
    }
    s.details = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    return s;
}

} // namespace jobpulse::sql
