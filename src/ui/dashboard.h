#pragma once

#include "core/job.h"
#include "store/reader.h"
#include "ui/errorsink.h"
#include "ui/eventlogmodel.h"
#include "ui/historymodel.h"
#include "ui/inspector.h"
#include "ui/jobfiltermodel.h"
#include "ui/joblistmodel.h"
#include "ui/kindhistories.h"
#include "ui/loglinesmodel.h"
#include "ui/logsearchmodel.h"
#include "ui/notifier.h"
#include "ui/onboarding.h"
#include "ui/ownerlink.h"
#include "ui/selectedjob.h"
#include "ui/settings.h"
#include "ui/sourcelistmodel.h"
#include "ui/steplistmodel.h"
#include "ui/toastmodel.h"

#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace jobpulse {

class SourceManager;
class Store;

/**
 * @brief The dashboard's composition root: owns the models and the controllers, wires them to
 * the store, and holds the selection and the header's numbers.
 *
 * One C++-owned instance (made by runGui or a test) is handed to QML as a singleton. What the
 * detail pane shows is SelectedJob's, the first run's lines Onboarding's.
 */
class Dashboard : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(jobpulse::JobListModel *jobs READ jobs CONSTANT)
    /** The live list as the header's status chips and search field filter it. */
    Q_PROPERTY(jobpulse::JobFilterModel *visibleJobs READ visibleJobs CONSTANT)
    Q_PROPERTY(jobpulse::ToastModel *toasts READ toasts CONSTANT)
    Q_PROPERTY(jobpulse::StepListModel *steps READ steps CONSTANT)
    /** The selected job's events other than its log lines (steps, status, messages). */
    Q_PROPERTY(jobpulse::EventLogModel *log READ log CONSTANT)
    /** The selected job's log, every line, paged in from the store. */
    Q_PROPERTY(jobpulse::LogLinesModel *logLines READ logLines CONSTANT)
    /** The search in that log and its results. */
    Q_PROPERTY(jobpulse::LogSearchModel *logSearch READ logSearch CONSTANT)
    /** The history browser's rows: every stored job, a page at a time. */
    Q_PROPERTY(jobpulse::HistoryModel *history READ history CONSTANT)
    /** The outbound sources and their states; empty when none are configured. */
    Q_PROPERTY(jobpulse::SourceListModel *sources READ sources CONSTANT)
    /** The request inspector: raw deliveries, replay, copy as curl. */
    Q_PROPERTY(jobpulse::Inspector *inspector READ inspector CONSTANT)
    /** Desktop notifications, their pause and mute rules, and the tray's state. */
    Q_PROPERTY(jobpulse::Notifier *notifier READ notifier CONSTANT)
    /** True while a tray icon is shown: closing the window then hides it to the tray. */
    Q_PROPERTY(bool hideOnClose READ hideOnClose NOTIFY hideOnCloseChanged)
    /** The key of the job the detail shows, "" for none; select() changes it. */
    Q_PROPERTY(QString selectedKey READ selectedKey WRITE select NOTIFY selectedKeyChanged)
    /** The event of the selected job whose line the live search found it by (the log opens
     *  there); 0 when the search did not find it by a line. */
    Q_PROPERTY(double matchSeq READ matchSeq NOTIFY selectedKeyChanged)
    /** That job: its fields, status line, ETA and trend. */
    Q_PROPERTY(jobpulse::SelectedJob *selected READ selected CONSTANT)
    /** Which process receives: this one, or the Jobpulse this window views; why none does. */
    Q_PROPERTY(jobpulse::OwnerLink *owner READ owner CONSTANT)
    /** The receiver's address, the first run's command lines and Run demo. */
    Q_PROPERTY(jobpulse::Onboarding *onboarding READ onboarding CONSTANT)
    Q_PROPERTY(int jobCount READ jobCount NOTIFY countsChanged)
    Q_PROPERTY(int runningCount READ runningCount NOTIFY countsChanged)
    Q_PROPERTY(int failedCount READ failedCount NOTIFY countsChanged)
    Q_PROPERTY(int queuedCount READ queuedCount NOTIFY countsChanged)
    /** Running jobs without news past their expected gap (the tray counts them). */
    Q_PROPERTY(int stalledCount READ stalledCount NOTIFY countsChanged)
    /** The config file as the settings page edits it. */
    Q_PROPERTY(jobpulse::Settings *settings READ settings CONSTANT)
    /** The failures met (settings, export, replay, store reads), for banners and toasts. */
    Q_PROPERTY(jobpulse::ErrorSink *errors READ errors CONSTANT)
    /** "light" or "dark" from JOBPULSE_THEME (tests, screenshots) or the settings' theme, ""
     *  to follow the system. */
    Q_PROPERTY(QString themeOverride READ themeOverride NOTIFY themeOverrideChanged)
    /** The view shown first: "history", "inspector" or "settings" from JOBPULSE_VIEW
     *  (screenshots), else "live". */
    Q_PROPERTY(QString initialView READ initialView CONSTANT)
    /** What tells this Jobpulse from another on the same desktop ("work.db · :7790"): the
     *  database and port where they are not the defaults; "" for the default instance. */
    Q_PROPERTY(QString instanceLabel READ instanceLabel CONSTANT)

