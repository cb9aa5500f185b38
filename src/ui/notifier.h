#pragma once

#include "core/job.h"
#include "ui/finishtracker.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <functional>

namespace jobpulse {

class Store;
struct Changes;

/**
 * @brief Desktop notifications on transitions, and the tray's aggregate state.
 *
 * Follows the store's commits and tells each finished job once: while the window is not
 * active, three transitions make a notification over D-Bus
 * (org.freedesktop.Notifications.Notify): a job failed; a kind was fixed (its job succeeded
 * after the kind's previous finished job failed); a long job (over 30 s) finished. Every other
 * finish, and every finish while the window is active, goes to the window's toasts
 * (showInWindow). Transitions within a burst window are grouped per transition and per kind
 * and source ("ocr: 3 jobs failed", each with its error); a job that stalls (no news past
 * its expected gap: the store's `job.stalled` event) is told once per stall ("No news from
 * X for 10m"); a kind's fix is told once per
 * recovery, and not when it failed again before the burst was sent. Nothing is sent while
 * paused; muted kinds and sources send nothing and do not turn the tray red. Clicking a
 * notification asks to open its job.
 *
 * The rules live in memory for now (the settings page writes them to the config later).
 */
class Notifier : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(bool paused READ paused NOTIFY pausedChanged)
    /** When a timed pause ends; invalid while not paused or paused until resumed. */
    Q_PROPERTY(QDateTime pausedUntil READ pausedUntil NOTIFY pausedChanged)
    Q_PROPERTY(QStringList mutedKinds READ mutedKinds NOTIFY rulesChanged)
    Q_PROPERTY(QStringList mutedSources READ mutedSources NOTIFY rulesChanged)
    /** Rules by label, "name=value" (`branch=experiments`), sorted. */
    Q_PROPERTY(QStringList mutedLabels READ mutedLabels NOTIFY rulesChanged)
    /** Whether the dashboard window is active: failures are seen, long jobs not announced. */
    Q_PROPERTY(bool windowActive READ windowActive WRITE setWindowActive NOTIFY windowActiveChanged)
    /** Failures that arrived while the window was not active, until it becomes active. */
    Q_PROPERTY(int unseenFailures READ unseenFailures NOTIFY trayChanged)
    /** "failing" (unseen failures), "running" (jobs running) or "idle". */
    Q_PROPERTY(QString trayState READ trayState NOTIFY trayChanged)

public:
    enum class Transition { Failed, Fixed, Finished, Stalled };

    static constexpr int BurstMs = 2000;
    static constexpr double LongJobSeconds = 30;

    explicit Notifier(QObject *parent = nullptr);

    /** Remembers the unfinished jobs and each kind's last result in @p store; follows it. */
    void setStore(Store *store);
    /** For tests: how long transitions are collected before they are sent (default 2 s). */
    void setBurstMs(int ms) { m_burst.setInterval(ms); }

    bool paused() const;
    QDateTime pausedUntil() const { return m_pausedForever ? QDateTime() : m_pausedUntil; }
    Q_INVOKABLE void pauseFor(int minutes) { pauseForMs(qint64(minutes) * 60 * 1000); }
    void pauseForMs(qint64 ms);
    Q_INVOKABLE void pauseUntilResumed();
    Q_INVOKABLE void resume();

    QStringList mutedKinds() const;
    QStringList mutedSources() const;
    Q_INVOKABLE void setKindMuted(const QString &kind, bool muted);
    Q_INVOKABLE void setSourceMuted(const QString &source, bool muted);
    QStringList mutedLabels() const;
    /** Mutes (or unmutes) the jobs with a label: @p rule is "name=value"; false when it is
     *  not one (nothing changes). */
    Q_INVOKABLE bool setLabelMuted(const QString &rule, bool muted);
    Q_INVOKABLE bool isLabelMuted(const QString &name, const QString &value) const
    {
        return m_mutedLabels.contains(name + u'=' + value);
    }
    Q_INVOKABLE bool isKindMuted(const QString &kind) const { return m_mutedKinds.contains(kind); }
    Q_INVOKABLE bool isSourceMuted(const QString &source) const
    {
        return m_mutedSources.contains(source);
    }

    bool windowActive() const { return m_windowActive; }
    void setWindowActive(bool active);

    int unseenFailures() const { return m_unseenFailures; }
    QString trayState() const { return aggregateState(m_running, m_unseenFailures); }
    /** The tray's state for @p running jobs and @p unseenFailures. */
    static QString aggregateState(int running, int unseenFailures);
    /** The live list's running count, for the tray's state. */
    void setRunningCount(int running);

    /** Sends what was collected now rather than at the end of the burst window. */
    void flush();

Q_SIGNALS:
    void pausedChanged();
    void rulesChanged();
    void windowActiveChanged();
    void trayChanged();
    /** The user clicked the notification of @p key's job. */
    void openRequested(const QString &key);
    /** @p job succeeded or failed and no desktop notification tells it: a toast should. */
    void showInWindow(const jobpulse::Job &job);

private:
    struct Pending
    {
        Transition transition;
        Job job;
    };

    void follow(const Changes &changes);
    /** The jobs @p changes stalled (each once: its job.stalled event). */
    void followStalls(const Changes &changes);
    void collect(Transition transition, const Job &job);
    bool muted(const Job &job) const;
    void send(Transition transition, const QList<Job> &jobs);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);

private:
    QList<Pending> m_pending;
    QTimer m_burst;
    QTimer m_pauseEnd;
    FinishTracker m_finishes;
    QHash<QString, JobStatus> m_lastResult; // kind -> its newest finished job's status
    QSet<QString> m_mutedKinds;
    QSet<QString> m_mutedSources;
    QSet<QString> m_mutedLabels; // "name=value"
    QHash<uint, QString> m_openKeys; // notification id -> the job its click opens
    QList<uint> m_openOrder; // oldest first, to forget the oldest
    QDateTime m_pausedUntil;
    bool m_pausedForever = false;
    bool m_windowActive = false;
    int m_unseenFailures = 0;
    int m_running = 0;
    QHash<QString, QDateTime> m_stalledAt; // job key -> when the sweep found it silent
};

} // namespace jobpulse
