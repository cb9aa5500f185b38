#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace jobpulse {

struct SseEvent
{
    QString type; // "message" when the stream named none
    QString data;
    QString id; // the last event id in force when it was dispatched
    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

/**
 * @brief A server-sent events stream parser following the WHATWG HTML rules: a leading BOM is
 * skipped; CR, LF and CRLF end lines (also a CRLF split across reads); `:` lines are comments;
 * `id` persists across events and is ignored when it holds NUL; `retry` counts only when all
 * digits; an event dispatches on a blank line, and an unfinished one at the end is dropped.
 */
class SseParser
{
public:
    /** Parses the next bytes; returns the events they completed. */
    QList<SseEvent> feed(QByteArrayView bytes);
    /** A new connection: the partial event is discarded, the last event id is kept. */
    void restart();

    QString lastEventId() const { return m_lastEventId; }
    std::optional<int> retryMs() const { return m_retryMs; }
    int comments() const { return m_comments; }

private:
    void line(QByteArrayView line, QList<SseEvent> &out);

    QByteArray m_line;
    bool m_started = false; // past the optional BOM
    bool m_skipLf = false; // the previous read ended in CR
    QString m_data;
    bool m_hasData = false;
    QString m_type;
    QString m_lastEventId;
    std::optional<int> m_retryMs;
    int m_comments = 0;
};

} // namespace jobpulse
