#include "json.h"

#include "store/deliveryrow.h"

#include <QJsonArray>
#include <QStringDecoder>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::api {

QJsonObject jobDetail(const JobDetail &detail, const QDateTime &now)
{
    QJsonArray steps;
    for (const Step &s : detail.steps) {
        steps.append(s.toJson());
    }
    QJsonArray log;
    for (const StoredEvent &e : detail.recent) {
        log.append(e.toJson());
    }
    QJsonObject o { { u"job"_s, detail.job.toJson(now) }, { u"steps"_s, steps },
        { u"log"_s, log } };
    if (detail.eta) {
        o.insert(u"etaSeconds"_s, std::round(*detail.eta)); // only with history of the kind
    }
    return o;
}

QJsonObject logLine(const StoredLogLine &line)
{
    QJsonObject o { { u"n"_s, line.number }, { u"text"_s, line.text },
        { u"time"_s, line.time.toUTC().toString(Qt::ISODateWithMs) } };
    if (!line.stream.isEmpty()) {
        o.insert(u"stream"_s, line.stream);
    }
    if (line.omitted > 0) {
        o.insert(u"omitted"_s, line.omitted);
    }
    return o;
}

QJsonObject logPage(const QString &key, const LogPage &page)
{
    QJsonArray lines;
    for (const StoredLogLine &line : page.lines) {
        lines.append(logLine(line));
    }
    return { { u"job"_s, key }, { u"lines"_s, lines }, { u"total"_s, page.total },
        { u"next"_s, page.next } };
}

QJsonObject jobPage(const JobPage &page, const QDateTime &now)
{
    QJsonArray jobs;
    for (const Job &job : page.jobs) {
        jobs.append(job.toJson(now));
    }
    return { { u"jobs"_s, jobs },
        { u"next"_s, page.next > 0 ? QJsonValue(QString::number(page.next)) : QJsonValue() } };
}

QJsonObject delivery(const Delivery &d)
{
    QJsonObject o { { u"id"_s, d.id }, { u"received"_s, d.received.toString(Qt::ISODateWithMs) },
        { u"method"_s, QString::fromLatin1(d.method) }, { u"path"_s, d.path },
        { u"hook"_s, d.hook }, { u"remote"_s, d.remote },
        { u"headers"_s, deliveryrow::headersToJson(d.headers) }, { u"bodySize"_s, d.bodySize },
        { u"truncated"_s, d.truncated() }, { u"status"_s, d.status }, { u"verdict"_s, d.verdict },
        { u"accepted"_s, d.accepted }, { u"duplicates"_s, d.duplicates },
        { u"latencyMs"_s, d.latencyMs } };
    if (!d.reason.isEmpty()) {
        o.insert(u"reason"_s, d.reason);
    }
    if (d.replayOf > 0) {
        o.insert(u"replayOf"_s, d.replayOf);
    }
    // Text bodies as text (the inspector pretty-prints JSON), anything else as base64.
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8(d.body);
    if (!utf8.hasError()) {
        o.insert(u"body"_s, text);
    } else {
        o.insert(u"bodyBase64"_s, QString::fromLatin1(d.body.toBase64()));
    }
    return o;
}

QJsonObject forwardAttempt(const ForwardAttempt &a)
{
    QJsonObject o { { u"target"_s, a.target }, { u"attempt"_s, a.attempt },
        { u"status"_s, a.status }, { u"latencyMs"_s, a.latencyMs },
        { u"time"_s, a.time.toString(Qt::ISODateWithMs) } };
    if (!a.responseHead.isEmpty()) {
        o.insert(u"response"_s, QString::fromUtf8(a.responseHead));
    }
    if (!a.error.isEmpty()) {
        o.insert(u"error"_s, a.error);
    }
    return o;
}

} // namespace jobpulse::api
