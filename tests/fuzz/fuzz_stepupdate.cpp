// Fuzz target: seed 000's step-update payloads (POST /api/webhooks/step-update).
#include "ingest/stepupdate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject()) {
        return 0;
    }
    const auto parsed = jobpulse::adaptStepUpdate(
        doc.object(), QStringLiteral("header-job"), int(size % 9), QDateTime::currentDateTimeUtc());
    if (parsed.error ? !parsed.events.isEmpty() : parsed.events.isEmpty()) {
        std::abort();
    }
    for (const auto &e : parsed.events) {
        if (e.job.isEmpty() || (e.progress && (*e.progress < 0 || *e.progress > 100))) {
            std::abort();
        }
    }
    return 0;
}
