#include "joblistmodel.h"

#include "store/store.h"
#include "ui/kindhistories.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
constexpr int InitialRows = 500;
} // namespace

JobListModel::JobListModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_batch([this] { flush(); })
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &JobListModel::tick);
}

void JobListModel::setStore(Store *store)
{
    beginResetModel();
    m_jobs.clear();
    m_position.clear();
    m_batch.clear();
    m_runningSteps.clear();
    m_kinds.clear();
    m_sources.clear();
    m_children.clear();
    if (store) {
        JobQuery newestFirst;
        newestFirst.limit = InitialRows;
        const QList<Job> newest = store->jobs(newestFirst).jobs;
        m_jobs.reserve(newest.size());
        std::copy(newest.rbegin(), newest.rend(), std::back_inserter(m_jobs));
        for (qsizetype i = 0; i < m_jobs.size(); ++i) {
            const Job &job = m_jobs.at(i);
            m_position.insert(job.key, i);
            learnFacets(job);
            learnParent(job);
            if (job.status == JobStatus::Running) {
                m_runningSteps.insert(job.key, store->steps(job.key));
            }
        }
        connect(store, &Store::committed, this, [this](const Changes &changes) {
            collectSteps(changes);
            m_batch.collect(changes);
        });
    }
    endResetModel();
    Q_EMIT countChanged();
    m_facetsChanged = false;
    Q_EMIT facetsChanged();
    updateTicker();
}

void JobListModel::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

int JobListModel::rowOf(const QString &key) const
{
    const auto it = m_position.constFind(key);
    return it == m_position.cend() ? -1 : int(m_jobs.size() - 1 - *it);
}

QString JobListModel::keyAt(int row) const
{
    return (row >= 0 && row < count()) ? jobAt(row).key : QString();
}

const Job &JobListModel::jobAt(int row) const
{
    return m_jobs.at(m_jobs.size() - 1 - row);
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Job &job = jobAt(index.row());
    switch (role) {
    case EtaRole:
        return eta(job);
    case FoldedRole:
    case ChildCountRole:
    case ChildrenDoneRole:
    case ChildrenFailedRole:
        return familyData(job, role);
    default:
        return roleData(job, role, m_clock());
    }
}

QVariant JobListModel::familyData(const Job &job, int role) const
{
    if (role == FoldedRole) {
        return !job.parent.isEmpty() && m_position.contains(job.parent);
    }
    int count = 0;
    int done = 0;
    int failed = 0;
    for (const QString &key : m_children.value(job.key)) {
        const auto pos = m_position.constFind(key);
        if (pos == m_position.cend()) {
            continue;
        }
        const JobStatus status = m_jobs.at(*pos).status;
        ++count;
        done += isTerminal(status) ? 1 : 0;
        failed += status == JobStatus::Failed ? 1 : 0;
    }
    return role == ChildCountRole ? count : role == ChildrenDoneRole ? done : failed;
}

void JobListModel::learnParent(const Job &job)
{
    if (!job.parent.isEmpty()) {
        m_children[job.parent].insert(job.key);
    }
}

void JobListModel::signalFamilies(const QSet<QString> &parents, const QSet<QString> &jobs)
{
    for (const QString &parent : parents) {
        if (const int row = rowOf(parent); row >= 0) {
            const QModelIndex idx = index(row);
            Q_EMIT dataChanged(idx, idx, { ChildCountRole, ChildrenDoneRole, ChildrenFailedRole });
        }
    }
    // A parent that arrived or changed: its children fold under it, or follow it in or out
    // of a filter (JobFilterModel shows a child on its own when its parent is filtered out).
    for (const QString &key : jobs) {
        for (const QString &child : m_children.value(key)) {
            if (const int row = rowOf(child); row >= 0) {
                const QModelIndex idx = index(row);
                Q_EMIT dataChanged(idx, idx, { FoldedRole });
            }
        }
    }
}

QVariant JobListModel::eta(const Job &job) const
{
    if (!m_histories || job.status != JobStatus::Running) {
        return -1.0;
    }
    const std::optional<double> left =
        estimateRemaining(job, m_runningSteps.value(job.key), m_histories->of(job.kind), m_clock());
    return left.value_or(-1.0);
}

bool JobListModel::etaMayChange(const QList<int> &roles, const Job &before, const Job &after) const
{
    // Progress alone does not move an ETA; a step or the status does (the clock is the
    // ticker's business). Kinds without history have none to change.
    const bool stepOrStatus = roles.contains(StatusRole) || roles.contains(StepIndexRole)
        || roles.contains(StepsDoneRole) || roles.contains(KindRole);
    const bool running = before.status == JobStatus::Running || after.status == JobStatus::Running;
    return m_histories && stepOrStatus && running
        && (m_histories->of(before.kind).runs >= KindHistory::MinimumRuns
            || m_histories->of(after.kind).runs >= KindHistory::MinimumRuns);
}

