// Webhook signature schemes (PRODUCT.md §5): the vendors' published vectors, then every way a
// request can be wrong, for each scheme.
#include "ingest/signature.h"

#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace jobpulse {
// QCOMPARE prints this on failure (found by argument-dependent lookup).
char *toString(SignatureError error)
{
    static const char *const names[] = { "None", "NoSecret", "MissingHeader", "MalformedHeader",
        "UnsupportedVersion", "TimestampTooOld", "TimestampInFuture", "NoMatch" };
    return qstrdup(names[int(error)]);
}
} // namespace jobpulse

Q_DECLARE_METATYPE(jobpulse::SignatureConfig)
Q_DECLARE_METATYPE(jobpulse::SignatureError)
Q_DECLARE_METATYPE(jobpulse::SignatureScheme)

namespace {

// Standard Webhooks: the "sign function works" test of the reference libraries,
// github.com/standard-webhooks/standard-webhooks libraries/javascript/src/webhook.test.ts
// (the same values in the PHP, Python, Go … tests of that repository).
const QByteArray standardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const QByteArray standardId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr qint64 standardTime = 1614265330;
const QByteArray standardBody = R"({"test": 2432232314})";
const QByteArray standardSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// GitHub: docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries,
// "Testing the webhook payload validation" (github/docs content/webhooks/using-webhooks/).
const QByteArray githubSecret = "It's a Secret to Everybody";
const QByteArray githubBody = "Hello, World!";
const QByteArray githubSignature =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

// Slack: api.slack.com/authentication/verifying-requests-from-slack, the worked example; also
// the test of Slack's own SDK (slackapi/python-slack-sdk tests/signature/).
const QByteArray slackSecret = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr qint64 slackTime = 1531420618;
const QByteArray slackBody =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
    "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";
const QByteArray slackSignature =
    "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

// Stripe publishes no fixed vector. Secret and payload are those of stripe-php's WebhookTest;
// the signature was computed independently of this code:
//   printf '%s' '1492774577.{"id":"evt_test_webhook","object":"event"}' |
//     openssl dgst -sha256 -hmac whsec_test_secret
const QByteArray stripeSecret = "whsec_test_secret";
constexpr qint64 stripeTime = 1492774577;
const QByteArray stripeBody = R"({"id":"evt_test_webhook","object":"event"})";
const QByteArray stripeSignature =
    "t=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a";

// Buildkite (`timestamp=,signature=`, HMAC of `timestamp.body` with the webhook token), computed
// with openssl like Stripe's:
//   printf '%s' '1619071700.{"event":"ping",…}' | openssl dgst -sha256 -hmac
//   buildkite-webhook-token
const QByteArray buildkiteSecret = "buildkite-webhook-token";
constexpr qint64 buildkiteTime = 1619071700;
const QByteArray buildkiteBody =
    R"({"event":"ping","service":{"id":"c9f8372d-c0cd-43dc-9269-bfbd7f6d9e19"}})";
const QByteArray buildkiteSignature =
    "timestamp=1619071700,signature="
    "911cc30494bb7d49af245af562096ba227dbd52a0bb4fe48c6b75bd1b6d56787";

// hmac-sha256 (seed 003's Supabase hook), computed with openssl like Stripe's:
//   printf '%s' "$body" | openssl dgst -sha256 -hmac supabase-hook-secret [-binary | base64]
const QByteArray hmacSecret = "supabase-hook-secret";
const QByteArray hmacBody =
    R"({"type":"UPDATE","table":"submissions","record":{"id":42,"status":"approved"}})";
const QByteArray hmacHex = "b6c49f11a34cf28e117f0196b9cde696e42f8cb9cabe6645a21942caec9367ca";
const QByteArray hmacBase64 = "tsSfEaNM8o4RfwGWuc3mluQvjLnKvmZFohlCyuyTZ8o=";

// A signature that matches nothing (the reference libraries' multi-signature test uses it).
const QByteArray bogusBase64 = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
const QByteArray bogusHex = QByteArray(64, 'e');

QDateTime at(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
}

SignatureConfig config(SignatureScheme scheme, QList<QByteArray> secrets)
{
    SignatureConfig c;
    c.scheme = scheme;
    c.secrets = std::move(secrets);
    return c;
}

QByteArray valueOf(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

HeaderList replaced(HeaderList headers, QByteArrayView name, const QByteArray &value)
{
    for (auto &[key, old] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            old = value;
        }
    }
    return headers;
}

HeaderList removed(HeaderList headers, QByteArrayView name)
{
    headers.removeIf(
        [&](const auto &field) { return field.first.compare(name, Qt::CaseInsensitive) == 0; });
    return headers;
}

HeaderList renamed(HeaderList headers, bool upper)
{
    for (auto &field : headers) {
        field.first = upper ? field.first.toUpper() : field.first.toLower();
    }
    return headers;
}

/** Changes one character, `fromEnd` places from the end, to another of the hex and base64
 * alphabets, so the value still decodes but to different bytes. */
QByteArray flipped(QByteArray text, qsizetype fromEnd)
{
    char &c = text[text.size() - fromEnd];
    c = c == 'a' ? 'b' : 'a';
    return text;
}

/** One published (or independently computed) vector and the scheme-specific variants the
 * common negative cases need. */
struct Vector
{
    const char *scheme;
    SignatureConfig config;
    HeaderList headers;
    QByteArray body;
    qint64 time;
    bool timestamped;
    QByteArray signatureHeader;
    QByteArray wrongSecret;
    QByteArray wrongVersion; ///< the signature header with only another version's tag
    HeaderList rotated; ///< a bogus signature first, the good one second
};

QList<Vector> vectors()
{
    const Vector standard { "standard", config(SignatureScheme::Standard, { standardSecret }),
        { { "webhook-id", standardId }, { "webhook-timestamp", QByteArray::number(standardTime) },
            { "webhook-signature", standardSignature } },
        standardBody, standardTime, true, "webhook-signature",
        "whsec_" + QByteArray("another key").toBase64(), "v2," + standardSignature.mid(3),
        { { "webhook-id", standardId }, { "webhook-timestamp", QByteArray::number(standardTime) },
            { "webhook-signature", "v1," + bogusBase64 + " " + standardSignature } } };
    const Vector github { "github", config(SignatureScheme::Github, { githubSecret }),
        { { "X-Hub-Signature-256", githubSignature } }, githubBody, standardTime, false,
        "X-Hub-Signature-256", "It's a Secret to Nobody", "sha1=" + githubSignature.mid(7),
        { { "X-Hub-Signature-256", "sha256=" + bogusHex },
            { "X-Hub-Signature-256", githubSignature } } };
    const Vector stripe {
        "stripe", config(SignatureScheme::Stripe, { stripeSecret }),
        { { "Stripe-Signature", stripeSignature } }, stripeBody, stripeTime, true,
        "Stripe-Signature", "whsec_other_secret", "t=1492774577,v0=" + stripeSignature.mid(16),
        { { "Stripe-Signature", "t=1492774577,v1=" + bogusHex + ",v1=" + stripeSignature.mid(16) } }
    };
    const Vector slack { "slack", config(SignatureScheme::Slack, { slackSecret }),
        { { "X-Slack-Request-Timestamp", QByteArray::number(slackTime) },
            { "X-Slack-Signature", slackSignature } },
        slackBody, slackTime, true, "X-Slack-Signature", "8f742231b10e8888abcd99yyyzzz85a6",
        "v1=" + slackSignature.mid(3),
        { { "X-Slack-Request-Timestamp", QByteArray::number(slackTime) },
            { "X-Slack-Signature", "v0=" + bogusHex }, { "X-Slack-Signature", slackSignature } } };
    const Vector hmac { "hmac-sha256", config(SignatureScheme::HmacSha256, { hmacSecret }),
        { { "X-Signature-256", hmacHex } }, hmacBody, standardTime, false, "X-Signature-256",
        "supabase-hook-secreT", "sha512=" + hmacHex,
        { { "X-Signature-256", bogusHex + ", " + hmacHex } } };
    const Vector buildkite { "buildkite", config(SignatureScheme::Buildkite, { buildkiteSecret }),
        { { "X-Buildkite-Signature", buildkiteSignature } }, buildkiteBody, buildkiteTime, true,
        "X-Buildkite-Signature", "another-token",
        "timestamp=1619071700,v1=" + buildkiteSignature.mid(31),
        { { "X-Buildkite-Signature", "timestamp=1619071700,signature=" + bogusHex },
            { "X-Buildkite-Signature", buildkiteSignature } } };
    return { standard, github, stripe, slack, hmac, buildkite };
}

} // namespace

