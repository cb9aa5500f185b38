#include "logwriter.h"

#include "dialect.h"
#include "tokens.h"

#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QStringTokenizer>
#include <algorithm>
#include <limits>
#include <sqlite3.h>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

QChar streamLetter(const QString &stream)
{
    return stream == u"stdout" ? u'o' : stream == u"stderr" ? u'e' : u'-';
}

/** Whether log_chunks keeps @p event's lines exactly as they came, so that they can be put
 *  back from there: lines (not a message) without their own time or a newline inside, whose
 *  own stream, if any, is a stream name other than the chunk's. */
bool linesStoredOnce(const Event &event)
{
    if (event.type != EventType::Log || event.lines.isEmpty() || !event.message.isEmpty()) {
        return false;
    }
    const QString chunkStream = logStream(event);
    return std::none_of(event.lines.cbegin(), event.lines.cend(), [&](const LogLine &line) {
        const bool ownStream = !line.stream.isEmpty();
        return line.time.isValid() || line.text.contains(u'\n')
            || (ownStream && (line.stream == chunkStream || streamLetter(line.stream) == u'-'));
    });
}

/** The UTF-8 size of @p text, without converting it (a chunk can be megabytes). */
qint64 utf8Size(QStringView text)
{
    qint64 bytes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < 0x80) {
            bytes += 1;
        } else if (c < 0x800) {
            bytes += 2;
        } else if (QChar::isHighSurrogate(c) && i + 1 < text.size()
            && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            bytes += 4;
            ++i;
        } else {
            bytes += 3; // a lone surrogate becomes U+FFFD
        }
    }
    return bytes;
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
} // namespace

namespace {
/** Whether @p text holds each of @p tokens (lower case) at the start of a word, in any case:
 *  what FTS5's unicode61 tokenizer and a prefix query find (it also folds diacritics). */
bool holdsTokensAsWords(QStringView text, const QList<QStringView> &tokens)
{
    return std::all_of(tokens.cbegin(), tokens.cend(), [text](QStringView token) {
        for (qsizetype at = text.indexOf(token, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(token, at + 1, Qt::CaseInsensitive)) {
            if (at == 0 || !text.at(at - 1).isLetterOrNumber()) {
                return true;
            }
        }
        return false;
    });
}

// SQL jobpulse_words(text, tokens): 1 when the text holds every space-separated token at the
// start of a word.
void wordsFunction(sqlite3_context *context, int, sqlite3_value **argv)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const auto *tokens = reinterpret_cast<const char *>(sqlite3_value_text(argv[1]));
    if (!text || !tokens) {
        sqlite3_result_int(context, 0);
        return;
    }
    const QString haystack = QString::fromUtf8(text, sqlite3_value_bytes(argv[0]));
    const QString needles = QString::fromUtf8(tokens, sqlite3_value_bytes(argv[1]));
    QList<QStringView> split;
    for (const QStringView token : QStringTokenizer(needles, u' ', Qt::SkipEmptyParts)) {
        split << token;
    }
    sqlite3_result_int(context, !split.isEmpty() && holdsTokensAsWords(haystack, split));
}
} // namespace

std::pair<QString, QVariantList> unindexedChunksHolding(
    const Dialect &dialect, const QString &alias, const QString &text, const QString &job)
{
    QStringList tokens;
    for (const QStringList &word : tokenizedWords(text)) {
        tokens << word;
    }
    if (dialect.isPostgres() || tokens.isEmpty()) {
        return { u"1 = 0"_s, {} };
    }
    // The unary + keeps SQLite from reading them through the indexes on seq or on the job
    // (a million rows) instead of by id (the few past the mark).
    QString condition = u"(+%1.seq > 0 AND %1.id > (SELECT upto FROM log_indexed) AND "
                        u"jobpulse_words(%1.text, ?))"_s.arg(alias);
    QVariantList values { tokens.join(u' ') };
    if (!job.isEmpty()) {
        condition.insert(1, u"+%1.job = ? AND "_s.arg(alias));
        values.prepend(job);
    }
    return { condition, values };
}

void addLogSearchFunction(QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        return;
    }
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.data());
    sqlite3_create_function_v2(connection, "jobpulse_words", 2,
        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr, wordsFunction, nullptr,
        nullptr, nullptr);
}

QString storedEventBody(const Event &event)
{
    if (!linesStoredOnce(event)) {
        return compact(event.toJson());
    }
    Event rest = event; // shares its strings: the copy costs no text
    rest.lines.clear();
    QJsonObject o = rest.toJson();
    o.insert(ChunkKey, QJsonObject { { u"lines"_s, event.lines.size() } });
    return compact(o);
}

