// Fuzz target: JSON Pointer resolution and the `mapped` family. The first line is a pointer,
// the rest a payload; the pointer is tried alone and as the job's source in a mapping.
#include "core/mapping.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = bytes.indexOf('\n');
    const QString pointer = QString::fromUtf8(newline < 0 ? bytes : bytes.left(newline));
    const QByteArray payload = newline < 0 ? QByteArray() : bytes.mid(newline + 1);

    // A pointer's tokens escape back to the same pointer.
    if (const auto tokens = jobpulse::jsonPointerTokens(pointer)) {
        QString again;
        for (const QString &token : *tokens) {
            again += u'/' + jobpulse::escapeJsonPointerToken(token);
        }
        if (again != pointer) {
            std::abort();
        }
    }
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError) {
        return 0;
    }
    const QJsonValue document = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    const auto found = jobpulse::resolveJsonPointer(document, pointer);
    if (found && !jobpulse::jsonPointerTokens(pointer)) {
        std::abort(); // only a well-formed pointer finds anything
    }
    const QJsonObject config { { QStringLiteral("map"),
                                   QJsonObject { { QStringLiteral("job"), pointer },
                                       { QStringLiteral("progress"), QStringLiteral("/p") } } },
        { QStringLiteral("values"),
            QJsonObject { { QStringLiteral("type"),
                QJsonObject { { QStringLiteral("go"), QStringLiteral("job.started") } } } } },
        { QStringLiteral("defaults"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("job.progress") } } } };
    const auto mapping = jobpulse::Mapping::fromJson(config, nullptr);
    if (mapping.has_value() != jobpulse::jsonPointerTokens(pointer).has_value()) {
        std::abort(); // the config is refused exactly when the pointer is malformed
    }
    if (!mapping) {
        return 0;
    }
    const auto parsed =
        mapping->apply(document, QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC));
    if (parsed.error ? !parsed.events.isEmpty() : parsed.events.isEmpty()) {
        std::abort(); // exactly one of: events, error
    }
    for (const auto &e : parsed.events) {
        if (e.job.isEmpty() || (e.progress && (*e.progress < 0 || *e.progress > 100))) {
            std::abort();
        }
    }
    return 0;
}