class TestSignature : public QObject
{
    Q_OBJECT

private:
    static void addRow(const QByteArray &tag, const SignatureConfig &config,
        const HeaderList &headers, const QByteArray &body, qint64 now, SignatureError expected)
    {
        QTest::newRow(tag.constData()) << config << headers << body << now << expected;
    }

private Q_SLOTS:
    void verify_data()
    {
        QTest::addColumn<SignatureConfig>("config");
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<SignatureError>("expected");
        using E = SignatureError;

        for (const Vector &v : vectors()) {
            const auto row = [&](const char *what, const HeaderList &headers, E expected,
                                 const QByteArray &body = {}, qint64 now = 0,
                                 const std::optional<SignatureConfig> &c = std::nullopt) {
                addRow(QByteArray(v.scheme) + ": " + what, c.value_or(v.config), headers,
                    body.isNull() ? v.body : body, now ? now : v.time, expected);
            };
            const QByteArray signature = valueOf(v.headers, v.signatureHeader);
            QByteArray tampered = v.body;
            tampered[0] = char(tampered[0] ^ 0x01);
            SignatureConfig wrong = v.config;
            wrong.secrets = { v.wrongSecret };
            SignatureConfig rotated = v.config;
            rotated.secrets = { v.wrongSecret, v.config.secrets.first() };
            SignatureConfig none = v.config;
            none.secrets = {};
            SignatureConfig empty = v.config;
            empty.secrets = { QByteArray() };

            row("published vector", v.headers, E::None);
            row("flipped body byte", v.headers, E::NoMatch, tampered);
            row("body with a byte appended", v.headers, E::NoMatch, v.body + ' ');
            row("flipped signature character",
                replaced(v.headers, v.signatureHeader, flipped(signature, 5)), E::NoMatch);
            row("truncated signature", replaced(v.headers, v.signatureHeader, signature.chopped(8)),
                E::NoMatch);
            row("empty signature header", replaced(v.headers, v.signatureHeader, " "),
                E::MissingHeader);
            row("missing signature header", removed(v.headers, v.signatureHeader),
                E::MissingHeader);
            row("only another version's tag",
                replaced(v.headers, v.signatureHeader, v.wrongVersion), E::UnsupportedVersion);
            row("wrong secret", v.headers, E::NoMatch, {}, 0, wrong);
            row("two secrets, the second matches", v.headers, E::None, {}, 0, rotated);
            row("two signatures, the second matches", v.rotated, E::None);
            row("no secret configured", v.headers, E::NoSecret, {}, 0, none);
            row("only an empty secret configured", v.headers, E::NoSecret, {}, 0, empty);
            row("header names in upper case", renamed(v.headers, true), E::None);
            row("header names in lower case", renamed(v.headers, false), E::None);
            if (v.timestamped) {
                row("stale (now + 301 s)", v.headers, E::TimestampTooOld, {}, v.time + 301);
                row("future (now - 301 s)", v.headers, E::TimestampInFuture, {}, v.time - 301);
                row("edge of the window (now + 300 s)", v.headers, E::None, {}, v.time + 300);
                row("edge of the window (now - 300 s)", v.headers, E::None, {}, v.time - 300);
            } else {
                row("no timestamp: a year later", v.headers, E::None, {}, v.time + 365 * 86400);
            }
        }

        // Standard Webhooks specifics.
        const auto standard = config(SignatureScheme::Standard, { standardSecret });
        const HeaderList standardHeaders = vectors().at(0).headers;
        addRow("standard: svix-* headers", standard,
            { { "svix-id", standardId }, { "svix-timestamp", "1614265330" },
                { "svix-signature", standardSignature } },
            standardBody, standardTime, E::None);
        addRow("standard: secret without the whsec_ prefix",
            config(SignatureScheme::Standard, { standardSecret.mid(6) }), standardHeaders,
            standardBody, standardTime, E::None);
        addRow("standard: secret that is not base64",
            config(SignatureScheme::Standard, { "whsec_not base64!" }), standardHeaders,
            standardBody, standardTime, E::NoSecret);
        addRow("standard: other versions around a valid v1", standard,
            replaced(standardHeaders, "webhook-signature",
                "v1a," + bogusBase64 + " v2," + bogusBase64 + "  " + standardSignature + " v1,"
                    + bogusBase64),
            standardBody, standardTime, E::None);
        addRow("standard: a valid signature under the v1a tag", standard,
            replaced(standardHeaders, "webhook-signature", "v1a," + standardSignature.mid(3)),
            standardBody, standardTime, E::UnsupportedVersion);
        addRow("standard: missing webhook-id", standard, removed(standardHeaders, "webhook-id"),
            standardBody, standardTime, E::MissingHeader);
        addRow("standard: missing webhook-timestamp", standard,
            removed(standardHeaders, "webhook-timestamp"), standardBody, standardTime,
            E::MissingHeader);
        addRow("standard: timestamp not a number", standard,
            replaced(standardHeaders, "webhook-timestamp", "1614265330.5"), standardBody,
            standardTime, E::MalformedHeader);
        addRow("standard: signature without a version", standard,
            replaced(standardHeaders, "webhook-signature", standardSignature.mid(3)), standardBody,
            standardTime, E::MalformedHeader);
        addRow("standard: id changed", standard,
            replaced(standardHeaders, "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJeK"), standardBody,
            standardTime, E::NoMatch);
        addRow("standard: timestamp changed within the window", standard,
            replaced(standardHeaders, "webhook-timestamp", "1614265331"), standardBody,
            standardTime, E::NoMatch);

        // Tokens sent as they are: GitLab's X-Gitlab-Token, Buildkite's X-Buildkite-Token.
        const auto gitlab = config(SignatureScheme::GitlabToken, { "gl-token", "gl-new-token" });
        addRow("gitlab: token", gitlab, { { "X-Gitlab-Token", "gl-token" } }, "{}", 0, E::None);
        addRow("gitlab: the rotated token", gitlab, { { "X-Gitlab-Token", "gl-new-token" } }, "{}",
            0, E::None);
        addRow("gitlab: wrong token", gitlab, { { "X-Gitlab-Token", "gl-tokeN" } }, "{}", 0,
            E::NoMatch);
        addRow("gitlab: a prefix of the token", gitlab, { { "X-Gitlab-Token", "gl-" } }, "{}", 0,
            E::NoMatch);
        addRow("gitlab: no token", gitlab, { { "Authorization", "Bearer gl-token" } }, "{}", 0,
            E::MissingHeader);
        const auto buildkite = config(SignatureScheme::Buildkite, { buildkiteSecret });
        addRow("buildkite: token instead of a signature", buildkite,
            { { "X-Buildkite-Token", buildkiteSecret } }, "{}", 0, E::None);
        addRow("buildkite: wrong token", buildkite, { { "X-Buildkite-Token", "nope" } }, "{}", 0,
            E::NoMatch);

        // GitHub specifics.
        const auto github = config(SignatureScheme::Github, { githubSecret });
        addRow("github: hex in upper case", github,
            { { "X-Hub-Signature-256", "sha256=" + githubSignature.mid(7).toUpper() } }, githubBody,
            0, E::None);
        addRow("github: no algorithm prefix", github,
            { { "X-Hub-Signature-256", githubSignature.mid(7) } }, githubBody, 0,
            E::MalformedHeader);
        addRow("github: only the legacy X-Hub-Signature", github,
            { { "X-Hub-Signature", "sha1=0123" } }, githubBody, 0, E::MissingHeader);

        // Stripe specifics.
        const auto stripe = config(SignatureScheme::Stripe, { stripeSecret });
        addRow("stripe: v0 and v1 together", stripe,
            { { "Stripe-Signature", stripeSignature + ",v0=" + bogusHex } }, stripeBody, stripeTime,
            E::None);
        addRow("stripe: the whsec_ prefix is part of the key",
            config(SignatureScheme::Stripe, { stripeSecret.mid(6) }),
            { { "Stripe-Signature", stripeSignature } }, stripeBody, stripeTime, E::NoMatch);
        addRow("stripe: no timestamp", stripe, { { "Stripe-Signature", stripeSignature.mid(13) } },
            stripeBody, stripeTime, E::MalformedHeader);
        addRow("stripe: timestamp not a number", stripe,
            { { "Stripe-Signature", "t=now," + stripeSignature.mid(13) } }, stripeBody, stripeTime,
            E::MalformedHeader);
        addRow("stripe: two different timestamps", stripe,
            { { "Stripe-Signature", stripeSignature + ",t=1492774578" } }, stripeBody, stripeTime,
            E::MalformedHeader);
        addRow("stripe: item without '='", stripe,
            { { "Stripe-Signature", stripeSignature + ",v1" } }, stripeBody, stripeTime,
            E::MalformedHeader);

        // Slack specifics.
        const auto slack = config(SignatureScheme::Slack, { slackSecret });
        const HeaderList slackHeaders = vectors().at(3).headers;
        addRow("slack: missing timestamp header", slack,
            removed(slackHeaders, "X-Slack-Request-Timestamp"), slackBody, slackTime,
            E::MissingHeader);
        addRow("slack: timestamp not a number", slack,
            replaced(slackHeaders, "X-Slack-Request-Timestamp", "-1531420618"), slackBody,
            slackTime, E::MalformedHeader);
        addRow("slack: signature without a version", slack,
            replaced(slackHeaders, "X-Slack-Signature", slackSignature.mid(3)), slackBody,
            slackTime, E::MalformedHeader);

        // hmac-sha256 specifics.
        const auto hmac = config(SignatureScheme::HmacSha256, { hmacSecret });
        addRow("hmac-sha256: base64", hmac, { { "X-Signature-256", hmacBase64 } }, hmacBody, 0,
            E::None);
        addRow("hmac-sha256: sha256= and hex", hmac, { { "X-Signature-256", "sha256=" + hmacHex } },
            hmacBody, 0, E::None);
        addRow("hmac-sha256: sha256= and base64", hmac,
            { { "X-Signature-256", "sha256=" + hmacBase64 } }, hmacBody, 0, E::None);
        addRow("hmac-sha256: values separated by a space", hmac,
            { { "X-Signature-256", bogusBase64 + " " + hmacBase64 } }, hmacBody, 0, E::None);
        SignatureConfig named = hmac;
        named.header = "X-Webhook-Signature";
        addRow("hmac-sha256: configured header", named, { { "x-webhook-signature", hmacHex } },
            hmacBody, 0, E::None);
        addRow("hmac-sha256: configured header absent, default present", named,
            { { "X-Signature-256", hmacHex } }, hmacBody, 0, E::MissingHeader);
        addRow("hmac-sha256: neither hex nor base64", hmac, { { "X-Signature-256", "!!!" } },
            hmacBody, 0, E::NoMatch);

        // bearer (Supabase) and none.
        const auto bearer = config(SignatureScheme::Bearer, { "s3cr3t-token" });
        addRow("bearer: matching token", bearer, { { "Authorization", "Bearer s3cr3t-token" } }, {},
            0, E::None);
        addRow("bearer: scheme in lower case", bearer,
            { { "authorization", "bearer s3cr3t-token" } }, {}, 0, E::None);
        addRow("bearer: wrong token", bearer, { { "Authorization", "Bearer s3cr3t-tokeN" } }, {}, 0,
            E::NoMatch);
        addRow("bearer: token prefix only", bearer, { { "Authorization", "Bearer s3cr3t" } }, {}, 0,
            E::NoMatch);
        addRow("bearer: second secret matches",
            config(SignatureScheme::Bearer, { "old-token", "s3cr3t-token" }),
            { { "Authorization", "Bearer s3cr3t-token" } }, {}, 0, E::None);
        addRow("bearer: missing header", bearer, {}, {}, 0, E::MissingHeader);
        addRow("bearer: Basic credentials", bearer, { { "Authorization", "Basic czNjcjN0" } }, {},
            0, E::MalformedHeader);
        addRow("bearer: empty token", bearer, { { "Authorization", "Bearer " } }, {}, 0,
            E::MalformedHeader);
        addRow("bearer: an empty secret never matches",
            config(SignatureScheme::Bearer, { QByteArray() }), { { "Authorization", "Bearer  " } },
            {}, 0, E::NoSecret);
        addRow("none: no headers at all", config(SignatureScheme::None, {}), {}, "anything", 0,
            E::None);
    }

