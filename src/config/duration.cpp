#include "duration.h"

#include <QRegularExpression>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

std::optional<qint64> parseDurationSeconds(
    const QJsonValue &value, const QString &key, QString *error)
{
    constexpr qint64 MaxSeconds = 365LL * 24 * 3600;
    std::optional<qint64> seconds;
    if (value.isDouble() && value.toDouble() == std::floor(value.toDouble())) {
        seconds = static_cast<qint64>(value.toDouble());
    } else if (value.isString()) {
        static const QRegularExpression re(u"^\\s*(\\d{1,9})\\s*(s|m|h|d)\\s*$"_s);
        const auto m = re.match(value.toString());
        if (m.hasMatch()) {
            const qint64 unit = m.captured(2) == u"s" ? 1
                : m.captured(2) == u"m"               ? 60
                : m.captured(2) == u"h"               ? 3600
                                                      : 86400;
            seconds = m.captured(1).toLongLong() * unit;
        }
    }
    if (!seconds || *seconds < 0 || *seconds > MaxSeconds) {
        *error = u"%1: a duration such as \"10m\", \"24h\" or 600 (seconds), from 0 (off) to "
                 u"365 days"_s.arg(key);
        return std::nullopt;
    }
    return seconds;
}

} // namespace jobpulse
