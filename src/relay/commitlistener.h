#pragma once

#include "store/dialect.h"

#include <QObject>
#include <QTimer>

namespace jobpulse {

/**
 * @brief A PostgreSQL connection that LISTENs to the events channel (Dialect::EventsChannel),
 * on the relay's thread: every node's event transactions NOTIFY their highest seq at commit,
 * so this node's relay learns of the commits of the others, and reads them from the table.
 *
 * NOTIFY is not kept for a listener that is not connected. The connection is checked every
 * CheckIntervalMs; once it is gone, it is opened again (at once, then backing off to
 * MaxRetryMs) and reconnected() says that whatever committed meanwhile must be read past the
 * last sequence seen. Its application_name is `jobpulse-listen-<pid>`.
 */
class CommitListener : public QObject
{
    Q_OBJECT
public:
    explicit CommitListener(QObject *parent = nullptr);
    ~CommitListener() override;

    /** Starts listening to @p target (nothing for a SQLite file); on this object's thread. */
    void start(const StoreTarget &target);
    void stop();

    static constexpr int CheckIntervalMs = 1000;
    static constexpr int MaxRetryMs = 10000;

Q_SIGNALS:
    /** A transaction committed events up to @p seq (on this node or another). */
    void notified(qint64 seq);
    /** Listening (again): commits made while it was not may not have been notified. */
    void reconnected();

private:
    void connectNow();
    void check();
    void lost(const QString &why);

    StoreTarget m_target;
    QString m_connection;
    QTimer m_check;
    QTimer m_retry;
    int m_retryMs = 0;
    bool m_listening = false;
};

} // namespace jobpulse
