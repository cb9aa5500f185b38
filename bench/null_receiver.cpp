// The baseline for the ingest benchmark: the same QHttpServer and request guard, answering
// 204 to every POST without parsing or storing anything.
#include "ingest/requestguard.h"

#include <QCoreApplication>
#include <QHttpServer>
#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QHttpServer http;
    http.route(QStringLiteral("/v1/events"), QHttpServerRequest::Method::Post,
        [](const QHttpServerRequest &, QHttpServerResponder &&responder) {
            responder.write(QHttpServerResponder::StatusCode::NoContent);
        });
    auto *guard = new jobpulse::RequestGuard({});
    const quint16 port = argc > 1 ? static_cast<quint16>(QByteArray(argv[1]).toUInt()) : 0;
    if (!guard->listen(QHostAddress::LocalHost, port)) {
        std::fprintf(stderr, "cannot listen\n");
        return 1;
    }
    guard->setHttpServer(&http);
    http.bind(guard);
    std::printf("listening http://127.0.0.1:%u\n", guard->serverPort());
    std::fflush(stdout);
    return QCoreApplication::exec();
}
