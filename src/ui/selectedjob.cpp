#include "selectedjob.h"

#include "api/json.h"
#include "core/eta.h"
#include "store/store.h"
#include "ui/format.h"
#include "ui/kindhistories.h"
#include "ui/steplistmodel.h"

#include <QDesktopServices>
#include <QJsonDocument>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
const QString Separator = u" \u00B7 "_s; // " · "
} // namespace

SelectedJob::SelectedJob(QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &SelectedJob::tick);
    onLanguageChange(this, [this] {
        Q_EMIT changed(); // the subtitle's "via"
        tick();
    });
}

void SelectedJob::setStore(Store *store, StoreReader *reader)
{
    if (m_store) {
        disconnect(m_store, nullptr, this, nullptr);
    }
    m_store = store;
    m_trend.setStore(store, reader);
    if (m_store) {
        connect(m_store, &Store::committed, this, &SelectedJob::follow);
    }
}

void SelectedJob::setEtaSources(const KindHistories *histories, const StepListModel *steps)
{
    if (m_histories) {
        disconnect(m_histories, nullptr, this, nullptr);
    }
    m_histories = histories;
    m_steps = steps;
    // A run of the job's kind finished: new medians for its steps, its ETA and its trend.
    if (m_histories) {
        connect(m_histories, &KindHistories::changed, this, [this](const QString &kind) {
            if (m_job && m_job->kind == kind) {
                Q_EMIT historyChanged(kind);
                m_trend.refresh();
                Q_EMIT changed();
                tick();
            }
        });
    }
    tick();
}

void SelectedJob::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
    tick();
}

void SelectedJob::select(const QString &key)
{
    m_key = key;
    setJob(m_store && !key.isEmpty() ? m_store->jobSnapshot(key) : std::nullopt, true);
}

void SelectedJob::follow(const Changes &changes)
{
    if (m_key.isEmpty()) {
        return;
    }
    bool family = false;
    for (const Job &job : changes.jobs) {
        if (job.key == m_key) {
            setJob(job, !m_job || m_job->kind != job.kind);
        } else if (job.parent == m_key || (m_job && job.key == m_job->parent)) {
            family = true;
        }
    }
    if (family) {
        loadFamily();
    }
}

void SelectedJob::loadFamily()
{
    m_parentTitle.clear();
    m_children.clear();
    if (m_store && m_job) {
        if (!m_job->parent.isEmpty()) {
            const auto parent = m_store->jobSnapshot(m_job->parent);
            m_parentTitle = parent ? (parent->title.isEmpty() ? parent->key : parent->title)
                                   : m_job->parent; // not (yet) known: its key
        }
        JobQuery children;
        children.parent = m_job->key;
        children.limit = MaxChildren;
        const QList<Job> newest = m_store->jobs(children).jobs;
        m_children = QList<Job>(newest.rbegin(), newest.rend());
    }
    Q_EMIT familyChanged();
}

QVariantList SelectedJob::children() const
{
    QVariantList list;
    for (const Job &job : m_children) {
        list.append(QVariantMap { { u"key"_s, job.key },
            { u"title"_s, job.title.isEmpty() ? job.key : job.title },
            { u"status"_s, jobStatusName(job.status) }, { u"subState"_s, job.state } });
    }
    return list;
}

QString SelectedJob::childSummary() const
{
    if (m_children.isEmpty()) {
        return {};
    }
    const auto done = std::count_if(m_children.cbegin(), m_children.cend(),
        [](const Job &job) { return isTerminal(job.status); });
    const auto failed = std::count_if(m_children.cbegin(), m_children.cend(),
        [](const Job &job) { return job.status == JobStatus::Failed; });
    QString text = Format::childSummary(int(m_children.size()), int(done));
    if (failed > 0) {
        text += Separator + tr("%n failed", "", int(failed));
    }
    return text;
}

QVariantList SelectedJob::labels() const
{
    QVariantList list;
    if (m_job) {
        for (auto it = m_job->labels.begin(); it != m_job->labels.end(); ++it) {
            list.append(QVariantMap { { u"name"_s, it.key() }, { u"value"_s, it.value() } });
        }
    }
    return list;
}

