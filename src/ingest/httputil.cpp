#include "httputil.h"

#include "core/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

QList<QByteArray> headerValues(const HeaderList &headers, QByteArrayView name)
{
    QList<QByteArray> values;
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            const QByteArray trimmed = value.trimmed();
            if (!trimmed.isEmpty()) {
                values.append(trimmed);
            }
        }
    }
    return values;
}

QByteArray headerValue(const HeaderList &headers, QByteArrayView name)
{
    const QList<QByteArray> values = headerValues(headers, name);
    return values.isEmpty() ? QByteArray() : values.first();
}

QByteArray mediaType(const QByteArray &contentType)
{
    return contentType.split(';').first().trimmed().toLower();
}

bool isJsonMediaType(const QByteArray &type)
{
    const QByteArray subtype = type.mid(type.indexOf('/') + 1);
    return type.isEmpty() || subtype == "json" || subtype.endsWith("+json");
}

bool isJsonContentType(const QByteArray &contentType)
{
    const QList<QByteArray> parts = contentType.split(';');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray param = parts.at(i).trimmed().toLower();
        if (param.startsWith("charset=") && param != "charset=utf-8"
            && param != "charset=\"utf-8\"") {
            return false;
        }
    }
    return isJsonMediaType(mediaType(contentType));
}

std::optional<QJsonValue> parseJsonText(const QByteArray &bytes, QString *why)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson("[" + bytes + "\n]", &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1) {
        if (why) {
            *why = error.error != QJsonParseError::NoError ? error.errorString()
                                                           : u"not exactly one JSON value"_s;
        }
        return std::nullopt;
    }
    return doc.array().first();
}

QString deliveryEventId(const QString &id, qsizetype index, qsizetype count)
{
    return id.left(MaxKeyLength - 8) + (count > 1 ? u"#%1"_s.arg(index) : QString());
}

std::optional<QString> routeKey(QStringView encodedPath, QStringView prefix, QStringView suffix)
{
    if (!encodedPath.startsWith(prefix) || !encodedPath.endsWith(suffix)
        || encodedPath.size() <= prefix.size() + suffix.size()) {
        return std::nullopt;
    }
    const QStringView encoded =
        encodedPath.sliced(prefix.size(), encodedPath.size() - prefix.size() - suffix.size());
    if (encoded.contains(u'/')) {
        return std::nullopt;
    }
    // Once: the router's own argument is decoded already, and decoding it again would turn
    // a key holding "%41" into "A".
    return QUrl::fromPercentEncoding(encoded.toUtf8());
}

} // namespace jobpulse