LogWriter::LogWriter(QSqlDatabase &db)
    : m_dialect(Dialect::of(db))
    , m_deferred(!m_dialect.isPostgres())
    , m_insert(db)
    , m_index(db)
    , m_chunks(db)
    , m_cut(db)
    , m_marker(db)
    , m_unindexed(db)
    , m_setMark(db)
    , m_readMark(db)
{
    m_insert.prepare(u"INSERT INTO log_chunks (job, first, last, seq, time, streams, text) "
                     u"VALUES (?, ?, ?, ?, ?, ?, ?)"_s
        + returningId());
    m_index.prepare(
        m_dialect.indexInsert(u"log_fts"_s, { u"text"_s }, Dialect::IndexText::External));
    m_chunks.prepare(
        u"SELECT first, last, seq, %1 FROM log_chunks WHERE job = ? ORDER BY last"_s.arg(
            m_dialect.byteLength(u"text"_s)));
    m_cut.prepare(u"DELETE FROM log_chunks WHERE job = ? AND first >= ? AND last <= ?"_s);
    m_marker.prepare(u"INSERT INTO log_chunks (job, first, last, seq, time, streams, text) "
                     u"VALUES (?, ?, ?, 0, ?, '!', ?)"_s
        + returningId());
    if (m_deferred) {
        m_unindexed.setForwardOnly(true);
        m_unindexed.prepare(u"SELECT id, text FROM log_chunks WHERE id > ? ORDER BY id LIMIT ?"_s);
        m_setMark.prepare(u"UPDATE log_indexed SET upto = ?"_s);
        m_readMark.prepare(u"SELECT upto, (SELECT COALESCE(SUM(length(text)), 0) FROM "
                           u"log_chunks WHERE id > upto), (SELECT count(*) FROM log_chunks "
                           u"WHERE id > upto) FROM log_indexed"_s);
        QString error;
        readMark(&error); // else on first use
    }
}

bool LogWriter::readMark(QString *error)
{
    if (!m_deferred) {
        return true;
    }
    m_markKnown = false;
    if (!run(m_readMark, error)) {
        return false;
    }
    if (!m_readMark.next()) {
        *error = u"the log index's mark (log_indexed) is missing"_s;
        return false;
    }
    m_indexedUpTo = m_readMark.value(0).toLongLong();
    m_unindexedBytes = m_readMark.value(1).toLongLong();
    m_unindexedChunks = m_readMark.value(2).toLongLong();
    m_readMark.finish();
    m_markKnown = true;
    return true;
}

bool LogWriter::indexStep(qint64 bytes, qint64 chunks, QString *error)
{
    if (!m_deferred) {
        return true;
    }
    if (!m_markKnown && !readMark(error)) {
        return false;
    }
    m_unindexed.addBindValue(m_indexedUpTo);
    // One more than it takes, to learn whether any are left (-1: no limit).
    chunks = std::max<qint64>(chunks, 1);
    m_unindexed.addBindValue(chunks < std::numeric_limits<qint64>::max() ? chunks + 1 : -1);
    if (!run(m_unindexed, error)) {
        return false;
    }
    QList<QPair<qint64, QString>> taken;
    qint64 takenBytes = 0;
    bool more = false;
    while (m_unindexed.next()) {
        if (!taken.isEmpty() && (takenBytes >= bytes || taken.size() >= chunks)) {
            more = true;
            break;
        }
        taken.append({ m_unindexed.value(0).toLongLong(), m_unindexed.value(1).toString() });
        takenBytes += taken.constLast().second.size();
    }
    m_unindexed.finish();
    for (const auto &[chunk, text] : std::as_const(taken)) {
        m_dialect.bindIndexed(m_index, chunk, { text }, Dialect::IndexText::External);
        if (!run(m_index, error)) {
            return false;
        }
    }
    if (!taken.isEmpty()) {
        m_setMark.addBindValue(taken.constLast().first);
        if (!run(m_setMark, error)) {
            return false;
        }
        m_indexedUpTo = taken.constLast().first;
    }
    // Estimates (a rolled-back batch's chunks were counted): exact once none are left.
    m_unindexedBytes = more ? std::max<qint64>(1, m_unindexedBytes - takenBytes) : 0;
    m_unindexedChunks = more ? std::max<qint64>(1, m_unindexedChunks - taken.size()) : 0;
    return true;
}

bool LogWriter::run(QSqlQuery &q, QString *error)
{
    if (q.exec()) {
        return true;
    }
    *error = q.lastError().text();
    return false;
}

QString LogWriter::returningId() const
{
    // SQLite: its own last rowid. RETURNING would make each chunk's insert a statement that
    // may roll back alone (its rows are a trigger's): a statement journal for every chunk.
    return m_dialect.isPostgres() ? u" RETURNING id"_s : QString();
}

bool LogWriter::insertIndexed(QSqlQuery &insert, const QString &text, QString *error)
{
    if (!run(insert, error)) {
        return false;
    }
    qint64 chunk = 0;
    if (m_dialect.isPostgres()) {
        if (!insert.next()) {
            *error = u"a log chunk's insert returned no id"_s;
            return false;
        }
        chunk = insert.value(0).toLongLong();
        insert.finish();
    } else {
        chunk = insert.lastInsertId().toLongLong();
    }
    if (m_deferred) {
        if (!m_markKnown && !readMark(error)) {
            return false;
        }
        if (chunk > m_indexedUpTo) {
            m_unindexedBytes += text.size(); // indexStep's, after the commit
            ++m_unindexedChunks;
            return true;
        }
        // An id at or below the mark again (SQLite reuses the highest one once its row is
        // gone): indexed now, so that every chunk up to the mark is in the index.
    }
    m_dialect.bindIndexed(m_index, chunk, { text }, Dialect::IndexText::External);
    return run(m_index, error);
}

