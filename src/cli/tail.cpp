// jobpulse tail: follows a receiver's relay (SSE), one line per event, resuming after drops.
#include "cli/client.h"
#include "cli/verbs.h"
#include "config/appconfig.h"
#include "sources/sseparser.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

namespace {

QString describe(const QJsonObject &e)
{
    const QString type = e.value(u"type"_s).toString();
    QString detail = e.value(u"message"_s).toString();
    if (type.startsWith(u"step.")) {
        const QJsonObject step = e.value(u"step"_s).toObject();
        detail = u"step %1 %2"_s.arg(step.value(u"index"_s).toInt())
                     .arg(step.value(u"name"_s).toString())
                     .trimmed();
    }
    if (e.contains(u"progress"_s)) {
        detail = u"%1% %2"_s.arg(e.value(u"progress"_s).toDouble()).arg(detail).trimmed();
    }
    const QDateTime time = QDateTime::fromString(e.value(u"time"_s).toString(), Qt::ISODateWithMs);
    return u"%1  %2  %3  %4  %5"_s.arg(e.value(u"seq"_s).toInteger(), 6)
        .arg(time.toLocalTime().toString(u"HH:mm:ss"_s), e.value(u"job"_s).toString(), type,
            detail.simplified());
}

} // namespace

int tail(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Follow a Jobpulse receiver's events live: one line per event. "
        u"Reconnects and resumes where it left off when the connection drops."_s);
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption url(u"url"_s,
        u"Receiver URL (default $JOBPULSE_URL or http://%1)."_s.arg(
            ReceiverConfig::defaultListen()),
        u"URL"_s);
    const QCommandLineOption job(u"job"_s, u"Only this job's events."_s, u"KEY"_s);
    const QCommandLineOption after(u"after"_s,
        u"Start after this sequence number (0: the whole history; default: only new events)."_s,
        u"SEQ"_s);
    const QCommandLineOption maxEvents(u"max-events"_s, u"Exit after N events."_s, u"N"_s);
    const QCommandLineOption json(u"json"_s, u"Print each event as a JSON line."_s);
    p.addOptions({ url, job, after, maxEvents, json });
    processArguments(p, arguments);

    QUrl stream = eventsUrl(p.value(url));
    stream.setPath(u"/v1/stream"_s);
    const qint64 limit = p.isSet(maxEvents) ? p.value(maxEvents).toLongLong() : -1;
    qint64 seen = 0;
    qint64 lastSeq = p.isSet(after) ? p.value(after).toLongLong() : -1;
    SseParser parser;
    QNetworkAccessManager network;
    QEventLoop loop;
    int attempt = 0;
    int status = 0;
    std::function<void()> connectOnce;
    connectOnce = [&] {
        QUrlQuery query;
        if (p.isSet(job)) {
            query.addQueryItem(u"job"_s, p.value(job));
        }
        if (lastSeq >= 0) {
            query.addQueryItem(u"after"_s, QString::number(lastSeq));
        }
        QUrl target = stream;
        target.setQuery(query);
        QNetworkRequest request(target);
        request.setRawHeader("Accept", "text/event-stream");
        parser.restart();
        QNetworkReply *reply = network.get(request);
        QObject::connect(reply, &QNetworkReply::readyRead, reply, [&, reply] {
            attempt = 0;
            for (const SseEvent &event : parser.feed(reply->readAll())) {
                const QJsonObject o = QJsonDocument::fromJson(event.data.toUtf8()).object();
                lastSeq = std::max(lastSeq, o.value(u"seq"_s).toInteger());
                const QString line = p.isSet(json) ? event.data : describe(o);
                std::printf("%s\n", qPrintable(line));
                std::fflush(stdout);
                if (limit > 0 && ++seen >= limit) {
                    loop.quit();
                    return;
                }
            }
        });
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
            reply->deleteLater();
            const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (limit > 0 && seen >= limit) {
                return;
            }
            if (http >= 400 && http < 500) {
                std::fprintf(
                    stderr, "jobpulse tail: %s: HTTP %d\n", qPrintable(target.toString()), http);
                status = 1;
                loop.quit();
                return;
            }
            const int wait = parser.retryMs().value_or(backoffMs(++attempt, 500, 30000));
            std::fprintf(stderr, "jobpulse tail: %s; reconnecting in %.1f s\n",
                qPrintable(http ? u"the stream ended"_s : reply->errorString()), wait / 1000.0);
            QTimer::singleShot(wait, &loop, connectOnce);
        });
    };
    connectOnce();
    loop.exec();
    return status;
}

} // namespace jobpulse::cli
