// Store's reads of a job's log (table log_chunks, written by LogWriter).
#include "dialect.h"
#include "logwriter.h"
#include "schema.h"
#include "store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStringList>
#include <QStringTokenizer>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
QString streamName(QChar letter)
{
    return letter == u'o' ? u"stdout"_s : letter == u'e' ? u"stderr"_s : QString();
}

/** Calls @p line(number, text, stream letter) for each line of a chunk (lines @p first …
 *  @p last, joined by newlines in @p text) until it returns false. */
template<typename Fn>
void forEachLine(qint64 first, qint64 last, const QString &streams, const QString &text, Fn line)
{
    qsizetype start = 0;
    for (qint64 number = first; number <= last; ++number) {
        qsizetype end = text.indexOf(u'\n', start);
        end = end < 0 ? text.size() : end;
        const qint64 i = number - first;
        if (!line(number, QStringView(text).sliced(start, end - start),
                i < streams.size() ? streams.at(i) : u'-')) {
            return;
        }
        start = end + 1;
    }
}
/** Whether @p line holds each of @p words (case-insensitive): the real text of a search
 *  that the index, without phrases or word parts, only narrows down. */
bool holdsWords(QStringView line, const QStringList &words)
{
    return std::all_of(words.cbegin(), words.cend(),
        [line](const QString &w) { return line.contains(w, Qt::CaseInsensitive); });
}
} // namespace

QList<StoredEvent> Store::readEvents(QSqlQuery &rows, const QString &what) const
{
    QList<StoredEvent> events;
    QList<QPair<qsizetype, qsizetype>> chunks; // (index in events, lines) of stored-once chunks
    const QDateTime now = QDateTime::currentDateTimeUtc();
    while (rows.next()) {
        QJsonObject body = QJsonDocument::fromJson(rows.value(1).toString().toUtf8()).object();
        const QJsonValue chunk = body.take(ChunkKey);
        if (chunk.isObject()) {
            // A log event needs a message or lines to parse; its lines replace this below.
            body.insert(u"message"_s, u"-"_s);
        }
        auto event = parseEvent(body, QString(), now, nullptr);
        if (!event) {
            continue;
        }
        if (chunk.isObject()) {
            event->message.clear();
            chunks.append({ events.size(), chunk.toObject().value(u"lines"_s).toInteger() });
        }
        events.append(StoredEvent { rows.value(0).toLongLong(), std::move(*event) });
    }
    // Their rows in log_chunks by seq (its index), a few hundred chunks per statement; the
    // seqs are the store's own integers.
    constexpr qsizetype PerQuery = 500;
    for (qsizetype from = 0; from < chunks.size(); from += PerQuery) {
        const auto part = chunks.sliced(from, std::min(PerQuery, chunks.size() - from));
        QStringList seqs;
        for (const auto &[index, lines] : part) {
            seqs.append(QString::number(events.at(index).seq));
        }
        QHash<qint64, QPair<QString, QString>> stored; // seq → (streams, text)
        QSqlQuery q(readDb());
        q.setForwardOnly(true);
        if (!exec(q, what,
                u"SELECT seq, streams, text FROM log_chunks WHERE seq > 0 AND seq IN (%1)"_s.arg(
                    seqs.join(u',')))) {
            // Only the events before the first chunk whose lines could not be read: a reader
            // that goes on after the last event it got (the relay) neither skips nor garbles.
            events.resize(part.first().first);
            return events;
        }
        while (q.next()) {
            stored.insert(
                q.value(0).toLongLong(), { q.value(1).toString(), q.value(2).toString() });
        }
        for (const auto &[index, lines] : part) {
            Event &event = events[index].event;
            const auto row = stored.constFind(events.at(index).seq);
            if (row == stored.cend()) {
                event.lines = { { u"[jobpulse] the %1 lines of this chunk are no longer kept: cut "
                                  u"from the middle of the job's log over its limit "
                                  u"(retention.maxLogBytes), or pruned with the job"_s.arg(lines),
                    QString(), QDateTime() } };
                continue;
            }
            // A line on the chunk's stream came without one of its own (storedEventBody).
            const QString chunkStream = logStream(event);
            const QString &streams = row->first;
            event.lines.reserve(lines);
            forEachLine(1, streams.size(), streams, row->second,
                [&event, &chunkStream](qint64, QStringView text, QChar letter) {
                    const QString stream = streamName(letter);
                    event.lines.append({ text.toString(),
                        stream == chunkStream ? QString() : stream, QDateTime() });
                    return true;
                });
        }
    }
    return events;
}

