#include "wire.h"

#include <QJsonDocument>
#include <QtEndian>

namespace jobpulse {

QByteArray webSocketTextFrame(QByteArrayView payload)
{
    QByteArray frame;
    const quint64 size = quint64(payload.size());
    frame.reserve(qsizetype(size) + 10);
    frame.append(char(0x81)); // FIN + text
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xFFFF) {
        frame.append(char(126));
        char length[2];
        qToBigEndian(quint16(size), length);
        frame.append(length, 2);
    } else {
        frame.append(char(127));
        char length[8];
        qToBigEndian(size, length);
        frame.append(length, 8);
    }
    frame.append(payload);
    return frame;
}

WireBatch WireBatch::of(const QList<StoredEvent> &events)
{
    WireBatch batch;
    batch.items.reserve(events.size());
    for (const StoredEvent &e : events) {
        const QByteArray json = QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact);
        batch.sse += "id: " + QByteArray::number(e.seq)
            + "\nevent: " + eventTypeName(e.event.type).toUtf8() + "\ndata: " + json + "\n\n";
        batch.ws += webSocketTextFrame(json);
        batch.items.append({ e.seq, e.event.job, batch.sse.size(), batch.ws.size() });
    }
    return batch;
}

QByteArray WireBatch::select(bool webSocket, qint64 after, const QString &job) const
{
    const QByteArray &all = webSocket ? ws : sse;
    if (job.isEmpty() && firstSeq() > after) {
        return all; // shared, not copied
    }
    QByteArray out;
    qsizetype begin = 0;
    for (const Item &item : items) {
        const qsizetype end = webSocket ? item.wsEnd : item.sseEnd;
        if (item.seq > after && (job.isEmpty() || item.job == job)) {
            out.append(all.constData() + begin, end - begin);
        }
        begin = end;
    }
    return out;
}

} // namespace jobpulse
