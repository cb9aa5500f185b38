#pragma once

#include <QLockFile>
#include <QString>
#include <memory>

namespace jobpulse {

/**
 * @brief One writer per database: a lock file beside it ("jobpulse.db.lock") held while a
 * Store writes. A second writer is refused, naming the holder; a lock left by a process that
 * died (SIGKILL, a crash, power loss) is taken over, because its pid no longer runs.
 * Readers (the CLI's offline verbs) never take it.
 */
class DatabaseLock
{
public:
    explicit DatabaseLock(const QString &databasePath);
    ~DatabaseLock();

    /** Takes the lock at once or fails; @p error says who holds it and what to do. */
    bool tryLock(QString *error);
    /** The pid of the process holding the lock when tryLock() was refused (-1: a process
     *  whose pid could not be read), else 0. */
    qint64 holderPid() const { return m_holderPid; }
    QString path() const { return m_lockPath; }

    /** Where the lock of @p databasePath lives (symbolic links to the folder resolved). */
    static QString lockPath(const QString &databasePath);

private:
    QString m_databasePath;
    QString m_lockPath;
    std::unique_ptr<QLockFile> m_lock;
    qint64 m_holderPid = 0;
};

} // namespace jobpulse
