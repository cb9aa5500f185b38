#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QPair>
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

/** Header fields as received; names are matched case-insensitively. */
using HeaderList = QList<QPair<QByteArray, QByteArray>>;

enum class SignatureError {
    None,
    NoSecret, ///< the hook has no usable secret: fail closed
    MissingHeader,
    MalformedHeader,
    UnsupportedVersion, ///< well-formed, but no signature of a version we check
    TimestampTooOld,
    TimestampInFuture,
    NoMatch,
};

struct SignatureVerdict
{
    bool ok = false;
    SignatureError error = SignatureError::None;
    /** One short English sentence for the 401 body and the inspector; never the secret. */
    QString reason;
};

/**
 * @brief Checks a request's signature over the raw body bytes, in constant time, accepting
 * any of several signatures made with any of several secrets.
 * @param now the receiver's clock, for the ±toleranceSeconds timestamp window.
 */
SignatureVerdict verifySignature(const SignatureConfig &config, const HeaderList &headers,
    QByteArrayView rawBody, const QDateTime &now);

/**
 * @brief The headers a sender adds (`jobpulse send --sign`, tests, docs).
 * @param msgId Standard Webhooks only: the `webhook-id`.
 * @param header hmac-sha256 only: the header name; empty means X-Signature-256.
 * @return empty for SignatureScheme::None or a secret the scheme cannot use.
 */
HeaderList signRequest(SignatureScheme scheme, const QByteArray &secret, QByteArrayView body,
    const QDateTime &now, const QByteArray &msgId = {}, const QByteArray &header = {});

/** Equal-length byte arrays compared without an early exit; other lengths are unequal. */
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace jobpulse
