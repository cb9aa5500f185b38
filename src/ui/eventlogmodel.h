#pragma once

#include "store/store.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

/** @brief The recent events of one job (the selected one) other than its log lines, one line
 *  each, oldest first. */
class EventLogModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        TimeRole = Qt::UserRole + 1, // when it happened (QDateTime, UTC)
        TypeRole, // the event type ("step.started")
        MessageRole, // one line describing the event
        SeqRole, // the store's sequence number
    };
    Q_ENUM(Role)

    static constexpr int MaxLines = 200;

    explicit EventLogModel(QObject *parent = nullptr);

    void setStore(Store *store);
    void setJobKey(const QString &key);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(m_events.size()); }

    /** The row of the event with sequence number @p seq, -1 when it is not in the log. */
    Q_INVOKABLE int rowOfSeq(qint64 seq) const;
    /** The lines of the events from sequence number @p firstSeq to @p lastSeq as shown
     *  ("12:59:45 step 2 ocr"), one per line: what "Copy" puts on the clipboard. */
    Q_INVOKABLE QString text(qint64 firstSeq, qint64 lastSeq) const;

    /** The log line for @p event. */
    static QString describe(const Event &event);
    /** False for events this model does not show (a heartbeat, log lines). */
    static bool shown(const StoredEvent &stored);

Q_SIGNALS:
    void countChanged();

private:
    void apply(const Changes &changes);

    Store *m_store = nullptr;
    QString m_key;
    QList<StoredEvent> m_events;
};

} // namespace jobpulse
