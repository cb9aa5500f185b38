#include "ingest/signature.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <initializer_list>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

constexpr QByteArrayView DefaultHmacHeader = "X-Signature-256";
constexpr QByteArrayView StandardSecretPrefix = "whsec_";

SignatureVerdict fail(SignatureError error, const QString &reason)
{
    return { false, error, reason };
}

QString headerName(QByteArrayView name)
{
    return QString::fromLatin1(name);
}

SignatureVerdict missing(QByteArrayView name)
{
    return fail(SignatureError::MissingHeader,
        u"The %1 header is missing or empty."_s.arg(headerName(name)));
}

SignatureVerdict malformed(QByteArrayView name)
{
    return fail(
        SignatureError::MalformedHeader, u"The %1 header is malformed."_s.arg(headerName(name)));
}

SignatureVerdict unsupported(QByteArrayView name, QStringView expected)
{
    return fail(SignatureError::UnsupportedVersion,
        u"The %1 header has no %2 signature."_s.arg(headerName(name), expected));
}

SignatureVerdict passed()
{
    return { true, SignatureError::None, {} };
}

SignatureVerdict noSecret()
{
    return fail(SignatureError::NoSecret, u"No usable secret is configured for this hook."_s);
}

SignatureVerdict noMatch()
{
    return fail(SignatureError::NoMatch, u"No signature matched."_s);
}

/** Digits only (no sign, no space), short enough never to overflow. */
std::optional<qint64> parseUnixTime(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18) {
        return std::nullopt;
    }
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<SignatureVerdict> checkWindow(qint64 timestamp, const QDateTime &now, int tolerance)
{
    const qint64 nowSecs = now.toSecsSinceEpoch();
    tolerance = std::max(tolerance, 0);
    if (nowSecs - timestamp > tolerance) {
        return fail(SignatureError::TimestampTooOld,
            u"The timestamp is more than %1 seconds old."_s.arg(tolerance));
    }
    if (timestamp - nowSecs > tolerance) {
        return fail(SignatureError::TimestampInFuture,
            u"The timestamp is more than %1 seconds in the future."_s.arg(tolerance));
    }
    return std::nullopt;
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/** Strict: QByteArray::fromHex skips junk characters, which would make garbage "decode". */
QByteArray fromHexStrict(QByteArrayView text)
{
    if (text.size() % 2 != 0 || !std::all_of(text.begin(), text.end(), isHexDigit)) {
        return {};
    }
    return QByteArray::fromHex(text.toByteArray());
}

QByteArray fromBase64Strict(QByteArrayView text)
{
    for (const auto alphabet : { QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding }) {
        const auto result = QByteArray::fromBase64Encoding(
            text.toByteArray(), alphabet | QByteArray::AbortOnBase64DecodingErrors);
        if (result) {
            return result.decoded;
        }
    }
    return {};
}

QByteArray hmacSha256(const QByteArray &key, std::initializer_list<QByteArrayView> parts)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, key);
    for (const QByteArrayView part : parts) {
        mac.addData(part.data(), part.size());
    }
    return mac.result();
}

QList<QByteArray> usableSecrets(const QList<QByteArray> &secrets)
{
    QList<QByteArray> usable;
    for (const QByteArray &secret : secrets) {
        if (!secret.isEmpty()) {
            usable.append(secret);
        }
    }
    return usable;
}

/** Standard Webhooks keys are base64 after an optional `whsec_`, as the reference libraries
 * read them; an undecodable secret yields no key. */
QByteArray standardKey(const QByteArray &secret)
{
    QByteArrayView text(secret);
    if (text.startsWith(StandardSecretPrefix)) {
        text = text.sliced(StandardSecretPrefix.size());
    }
    return text.isEmpty() ? QByteArray() : fromBase64Strict(text);
}

/** Compares every candidate with every expected MAC, with no early exit, so the time taken
 * does not say which secret or which signature matched. */
bool anyMatches(const QList<QByteArray> &expected, const QList<QByteArray> &candidates)
{
    bool matched = false;
    for (const QByteArray &mac : expected) {
        for (const QByteArray &candidate : candidates) {
            if (constantTimeEquals(mac, candidate)) {
                matched = true;
            }
        }
    }
    return matched;
}

