#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

class Source;
class SourceManager;

/**
 * @brief The configured outbound sources and their connection states, for the left rail's
 * badges and the header's "sources 3/4" summary.
 *
 * One row per configured source; its poll fallback, when it has one, shows in the row's
 * fallback roles. A state change updates only that row's changed roles.
 */
class SourceListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /** Sources whose push side is live. */
    Q_PROPERTY(int liveCount READ liveCount NOTIFY summaryChanged)
    /** "live" when every source is, "down" when none is, else "degraded"; "" without sources. */
    Q_PROPERTY(QString summary READ summary NOTIFY summaryChanged)

public:
    enum Role {
        NameRole = Qt::UserRole + 1, // the config's name
        TypeRole, // "websocket", "sse", "poll", "redis"
        StateRole, // "connecting", "live", "reconnecting", "offline", "paused"; QML name
                   // sourceState
        ReasonRole, // why it is reconnecting or offline; may be empty
        RetryAtRole, // when the next attempt is due (reconnecting), else an invalid date
        EventsRole, // events committed since the app started
        UrlRole, // the URL without credentials
        FallbackNameRole, // the poll fallback's name, empty when there is none
        FallbackStateRole, // the fallback's state, empty when there is none
    };
    Q_ENUM(Role)

    explicit SourceListModel(QObject *parent = nullptr);

    /** Shows @p manager's sources and follows their states; nullptr shows none. */
    void setManager(SourceManager *manager);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    int liveCount() const;
    QString summary() const;

Q_SIGNALS:
    void countChanged();
    void summaryChanged();

private:
    struct Row
    {
        QPointer<Source> source;
        QPointer<Source> fallback;
        // What the view last saw, to signal only the roles that changed.
        QString state;
        QString reason;
        QDateTime retryAt;
        qint64 events = 0;
        QString fallbackState;
    };

    static Row snapshot(Source *source, Source *fallback);
    void refresh(int row);

    QPointer<SourceManager> m_manager;
    QList<Row> m_rows;
};

} // namespace jobpulse