std::optional<LogPage> Store::logPage(const QString &key, qint64 from, int limit) const
{
    limit = std::clamp(limit, 1, MaxLogPage);
    QSqlQuery total(readDb());
    total.prepare(u"SELECT log_lines FROM jobs WHERE key = ?"_s);
    total.addBindValue(key);
    if (!exec(total, u"logPage"_s) || !total.next()) {
        return std::nullopt;
    }
    LogPage page;
    page.total = total.value(0).toLongLong();
    if (from <= 0) {
        from = std::max<qint64>(1, page.total - limit + 1);
    }
    page.next = from;
    QSqlQuery q(readDb());
    q.setForwardOnly(true);
    q.prepare(u"SELECT first, last, time, streams, text FROM log_chunks "
              u"WHERE job = ? AND last >= ? ORDER BY last"_s);
    q.addBindValue(key);
    q.addBindValue(from);
    if (!exec(q, u"logPage"_s)) {
        return page;
    }
    while (page.lines.size() < limit && q.next()) {
        const qint64 first = q.value(0).toLongLong();
        const qint64 last = q.value(1).toLongLong();
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC);
        const QString streams = q.value(3).toString();
        const QString text = q.value(4).toString();
        if (streams == u"!") {
            page.lines.append({ first, text, QString(), time, last - first + 1 });
            page.next = last + 1;
            continue;
        }
        forEachLine(first, last, streams, text, [&](qint64 number, QStringView line, QChar stream) {
            if (number >= from) {
                page.lines.append({ number, line.toString(), streamName(stream), time, 0 });
                page.next = number + 1;
            }
            return page.lines.size() < limit;
        });
    }
    return page;
}

qint64 Store::logLineOf(qint64 seq, const QString &text) const
{
    const QString word = text.simplified().section(u' ', 0, 0);
    QSqlQuery q(readDb());
    q.prepare(u"SELECT first, text FROM log_chunks WHERE seq = ?"_s);
    q.addBindValue(seq);
    if (word.isEmpty() || !exec(q, u"logLineOf"_s) || !q.next()) {
        return 0;
    }
    const QStringList lines = q.value(1).toString().split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).contains(word, Qt::CaseInsensitive)) {
            return q.value(0).toLongLong() + i;
        }
    }
    return 0;
}

QList<StoredEvent> Store::eventsBesideLog(const QString &key, int limit) const
{
    // The type is read before the body: a chunk's body is not parsed, nor even read.
    QSqlQuery q(readDb());
    q.prepare(u"SELECT seq, body FROM events WHERE job = ? AND type NOT IN ('log', 'heartbeat') "
              u"ORDER BY seq DESC LIMIT ?"_s);
    q.addBindValue(key);
    q.addBindValue(std::clamp(limit, 0, 10000));
    if (!exec(q, u"eventsBesideLog"_s)) {
        return {};
    }
    QList<StoredEvent> events = readEvents(q, u"eventsBesideLog"_s);
    std::reverse(events.begin(), events.end());
    return events;
}

std::optional<LogShape> Store::logShape(const QString &key) const
{
    // The marker (seq 0), by its own partial index (schema 9): one lookup however many chunk
    // rows the job has.
    QSqlQuery q(readDb());
    q.prepare(u"SELECT log_lines, (SELECT first FROM log_chunks WHERE job = jobs.key AND seq = 0), "
              u"(SELECT last FROM log_chunks WHERE job = jobs.key AND seq = 0) "
              u"FROM jobs WHERE key = ?"_s);
    q.addBindValue(key);
    if (!exec(q, u"logShape"_s) || !q.next()) {
        return std::nullopt;
    }
    return LogShape { q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong() };
}

