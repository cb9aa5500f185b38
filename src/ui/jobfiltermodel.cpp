#include "jobfiltermodel.h"

#include "ui/joblistmodel.h"

namespace jobpulse {

JobFilterModel::JobFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Re-check a row when its status (or title) changes, so filters stay true while live.
    setDynamicSortFilter(true);
    // Names as people sort them: "apple" before "Mango", "job-2" before "job-10".
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    m_collator.setNumericMode(true);
    m_resortTimer.setInterval(ResortMs);
    connect(&m_resortTimer, &QTimer::timeout, this, &JobFilterModel::resort);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved }) {
        connect(this, signal, this, &JobFilterModel::countChanged);
    }
    connect(this, &QAbstractItemModel::modelReset, this, &JobFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &JobFilterModel::countChanged);
    connect(this, &QAbstractProxyModel::sourceModelChanged, this, [this] {
        connect(sourceModel(), &QAbstractItemModel::rowsInserted, this, &JobFilterModel::countNew);
        connect(sourceModel(), &QAbstractItemModel::modelReset, this, [this] {
            if (held()) {
                m_heldFrom = sourceModel()->rowCount(); // what is there was not "new"
            }
            countNew();
        });
    });
}

void JobFilterModel::setHeld(bool held)
{
    if (held == this->held() || !sourceModel()) {
        return;
    }
    if (held) {
        // Rows stop moving: no re-sort and no re-filter on updates, and no inserted rows.
        m_heldFrom = sourceModel()->rowCount();
        setDynamicSortFilter(false);
        m_resortTimer.stop();
    } else {
        m_heldFrom = -1;
        setDynamicSortFilter(true);
        if (volatileOrder()) {
            m_resortTimer.start();
        }
        m_snapshot.clear();
        invalidate();
    }
    countNew();
    Q_EMIT heldChanged();
}

void JobFilterModel::showNew()
{
    if (!held()) {
        return;
    }
    m_heldFrom = sourceModel()->rowCount();
    m_snapshot.clear();
    invalidate();
    countNew();
}

int JobFilterModel::arrivedWhileHeld() const
{
    return held() ? sourceModel()->rowCount() - m_heldFrom : -1;
}

void JobFilterModel::countNew()
{
    // The source is newest first: the jobs that arrived while held are its first rows.
    int count = 0;
    const int arrived = arrivedWhileHeld();
    for (int row = 0; row < arrived; ++row) {
        count += passes(row) ? 1 : 0;
    }
    if (count != m_newCount) {
        m_newCount = count;
        Q_EMIT newCountChanged();
    }
}

bool JobFilterModel::change(QString &field, const QString &value, void (JobFilterModel::*changed)())
{
    if (field == value) {
        return false;
    }
    const bool wasFiltering = filtering();
    field = value;
    invalidateFilter();
    countNew();
    Q_EMIT(this->*changed)();
    if (wasFiltering != filtering()) {
        Q_EMIT filteringChanged();
    }
    return true;
}

void JobFilterModel::setStatus(const QString &status)
{
    change(m_status, status, &JobFilterModel::statusChanged);
}

void JobFilterModel::setSearch(const QString &search)
{
    const QString trimmed = search.trimmed();
    if (trimmed != m_search) {
        m_searchMatches.clear(); // the old text's; the new ones follow from the store
        setMatchLines({});
        SearchTerms terms = SearchTerms::parse(trimmed);
        m_words = terms.words;
        m_labels = terms.labels;
    }
    change(m_search, trimmed, &JobFilterModel::searchChanged);
}

void JobFilterModel::setKind(const QString &kind)
{
    change(m_kind, kind, &JobFilterModel::kindChanged);
}

void JobFilterModel::setSource(const QString &source)
{
    change(m_source, source, &JobFilterModel::sourceChanged);
}

void JobFilterModel::setSearchMatches(
    const QStringList &keys, const QHash<QString, LogMatch> &lines)
{
    QSet<QString> matches(keys.cbegin(), keys.cend());
    setMatchLines(lines);
    if (matches == m_searchMatches) {
        return;
    }
    m_searchMatches = std::move(matches);
    if (!m_words.isEmpty()) {
        invalidateFilter();
    }
}

void JobFilterModel::setMatchLines(const QHash<QString, LogMatch> &lines)
{
    bool changed = lines.size() != m_matchLines.size();
    for (auto it = lines.cbegin(); !changed && it != lines.cend(); ++it) {
        changed = m_matchLines.value(it.key()).seq != it->seq;
    }
    m_matchLines = lines;
    if (changed && rowCount() > 0) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), { JobListModel::MatchLineRole });
    }
}

QVariant JobFilterModel::data(const QModelIndex &index, int role) const
{
    if (role != JobListModel::MatchLineRole) {
        return QSortFilterProxyModel::data(index, role);
    }
    if (m_words.isEmpty()) {
        return QString();
    }
    return m_matchLines.value(index.data(JobListModel::KeyRole).toString()).line;
}

void JobFilterModel::addLabelFilter(const QString &name, const QString &value)
{
    const LabelFilter label { name, value };
    if (!m_labels.contains(label)) {
        setSearch(m_search + u' ' + SearchTerms::term(label));
    }
}

void JobFilterModel::removeLabelFilter(int index)
{
    if (index < 0 || index >= m_labels.size()) {
        return;
    }
    QStringList terms;
    for (qsizetype i = 0; i < m_labels.size(); ++i) {
        if (i != index) {
            terms << SearchTerms::term(m_labels.at(i));
        }
    }
    terms << m_words;
    setSearch(terms.join(u' '));
}

