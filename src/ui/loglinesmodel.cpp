#include "loglinesmodel.h"

#include "format.h"
#include "store/store.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

LogLinesModel::LogLinesModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_followTimer.setSingleShot(true);
    connect(&m_followTimer, &QTimer::timeout, this, &LogLinesModel::follow);
}

void LogLinesModel::setStore(Store *store, StoreReader *reader)
{
    if (m_store) {
        disconnect(m_store, nullptr, this, nullptr);
    }
    m_store = store;
    m_reader = reader;
    if (m_store) {
        connect(m_store, &Store::committed, this, &LogLinesModel::committed);
    }
}

void LogLinesModel::reset(const LogShape &shape)
{
    beginResetModel();
    m_shape = shape;
    m_rows = int(shape.entries());
    m_cache.clear();
    m_wanted.clear();
    endResetModel();
    Q_EMIT countChanged();
}

void LogLinesModel::setJobKey(const QString &key, qint64 matchSeq, const QString &matchText)
{
    for (StoreReader::Channel *channel : { &m_opens, &m_pages, &m_follows, &m_copies }) {
        channel->cancel();
    }
    m_pagesInFlight = m_followInFlight = m_followAgain = false;
    m_followTimer.stop();
    m_key = key;
    reset({});
    m_opening = !key.isEmpty() && m_reader;
    Q_EMIT openingChanged();
    if (!m_opening) {
        return;
    }
    // One read: the row count and the page to show first, so that the view has both at once.
    m_reader->read<Read>(
        m_opens,
        [key, matchSeq, matchText](const Store &store) {
            Read read;
            read.shape = store.logShape(key);
            if (!read.shape || read.shape->total == 0) {
                return read;
            }
            read.match = matchSeq > 0 ? store.logLineOf(matchSeq, matchText) : 0;
            const qint64 from = read.match > 0 ? std::max<qint64>(1, read.match - PageSize) : 0;
            if (const auto page = store.logPage(key, from, 2 * PageSize)) {
                read.lines = page->lines;
            }
            return read;
        },
        this,
        [this](const Read &read) {
            m_opening = false;
            if (read.shape) {
                reset(*read.shape);
                store(read.lines);
            }
            Q_EMIT openingChanged();
            Q_EMIT opened(double(read.match));
            if (m_followAgain) {
                m_followAgain = false;
                m_followTimer.start(FollowIntervalMs);
            }
        });
}

int LogLinesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

const StoredLogLine *LogLinesModel::cached(int row) const
{
    const auto page = m_cache.find(row / PageSize);
    if (page == m_cache.end() || page->rows.at(row % PageSize).number == 0) {
        return nullptr;
    }
    page->used = ++m_clock;
    return &page->rows.at(row % PageSize);
}

QVariant LogLinesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const int row = index.row();
    if (role == NumberRole) {
        return double(m_shape.lineOfEntry(row));
    }
    if (role == OmittedRole) {
        return m_shape.cutLast > 0 && row == m_shape.cutFirst - 1
            ? double(m_shape.cutLast - m_shape.cutFirst + 1)
            : 0.0;
    }
    const StoredLogLine *line = cached(row);
    if (!line) {
        want(row / PageSize);
    }
    switch (role) {
    case ClockRole:
        return line ? m_cache.constFind(row / PageSize)->clocks.at(row % PageSize) : QString();
    case Qt::DisplayRole:
    case TextRole:
        return line ? line->text : QString();
    case StreamRole:
        return line ? line->stream : QString();
    case TimeRole:
        return line ? line->time : QDateTime();
    case LoadedRole:
        return line != nullptr;
    default:
        return {};
    }
}

QHash<int, QByteArray> LogLinesModel::roleNames() const
{
    return {
        { NumberRole, "number" },
        { TextRole, "text" },
        { StreamRole, "stream" },
        { TimeRole, "time" },
        { LoadedRole, "loaded" },
        { OmittedRole, "omitted" },
        { ClockRole, "clock" },
    };
}

