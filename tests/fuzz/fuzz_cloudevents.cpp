// Fuzz target: CloudEvents 1.0 over HTTP (any POST route). Header lines ("Name: value") up to
// the first empty line, then the body; a Content-Type header picks the mode.
#include "ingest/cloudevents.h"
#include "ingest/families.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = bytes.indexOf("\n\n");
    const QByteArray head = split < 0 ? bytes : bytes.left(split);
    const QByteArray body = split < 0 ? QByteArray() : bytes.mid(split + 2);
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray contentType;
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            continue;
        }
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name.compare("content-type", Qt::CaseInsensitive) == 0) {
            contentType = value;
        }
        headers.append({ name, value });
    }
    jobpulse::ValidationError error { QStringLiteral("untouched"), QString() };
    bool malformed = false;
    const auto events = jobpulse::parseCloudEvents(headers, contentType, body, &error, &malformed);
    const bool touched = error.field != QStringLiteral("untouched");
    if ((events && (touched || malformed || events->isEmpty())) || (malformed && !touched)) {
        std::abort(); // events, an error, or neither (not a CloudEvent): never a mix
    }
    if (!events) {
        return 0;
    }
    for (const jobpulse::CloudEvent &ce : *events) {
        if (ce.id.isEmpty() || ce.source.isEmpty() || ce.type.isEmpty()
            || ce.specversion != QStringLiteral("1.0")) {
            std::abort();
        }
    }
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const auto parsed = jobpulse::adaptCloudEvents(
        *events, u"canonical", now, [](const QJsonValue &json, const QDateTime &at) {
            return jobpulse::parseEvents(json, at);
        });
    if (parsed.error ? !parsed.events.isEmpty() : parsed.events.isEmpty()) {
        std::abort(); // exactly one of: events, error
    }
    for (const auto &e : parsed.events) {
        if (e.job.isEmpty() || e.id.isEmpty()
            || (e.progress && (*e.progress < 0 || *e.progress > 100))) {
            std::abort(); // every event from a CloudEvent carries an idempotency key
        }
    }
    return 0;
}
