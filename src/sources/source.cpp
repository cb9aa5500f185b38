#include "source.h"

#include "core/backoff.h"
#include "sources/logging.h"
#include "store/store.h"

#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
// Events gathered while the store commits the previous batch; past this the source
// disconnects and later resumes from its stored cursor instead of growing without bound.
constexpr qsizetype MaxPendingEvents = 100000;
} // namespace

QString sourceStateName(SourceState state)
{
    switch (state) {
    case SourceState::Connecting:
        return u"connecting"_s;
    case SourceState::Live:
        return u"live"_s;
    case SourceState::Reconnecting:
        return u"reconnecting"_s;
    case SourceState::Offline:
        return u"offline"_s;
    case SourceState::Paused:
        return u"paused"_s;
    }
    return {};
}

Source::Source(SourceConfig config, Store *store, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_store(store)
    , m_decoder(m_config)
{
    setObjectName(m_config.name);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        m_nextRetryAt = {};
        setState(SourceState::Connecting);
        open();
    });
}

Source::~Source() = default;

QString Source::cursor() const
{
    if (!m_pendingCursor.isEmpty()) {
        return m_pendingCursor;
    }
    if (m_inFlight && !m_inFlightCursor.isEmpty()) {
        return m_inFlightCursor;
    }
    return m_committedCursor;
}

QJsonObject Source::status() const
{
    QJsonObject o { { u"name"_s, m_config.name },
        { u"type"_s, SourceConfig::typeName(m_config.type) },
        { u"format"_s, SourceConfig::formatName(m_config.format) },
        { u"url"_s, m_config.displayUrl(url()) }, { u"state"_s, sourceStateName(m_state) },
        { u"messages"_s, m_counters.messages }, { u"events"_s, m_counters.events },
        { u"duplicates"_s, m_counters.duplicates }, { u"rejected"_s, m_counters.rejected },
        { u"connects"_s, m_counters.connects }, { u"failures"_s, m_counters.failures } };
    if (!m_reason.isEmpty()) {
        o.insert(u"reason"_s, m_reason);
    }
    if (m_nextRetryAt.isValid()) {
        o.insert(u"nextRetryAt"_s, m_nextRetryAt.toString(Qt::ISODateWithMs));
        o.insert(u"retryInMs"_s,
            std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(m_nextRetryAt)));
    }
    if (m_counters.lastEventAt.isValid()) {
        o.insert(u"lastEventAt"_s, m_counters.lastEventAt.toString(Qt::ISODateWithMs));
    }
    const QString at = cursor();
    if (!at.isEmpty() && at.size() <= 200) {
        o.insert(u"cursor"_s, at);
    }
    return o;
}

void Source::start()
{
    // Read again on every start while nothing of ours waits to be stored: another node that
    // led meanwhile (Leadership) may have moved the stored cursor on.
    if (!m_inFlight && m_pending.isEmpty() && m_pendingCursor.isEmpty()) {
        m_committedCursor = m_store->sourceCursor(m_config.name);
    }
    stopRetry();
    close();
    setState(SourceState::Connecting);
    open();
}

void Source::pause(const QString &reason)
{
    stopRetry();
    close();
    setState(SourceState::Paused, reason);
}

void Source::retryNow()
{
    if (m_state == SourceState::Reconnecting) {
        qCInfo(lcSource).noquote() << m_config.name << "retrying now";
        m_retry.start(0);
    }
}

QNetworkRequest Source::request(QUrl url) const
{
    if (!m_config.token.isEmpty() && m_config.tokenInQuery) {
        QUrlQuery query(url);
        query.removeAllQueryItems(m_config.tokenParam);
        query.addQueryItem(m_config.tokenParam, m_config.token);
        url.setQuery(query);
    }
    QNetworkRequest req(url);
    if (!m_config.token.isEmpty() && !m_config.tokenInQuery) {
        req.setRawHeader("Authorization", "Bearer " + m_config.token.toUtf8());
    }
    for (const auto &header : m_config.headers) {
        req.setRawHeader(header.first, header.second);
    }
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    return req;
}

void Source::connected()
{
    if (m_state != SourceState::Connecting) {
        return;
    }
    ++m_counters.connects;
    m_liveFor.start();
    qCInfo(lcSource).noquote() << m_config.name << "live:" << m_config.displayUrl(url());
    setState(SourceState::Live);
}

