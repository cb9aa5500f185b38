#pragma once

#include "source.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <memory>
#include <vector>

namespace jobpulse {

/** @brief The source for a config entry (websocket, sse, poll or redis). */
std::unique_ptr<Source> createSource(SourceConfig config, Store *store);

/**
 * @brief Runs the configured sources: starts them, runs each one's poll fallback only while
 * the push side is down (seeds 002, 004), retries at once when the network comes back or the
 * machine wakes from sleep, and reports every state for GET /health and the dashboard.
 */
class SourceManager : public QObject
{
    Q_OBJECT
public:
    SourceManager(Store *store, const QList<SourceConfig> &configs, QObject *parent = nullptr);
    ~SourceManager() override;

    /** Starts every source (again), each resuming from its stored cursor. */
    void start();
    /** Stops every source, paused with @p reason, until start(); sources added by
     *  reconfigure() meanwhile wait too. This node no longer leads (Leadership). */
    void stop(const QString &reason);
    bool isRunning() const { return m_started; }
    /**
     * A reloaded config's sources: those named in @p changed are stopped and dropped (removed
     * or edited), edited and new ones created and, once start() ran, started. Sources not
     * named keep their connection. Announced by sourcesChanged().
     */
    void reconfigure(const QList<SourceConfig> &configs, const QSet<QString> &changed);
    /** The network came back or the machine woke: dead connections are found, waits end. */
    void retryAll();

    QList<Source *> sources() const; // the configured ones, without fallbacks
    Source *fallbackOf(const Source *source) const;
    Source *find(const QString &name) const;
    /** One object per source, its fallback nested under "fallback". */
    QJsonArray status() const;

Q_SIGNALS:
    /** A source changed state (connecting, live, reconnecting, offline, paused). */
    void stateChanged(const QString &source);
    /** Sources were added, removed or replaced: pointers from sources() are stale. */
    void sourcesChanged();

private:
    struct Entry
    {
        std::unique_ptr<Source> source;
        std::unique_ptr<Source> fallback;
    };

    void followPrimary(Source *primary, Source *fallback);
    static Entry entryFor(const SourceConfig &config, Store *store);
    void watch(Entry &entry);
    void startEntry(Entry &entry);
    static void pauseEntry(Entry &entry, const QString &reason);
    void checkClock();

    std::vector<Entry> m_entries;
    Store *m_store;
    bool m_started = false;
    bool m_watchingNetwork = false;
    QString m_stoppedReason; // why the sources are paused while not started
    QTimer m_clock;
    QElapsedTimer m_monotonic;
    qint64 m_wallAtStart = 0;
};

} // namespace jobpulse
