#include "streamtakeover.h"

#include <QHttpServerResponder>
#include <QTcpSocket>
#include <fcntl.h>
#include <sys/socket.h>

namespace jobpulse {

static_assert(QT_VERSION < QT_VERSION_CHECK(6, 5, 0),
    "QHttpServerResponder::socket() is gone in Qt 6.5: port StreamTakeover (streamtakeover.h)");

qintptr StreamTakeover::take(QHttpServerResponder &&responder)
{
    const QHttpServerResponder kept(std::move(responder)); // nothing is written through it
    QTcpSocket *socket = kept.socket();
    if (!socket || socket->state() != QAbstractSocket::ConnectedState
        || socket->socketDescriptor() < 0) {
        return -1;
    }
    return ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
}

void StreamTakeover::shutdown(qintptr descriptor)
{
    if (descriptor >= 0) {
        ::shutdown(int(descriptor), SHUT_RDWR);
    }
}

} // namespace jobpulse
