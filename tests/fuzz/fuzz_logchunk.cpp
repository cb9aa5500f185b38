// Fuzz target: run's log chunk writer (LogChunkWriter), which writes the command's output
// bytes straight into a request body as JSON strings. Input: any bytes, split into lines at
// '\n' (every third line from stderr). The body must parse with QJsonDocument, and each line
// must read back as exactly QString::fromUtf8(line), with its stream.
#include "cli/logchunk.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<QByteArrayView> lines;
    for (qsizetype from = 0;;) {
        const qsizetype nl = bytes.indexOf('\n', from);
        lines.append(bytes.sliced(from, (nl < 0 ? bytes.size() : nl) - from));
        if (nl < 0) {
            break;
        }
        from = nl + 1;
    }
    const auto isStderr = [](qsizetype i) { return i % 3 == 2; };
    const QString job = QStringLiteral("fuzz");
    QByteArray body = "[";
    jobpulse::cli::LogChunkWriter chunk(body, job);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        chunk.addLine(lines.at(i), isStderr(i));
    }
    chunk.finish();
    body += ']';

    QJsonParseError error {};
    const QJsonDocument parsed = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || parsed.array().size() != 1) {
        std::abort(); // not JSON
    }
    const QJsonObject event = parsed.array().first().toObject();
    const QJsonArray read = event.value(QStringLiteral("lines")).toArray();
    if (event.value(QStringLiteral("job")).toString() != job || read.size() != lines.size()) {
        std::abort();
    }
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QJsonValue line = read.at(i);
        const QString text =
            isStderr(i) ? line[QStringLiteral("text")].toString() : line.toString();
        if (text != QString::fromUtf8(lines.at(i))
            || (isStderr(i)
                && line[QStringLiteral("stream")].toString() != QStringLiteral("stderr"))
            || (!isStderr(i) && !line.isString())) {
            std::abort(); // a line is not what the command wrote
        }
    }
    return 0;
}
