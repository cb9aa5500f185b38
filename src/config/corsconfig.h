#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <optional>

namespace jobpulse {

/**
 * @brief The config's `receiver.cors`: the web pages (origins) that may call the read routes
 * from a browser. Empty by default: no page of another origin may read anything.
 */
struct CorsConfig
{
    static constexpr int DefaultMaxAgeSeconds = 600;
    /** Serialised origins ("https://ci.example.com", "http://127.0.0.1:8080"), or "*". */
    QStringList origins;
    /** Access-Control-Allow-Credentials on answers to a listed origin (never with "*"). */
    bool credentials = false;
    int maxAgeSeconds = DefaultMaxAgeSeconds; // how long a browser keeps a preflight's answer

    bool enabled() const { return !origins.isEmpty(); }

    /**
     * The serialised origin a browser sends in `Origin` for @p text: lower-case scheme and
     * host, the port only when it is not the scheme's default ("HTTPS://CI.example.com:443/"
     * is "https://ci.example.com"); nullopt when @p text is not an http(s) origin (a path,
     * query, user or fragment in it, no host).
     */
    static std::optional<QString> normalizedOrigin(const QString &text);
    /** Validates `receiver.cors`; errors name the key (`receiver.cors.origins[1]: …`). */
    static std::optional<CorsConfig> fromJson(const QJsonValue &json, QString *error);
};

} // namespace jobpulse