QList<StoredLogLine> Store::searchLog(const QString &key, const QString &text, int limit) const
{
    QList<StoredLogLine> found;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    if (words.isEmpty() || limit <= 0) {
        return found;
    }
    const auto search = [&](QSqlQuery &q) {
        q.setForwardOnly(true);
        if (!exec(q, u"searchLog"_s)) {
            return;
        }
        while (found.size() < limit && q.next()) {
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC);
            const QString streams = q.value(3).toString();
            const QString chunk = q.value(4).toString();
            forEachLine(q.value(0).toLongLong(), q.value(1).toLongLong(), streams, chunk,
                [&](qint64 number, QStringView line, QChar stream) {
                    if (holdsWords(line, words)) {
                        found.append({ number, line.toString(), streamName(stream), time, 0 });
                    }
                    return found.size() < limit;
                });
        }
    };
    // The log's index first: a rare word's few chunks, whatever the log's size (CROSS JOIN
    // keeps SQLite from walking the job's chunks instead; PostgreSQL has no ON for a CROSS
    // JOIN), and the newest chunks, not indexed yet, by their text, in one statement (one
    // snapshot: a chunk indexed meanwhile is read once). The chunks found hold each token
    // somewhere; search() keeps the lines with the words.
    const Dialect &dialect = Dialect::of(readDb());
    const auto [unindexed, unindexedValues] = unindexedChunksHolding(dialect, u"c"_s, text, key);
    QSqlQuery indexed(readDb());
    indexed.prepare(
        u"SELECT c.first, c.last, c.time, c.streams, c.text FROM log_fts f "
        u"%1 JOIN log_chunks c ON c.id = f.rowid WHERE %2 AND c.job = ? AND c.seq > 0 "
        u"UNION ALL SELECT c.first, c.last, c.time, c.streams, c.text FROM log_chunks c "
        u"WHERE %3 ORDER BY 2"_s.arg(dialect.isPostgres() ? u""_s : u"CROSS"_s,
            dialect.indexMatch(u"log_fts"_s), unindexed));
    indexed.addBindValue(dialect.tokenQuery(text));
    indexed.addBindValue(key);
    for (const QVariant &value : unindexedValues) {
        indexed.addBindValue(value);
    }
    search(indexed);
    if (!found.isEmpty()) {
        return found;
    }
    // Part of a word ("rror"), or punctuation only ("::"): the job's chunks that hold it.
    QString pattern = words.first();
    pattern.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    QSqlQuery scan(readDb());
    scan.prepare(u"SELECT first, last, time, streams, text FROM log_chunks "
                 u"WHERE job = ? AND seq > 0 AND text LIKE ? ESCAPE '\\' ORDER BY last"_s);
    scan.addBindValue(key);
    scan.addBindValue(u'%' + pattern + u'%');
    search(scan);
    return found;
}

QHash<QString, LogMatch> Store::matchingLines(const QString &text) const
{
    QHash<QString, LogMatch> matches;
    const Dialect &dialect = Dialect::of(readDb());
    // Messages of other events (events_fts), newest first: the first one per job is its newest.
    QSqlQuery q(readDb());
    q.prepare(u"SELECT e.job, m.rowid, m.message FROM (SELECT rowid, message FROM events_fts "
              u"WHERE %1 ORDER BY rowid DESC LIMIT %2) m "
              u"JOIN events e ON e.seq = m.rowid ORDER BY m.rowid DESC"_s
                  .arg(dialect.indexMatch(u"events_fts"_s))
                  .arg(SearchRecentEvents));
    q.addBindValue(dialect.searchQuery(text));
    if (!exec(q, u"matchingLines"_s)) {
        return matches;
    }
    while (q.next()) {
        const QString job = q.value(0).toString();
        if (!matches.contains(job)) {
            matches.insert(
                job, { q.value(1).toLongLong(), q.value(2).toString().section(u'\n', 0, 0) });
        }
    }
    // Each job's newest chunk among the newest that hold the words (log_fts, and the chunks
    // not indexed yet by their text): only those chunks' text is read, for the line to show.
    const auto [unindexed, unindexedValues] = unindexedChunksHolding(dialect, u"t"_s, text);
    QSqlQuery logs(readDb());
    logs.setForwardOnly(true);
    logs.prepare(u"SELECT job, seq, text FROM log_chunks WHERE id IN (SELECT MAX(c.id) FROM "
                 u"(SELECT rowid AS id FROM log_fts WHERE %1 UNION ALL SELECT t.id FROM "
                 u"log_chunks t WHERE %3 ORDER BY 1 DESC LIMIT %2) m "
                 u"JOIN log_chunks c ON c.id = m.id WHERE c.seq > 0 GROUP BY c.job)"_s
                     .arg(dialect.indexMatch(u"log_fts"_s))
                     .arg(SearchRecentEvents)
                     .arg(unindexed));
    logs.addBindValue(dialect.tokenQuery(text));
    for (const QVariant &value : unindexedValues) {
        logs.addBindValue(value);
    }
    if (!exec(logs, u"matchingLines"_s)) {
        return matches;
    }
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    while (logs.next()) {
        const QString job = logs.value(0).toString();
        const qint64 seq = logs.value(1).toLongLong();
        if (matches.value(job).seq > seq) {
            continue; // an event newer than the chunk matched
        }
        const QString chunk = logs.value(2).toString();
        QStringView shown = QStringView(chunk).left(chunk.indexOf(u'\n'));
        for (const QStringView line : QStringTokenizer(chunk, u'\n')) {
            if (holdsWords(line, words)) {
                shown = line;
                break;
            }
        }
        matches.insert(job, { seq, shown.toString() });
    }
    return matches;
}

} // namespace jobpulse
