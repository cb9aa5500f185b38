#pragma once

#include "ingest/httputil.h"

#include <QByteArray>
#include <QHttpServerRequest>
#include <QString>
#include <functional>
#include <memory>

class QHttpServer;
class QHttpServerResponder;
class QObject;
class QTcpSocket;

namespace jobpulse {

struct MetricsSnapshot;

/**
 * @brief What a part that serves routes on the receiver's port (the read API, the relay) may
 * use of it: the HTTP server to add routes to, the 404/405 table, the read token check, and
 * the guard's streaming exemption. The Receiver implements it.
 */
class RouteHost
{
public:
    virtual ~RouteHost() = default;

    /** The HTTP server to add routes to. */
    virtual QHttpServer &http() = 0;
    /** Makes a route known to the 404/405 logic (an anchored regular expression). */
    virtual void allowRoute(const QString &pattern, const QByteArray &method) = 0;
    using KeyHandler = std::function<void(
        const QString &key, const QHttpServerRequest &request, QHttpServerResponder &&responder)>;
    /**
     * Serves `{prefix}{key}{suffix}` (e.g. "/v1/jobs/" and a key) for @p method: the key is
     * one percent-encoded path segment, decoded by routeKey() (httputil.h) from the path as
     * sent, so "acme%2Fapi%237" is the key "acme/api#7" on every route. The handler gets the
     * responder untouched: a WebSocket route that writes nothing is upgraded.
     */
    virtual void addKeyRoute(const QString &prefix, const QString &suffix,
        QHttpServerRequest::Method method, KeyHandler handler) = 0;
    /**
     * Read and relay routes call this first: with a readToken set, a request without it
     * (Authorization: Bearer, or ?token= for browsers' EventSource/WebSocket) is answered
     * 401 here and false is returned; otherwise nothing is written.
     */
    virtual bool authorizeRead(
        const QHttpServerRequest &request, QHttpServerResponder &responder) = 0;
    /**
     * Serves a read route: every answer @p serve writes carries the request's CORS headers
     * (corsHeaders()), and with @p needsToken the read token is checked first (authorizeRead;
     * its 401 carries them too, so a page can tell a wrong token from a refused origin).
     */
    virtual void serveRead(const QHttpServerRequest &request, QHttpServerResponder &responder,
        const std::function<void()> &serve, bool needsToken = true) = 0;
    /** Marks the paths of @p pattern (anchored) as read routes a browser page of an origin in
     *  receiver.cors.origins may call: they answer preflights (OPTIONS) and carry the CORS
     *  headers. */
    virtual void allowBrowserRead(const QString &pattern) = 0;
    /** The CORS headers of the answer to @p request (Cors::headers); none on a path that is
     *  not a browser read route or without an allow-list. The SSE head carries them. */
    virtual HeaderList corsHeaders(const QHttpServerRequest &request) const = 0;
    /** The response on @p socket streams on (SSE): the guard's header timeout stops there. */
    virtual void markStreaming(QTcpSocket *socket) = 0;
    /**
     * Before @p socket (an upgraded WebSocket's) moves to another thread: takes the
     * receiver's own per-connection watcher off it and returns it. The connection counts as
     * open until the returned object is deleted, on the receiver's thread. May be null.
     */
    virtual std::unique_ptr<QObject> releaseConnection(QTcpSocket *socket) = 0;
    /** Live subscribers, reported as "clients" in every ingest answer and in /health. */
    virtual void setSubscriberCount(std::function<int()> count) = 0;
    /** The relay's part of GET /metrics (messages sent, subscribers dropped). */
    virtual void setRelayMetrics(std::function<void(MetricsSnapshot &)> fill) = 0;
};

} // namespace jobpulse
