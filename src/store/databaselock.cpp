#include "databaselock.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QSysInfo>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

DatabaseLock::DatabaseLock(const QString &databasePath)
    : m_databasePath(databasePath)
    , m_lockPath(lockPath(databasePath))
    , m_lock(std::make_unique<QLockFile>(m_lockPath))
{
    // Never stale by age: QLockFile's default (30 s) would let a second writer take the lock
    // of one that has simply been running for a while. Only a holder that is gone (its pid
    // no longer runs this program) makes a lock stale.
    m_lock->setStaleLockTime(0);
}

DatabaseLock::~DatabaseLock() = default;

QString DatabaseLock::lockPath(const QString &databasePath)
{
    // Two spellings of one file (a symlinked folder, "./x.db") must meet at one lock.
    const QFileInfo info(databasePath);
    const QString file = info.exists() && !info.canonicalFilePath().isEmpty()
        ? info.canonicalFilePath()
        : QFileInfo(info.absolutePath()).canonicalFilePath() + u'/' + info.fileName();
    return (file.startsWith(u'/') ? file : info.absoluteFilePath()) + u".lock"_s;
}

bool DatabaseLock::tryLock(QString *error)
{
    m_holderPid = 0;
    if (m_lock->tryLock(0)) {
        return true;
    }
    if (m_lock->error() != QLockFile::LockFailedError) {
        *error = u"cannot create the lock file %1 beside the database (%2)"_s.arg(m_lockPath,
            m_lock->error() == QLockFile::PermissionError ? u"permission denied"_s
                                                          : u"unknown error"_s);
        return false;
    }
    qint64 pid = 0;
    QString host;
    QString app;
    // A process starting at the same moment creates the file first and writes its pid into
    // it a moment later: give it that moment.
    QDeadlineTimer patience(500);
    while (!m_lock->getLockInfo(&pid, &host, &app) && !patience.hasExpired()) {
        QThread::msleep(10);
    }
    if (pid <= 0) {
        m_holderPid = -1;
        *error = u"the database %1 is locked for writing by another process (%2)"_s.arg(
            m_databasePath, m_lockPath);
        return false;
    }
    m_holderPid = pid;
    const QString holder = QSysInfo::machineHostName() == host || host.isEmpty()
        ? u"pid %1"_s.arg(pid)
        : u"pid %1 on %2"_s.arg(pid).arg(host);
    *error = u"the database %1 is already open for writing by another Jobpulse (%2). Use that "
             u"one (its dashboard or receiver; 'jobpulse jobs --db %1' reads the history "
             u"meanwhile), stop it, or start this one with another --db PATH"_s.arg(
                 m_databasePath, holder);
    return false;
}

} // namespace jobpulse
