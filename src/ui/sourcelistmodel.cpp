#include "sourcelistmodel.h"

#include "sources/sourcemanager.h"

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

SourceListModel::SourceListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void SourceListModel::setManager(SourceManager *manager)
{
    for (const Row &row : std::as_const(m_rows)) {
        for (Source *s : { row.source.data(), row.fallback.data() }) {
            if (s) {
                disconnect(s, nullptr, this, nullptr);
            }
        }
    }
    if (m_manager && m_manager != manager) {
        disconnect(m_manager, nullptr, this, nullptr);
    }
    beginResetModel();
    if (manager && m_manager != manager) {
        // A reloaded config added, removed or replaced sources: the rows start over.
        connect(manager, &SourceManager::sourcesChanged, this, [this] { setManager(m_manager); });
    }
    m_manager = manager;
    m_rows.clear();
    if (manager) {
        for (Source *source : manager->sources()) {
            m_rows.append(snapshot(source, manager->fallbackOf(source)));
        }
    }
    endResetModel();
    for (int i = 0; i < count(); ++i) {
        for (Source *s : { m_rows.at(i).source.data(), m_rows.at(i).fallback.data() }) {
            if (!s) {
                continue;
            }
            // The row, not the index, is captured: rows never move while a manager is set.
            connect(s, &Source::stateChanged, this, [this, i] { refresh(i); });
            connect(s, &Source::committed, this, [this, i] { refresh(i); });
        }
    }
    Q_EMIT countChanged();
    Q_EMIT summaryChanged();
}

SourceListModel::Row SourceListModel::snapshot(Source *source, Source *fallback)
{
    Row row;
    row.source = source;
    row.fallback = fallback;
    row.state = sourceStateName(source->state());
    row.reason = source->reason();
    row.retryAt =
        source->state() == SourceState::Reconnecting ? source->nextRetryAt() : QDateTime();
    row.events = source->counters().events + (fallback ? fallback->counters().events : 0);
    row.fallbackState = fallback ? sourceStateName(fallback->state()) : QString();
    return row;
}

void SourceListModel::refresh(int i)
{
    if (i < 0 || i >= count() || !m_rows.at(i).source) {
        return;
    }
    const Row before = m_rows.at(i);
    const Row after = snapshot(before.source, before.fallback);
    QList<int> roles;
    if (after.state != before.state) {
        roles << StateRole;
    }
    if (after.reason != before.reason) {
        roles << ReasonRole;
    }
    if (after.retryAt != before.retryAt) {
        roles << RetryAtRole;
    }
    if (after.events != before.events) {
        roles << EventsRole;
    }
    if (after.fallbackState != before.fallbackState) {
        roles << FallbackStateRole;
    }
    if (roles.isEmpty()) {
        return;
    }
    const int liveBefore = liveCount();
    m_rows[i] = after;
    Q_EMIT dataChanged(index(i), index(i), roles);
    if (roles.contains(StateRole) && liveCount() != liveBefore) {
        Q_EMIT summaryChanged();
    }
}

int SourceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant SourceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.source ? row.source->name() : QString();
    case TypeRole:
        return row.source ? SourceConfig::typeName(row.source->config().type) : QString();
    case StateRole:
        return row.state;
    case ReasonRole:
        return row.reason;
    case RetryAtRole:
        return row.retryAt;
    case EventsRole:
        return row.events;
    case UrlRole:
        return row.source ? row.source->config().displayUrl() : QString();
    case FallbackNameRole:
        return row.fallback ? row.fallback->name() : QString();
    case FallbackStateRole:
        return row.fallbackState;
    default:
        return {};
    }
}

QHash<int, QByteArray> SourceListModel::roleNames() const
{
    return {
        { NameRole, "name" },
        { TypeRole, "type" },
        { StateRole, "sourceState" },
        { ReasonRole, "reason" },
        { RetryAtRole, "retryAt" },
        { EventsRole, "events" },
        { UrlRole, "url" },
        { FallbackNameRole, "fallbackName" },
        { FallbackStateRole, "fallbackState" },
    };
}

int SourceListModel::liveCount() const
{
    return int(std::count_if(
        m_rows.cbegin(), m_rows.cend(), [](const Row &row) { return row.state == u"live"; }));
}

QString SourceListModel::summary() const
{
    if (m_rows.isEmpty()) {
        return {};
    }
    const int live = liveCount();
    return live == count() ? u"live"_s : live == 0 ? u"down"_s : u"degraded"_s;
}

} // namespace jobpulse