void JobListModel::collectSteps(const Changes &changes)
{
    // Kept as they arrive (a step's commit may precede its job's frame); flush() drops the
    // steps of jobs that have ended.
    for (const auto &[key, step] : changes.steps) {
        QList<Step> &steps = m_runningSteps[key];
        const auto it = std::find_if(
            steps.begin(), steps.end(), [&step](const Step &s) { return s.index == step.index; });
        if (it == steps.end()) {
            steps.append(step);
        } else {
            *it = step;
        }
    }
}

QVariant JobListModel::roleData(const Job &job, int role, const QDateTime &now)
{
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return job.title.isEmpty() ? job.key : job.title;
    case KeyRole:
        return job.key;
    case KindRole:
        return job.kind;
    case StatusRole:
        return jobStatusName(job.status);
    case StateRole:
        return job.state;
    case ProgressRole:
        return std::clamp(job.progress / 100.0, 0.0, 1.0);
    case ProgressKnownRole:
        return job.progressKnown;
    case StepIndexRole:
        return job.stepIndex;
    case StepTotalRole:
        return job.stepTotal;
    case StepNameRole:
        return job.stepName;
    case StepsDoneRole:
        return job.stepsDone;
    case ElapsedRole:
        return job.elapsedSeconds(now);
    case ErrorRole:
        return job.error;
    case UpdatedAtRole:
        return job.updatedAt;
    case UrlRole:
        return job.url;
    case CreatedAtRole:
        return job.createdAt;
    case SourceRole:
        return job.source;
    case MatchLineRole:
        return QString();
    case ParentRole:
        return job.parent;
    case LabelsRole: {
        QVariantMap labels;
        for (auto it = job.labels.begin(); it != job.labels.end(); ++it) {
            labels.insert(it.key(), it.value());
        }
        return labels;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> JobListModel::roleNames() const
{
    QHash<int, QByteArray> names = jobRoleNames();
    names.insert(EtaRole, "eta");
    names.insert(FoldedRole, "folded");
    names.insert(ChildCountRole, "childCount");
    names.insert(ChildrenDoneRole, "childrenDone");
    names.insert(ChildrenFailedRole, "childrenFailed");
    return names;
}

QHash<int, QByteArray> JobListModel::jobRoleNames()
{
    return {
        { KeyRole, "key" },
        { TitleRole, "title" },
        { KindRole, "kind" },
        { StatusRole, "status" },
        { StateRole, "subState" }, // "state" is every QML Item's own property
        { ProgressRole, "progress" },
        { ProgressKnownRole, "progressKnown" },
        { StepIndexRole, "stepIndex" },
        { StepTotalRole, "stepTotal" },
        { StepNameRole, "stepName" },
        { StepsDoneRole, "stepsDone" },
        { ElapsedRole, "elapsed" },
        { ErrorRole, "error" },
        { UpdatedAtRole, "updatedAt" },
        { UrlRole, "url" },
        { CreatedAtRole, "createdAt" },
        { SourceRole, "source" },
        { MatchLineRole, "matchLine" },
        { ParentRole, "parentKey" }, // "parent" is every QML Item's own property
        { LabelsRole, "labels" },
    };
}

void JobListModel::flush()
{
    const QHash<QString, Job> pending = m_batch.take();
    if (pending.isEmpty()) {
        return;
    }
    QList<Job> added;
    QSet<QString> parents; // whose children changed
    QSet<QString> families; // jobs whose children may fold or unfold
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        if (isTerminal(it.value().status)) {
            m_runningSteps.remove(it.key()); // an ended job has no ETA
        }
        const auto pos = m_position.constFind(it.key());
        if (pos == m_position.cend()) {
            added.append(it.value());
            continue;
        }
        Job &current = m_jobs[*pos];
        QList<int> roles = changedRoles(current, it.value());
        if (roles.contains(ParentRole)) {
            m_children[current.parent].remove(current.key);
            parents.insert(current.parent);
            learnParent(it.value());
            roles.append(FoldedRole);
        }
        if (!it->parent.isEmpty() && roles.contains(StatusRole)) {
            parents.insert(it->parent);
        }
        // What the filters read: a parent that changed in them may take its children along.
        const bool filtered = std::any_of(roles.cbegin(), roles.cend(), [](int role) {
            return role == StatusRole || role == TitleRole || role == KindRole || role == SourceRole
                || role == ErrorRole || role == LabelsRole;
        });
        if (filtered && m_children.contains(it.key())) {
            families.insert(it.key());
        }
        if (etaMayChange(roles, current, it.value())) {
            roles.append(EtaRole);
        }
        current = it.value();
        if (roles.contains(KindRole) || roles.contains(SourceRole)) {
            learnFacets(current);
        }
        if (!roles.isEmpty()) {
            const QModelIndex idx = index(rowOf(it.key()));
            Q_EMIT dataChanged(idx, idx, roles);
        }
    }
    if (!added.isEmpty()) {
        // Creation order: the newest ends up on top.
        std::sort(added.begin(), added.end(),
            [](const Job &a, const Job &b) { return a.rowId < b.rowId; });
        beginInsertRows({}, 0, int(added.size()) - 1);
        for (const Job &job : std::as_const(added)) {
            m_position.insert(job.key, m_jobs.size());
            m_jobs.append(job);
            learnFacets(job);
            learnParent(job);
            if (!job.parent.isEmpty()) {
                parents.insert(job.parent);
            }
            if (m_children.contains(job.key)) {
                families.insert(job.key);
            }
        }
        endInsertRows();
        Q_EMIT countChanged();
    }
    signalFamilies(parents, families);
    if (std::exchange(m_facetsChanged, false)) {
        Q_EMIT facetsChanged();
    }
    updateTicker();
    Q_EMIT flushed();
}

void JobListModel::learnFacets(const Job &job)
{
    for (auto [value, set] : { std::pair { &job.kind, &m_kinds }, { &job.source, &m_sources } }) {
        if (!value->isEmpty() && !set->contains(*value)) {
            set->insert(*value);
            m_facetsChanged = true;
        }
    }
}

namespace {
QStringList sorted(const QSet<QString> &set)
{
    QStringList list(set.cbegin(), set.cend());
    list.sort(Qt::CaseInsensitive);
    return list;
}
} // namespace

QStringList JobListModel::kinds() const
{
    return sorted(m_kinds);
}

QStringList JobListModel::sources() const
{
    return sorted(m_sources);
}

QList<int> JobListModel::changedRoles(const Job &a, const Job &b)
{
    QList<int> roles;
    const auto check = [&roles](bool differs, int role) {
        if (differs) {
            roles.append(role);
        }
    };
    check(a.title != b.title, TitleRole);
    check(a.kind != b.kind, KindRole);
    check(a.status != b.status, StatusRole);
    check(a.state != b.state, StateRole);
    check(a.progress != b.progress, ProgressRole);
    check(a.progressKnown != b.progressKnown, ProgressKnownRole);
    check(a.stepIndex != b.stepIndex, StepIndexRole);
    check(a.stepTotal != b.stepTotal, StepTotalRole);
    check(a.stepName != b.stepName, StepNameRole);
    check(a.stepsDone != b.stepsDone, StepsDoneRole);
    check(a.status != b.status || a.startedAt != b.startedAt || a.finishedAt != b.finishedAt
            || a.createdAt != b.createdAt || a.duration != b.duration,
        ElapsedRole);
    check(a.error != b.error, ErrorRole);
    check(a.updatedAt != b.updatedAt, UpdatedAtRole);
    check(a.url != b.url, UrlRole);
    check(a.createdAt != b.createdAt, CreatedAtRole);
    check(a.source != b.source, SourceRole);
    check(a.parent != b.parent, ParentRole);
    check(a.labels != b.labels, LabelsRole);
    if (roles.contains(TitleRole)) {
        roles.append(Qt::DisplayRole);
    }
    return roles;
}

bool JobListModel::ticks(const Job &job)
{
    // A stalled job is still under way: its time goes on.
    return job.status == JobStatus::Running || job.status == JobStatus::Stalled;
}

void JobListModel::tick()
{
    // With histories an ETA counts down with the current step's time, as elapsed counts up.
    signalElapsed(
        *this, count(), [this](int row) { return ticks(jobAt(row)); },
        m_histories ? QList<int> { ElapsedRole, EtaRole } : QList<int> { ElapsedRole });
}

bool JobListModel::signalElapsed(QAbstractItemModel &model, int rows,
    const std::function<bool(int row)> &running, const QList<int> &roles)
{
    int first = -1;
    bool any = false;
    for (int row = 0; row <= rows; ++row) {
        const bool on = row < rows && running(row);
        any = any || on;
        if (on && first < 0) {
            first = row;
        } else if (!on && first >= 0) {
            Q_EMIT model.dataChanged(model.index(first, 0), model.index(row - 1, 0), roles);
            first = -1;
        }
    }
    return any;
}

void JobListModel::updateTicker()
{
    const bool anyRunning =
        std::any_of(m_jobs.cbegin(), m_jobs.cend(), [](const Job &job) { return ticks(job); });
    if (anyRunning && !m_ticker.isActive()) {
        m_ticker.start();
    } else if (!anyRunning) {
        m_ticker.stop();
    }
}

} // namespace jobpulse
