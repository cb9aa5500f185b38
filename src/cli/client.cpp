#include "client.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
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
        text = u"http://127.0.0.1:7788"_s;
    }
    QUrl url = QUrl::fromUserInput(text);
    if (url.path().isEmpty() || url.path() == u"/") {
        url.setPath(u"/v1/events"_s);
    }
    return url;
}

bool isKnownScheme(const QString &scheme)
{
    return scheme == u"standard" || scheme == u"github" || scheme == u"hmac-sha256";
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
    const auto hmac = [](const QByteArray &key, const QByteArray &data) {
        return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
    };
    if (scheme == u"github") {
        request.setRawHeader(
            "X-Hub-Signature-256", "sha256=" + hmac(secret.toUtf8(), body).toHex());
    } else if (scheme == u"hmac-sha256") {
        request.setRawHeader("X-Webhook-Signature", hmac(secret.toUtf8(), body).toHex());
    } else { // standard: "whsec_" secrets are base64, others are the raw key bytes
        const QByteArray key = secret.startsWith(u"whsec_")
            ? QByteArray::fromBase64(secret.mid(6).toLatin1())
            : secret.toUtf8();
        const QByteArray id = "msg_" + QUuid::createUuid().toByteArray(QUuid::Id128);
        const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
        request.setRawHeader("webhook-id", id);
        request.setRawHeader("webhook-timestamp", timestamp);
        request.setRawHeader(
            "webhook-signature", "v1," + hmac(key, id + '.' + timestamp + '.' + body).toBase64());
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
