// Fuzz target: a browser's CORS request headers (Origin, Access-Control-Request-Method,
// Access-Control-Request-Headers), split from the input at newlines, against an allow-list,
// and the config's origins (receiver.cors.origins) as text.
#include "config/corsconfig.h"
#include "ingest/cors.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace jobpulse;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<QByteArray> parts = bytes.split('\n');
    const QByteArray origin = parts.value(0);
    const QByteArray method = parts.value(1);
    const QByteArray headers = parts.value(2);
    if (const auto normalized = CorsConfig::normalizedOrigin(QString::fromUtf8(origin))) {
        // A normalised origin is a fixed point, with no path and an http(s) scheme.
        if (CorsConfig::normalizedOrigin(*normalized) != normalized
            || !(normalized->startsWith(QStringLiteral("http://"))
                || normalized->startsWith(QStringLiteral("https://")))) {
            std::abort();
        }
    }
    CorsConfig cors;
    cors.origins = { QStringLiteral("http://127.0.0.1:8080"), QStringLiteral("https://a.test") };
    const HeaderList answer = Cors::headers(cors, origin);
    const QByteArray allowed = headerValue(answer, "Access-Control-Allow-Origin");
    // Only a listed origin, exactly as sent, is ever allowed.
    if (!allowed.isEmpty()
        && (allowed != origin || !cors.origins.contains(QString::fromUtf8(origin)))) {
        std::abort();
    }
    // A page may open a WebSocket only from a listed origin or the receiver's own (its Host,
    // here the second part).
    if (!origin.isEmpty() && Cors::mayUpgrade(cors, origin, method)
        && !cors.origins.contains(QString::fromUtf8(origin))
        && origin.toLower() != "http://" + method.trimmed().toLower()
        && origin.toLower() != "https://" + method.trimmed().toLower()) {
        std::abort();
    }
    const Cors::Preflight preflight = Cors::preflight(cors, origin, method, headers);
    if (preflight.status == 204
        && headerValue(preflight.headers, "Access-Control-Allow-Origin") != origin) {
        std::abort();
    }
    return 0;
}
