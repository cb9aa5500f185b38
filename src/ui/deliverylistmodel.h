#pragma once

#include "store/store.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

/**
 * @brief The inspector's list: raw deliveries to the ingest routes, newest first.
 *
 * Pages continue from the oldest row's id (a keyset, as the store pages). While @c live
 * (the inspector is on screen) the store is read once a second for deliveries newer than the
 * top row: the receiver records them off the commit path and the store does not announce
 * them, and a second is as fast as anyone reads a request log. Rows keep the summary only;
 * the inspector reads headers and body of the one selected.
 */
class DeliveryListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Inspector")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool canLoadMore READ canLoadMore NOTIFY countChanged)
    /** Read new deliveries every second while true. */
    Q_PROPERTY(bool live READ live WRITE setLive NOTIFY liveChanged)
    /** Rejected deliveries among the rows. */
    Q_PROPERTY(int rejectedCount READ rejectedCount NOTIFY countChanged)
    /** The last SparkMinutes minutes, oldest first, as [{total, rejected}] (the sparkline);
     *  read with the rows. */
    Q_PROPERTY(QVariantList perMinute READ perMinute NOTIFY perMinuteChanged)
    /** The busiest of those minutes' total, for the sparkline's scale. */
    Q_PROPERTY(int perMinuteMax READ perMinuteMax NOTIFY perMinuteChanged)
    /** Only the deliveries this hook took; "" for every hook. */
    Q_PROPERTY(QString hookFilter READ hookFilter WRITE setHookFilter NOTIFY filterChanged)
    /** Only deliveries with this verdict ("accepted", "duplicate", "rejected"); "" for all. */
    Q_PROPERTY(QString verdictFilter READ verdictFilter WRITE setVerdictFilter NOTIFY filterChanged)
    /** The hooks that took the deliveries kept, sorted, and the filter's if it is not among
     *  them: the hook filter's choices. */
    Q_PROPERTY(QStringList hooks READ hooks NOTIFY hooksChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // the delivery's id ("deliveryId": "id" is every item's own)
        ReceivedRole, // when it arrived
        MethodRole, // "POST"
        PathRole, // the route it was sent to
        HookRole, // the hook that took it, "" when none did (404)
        RemoteRole, // the sender's address, "replay of #12" for a replay
        StatusRole, // the HTTP status answered
        VerdictRole, // "accepted", "duplicate", "rejected"
        ReasonRole, // why it was rejected
        LatencyRole, // milliseconds from arrival to answer
        BodySizeRole, // bytes as received
    };
    Q_ENUM(Role)

    static constexpr int PageSize = 50;
    static constexpr int SparkMinutes = 30;

    explicit DeliveryListModel(QObject *parent = nullptr);

    void setStore(Store *store);
    /** For tests: how often the store is read while live (default 1000 ms). */
    void setPollInterval(int ms) { m_poll.setInterval(ms); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    bool canLoadMore() const { return m_more; }
    bool live() const { return m_poll.isActive(); }
    void setLive(bool live);
    int rejectedCount() const { return m_rejected; }
    QVariantList perMinute() const { return m_perMinute; }
    int perMinuteMax() const { return m_perMinuteMax; }
    QString hookFilter() const { return m_filter.hook; }
    void setHookFilter(const QString &hook);
    QString verdictFilter() const { return m_filter.verdict; }
    void setVerdictFilter(const QString &verdict);
    QStringList hooks() const { return m_hooks; }
    DeliveryFilter filter() const { return m_filter; }
    /** Both filters at once: the list is read once. */
    void setFilter(const DeliveryFilter &filter);

    /** Reads the deliveries newer than the top row now. @return how many were added. */
    Q_INVOKABLE int refresh();
    Q_INVOKABLE void loadMore();
    Q_INVOKABLE qint64 idAt(int row) const;
    Q_INVOKABLE int rowOf(qint64 id) const;

Q_SIGNALS:
    void countChanged();
    void liveChanged();
    void perMinuteChanged();
    void filterChanged();
    void hooksChanged();

private:
    void reload();
    void append(const QList<Delivery> &page);
    void countPerMinute();
    void readHooks();

    Store *m_store = nullptr;
    QList<Delivery> m_rows; // newest first, without headers and body; those m_filter matches
    DeliveryFilter m_filter;
    QStringList m_hooks;
    bool m_more = false;
    int m_rejected = 0;
    QVariantList m_perMinute;
    int m_perMinuteMax = 0;
    QTimer m_poll;
};

} // namespace jobpulse
