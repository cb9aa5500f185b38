#include "decoder.h"

#include "core/mapping.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

PayloadDecoder::PayloadDecoder(const SourceConfig &config)
    : m_format(config.format)
{
    if (m_format == SourceConfig::Format::Mapped) {
        if (auto mapping = Mapping::fromJson(config.mapping, nullptr)) {
            m_map = [mapping = std::move(*mapping)](const QJsonValue &json,
                        const QDateTime &received) { return mapping.apply(json, received); };
        }
    }
}

PayloadDecoder::Result PayloadDecoder::decode(QByteArrayView bytes, const QDateTime &received) const
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError) {
        Result result;
        result.parsed.error = ValidationError { QString(),
            u"not JSON: %1 at offset %2"_s.arg(error.errorString()).arg(error.offset) };
        return result;
    }
    return decode(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()), received);
}

PayloadDecoder::Result PayloadDecoder::decode(
    const QJsonValue &json, const QDateTime &received) const
{
    Result result;
    switch (m_format) {
    case SourceConfig::Format::Jobpulse:
        // A relay frame is one stored event plus its seq (the "seq" key is not an event field).
        result.seq = json.toObject().value(u"seq"_s).toInteger();
        result.parsed = parseEvents(json, received);
        break;
    case SourceConfig::Format::Canonical:
        result.parsed = parseEvents(json, received);
        break;
    case SourceConfig::Format::Mapped:
        if (m_map) {
            result.parsed = m_map(json, received);
        } else {
            result.parsed.error = ValidationError { QString(), u"no mapping"_s };
        }
        break;
    case SourceConfig::Format::Cctray:
        result.parsed.error = ValidationError { QString(), u"cctray is XML, read by polling"_s };
        break;
    }
    return result;
}

} // namespace jobpulse
