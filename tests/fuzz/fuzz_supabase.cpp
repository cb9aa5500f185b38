// Fuzz target: seed 003's Supabase database webhook (POST /webhook/submission-update).
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
    static const QHash<QString, QString> values { { QStringLiteral("approved"),
                                                      QStringLiteral("succeeded") },
        { QStringLiteral("rejected"), QStringLiteral("failed") },
        { QStringLiteral("1"), QStringLiteral("canceled") } };
    const auto parsed =
        jobpulse::adaptSupabase(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()),
            values, QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC));
    if (parsed.error ? !parsed.events.isEmpty() : parsed.events.isEmpty()) {
        std::abort(); // exactly one of: events, error
    }
    if (parsed.events.size() > 2) {
        std::abort(); // the change itself, and at most one status log line
    }
    for (const auto &e : parsed.events) {
        if (e.job.isEmpty() || !e.job.contains(u':')
            || (e.progress && (*e.progress < 0 || *e.progress > 100))) {
            std::abort();
        }
    }
    return 0;
}
