#pragma once

#include "core/labels.h"
#include "store/types.h"

#include <QCollator>
#include <QHash>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

/**
 * @brief The live list as the header's chips, the search field and the list's filters narrow
 * and order it.
 *
 * Sits over a JobListModel (the source's roles pass through). A job that leaves the
 * chosen status (a running job that finishes) leaves the filtered list with it.
 */
class JobFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    /** "" (all), or a status name: "running", "failed", "queued", "succeeded", "canceled". */
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY statusChanged)
    /**
     * Case-insensitive substring of the key, title, kind or error, or a job among the
     * full-text search's matches (setSearchMatches); "" matches every job. Its `name:value`
     * words are label filters (`repo:acme/api branch:main`): a job must have them all.
     */
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
    /** The search's label filters as words (`branch:main`), for the list's chips. */
    Q_PROPERTY(QStringList labelFilters READ labelFilters NOTIFY searchChanged)
    /** "" for every kind, else the jobs of that kind only. */
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY kindChanged)
    /** "" for every source, else the jobs that hook or outbound source brought. */
    Q_PROPERTY(QString source READ source WRITE setSource NOTIFY sourceChanged)
    /**
     * The order: "newest" (first event, the default), "updated" (latest event first),
     * "progress" (furthest first), "name" (title A–Z) or "status" (failed, running, queued,
     * canceled, succeeded; newest first within each). By "updated" and "progress" rows move
     * once a second (ResortMs), not on every update.
     */
    Q_PROPERTY(QString order READ order WRITE setOrder NOTIFY orderChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool filtering READ filtering NOTIFY filteringChanged)
    /**
     * Holds the rows where they are: while true (the pointer is over the list, the keys are
     * moving through it) jobs that arrive are not inserted (newCount counts them) and no row
     * moves by the order or leaves by a filter. False shows it all again.
     */
    Q_PROPERTY(bool held READ held WRITE setHeld NOTIFY heldChanged)
    /** The jobs that arrived while held and pass the filters: the "N new jobs" pill. */
    Q_PROPERTY(int newCount READ newCount NOTIFY newCountChanged)

public:
    static constexpr int ResortMs = 1000;

    explicit JobFilterModel(QObject *parent = nullptr);

    QString status() const { return m_status; }
    void setStatus(const QString &status);
    QString search() const { return m_search; }
    void setSearch(const QString &search);
    QString kind() const { return m_kind; }
    void setKind(const QString &kind);
    QString source() const { return m_source; }
    void setSource(const QString &source);
    QString order() const { return m_order; }
    void setOrder(const QString &order);
    int count() const { return rowCount(); }
    bool filtering() const
    {
        return !m_status.isEmpty() || !m_search.isEmpty() || !m_kind.isEmpty()
            || !m_source.isEmpty();
    }
    bool held() const { return m_heldFrom >= 0; }
    void setHeld(bool held);
    int newCount() const { return m_newCount; }
    /** Shows the jobs that arrived while held, and keeps holding the ones after them. */
    Q_INVOKABLE void showNew();

    /** The keys the store's full-text search found for the current search (log lines too),
     *  and for the jobs found by a log line, the newest such line (the row shows it). */
    void setSearchMatches(const QStringList &keys, const QHash<QString, LogMatch> &lines = {});
    /** The event whose line made the search find @p key; 0 when none did. */
    qint64 matchSeq(const QString &key) const { return m_matchLines.value(key).seq; }

    /** The source's roles; "matchLine" is the log line the search found the job by. */
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    /** Sorts again by the values of now (the once-a-second step of the volatile orders). */
    void resort();
    /** For tests: how often the volatile orders sort again (default ResortMs). */
    void setResortInterval(int ms) { m_resortTimer.setInterval(ms); }

    /** Adds the label filter @p name : @p value to the search (`branch:main`). */
    Q_INVOKABLE void addLabelFilter(const QString &name, const QString &value);
    /** Takes the label filter at @p index (of labelFilters) out of the search. */
    Q_INVOKABLE void removeLabelFilter(int index);
    QStringList labelFilters() const;
    /** Clears every filter (status, search, kind, source); the order stays. */
    Q_INVOKABLE void clearFilters();
    /** The key of the job shown at @p row, empty when out of range. */
    Q_INVOKABLE QString keyAt(int row) const;
    /** The row showing @p key, -1 when it is filtered out or unknown. */
    Q_INVOKABLE int rowOf(const QString &key) const;

Q_SIGNALS:
    void statusChanged();
    void searchChanged();
    void kindChanged();
    void sourceChanged();
    void orderChanged();
    void countChanged();
    void filteringChanged();
    void heldChanged();
    void newCountChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    /** Whether the source's @p sourceRow passes the status, kind, source and search filters. */
    bool passes(int sourceRow, const QModelIndex &sourceParent = {}) const;
    /** Whether the row is shown under its parent's row, which passes the filters too. */
    bool folded(int sourceRow, const QModelIndex &sourceParent = {}) const;
    /** "updated" and "progress": orders by values that change all the time. */
    bool volatileOrder() const;
    /** @p index's value of the order's role, from the snapshot for the volatile orders. */
    QVariant sortValue(const QModelIndex &index) const;
    /** The source's jobs that arrived since the hold (rows on top of it), -1 when not held. */
    int arrivedWhileHeld() const;
    void countNew();
    void setMatchLines(const QHash<QString, LogMatch> &lines);
    /** Sets @p field to @p value; refilters and signals when it changed. */
    bool change(QString &field, const QString &value, void (JobFilterModel::*changed)());

    QString m_status;
    QString m_search;
    QString m_kind;
    QString m_source;
    QString m_order = QStringLiteral("newest");
    QString m_words; // the search without its label filters
    QList<LabelFilter> m_labels; // the search's label filters
    QSet<QString> m_searchMatches;
    QHash<QString, LogMatch> m_matchLines;
    QCollator m_collator;
    mutable QHash<QString, QVariant> m_snapshot; // job key → its sort value as last sorted
    QTimer m_resortTimer;
    int m_heldFrom = -1; // the source's job count when the hold began; -1: not held
    int m_newCount = 0;
};

} // namespace jobpulse
