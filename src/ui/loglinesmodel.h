#pragma once

#include "store/reader.h"
#include "store/types.h"

#include <QAbstractListModel>
#include <QHash>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

class Store;

/**
 * @brief The selected job's whole log, one row per line, read a page at a time.
 *
 * The row count is the log's (Store::logShape: its lines, the lines the limit cut out shown as
 * one marker row) from the moment the job opens; the text of a row comes from a page cache
 * (least recently used pages leave it) filled by reads on the reader thread. A row whose page
 * has not arrived is a placeholder (LoadedRole false) and its page is asked for; when it comes,
 * dataChanged. New lines of the job are appended as they are committed, once per frame at most.
 */
class LogLinesModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /** Lines the log has had (the newest line's number). */
    Q_PROPERTY(double total READ total NOTIFY countChanged)
    /** True from opening a job until its row count and newest page are known. */
    Q_PROPERTY(bool opening READ opening NOTIFY openingChanged)

public:
    enum Role {
        NumberRole = Qt::UserRole + 1, // the line's number (the marker's: its first line cut)
        TextRole, // the line, "" until its page arrives
        StreamRole, // "stdout", "stderr" or "" (not said)
        TimeRole, // when its chunk came (QDateTime, UTC); invalid until its page arrives
        LoadedRole, // false while the row is a placeholder
        OmittedRole, // the marker: how many lines the limit cut out here; 0 for a line
        ClockRole, // TimeRole as the gutter shows it (HH:mm:ss, local), "" until it arrives
    };
    Q_ENUM(Role)

    static constexpr int PageSize = 200;
    static constexpr int MaxPages = 64; // ~12,800 lines kept
    static constexpr int PagesPerRead = 4;
    static constexpr int FollowIntervalMs = 16; // a frame

    explicit LogLinesModel(QObject *parent = nullptr);

    /** Reads through @p reader; @p store tells of commits. */
    void setStore(Store *store, StoreReader *reader);
    /** Shows @p key's log ("" for none); its newest page is read first, or, when the live
     *  search found the job by a line of its chunk @p matchSeq (@p matchText), that line's. */
    void setJobKey(const QString &key, qint64 matchSeq = 0, const QString &matchText = {});
    QString jobKey() const { return m_key; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return m_rows; }
    double total() const { return double(m_shape.total); }
    bool opening() const { return m_opening; }
    LogShape shape() const { return m_shape; }

    /** The row showing line @p line (the marker's for a line cut out); -1 outside the log. */
    Q_INVOKABLE int rowOfLine(double line) const;
    /** The number of the line in @p row (the marker's first line), 0 outside the log. */
    Q_INVOKABLE double lineAt(int row) const;
    /**
     * Puts lines @p first … @p last (either order), one per line, on the clipboard through
     * copyReady: at once when they are all in the cache, else after reading them (at most
     * MaxCopyLines).
     */
    Q_INVOKABLE void copyLines(double first, double last);
    static constexpr int MaxCopyLines = 1000000;

Q_SIGNALS:
    void countChanged();
    void openingChanged();
    /** The job's row count and first page arrived: the view goes to line @p line (the
     *  search's match), or to its end for 0. */
    void opened(double line);
    /** The text copyLines() asked for. */
    void copyReady(const QString &text);

private:
    struct Page
    {
        QList<StoredLogLine> rows; // PageSize entries; number 0 = not read yet
        // rows' times as the gutter shows them, formatted once per line as it arrives (a
        // binding per delegate made a JS Date and a local time of each, every time a row was
        // reused while following)
        QList<QString> clocks;
        quint64 used = 0;
    };
    struct Read
    {
        std::optional<LogShape> shape;
        QList<StoredLogLine> lines;
        qint64 match = 0; // the line the live search found
    };

    const StoredLogLine *cached(int row) const;
    void want(int page) const;
    void readWanted();
    void store(const QList<StoredLogLine> &lines);
    void reset(const LogShape &shape);
    void follow();
    void reshape(const LogShape &shape);
    void committed(const Changes &changes);

    Store *m_store = nullptr;
    StoreReader *m_reader = nullptr;
    StoreReader::Channel m_opens; // a newer job replaces the older
    StoreReader::Channel m_pages; // one read of pages in flight at a time
    StoreReader::Channel m_follows; // one read of new lines in flight at a time
    StoreReader::Channel m_copies;
    QString m_key;
    LogShape m_shape;
    int m_rows = 0; // m_shape.entries(), but for the moment between a cut's removal and inserts
    bool m_opening = false;
    bool m_pagesInFlight = false;
    bool m_followInFlight = false;
    bool m_followAgain = false;
    QTimer m_followTimer;
    // Filled by data(), which is const for the view: the cache and what it lacks.
    mutable QHash<int, Page> m_cache;
    mutable quint64 m_clock = 0;
    mutable QList<int> m_wanted; // pages asked for, newest last
    mutable bool m_readScheduled = false;
    // The last time formatted: a chunk's lines share their time.
    QDateTime m_lastTime;
    QString m_lastClock;
};

} // namespace jobpulse
