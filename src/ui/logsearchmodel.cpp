#include "logsearchmodel.h"

#include "store/store.h"
#include "ui/loglinesmodel.h"

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

LogSearchModel::LogSearchModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_delay.setSingleShot(true);
    connect(&m_delay, &QTimer::timeout, this, &LogSearchModel::search);
}

void LogSearchModel::setLog(LogLinesModel *log, StoreReader *reader)
{
    m_log = log;
    m_reader = reader;
}

void LogSearchModel::setText(const QString &text)
{
    if (text == m_text) {
        return;
    }
    m_text = text;
    Q_EMIT textChanged();
    setSearching(!text.trimmed().isEmpty());
    m_delay.start(DelayMs);
}

void LogSearchModel::searchNow()
{
    m_delay.stop();
    search();
}

void LogSearchModel::clear()
{
    m_delay.stop();
    m_reads.cancel();
    setText({});
    m_delay.stop();
    search();
}

void LogSearchModel::setSearching(bool searching)
{
    if (searching != m_searching) {
        m_searching = searching;
        Q_EMIT searchingChanged();
    }
}

void LogSearchModel::search()
{
    const QString text = m_text.trimmed();
    const QString key = m_log ? m_log->jobKey() : QString();
    if (text.isEmpty() || key.isEmpty() || !m_reader) {
        m_reads.cancel();
        beginResetModel();
        m_matches.clear();
        m_current = -1;
        endResetModel();
        setSearching(false);
        Q_EMIT resultsChanged();
        Q_EMIT currentChanged();
        return;
    }
    setSearching(true);
    m_reader->read<QList<StoredLogLine>>(
        m_reads, [key, text](const Store &store) { return store.searchLog(key, text, MaxMatches); },
        this,
        [this, key](const QList<StoredLogLine> &matches) {
            if (!m_log || m_log->jobKey() != key) {
                return;
            }
            beginResetModel();
            m_matches = matches;
            m_current = matches.isEmpty() ? -1 : 0;
            endResetModel();
            setSearching(false);
            Q_EMIT resultsChanged();
            Q_EMIT currentChanged();
        });
}

int LogSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant LogSearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const StoredLogLine &line = m_matches.at(index.row());
    switch (role) {
    case NumberRole:
        return double(line.number);
    case Qt::DisplayRole:
    case TextRole:
        return line.text;
    case StreamRole:
        return line.stream;
    default:
        return {};
    }
}

QHash<int, QByteArray> LogSearchModel::roleNames() const
{
    return { { NumberRole, "number" }, { TextRole, "text" }, { StreamRole, "stream" } };
}

void LogSearchModel::setCurrent(int row)
{
    row = m_matches.isEmpty() ? -1 : std::clamp(row, 0, int(m_matches.size()) - 1);
    if (row != m_current) {
        m_current = row;
    }
    // Again for the same row too: going back to a match the reader scrolled away from.
    Q_EMIT currentChanged();
}

double LogSearchModel::currentLine() const
{
    return m_current < 0 ? 0.0 : double(m_matches.at(m_current).number);
}

void LogSearchModel::step(int step)
{
    if (m_matches.isEmpty()) {
        return;
    }
    const int n = int(m_matches.size());
    setCurrent(((m_current + step) % n + n) % n);
}

} // namespace jobpulse
