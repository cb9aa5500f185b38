// Fuzz target: seed 001's Prefect flow webhook (POST /api/webhooks/prefect).
#include "ingest/families.h"

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
    const auto parsed =
        jobpulse::adaptPrefect(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()),
            QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC));
    if (parsed.error ? !parsed.events.isEmpty() : parsed.events.isEmpty()) {
        std::abort(); // exactly one of: events, error
    }
    for (const auto &e : parsed.events) {
        if (e.job.isEmpty() || e.kind.isEmpty()
            || (e.progress && (*e.progress < 0 || *e.progress > 100))) {
            std::abort();
        }
    }
    return 0;
}
