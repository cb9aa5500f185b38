#pragma once

#include "core/job.h"
#include "ui/finishtracker.h"

#include <QAbstractListModel>
#include <QHash>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <functional>

namespace jobpulse {

class Store;
struct Changes;

/**
 * @brief Toasts for jobs that just finished and records that changed: stacked bottom-right,
 * newest last.
 *
 * Follows the store's commits; a job that moves to succeeded or failed makes a toast (see
 * FinishTracker for what counts as a transition), and so does an unfinished one whose
 * sub-state moves between two named states (seed 003: a submission "pending → approved").
 * Finishes within the burst window of the newest finish toast join it ("5 jobs finished"),
 * changes the newest change toast ("3 records changed"). Toasts go after their lifetime
 * unless they hold a failure; hovering the stack pauses every clock.
 */
class ToastModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool paused READ paused WRITE setPaused NOTIFY pausedChanged)
    /** How long a toast without a failure stays, in ms (default 6000). */
    Q_PROPERTY(int lifetime READ lifetime WRITE setLifetime NOTIFY lifetimeChanged)

public:
    enum Role {
        ToastIdRole = Qt::UserRole + 1, // stable id, for dismiss()
        JobKeyRole, // the job click opens: the newest failure in a group, else the newest job
        TitleRole, // the job's title (its key when none); the newest job's in a group
        StatusRole, // "succeeded" or "failed" ("failed" when any job in a group failed),
                    // "changed" for a record change, or "error" for an ErrorSink failure
        CountRole, // jobs in the toast, 1 unless grouped
        SucceededRole, // of those, how many succeeded
        FailedRole, // ... and how many failed
        StickyRole, // true: stays until dismissed (holds a failure)
        FromStateRole, // a change toast: the newest change's previous sub-state ...
        ToStateRole, // ... and its new one
    };
    Q_ENUM(Role)

    static constexpr int MaxToasts = 3;
    static constexpr int DefaultLifetimeMs = 6000;
    static constexpr int BurstMs = 2000;

    explicit ToastModel(QObject *parent = nullptr);

    /** Remembers the unfinished jobs in @p store and follows its commits. */
    void setStore(Store *store);
    /** For tests: milliseconds on a monotonic clock. */
    void setClock(std::function<qint64()> clock);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_toasts.size()); }
    bool paused() const { return m_paused; }
    void setPaused(bool paused);
    int lifetime() const { return m_lifetimeMs; }
    void setLifetime(int ms);

    /** Shows (or groups) a toast for @p key having reached @p status. */
    Q_INVOKABLE void post(const QString &key, const QString &title, const QString &status);
    /** Shows (or groups) a toast for record @p key moving from sub-state @p from to @p to. */
    Q_INVOKABLE void postChange(
        const QString &key, const QString &title, const QString &from, const QString &to);
    /** Shows a failure nothing on screen is about (ErrorSink): it stays until dismissed; the
     *  same message again joins it. */
    void postError(const QString &message);
    Q_INVOKABLE void dismiss(int toastId);
    Q_INVOKABLE void dismissAll();

    /** Removes the toasts whose time is up; the timer calls it, tests may too. */
    void expire();

Q_SIGNALS:
    void countChanged();
    void pausedChanged();
    void lifetimeChanged();

private:
    struct Toast
    {
        int id = 0;
        QString jobKey;
        QString title;
        int succeeded = 0;
        int failed = 0;
        qint64 lastJoined = 0; // when a job last joined, for the burst window
        qint64 remainingMs = 0; // time left, counted while not paused
        QString failedKey; // the newest failure
        int changed = 0; // a change toast: how many record changes it holds
        QString from;
        QString to;
        bool error = false; // an ErrorSink failure: the title is its message
        bool sticky() const { return failed > 0 || error; }
    };

    void follow(const Changes &changes);
    void removeRow(int row);
    void settleClocks();
    void schedule();
    /** A new toast filled by @p fill, or the newest one of its kind when a burst is on. */
    enum class Kind { Finish, Change, Error };
    void show(Kind kind, const std::function<void(Toast &)> &fill);

    QList<Toast> m_toasts; // oldest first: the newest is at the bottom of the stack
    FinishTracker m_finishes;
    QTimer m_timer;
    std::function<qint64()> m_clock;
    qint64 m_lastSettle = 0;
    int m_nextId = 1;
    int m_lifetimeMs = DefaultLifetimeMs;
    bool m_paused = false;
};

} // namespace jobpulse
