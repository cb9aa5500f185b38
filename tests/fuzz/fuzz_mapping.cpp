// Fuzz target: JSON Pointer resolution, the `mapped` family (labels too), label filters. The first
// line is a pointer, the rest a payload; the pointer is tried alone and as the job's source in a
// mapping.
#include "core/labels.h"
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

    // The first line as a search and as a `--label`/`?label=` filter: only label names with a
    // value come out.
    for (const auto &[name, value] : jobpulse::SearchTerms::parse(pointer).labels) {
        if (!jobpulse::isLabelName(name) || value.isEmpty()) {
            std::abort();
        }
    }
    if (const auto label = jobpulse::parseLabelFilter(pointer);
        label && (!jobpulse::isLabelName(label->first) || label->second.isEmpty())) {
        std::abort();
    }
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
            QJsonObject { { QStringLiteral("type"), QStringLiteral("job.progress") } } },
        { QStringLiteral("labels"),
            QJsonObject { { QStringLiteral("branch"), pointer },
                { QStringLiteral("repository"), QStringLiteral("/r") } } } };
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
        for (auto it = e.labels.begin(); it != e.labels.end(); ++it) {
            if (!jobpulse::isLabelName(it.key()) || it.value().isEmpty()
                || it.value().size() > jobpulse::MaxLabelValue) {
                std::abort(); // labels are as the event rules say, whatever the payload holds
            }
        }
        if (e.job.isEmpty() || (e.progress && (*e.progress < 0 || *e.progress > 100))) {
            std::abort();
        }
    }
    return 0;
}
