#include "toastmodel.h"

#include "store/store.h"

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

void ToastModel::post(const QString &key, const QString &title, const QString &status)
{
    const bool failed = status == u"failed";
    if (!failed && status != u"succeeded") {
        return;
    }
    show(Kind::Finish, [&](Toast &toast) {
        (failed ? toast.failed : toast.succeeded) += 1;
        toast.jobKey = key;
        toast.title = title.isEmpty() ? key : title;
        if (failed) {
            toast.failedKey = key;
        }
    });
}

void ToastModel::postChange(
    const QString &key, const QString &title, const QString &from, const QString &to)
{
    show(Kind::Change, [&](Toast &toast) {
        toast.changed += 1;
        toast.jobKey = key;
        toast.title = title.isEmpty() ? key : title;
        toast.from = from;
        toast.to = to;
    });
}

void ToastModel::postError(const QString &message)
{
    // The same failure again (a read that fails on every refresh) is already on screen.
    for (const Toast &toast : std::as_const(m_toasts)) {
        if (toast.error && toast.title == message) {
            return;
        }
    }
    show(Kind::Error, [&](Toast &toast) {
        toast.error = true;
        toast.title = message;
    });
}

void ToastModel::show(Kind kind, const std::function<void(Toast &)> &fill)
{
    settleClocks();
    const qint64 now = m_lastSettle;
    // A burst: the newest toast of the same kind takes this one too and starts its time over.
    Toast *newest = m_toasts.isEmpty() ? nullptr : &m_toasts.last();
    const auto kindOf = [](const Toast &t) {
        return t.error ? Kind::Error : t.changed > 0 ? Kind::Change : Kind::Finish;
    };
    const bool joins = kind != Kind::Error && newest && kindOf(*newest) == kind
        && now - newest->lastJoined <= BurstMs;
    Toast fresh;
    Toast &toast = joins ? *newest : fresh;
    fill(toast);
    toast.lastJoined = now;
    toast.remainingMs = m_lifetimeMs;
    if (joins) {
        const QModelIndex idx = index(int(m_toasts.size()) - 1);
        Q_EMIT dataChanged(idx, idx);
        schedule();
        return;
    }
    fresh.id = m_nextId++;
    const int row = int(m_toasts.size());
    beginInsertRows({}, row, row);
    m_toasts.append(fresh);
    endInsertRows();

    if (m_toasts.size() > MaxToasts) {
        // Make room by the oldest toast that would go by itself; failures go last.
        auto victim = std::find_if(
            m_toasts.cbegin(), m_toasts.cend(), [](const Toast &t) { return !t.sticky(); });
        removeRow(victim == m_toasts.cend() ? 0 : int(victim - m_toasts.cbegin()));
    }
    Q_EMIT countChanged();
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
    bool removed = false;
    for (int row = count() - 1; row >= 0; --row) {
        const Toast &toast = m_toasts.at(row);
        if (!toast.sticky() && toast.remainingMs <= 0) {
            removeRow(row);
            removed = true;
        }
    }
    if (removed) {
        Q_EMIT countChanged();
    }
    schedule();
}

void ToastModel::follow(const Changes &changes)
{
    for (const Job &job : m_finishes.finished(changes)) {
        if (job.status == JobStatus::Succeeded || job.status == JobStatus::Failed) {
            post(job.key, job.title, jobStatusName(job.status));
        }
    }
    for (const auto &change : m_finishes.stateChanges()) {
        postChange(change.job.key, change.job.title, change.from, change.job.state);
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
    if (m_paused) {
        return;
    }
    for (Toast &toast : m_toasts) {
        if (!toast.sticky()) {
            toast.remainingMs -= elapsed;
        }
    }
}

void ToastModel::schedule()
{
    qint64 next = -1;
    if (!m_paused) {
        for (const Toast &toast : std::as_const(m_toasts)) {
            if (!toast.sticky() && (next < 0 || toast.remainingMs < next)) {
                next = toast.remainingMs;
            }
        }
    }
    if (next < 0) {
        m_timer.stop();
    } else {
        m_timer.start(int(std::clamp<qint64>(next, 0, m_lifetimeMs)));
    }
}

} // namespace jobpulse
