#include "singleinstance.h"

#include "store/databaselock.h"
#include "ui/logging.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QStandardPaths>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

constexpr int AnswerMs = 3000;
const QByteArray RaiseRequest = "raise\n";
const QByteArray RaiseAnswer = "ok\n";

QString runtimeDir()
{
    // XDG_RUNTIME_DIR (per user, mode 0700); Qt falls back to a private folder under /tmp.
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    return dir.isEmpty() ? QDir::tempPath() : dir;
}

} // namespace

SingleInstance::SingleInstance(const QString &databasePath, QObject *parent)
    : QObject(parent)
{
    // The lock path resolves the database's spellings (symlinks, "./x.db") to one name; the
    // user's name keeps two users of a shared /tmp apart.
    const QByteArray key = qEnvironmentVariable("USER").toUtf8() + '\0'
        + DatabaseLock::lockPath(databasePath).toUtf8();
    m_name = u"jobpulse-"_s
        + QString::fromLatin1(
            QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
    m_lock = std::make_unique<QLockFile>(runtimeDir() + u'/' + m_name + u".lock"_s);
    m_lock->setStaleLockTime(0); // stale only when its holder is gone
}

SingleInstance::~SingleInstance() = default;

SingleInstance::Claim SingleInstance::claim()
{
    const QString socketPath = runtimeDir() + u'/' + m_name;
    if (m_lock->tryLock(0)) {
        QLocalServer::removeServer(socketPath); // left by a window that crashed
        m_server = new QLocalServer(this);
        m_server->setSocketOptions(QLocalServer::UserAccessOption);
        if (!m_server->listen(socketPath)) {
            qCWarning(lcUi) << "Later launches cannot reach this window:"
                            << m_server->errorString();
        }
        connect(m_server, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket *socket = m_server->nextPendingConnection()) {
                connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                    if (!socket->canReadLine()) {
                        return;
                    }
                    if (socket->readLine(64) == RaiseRequest) {
                        socket->write(RaiseAnswer);
                        socket->flush();
                        Q_EMIT raiseRequested();
                    }
                    socket->disconnectFromServer();
                });
            }
        });
        return Claim::First;
    }
    QString host;
    QString app;
    m_lock->getLockInfo(&m_otherPid, &host, &app);
    // A window starting at this moment holds the lock a little before it listens.
    QLocalSocket socket;
    QDeadlineTimer patience(AnswerMs);
    socket.connectToServer(socketPath);
    while (!socket.waitForConnected(AnswerMs) && !patience.hasExpired()) {
        QThread::msleep(50);
        socket.connectToServer(socketPath);
    }
    if (socket.state() == QLocalSocket::ConnectedState) {
        socket.write(RaiseRequest);
        socket.flush();
        while (!socket.canReadLine() && socket.waitForReadyRead(AnswerMs)) { }
        if (socket.readLine(64) == RaiseAnswer) {
            return Claim::Raised;
        }
    }
    m_error = u"another Jobpulse window (pid %1) runs on this database but did not answer on "
              u"%2: %3"_s.arg(m_otherPid)
                  .arg(socketPath, socket.errorString());
    return Claim::Failed;
}

} // namespace jobpulse