    void verify()
    {
        QFETCH(SignatureConfig, config);
        QFETCH(HeaderList, headers);
        QFETCH(QByteArray, body);
        QFETCH(qint64, now);
        QFETCH(SignatureError, expected);

        const SignatureVerdict verdict = verifySignature(config, headers, body, at(now));
        QCOMPARE(verdict.error, expected);
        QCOMPARE(verdict.ok, expected == SignatureError::None);
        QCOMPARE(verdict.reason.isEmpty(), verdict.ok);
        for (const QByteArray &secret : config.secrets) {
            if (!secret.isEmpty()) {
                QVERIFY2(!verdict.reason.contains(QString::fromUtf8(secret)),
                    "the reason must never reveal a secret");
            }
        }
    }

    void reasonsAreDistinct()
    {
        // One request per failure kind; the inspector shows these sentences side by side.
        const auto slack = config(SignatureScheme::Slack, { slackSecret });
        const HeaderList headers = vectors().at(3).headers;
        const QList<SignatureVerdict> verdicts {
            verifySignature(config(SignatureScheme::Slack, {}), headers, slackBody, at(slackTime)),
            verifySignature(slack, removed(headers, "X-Slack-Signature"), slackBody, at(slackTime)),
            verifySignature(
                slack, replaced(headers, "X-Slack-Signature", "garbage"), slackBody, at(slackTime)),
            verifySignature(
                slack, replaced(headers, "X-Slack-Signature", "v1=00"), slackBody, at(slackTime)),
            verifySignature(slack, headers, slackBody, at(slackTime + 301)),
            verifySignature(slack, headers, slackBody, at(slackTime - 301)),
            verifySignature(slack, headers, "tampered", at(slackTime)),
        };
        QSet<QString> reasons;
        for (const SignatureVerdict &verdict : verdicts) {
            QVERIFY(!verdict.ok);
            QVERIFY(!verdict.reason.isEmpty());
            QVERIFY2(verdict.reason.endsWith(u'.'), qPrintable(verdict.reason));
            reasons.insert(verdict.reason);
        }
        QCOMPARE(reasons.size(), verdicts.size());
        QCOMPARE(verdicts.at(1).reason, u"The X-Slack-Signature header is missing or empty."_s);
    }