/** Splits `key=value` at the first '='; nullopt when there is none. */
std::optional<QPair<QByteArrayView, QByteArrayView>> splitPair(QByteArrayView item, char separator)
{
    const qsizetype at = item.indexOf(separator);
    if (at < 0) {
        return std::nullopt;
    }
    return qMakePair(item.first(at), item.sliced(at + 1));
}

QList<QByteArrayView> splitTokens(QByteArrayView text, QByteArrayView separators)
{
    QList<QByteArrayView> tokens;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i == text.size() || separators.contains(text.at(i))) {
            const QByteArrayView token = text.sliced(start, i - start).trimmed();
            if (!token.isEmpty()) {
                tokens.append(token);
            }
            start = i + 1;
        }
    }
    return tokens;
}

/** `v0`, `v1a`, `sha1` …: a version or algorithm tag of another signature. */
bool isTag(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || c == '-' || c == '_';
    });
}

SignatureVerdict verifyStandard(const SignatureConfig &config, const HeaderList &headers,
    QByteArrayView body, const QDateTime &now)
{
    QList<QByteArray> keys;
    for (const QByteArray &secret : config.secrets) {
        const QByteArray key = standardKey(secret);
        if (!key.isEmpty()) {
            keys.append(key);
        }
    }
    if (keys.isEmpty()) {
        return noSecret();
    }
    // Svix sends the same scheme under its own names; a request uses one family.
    const bool svix = headerValue(headers, "webhook-id").isEmpty()
        && headerValue(headers, "webhook-timestamp").isEmpty()
        && headerValues(headers, "webhook-signature").isEmpty()
        && !headerValue(headers, "svix-id").isEmpty();
    const QByteArray idName = svix ? "svix-id" : "webhook-id";
    const QByteArray timestampName = svix ? "svix-timestamp" : "webhook-timestamp";
    const QByteArray signatureName = svix ? "svix-signature" : "webhook-signature";

    const QByteArray id = headerValue(headers, idName);
    const QByteArray timestampText = headerValue(headers, timestampName);
    const QList<QByteArray> values = headerValues(headers, signatureName);
    if (id.isEmpty()) {
        return missing(idName);
    }
    if (timestampText.isEmpty()) {
        return missing(timestampName);
    }
    if (values.isEmpty()) {
        return missing(signatureName);
    }
    const auto timestamp = parseUnixTime(timestampText);
    if (!timestamp) {
        return malformed(timestampName);
    }
    QList<QByteArray> candidates;
    bool otherVersions = false;
    for (const QByteArray &value : values) {
        for (const QByteArrayView token : splitTokens(value, " ")) {
            const auto pair = splitPair(token, ',');
            if (pair && pair->first == "v1") {
                candidates.append(fromBase64Strict(pair->second));
            } else if (pair && isTag(pair->first)) {
                otherVersions = true; // v1a (asymmetric), future versions: not ours to check
            }
        }
    }
    if (candidates.isEmpty()) {
        return otherVersions ? unsupported(signatureName, u"v1") : malformed(signatureName);
    }
    if (const auto stale = checkWindow(*timestamp, now, config.toleranceSeconds)) {
        return *stale;
    }
    // The reference libraries sign the parsed number, not the header text.
    const QByteArray canonicalTimestamp = QByteArray::number(*timestamp);
    QList<QByteArray> expected;
    for (const QByteArray &key : keys) {
        expected.append(hmacSha256(key, { id, ".", canonicalTimestamp, ".", body }));
    }
    return anyMatches(expected, candidates) ? passed() : noMatch();
}

SignatureVerdict verifyGithub(
    const QList<QByteArray> &secrets, const HeaderList &headers, QByteArrayView body)
{
    constexpr QByteArrayView name = "X-Hub-Signature-256";
    const QList<QByteArray> values = headerValues(headers, name);
    if (values.isEmpty()) {
        return missing(name);
    }
    QList<QByteArray> candidates;
    bool otherAlgorithms = false;
    for (const QByteArray &value : values) {
        const auto pair = splitPair(value, '=');
        if (pair && pair->first.compare("sha256", Qt::CaseInsensitive) == 0) {
            candidates.append(fromHexStrict(pair->second));
        } else if (pair && isTag(pair->first)) {
            otherAlgorithms = true;
        }
    }
    if (candidates.isEmpty()) {
        return otherAlgorithms ? unsupported(name, u"sha256") : malformed(name);
    }
    QList<QByteArray> expected;
    for (const QByteArray &secret : secrets) {
        expected.append(hmacSha256(secret, { body }));
    }
    return anyMatches(expected, candidates) ? passed() : noMatch();
}

