// Fuzz target: the CI sender presets (hooks with family github-actions, gitlab, buildkite,
// jenkins). Input: the event's name (the sender's header) on the first line, the body after it.
#include "ingest/presets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = bytes.indexOf('\n');
    const QString event = QString::fromUtf8(bytes.left(std::max<qsizetype>(newline, 0)));
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes.mid(newline + 1), &error);
    if (error.error != QJsonParseError::NoError) {
        return 0;
    }
    const QJsonValue body = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    const QDateTime received = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const auto running = [](const QString &) {
        return std::optional(jobpulse::JobStatus::Running);
    };
    for (const jobpulse::PresetTable *table :
        { &jobpulse::githubActionsPreset(), &jobpulse::gitlabPreset(), &jobpulse::buildkitePreset(),
            &jobpulse::jenkinsPreset() }) {
        const auto parsed = jobpulse::adaptPreset(*table, event, body, received, running);
        // Exactly one of: events, an error, a reason to ignore the delivery.
        if (int(!parsed.events.isEmpty()) + int(parsed.error.has_value())
                + int(!parsed.ignored.isEmpty())
            != 1) {
            std::abort();
        }
        for (const auto &e : parsed.events) {
            if (e.job.isEmpty() || e.job.size() > jobpulse::MaxKeyLength || !e.time.isValid()
                || (e.step && (e.step->index < 1 || e.step->index > e.step->total))) {
                std::abort();
            }
        }
    }
    return 0;
}