void SelectedJob::setJob(std::optional<Job> job, bool kindChanged)
{
    const bool newParent = !m_job || !job || m_job->key != job->key || m_job->parent != job->parent;
    m_job = std::move(job);
    if (newParent) {
        loadFamily();
    }
    if (kindChanged) {
        Q_EMIT historyChanged(kind());
        m_trend.setKind(kind());
    }
    Q_EMIT changed();
    tick();
}

void SelectedJob::tick()
{
    std::optional<double> eta;
    if (m_job && m_job->status == JobStatus::Running && m_histories && m_steps) {
        eta = estimateRemaining(*m_job, m_steps->steps(), m_histories->of(m_job->kind), m_clock());
    }
    const double value = eta.value_or(-1.0);
    if (value != m_eta) {
        m_eta = value;
        Q_EMIT etaChanged();
    }
    const QString line = makeStatusLine();
    if (line != m_statusLine) {
        m_statusLine = line;
        Q_EMIT statusLineChanged();
    }
    // Ticks only while something counts: the ETA down, or the time since the start up.
    const bool moving =
        eta || (m_job && m_job->startedAt.isValid() && !m_job->finishedAt.isValid());
    if (!moving) {
        m_ticker.stop();
    } else if (!m_ticker.isActive()) {
        m_ticker.start();
    }
}

QString SelectedJob::makeStatusLine() const
{
    if (!m_job) {
        return {};
    }
    const Job &job = *m_job;
    const QString status = jobStatusName(job.status);
    QStringList parts { Format::statusGlyph(status) + u' '
        + Format::statusLine(status, job.updatedAt, m_clock()) };
    if (!job.state.isEmpty()) {
        parts << Format::stateWord(job.state);
    }
    if (job.startedAt.isValid()) {
        parts << tr("started %1").arg(Format::clockTime(job.startedAt));
    } else if (job.createdAt.isValid()) {
        parts << tr("waiting since %1").arg(Format::clockTime(job.createdAt));
    }
    // How long it ran counts from the start: a job that never started has only waited.
    if (job.startedAt.isValid()) {
        const QDateTime end = job.finishedAt.isValid() ? job.finishedAt : m_clock();
        const double seconds = double(std::max<qint64>(0, job.startedAt.msecsTo(end))) / 1000;
        const bool underWay = isUnderWay(job.status);
        parts << (underWay ? tr("for %1") : tr("took %1")).arg(Format::duration(seconds));
    }
    if (job.status == JobStatus::Running && m_eta >= 0) {
        parts << Format::eta(m_eta);
    }
    return parts.join(Separator);
}

QString SelectedJob::title() const
{
    if (!m_job) {
        return {};
    }
    return m_job->title.isEmpty() ? m_job->key : m_job->title;
}

QString SelectedJob::subtitle() const
{
    if (!m_job) {
        return {};
    }
    QStringList parts;
    for (const QString &part : { m_job->kind, m_job->key }) {
        if (!part.isEmpty() && part != title()) {
            parts << part;
        }
    }
    if (!m_job->source.isEmpty()) {
        parts << tr("via %1").arg(m_job->source);
    }
    return parts.join(Separator);
}

QString SelectedJob::toJson() const
{
    const auto detail = m_store && !m_key.isEmpty() ? m_store->job(m_key) : std::nullopt;
    if (!detail) {
        return {};
    }
    return QString::fromUtf8(
        QJsonDocument(api::jobDetail(*detail, m_clock())).toJson(QJsonDocument::Indented));
}

bool SelectedJob::isOpenableUrl(const QString &url)
{
    const QUrl parsed(url, QUrl::StrictMode);
    return parsed.isValid() && !parsed.host().isEmpty()
        && (parsed.scheme() == u"https" || parsed.scheme() == u"http");
}

bool SelectedJob::openUrl() const
{
    if (!hasOpenableUrl()) {
        return false;
    }
    return QDesktopServices::openUrl(QUrl(url(), QUrl::StrictMode));
}

} // namespace jobpulse