QStringList JobFilterModel::labelFilters() const
{
    QStringList terms;
    for (const LabelFilter &label : m_labels) {
        terms << SearchTerms::term(label);
    }
    return terms;
}

void JobFilterModel::clearFilters()
{
    setStatus({});
    setSearch({});
    setKind({});
    setSource({});
}

namespace {

const QStringList orders { QStringLiteral("newest"), QStringLiteral("updated"),
    QStringLiteral("progress"), QStringLiteral("name"), QStringLiteral("status") };

int statusRank(const QString &status)
{
    // What needs a look first: failed, then stalled (silent), then what moves.
    static const QStringList ranked { QStringLiteral("failed"), QStringLiteral("stalled"),
        QStringLiteral("running"), QStringLiteral("queued"), QStringLiteral("lost"),
        QStringLiteral("canceled"), QStringLiteral("succeeded") };
    return int(ranked.indexOf(status));
}

} // namespace

void JobFilterModel::setOrder(const QString &order)
{
    const QString value = orders.contains(order) ? order : orders.first();
    if (value == m_order) {
        return;
    }
    m_order = value;
    // The role an order reads: lessThan() compares by it, and dynamicSortFilter re-sorts a row
    // when it changes.
    static const QHash<QString, int> roles { { QStringLiteral("updated"),
                                                 JobListModel::UpdatedAtRole },
        { QStringLiteral("progress"), JobListModel::ProgressRole },
        { QStringLiteral("name"), JobListModel::TitleRole },
        { QStringLiteral("status"), JobListModel::StatusRole } };
    setSortRole(roles.value(m_order, JobListModel::KeyRole));
    m_snapshot.clear();
    volatileOrder() ? m_resortTimer.start() : m_resortTimer.stop();
    if (m_order == orders.first()) {
        sort(-1); // the source's own order: newest first
    } else {
        invalidate();
        sort(0, Qt::AscendingOrder);
    }
    Q_EMIT orderChanged();
}

bool JobFilterModel::volatileOrder() const
{
    return sortRole() == JobListModel::UpdatedAtRole || sortRole() == JobListModel::ProgressRole;
}

QVariant JobFilterModel::sortValue(const QModelIndex &index) const
{
    if (!volatileOrder()) {
        return index.data(sortRole());
    }
    // Orders by values that change many times a second move rows only when the snapshot is
    // taken again (once a second): a row does not jump on every update, and 1,000 jobs at
    // 10 updates a second do not re-sort the list 10,000 times a second.
    const QString key = index.data(JobListModel::KeyRole).toString();
    auto it = m_snapshot.constFind(key);
    if (it == m_snapshot.cend()) {
        it = m_snapshot.insert(key, index.data(sortRole()));
    }
    return *it;
}

bool JobFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // "Less" is shown first. Ties keep the newest first (the source's row order).
    const bool newer = left.row() < right.row();
    const QVariant a = sortValue(left);
    const QVariant b = sortValue(right);
    switch (sortRole()) {
    case JobListModel::UpdatedAtRole:
        return a.toDateTime() != b.toDateTime() ? a.toDateTime() > b.toDateTime() : newer;
    case JobListModel::ProgressRole:
        return a.toDouble() != b.toDouble() ? a.toDouble() > b.toDouble() : newer;
    case JobListModel::TitleRole: {
        const int c = m_collator.compare(a.toString(), b.toString());
        return c != 0 ? c < 0 : newer;
    }
    case JobListModel::StatusRole: {
        const int ra = statusRank(a.toString());
        const int rb = statusRank(b.toString());
        return ra != rb ? ra < rb : newer;
    }
    default:
        return newer;
    }
}

void JobFilterModel::resort()
{
    if (held()) {
        return; // the rows stay where the pointer found them
    }
    m_snapshot.clear();
    invalidate();
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
    return sourceRow >= std::max(0, arrivedWhileHeld()) && passes(sourceRow, sourceParent)
        && !folded(sourceRow, sourceParent);
}

bool JobFilterModel::folded(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex row = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!row.data(JobListModel::FoldedRole).toBool()) {
        return false;
    }
    const auto *jobs = qobject_cast<const JobListModel *>(sourceModel());
    const int parentRow = jobs ? jobs->rowOf(row.data(JobListModel::ParentRole).toString()) : -1;
    return parentRow >= 0 && passes(parentRow);
}

bool JobFilterModel::passes(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex row = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto differs = [&row](const QString &wanted, int role) {
        return !wanted.isEmpty() && row.data(role).toString() != wanted;
    };
    if (differs(m_status, JobListModel::StatusRole) || differs(m_kind, JobListModel::KindRole)
        || differs(m_source, JobListModel::SourceRole)) {
        return false;
    }
    if (!m_labels.isEmpty()) {
        const QVariantMap labels = row.data(JobListModel::LabelsRole).toMap();
        for (const auto &[name, value] : m_labels) {
            if (labels.value(name).toString() != value) {
                return false;
            }
        }
    }
    if (m_words.isEmpty()) {
        return true;
    }
    for (const int role : { JobListModel::KeyRole, JobListModel::TitleRole, JobListModel::KindRole,
             JobListModel::ErrorRole }) {
        if (row.data(role).toString().contains(m_words, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return m_searchMatches.contains(row.data(JobListModel::KeyRole).toString());
}

} // namespace jobpulse
