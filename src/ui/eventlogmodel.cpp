#include "eventlogmodel.h"

#include "ui/format.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void EventLogModel::setStore(Store *store)
{
    if (m_store) {
        disconnect(m_store, nullptr, this, nullptr);
    }
    m_store = store;
    if (m_store) {
        connect(m_store, &Store::committed, this, &EventLogModel::apply);
    }
    const QString key = m_key;
    m_key.clear();
    setJobKey(key);
}

void EventLogModel::setJobKey(const QString &key)
{
    if (key == m_key && !key.isEmpty()) {
        return;
    }
    beginResetModel();
    m_key = key;
    m_events.clear();
    if (m_store && !key.isEmpty()) {
        m_events = m_store->eventsBesideLog(key, MaxLines);
    }
    endResetModel();
    Q_EMIT countChanged();
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

bool EventLogModel::shown(const StoredEvent &stored)
{
    // A heartbeat only says the job is alive; log lines are LogLinesModel's.
    return stored.event.type != EventType::Heartbeat && stored.event.type != EventType::Log;
}

QString EventLogModel::describe(const Event &e)
{
    QStringList parts;
    if (e.step) {
        parts << u"step %1"_s.arg(e.step->index);
        if (!e.step->name.isEmpty()) {
            parts << e.step->name;
        }
    }
    if (e.progress) {
        parts << u"%1%"_s.arg(*e.progress, 0, 'f', 0);
    }
    if (!e.state.isEmpty()) {
        parts << u"(%1)"_s.arg(e.state);
    }
    if (!e.message.isEmpty()) {
        parts << e.message.section(u'\n', 0, 0);
    }
    if (parts.isEmpty()) {
        parts << eventTypeName(e.type).replace(u'.', u' '); // "job queued"
    }
    return parts.join(u' ');
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const StoredEvent &stored = m_events.at(index.row());
    switch (role) {
    case TimeRole:
        return stored.event.time;
    case TypeRole:
        return eventTypeName(stored.event.type);
    case Qt::DisplayRole:
    case MessageRole:
        return describe(stored.event);
    case SeqRole:
        return stored.seq;
    default:
        return {};
    }
}

int EventLogModel::rowOfSeq(qint64 seq) const
{
    // Oldest first: the sequence numbers ascend.
    const auto it = std::lower_bound(m_events.cbegin(), m_events.cend(), seq,
        [](const StoredEvent &stored, qint64 wanted) { return stored.seq < wanted; });
    return it != m_events.cend() && it->seq == seq ? int(it - m_events.cbegin()) : -1;
}

QString EventLogModel::text(qint64 firstSeq, qint64 lastSeq) const
{
    QString lines;
    for (const StoredEvent &stored : m_events) {
        if (stored.seq >= std::min(firstSeq, lastSeq)
            && stored.seq <= std::max(firstSeq, lastSeq)) {
            lines += Format::clockTime(stored.event.time) + u' ' + describe(stored.event) + u'\n';
        }
    }
    return lines;
}

QHash<int, QByteArray> EventLogModel::roleNames() const
{
    return {
        { TimeRole, "time" },
        { TypeRole, "type" },
        { MessageRole, "message" },
        { SeqRole, "seq" },
    };
}

void EventLogModel::apply(const Changes &changes)
{
    if (m_key.isEmpty()) {
        return;
    }
    // A viewer reads the database before it hears of the commit (OwnerLink): the lines
    // loaded already are not added twice.
    const qint64 newest = m_events.isEmpty() ? 0 : m_events.constLast().seq;
    QList<StoredEvent> mine;
    for (const StoredEvent &stored : changes.events) {
        if (stored.event.job == m_key && stored.seq > newest && shown(stored)) {
            mine.append(stored);
        }
    }
    if (mine.size() > MaxLines) {
        mine.remove(0, mine.size() - MaxLines);
    }
    if (mine.isEmpty()) {
        return;
    }
    const int first = count();
    beginInsertRows({}, first, first + int(mine.size()) - 1);
    m_events.append(mine);
    endInsertRows();
    const int excess = count() - MaxLines;
    if (excess > 0) {
        beginRemoveRows({}, 0, excess - 1);
        m_events.remove(0, excess);
        endRemoveRows();
    }
    Q_EMIT countChanged();
}

} // namespace jobpulse