    void signReproducesPublishedVectors_data()
    {
        QTest::addColumn<SignatureScheme>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<qint64>("time");
        QTest::addColumn<QByteArray>("msgId");
        QTest::addColumn<HeaderList>("expected");

        QTest::newRow("standard") << SignatureScheme::Standard << standardSecret << standardBody
                                  << standardTime << standardId << vectors().at(0).headers;
        QTest::newRow("standard, secret without prefix")
            << SignatureScheme::Standard << standardSecret.mid(6) << standardBody << standardTime
            << standardId << vectors().at(0).headers;
        QTest::newRow("github") << SignatureScheme::Github << githubSecret << githubBody
                                << standardTime << QByteArray() << vectors().at(1).headers;
        QTest::newRow("stripe") << SignatureScheme::Stripe << stripeSecret << stripeBody
                                << stripeTime << QByteArray() << vectors().at(2).headers;
        QTest::newRow("slack") << SignatureScheme::Slack << slackSecret << slackBody << slackTime
                               << QByteArray() << vectors().at(3).headers;
        QTest::newRow("hmac-sha256")
            << SignatureScheme::HmacSha256 << hmacSecret << hmacBody << standardTime << QByteArray()
            << HeaderList { { "X-Signature-256", "sha256=" + hmacHex } };
        QTest::newRow("bearer") << SignatureScheme::Bearer << QByteArray("tok") << QByteArray()
                                << standardTime << QByteArray()
                                << HeaderList { { "Authorization", "Bearer tok" } };
        QTest::newRow("buildkite") << SignatureScheme::Buildkite << buildkiteSecret << buildkiteBody
                                   << buildkiteTime << QByteArray() << vectors().at(5).headers;
        QTest::newRow("gitlab") << SignatureScheme::GitlabToken << QByteArray("gl") << QByteArray()
                                << standardTime << QByteArray()
                                << HeaderList { { "X-Gitlab-Token", "gl" } };
        QTest::newRow("none") << SignatureScheme::None << QByteArray("x") << QByteArray()
                              << standardTime << QByteArray() << HeaderList();
        QTest::newRow("standard, secret not base64")
            << SignatureScheme::Standard << QByteArray("whsec_%%%") << standardBody << standardTime
            << standardId << HeaderList();
        QTest::newRow("github, empty secret")
            << SignatureScheme::Github << QByteArray() << githubBody << standardTime << QByteArray()
            << HeaderList();
    }