bool LogWriter::append(Job &job, qint64 seq, const Event &event, QString *error)
{
    if (event.type != EventType::Log) {
        return true;
    }
    // The usual chunk (what `run` sends) is read as it came: logLines() would first build a
    // list of its lines, a million entries for `run -- seq 1000000`, only to drop it here.
    const bool asItCame = event.message.isEmpty()
        && std::none_of(event.lines.cbegin(), event.lines.cend(),
            [](const LogLine &line) { return line.text.contains(u'\n'); });
    const QList<LogLine> split = asItCame ? QList<LogLine>() : logLines(event);
    const QList<LogLine> &lines = asItCame ? event.lines : split;
    if (lines.isEmpty()) {
        return true;
    }
    const QChar chunkStream = streamLetter(logStream(event));
    QString streams;
    streams.reserve(lines.size());
    qsizetype length = 0;
    for (const LogLine &line : lines) {
        streams += line.stream.isEmpty() ? chunkStream : streamLetter(line.stream);
        length += line.text.size() + 1;
    }
    QString text;
    text.reserve(length);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            text += u'\n';
        }
        text += lines.at(i).text;
    }
    m_insert.addBindValue(job.key.isEmpty() ? event.job : job.key);
    m_insert.addBindValue(job.logLines + 1);
    m_insert.addBindValue(job.logLines + lines.size());
    m_insert.addBindValue(seq);
    m_insert.addBindValue(event.time.toMSecsSinceEpoch());
    m_insert.addBindValue(streams);
    m_insert.addBindValue(text);
    if (!insertIndexed(m_insert, text, error)) {
        return false;
    }
    job.logLines += lines.size();
    job.logBytes += utf8Size(text);
    return true;
}

bool LogWriter::limit(Job &job, qint64 maxBytes, QString *error)
{
    if (maxBytes <= 0 || job.logBytes <= maxBytes) {
        return true;
    }
    // Cut well below the limit, so that a log that keeps growing is cut now and then, not on
    // every batch (each cut reads the job's chunk rows).
    const qint64 keep = maxBytes / 4 * 3;
    const qint64 headBudget = maxBytes / 8;
    m_chunks.addBindValue(job.key);
    if (!run(m_chunks, error)) {
        return false;
    }
    struct Chunk
    {
        qint64 first, last, seq, bytes;
    };
    QList<Chunk> chunks;
    while (m_chunks.next()) {
        chunks.append({ m_chunks.value(0).toLongLong(), m_chunks.value(1).toLongLong(),
            m_chunks.value(2).toLongLong(), m_chunks.value(3).toLongLong() });
    }
    m_chunks.finish();
    // The head: the first chunks within its budget, or all before an earlier cut's marker.
    qsizetype i = 0;
    qint64 head = 0;
    qint64 cutFirst = 0;
    const auto marker =
        std::find_if(chunks.cbegin(), chunks.cend(), [](const Chunk &c) { return c.seq == 0; });
    if (marker != chunks.cend()) {
        i = marker - chunks.cbegin() + 1;
        cutFirst = marker->first;
    } else {
        while (i < chunks.size() - 1 && head + chunks.at(i).bytes <= headBudget) {
            head += chunks.at(i++).bytes;
        }
    }
    qint64 cutLast = 0;
    qint64 bytes = job.logBytes;
    // Never the newest chunk: the end of a log is what its reader came for.
    for (; i < chunks.size() - 1 && bytes > keep; ++i) {
        bytes -= chunks.at(i).bytes;
        cutFirst = cutFirst == 0 ? chunks.at(i).first : cutFirst;
        cutLast = chunks.at(i).last;
    }
    if (cutLast == 0) {
        return true;
    }
    m_cut.addBindValue(job.key);
    m_cut.addBindValue(cutFirst);
    m_cut.addBindValue(cutLast);
    if (!run(m_cut, error)) {
        return false;
    }
    const qint64 lines = cutLast - cutFirst + 1;
    m_marker.addBindValue(job.key);
    m_marker.addBindValue(cutFirst);
    m_marker.addBindValue(cutLast);
    m_marker.addBindValue(job.updatedAt.isValid() ? job.updatedAt.toMSecsSinceEpoch() : 0);
    const QString text =
        u"[jobpulse] %1 lines (%2 to %3) cut from the middle of this log: it is over the limit "
        u"of %4 MiB per job (retention.maxLogBytes)"_s.arg(lines)
            .arg(cutFirst)
            .arg(cutLast)
            .arg(double(maxBytes) / (1024 * 1024), 0, 'f', maxBytes % (1024 * 1024) ? 2 : 0);
    m_marker.addBindValue(text);
    if (!insertIndexed(m_marker, text, error)) {
        return false;
    }
    job.logBytes = bytes;
    return true;
}

} // namespace jobpulse
