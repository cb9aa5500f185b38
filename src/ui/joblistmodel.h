#pragma once

#include "core/job.h"
#include "ui/framebatch.h"

#include <QAbstractListModel>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <functional>

namespace jobpulse {

class KindHistories;
class Store;
struct Changes;

/**
 * @brief The live job list, newest first.
 *
 * Commits arrive at any rate; changed jobs are collected and applied once per frame
 * so that a job updating 10 times a second costs one dataChanged per frame at most.
 */
class JobListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /** The kinds and the sources of the listed jobs, sorted, for the list's filters. */
    Q_PROPERTY(QStringList kinds READ kinds NOTIFY facetsChanged)
    Q_PROPERTY(QStringList sources READ sources NOTIFY facetsChanged)

public:
    enum Role {
        KeyRole = Qt::UserRole + 1, // the job's key
        TitleRole, // display name, the key when none was sent
        KindRole, // workflow name
        StatusRole, // "queued", "running", "stalled", "succeeded", "failed", "canceled", "lost"
        StateRole, // free-form sub-state ("rendering"), may be empty; QML name "subState"
        ProgressRole, // 0..1
        ProgressKnownRole, // false: show a busy bar rather than a fraction
        StepIndexRole, // the current step, 0 = none
        StepTotalRole, // number of steps, 0 = unknown
        StepNameRole, // the current step's name
        StepsDoneRole, // completed steps
        ElapsedRole, // seconds since start; ticks while running
        ErrorRole, // the failure's message
        UpdatedAtRole, // time of the last event
        UrlRole, // link sent with the job
        CreatedAtRole, // time of the first event
        EtaRole, // seconds left from the kind's history, -1 when unknown (live list only)
        SourceRole, // the hook or outbound source that brought the job
        MatchLineRole, // the log line the live search found the job by ("" here: JobFilterModel)
        ParentRole, // the key of the job it is part of, "" for a top-level job; QML "parentKey"
        LabelsRole, // name → value (repository, branch, actor …), a QVariantMap
        // Live list only (the model's state, not the job's):
        FoldedRole, // its parent is in the list too: shown under it rather than on its own
        ChildCountRole, // the listed jobs that are part of it
        ChildrenDoneRole, // of them, the finished ones
        ChildrenFailedRole, // of them, the failed ones
    };
    Q_ENUM(Role)

    explicit JobListModel(QObject *parent = nullptr);

    /** Loads the newest jobs and follows the store's commits. */
    void setStore(Store *store);
    /** Where the ETA role's history comes from; without it (nullptr) no job has an ETA. */
    void setHistories(const KindHistories *histories) { m_histories = histories; }
    /** For tests: the clock used for the elapsed role. */
    void setClock(std::function<QDateTime()> clock);
    /** For tests: how long changes are collected before they are applied (default 16 ms). */
    void setFrameInterval(int ms) { m_batch.setInterval(ms); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** A job's value for @p role; shared with the history, which shows the same rows. */
    static QVariant roleData(const Job &job, int role, const QDateTime &now);
    static QHash<int, QByteArray> jobRoleNames();
    /** The roles whose values differ between @p before and @p after. */
    static QList<int> changedRoles(const Job &before, const Job &after);
    /**
     * Signals @p roles (the ones that change with time) for the rows of @p model that are
     * @p running, one signal per contiguous run of them. @return whether any row is running.
     */
    static bool signalElapsed(QAbstractItemModel &model, int rows,
        const std::function<bool(int row)> &running, const QList<int> &roles = { ElapsedRole });

    int count() const { return int(m_jobs.size()); }
    QStringList kinds() const;
    QStringList sources() const;
    Q_INVOKABLE int rowOf(const QString &key) const;
    /** The key of the job shown at @p row, empty when out of range. */
    Q_INVOKABLE QString keyAt(int row) const;
    const Job &jobAt(int row) const;
    const QList<Job> &jobs() const { return m_jobs; } // oldest first

    /** Applies the collected changes now rather than on the next frame. */
    void flush();

Q_SIGNALS:
    void countChanged();
    void facetsChanged();
    /** After a frame's changes were applied. */
    void flushed();

private:
    /** Whether @p job's elapsed time goes on (running or stalled). */
    static bool ticks(const Job &job);
    void tick();
    void learnFacets(const Job &job);
    /** Files @p job under its parent (m_children). */
    void learnParent(const Job &job);
    /** The child roles of @p parents, and the folded role of the children of @p jobs. */
    void signalFamilies(const QSet<QString> &parents, const QSet<QString> &jobs);
    QVariant familyData(const Job &job, int role) const;
    void updateTicker();
    void collectSteps(const Changes &changes);
    QVariant eta(const Job &job) const;
    bool etaMayChange(const QList<int> &roles, const Job &before, const Job &after) const;

    // Stored oldest first so a job's position stays put while rows are inserted on top;
    // row = size - 1 - position.
    QList<Job> m_jobs;
    QHash<QString, qsizetype> m_position;
    FrameBatch m_batch;
    QTimer m_ticker;
    std::function<QDateTime()> m_clock;
    const KindHistories *m_histories = nullptr;
    // The steps of the jobs that have not ended, for their ETA (which steps are left, how
    // long the current one has run).
    QHash<QString, QList<Step>> m_runningSteps;
    QSet<QString> m_kinds;
    QSet<QString> m_sources;
    QHash<QString, QSet<QString>> m_children; // parent key → the listed jobs that are part of it
    bool m_facetsChanged = false;
};

} // namespace jobpulse