    void signReproducesPublishedVectors()
    {
        QFETCH(SignatureScheme, scheme);
        QFETCH(QByteArray, secret);
        QFETCH(QByteArray, body);
        QFETCH(qint64, time);
        QFETCH(QByteArray, msgId);
        QFETCH(HeaderList, expected);
        QCOMPARE(signRequest(scheme, secret, body, at(time), msgId), expected);
    }

    void roundTrip_data()
    {
        QTest::addColumn<SignatureScheme>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("header");
        const QByteArray standardKey = "whsec_" + QByteArray("0123456789abcdef0123").toBase64();
        QTest::newRow("none") << SignatureScheme::None << QByteArray("x") << QByteArray();
        QTest::newRow("standard") << SignatureScheme::Standard << standardKey << QByteArray();
        QTest::newRow("standard, no prefix")
            << SignatureScheme::Standard << standardKey.mid(6) << QByteArray();
        QTest::newRow("github") << SignatureScheme::Github << githubSecret << QByteArray();
        QTest::newRow("stripe") << SignatureScheme::Stripe << stripeSecret << QByteArray();
        QTest::newRow("slack") << SignatureScheme::Slack << slackSecret << QByteArray();
        QTest::newRow("hmac-sha256") << SignatureScheme::HmacSha256 << hmacSecret << QByteArray();
        QTest::newRow("hmac-sha256, named header")
            << SignatureScheme::HmacSha256 << hmacSecret << QByteArray("X-Webhook-Signature");
        QTest::newRow("bearer") << SignatureScheme::Bearer << QByteArray("tok en") << QByteArray();
    }

