#include "metrics.h"

#include <QList>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// A label value as the format wants it: backslash, double quote and line feed escaped.
QByteArray escaped(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 17);
}

/** Writes one family's header and its samples. */
class Family
{
public:
    Family(QByteArray *out, const char *name, const char *type, const char *help)
        : m_out(out)
        , m_name(name)
    {
        *m_out += "# HELP " + m_name + ' ' + help + '\n';
        *m_out += "# TYPE " + m_name + ' ' + type + '\n';
    }
    /** A sample; @p labels as name/value pairs; @p suffix for _bucket, _sum, _count. */
    Family &sample(double value, const QList<QPair<const char *, QString>> &labels = {},
        const char *suffix = "")
    {
        *m_out += m_name + suffix;
        if (!labels.isEmpty()) {
            *m_out += '{';
            for (qsizetype i = 0; i < labels.size(); ++i) {
                *m_out += (i ? "," : "") + QByteArray(labels.at(i).first) + "=\""
                    + escaped(labels.at(i).second) + '"';
            }
            *m_out += '}';
        }
        *m_out += ' ' + number(value) + '\n';
        return *this;
    }

private:
    QByteArray *m_out;
    QByteArray m_name;
};

} // namespace

QByteArray renderMetrics(const MetricsSnapshot &s)
{
    QByteArray out;
    Family(&out, "jobpulse_build_info", "gauge", "Version of Jobpulse and of Qt; always 1.")
        .sample(1, { { "version", s.version }, { "qt", s.qtVersion } });
    Family(&out, "jobpulse_uptime_seconds", "gauge", "Seconds since the receiver started.")
        .sample(s.uptimeSeconds);

    Family requests(&out, "jobpulse_http_requests_total", "counter",
        "Webhook deliveries answered, by hook (\"\" for none) and HTTP status.");
    QList<QPair<QString, int>> keys = s.requests.keys();
    std::sort(keys.begin(), keys.end());
    for (const auto &key : std::as_const(keys)) {
        requests.sample(double(s.requests.value(key)),
            { { "hook", key.first }, { "status", QString::number(key.second) } });
    }
    Family refusals(&out, "jobpulse_http_refusals_total", "counter",
        "Webhook deliveries refused (4xx and 5xx answers), by hook and HTTP status.");
    for (const auto &key : std::as_const(keys)) {
        if (key.second >= 400) {
            refusals.sample(double(s.requests.value(key)),
                { { "hook", key.first }, { "status", QString::number(key.second) } });
        }
    }
    Family signatures(&out, "jobpulse_signature_failures_total", "counter",
        "Deliveries refused for a missing or wrong signature, by signature scheme.");
    QStringList schemes = s.signatureFailures.keys();
    schemes.sort();
    for (const QString &scheme : std::as_const(schemes)) {
        signatures.sample(double(s.signatureFailures.value(scheme)), { { "scheme", scheme } });
    }

    Family(&out, "jobpulse_events_committed_total", "counter",
        "Events committed to the store (every source: hooks, the API, outbound sources).")
        .sample(double(s.commits.events));
    Family(&out, "jobpulse_events_duplicate_total", "counter",
        "Events answered as duplicates of ones already stored (not stored again).")
        .sample(double(s.duplicates));
    Family commit(&out, "jobpulse_commit_duration_seconds", "histogram",
        "Seconds per store transaction, BEGIN to COMMIT (one transaction holds many batches).");
    quint64 cumulative = 0;
    for (size_t i = 0; i < CommitStats::Bounds.size(); ++i) {
        cumulative += s.commits.inBucket[i];
        commit.sample(
            double(cumulative), { { "le", QString::number(CommitStats::Bounds[i]) } }, "_bucket");
    }
    commit.sample(double(s.commits.commits), { { "le", u"+Inf"_s } }, "_bucket")
        .sample(s.commits.seconds, {}, "_sum")
        .sample(double(s.commits.commits), {}, "_count");
    Family(&out, "jobpulse_store_backlog_batches", "gauge",
        "Batches waiting for the store's writer; ingest answers 503 past its bound.")
        .sample(s.backlog);
    Family(&out, "jobpulse_store_writable", "gauge",
        "1 while commits succeed, 0 while they fail (disk full, locked, read-only).")
        .sample(s.storeWritable ? 1 : 0);

    Family(&out, "jobpulse_leader", "gauge",
        "1 while this node leads the nodes on its database (it runs the outbound sources, the "
        "silence sweep and retention), else 0.")
        .sample(s.leader ? 1 : 0);
    Family(&out, "jobpulse_relay_clients", "gauge",
        "Live subscribers of the relay (SSE and WebSocket).")
        .sample(s.relayClients);
    Family messages(&out, "jobpulse_relay_messages_total", "counter",
        "Events sent to relay subscribers, by transport (sse, websocket).");
    for (auto it = s.relayMessages.cbegin(); it != s.relayMessages.cend(); ++it) {
        messages.sample(double(it.value()), { { "transport", it.key() } });
    }
    Family dropped(&out, "jobpulse_relay_dropped_total", "counter",
        "Relay subscribers dropped, by transport and reason (slow: over the buffer bound; "
        "stalled: read nothing while catching up).");
    for (auto it = s.relayDropped.cbegin(); it != s.relayDropped.cend(); ++it) {
        dropped.sample(
            double(it.value()), { { "transport", it.key().first }, { "reason", it.key().second } });
    }
    Family(&out, "jobpulse_http_connections", "gauge", "Open connections to the receiver.")
        .sample(s.openConnections);
    Family sources(&out, "jobpulse_sources", "gauge", "Outbound sources, by state.");
    for (auto it = s.sourcesByState.cbegin(); it != s.sourcesByState.cend(); ++it) {
        sources.sample(it.value(), { { "state", it.key() } });
    }
    Family jobs(&out, "jobpulse_jobs", "gauge", "Stored jobs, by status.");
    QList<JobStatus> statuses = s.jobsByStatus.keys();
    std::sort(statuses.begin(), statuses.end());
    for (const JobStatus status : std::as_const(statuses)) {
        jobs.sample(double(s.jobsByStatus.value(status)), { { "status", jobStatusName(status) } });
    }
    return out;
}

} // namespace jobpulse
