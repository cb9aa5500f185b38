#pragma once

#include "config/appconfig.h"

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace jobpulse {

/**
 * @brief What a running Jobpulse did with a new config (docs/config.md, "Reloading"): the
 * sections it applied at once, the keys that wait for a restart, or why it refused the file.
 * The owner answers `POST /v1/config/reload` with toJson(); a viewer reads it back with
 * fromJson(), so both ends speak one shape.
 */
struct ConfigChange
{
    QString path; // the config file the owner reads
    QStringList
        applied; // sections applied live: "receiver", "hooks", "sources", "retention", "jobs"
    QStringList restart; // keys that take effect at the next start: "receiver.listen"
    QString error; // the file was refused (the running config stays); empty when it was not

    bool ok() const { return error.isEmpty(); }

    /** {"config", "applied", "restart"}; when refused, the error body ({"error":
     *  "invalid_config", "message"}) with "config". */
    QJsonObject toJson() const;
    static ConfigChange fromJson(const QJsonObject &json);
};

/** @brief The difference between two configs, section by section (their documents). */
struct ConfigDiff
{
    ConfigChange change; // applied and restart filled in
    QSet<QString> changedSources; // names added, removed or edited
};

/**
 * Compares @p before with @p after: which sections differ and may be applied live, which keys
 * need a restart (the listen address, unless @p listenFixed: `--listen` decides it).
 */
ConfigDiff diffConfigs(const AppConfig &before, const AppConfig &after, bool listenFixed);

} // namespace jobpulse
