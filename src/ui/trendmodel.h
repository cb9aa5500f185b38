#pragma once

#include "store/reader.h"
#include "store/store.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

/**
 * @brief A workflow kind's last finished runs, for the detail's trend strip (UI.md
 * "Pictures"): one row a run, oldest first, and the numbers drawn over them.
 *
 * Read from the store when the kind is set and again shortly after a run of the kind ends
 * (several ending at once read it once), on the StoreReader's thread: a kind with a long
 * history never holds the window.
 */
class TrendModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by SelectedJob")
    Q_PROPERTY(QString kind READ kind NOTIFY changed)
    Q_PROPERTY(int count READ count NOTIFY changed)
    /** The slowest run's seconds, 0 without runs: the strip's scale. */
    Q_PROPERTY(double longest READ longest NOTIFY changed)
    /** Median and 90th percentile of the runs' seconds, -1 without runs. */
    Q_PROPERTY(double p50 READ p50 NOTIFY changed)
    Q_PROPERTY(double p90 READ p90 NOTIFY changed)
    /** Share of the runs that succeeded, 0..1. */
    Q_PROPERTY(double successRate READ successRate NOTIFY changed)
    /** "80% succeeded · median 12s · p90 30s · fails most at “Render” (2×)". */
    Q_PROPERTY(QString summary READ summary NOTIFY changed)

public:
    enum Role {
        KeyRole = Qt::UserRole + 1, // the run's job key, to open it
        StatusRole, // how it ended: "succeeded", "failed", "canceled"
        SecondsRole, // how long it ran
    };
    Q_ENUM(Role)

    explicit TrendModel(QObject *parent = nullptr);

    /** Follows @p store's commits and reads the runs through @p reader. nullptr: no runs. */
    void setStore(Store *store, StoreReader *reader);
    /** Reads the runs of @p kind; "" clears them. */
    void setKind(const QString &kind);
    /** Reads the runs again (the kind's history changed). */
    void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString kind() const { return m_kind; }
    int count() const { return int(m_trend.runs.size()); }
    double longest() const;
    double p50() const { return m_trend.p50.value_or(-1); }
    double p90() const { return m_trend.p90.value_or(-1); }
    double successRate() const { return m_trend.successRate; }
    /** The step that failed most often in the runs ("" when none failed a step). */
    QString failingStep() const { return m_trend.failingStep; }
    int failingStepIndex() const { return m_trend.failingStepIndex; }
    int failingStepCount() const { return m_trend.failingStepCount; }
    QString summary() const;

Q_SIGNALS:
    void changed();

private:
    void follow(const Changes &changes);
    /** Asks the reader for the runs of the kind; show() takes them. */
    void read();
    void show(const KindTrend &trend);

    static constexpr int RefreshDelayMs = 300;
    Store *m_store = nullptr;
    StoreReader *m_reader = nullptr;
    StoreReader::Channel m_reads; // a newer kind's read replaces the older one
    QString m_kind;
    KindTrend m_trend;
    QTimer m_refresh; // a run of the kind ended: read again, once
};

} // namespace jobpulse
