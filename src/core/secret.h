#pragma once

#include <QString>
#include <QtGlobal>

namespace jobpulse {

/**
 * @brief A secret from the config: a literal, or `env:NAME` read from the environment so the
 * file itself need not hold it. False (with @p error naming the variable) when NAME is unset.
 */
inline bool resolveSecret(const QString &given, QString *secret, QString *error)
{
    if (!given.startsWith(QLatin1String("env:"))) {
        *secret = given;
        return true;
    }
    const QString name = given.mid(4);
    if (name.isEmpty() || !qEnvironmentVariableIsSet(qPrintable(name))) {
        *error = QStringLiteral("the environment variable %1 is not set").arg(name);
        return false;
    }
    *secret = qEnvironmentVariable(qPrintable(name));
    return true;
}

/**
 * @brief Whether a config's `env:NAME` secrets are read now (a process starting with the
 * config) or kept as written (the settings page checks a file the next start will read).
 */
enum class SecretPolicy { Resolve, Keep };

inline bool resolveSecret(
    const QString &given, QString *secret, QString *error, SecretPolicy policy)
{
    if (policy == SecretPolicy::Keep) {
        *secret = given;
        return true;
    }
    return resolveSecret(given, secret, error);
}

} // namespace jobpulse
