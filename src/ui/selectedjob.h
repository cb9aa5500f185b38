#pragma once

#include "core/job.h"
#include "ui/trendmodel.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <functional>
#include <optional>

namespace jobpulse {

class StoreReader;

class KindHistories;
class StepListModel;
class Store;
struct Changes;

/**
 * @brief The job the detail pane shows, as typed properties, with the lines made of them.
 *
 * Follows the store's commits for its job; the ETA and the status line ("for 1m 12s", "≈ 40s
 * left") tick every second while the job is under way. The steps and the log are the
 * dashboard's models; the kind's trend strip is this object's.
 */
class SelectedJob : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Dashboard.selected")
    /** Whether the selected key names a stored job; false with nothing selected. */
    Q_PROPERTY(bool valid READ isValid NOTIFY changed)
    Q_PROPERTY(QString key READ key NOTIFY changed)
    /** Display name, the key when none was sent. */
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString kind READ kind NOTIFY changed)
    Q_PROPERTY(Status status READ status NOTIFY changed)
    /** The status as the list models name it ("running"), for Theme.statusColor(). */
    Q_PROPERTY(QString statusName READ statusName NOTIFY changed)
    /** Free-form sub-state ("rendering"), may be empty. */
    Q_PROPERTY(QString state READ state NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
    Q_PROPERTY(QString url READ url NOTIFY changed)
    /** Whether openUrl() has a link to open. */
    Q_PROPERTY(bool openableUrl READ hasOpenableUrl NOTIFY changed)
    /** The hook or outbound source that brought the job. */
    Q_PROPERTY(QString source READ source NOTIFY changed)
    Q_PROPERTY(double progress READ progress NOTIFY changed) // 0..1
    Q_PROPERTY(bool progressKnown READ progressKnown NOTIFY changed)
    Q_PROPERTY(QDateTime createdAt READ createdAt NOTIFY changed)
    Q_PROPERTY(QDateTime startedAt READ startedAt NOTIFY changed)
    Q_PROPERTY(QDateTime finishedAt READ finishedAt NOTIFY changed)
    Q_PROPERTY(qint64 eventCount READ eventCount NOTIFY changed)
    /** "render · render-42 · via backend": the kind and key where the title is not them. */
    Q_PROPERTY(QString subtitle READ subtitle NOTIFY changed)
    /** Seconds left by the kind's history, -1 when that is unknown (not running, or fewer than
     *  three past successful runs). */
    Q_PROPERTY(double eta READ eta NOTIFY etaChanged)
    /** "▶ running · rendering · started 10:02:11 · for 1m 12s · ≈ 40s left". */
    Q_PROPERTY(QString statusLine READ statusLine NOTIFY statusLineChanged)
    /** The key of the job this one is part of ("" for a top-level job) and its title. */
    Q_PROPERTY(QString parentKey READ parentKey NOTIFY familyChanged)
    Q_PROPERTY(QString parentTitle READ parentTitle NOTIFY familyChanged)
    /** The jobs that are part of this one, oldest first: [{key, title, status, subState}]. */
    Q_PROPERTY(QVariantList children READ children NOTIFY familyChanged)
    /** "2 of 5 jobs finished · 1 failed"; "" without children. */
    Q_PROPERTY(QString childSummary READ childSummary NOTIFY familyChanged)
    /** Its labels, by name: [{name, value}]. */
    Q_PROPERTY(QVariantList labels READ labels NOTIFY changed)
    /** The kind's last finished runs. */
    Q_PROPERTY(jobpulse::TrendModel *trend READ trend CONSTANT)

public:
    /** JobStatus, for QML. */
    enum Status {
        Queued = int(JobStatus::Queued),
        Running = int(JobStatus::Running),
        Succeeded = int(JobStatus::Succeeded),
        Failed = int(JobStatus::Failed),
        Canceled = int(JobStatus::Canceled),
    };
    Q_ENUM(Status)

    explicit SelectedJob(QObject *parent = nullptr);

    /** Where jobs are read from; follows its commits. */
    /** Follows @p store; the trend strip reads through @p reader. */
    void setStore(Store *store, StoreReader *reader);
    /** What the ETA is made of: the kinds' histories and the selected job's steps. */
    void setEtaSources(const KindHistories *histories, const StepListModel *steps);
    /** For tests: the clock of the ETA and of "for 1m 12s". */
    void setClock(std::function<QDateTime()> clock);
    /** Shows the job @p key ("" for none). */
    void select(const QString &key);

    bool isValid() const { return m_job.has_value(); }
    QString key() const { return m_key; }
    QString title() const;
    QString kind() const { return m_job ? m_job->kind : QString(); }
    Status status() const { return Status(m_job ? m_job->status : JobStatus::Queued); }
    QString statusName() const { return m_job ? jobStatusName(m_job->status) : QString(); }
    QString state() const { return m_job ? m_job->state : QString(); }
    QString error() const { return m_job ? m_job->error : QString(); }
    QString url() const { return m_job ? m_job->url : QString(); }
    bool hasOpenableUrl() const { return isOpenableUrl(url()); }
    QString source() const { return m_job ? m_job->source : QString(); }
    double progress() const { return m_job ? m_job->progress / 100.0 : 0; }
    bool progressKnown() const { return m_job && m_job->progressKnown; }
    QDateTime createdAt() const { return m_job ? m_job->createdAt : QDateTime(); }
    QDateTime startedAt() const { return m_job ? m_job->startedAt : QDateTime(); }
    QDateTime finishedAt() const { return m_job ? m_job->finishedAt : QDateTime(); }
    qint64 eventCount() const { return m_job ? m_job->eventCount : 0; }
    int stepTotal() const { return m_job ? m_job->stepTotal : 0; }
    QString subtitle() const;
    double eta() const { return m_eta; }
    QString statusLine() const { return m_statusLine; }
    TrendModel *trend() { return &m_trend; }
    QString parentKey() const { return m_job ? m_job->parent : QString(); }
    QString parentTitle() const { return m_parentTitle; }
    QVariantList children() const;
    QString childSummary() const;
    QVariantList labels() const;
    /** The most jobs the detail lists under their parent. */
    static constexpr int MaxChildren = 200;

    /** The job as `jobpulse show --json` prints it ({job, steps, log}), indented; "" when
     *  none is selected. */
    Q_INVOKABLE QString toJson() const;
    /** Opens the job's link in the browser: only http and https links, which is what senders
     *  mean; false when there is none to open. */
    Q_INVOKABLE bool openUrl() const;
    static bool isOpenableUrl(const QString &url);

Q_SIGNALS:
    void changed();
    void etaChanged();
    void statusLineChanged();
    void familyChanged();
    /** The kind changed, or a run of it ended: its history (step medians, ETA) is new. */
    void historyChanged(const QString &kind);

private:
    void follow(const Changes &changes);
    void setJob(std::optional<Job> job, bool kindChanged);
    /** Reads the parent's title and the children again. */
    void loadFamily();
    /** The ETA and the status line for now; the ticker runs while they move with time. */
    void tick();
    QString makeStatusLine() const;

    Store *m_store = nullptr;
    const KindHistories *m_histories = nullptr;
    const StepListModel *m_steps = nullptr;
    std::function<QDateTime()> m_clock;
    QString m_key;
    std::optional<Job> m_job;
    double m_eta = -1;
    QString m_parentTitle;
    QList<Job> m_children; // oldest first
    QString m_statusLine;
    QTimer m_ticker;
    TrendModel m_trend;
};

} // namespace jobpulse