/** A header of `key=value` pairs holding a Unix timestamp and hex HMACs of `timestamp.body`. */
struct TimestampedHeader
{
    QByteArrayView name; // Stripe-Signature
    QByteArrayView timestampKey; // t
    QByteArrayView signatureKey; // v1
};

// Stripe's `t=,v1=` and Buildkite's `timestamp=,signature=`.
SignatureVerdict verifyTimestamped(const SignatureConfig &config, const QList<QByteArray> &secrets,
    const HeaderList &headers, QByteArrayView body, const QDateTime &now,
    const TimestampedHeader &scheme)
{
    const QByteArrayView name = scheme.name;
    const QList<QByteArray> values = headerValues(headers, name);
    if (values.isEmpty()) {
        return missing(name);
    }
    std::optional<qint64> timestamp;
    QList<QByteArray> candidates;
    bool otherVersions = false;
    for (const QByteArray &value : values) {
        for (const QByteArrayView item : splitTokens(value, ",")) {
            const auto pair = splitPair(item, '=');
            if (!pair) {
                return malformed(name);
            }
            const auto &[key, text] = *pair;
            if (key == scheme.timestampKey) {
                const auto parsed = parseUnixTime(text);
                if (!parsed || (timestamp && *timestamp != *parsed)) {
                    return malformed(name);
                }
                timestamp = parsed;
            } else if (key == scheme.signatureKey) {
                candidates.append(fromHexStrict(text));
            } else {
                otherVersions = true; // v0 is Stripe's test-mode scheme; never trusted
            }
        }
    }
    if (!timestamp) {
        return malformed(name);
    }
    if (candidates.isEmpty()) {
        return otherVersions
            ? unsupported(name, QString::fromLatin1(scheme.signatureKey.toByteArray()))
            : malformed(name);
    }
    if (const auto stale = checkWindow(*timestamp, now, config.toleranceSeconds)) {
        return *stale;
    }
    const QByteArray canonicalTimestamp = QByteArray::number(*timestamp);
    QList<QByteArray> expected;
    for (const QByteArray &secret : secrets) {
        // Stripe keys the HMAC with the secret's text as is, `whsec_` included; so does
        // Buildkite with its webhook token.
        expected.append(hmacSha256(secret, { canonicalTimestamp, ".", body }));
    }
    return anyMatches(expected, candidates) ? passed() : noMatch();
}

SignatureVerdict verifySlack(const SignatureConfig &config, const QList<QByteArray> &secrets,
    const HeaderList &headers, QByteArrayView body, const QDateTime &now)
{
    constexpr QByteArrayView timestampName = "X-Slack-Request-Timestamp";
    constexpr QByteArrayView signatureName = "X-Slack-Signature";
    const QByteArray timestampText = headerValue(headers, timestampName);
    const QList<QByteArray> values = headerValues(headers, signatureName);
    if (timestampText.isEmpty()) {
        return missing(timestampName);
    }
    if (values.isEmpty()) {
        return missing(signatureName);
    }
    const auto timestamp = parseUnixTime(timestampText);
    if (!timestamp) {
        return malformed(timestampName);
    }
    QList<QByteArray> candidates;
    bool otherVersions = false;
    for (const QByteArray &value : values) {
        const auto pair = splitPair(value, '=');
        if (pair && pair->first == "v0") {
            candidates.append(fromHexStrict(pair->second));
        } else if (pair && isTag(pair->first)) {
            otherVersions = true;
        }
    }
    if (candidates.isEmpty()) {
        return otherVersions ? unsupported(signatureName, u"v0") : malformed(signatureName);
    }
    if (const auto stale = checkWindow(*timestamp, now, config.toleranceSeconds)) {
        return *stale;
    }
    QList<QByteArray> expected;
    for (const QByteArray &secret : secrets) {
        expected.append(hmacSha256(secret, { "v0:", timestampText, ":", body }));
    }
    return anyMatches(expected, candidates) ? passed() : noMatch();
}

/** A 64-digit hex string is also valid base64, so hex is tried first. */
QByteArray decodeHexOrBase64(QByteArrayView text)
{
    const QByteArray hex = fromHexStrict(text);
    return hex.isEmpty() ? fromBase64Strict(text) : hex;
}

