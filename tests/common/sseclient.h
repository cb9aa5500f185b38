#pragma once
// A raw SSE subscriber for the relay tests (tst_relay, tst_multinode): a plain socket that
// sends the request and parses the stream's blocks.

#include <QByteArrayList>
#include <QHostAddress>
#include <QStringList>
#include <QTcpSocket>

namespace {

// A raw SSE client: collects the ids (seq) and event types it receives.
class SseClient : public QObject
{
public:
    SseClient(quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {})
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { read(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.waitForConnected(5000);
        socket.write("GET " + target + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
            + extraHeaders + "\r\n");
    }
    QTcpSocket socket;
    QList<qint64> ids;
    QStringList types;
    QByteArrayList data; // each event's data line
    QByteArray head;

private:
    void read()
    {
        m_buffer += socket.readAll();
        if (head.isEmpty()) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            head = m_buffer.left(end);
            m_buffer.remove(0, end + 4);
        }
        qsizetype begin = 0;
        for (qsizetype end = m_buffer.indexOf("\n\n"); end >= 0;
             end = m_buffer.indexOf("\n\n", begin)) {
            for (const QByteArray &line : m_buffer.sliced(begin, end - begin).split('\n')) {
                if (line.startsWith("id: ")) {
                    ids << line.mid(4).toLongLong();
                } else if (line.startsWith("event: ")) {
                    types << QString::fromUtf8(line.mid(7));
                } else if (line.startsWith("data: ")) {
                    data << line.mid(6);
                }
            }
            begin = end + 2;
        }
        m_buffer.remove(0, begin);
    }
    QByteArray m_buffer;
};

} // namespace
