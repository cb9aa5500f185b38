// jobpulse send: one event from the shell, with retries, exit 0 only on 2xx.
#include "cli/client.h"
#include "cli/verbs.h"
#include "config/appconfig.h"
#include "core/event.h"
#include "core/labels.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "jobpulse send: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int send(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Send one event to a Jobpulse receiver. Exits 0 only when it "
        u"answered 2xx; retries on connection errors, 5xx and 429 (rate limited), never on "
        u"another 4xx."_s);
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption url(u"url"_s,
        u"Receiver URL (default $JOBPULSE_URL, $WEBHOOK_BASE_URL or http://%1)."_s.arg(
            ReceiverConfig::defaultListen()),
        u"URL"_s);
    const QCommandLineOption job(
        u"job"_s, u"The job's key (default $JOBPULSE_JOB or $JOB_ID)."_s, u"KEY"_s);
    const QCommandLineOption type(
        u"type"_s, u"Event type, e.g. job.started, step.succeeded, log."_s, u"TYPE"_s);
    const QCommandLineOption id(
        u"id"_s, u"Idempotency key: a retried event is applied once."_s, u"ID"_s);
    const QCommandLineOption title(u"title"_s, u"Display name."_s, u"T"_s);
    const QCommandLineOption kind(u"kind"_s, u"Workflow name."_s, u"K"_s);
    const QCommandLineOption progress(u"progress"_s, u"Percent done, 0-100."_s, u"N"_s);
    const QCommandLineOption stepIndex(u"step-index"_s, u"Step number (from 1)."_s, u"N"_s);
    const QCommandLineOption stepName(u"step-name"_s, u"Step name."_s, u"S"_s);
    const QCommandLineOption stepTotal(u"step-total"_s, u"Number of steps."_s, u"N"_s);
    const QCommandLineOption duration(u"duration"_s, u"Seconds."_s, u"S"_s);
    const QCommandLineOption message(u"message"_s, u"Log line or error text."_s, u"M"_s);
    const QCommandLineOption details(u"details"_s, u"Key/values as a JSON object."_s, u"JSON"_s);
    const QCommandLineOption parent(
        u"parent"_s, u"The key of the job this one is part of (a run's job)."_s, u"KEY"_s);
    const QCommandLineOption label(
        u"label"_s, u"A label as name=value (branch=main); repeat for more."_s, u"K=V"_s);
    const QCommandLineOption secret(
        u"secret"_s, u"Sign the request with this secret (default $JOBPULSE_SECRET)."_s, u"S"_s);
    const QCommandLineOption scheme(u"scheme"_s,
        u"Signature scheme: standard (default), github, stripe, slack, hmac-sha256 "
        u"(in X-Webhook-Signature), bearer."_s,
        u"S"_s, u"standard"_s);
    const QCommandLineOption retries(
        u"retries"_s, u"Retries after the first try (default 3)."_s, u"N"_s, u"3"_s);
    const QCommandLineOption timeout(
        u"timeout"_s, u"Seconds per try (default 10)."_s, u"S"_s, u"10"_s);
    p.addOptions({ url, job, type, id, title, kind, progress, stepIndex, stepName, stepTotal,
        duration, message, details, parent, label, secret, scheme, retries, timeout });
    processArguments(p, arguments);

    QJsonObject o;
    QString key = p.value(job);
    for (const char *name : { "JOBPULSE_JOB", "JOB_ID" }) {
        if (key.isEmpty()) {
            key = qEnvironmentVariable(name);
        }
    }
    o.insert(u"job"_s, key);
    o.insert(u"type"_s, p.value(type));
    const auto putText = [&](const QCommandLineOption &option, const QString &field) {
        if (p.isSet(option)) {
            o.insert(field, p.value(option));
        }
    };
    putText(id, u"id"_s);
    putText(title, u"title"_s);
    putText(kind, u"kind"_s);
    putText(message, u"message"_s);
    putText(parent, u"parent"_s);
    if (p.isSet(label)) {
        QJsonObject labels;
        for (const QString &text : p.values(label)) {
            const auto filter = parseLabelFilter(text);
            if (!filter) {
                return usageError(
                    u"--label takes name=value, such as branch=main (got '%1')"_s.arg(text));
            }
            labels.insert(filter->first, filter->second);
        }
        o.insert(u"labels"_s, labels);
    }
    const auto putNumber = [&](const QCommandLineOption &option, const QString &field,
                               QJsonObject &into) {
        if (!p.isSet(option)) {
            return true;
        }
        bool ok = false;
        const double value = p.value(option).toDouble(&ok);
        if (ok) {
            into.insert(field, value);
        }
        return ok;
    };
    if (!putNumber(progress, u"progress"_s, o) || !putNumber(duration, u"duration"_s, o)) {
        return usageError(u"--progress and --duration take numbers"_s);
    }
    if (p.isSet(stepIndex) || p.isSet(stepName) || p.isSet(stepTotal)) {
        QJsonObject step;
        if (!putNumber(stepIndex, u"index"_s, step) || !putNumber(stepTotal, u"total"_s, step)) {
            return usageError(u"--step-index and --step-total take whole numbers"_s);
        }
        if (p.isSet(stepName)) {
            step.insert(u"name"_s, p.value(stepName));
        }
        o.insert(u"step"_s, step);
    }
    if (p.isSet(details)) {
        const QJsonDocument doc = QJsonDocument::fromJson(p.value(details).toUtf8());
        if (!doc.isObject()) {
            return usageError(u"--details takes a JSON object such as '{\"files\":3}'"_s);
        }
        o.insert(u"details"_s, doc.object());
    }
    // The same validation as the receiver's, so mistakes are caught before the network.
    ValidationError invalid;
    if (!parseEvent(o, QString(), QDateTime::currentDateTimeUtc(), &invalid)) {
        const QString field =
            invalid.field == u"/job" ? u"--job (or $JOBPULSE_JOB)"_s : invalid.field;
        return usageError(u"%1 %2"_s.arg(field, invalid.message));
    }
    const QString secretValue =
        p.isSet(secret) ? p.value(secret) : qEnvironmentVariable("JOBPULSE_SECRET");
    if (!secretValue.isEmpty() && !isKnownScheme(p.value(scheme))) {
        return usageError(u"unknown --scheme '%1'"_s.arg(p.value(scheme)));
    }

    const QByteArray body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    const QUrl target = eventsUrl(p.value(url));
    const int tries = 1 + std::max(0, p.value(retries).toInt());
    const int timeoutMs = int(std::max(0.1, p.value(timeout).toDouble()) * 1000);
    QNetworkAccessManager network;
    Answer answer;
    for (int attempt = 0; attempt < tries; ++attempt) {
        if (attempt > 0) {
            QThread::msleep(backoffMs(attempt));
        }
        // Signed per try: a standard signature's timestamp must stay fresh.
        answer = postAndWait(
            network, eventRequest(target, body, secretValue, p.value(scheme)), body, timeoutMs);
        if (answer.ok() || !answer.transient()) {
            break;
        }
        if (attempt + 1 < tries) {
            std::fprintf(stderr, "jobpulse send: %s; retrying\n", qPrintable(answer.describe()));
        }
    }
    if (!answer.ok()) {
        std::fprintf(stderr, "jobpulse send: %s: %s\n", qPrintable(target.toString()),
            qPrintable(answer.describe()));
        return 1;
    }
    return 0;
}

} // namespace jobpulse::cli
