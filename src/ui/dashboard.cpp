#include "dashboard.h"

#include "store/store.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJSEngine>
#include <QPointer>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
QPointer<Dashboard> s_instance;
} // namespace

Dashboard::Dashboard(Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_jobs.setStore(store);
    m_steps.setStore(store);
    m_log.setStore(store);
    m_visibleJobs.setSourceModel(&m_jobs);
    m_toasts.setStore(store);
    m_notifier.setStore(store);
    m_history.setStore(store);
    m_themeOverride = parseThemeOverride(qEnvironmentVariable("JOBPULSE_THEME"));
    m_initialView = qEnvironmentVariable("JOBPULSE_VIEW") == u"history" ? u"history"_s : u"live"_s;
    connect(&m_jobs, &JobListModel::flushed, this, &Dashboard::recount);
    if (store) {
        connect(store, &Store::committed, this, &Dashboard::follow);
    }
    recount();
}

Dashboard::~Dashboard() = default;

void Dashboard::setInstance(Dashboard *dashboard)
{
    s_instance = dashboard;
}

Dashboard *Dashboard::create(QQmlEngine *qmlEngine, QJSEngine *jsEngine)
{
    Q_UNUSED(qmlEngine)
    if (!s_instance) {
        // No store given (a QML test): an empty dashboard the engine owns.
        auto *empty = new Dashboard(nullptr);
        QJSEngine::setObjectOwnership(empty, QJSEngine::JavaScriptOwnership);
        return empty;
    }
    Q_ASSERT(jsEngine->thread() == s_instance->thread());
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

void Dashboard::select(const QString &key)
{
    if (key == m_selectedKey) {
        return;
    }
    m_selectedKey = key;
    m_selected = (m_store && !key.isEmpty()) ? m_store->jobSnapshot(key) : std::nullopt;
    m_steps.setJobKey(key);
    m_log.setJobKey(key);
    Q_EMIT selectedKeyChanged();
    Q_EMIT selectedJobChanged();
}

QVariantMap Dashboard::selectedJob() const
{
    if (!m_selected) {
        return {};
    }
    const Job &job = *m_selected;
    return {
        { u"key"_s, job.key },
        { u"title"_s, job.title.isEmpty() ? job.key : job.title },
        { u"kind"_s, job.kind },
        { u"status"_s, jobStatusName(job.status) },
        { u"state"_s, job.state },
        { u"error"_s, job.error },
        { u"url"_s, job.url },
        { u"progress"_s, job.progress / 100.0 },
        { u"progressKnown"_s, job.progressKnown },
        { u"createdAt"_s, job.createdAt },
        { u"startedAt"_s, job.startedAt },
        { u"finishedAt"_s, job.finishedAt },
        { u"eventCount"_s, job.eventCount },
    };
}

void Dashboard::setReceiverUrl(const QString &url)
{
    if (url == m_receiverUrl) {
        return;
    }
    m_receiverUrl = url;
    Q_EMIT receiverUrlChanged();
}

void Dashboard::setHideOnClose(bool hide)
{
    if (hide == m_hideOnClose) {
        return;
    }
    m_hideOnClose = hide;
    Q_EMIT hideOnCloseChanged();
}

QString Dashboard::curlExample() const
{
    QString base = m_receiverUrl.isEmpty() ? u"http://127.0.0.1:7788"_s : m_receiverUrl;
    while (base.endsWith(u'/')) {
        base.chop(1);
    }
    return u"curl -H 'Content-Type: application/json' -d '{\"job\":\"hello\",\"type\":\"job.started\"}' %1/v1/events"_s
        .arg(base);
}

QString Dashboard::parseThemeOverride(const QString &value)
{
    const QString theme = value.trimmed().toLower();
    return (theme == u"light" || theme == u"dark") ? theme : QString();
}

void Dashboard::copyToClipboard(const QString &text) const
{
    if (QClipboard *clipboard = QGuiApplication::clipboard()) {
        clipboard->setText(text);
    }
}

void Dashboard::recount()
{
    int running = 0;
    int failed = 0;
    int queued = 0;
    for (const Job &job : m_jobs.jobs()) {
        running += job.status == JobStatus::Running;
        failed += job.status == JobStatus::Failed;
        queued += job.status == JobStatus::Queued;
    }
    m_running = running;
    m_failed = failed;
    m_queued = queued;
    m_notifier.setRunningCount(running);
    Q_EMIT countsChanged();
}

void Dashboard::follow(const Changes &changes)
{
    if (m_selectedKey.isEmpty()) {
        return;
    }
    for (const Job &job : changes.jobs) {
        if (job.key == m_selectedKey) {
            m_selected = job;
            Q_EMIT selectedJobChanged();
        }
    }
}

} // namespace jobpulse
