#include "configreloader.h"

#include "ingest/receiver.h"
#include "ingest/reply.h"
#include "ingest/routehost.h"
#include "sources/sourcemanager.h"
#include "store/store.h"

#include <QFile>
#include <QHttpServer>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
Q_LOGGING_CATEGORY(lcConfig, "jobpulse.config")
} // namespace

ConfigReloader::ConfigReloader(
    QString path, bool required, AppConfig running, bool listenFixed, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_required(required)
    , m_running(std::move(running))
    , m_listenFixed(listenFixed)
{ }

void ConfigReloader::setTargets(Store *store, Receiver *receiver, SourceManager *sources)
{
    m_store = store;
    m_receiver = receiver;
    m_sources = sources;
}

void ConfigReloader::attach(RouteHost &host)
{
    host.allowRoute(u"^/v1/config/reload$"_s, "POST");
    host.http().route(u"/v1/config/reload"_s, QHttpServerRequest::Method::Post,
        [this, &host](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            if (!host.authorizeRead(request, responder)) {
                return;
            }
            const ConfigChange change = reload();
            replyJson(responder, change.ok() ? 200 : 422, change.toJson());
        });
}

ConfigChange ConfigReloader::reload()
{
    QString error;
    std::optional<AppConfig> next;
    if (m_required || QFile::exists(m_path)) {
        next = AppConfig::load(m_path, &error);
    } else {
        next = AppConfig::fromJson({}, &error);
    }
    if (!next) {
        ConfigChange refused;
        refused.path = m_path;
        refused.error = error;
        qCWarning(lcConfig).noquote() << "config not reloaded, the running one stays:" << error;
        return refused;
    }
    return apply(std::move(*next));
}

ConfigChange ConfigReloader::apply(AppConfig next)
{
    ConfigDiff diff = diffConfigs(m_running, next, m_listenFixed);
    ConfigChange &change = diff.change;
    change.path = m_path;
    if (m_receiver) {
        // The address keeps running; exposure is judged for it, with the new hooks and token.
        ReceiverConfig judged = next.receiver;
        judged.address = m_receiver->options().address;
        if (!judged.address.isLoopback() && !judged.exposureProblems().isEmpty()) {
            change.error = u"%1: refused while listening on %2, which is not loopback: %3"_s.arg(
                m_path, judged.address.toString(), judged.exposureProblems());
            qCWarning(lcConfig).noquote() << "config not reloaded:" << change.error;
            return change;
        }
    }
    if (m_listenFixed) {
        next.receiver.address = m_running.receiver.address;
        next.receiver.port = m_running.receiver.port;
    }
    if (m_receiver
        && (change.applied.contains(u"receiver"_s) || change.applied.contains(u"hooks"_s))) {
        m_receiver->reconfigure(next.receiver);
    }
    if (m_sources && !diff.changedSources.isEmpty()) {
        m_sources->reconfigure(next.sources, diff.changedSources);
    }
    if (m_store && m_store->isOpen()) {
        if (change.applied.contains(u"retention"_s)) {
            m_store->setRetention({ .days = next.retention.days,
                .maxEvents = next.retention.maxEvents,
                .maxLogBytes = next.retention.maxLogBytes });
        }
        if (change.applied.contains(u"jobs"_s) || change.applied.contains(u"hooks"_s)) {
            m_store->setSilencePolicy(next.silencePolicy(), next.silencePolicy().sweepIntervalMs());
        }
    }
    // The restart keys keep their running values, so that they are reported until applied.
    next.receiver.address = m_running.receiver.address;
    next.receiver.port = m_running.receiver.port;
    m_running = std::move(next);
    QString summary = change.applied.isEmpty() ? u"nothing changed"_s
                                               : u"applied "_s + change.applied.join(u", "_s);
    if (!change.restart.isEmpty()) {
        summary += u"; needs a restart: "_s + change.restart.join(u", "_s);
    }
    qCInfo(lcConfig).noquote() << "config reloaded from" << m_path << "-" << summary;
    Q_EMIT applied(change);
    return change;
}

} // namespace jobpulse
