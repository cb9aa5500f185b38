// Fuzz target: canonical event JSON (POST /v1/events). Whatever parses must round-trip.
#include "core/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        return 0;
    }
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const jobpulse::ParsedEvents parsed = jobpulse::parseEvents(
        doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()), now);
    if (parsed.error && !parsed.events.isEmpty()) {
        std::abort(); // all or nothing
    }
    for (const jobpulse::Event &e : parsed.events) {
        const auto again = jobpulse::parseEvent(e.toJson(), QString(), now, nullptr);
        if (!again || !(*again == e)) {
            std::abort();
        }
        for (const jobpulse::LogLine &line : jobpulse::logLines(e)) {
            if (line.text.contains(u'\n')) {
                std::abort(); // a stored line never holds a newline
            }
        }
    }
    return 0;
}
