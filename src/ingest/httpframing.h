#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <functional>
#include <optional>

namespace jobpulse {

/**
 * @brief Follows the framing of HTTP/1.1 requests on one connection (heads, Content-Length
 * and chunked bodies) without buffering bodies, so the request guard can refuse a request
 * from its head alone: 413 before the body is read, 431 for oversized heads, 403 for a
 * WebSocket upgrade from a page that may not open one, and `100 Continue` at once.
 */
class HttpFraming
{
public:
    struct Limits
    {
        int maxHeadBytes = 32 * 1024;
        int maxHeaderFields = 100;
        qint64 maxBodyBytes = 1024 * 1024;
        /** Per-path body limit; overrides maxBodyBytes when set. */
        std::function<qint64(QByteArrayView path)> bodyLimitFor;
        /** Whether an upgrade (WebSocket) with these `Origin` and `Host` headers (empty when
         *  absent) may go ahead; refused with 403 otherwise. Unset: every upgrade may. */
        std::function<bool(QByteArrayView origin, QByteArrayView host)> mayUpgrade;
    };

    struct Rejection
    {
        int status = 400;
        QByteArray reason; // machine-readable error name
        QByteArray message; // a sentence for the sender
        int retryAfterSeconds = 0; // sent as Retry-After when set (429)
    };

    struct Result
    {
        int continues = 0; // heads that asked for 100-continue and passed the checks
        std::optional<Rejection> rejection; // when set, the connection must be refused
    };

    explicit HttpFraming(Limits limits);

    /** Feeds the next bytes of the stream. After a rejection, further input is ignored. */
    Result feed(QByteArrayView data);

    /** True while waiting for (the rest of) a request head, including idle keep-alive. */
    bool awaitingHead() const { return m_state == State::Head; }
    /** True once some bytes of the current head have arrived. */
    bool headStarted() const { return !m_head.isEmpty(); }
    int requestsSeen() const { return m_requests; }
    /** The method and path (without the query) of the last request line read; empty before
     *  one was. What a refusal names (the inspector shows its route and hook). */
    QByteArray method() const { return m_method; }
    QByteArray path() const { return m_path; }
    /** The last head asked to switch protocols (WebSocket): its bytes are no longer HTTP. */
    bool upgraded() const { return m_state == State::Upgraded; }

private:
    enum class State {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Rejected,
        Upgraded
    };

    std::optional<Rejection> finishHead(Result &result);
    std::optional<Rejection> consumeChunkLine(QByteArrayView line);
    Rejection reject(int status, const char *reason, QByteArray message);
    void readRequestLine(QByteArrayView head);

    Limits m_limits;
    State m_state = State::Head;
    QByteArray m_head;
    QByteArray m_line; // chunk-size or trailer line being collected
    qint64 m_remaining = 0; // bytes left in the body or the current chunk
    qint64 m_bodySize = 0;
    qint64 m_bodyLimit = 0;
    int m_requests = 0;
    QByteArray m_method;
    QByteArray m_path;
};

} // namespace jobpulse
