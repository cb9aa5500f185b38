#include "ssesource.h"

#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

SseSource::SseSource(SourceConfig config, Store *store, QObject *parent)
    : Source(std::move(config), store, parent)
{
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        failed(u"no data for %1 s: the connection is dead"_s.arg(
            this->config().idleTimeoutMs / 1000.0));
    });
}

SseSource::~SseSource()
{
    close();
}

void SseSource::open()
{
    QUrl url = this->url();
    if (config().format == SourceConfig::Format::Jobpulse
        && (url.path().isEmpty() || url.path() == u"/")) {
        url.setPath(u"/v1/stream"_s); // another Jobpulse: its relay
    }
    QNetworkRequest req = request(url);
    req.setRawHeader("Accept", "text/event-stream");
    req.setRawHeader("Cache-Control", "no-cache");
    const QString resume = cursor();
    if (!resume.isEmpty()) {
        req.setRawHeader("Last-Event-ID", resume.toUtf8());
    }
    m_parser.restart();
    m_streaming = false;
    m_reply = m_network.get(req);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &SseSource::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &SseSource::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &SseSource::onFinished);
    m_idle.start(config().idleTimeoutMs);
}

void SseSource::close()
{
    m_idle.stop();
    m_streaming = false;
    if (QNetworkReply *reply = m_reply.data()) {
        m_reply.clear();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void SseSource::checkAlive()
{
    // After a wake the TCP connection is most likely gone without a word: reconnect now,
    // resuming from the cursor, rather than waiting out the idle timeout.
    if (state() == SourceState::Live) {
        failed(u"the machine woke from sleep"_s, 0);
    }
}

void SseSource::onMetaData()
{
    if (!m_reply || m_streaming) {
        return;
    }
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        return; // no answer yet (or none at all: finished reports the error)
    }
    const QString type = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    if (status == 204) {
        goOffline(u"the server asked to stop (204 No Content)"_s);
    } else if (status == 401 || status == 403) {
        goOffline(u"HTTP %1 %2: check the source's token"_s.arg(status).arg(
            m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
    } else if (status != 200) {
        failed(u"HTTP %1 %2"_s.arg(status).arg(
            m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
    } else if (!type.startsWith(u"text/event-stream"_s)) {
        failed(u"not an event stream (Content-Type '%1')"_s.arg(type));
    } else {
        m_streaming = true;
        connected();
    }
}

void SseSource::onReadyRead()
{
    if (!m_reply) {
        return;
    }
    if (!m_streaming) {
        onMetaData();
        if (!m_streaming) {
            return;
        }
    }
    m_idle.start(config().idleTimeoutMs);
    const QList<SseEvent> events = m_parser.feed(m_reply->readAll());
    if (const auto retry = m_parser.retryMs()) {
        setMinimumRetryMs(*retry);
    }
    for (const SseEvent &e : events) {
        if (!e.data.isEmpty()) {
            deliver(e.data.toUtf8(), e.id);
        }
    }
}

void SseSource::onFinished()
{
    if (!m_reply) {
        return;
    }
    if (!m_streaming) {
        onMetaData(); // an error answer may carry its status only now
    }
    if (isActive()) {
        const QString why = m_reply->error() == QNetworkReply::NoError
            ? u"the server ended the stream"_s
            : m_reply->errorString();
        failed(why);
    }
}

} // namespace jobpulse
