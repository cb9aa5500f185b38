#pragma once

#include <QJsonValue>
#include <QString>
#include <QUrl>
#include <optional>

namespace jobpulse {

/**
 * @brief One target a hook forwards its accepted deliveries to (`hooks[i].forward[j]`, or
 * `jobpulse listen --forward-to`): the developer's loop of PRODUCT.md §10.
 */
struct ForwardTarget
{
    QUrl url;
    /** Send the sender's own Host header instead of the target's. */
    bool preserveHost = false;
    /** Give up on an attempt after this long (a target that hangs). */
    int timeoutMs = 10000;
    /** Attempts after the first, on connection errors and 5xx answers. */
    int retries = 3;
    /** A target that is not loopback is refused unless this is set. */
    bool allowRemote = false;

    /** One `forward` entry, an object or a URL string; errors name @p key. */
    static std::optional<ForwardTarget> fromJson(
        const QJsonValue &json, const QString &key, QString *error);
    /** Why @p url cannot be a forward target: not an absolute http(s) URL, or not loopback
     *  without @p allowRemote; empty when it can. */
    static QString urlProblem(const QUrl &url, bool allowRemote);
};

} // namespace jobpulse