void Source::failed(const QString &reason, int retryAfterMs)
{
    if (!isActive()) {
        return; // a second report of the same failure (error, then disconnected)
    }
    close();
    ++m_counters.failures;
    if (m_state == SourceState::Live && m_liveFor.isValid()
        && m_liveFor.elapsed() >= m_config.healthyAfterMs) {
        m_attempt = 0; // it was healthy: start the backoff over
        m_nodesFailed = 0;
    }
    int delay = 0;
    if (m_config.urls.size() > 1 && ++m_nodesFailed < m_config.urls.size()) {
        // Another node may be up: try it at once. It resumes from the same stored cursor,
        // the nodes' seq being shared; only when every node failed in a row is there a backoff.
        m_node = (m_node + 1) % m_config.urls.size();
        qCInfo(lcSource).noquote() << m_config.name << "failing over to"
                                   << m_config.displayUrl(url()) << "after:" << reason;
    } else {
        if (m_config.urls.size() > 1) {
            m_nodesFailed = 0;
            m_node = (m_node + 1) % m_config.urls.size();
        }
        delay = retryAfterMs >= 0
            ? retryAfterMs
            : std::max(m_minimumRetryMs,
                backoffMs(m_attempt, m_config.backoffBaseMs, m_config.backoffCapMs));
        m_attempt = std::min(m_attempt + 1, 30);
    }
    m_nextRetryAt = QDateTime::currentDateTimeUtc().addMSecs(delay);
    m_retry.start(delay);
    qCInfo(lcSource).noquote() << m_config.name << "reconnecting in" << delay << "ms:" << reason;
    setState(SourceState::Reconnecting, reason);
}

void Source::goOffline(const QString &reason)
{
    stopRetry();
    close();
    qCWarning(lcSource).noquote() << m_config.name << "offline:" << reason;
    setState(SourceState::Offline, reason);
}

void Source::setState(SourceState state, const QString &reason)
{
    const bool changed = state != m_state || reason != m_reason;
    m_state = state;
    m_reason = reason;
    if (state != SourceState::Live && state != SourceState::Connecting) {
        m_liveFor.invalidate();
    }
    if (changed) {
        Q_EMIT stateChanged(state);
    }
}

void Source::stopRetry()
{
    m_retry.stop();
    m_nextRetryAt = {};
}

bool Source::decodeInto(QByteArrayView message, QList<Event> *events, qint64 *seq)
{
    return accept(m_decoder.decode(message, QDateTime::currentDateTimeUtc()), events, seq);
}

bool Source::decodeInto(const QJsonValue &message, QList<Event> *events, qint64 *seq)
{
    return accept(m_decoder.decode(message, QDateTime::currentDateTimeUtc()), events, seq);
}

bool Source::accept(const PayloadDecoder::Result &decoded, QList<Event> *events, qint64 *seq)
{
    if (decoded.parsed.error) {
        ++m_counters.messages;
        ++m_counters.rejected;
        qCWarning(lcSource).noquote()
            << m_config.name
            << "skipped a message that is not a valid event:" << decoded.parsed.error->field
            << decoded.parsed.error->message;
        return false;
    }
    events->append(decoded.parsed.events);
    if (seq) {
        *seq = decoded.seq;
    }
    return true;
}

void Source::deliver(QByteArrayView message, const QString &cursor)
{
    QList<Event> events;
    qint64 seq = 0;
    decodeInto(message, &events, &seq);
    // A bad message still moves the cursor: it is not fetched again on the next connection.
    deliver(events, cursor.isEmpty() && seq > 0 ? QString::number(seq) : cursor);
}

void Source::deliver(QList<Event> events, const QString &cursor)
{
    if (!events.isEmpty()) {
        ++m_counters.messages;
    }
    for (Event &e : events) {
        e.origin = m_config.name;
    }
    m_pending.append(std::move(events));
    if (!cursor.isEmpty()) {
        m_pendingCursor = cursor;
    }
    if (m_pending.size() > MaxPendingEvents) {
        m_pending.clear();
        m_pendingCursor.clear();
        failed(u"the store is behind; resuming from the stored cursor"_s);
        return;
    }
    flush();
}

void Source::flush()
{
    if (m_inFlight || (m_pending.isEmpty() && m_pendingCursor.isEmpty())) {
        return;
    }
    m_inFlight = true;
    m_inFlightCursor = std::exchange(m_pendingCursor, QString());
    const SourceCursor cursor { m_inFlightCursor.isEmpty() ? QString() : m_config.name,
        m_inFlightCursor };
    m_store->submit(std::exchange(m_pending, {}), cursor, this, [this](const IngestResult &r) {
        m_inFlight = false;
        if (r.status != IngestResult::Status::Committed) {
            // Nothing of this batch is stored: drop what followed it too and resume from the
            // last stored cursor, so the source repeats the lost messages instead of skipping.
            m_pending.clear();
            m_pendingCursor.clear();
            m_inFlightCursor.clear();
            if (isActive()) {
                failed(u"the store is unavailable: %1"_s.arg(r.error));
            }
            return;
        }
        if (!m_inFlightCursor.isEmpty()) {
            m_committedCursor = m_inFlightCursor;
        }
        m_counters.events += r.accepted;
        m_counters.duplicates += r.duplicates;
        if (r.accepted > 0) {
            m_counters.lastEventAt = QDateTime::currentDateTimeUtc();
            Q_EMIT committed(r.accepted);
        }
        flush();
    });
}

} // namespace jobpulse
