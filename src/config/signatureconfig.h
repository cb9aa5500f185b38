#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace jobpulse {

/** @brief How a hook authenticates its sender (PRODUCT.md §5). */
enum class SignatureScheme {
    None, ///< accept everything (loopback only)
    Standard, ///< Standard Webhooks v1: webhook-id/-timestamp/-signature, also svix-*
    Github, ///< X-Hub-Signature-256: sha256=<hex>
    Stripe, ///< Stripe-Signature: t=<unix>,v1=<hex>
    Slack, ///< X-Slack-Request-Timestamp + X-Slack-Signature: v0=<hex>
    HmacSha256, ///< hex or base64 HMAC of the body in a named header
    Bearer, ///< Authorization: Bearer <token>
    GitlabToken, ///< X-Gitlab-Token: <token> (GitLab's secret token, config name "gitlab")
    Buildkite, ///< X-Buildkite-Signature: timestamp=<unix>,signature=<hex>, or X-Buildkite-Token
};

/** Parses a config name ("standard", "github", …); nullopt when unknown. */
std::optional<SignatureScheme> signatureSchemeFromName(QStringView name);
QString signatureSchemeName(SignatureScheme scheme);

struct SignatureConfig
{
    SignatureScheme scheme = SignatureScheme::None;
    /** Every accepted secret (rotation), already resolved from `env:NAME`. Empty ones are
     * ignored. Standard Webhooks secrets are base64, with or without `whsec_`. */
    QList<QByteArray> secrets;
    /** hmac-sha256 only: the header carrying the signature; empty means X-Signature-256. */
    QByteArray header;
    int toleranceSeconds = 300;
};

} // namespace jobpulse
