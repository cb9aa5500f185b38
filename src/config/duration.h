#pragma once

#include <QJsonValue>
#include <QString>
#include <optional>

namespace jobpulse {

/**
 * @brief A duration in the config file: seconds as a number (600) or a string with a unit,
 * "90s", "10m", "24h", "7d". nullopt (with @p error naming @p key) when it is neither, or
 * negative; 0 switches the feature off.
 */
std::optional<qint64> parseDurationSeconds(
    const QJsonValue &value, const QString &key, QString *error);

} // namespace jobpulse