    void roundTrip()
    {
        QFETCH(SignatureScheme, scheme);
        QFETCH(QByteArray, secret);
        QFETCH(QByteArray, header);
        // Raw bytes, not text: NUL, invalid UTF-8, CRLF.
        const QByteArray body("{\"a\":1}\0\xff\xfe\r\n", 12);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        SignatureConfig c = config(scheme, { secret });
        c.header = header;

        const HeaderList headers = signRequest(scheme, secret, body, now, {}, header);
        QCOMPARE(headers.isEmpty(), scheme == SignatureScheme::None);
        const SignatureVerdict verdict = verifySignature(c, headers, body, now);
        QVERIFY2(verdict.ok, qPrintable(verdict.reason));
        if (scheme != SignatureScheme::None && scheme != SignatureScheme::Bearer) {
            QVERIFY(!verifySignature(c, headers, body.chopped(1), now).ok);
        }
        if (scheme == SignatureScheme::Standard) {
            // Without a message id, one derived from the content: stable for a resend.
            QCOMPARE(valueOf(headers, "webhook-id"),
                valueOf(signRequest(scheme, secret, body, now), "webhook-id"));
            QVERIFY(valueOf(headers, "webhook-id").startsWith("msg_"));
        }
    }

    void schemeNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<SignatureScheme>("scheme");
        QTest::newRow("none") << u"none"_s << SignatureScheme::None;
        QTest::newRow("standard") << u"standard"_s << SignatureScheme::Standard;
        QTest::newRow("github") << u"github"_s << SignatureScheme::Github;
        QTest::newRow("stripe") << u"stripe"_s << SignatureScheme::Stripe;
        QTest::newRow("slack") << u"slack"_s << SignatureScheme::Slack;
        QTest::newRow("hmac-sha256") << u"hmac-sha256"_s << SignatureScheme::HmacSha256;
        QTest::newRow("bearer") << u"bearer"_s << SignatureScheme::Bearer;
    }

    void schemeNames()
    {
        QFETCH(QString, name);
        QFETCH(SignatureScheme, scheme);
        QVERIFY(signatureSchemeFromName(name) == scheme);
        QVERIFY(signatureSchemeFromName(name.toUpper()) == scheme);
        QCOMPARE(signatureSchemeName(scheme), name);
    }

    void unknownSchemeName()
    {
        QVERIFY(!signatureSchemeFromName(u"hmac"));
        QVERIFY(!signatureSchemeFromName(u""));
        QVERIFY(!signatureSchemeFromName(u"svix"));
    }

    void constantTimeEquals_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("equal");
        QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
        QTest::newRow("same") << QByteArray("abc") << QByteArray("abc") << true;
        QTest::newRow("last byte differs") << QByteArray("abc") << QByteArray("abd") << false;
        QTest::newRow("first byte differs") << QByteArray("abc") << QByteArray("xbc") << false;
        QTest::newRow("one bit") << QByteArray("\x01", 1) << QByteArray("\x00", 1) << false;
        QTest::newRow("prefix") << QByteArray("abc") << QByteArray("abcd") << false;
        QTest::newRow("empty vs not") << QByteArray() << QByteArray("a") << false;
    }

    void constantTimeEquals()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, equal);
        QCOMPARE(jobpulse::constantTimeEquals(a, b), equal);
        QCOMPARE(jobpulse::constantTimeEquals(b, a), equal);
    }
};

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"
