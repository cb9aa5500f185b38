#pragma once

#include "config/forwardconfig.h"
#include "config/signatureconfig.h"
#include "core/event.h"
#include "core/mapping.h"
#include "core/secret.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace jobpulse {

/**
 * @brief A POST route (PRODUCT.md §3–4): a path, a payload family, a signature, a body limit.
 * The built-in routes are hooks with defaults; a config entry with the same path replaces
 * them, and `/hooks/{name}` entries add user-defined ones.
 */
struct HookConfig
{
    enum class Family {
        Canonical,
        StepUpdate,
        Prefect,
        Supabase,
        Mapped,
        GithubActions,
        Gitlab,
        Buildkite,
        Jenkins
    };

    QString name;
    QString path;
    Family family = Family::Canonical;
    SignatureConfig signature;
    qint64 maxBodyBytes = 0; // 0: the receiver's limit
    std::optional<Mapping> mapping; // Family::Mapped
    QHash<QString, QString> statusValues; // Family::Supabase: `values.status`
    std::optional<qint64> stallAfterSeconds; // its jobs' expected gap (`stallAfter`), if set
    QList<ForwardTarget> forward; // where its accepted deliveries are sent on (`forward`)

    static QString familyName(Family family);
    bool hasSecret() const { return signature.scheme != SignatureScheme::None; }

    /** The routes that exist without any configuration. */
    static QList<HookConfig> builtins();
    /** One `hooks[i]` object; errors name the key (`hooks[2].signature.secret: …`). */
    static std::optional<HookConfig> fromJson(const QJsonObject &json, const QString &key,
        QString *error, SecretPolicy secrets = SecretPolicy::Resolve);
    /** The built-ins, with the config's `hooks` replacing (same path) or adding to them. */
    static std::optional<QList<HookConfig>> listFromJson(
        const QJsonValue &json, QString *error, SecretPolicy secrets = SecretPolicy::Resolve);
};

/**
 * @brief The hook config's `values.status` for the supabase family; std::nullopt with
 * @p error ("values.status.approved: …") when a target is not a job status.
 */
std::optional<QHash<QString, QString>> supabaseStatusValues(
    const QJsonObject &hookConfig, QString *error);

} // namespace jobpulse
