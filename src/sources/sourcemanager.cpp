#include "sourcemanager.h"

#include "pollsource.h"
#include "redissource.h"
#include "sources/logging.h"
#include "ssesource.h"
#include "websocketsource.h"

#include <QNetworkInformation>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
// The wall clock ran this much further than the monotonic one: the machine slept.
constexpr qint64 SleepGapMs = 10000;
constexpr int ClockCheckMs = 5000;
} // namespace

std::unique_ptr<Source> createSource(SourceConfig config, Store *store)
{
    switch (config.type) {
    case SourceConfig::Type::WebSocket:
        return std::make_unique<WebSocketSource>(std::move(config), store);
    case SourceConfig::Type::Sse:
        return std::make_unique<SseSource>(std::move(config), store);
    case SourceConfig::Type::Poll:
        return std::make_unique<PollSource>(std::move(config), store);
    case SourceConfig::Type::Redis:
        return std::make_unique<RedisSource>(std::move(config), store);
    }
    return nullptr;
}

SourceManager::Entry SourceManager::entryFor(const SourceConfig &config, Store *store)
{
    Entry entry { createSource(config, store), nullptr };
    if (config.fallback) {
        entry.fallback = createSource(*config.fallback, store);
    }
    return entry;
}

SourceManager::SourceManager(Store *store, const QList<SourceConfig> &configs, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    for (const SourceConfig &config : configs) {
        m_entries.push_back(entryFor(config, store));
    }
    for (Entry &entry : m_entries) {
        watch(entry);
    }
    connect(&m_clock, &QTimer::timeout, this, &SourceManager::checkClock);
}

void SourceManager::watch(Entry &entry)
{
    Source *source = entry.source.get();
    connect(source, &Source::stateChanged, this,
        [this, source] { Q_EMIT stateChanged(source->name()); });
    if (Source *fallback = entry.fallback.get()) {
        connect(fallback, &Source::stateChanged, this,
            [this, fallback] { Q_EMIT stateChanged(fallback->name()); });
        connect(source, &Source::stateChanged, this,
            [this, source, fallback] { followPrimary(source, fallback); });
    }
}

void SourceManager::startEntry(Entry &entry)
{
    if (entry.fallback) {
        entry.fallback->pause(u"the push source is not down"_s);
    }
    entry.source->start();
}

void SourceManager::reconfigure(const QList<SourceConfig> &configs, const QSet<QString> &changed)
{
    std::vector<Entry> kept;
    for (Entry &entry : m_entries) {
        if (changed.contains(entry.source->name())) {
            qCInfo(lcSource).noquote() << entry.source->name() << "stopped: the config changed";
            continue; // destroyed below, with its connection
        }
        kept.push_back(std::move(entry));
    }
    m_entries.clear();
    // In the config's order: the dashboard lists them so.
    for (const SourceConfig &config : configs) {
        const auto same = std::find_if(kept.begin(), kept.end(),
            [&config](const Entry &e) { return e.source && e.source->name() == config.name; });
        if (same != kept.end()) {
            m_entries.push_back(std::move(*same));
            continue;
        }
        m_entries.push_back(entryFor(config, m_store));
        watch(m_entries.back());
        if (m_started) {
            qCInfo(lcSource).noquote() << config.name << "started: the config changed";
            startEntry(m_entries.back());
        } else if (!m_stoppedReason.isEmpty()) {
            pauseEntry(m_entries.back(), m_stoppedReason);
        }
    }
    Q_EMIT sourcesChanged();
}

SourceManager::~SourceManager() = default;

void SourceManager::start()
{
    m_started = true;
    m_stoppedReason.clear();
    for (Entry &entry : m_entries) {
        startEntry(entry);
    }
    m_monotonic.start();
    m_wallAtStart = QDateTime::currentMSecsSinceEpoch();
    m_clock.start(ClockCheckMs);
    // NetworkManager's view of the network, where there is one: back online = retry now.
    if (!m_entries.empty() && !std::exchange(m_watchingNetwork, true)
        && QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                if (reachability == QNetworkInformation::Reachability::Online
                    || reachability == QNetworkInformation::Reachability::Site) {
                    qCInfo(lcSource) << "the network is back: reconnecting now";
                    retryAll();
                }
            });
    }
}

void SourceManager::stop(const QString &reason)
{
    m_started = false;
    m_stoppedReason = reason;
    m_clock.stop();
    for (Entry &entry : m_entries) {
        pauseEntry(entry, reason);
    }
}

void SourceManager::pauseEntry(Entry &entry, const QString &reason)
{
    for (Source *s : { entry.source.get(), entry.fallback.get() }) {
        if (s) {
            s->pause(reason);
        }
    }
}

void SourceManager::retryAll()
{
    for (Entry &entry : m_entries) {
        for (Source *s : { entry.source.get(), entry.fallback.get() }) {
            if (s) {
                s->checkAlive();
                s->retryNow();
            }
        }
    }
}

void SourceManager::checkClock()
{
    const qint64 wall = QDateTime::currentMSecsSinceEpoch() - m_wallAtStart;
    const qint64 gap = wall - m_monotonic.elapsed();
    if (std::abs(gap) > SleepGapMs) {
        qCInfo(lcSource) << "the machine woke from sleep: checking the connections";
        retryAll();
    }
    m_monotonic.start();
    m_wallAtStart = QDateTime::currentMSecsSinceEpoch();
}

void SourceManager::followPrimary(Source *primary, Source *fallback)
{
    switch (primary->state()) {
    case SourceState::Live:
        if (fallback->state() != SourceState::Paused) {
            qCInfo(lcSource).noquote()
                << primary->name() << "is live again: pausing" << fallback->name();
            fallback->pause(u"the push source is live"_s);
        }
        break;
    case SourceState::Reconnecting:
    case SourceState::Offline:
        if (fallback->state() == SourceState::Paused) {
            qCInfo(lcSource).noquote()
                << primary->name() << "is down: polling with" << fallback->name();
            fallback->start();
        }
        break;
    case SourceState::Connecting:
    case SourceState::Paused:
        break;
    }
}

QList<Source *> SourceManager::sources() const
{
    QList<Source *> list;
    for (const Entry &entry : m_entries) {
        list.append(entry.source.get());
    }
    return list;
}

Source *SourceManager::fallbackOf(const Source *source) const
{
    for (const Entry &entry : m_entries) {
        if (entry.source.get() == source) {
            return entry.fallback.get();
        }
    }
    return nullptr;
}

Source *SourceManager::find(const QString &name) const
{
    for (const Entry &entry : m_entries) {
        for (Source *s : { entry.source.get(), entry.fallback.get() }) {
            if (s && s->name() == name) {
                return s;
            }
        }
    }
    return nullptr;
}

QJsonArray SourceManager::status() const
{
    QJsonArray list;
    for (const Entry &entry : m_entries) {
        QJsonObject o = entry.source->status();
        if (entry.fallback) {
            o.insert(u"fallback"_s, entry.fallback->status());
        }
        list.append(o);
    }
    return list;
}

} // namespace jobpulse