int LogLinesModel::rowOfLine(double line) const
{
    const auto number = qint64(line);
    return number < 1 || number > m_shape.total ? -1 : int(m_shape.entryOfLine(number));
}

double LogLinesModel::lineAt(int row) const
{
    return row < 0 || row >= m_rows ? 0.0 : double(m_shape.lineOfEntry(row));
}

// The pages the view asks for in one event loop turn are read together, newest first; while
// a read runs, the next waits, so that a fast scroll reads only what it stopped at.
void LogLinesModel::want(int page) const
{
    m_wanted.removeOne(page);
    m_wanted.append(page);
    if (!m_readScheduled) {
        m_readScheduled = true;
        QMetaObject::invokeMethod(
            const_cast<LogLinesModel *>(this), &LogLinesModel::readWanted, Qt::QueuedConnection);
    }
}

void LogLinesModel::readWanted()
{
    m_readScheduled = false;
    if (m_pagesInFlight || m_wanted.isEmpty() || !m_reader || m_opening) {
        return;
    }
    QList<qint64> froms;
    while (!m_wanted.isEmpty() && froms.size() < PagesPerRead) {
        const int page = m_wanted.takeLast();
        if (qint64(page) * PageSize < m_rows) {
            froms.append(m_shape.lineOfEntry(qint64(page) * PageSize));
        }
    }
    m_pagesInFlight = true;
    m_reader->read<QList<StoredLogLine>>(
        m_pages,
        [key = m_key, froms](const Store &store) {
            QList<StoredLogLine> lines;
            for (const qint64 from : froms) {
                if (const auto page = store.logPage(key, from, PageSize)) {
                    lines.append(page->lines);
                }
            }
            return lines;
        },
        this,
        [this](const QList<StoredLogLine> &lines) {
            m_pagesInFlight = false;
            store(lines);
            readWanted();
        });
}

// Entries go to the rows the current shape gives them; one read before a cut that no longer
// matches (a line now inside the marker, a line past the rows) is left out.
void LogLinesModel::store(const QList<StoredLogLine> &lines)
{
    const qint64 markerRow = m_shape.cutLast > 0 ? m_shape.cutFirst - 1 : -1;
    const qint64 cut = m_shape.cutLast - m_shape.cutFirst + 1;
    int firstRow = m_rows;
    int lastRow = -1;
    QList<int> touched;
    for (const StoredLogLine &line : lines) {
        const qint64 row = m_shape.entryOfLine(line.number);
        if (line.number < 1 || row < 0 || row >= m_rows
            || (row == markerRow) != (markerRow >= 0 && line.omitted == cut)) {
            continue;
        }
        const int pageIndex = int(row / PageSize);
        Page &page = m_cache[pageIndex];
        if (page.rows.isEmpty()) {
            page.rows.resize(PageSize);
            page.clocks.resize(PageSize);
        }
        page.rows[row % PageSize] = line;
        if (line.time != m_lastTime) {
            m_lastTime = line.time;
            m_lastClock = Format::clockTime(line.time);
        }
        page.clocks[row % PageSize] = m_lastClock;
        page.used = ++m_clock;
        if (!touched.contains(pageIndex)) {
            touched.append(pageIndex);
        }
        firstRow = std::min(firstRow, int(row));
        lastRow = std::max(lastRow, int(row));
    }
    while (m_cache.size() > MaxPages) {
        auto oldest = m_cache.end();
        for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
            if (!touched.contains(it.key())
                && (oldest == m_cache.end() || it->used < oldest->used)) {
                oldest = it;
            }
        }
        if (oldest == m_cache.end()) {
            break;
        }
        m_cache.erase(oldest);
    }
    if (lastRow >= firstRow) {
        Q_EMIT dataChanged(index(firstRow), index(lastRow),
            { Qt::DisplayRole, TextRole, StreamRole, TimeRole, LoadedRole, ClockRole });
    }
}

