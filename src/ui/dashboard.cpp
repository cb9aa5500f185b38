#include "dashboard.h"

#include "api/json.h"
#include "store/store.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QJSEngine>
#include <QJsonDocument>
#include <QPointer>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
QPointer<Dashboard> s_instance;
} // namespace

Dashboard::Dashboard(Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_histories.setStore(store);
    m_jobs.setHistories(&m_histories);
    m_jobs.setStore(store);
    m_steps.setStore(store);
    m_log.setStore(store);
    m_visibleJobs.setSourceModel(&m_jobs);
    m_toasts.setStore(store);
    m_notifier.setStore(store);
    m_history.setStore(store);
    m_inspector.setStore(store);
    m_envTheme = parseThemeOverride(qEnvironmentVariable("JOBPULSE_THEME"));
    m_themeOverride = m_envTheme;
    m_settings.setNotifier(&m_notifier);
    const QString view = qEnvironmentVariable("JOBPULSE_VIEW");
    m_initialView =
        (view == u"history" || view == u"inspector" || view == u"settings") ? view : u"live"_s;
    connect(&m_jobs, &JobListModel::flushed, this, &Dashboard::recount);
    if (store) {
        connect(store, &Store::committed, this, &Dashboard::follow);
    }
    // A run of the selected job's kind finished: new medians for its ticks and its ETA.
    connect(&m_histories, &KindHistories::changed, this, [this](const QString &kind) {
        if (m_selected && m_selected->kind == kind) {
            selectionChanged(true);
        }
    });
    connect(&m_settings, &Settings::themeChanged, this, [this] {
        if (!m_loadingSettings) {
            applyTheme();
        }
    });
    m_etaTicker.setInterval(1000);
    connect(&m_etaTicker, &QTimer::timeout, this, &Dashboard::updateEta);
    // The search also finds jobs by their log lines, through the store's full-text index:
    // asked shortly after typing stops, and again at most once a second while events arrive.
    m_searchTimer.setSingleShot(true);
    connect(&m_visibleJobs, &JobFilterModel::searchChanged, this,
        [this] { m_searchTimer.start(SearchDelayMs); });
    connect(&m_searchTimer, &QTimer::timeout, this, [this] {
        const QString text = m_visibleJobs.search();
        m_visibleJobs.setSearchMatches(
            m_store && !text.isEmpty() ? m_store->searchJobKeys(text) : QStringList());
    });
    m_trendTimer.setSingleShot(true);
    m_trendTimer.setInterval(TrendDelayMs);
    connect(&m_trendTimer, &QTimer::timeout, this, &Dashboard::updateTrend);
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
    selectionChanged(true);
}

void Dashboard::loadSettings(const QString &path)
{
    m_loadingSettings = true; // the theme is settled below
    m_settings.load(path);
    m_loadingSettings = false;
    if (m_envTheme.isEmpty()) {
        applyTheme();
    }
}

void Dashboard::applyTheme()
{
    const QString theme = m_settings.theme() == u"system" ? QString() : m_settings.theme();
    if (theme != m_themeOverride) {
        m_themeOverride = theme;
        Q_EMIT themeOverrideChanged();
    }
}

void Dashboard::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock;
    m_jobs.setClock(std::move(clock));
    updateEta();
}

void Dashboard::selectionChanged(bool kindChanged)
{
    if (kindChanged) {
        m_steps.setHistory(m_histories.of(m_selected ? m_selected->kind : QString()));
        updateTrend();
    }
    Q_EMIT selectedJobChanged();
    updateEta();
}

void Dashboard::updateTrend()
{
    const QString kind = m_selected ? m_selected->kind : QString();
    QVariantMap trend;
    if (m_store && !kind.isEmpty()) {
        const KindTrend t = m_store->kindTrend(kind);
        QVariantList runs;
        for (const KindTrend::Run &run : t.runs) {
            runs << QVariantMap { { u"key"_s, run.key }, { u"status"_s, jobStatusName(run.status) },
                { u"seconds"_s, run.seconds } };
        }
        trend = { { u"kind"_s, kind }, { u"runs"_s, runs }, { u"p50"_s, t.p50.value_or(-1) },
            { u"p90"_s, t.p90.value_or(-1) }, { u"successRate"_s, t.successRate },
            { u"failingStep"_s, t.failingStep }, { u"failingStepIndex"_s, t.failingStepIndex },
            { u"failingStepCount"_s, t.failingStepCount } };
    }
    if (trend != m_selectedTrend) {
        m_selectedTrend = trend;
        Q_EMIT selectedTrendChanged();
    }
}

