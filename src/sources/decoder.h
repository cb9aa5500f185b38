#pragma once

#include "config/sourceconfig.h"
#include "core/event.h"

#include <functional>

namespace jobpulse {

/** @brief A source's messages (JSON text) to canonical events, by the source's format. */
class PayloadDecoder
{
public:
    explicit PayloadDecoder(const SourceConfig &config);

    struct Result
    {
        ParsedEvents parsed;
        qint64 seq = 0; // a Jobpulse relay frame's sequence number (format jobpulse)
    };
    Result decode(QByteArrayView bytes, const QDateTime &received) const;
    Result decode(const QJsonValue &json, const QDateTime &received) const;

private:
    SourceConfig::Format m_format;
    std::function<ParsedEvents(const QJsonValue &, const QDateTime &)> m_map;
};

} // namespace jobpulse
