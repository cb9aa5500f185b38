#pragma once

#include "core/backoff.h"

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>

namespace jobpulse::cli {

/** The receiver's events URL from --url, JOBPULSE_URL or seed 000's WEBHOOK_BASE_URL. */
QUrl eventsUrl(const QString &given);

/**
 * @brief A POST of JSON to the receiver, signed when a secret is given.
 * Schemes: `standard` (Standard Webhooks v1), `github` (X-Hub-Signature-256),
 * `hmac-sha256` (hex digest of the body in X-Webhook-Signature).
 */
QNetworkRequest eventRequest(
    const QUrl &url, const QByteArray &body, const QString &secret, const QString &scheme);
bool isKnownScheme(const QString &scheme);

struct Answer
{
    int status = 0; // 0: no HTTP answer (connection refused, timeout, …)
    QByteArray body;
    QString error; // the network error, when there was no answer

    bool ok() const { return status >= 200 && status < 300; }
    /** Worth another try: no answer at all, a 5xx, or 429 (rate limited). Another 4xx will
     *  not change. */
    bool transient() const { return status == 0 || status == 429 || status >= 500; }
    /** One line for stderr: the server's own error message when it sent one. */
    QString describe() const;
};

/** Posts and waits for the answer (or the timeout), running a local event loop. */
Answer postAndWait(QNetworkAccessManager &network, const QNetworkRequest &request,
    const QByteArray &body, int timeoutMs);

using jobpulse::backoffMs; // full-jitter exponential backoff (core/backoff.h)

} // namespace jobpulse::cli