void Dashboard::updateEta()
{
    const bool running = m_selected && m_selected->status == JobStatus::Running;
    std::optional<double> eta;
    if (running) {
        eta = estimateRemaining(
            *m_selected, m_steps.steps(), m_histories.of(m_selected->kind), m_clock());
    }
    // Ticks only while there is something to count down.
    if (eta && !m_etaTicker.isActive()) {
        m_etaTicker.start();
    } else if (!eta) {
        m_etaTicker.stop();
    }
    const double value = eta.value_or(-1.0);
    if (value != m_selectedEta) {
        m_selectedEta = value;
        Q_EMIT selectedEtaChanged();
    }
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
        { u"openableUrl"_s, isOpenableUrl(job.url) },
        { u"source"_s, job.source },
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
    m_inspector.setReceiverUrl(url);
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

namespace {
QString receiverBase(const QString &url)
{
    QString base = url.isEmpty() ? u"http://127.0.0.1:7788"_s : url;
    while (base.endsWith(u'/')) {
        base.chop(1);
    }
    return base;
}
} // namespace

QString Dashboard::curlExample() const
{
    return u"curl -H 'Content-Type: application/json' -d '{\"job\":\"hello\",\"type\":\"job.started\"}' %1/v1/events"_s
        .arg(receiverBase(m_receiverUrl));
}

QString Dashboard::sendExample() const
{
    return u"jobpulse send --url %1 --job hello --type job.started --title 'Hello'"_s.arg(
        receiverBase(m_receiverUrl));
}

void Dashboard::setDemoStarter(std::function<void()> starter)
{
    m_demoStarter = std::move(starter);
    Q_EMIT canRunDemoChanged();
}

void Dashboard::runDemo()
{
    if (!canRunDemo()) {
        return;
    }
    m_demoStarted = true;
    m_demoStarter();
    Q_EMIT canRunDemoChanged();
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

QString Dashboard::selectedJobJson() const
{
    const auto detail =
        m_store && !m_selectedKey.isEmpty() ? m_store->job(m_selectedKey) : std::nullopt;
    if (!detail) {
        return {};
    }
    return QString::fromUtf8(
        QJsonDocument(api::jobDetail(*detail, m_clock())).toJson(QJsonDocument::Indented));
}

bool Dashboard::isOpenableUrl(const QString &url)
{
    const QUrl parsed(url, QUrl::StrictMode);
    return parsed.isValid() && !parsed.host().isEmpty()
        && (parsed.scheme() == u"https" || parsed.scheme() == u"http");
}

bool Dashboard::openSelectedUrl() const
{
    if (!m_selected || !isOpenableUrl(m_selected->url)) {
        return false;
    }
    return QDesktopServices::openUrl(QUrl(m_selected->url, QUrl::StrictMode));
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
    if (m_selected && !m_selected->kind.isEmpty() && !m_trendTimer.isActive()) {
        const QString &kind = m_selected->kind;
        if (std::any_of(changes.jobs.cbegin(), changes.jobs.cend(),
                [&kind](const Job &job) { return job.kind == kind && isTerminal(job.status); })) {
            m_trendTimer.start();
        }
    }
    if (!m_visibleJobs.search().isEmpty() && !m_searchTimer.isActive()) {
        m_searchTimer.start(SearchRefreshMs);
    }
    if (m_selectedKey.isEmpty()) {
        return;
    }
    for (const Job &job : changes.jobs) {
        if (job.key == m_selectedKey) {
            const bool kindChanged = !m_selected || m_selected->kind != job.kind;
            m_selected = job;
            selectionChanged(kindChanged);
        }
    }
}

} // namespace jobpulse
