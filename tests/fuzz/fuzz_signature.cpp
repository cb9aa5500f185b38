// Fuzz target: webhook signature headers (every signed hook route).
// Input: `signature value \n timestamp \n id \0 body`; each part after the first is optional.
// The signature value goes into each scheme's signature header in turn.
#include "ingest/signature.h"

#include <QRandomGenerator>
#include <cstdint>
#include <cstdlib>

using namespace jobpulse;

namespace {

/** Random per run, so no input (and no corpus file) can carry a valid signature. */
QByteArray randomSecret()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(
        reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / int(sizeof(quint32)));
    return bytes;
}

const QByteArray key = randomSecret();
const QByteArray textSecret = key.toHex();
const QByteArray standardSecret = "whsec_" + key.toBase64();
constexpr qint64 defaultTime = 1614265330;

HeaderList headersFor(SignatureScheme scheme, const QByteArray &signature,
    const QByteArray &timestamp, const QByteArray &id)
{
    switch (scheme) {
    case SignatureScheme::Standard:
        return { { "webhook-id", id }, { "webhook-timestamp", timestamp },
            { "webhook-signature", signature } };
    case SignatureScheme::Github:
        return { { "X-Hub-Signature-256", signature } };
    case SignatureScheme::Stripe:
        return { { "Stripe-Signature", signature } };
    case SignatureScheme::Slack:
        return { { "X-Slack-Request-Timestamp", timestamp }, { "X-Slack-Signature", signature } };
    case SignatureScheme::HmacSha256:
        return { { "X-Signature-256", signature } };
    case SignatureScheme::Bearer:
        return { { "Authorization", signature } };
    case SignatureScheme::GitlabToken:
        return { { "X-Gitlab-Token", signature } };
    case SignatureScheme::Buildkite:
        return { { "X-Buildkite-Signature", signature }, { "X-Buildkite-Token", timestamp } };
    case SignatureScheme::None:
        break;
    }
    return {};
}

void check(const SignatureConfig &config, const HeaderList &headers, QByteArrayView body,
    const QDateTime &now, bool mustPass)
{
    const SignatureVerdict verdict = verifySignature(config, headers, body, now);
    if (verdict.ok != mustPass || verdict.ok != (verdict.error == SignatureError::None)
        || verdict.ok != verdict.reason.isEmpty()) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype nul = input.indexOf('\0');
    const QByteArray head = nul < 0 ? input : input.left(nul);
    const QByteArray body = nul < 0 ? QByteArray() : input.mid(nul + 1);
    const QList<QByteArray> parts = head.split('\n');
    const QByteArray signature = parts.value(0);
    const QByteArray timestamp = parts.value(1, QByteArray::number(defaultTime));
    const QByteArray id = parts.value(2, "msg_fuzz");
    const QDateTime now = QDateTime::fromSecsSinceEpoch(defaultTime, Qt::UTC);

    for (const auto scheme : { SignatureScheme::Standard, SignatureScheme::Github,
             SignatureScheme::Stripe, SignatureScheme::Slack, SignatureScheme::HmacSha256,
             SignatureScheme::Bearer, SignatureScheme::GitlabToken, SignatureScheme::Buildkite }) {
        SignatureConfig config;
        config.scheme = scheme;
        config.secrets = { scheme == SignatureScheme::Standard ? standardSecret : textSecret };
        // Whatever the fuzzer wrote cannot be a valid signature for a secret it never saw.
        check(config, headersFor(scheme, signature, timestamp, id), body, now, false);
        // The same body signed properly must pass, whatever bytes it holds.
        // Header values arrive trimmed, so the sender's id is trimmed too.
        const QByteArray senderId = id.trimmed().isEmpty() ? QByteArray("msg") : id.trimmed();
        const HeaderList signedHeaders =
            signRequest(scheme, config.secrets.first(), body, now, senderId);
        check(config, signedHeaders, body, now, true);
    }
    return 0;
}
