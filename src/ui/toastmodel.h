#pragma once

#include "core/job.h"
#include "ui/finishtracker.h"

#include <QAbstractListModel>
#include <QHash>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <functional>

namespace jobpulse {

class Notifier;
class Store;
struct Changes;

/**
 * @brief Toasts for jobs that just finished and records that changed: one on screen at a
 * time, the newest; the others wait behind it.
 *
 * Finished jobs come from the Notifier (setNotifier), which tells each transition once: in
 * the window as a toast, or on the desktop while the window is not in front. Record changes
 * come from the store's commits: an unfinished job whose sub-state moves between two named
 * states (seed 003: a submission "pending → approved").
 *
 * Finishes join a toast of the same workflow kind and source that a job joined within the
 * burst window ("ocr: 3 jobs failed"), which lists each job with its error; changes likewise.
 * Only the toast on screen (the newest, the last row) spends its time: 6 s, failures 20 s;
 * hovering pauses it. A dashboard failure (ErrorSink) stays until dismissed.
 */
class ToastModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool paused READ paused WRITE setPaused NOTIFY pausedChanged)
    /** How long a toast without a failure stays on screen, in ms (default 6000). */
    Q_PROPERTY(int lifetime READ lifetime WRITE setLifetime NOTIFY lifetimeChanged)
    /** How long a toast holding a failure stays on screen, in ms (default 20000). */
    Q_PROPERTY(
        int failureLifetime READ failureLifetime WRITE setFailureLifetime NOTIFY lifetimeChanged)

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
        StickyRole, // true: stays until dismissed (an ErrorSink failure)
        FromStateRole, // a change toast: the newest change's previous sub-state ...
        ToStateRole, // ... and its new one
        ErrorRole, // a single failure: the first line of its error
        GroupRole, // what the jobs have in common: their kind, else their source ("" for none)
        JobsRole, // the newest MaxListed jobs, newest first: {key, title, status, error,
                  // fromState, toState} each
    };
    Q_ENUM(Role)

    static constexpr int MaxToasts = 3;
    static constexpr int MaxListed = 4;
    static constexpr int DefaultLifetimeMs = 6000;
    static constexpr int DefaultFailureLifetimeMs = 20000;
    static constexpr int BurstMs = 2000;

    explicit ToastModel(QObject *parent = nullptr);

    /** Remembers the unfinished jobs in @p store and follows its commits (record changes). */
    void setStore(Store *store);
    /** Shows the finished jobs @p notifier leaves to the window. */
    void setNotifier(Notifier *notifier);
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
    int failureLifetime() const { return m_failureLifetimeMs; }
    void setFailureLifetime(int ms);

    /** Shows (or groups) a toast for @p job, which succeeded or failed. */
    void postJob(const Job &job);
    /** Shows (or groups) a toast for @p key having reached @p status; jobs of one @p kind
     *  group together. */
    Q_INVOKABLE void post(const QString &key, const QString &title, const QString &status,
        const QString &kind = {}, const QString &error = {});
    /** Shows (or groups) a toast for record @p job moving from sub-state @p from to its own. */
    void postChange(const Job &job, const QString &from);
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
    /** One job (or record change) in a toast. */
    struct Entry
    {
        QString key;
        QString title;
        QString status;
        QString error; // its first line
        QString from;
        QString to;
    };
    struct Toast
    {
        int id = 0;
        QString jobKey;
        QString title;
        QString kind;
        QString source;
        int succeeded = 0;
        int failed = 0;
        qint64 lastJoined = 0; // when a job last joined, for the burst window
        qint64 remainingMs = 0; // time left, spent only while on screen and not paused
        QString failedKey; // the newest failure
        int changed = 0; // a change toast: how many record changes it holds
        QString from;
        QString to;
        bool error = false; // an ErrorSink failure: the title is its message
        QList<Entry> entries; // the newest last, at most MaxListed
        bool sticky() const { return error; }
    };
    enum class Kind { Finish, Change, Error };

    void follow(const Changes &changes);
    void removeRow(int row);
    bool removeExpired();
    void settleClocks();
    void schedule();
    /** A new toast filled by @p fill, or the one of its kind, @p workflow and @p source a job
     *  joined within the burst window. */
    void show(Kind kind, const QString &workflow, const QString &source,
        const std::function<void(Toast &)> &fill);

    QList<Toast> m_toasts; // oldest first: the last is the one on screen
    FinishTracker m_finishes;
    QTimer m_timer;
    std::function<qint64()> m_clock;
    qint64 m_lastSettle = 0;
    int m_nextId = 1;
    int m_lifetimeMs = DefaultLifetimeMs;
    int m_failureLifetimeMs = DefaultFailureLifetimeMs;
    bool m_paused = false;
};

} // namespace jobpulse
