#pragma once

#include "config/corsconfig.h"
#include "ingest/httputil.h"

namespace jobpulse {

/**
 * @brief CORS for the read routes (receiver.cors): the one place that decides what a browser
 * page of another origin may read. Used by the JSON answers (reply.h) and by the relay's SSE
 * head, which QHttpServer does not write.
 */
struct Cors
{
    /**
     * The headers of a read route's answer to a request with `Origin: @p origin` (empty: none
     * sent). With an allow-list: `Vary: Origin`, and `Access-Control-Allow-Origin` with the
     * origin when it is listed (plus `Access-Control-Allow-Credentials` when configured), or
     * `*` when only "*" is listed. Without an allow-list: nothing.
     */
    static HeaderList headers(const CorsConfig &cors, QByteArrayView origin);

    /** The answer to a preflight (`OPTIONS` with `Origin` and Access-Control-Request-Method). */
    struct Preflight
    {
        int status = 204; // 204 allowed, 403 refused
        HeaderList headers;
        QString error; // refused: the code and
        QString message; // why, for a person reading the answer
    };
    /** Whether a browser may send GET with the request headers @p requestHeaders (a comma
     *  list) from @p origin; the read token still applies to the request itself. */
    static Preflight preflight(const CorsConfig &cors, QByteArrayView origin,
        QByteArrayView requestMethod, QByteArrayView requestHeaders);
    /**
     * Whether a WebSocket upgrade with `Origin: @p origin` may go ahead. Browsers do not
     * apply CORS to WebSockets, so the receiver does: a page of another origin could else
     * read a local receiver's stream. No Origin (not a browser: QWebSocket, `jobpulse
     * follow`), the receiver's own origin (`Host: @p host`) or a listed origin may; any other
     * page may not.
     */
    static bool mayUpgrade(const CorsConfig &cors, QByteArrayView origin, QByteArrayView host);
    /** Request headers a page may send to a read route. */
    static const QByteArrayList &allowedRequestHeaders();
};

} // namespace jobpulse
