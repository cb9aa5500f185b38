#include "jobfiltermodel.h"

#include "ui/joblistmodel.h"

namespace jobpulse {

JobFilterModel::JobFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Re-check a row when its status (or title) changes, so filters stay true while live.
    setDynamicSortFilter(true);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved }) {
        connect(this, signal, this, &JobFilterModel::countChanged);
    }
    connect(this, &QAbstractItemModel::modelReset, this, &JobFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &JobFilterModel::countChanged);
}

void JobFilterModel::setStatus(const QString &status)
{
    if (status == m_status) {
        return;
    }
    const bool wasFiltering = filtering();
    m_status = status;
    invalidateFilter();
    Q_EMIT statusChanged();
    if (wasFiltering != filtering()) {
        Q_EMIT filteringChanged();
    }
}

void JobFilterModel::setSearch(const QString &search)
{
    const QString trimmed = search.trimmed();
    if (trimmed == m_search) {
        return;
    }
    const bool wasFiltering = filtering();
    m_search = trimmed;
    invalidateFilter();
    Q_EMIT searchChanged();
    if (wasFiltering != filtering()) {
        Q_EMIT filteringChanged();
    }
}

QString JobFilterModel::keyAt(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return {};
    }
    return data(index(row, 0), JobListModel::KeyRole).toString();
}

int JobFilterModel::rowOf(const QString &key) const
{
    const auto *jobs = qobject_cast<const JobListModel *>(sourceModel());
    if (!jobs) {
        return -1;
    }
    const int sourceRow = jobs->rowOf(key);
    return sourceRow < 0 ? -1 : mapFromSource(jobs->index(sourceRow)).row();
}

bool JobFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex row = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_status.isEmpty() && row.data(JobListModel::StatusRole).toString() != m_status) {
        return false;
    }
    if (m_search.isEmpty()) {
        return true;
    }
    for (const int role :
        { JobListModel::KeyRole, JobListModel::TitleRole, JobListModel::KindRole }) {
        if (row.data(role).toString().contains(m_search, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

} // namespace jobpulse
