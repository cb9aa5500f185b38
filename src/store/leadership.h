#pragma once

#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace jobpulse {

/**
 * @brief Whether this node is the one of several on one database that runs the outbound
 * sources, the silence sweep and retention pruning (docs/team.md, "Where sources run").
 *
 * On PostgreSQL the leader is the node whose own connection holds the session-level advisory
 * lock LockKey: a thread of its own tries `pg_try_advisory_lock` every RetryMs while another
 * node holds it, and while it leads checks the connection every CheckMs. When the leader's
 * process dies its session ends and the server frees the lock, so another node takes it
 * within RetryMs. When the lock's connection fails, this node stops leading at once (the
 * lock may already be someone else's) and tries again on a new connection.
 *
 * On SQLite the node always leads: the database lock (DatabaseLock) already makes it the
 * only writer.
 */
class Leadership : public QObject
{
    Q_OBJECT
public:
    /** The advisory lock's key: "jobpulse" in ASCII. */
    static constexpr qint64 LockKey = 0x6a6f6270756c7365;
    /** How often a node that does not lead tries to take the lock. */
    static constexpr int RetryMs = 2000;
    /** How often the leader checks that its lock's connection is alive. */
    static constexpr int CheckMs = 1000;

    /** @p location is what Store::location() gives: a SQLite file or a postgresql:// URL. */
    explicit Leadership(QString location, QObject *parent = nullptr);
    ~Leadership() override;

    /** Starts electing; on SQLite leadingChanged(true) is emitted before it returns. */
    void start();
    /** Stops electing; a leader gives the lock up (its connection closes). */
    void stop();
    bool isLeading() const { return m_leading; }

Q_SIGNALS:
    void leadingChanged(bool leading);

private:
    /** The election thread's loop: connect, take or hold the lock, wait, until stopped. */
    void elect();
    void report(bool leading);

    QString m_location;
    bool m_leading = false; // the owner thread's view
    std::unique_ptr<QThread> m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false; // under m_mutex
};

} // namespace jobpulse
