// Store's reads of a job's log (table log_chunks, written by LogWriter).
#include "store.h"

#include <QSqlQuery>
#include <QStringList>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
QString streamName(QChar letter)
{
    return letter == u'o' ? u"stdout"_s : letter == u'e' ? u"stderr"_s : QString();
}
} // namespace

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
        qint64 number = first;
        qsizetype start = 0;
        while (number <= last && page.lines.size() < limit) {
            qsizetype end = text.indexOf(u'\n', start);
            end = end < 0 ? text.size() : end;
            if (number >= from) {
                page.lines.append({ number, text.sliced(start, end - start),
                    streamName(number - first < streams.size() ? streams.at(number - first) : u'-'),
                    time, 0 });
                page.next = number + 1;
            }
            start = end + 1;
            ++number;
        }
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

} // namespace jobpulse
