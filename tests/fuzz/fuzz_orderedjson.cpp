// Fuzz target: the config writer that keeps a hand-written file's key order and layout
// (writeOrderedJson reads the file's old text). Input: the old text, a NUL, the new object's
// JSON; without a NUL (or when it is not an object) the old text's own object with one key
// changed. Whatever the old text is, the result must be JSON that reads back as the new object.
#include "config/orderedjson.h"

#include <QJsonDocument>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype nul = bytes.indexOf('\0');
    const QByteArray original = nul < 0 ? bytes : bytes.left(nul);
    QJsonObject json =
        QJsonDocument::fromJson(nul < 0 ? QByteArray() : bytes.mid(nul + 1)).object();
    if (nul < 0 || json.isEmpty()) {
        json = QJsonDocument::fromJson(original).object();
        json.insert(QStringLiteral("receiver"), QJsonObject { { QStringLiteral("listen"), 7790 } });
    }
    QJsonParseError error {};
    const QJsonDocument back =
        QJsonDocument::fromJson(jobpulse::writeOrderedJson(json, original), &error);
    if (error.error != QJsonParseError::NoError || !back.isObject() || back.object() != json) {
        std::abort(); // the file written must say what was saved
    }
    return 0;
}
