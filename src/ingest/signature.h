#pragma once

#include "config/signatureconfig.h"
#include "ingest/httputil.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <optional>

namespace jobpulse {

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

/**
 * @brief @p headers signed anew over @p body with @p config's first secret (an edited replay
 * with "resign": true): the scheme's signature fields replaced, a Standard Webhooks message
 * keeping its id. nullopt when the config has no scheme or no usable secret.
 */
std::optional<HeaderList> resignRequest(
    const SignatureConfig &config, HeaderList headers, QByteArrayView body, const QDateTime &now);

/** Equal-length byte arrays compared without an early exit; other lengths are unequal. */
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace jobpulse
