#include "toastmodel.h"

#include "store/store.h"
#include "ui/notifier.h"

#include <QElapsedTimer>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

ToastModel::ToastModel(QObject *parent)
    : QAbstractListModel(parent)
{
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    m_clock = [started] { return started->elapsed(); };
    m_lastSettle = m_clock();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ToastModel::expire);
}

void ToastModel::setStore(Store *store)
{
    m_finishes = FinishTracker();
    if (!store) {
        return;
    }
    m_finishes.load(*store);
    connect(store, &Store::committed, this, &ToastModel::follow);
}

void ToastModel::setNotifier(Notifier *notifier)
{
    // The notifier decides where a finish is told (here or on the desktop), so one event
    // never pops up twice.
    connect(notifier, &Notifier::showInWindow, this, &ToastModel::postJob);
}

void ToastModel::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    m_lastSettle = m_clock();
}

int ToastModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant ToastModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Toast &toast = m_toasts.at(index.row());
    switch (role) {
    case ToastIdRole:
        return toast.id;
    case JobKeyRole:
        return toast.failedKey.isEmpty() ? toast.jobKey : toast.failedKey;
    case Qt::DisplayRole:
    case TitleRole:
        return toast.title;
    case StatusRole:
        return toast.error      ? u"error"_s
            : toast.changed > 0 ? u"changed"_s
            : toast.failed > 0  ? u"failed"_s
                                : u"succeeded"_s;
    case CountRole:
        return toast.succeeded + toast.failed + toast.changed;
    case SucceededRole:
        return toast.succeeded;
    case FailedRole:
        return toast.failed;
    case StickyRole:
        return toast.sticky();
    case FromStateRole:
        return toast.from;
    case ToStateRole:
        return toast.to;
    case ErrorRole:
        return toast.entries.isEmpty() ? QString() : toast.entries.constLast().error;
    case GroupRole:
        return toast.kind.isEmpty() ? toast.source : toast.kind;
    case JobsRole: {
        QVariantList jobs;
        for (auto it = toast.entries.crbegin(); it != toast.entries.crend(); ++it) {
            jobs.append(QVariantMap {
                { u"key"_s, it->key },
                { u"title"_s, it->title },
                { u"status"_s, it->status },
                { u"error"_s, it->error },
                { u"fromState"_s, it->from },
                { u"toState"_s, it->to },
            });
        }
        return jobs;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> ToastModel::roleNames() const
{
    return {
        { ToastIdRole, "toastId" },
        { JobKeyRole, "jobKey" },
        { TitleRole, "title" },
        { StatusRole, "status" },
        { CountRole, "jobCount" },
        { SucceededRole, "succeeded" },
        { FailedRole, "failed" },
        { StickyRole, "sticky" },
        { FromStateRole, "fromState" },
        { ToStateRole, "toState" },
        { ErrorRole, "errorLine" },
        { GroupRole, "group" },
        { JobsRole, "jobs" },
    };
}

void ToastModel::setPaused(bool paused)
{
    if (paused == m_paused) {
        return;
    }
    settleClocks();
    m_paused = paused;
    schedule();
    Q_EMIT pausedChanged();
}

void ToastModel::setLifetime(int ms)
{
    if (ms == m_lifetimeMs || ms <= 0) {
        return;
    }
    m_lifetimeMs = ms;
    Q_EMIT lifetimeChanged();
}

void ToastModel::setFailureLifetime(int ms)
{
    if (ms == m_failureLifetimeMs || ms <= 0) {
        return;
    }
    m_failureLifetimeMs = ms;
    Q_EMIT lifetimeChanged();
}

void ToastModel::postJob(const Job &job)
{
    if (job.status != JobStatus::Succeeded && job.status != JobStatus::Failed) {
        return;
    }
    const bool failed = job.status == JobStatus::Failed;
    const QString title = job.title.isEmpty() ? job.key : job.title;
    show(Kind::Finish, job.kind, job.source, [&](Toast &toast) {
        (failed ? toast.failed : toast.succeeded) += 1;
        toast.jobKey = job.key;
        toast.title = title;
        if (failed) {
            toast.failedKey = job.key;
        }
        toast.entries.append({ job.key, title, jobStatusName(job.status),
            failed ? job.error.section(u'\n', 0, 0).trimmed() : QString(), {}, {} });
    });
}

void ToastModel::post(const QString &key, const QString &title, const QString &status,
    const QString &kind, const QString &error)
{
    Job job;
    job.key = key;
    job.title = title;
    job.kind = kind;
    job.error = error;
    job.status = jobStatusFromName(status).value_or(JobStatus::Running);
    postJob(job);
}

void ToastModel::postChange(const Job &job, const QString &from)
{
    const QString title = job.title.isEmpty() ? job.key : job.title;
    show(Kind::Change, job.kind, job.source, [&](Toast &toast) {
        toast.changed += 1;
        toast.jobKey = job.key;
        toast.title = title;
        toast.from = from;
        toast.to = job.state;
        toast.entries.append({ job.key, title, u"changed"_s, {}, from, job.state });
    });
}

void ToastModel::postError(const QString &message)
{
    // The same failure again (a read that fails on every refresh) is already there.
    for (const Toast &toast : std::as_const(m_toasts)) {
        if (toast.error && toast.title == message) {
            return;
        }
    }
    show(Kind::Error, {}, {}, [&](Toast &toast) {
        toast.error = true;
        toast.title = message;
    });
}

void ToastModel::show(Kind kind, const QString &workflow, const QString &source,
    const std::function<void(Toast &)> &fill)
{
    settleClocks();
    bool counted = removeExpired(); // the one on screen may just have run out
    const qint64 now = m_lastSettle;
    const auto kindOf = [](const Toast &t) {
        return t.error ? Kind::Error : t.changed > 0 ? Kind::Change : Kind::Finish;
    };
    // A burst: the toast of the same workflow and source that a job joined last takes this
    // one too. Unrelated jobs never share a toast: each keeps its own error on screen.
    int joinRow = -1;
    for (int row = count() - 1; row >= 0 && kind != Kind::Error; --row) {
        const Toast &t = m_toasts.at(row);
        if (kindOf(t) == kind && t.kind == workflow && t.source == source
            && now - t.lastJoined <= BurstMs) {
            joinRow = row;
            break;
        }
    }
    const auto start = [&](Toast &toast) {
        fill(toast);
        if (toast.entries.size() > MaxListed) {
            toast.entries.removeFirst();
        }
        toast.kind = workflow;
        toast.source = source;
        toast.lastJoined = now;
        toast.remainingMs = toast.failed > 0 ? m_failureLifetimeMs : m_lifetimeMs;
    };
    if (joinRow >= 0) {
        // It has news: it comes (back) on screen.
        const int last = count() - 1;
        if (joinRow != last) {
            beginMoveRows({}, joinRow, joinRow, {}, last + 1);
            m_toasts.move(joinRow, last);
            endMoveRows();
        }
        start(m_toasts.last());
        const QModelIndex idx = index(last);
        Q_EMIT dataChanged(idx, idx);
    } else {
        Toast fresh;
        start(fresh);
        fresh.id = m_nextId++;
        const int row = count();
        beginInsertRows({}, row, row);
        m_toasts.append(fresh);
        endInsertRows();
        if (m_toasts.size() > MaxToasts) {
            // Make room by the oldest toast without a failure; failures go last.
            auto victim = std::find_if(m_toasts.cbegin(), m_toasts.cend() - 1,
                [](const Toast &t) { return t.failed == 0 && !t.error; });
            removeRow(victim == m_toasts.cend() - 1 ? 0 : int(victim - m_toasts.cbegin()));
        }
        counted = true;
    }
    if (counted) {
        Q_EMIT countChanged();
    }
    schedule();
}

void ToastModel::dismiss(int toastId)
{
    for (int row = 0; row < count(); ++row) {
        if (m_toasts.at(row).id == toastId) {
            settleClocks();
            removeRow(row);
            Q_EMIT countChanged();
            schedule();
            return;
        }
    }
}

void ToastModel::dismissAll()
{
    if (m_toasts.isEmpty()) {
        return;
    }
    beginResetModel();
    m_toasts.clear();
    endResetModel();
    Q_EMIT countChanged();
    schedule();
}

void ToastModel::expire()
{
    settleClocks();
    if (removeExpired()) {
        Q_EMIT countChanged();
    }
    schedule();
}

bool ToastModel::removeExpired()
{
    bool removed = false;
    for (int row = count() - 1; row >= 0; --row) {
        const Toast &toast = m_toasts.at(row);
        if (!toast.sticky() && toast.remainingMs <= 0) {
            removeRow(row);
            removed = true;
        }
    }
    return removed;
}

void ToastModel::follow(const Changes &changes)
{
    m_finishes.finished(changes); // finishes reach the toasts through the notifier
    for (const auto &change : m_finishes.stateChanges()) {
        postChange(change.job, change.from);
    }
}

void ToastModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_toasts.removeAt(row);
    endRemoveRows();
}

void ToastModel::settleClocks()
{
    const qint64 now = m_clock();
    const qint64 elapsed = std::max<qint64>(0, now - m_lastSettle);
    m_lastSettle = now;
    // Only the toast on screen spends its time: the ones behind it wait their turn.
    if (!m_paused && !m_toasts.isEmpty() && !m_toasts.last().sticky()) {
        m_toasts.last().remainingMs -= elapsed;
    }
}

void ToastModel::schedule()
{
    if (m_paused || m_toasts.isEmpty() || m_toasts.last().sticky()) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(std::clamp<qint64>(
        m_toasts.last().remainingMs, 0, std::max(m_lifetimeMs, m_failureLifetimeMs))));
}

} // namespace jobpulse
