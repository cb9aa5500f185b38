#include "ownerlink.h"

#include "core/backoff.h"
#include "store/owneraddress.h"
#include "store/store.h"
#include "ui/logging.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QSet>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
constexpr int CatchUpBatch = 500;
} // namespace

OwnerLink::OwnerLink(QObject *parent)
    : QObject(parent)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &OwnerLink::open);
    m_catchUp.setSingleShot(true);
    m_catchUp.setInterval(0);
    connect(&m_catchUp, &QTimer::timeout, this, &OwnerLink::catchUp);
}

OwnerLink::~OwnerLink()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

QString OwnerLink::address() const
{
    return viewing() ? u"%1:%2"_s.arg(m_url.host()).arg(m_url.port(80)) : QString();
}

void OwnerLink::setProblem(const QString &why, bool portTaken)
{
    m_problem = why;
    m_portTaken = portTaken;
    Q_EMIT changed();
}

void OwnerLink::follow(
    const QUrl &url, qint64 pid, const QString &readToken, const QString &databasePath)
{
    m_url = url;
    m_pid = pid;
    m_readToken = readToken;
    m_databasePath = databasePath;
    m_seen = m_store ? m_store->lastSeq() : 0;
    Q_EMIT changed();
    open();
}

void OwnerLink::open()
{
    if (const auto published =
            m_databasePath.isEmpty() ? std::nullopt : OwnerAddress::read(m_databasePath);
        published && (published->pid != m_pid || published->url != m_url)) {
        m_url = published->url; // the owner restarted (systemctl --user restart jobpulse)
        m_pid = published->pid;
        Q_EMIT changed();
    }
    QUrl stream = m_url;
    stream.setPath(u"/v1/stream"_s);
    // Resumed after the last event read from the database: what the owner committed while
    // the stream was down arrives first.
    stream.setQuery(QUrlQuery { { u"after"_s, QString::number(m_seen) } });
    QNetworkRequest request(stream);
    request.setRawHeader("Accept", "text/event-stream");
    if (!m_readToken.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + m_readToken.toUtf8());
    }
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_parser.restart();
    m_reply = m_network.get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &OwnerLink::read);
    connect(m_reply, &QNetworkReply::finished, this, &OwnerLink::finished);
}

void OwnerLink::read()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200) {
        return; // finished() says why
    }
    if (!m_connected) {
        m_attempt = 0;
        setConnected(true, {});
        m_catchUp.start(); // what was committed before the stream opened
    }
    if (!m_parser.feed(m_reply->readAll()).isEmpty()) {
        m_catchUp.start();
    }
}

void OwnerLink::finished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString why = status == 401 || status == 403
        ? tr("The Jobpulse at %1 (pid %2) refuses this window's read token (HTTP %3).")
              .arg(address())
              .arg(m_pid)
              .arg(status)
        : tr("The Jobpulse at %1 (pid %2) does not answer: %3. Trying again.")
              .arg(address())
              .arg(m_pid)
              .arg(status > 0 ? u"HTTP %1"_s.arg(status) : reply->errorString());
    reply->deleteLater();
    qCWarning(lcUi).noquote() << why;
    setConnected(false, why);
    m_retry.start(backoffMs(m_attempt++, 250, 10000));
}

void OwnerLink::reloadConfig(QObject *context, std::function<void(const ConfigChange &change)> done)
{
    QNetworkRequest request(m_url.resolved(QUrl(u"/v1/config/reload"_s)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (!m_readToken.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + m_readToken.toUtf8());
    }
    QNetworkReply *reply = m_network.post(request, QByteArray());
    connect(reply, &QNetworkReply::finished, context, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        ConfigChange change = ConfigChange::fromJson(body);
        if (status == 0 || (status != 200 && change.ok())) {
            change.error = tr("the Jobpulse at %1 (pid %2) did not answer: %3")
                               .arg(address())
                               .arg(m_pid)
                               .arg(status > 0 ? u"HTTP %1"_s.arg(status) : reply->errorString());
        }
        qCInfo(lcUi).noquote() << "the owner reloaded its config:"
                               << QJsonDocument(change.toJson()).toJson(QJsonDocument::Compact);
        done(change);
    });
}

void OwnerLink::setConnected(bool connected, const QString &problem)
{
    if (connected == m_connected && problem == m_problem) {
        return;
    }
    m_connected = connected;
    m_problem = problem;
    Q_EMIT changed();
}

void OwnerLink::catchUp()
{
    if (!m_store) {
        return;
    }
    for (;;) {
        Changes changes;
        changes.events = m_store->eventsAfter(m_seen, CatchUpBatch);
        if (changes.events.isEmpty()) {
            return;
        }
        m_seen = changes.events.constLast().seq;
        QSet<QString> keys;
        for (const StoredEvent &stored : std::as_const(changes.events)) {
            const QString &key = stored.event.job;
            if (keys.contains(key)) {
                continue;
            }
            keys.insert(key);
            if (auto job = m_store->jobSnapshot(key)) {
                changes.jobs.append(*job);
            }
            for (const Step &step : m_store->steps(key)) {
                changes.steps.append({ key, step });
            }
        }
        // The read-only store has no writer of its own; its readers hear of the owner's
        // commits the one way they know.
        Q_EMIT m_store->committed(changes);
        if (changes.events.size() < CatchUpBatch) {
            return;
        }
    }
}

} // namespace jobpulse
