#include "inspector.h"

#include "config/appconfig.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSet>
#include <QStringDecoder>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

constexpr int ReplayTimeoutMs = 10000;

// curl sets these itself from the URL and the body; sending the recorded ones would clash.
bool curlSetsItself(const QByteArray &name)
{
    static const QList<QByteArray> own { "host", "content-length", "connection", "expect",
        "transfer-encoding", "keep-alive", "te", "upgrade" };
    return own.contains(name.toLower());
}

std::optional<QString> asText(const QByteArray &bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8);
    QString text = utf8(bytes);
    if (utf8.hasError() || text.contains(QChar(0))) {
        return std::nullopt;
    }
    return text;
}

QString bodyKind(const QByteArray &body)
{
    if (body.isEmpty()) {
        return u"empty"_s;
    }
    QJsonParseError error {};
    QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError) {
        return u"json"_s;
    }
    return asText(body) ? u"text"_s : u"binary"_s;
}

} // namespace

Inspector::Inspector(QObject *parent)
    : QObject(parent)
{
    m_recentPoll.setInterval(3000);
    connect(&m_recentPoll, &QTimer::timeout, this, &Inspector::countRecentRejected);
}

Inspector::~Inspector() = default;

void Inspector::setStore(Store *store)
{
    m_store = store;
    m_deliveries.setStore(store);
    m_selected.reset();
    Q_EMIT selectedChanged();
    countRecentRejected();
    if (m_store) {
        m_recentPoll.start();
    } else {
        m_recentPoll.stop();
    }
}

void Inspector::countRecentRejected()
{
    const int count = m_store ? m_store->deliveryCount({ {}, u"rejected"_s },
                          QDateTime::currentDateTimeUtc().addSecs(-qint64(RecentHours) * 3600))
                              : 0;
    if (count != m_recentRejected) {
        m_recentRejected = count;
        Q_EMIT recentRejectedChanged();
    }
}

void Inspector::showRejected()
{
    m_deliveries.setFilter({ {}, u"rejected"_s });
}

void Inspector::setReceiverUrl(const QString &url)
{
    m_receiverUrl = url;
    while (m_receiverUrl.endsWith(u'/')) {
        m_receiverUrl.chop(1);
    }
    Q_EMIT selectedChanged(); // the curl line names it
}

void Inspector::select(qint64 id)
{
    if (id == selectedId() && (id == 0 || m_selected)) {
        return;
    }
    reload(id);
}

void Inspector::reload(qint64 id)
{
    m_selected = (m_store && id > 0) ? m_store->delivery(id) : std::nullopt;
    m_attempts = m_selected ? m_store->forwardAttempts(id) : QList<ForwardAttempt> {};
    Q_EMIT selectedChanged();
}

QVariantMap Inspector::selected() const
{
    if (!m_selected) {
        return {};
    }
    const Delivery &d = *m_selected;
    QVariantList headers;
    bool redacted = false;
    for (const auto &[name, value] : d.headers) {
        headers.append(QVariantMap {
            { u"name"_s, QString::fromLatin1(name) }, { u"value"_s, QString::fromUtf8(value) } });
        redacted = redacted || value == "***";
    }
    const QString kind = bodyKind(d.body);
    QString body;
    if (kind == u"json") {
        body = prettyJson(d.body);
    } else if (kind == u"text") {
        body = QString::fromUtf8(d.body);
    } else if (kind == u"binary") {
        body = QString::fromLatin1(d.body.toBase64());
    }
    QVariantList attempts;
    for (const ForwardAttempt &a : m_attempts) {
        attempts.append(QVariantMap { { u"target"_s, a.target }, { u"attempt"_s, a.attempt },
            { u"status"_s, a.status }, { u"latencyMs"_s, a.latencyMs },
            { u"response"_s, asText(a.responseHead).value_or(tr("(binary)")) },
            { u"error"_s, a.error }, { u"time"_s, a.time } });
    }
    return {
        { u"id"_s, d.id },
        { u"replayOf"_s, d.replayOf },
        { u"attempts"_s, attempts },
        { u"rawBody"_s, asText(d.body).value_or(QString()) },
        { u"received"_s, d.received },
        { u"method"_s, QString::fromLatin1(d.method) },
        { u"path"_s, d.path },
        { u"hook"_s, d.hook },
        { u"remote"_s, d.remote },
        { u"status"_s, d.status },
        { u"verdict"_s, d.verdict },
        { u"reason"_s, d.reason },
        { u"latencyMs"_s, d.latencyMs },
        { u"bodySize"_s, d.bodySize },
        { u"truncated"_s, d.truncated() },
        { u"accepted"_s, d.accepted },
        { u"duplicates"_s, d.duplicates },
        { u"signatureOk"_s, d.signatureOk },
        { u"headers"_s, headers },
        { u"redacted"_s, redacted },
        { u"body"_s, body },
        { u"bodyKind"_s, kind },
    };
}

QString Inspector::curl() const
{
    return m_selected ? curlCommand(*m_selected, m_receiverUrl) : QString();
}

