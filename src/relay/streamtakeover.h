#pragma once

#include <QtGlobal>

class QHttpServerResponder;

namespace jobpulse {

/**
 * @brief The one place where the relay takes an SSE response away from QHttpServer.
 *
 * QtHttpServer keeps its sockets on the receiver's thread and keeps reading them there, so an
 * SSE socket cannot simply move to the relay's thread. Instead the relay takes a duplicate of
 * the connection's descriptor (dup: the same TCP connection), and the relay thread's own
 * QTcpSocket writes the response head and every event; QHttpServer's socket stays open but is
 * never written to again (an SSE client sends nothing after its request), so the request
 * guard still counts the connection. Whoever ends the stream shuts the connection down
 * (`shutdown(2)`), which closes QHttpServer's side too.
 *
 * Qt 6.4 offers the socket through QHttpServerResponder::socket(); 6.5 removes it and 6.8
 * adds chunked writes of its own. A port changes this function only: e.g. take the
 * descriptor the request guard saw, or stream through the responder on the receiver's thread
 * from buffers the relay thread prepared.
 */
struct StreamTakeover
{
    /** A new descriptor of @p responder's connection (close-on-exec, non-blocking, owned by
     *  the caller), or -1 when there is none. QHttpServer writes nothing more on it. */
    static qintptr take(QHttpServerResponder &&responder);
    /** Ends the connection for both descriptors (the relay's and QHttpServer's). */
    static void shutdown(qintptr descriptor);
};

} // namespace jobpulse