public:
    // No default constructor on purpose: Qt 6.4 prefers it over create() for singletons.
    explicit Dashboard(Store *store, QObject *parent = nullptr);
    ~Dashboard() override;

    /** The instance QML gets; the caller keeps ownership. */
    static void setInstance(Dashboard *dashboard);
    /** The one setInstance() gave; null when no window runs. */
    static Dashboard *instance();
    static Dashboard *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    JobListModel *jobs() { return &m_jobs; }
    JobFilterModel *visibleJobs() { return &m_visibleJobs; }
    ToastModel *toasts() { return &m_toasts; }
    StepListModel *steps() { return &m_steps; }
    EventLogModel *log() { return &m_log; }
    LogLinesModel *logLines() { return &m_logLines; }
    LogSearchModel *logSearch() { return &m_logSearch; }
    HistoryModel *history() { return &m_history; }
    SourceListModel *sources() { return &m_sources; }
    Notifier *notifier() { return &m_notifier; }
    Inspector *inspector() { return &m_inspector; }
    ErrorSink *errors() { return &m_errors; }
    Settings *settings() { return &m_settings; }
    /** Reads the config file's settings (@p path, "" for the default location): theme (unless
     *  JOBPULSE_THEME gives one), language, mute rules. */
    void loadSettings(const QString &path);
    bool hideOnClose() const { return m_hideOnClose; }
    void setHideOnClose(bool hide);
    /** The sources the badges show; nullptr (the default) shows none. */
    void setSourceManager(SourceManager *manager) { m_sources.setManager(manager); }

    QString selectedKey() const { return m_selected.key(); }
    double matchSeq() const { return double(m_visibleJobs.matchSeq(selectedKey())); }
    Q_INVOKABLE void select(const QString &key);
    SelectedJob *selected() { return &m_selected; }
    /** Where the history, its export, the trend strip and the live search read. */
    StoreReader *reader() { return &m_reader; }
    Onboarding *onboarding() { return &m_onboarding; }
    OwnerLink *owner() { return &m_owner; }
    /** The ETA's history per kind (the live list, the detail and its step ticks share it). */
    KindHistories *histories() { return &m_histories; }
    /** For tests: the clock of the ETAs and elapsed times. */
    void setClock(std::function<QDateTime()> clock);

    /** Where the receiver listens ("" when it does not), for the first run and the inspector. */
    void setReceiverUrl(const QString &url);
    /** How "Run demo" starts the demo feeder (the app's; none in tests and the benchmark). */
    void setDemoStarter(std::function<void()> starter);

    int jobCount() const { return m_jobs.count(); }
    int runningCount() const { return m_running; }
    int failedCount() const { return m_failed; }
    int queuedCount() const { return m_queued; }
    int stalledCount() const { return m_stalled; }

    QString themeOverride() const { return m_themeOverride; }
    QString instanceLabel() const { return m_instanceLabel; }
    /** Set before QML loads. */
    void setInstanceLabel(const QString &label) { m_instanceLabel = label; }
    /** The label for a database at @p dbPath and a receiver on @p port ("" when both are the
     *  defaults, @p defaultDb and @p defaultPort). */
    static QString instanceLabelFor(
        const QString &dbPath, const QString &defaultDb, int port, int defaultPort);
    QString initialView() const { return m_initialView; }
    /** "light" or "dark" when @p value names one, else "" (follow the system). */
    static QString parseThemeOverride(const QString &value);

    Q_INVOKABLE void copyToClipboard(const QString &text) const;

Q_SIGNALS:
    void selectedKeyChanged();
    void countsChanged();
    void hideOnCloseChanged();
    void themeOverrideChanged();

private:
    void connectErrors();
    void recount();
    void applyTheme();

    Store *m_store = nullptr;
    StoreReader m_reader; // long reads off the GUI thread; outlives the models it answers
    StoreReader::Channel m_searchReads; // the live list's log search
    // The log's pages and search: a thread of their own, so that scrolling never waits behind
    // a slow history search.
    StoreReader m_logReader;
    KindHistories m_histories; // before the models that read it
    JobListModel m_jobs;
    JobFilterModel m_visibleJobs;
    ToastModel m_toasts;
    ErrorSink m_errors; // after the toasts it posts to
    StepListModel m_steps;
    EventLogModel m_log;
    LogLinesModel m_logLines;
    LogSearchModel m_logSearch;
    HistoryModel m_history;
    SourceListModel m_sources;
    Notifier m_notifier;
    Inspector m_inspector;
    Settings m_settings;
    QString m_envTheme; // JOBPULSE_THEME: wins over the config file at start
    bool m_loadingSettings = false;
    SelectedJob m_selected; // after the steps and histories its ETA reads
    Onboarding m_onboarding;
    OwnerLink m_owner;
    static constexpr int SearchDelayMs = 150;
    static constexpr int SearchRefreshMs = 1000;
    QTimer m_searchTimer;
    QString m_themeOverride;
    QString m_instanceLabel;
    QString m_initialView;
    int m_running = 0;
    int m_failed = 0;
    int m_queued = 0;
    int m_stalled = 0;
    bool m_hideOnClose = false;
};

} // namespace jobpulse
