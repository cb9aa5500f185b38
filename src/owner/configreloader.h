#pragma once

#include "config/appconfig.h"
#include "config/configchange.h"

#include <QObject>
#include <QString>

namespace jobpulse {

class Receiver;
class RouteHost;
class SourceManager;
class Store;

/**
 * @brief The one piece of code that applies a new config to a running Jobpulse (the process
 * that writes the database): on SIGHUP, on `POST /v1/config/reload` and after the dashboard's
 * settings page saved. It re-reads the config file, validates it with the same rules as at
 * start, and applies what can change live — the receiver's hooks, read token and limits, the
 * sources, retention and the `jobs` section. The listen address waits for a restart. A file
 * that does not load is refused and the running config stays.
 */
class ConfigReloader : public QObject
{
    Q_OBJECT
public:
    /**
     * @p path is the config file (@p required: given with --config, so a missing file is an
     * error; otherwise a missing file is the empty config). @p running is the config the
     * process started with; @p listenFixed when --listen chose the address.
     */
    ConfigReloader(QString path, bool required, AppConfig running, bool listenFixed,
        QObject *parent = nullptr);

    /** What it applies to; any may be null (a viewer has none of them). */
    void setTargets(Store *store, Receiver *receiver, SourceManager *sources);
    /** Adds `POST /v1/config/reload` to @p host, behind its read token. */
    void attach(RouteHost &host);

    QString path() const { return m_path; }
    const AppConfig &running() const { return m_running; }

    /** Reads the file and applies it (logged either way). */
    ConfigChange reload();
    /** Applies @p next (read from the file); refused when it would expose the receiver. */
    ConfigChange apply(AppConfig next);

Q_SIGNALS:
    /** A new config is running (the settings page reloads its view, mute rules follow). */
    void applied(const jobpulse::ConfigChange &change);

private:
    QString m_path;
    bool m_required;
    AppConfig m_running;
    bool m_listenFixed;
    Store *m_store = nullptr;
    Receiver *m_receiver = nullptr;
    SourceManager *m_sources = nullptr;
};

} // namespace jobpulse
