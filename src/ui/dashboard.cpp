#include "dashboard.h"

#include "core/labels.h"
#include "store/logging.h"
#include "store/store.h"
#include "ui/logging.h"

#include <QClipboard>
#include <QFileInfo>
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
    if (store && store->isOpen()) {
        QString error;
        if (!m_reader.open(store->location(), &error)) {
            qCWarning(lcUi).noquote() << "no reader thread for the history:" << error;
        }
        if (!m_logReader.open(store->path(), &error)) {
            qCWarning(lcUi).noquote() << "no reader thread for the log:" << error;
        }
    }
    m_histories.setStore(store);
    m_jobs.setHistories(&m_histories);
    m_jobs.setStore(store);
    m_steps.setStore(store);
    m_log.setStore(store);
    m_logLines.setStore(store, &m_logReader);
    m_logSearch.setLog(&m_logLines, &m_logReader);
    connect(&m_logLines, &LogLinesModel::copyReady, this, &Dashboard::copyToClipboard);
    m_visibleJobs.setSourceModel(&m_jobs);
    m_toasts.setStore(store);
    m_notifier.setStore(store);
    m_toasts.setNotifier(&m_notifier); // finishes: a toast or a desktop notification, not both
    m_history.setStore(store, &m_reader);
    m_inspector.setStore(store);
    m_owner.setStore(store);
    // After the steps: a commit reaches the steps model before the ETA that reads it.
    m_selected.setStore(store, &m_reader);
    m_selected.setEtaSources(&m_histories, &m_steps);
    m_envTheme = parseThemeOverride(qEnvironmentVariable("JOBPULSE_THEME"));
    m_themeOverride = m_envTheme;
    m_settings.setNotifier(&m_notifier);
    connectErrors();
    const QString view = qEnvironmentVariable("JOBPULSE_VIEW");
    m_initialView =
        (view == u"history" || view == u"inspector" || view == u"settings") ? view : u"live"_s;
    connect(&m_jobs, &JobListModel::flushed, this, &Dashboard::recount);
    // A viewer's replays and first-run examples go to the owner, wherever it restarted.
    connect(&m_owner, &OwnerLink::changed, this, [this] {
        if (m_owner.viewing()) {
            setReceiverUrl(m_owner.url().toString(QUrl::StripTrailingSlash));
        }
    });
    // The step timeline's median ticks come from the selected job's kind.
    connect(&m_selected, &SelectedJob::historyChanged, this,
        [this](const QString &kind) { m_steps.setHistory(m_histories.of(kind)); });
    // ... and the steps still to come from its step total (or that history).
    connect(&m_selected, &SelectedJob::changed, this, [this] {
        m_steps.setPlan(m_selected.stepTotal(), m_selected.status() == SelectedJob::Succeeded);
    });
    connect(&m_settings, &Settings::themeChanged, this, [this] {
        if (!m_loadingSettings) {
            applyTheme();
        }
    });
    // The search also finds jobs by their log lines, through the store's full-text index:
    // asked shortly after typing stops, and again at most once a second while events arrive.
    m_searchTimer.setSingleShot(true);
    connect(&m_visibleJobs, &JobFilterModel::searchChanged, this,
        [this] { m_searchTimer.start(SearchDelayMs); });
    connect(&m_searchTimer, &QTimer::timeout, this, [this] {
        // Label filters (`branch:main`) are the filter model's; the words go to the index.
        const QString text = m_visibleJobs.search();
        const QString words = SearchTerms::parse(text).words;
        if (!m_reader.isOpen() || words.isEmpty()) {
            m_searchReads.cancel();
            m_visibleJobs.setSearchMatches({});
            return;
        }
        using Found = std::pair<QStringList, QHash<QString, LogMatch>>;
        m_reader.read<Found>(
            m_searchReads,
            [words](const Store &store) {
                return Found { store.searchJobKeys(words), store.matchingLines(words) };
            },
            this,
            [this, text](const Found &found) {
                if (text == m_visibleJobs.search()) {
                    m_visibleJobs.setSearchMatches(found.first, found.second);
                }
            });
    });
    if (store) {
        connect(store, &Store::committed, this, [this] {
            if (!m_visibleJobs.search().isEmpty() && !m_searchTimer.isActive()) {
                m_searchTimer.start(SearchRefreshMs);
            }
        });
    }
    recount();
}

Dashboard::~Dashboard() = default;

