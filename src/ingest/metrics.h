#pragma once

#include "core/job.h"
#include "store/commitstats.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QPair>
#include <QString>

namespace jobpulse {

/**
 * @brief Everything GET /metrics reports, read at one moment (ReadApi gathers it).
 */
struct MetricsSnapshot
{
    QString version;
    QString qtVersion;
    double uptimeSeconds = 0;
    QHash<QPair<QString, int>, quint64> requests; // (hook, status) → answers
    QHash<QString, qint64> signatureFailures; // scheme → refusals
    qint64 duplicates = 0; // events answered as duplicates
    CommitStats commits;
    int backlog = 0; // batches waiting for the writer
    bool storeWritable = true;
    bool leader = true; // runs the sources, the silence sweep and retention (Leadership)
    int relayClients = 0;
    QMap<QString, quint64> relayMessages; // transport ("sse", "websocket") → events sent
    QMap<QPair<QString, QString>, quint64> relayDropped; // (transport, reason) → subscribers
    QMap<QString, int> sourcesByState; // "connected", "reconnecting", …
    QHash<JobStatus, qint64> jobsByStatus;
    int openConnections = 0;
};

/**
 * Renders @p snapshot in the Prometheus text exposition format 0.0.4: `# HELP` and `# TYPE`
 * per family, counters named `_total`, seconds as the base unit, label values escaped, no
 * job keys in labels (their number is unbounded). Families and samples in a stable order.
 */
QByteArray renderMetrics(const MetricsSnapshot &snapshot);

/** The Content-Type of renderMetrics()'s text. */
inline constexpr char MetricsContentType[] = "text/plain; version=0.0.4; charset=utf-8";

} // namespace jobpulse
