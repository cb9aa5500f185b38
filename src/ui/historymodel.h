#pragma once

#include "core/job.h"
#include "store/jobexport.h"
#include "store/reader.h"
#include "ui/framebatch.h"

#include <QAbstractListModel>
#include <QDate>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

class Store;
struct Changes;

/**
 * @brief The history browser: the store's jobs, newest first, a page at a time.
 *
 * "Load more" continues from a keyset cursor (the last row's rowid), so jobs that arrive
 * meanwhile neither repeat nor push rows into the next page (seed 002's bug). Such jobs are
 * not inserted above the rows the user is reading either: they are counted (newCount, the
 * "N new jobs" pill) until showNew() starts over from the top. Rows already shown are
 * updated in place as their jobs change. Roles are JobListModel's.
 *
 * Every read (pages, the count, the search, the export) runs on the StoreReader's thread:
 * a search over a large history never holds the window. A newer filter replaces the read of
 * the older one; until its rows arrive the old ones stay, and loading says so.
 */
class HistoryModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool canLoadMore READ canLoadMore NOTIFY countChanged)
    /** The stored jobs that match the filter (as of the first page), loaded or not. */
    Q_PROPERTY(int total READ total NOTIFY countChanged)
    /** Jobs created since the first page was read that match the filter. */
    Q_PROPERTY(int newCount READ newCount NOTIFY newCountChanged)
    /** "" for every status, else "queued", "running", "succeeded", "failed", "canceled". */
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY filterChanged)
    /** "" for every kind. */
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY filterChanged)
    /** Words searched in the jobs' fields and log lines (full-text, word prefixes); "" for
     *  every job. */
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY filterChanged)
    /** First and last day of the creation date range (local time) as "YYYY-MM-DD"; ""
     *  (or anything that is not such a date) leaves that end open. */
    Q_PROPERTY(QString fromDay READ fromDay WRITE setFromDay NOTIFY filterChanged)
    Q_PROPERTY(QString toDay READ toDay WRITE setToDay NOTIFY filterChanged)
    /** A first page (a new filter, a reload) is being read; the rows shown are the old ones. */
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    /** An export is being written. */
    Q_PROPERTY(bool exporting READ exporting NOTIFY exportingChanged)
    /** Workflow kinds seen in the history, sorted, for the kind filter. */
    Q_PROPERTY(QStringList kinds READ kinds NOTIFY kindsChanged)

public:
    static constexpr int PageSize = 50;

    explicit HistoryModel(QObject *parent = nullptr);

    /** Follows @p store's commits and reads the first page through @p reader (opened on the
     *  same database). */
    void setStore(Store *store, StoreReader *reader);
    void setPageSize(int rows) { m_pageSize = std::max(1, rows); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_jobs.size()); }
    bool canLoadMore() const { return m_next != 0; }
    int total() const { return int(std::max<qint64>(m_total, count())); }
    int newCount() const { return int(m_newKeys.size()); }
    bool loading() const { return m_loading; }
    bool exporting() const { return m_exporting; }
    QString status() const { return m_status; }
    void setStatus(const QString &status);
    QString kind() const { return m_query.kind; }
    void setKind(const QString &kind);
    QString search() const { return m_search; }
    void setSearch(const QString &search);
    QDate fromDate() const { return m_fromDate; }
    void setFromDate(const QDate &date);
    QDate toDate() const { return m_toDate; }
    void setToDate(const QDate &date);
    QString fromDay() const { return m_fromDate.toString(Qt::ISODate); }
    void setFromDay(const QString &day) { setFromDate(parseDate(day)); }
    QString toDay() const { return m_toDate.toString(Qt::ISODate); }
    void setToDay(const QString &day) { setToDate(parseDate(day)); }
    QStringList kinds() const;

    /** Appends the next page. */
    Q_INVOKABLE void loadMore();
    /** Starts over from the newest job: the new jobs show, the pill goes. */
    Q_INVOKABLE void showNew() { reload(); }
    Q_INVOKABLE void reload();
    Q_INVOKABLE QString keyAt(int row) const;
    /** The row of job @p key, -1 when it is not loaded. */
    Q_INVOKABLE int rowOf(const QString &key) const { return m_rowOf.value(key, -1); }
    /** Parses "YYYY-MM-DD"; an invalid date for anything else. */
    static QDate parseDate(const QString &text);
    /** "YYYY-MM-DD" of today, @p daysBack days ago, in local time (quick date ranges). */
    Q_INVOKABLE static QString dayBefore(int daysBack);

    /**
     * Writes every job of the current filter (not only the loaded rows) to @p file as
     * "csv" or "json", on the reader's thread: exported() or exportFailed() tells how it
     * went. @return why it cannot start (also exportFailed()), or an empty string.
     */
    Q_INVOKABLE QString exportTo(const QUrl &file, const QString &format);

    /** Applies the collected commits now rather than on the next frame. */
    void flush();

Q_SIGNALS:
    void countChanged();
    void newCountChanged();
    void filterChanged();
    void kindsChanged();
    void loadingChanged();
    void exportingChanged();
    /** After exportTo() wrote @p jobs jobs to @p path. */
    void exported(const QString &path, int jobs);
    /** An export failed: @p message says why. */
    void exportFailed(const QString &message);

private:
    /** Whether a new job counts for the "N new jobs" pill: the filter, search words as text. */
    bool mayMatch(const Job &job) const;
    JobQuery pageQuery(qint64 before) const;
    struct FirstPage;
    void showFirstPage(const FirstPage &first);
    void appendPage(const JobPage &page);
    void setLoading(bool loading);
    void noteKinds(const QList<Job> &jobs);
    void filterEdited();
    void tick();

    Store *m_store = nullptr;
    StoreReader *m_reader = nullptr;
    StoreReader::Channel m_pages; // the first page or the next: a newer one replaces it
    StoreReader::Channel m_kindSeed;
    StoreReader::Channel m_export;
    bool m_loading = false;
    bool m_loadingMore = false;
    bool m_exporting = false;
    JobQuery m_query; // the filter; before and limit are set per page
    QString m_search; // as typed: its `name:value` words are m_query's labels
    QString m_status;
    QDate m_fromDate;
    QDate m_toDate;
    int m_pageSize = PageSize;

    QList<Job> m_jobs; // newest first, as read
    QHash<QString, int> m_rowOf;
    qint64 m_next = 0; // keyset cursor of the next page, 0 = no more
    qint64 m_total = 0; // the jobs matching the filter when the first page was read
    qint64 m_newestRowId = 0; // the newest job when the first page was read
    QSet<QString> m_newKeys;
    QSet<QString> m_kinds;
    FrameBatch m_batch;
    QTimer m_ticker;
};

} // namespace jobpulse