QString Inspector::shellQuote(const QString &text)
{
    static const QRegularExpression plain(
        QRegularExpression::anchoredPattern(u"[A-Za-z0-9_@%+=:,./-]+"_s));
    if (plain.match(text).hasMatch()) {
        return text;
    }
    // Inside single quotes nothing is special; a single quote itself ends the quoting, is
    // escaped, and the quoting starts again.
    QString quoted = text;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

QString Inspector::curlCommand(const Delivery &delivery, const QString &receiverUrl)
{
    const QString base =
        receiverUrl.isEmpty() ? u"http://"_s + ReceiverConfig::defaultListen() : receiverUrl;
    QStringList lines;
    const std::optional<QString> text = asText(delivery.body);
    QString curl = u"curl"_s;
    if (!delivery.method.isEmpty() && delivery.method != "POST") {
        curl += u" -X "_s + shellQuote(QString::fromLatin1(delivery.method));
    }
    curl += u' ' + shellQuote(base + delivery.path);
    if (!text) { // bytes a shell word cannot hold (NUL, invalid UTF-8) go through base64
        curl = u"printf %s "_s + shellQuote(QString::fromLatin1(delivery.body.toBase64()))
            + u" | base64 -d | "_s + curl;
    }
    lines.append(curl);
    for (const auto &[name, value] : delivery.headers) {
        if (curlSetsItself(name)) {
            continue;
        }
        // "Name:" alone would make curl drop the header; "Name;" sends it empty.
        const QString header = value.isEmpty()
            ? QString::fromLatin1(name) + u';'
            : QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value);
        lines.append(u"  -H "_s + shellQuote(header));
    }
    lines.append(u"  --data-binary "_s + (text ? shellQuote(*text) : u"@-"_s));
    return lines.join(u" \\\n"_s);
}

QString Inspector::prettyJson(const QByteArray &json)
{
    QJsonParseError error {};
    QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        return QString::fromUtf8(json);
    }
    // Re-indents the bytes as sent (QJsonDocument would sort the keys and reformat numbers).
    QByteArray out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&out, &depth] {
        out.append('\n');
        out.append(QByteArray(depth * 2, ' '));
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (inString) {
            out.append(c);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        case '"':
            inString = true;
            out.append(c);
            break;
        case '{':
        case '[': {
            qsizetype next = i + 1;
            while (next < json.size() && QByteArrayView(" \t\r\n").contains(json.at(next))) {
                ++next;
            }
            if (next < json.size() && (json.at(next) == '}' || json.at(next) == ']')) {
                out.append(c).append(json.at(next)); // {} and [] stay on one line
                i = next;
                break;
            }
            out.append(c);
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out.append(c);
            break;
        case ',':
            out.append(c);
            newline();
            break;
        case ':':
            out.append(": ");
            break;
        default:
            out.append(c);
        }
    }
    return QString::fromUtf8(out);
}

void Inspector::replay()
{
    postReplay({});
}

void Inspector::replayTo(const QString &url)
{
    postReplay(
        QJsonDocument(QJsonObject { { u"to"_s, url.trimmed() } }).toJson(QJsonDocument::Compact));
}

QString Inspector::headersText() const
{
    QStringList lines;
    if (m_selected) {
        for (const auto &[name, value] : m_selected->headers) {
            lines.append(QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value));
        }
    }
    return lines.join(u'\n');
}

void Inspector::replayEdited(
    const QString &body, const QString &headers, const QString &url, bool resign)
{
    if (!m_selected) {
        return;
    }
    // The edited lines as the replay route takes them: each given value, and null for every
    // header of the original that is no longer there.
    QJsonObject edits;
    QSet<QString> given;
    for (const QString &line : headers.split(u'\n')) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0) {
            continue;
        }
        const QString name = line.left(colon).trimmed();
        given.insert(name.toLower());
        edits.insert(name, line.mid(colon + 1).trimmed());
    }
    for (const auto &[name, value] : m_selected->headers) {
        if (!given.contains(QString::fromLatin1(name).toLower())) {
            edits.insert(QString::fromLatin1(name), QJsonValue::Null);
        }
    }
    QJsonObject request { { u"body"_s, body }, { u"headers"_s, edits } };
    if (!url.trimmed().isEmpty()) {
        request.insert(u"to"_s, url.trimmed());
    }
    if (resign) {
        request.insert(u"resign"_s, true);
    }
    postReplay(QJsonDocument(request).toJson(QJsonDocument::Compact));
}

void Inspector::postReplay(const QByteArray &body)
{
    if (!m_selected || m_reply) {
        return;
    }
    m_replayOf = m_selected->id;
    if (m_receiverUrl.isEmpty()) {
        m_replayResult = { { u"of"_s, m_replayOf }, { u"status"_s, 0 } };
        Q_EMIT replayChanged();
        Q_EMIT replayFailed(tr("The receiver is not running."));
        return;
    }
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
    }
    QNetworkRequest request(QUrl(m_receiverUrl + u"/v1/deliveries/%1/replay"_s.arg(m_replayOf)));
    // A replay to a URL waits for the target's answer, retries included.
    request.setTransferTimeout(body.isEmpty() ? ReplayTimeoutMs : 6 * ReplayTimeoutMs);
    if (!m_readToken.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + m_readToken.toUtf8());
    }
    if (!body.isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    }
    m_reply = m_network->post(request, body);
    connect(m_reply, &QNetworkReply::finished, this, &Inspector::replayFinished);
    m_replayResult.clear();
    Q_EMIT replayChanged();
}

void Inspector::replayFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply) {
        return;
    }
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_replayResult = { { u"of"_s, m_replayOf }, { u"status"_s, status },
        { u"body"_s, prettyJson(reply->readAll()) } };
    m_deliveries.refresh(); // the replay is a delivery of its own
    if (selectedId() == m_replayOf) {
        reload(m_replayOf); // its new forwarding attempts
    }
    Q_EMIT replayChanged();
    if (status == 0) {
        Q_EMIT replayFailed(reply->errorString());
    }
}

} // namespace jobpulse