SignatureVerdict verifyHmacSha256(const SignatureConfig &config, const QList<QByteArray> &secrets,
    const HeaderList &headers, QByteArrayView body)
{
    const QByteArrayView name =
        config.header.isEmpty() ? DefaultHmacHeader : QByteArrayView(config.header);
    const QList<QByteArray> values = headerValues(headers, name);
    if (values.isEmpty()) {
        return missing(name);
    }
    QList<QByteArray> candidates;
    bool otherAlgorithms = false;
    for (const QByteArray &value : values) {
        for (const QByteArrayView token : splitTokens(value, ", ")) {
            // Base64 has '=' only as trailing padding; anything else before '=' is a tag.
            const auto pair = splitPair(token, '=');
            const bool tagged = pair && isTag(pair->first)
                && !std::all_of(
                    pair->second.begin(), pair->second.end(), [](char c) { return c == '='; });
            if (!tagged) {
                candidates.append(decodeHexOrBase64(token));
            } else if (pair->first.compare("sha256", Qt::CaseInsensitive) == 0) {
                candidates.append(decodeHexOrBase64(pair->second));
            } else {
                otherAlgorithms = true;
            }
        }
    }
    if (candidates.isEmpty()) {
        return otherAlgorithms ? unsupported(name, u"sha256") : malformed(name);
    }
    QList<QByteArray> expected;
    for (const QByteArray &secret : secrets) {
        expected.append(hmacSha256(secret, { body }));
    }
    return anyMatches(expected, candidates) ? passed() : noMatch();
}

// A static token against the secrets, in constant time.
SignatureVerdict tokenMatches(
    const QList<QByteArray> &secrets, QByteArrayView given, const QString &mismatch)
{
    // Hashing both sides first makes the comparison independent of the secret's length too.
    const QByteArray token = QCryptographicHash::hash(given, QCryptographicHash::Sha256);
    QList<QByteArray> expected;
    for (const QByteArray &secret : secrets) {
        expected.append(QCryptographicHash::hash(secret, QCryptographicHash::Sha256));
    }
    if (!anyMatches(expected, { token })) {
        return fail(SignatureError::NoMatch, mismatch);
    }
    return passed();
}

SignatureVerdict verifyBearer(const QList<QByteArray> &secrets, const HeaderList &headers)
{
    constexpr QByteArrayView name = "Authorization";
    const QByteArray value = headerValue(headers, name);
    if (value.isEmpty()) {
        return missing(name);
    }
    const auto pair = splitPair(value, ' ');
    if (!pair || pair->first.compare("Bearer", Qt::CaseInsensitive) != 0
        || pair->second.trimmed().isEmpty()) {
        return fail(SignatureError::MalformedHeader,
            u"The Authorization header does not carry a Bearer token."_s);
    }
    return tokenMatches(secrets, pair->second.trimmed(), u"The bearer token did not match."_s);
}

// GitLab's webhook secret token, sent as it is in X-Gitlab-Token.
SignatureVerdict verifyGitlabToken(const QList<QByteArray> &secrets, const HeaderList &headers)
{
    constexpr QByteArrayView name = "X-Gitlab-Token";
    const QByteArray value = headerValue(headers, name);
    if (value.isEmpty()) {
        return missing(name);
    }
    return tokenMatches(secrets, value, u"The X-Gitlab-Token did not match."_s);
}

} // namespace

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size()) {
        return false;
    }
    // volatile keeps the optimiser from turning the loop back into an early exit.
    volatile unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        difference = difference | static_cast<unsigned char>(a.at(i) ^ b.at(i));
    }
    return difference == 0;
}

SignatureVerdict verifySignature(const SignatureConfig &config, const HeaderList &headers,
    QByteArrayView rawBody, const QDateTime &now)
{
    if (config.scheme == SignatureScheme::None) {
        return passed();
    }
    const QList<QByteArray> secrets = usableSecrets(config.secrets);
    if (secrets.isEmpty()) {
        return noSecret();
    }
    switch (config.scheme) {
    case SignatureScheme::None:
        break;
    case SignatureScheme::Standard:
        return verifyStandard(config, headers, rawBody, now);
    case SignatureScheme::Github:
        return verifyGithub(secrets, headers, rawBody);
    case SignatureScheme::Stripe:
        return verifyTimestamped(
            config, secrets, headers, rawBody, now, { "Stripe-Signature", "t", "v1" });
    case SignatureScheme::Buildkite:
        // Signed (X-Buildkite-Signature), or the token as it is (X-Buildkite-Token).
        if (headerValue(headers, "X-Buildkite-Signature").isEmpty()
            && !headerValue(headers, "X-Buildkite-Token").isEmpty()) {
            return tokenMatches(secrets, headerValue(headers, "X-Buildkite-Token"),
                u"The X-Buildkite-Token did not match."_s);
        }
        return verifyTimestamped(config, secrets, headers, rawBody, now,
            { "X-Buildkite-Signature", "timestamp", "signature" });
    case SignatureScheme::Slack:
        return verifySlack(config, secrets, headers, rawBody, now);
    case SignatureScheme::HmacSha256:
        return verifyHmacSha256(config, secrets, headers, rawBody);
    case SignatureScheme::Bearer:
        return verifyBearer(secrets, headers);
    case SignatureScheme::GitlabToken:
        return verifyGitlabToken(secrets, headers);
    }
    return passed();
}

