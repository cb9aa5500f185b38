#pragma once

#include "core/eta.h"
#include "core/job.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

class Store;
struct Changes;

/**
 * @brief The steps of one job (the selected one), in index order, updated live; then the
 * steps still to come, "upcoming" (from the job's step total, or the steps of the kind's
 * newest successful run), until the job reports them or succeeds.
 */
class StepListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString jobKey READ jobKey NOTIFY jobKeyChanged)

public:
    enum Role {
        IndexRole = Qt::UserRole
            + 1, // the step's 1-based index, as "number": "index" is the delegate's row
        NameRole, // the step's name
        StatusRole, // "pending", "running", "succeeded", "failed", "skipped"
        DurationRole, // seconds, -1 while unknown
        DetailsRole, // the step's details as "k: v, …"
        FractionRole, // duration / the scale (slowest step or median), 0..1, for a thin bar
        MedianRole, // seconds the step took in past runs of the kind (median), -1 unknown
        MedianFractionRole, // the median / the scale, 0..1: where the bar's tick goes
        UpcomingRole, // true: a step the job has not reached yet (named from past runs)
    };
    Q_ENUM(Role)

    /** At most this many upcoming steps are listed (a total of 10,000 steps is a count). */
    static constexpr int MaxUpcoming = 50;

    explicit StepListModel(QObject *parent = nullptr);

    void setStore(Store *store);
    /** Shows the steps of @p key (empty: none). */
    void setJobKey(const QString &key);
    QString jobKey() const { return m_key; }
    /** The past runs of the job's kind, for the median ticks; with fewer than
     *  KindHistory::MinimumRuns runs no step has a median (as no job has an ETA). */
    void setHistory(const KindHistory &history);
    /** The job's own step total (0 unknown) and whether it has ended well: the plan ahead. */
    void setPlan(int stepTotal, bool succeeded);
    const QList<Step> &steps() const { return m_steps; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_steps.size() + m_upcoming.size()); }

    static double durationOf(const Step &step); // -1 when unknown
    static QString detailsText(const QJsonObject &details);

Q_SIGNALS:
    void countChanged();
    void jobKeyChanged();

private:
    void apply(const Changes &changes);
    void upsert(const Step &step);
    double slowest() const;
    double medianOf(const Step &step) const; // -1 when unknown
    double scale() const; // what a full bar stands for: the slowest step or median
    void signalScale(double before);
    /** The steps after the last reported one, up to the plan's end. */
    QList<Step> planAhead() const;
    void updateUpcoming();

    Store *m_store = nullptr;
    QString m_key;
    QList<Step> m_steps; // by index
    QList<Step> m_upcoming; // after m_steps: not reached yet
    KindHistory m_history;
    int m_stepTotal = 0;
    bool m_succeeded = false;
};

} // namespace jobpulse