void LogLinesModel::committed(const Changes &changes)
{
    if (m_key.isEmpty()) {
        return;
    }
    const bool mine = std::any_of(changes.jobs.cbegin(), changes.jobs.cend(),
        [this](const Job &job) { return job.key == m_key && job.logLines != m_shape.total; });
    if (!mine) {
        return;
    }
    if (m_opening || m_followInFlight) {
        m_followAgain = true;
    } else if (!m_followTimer.isActive()) {
        m_followTimer.start(FollowIntervalMs);
    }
}

// New lines: the shape and the newest two pages' worth of them, in one read at a time.
void LogLinesModel::follow()
{
    if (m_followInFlight || !m_reader || m_key.isEmpty()) {
        m_followAgain = m_followInFlight;
        return;
    }
    m_followInFlight = true;
    m_reader->read<Read>(
        m_follows,
        [key = m_key, known = m_shape.total](const Store &store) {
            Read read;
            read.shape = store.logShape(key);
            if (read.shape && read.shape->total > known) {
                const qint64 from = std::max(known + 1, read.shape->total - 2 * PageSize + 1);
                if (const auto page = store.logPage(key, from, 2 * PageSize)) {
                    read.lines = page->lines;
                }
            }
            return read;
        },
        this,
        [this](const Read &read) {
            m_followInFlight = false;
            if (read.shape) {
                reshape(*read.shape);
                store(read.lines);
            }
            if (m_followAgain) {
                m_followAgain = false;
                m_followTimer.start(FollowIntervalMs);
            }
        });
}

// The log grew: rows are appended. The limit cut (more of) its middle, or anything else
// changed (the job pruned and sent again): the rows are laid out anew (a reset: rows after the
// marker move up by the lines newly cut), and the cached lines that stay go to their new rows.
void LogLinesModel::reshape(const LogShape &shape)
{
    if (shape == m_shape) {
        return;
    }
    if (shape.total < m_shape.total || shape.cutFirst != m_shape.cutFirst
        || shape.cutLast != m_shape.cutLast) {
        QList<StoredLogLine> kept;
        for (const Page &page : std::as_const(m_cache)) {
            for (const StoredLogLine &line : page.rows) {
                if (line.number > 0 && line.omitted == 0) {
                    kept.append(line);
                }
            }
        }
        reset(shape);
        store(kept);
        return;
    }
    const int rows = int(shape.entries());
    beginInsertRows({}, m_rows, rows - 1);
    m_shape = shape;
    m_rows = rows;
    endInsertRows();
    Q_EMIT countChanged();
}

void LogLinesModel::copyLines(double first, double last)
{
    const qint64 from = qint64(std::min(first, last));
    const qint64 to = qint64(std::max(first, last));
    const int firstRow = rowOfLine(double(from));
    const int lastRow = rowOfLine(double(to));
    if (firstRow < 0 || lastRow < 0) {
        return;
    }
    QString text;
    bool all = lastRow - firstRow < MaxPages * PageSize;
    for (int row = firstRow; all && row <= lastRow; ++row) {
        const StoredLogLine *line = cached(row);
        all = line != nullptr;
        if (all) {
            text += line->text + u'\n';
        }
    }
    if (all) {
        Q_EMIT copyReady(text);
        return;
    }
    m_reader->read<QString>(
        m_copies,
        [key = m_key, from, to](const Store &store) {
            QString text;
            qint64 next = from;
            qint64 copied = 0;
            while (next <= to && copied < MaxCopyLines) {
                const auto page = store.logPage(key, next, Store::MaxLogPage);
                if (!page || page->lines.isEmpty()) {
                    break;
                }
                for (const StoredLogLine &line : page->lines) {
                    if (line.number > to || copied++ >= MaxCopyLines) {
                        break;
                    }
                    text += line.text + u'\n';
                }
                next = page->next;
            }
            return text;
        },
        this, [this](const QString &text) { Q_EMIT copyReady(text); });
}

} // namespace jobpulse
