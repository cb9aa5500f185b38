#include "client.h"

#include "config/appconfig.h"
#include "ingest/signature.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

QUrl eventsUrl(const QString &given)
{
    QString text = given;
    for (const char *name : { "JOBPULSE_URL", "WEBHOOK_BASE_URL" }) {
        if (text.isEmpty()) {
            text = qEnvironmentVariable(name);
        }
    }
    if (text.isEmpty()) {
        text = u"http://"_s + ReceiverConfig::defaultListen();
    }
    QUrl url = QUrl::fromUserInput(text);
    if (url.path().isEmpty() || url.path() == u"/") {
        url.setPath(u"/v1/events"_s);
    }
    return url;
}

bool isKnownScheme(const QString &scheme)
{
    const auto known = signatureSchemeFromName(scheme);
    return known && *known != SignatureScheme::None;
}

QNetworkRequest eventRequest(
    const QUrl &url, const QByteArray &body, const QString &secret, const QString &scheme)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"jobpulse-cli/" JOBPULSE_VERSION ""_s);
    if (secret.isEmpty()) {
        return request;
    }
    // The receiver's own signing code, so both ends agree by construction; hmac-sha256 goes
    // in seed 003's X-Webhook-Signature header.
    const HeaderList headers =
        signRequest(signatureSchemeFromName(scheme).value_or(SignatureScheme::Standard),
            secret.toUtf8(), body, QDateTime::currentDateTimeUtc(),
            "msg_" + QUuid::createUuid().toByteArray(QUuid::Id128), "X-Webhook-Signature");
    for (const auto &h : headers) {
        request.setRawHeader(h.first, h.second);
    }
    return request;
}

QString Answer::describe() const
{
    if (status == 0) {
        return error;
    }
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QString text = u"HTTP %1"_s.arg(status);
    if (o.contains(u"error"_s)) {
        text += u": "_s + o.value(u"error"_s).toString();
        if (o.contains(u"field"_s)) {
            text += u" at "_s + o.value(u"field"_s).toString();
        }
        if (o.contains(u"message"_s)) {
            text += u" ("_s + o.value(u"message"_s).toString() + u')';
        }
    } else if (!body.isEmpty()) {
        text += u": "_s + QString::fromUtf8(body.left(300));
    }
    return text;
}

Answer postAndWait(QNetworkAccessManager &network, const QNetworkRequest &request,
    const QByteArray &body, int timeoutMs)
{
    QNetworkRequest timed = request;
    timed.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = network.post(timed, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    if (answer.status == 0) {
        answer.error = reply->error() == QNetworkReply::OperationCanceledError
            ? u"no answer within %1 s"_s.arg(timeoutMs / 1000.0)
            : reply->errorString();
    }
    reply->deleteLater();
    return answer;
}

} // namespace jobpulse::cli