std::optional<HeaderList> resignRequest(
    const SignatureConfig &config, HeaderList headers, QByteArrayView body, const QDateTime &now)
{
    if (config.secrets.isEmpty()) {
        return std::nullopt;
    }
    QByteArray msgId = headerValue(headers, "webhook-id");
    if (msgId.isEmpty()) {
        msgId = headerValue(headers, "svix-id");
    }
    const HeaderList fresh =
        signRequest(config.scheme, config.secrets.constFirst(), body, now, msgId, config.header);
    if (fresh.isEmpty()) {
        return std::nullopt;
    }
    // The old signature fields go, whichever spelling the sender used (svix-* for webhook-*).
    QList<QByteArray> replaced;
    for (const auto &field : fresh) {
        replaced.append(field.first.toLower());
        if (field.first.startsWith("webhook-")) {
            replaced.append("svix-" + field.first.mid(8));
        }
    }
    headers.removeIf([&replaced](const QPair<QByteArray, QByteArray> &h) {
        return replaced.contains(h.first.toLower());
    });
    headers.append(fresh);
    return headers;
}

HeaderList signRequest(SignatureScheme scheme, const QByteArray &secret, QByteArrayView body,
    const QDateTime &now, const QByteArray &msgId, const QByteArray &header)
{
    if (secret.isEmpty()) {
        return {};
    }
    const QByteArray timestamp = QByteArray::number(now.toSecsSinceEpoch());
    switch (scheme) {
    case SignatureScheme::None:
        return {};
    case SignatureScheme::Standard: {
        const QByteArray key = standardKey(secret);
        if (key.isEmpty()) {
            return {};
        }
        // Without an id, one derived from the content: a resend of the same bytes in the same
        // second is the same message, and the receiver should see it as a duplicate.
        const QByteArray id = !msgId.isEmpty() ? msgId
                                               : "msg_"
                + QCryptographicHash::hash(
                    timestamp + body.toByteArray(), QCryptographicHash::Sha256)
                      .toHex()
                      .left(24);
        const QByteArray mac = hmacSha256(key, { id, ".", timestamp, ".", body });
        return { { "webhook-id", id }, { "webhook-timestamp", timestamp },
            { "webhook-signature", "v1," + mac.toBase64() } };
    }
    case SignatureScheme::Github:
        return { { "X-Hub-Signature-256", "sha256=" + hmacSha256(secret, { body }).toHex() } };
    case SignatureScheme::Stripe:
        return { { "Stripe-Signature",
            "t=" + timestamp + ",v1=" + hmacSha256(secret, { timestamp, ".", body }).toHex() } };
    case SignatureScheme::Slack:
        return { { "X-Slack-Request-Timestamp", timestamp },
            { "X-Slack-Signature",
                "v0=" + hmacSha256(secret, { "v0:", timestamp, ":", body }).toHex() } };
    case SignatureScheme::HmacSha256:
        return { { header.isEmpty() ? DefaultHmacHeader.toByteArray() : header,
            "sha256=" + hmacSha256(secret, { body }).toHex() } };
    case SignatureScheme::Bearer:
        return { { "Authorization", "Bearer " + secret } };
    case SignatureScheme::GitlabToken:
        return { { "X-Gitlab-Token", secret } };
    case SignatureScheme::Buildkite:
        return { { "X-Buildkite-Signature",
            "timestamp=" + timestamp
                + ",signature=" + hmacSha256(secret, { timestamp, ".", body }).toHex() } };
    }
    return {};
}

} // namespace jobpulse
