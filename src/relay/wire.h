#pragma once

#include "store/types.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace jobpulse {

/**
 * @brief Events as they go out on the relay, serialised once per wire format however many
 * subscribers receive them: SSE text (`id:`/`event:`/`data:` blocks) and WebSocket text
 * frames, each format one contiguous buffer so that a subscriber taking all of it gets one
 * write; a subscriber taking part (a job filter, or events it has seen) gets the slices.
 */
struct WireBatch
{
    struct Item
    {
        qint64 seq = 0;
        QString job;
        qsizetype sseEnd = 0; // this event is [previous item's end, end) in sse
        qsizetype wsEnd = 0; // and in ws
    };
    QByteArray sse;
    QByteArray ws;
    QList<Item> items;

    static WireBatch of(const QList<StoredEvent> &events);
    bool isEmpty() const { return items.isEmpty(); }
    qint64 firstSeq() const { return items.isEmpty() ? 0 : items.first().seq; }
    qint64 lastSeq() const { return items.isEmpty() ? 0 : items.last().seq; }
    /** The bytes of the events after @p after (and of @p job only, when given). */
    QByteArray select(bool webSocket, qint64 after, const QString &job) const;
};

/** A server's (unmasked, final) WebSocket text frame carrying @p payload (RFC 6455 §5.2). */
QByteArray webSocketTextFrame(QByteArrayView payload);

} // namespace jobpulse