// Every failure the dashboard meets reaches the user one way: the error sink, which logs it
// and shows it inline on its page (settings, export, replay) or as a toast (store reads).
void Dashboard::connectErrors()
{
    m_errors.setToasts(&m_toasts);
    const QString settings = u"settings"_s;
    connect(&m_settings, &Settings::failed, this,
        [this, settings](const QString &message) { m_errors.report(lcUi, settings, message); });
    connect(&m_settings, &Settings::changed, this, [this, settings] {
        if (m_settings.error().isEmpty()) {
            m_errors.clear(settings);
        }
    });
    connect(&m_history, &HistoryModel::exportFailed, this,
        [this](const QString &message) { m_errors.report(lcUi, u"export"_s, message); });
    connect(&m_history, &HistoryModel::exported, this, [this] { m_errors.clear(u"export"_s); });
    connect(&m_inspector, &Inspector::replayFailed, this,
        [this](const QString &message) { m_errors.report(lcUi, u"replay"_s, message); });
    connect(&m_inspector, &Inspector::replayChanged, this, [this] {
        if (m_inspector.replayResult().value(u"status"_s).toInt() > 0) {
            m_errors.clear(u"replay"_s);
        }
    });
    const auto readFailed = [this](const QString &what, const QString &error) {
        m_errors.report(lcStore, u"store"_s,
            tr("Reading the history failed (%1): %2").arg(what, error), ErrorSink::Show::Toast);
    };
    connect(&m_reader, &StoreReader::readFailed, this, readFailed);
    if (m_store) {
        connect(m_store, &Store::readFailed, this, readFailed);
        // While commits fail the window says so (Main.qml's banner binds messages.storeWrite),
        // until the writer finds it can write again.
        const auto showWritable = [this](bool writable, const QString &error) {
            if (writable) {
                m_errors.clear(u"storeWrite"_s);
                return;
            }
            m_errors.report(lcStore, u"storeWrite"_s,
                tr("New events cannot be saved: %1. Senders are told to retry later; nothing "
                   "already acknowledged is lost.")
                    .arg(error));
        };
        connect(m_store, &Store::writableChanged, this, showWritable);
        if (!m_store->writeError().isEmpty()) {
            showWritable(false, m_store->writeError());
        }
    }
}

void Dashboard::setInstance(Dashboard *dashboard)
{
    s_instance = dashboard;
}

Dashboard *Dashboard::instance()
{
    return s_instance;
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
    if (key == m_selected.key()) {
        return;
    }
    m_steps.setJobKey(key);
    m_log.setJobKey(key);
    m_logSearch.clear();
    // Found by the live search through a log line: the log opens at that line.
    const qint64 match = m_visibleJobs.matchSeq(key);
    m_logLines.setJobKey(key, match, match > 0 ? m_visibleJobs.search() : QString());
    m_selected.select(key);
    Q_EMIT selectedKeyChanged();
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
    m_selected.setClock(clock);
    m_jobs.setClock(std::move(clock));
}

void Dashboard::setReceiverUrl(const QString &url)
{
    m_onboarding.setReceiverUrl(url);
    m_inspector.setReceiverUrl(url);
}

void Dashboard::setDemoStarter(std::function<void()> starter)
{
    m_onboarding.setDemoStarter(std::move(starter));
}

void Dashboard::setHideOnClose(bool hide)
{
    if (hide == m_hideOnClose) {
        return;
    }
    m_hideOnClose = hide;
    Q_EMIT hideOnCloseChanged();
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
    int stalled = 0;
    for (const Job &job : m_jobs.jobs()) {
        running += job.status == JobStatus::Running;
        failed += job.status == JobStatus::Failed;
        queued += job.status == JobStatus::Queued;
        stalled += job.status == JobStatus::Stalled;
    }
    m_running = running;
    m_failed = failed;
    m_queued = queued;
    m_stalled = stalled;
    m_notifier.setRunningCount(running + stalled); // still under way
    Q_EMIT countsChanged();
}

QString Dashboard::instanceLabelFor(
    const QString &dbPath, const QString &defaultDb, int port, int defaultPort)
{
    QStringList parts;
    if (!dbPath.isEmpty()
        && QFileInfo(dbPath).absoluteFilePath() != QFileInfo(defaultDb).absoluteFilePath()) {
        parts << QFileInfo(dbPath).fileName();
    }
    if (port > 0 && port != defaultPort) {
        parts << u":%1"_s.arg(port);
    }
    return parts.join(u" \u00B7 "_s);
}

} // namespace jobpulse
