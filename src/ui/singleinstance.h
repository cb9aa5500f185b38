#pragma once

#include <QObject>
#include <QString>
#include <memory>

class QLocalServer;
class QLockFile;

namespace jobpulse {

/**
 * @brief One dashboard per user and database: the first window claims a lock and a local
 * socket named after the user and the database's canonical path (in XDG_RUNTIME_DIR); a
 * second launch finds the lock held, asks the first over the socket to raise its window, and
 * exits. The lock (QLockFile) is stale once its holder is gone, so a crashed window never
 * blocks the next one, and its leftover socket is removed before listening again.
 */
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &databasePath, QObject *parent = nullptr);
    ~SingleInstance() override;

    enum class Claim {
        First, // this process is the one: it listens for later launches
        Raised, // another window runs and was asked to come forward
        Failed, // another runs but did not answer (error() says why)
    };
    Claim claim();
    /** The pid of the window that runs already (after Raised or Failed). */
    qint64 otherPid() const { return m_otherPid; }
    QString error() const { return m_error; }
    /** The socket's name: "jobpulse-" and a hash of the user and the database path. */
    QString serverName() const { return m_name; }

Q_SIGNALS:
    /** A later launch asked for the window. */
    void raiseRequested();

private:
    QString m_name;
    QString m_error;
    qint64 m_otherPid = 0;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
};

} // namespace jobpulse
