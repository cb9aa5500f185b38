#include "silencesweep.h"

#include "core/eta.h"
#include "logging.h"
#include "schema.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
constexpr int LearnedCacheSeconds = 5 * 60;
constexpr int LearnFromRuns = 20;
constexpr int MaxSweptJobs = 5000;

QString minutesText(qint64 seconds)
{
    return seconds >= 120 ? u"%1 min"_s.arg(seconds / 60) : u"%1 s"_s.arg(seconds);
}
} // namespace

SilenceSweep::SilenceSweep(QSqlDatabase db)
    : m_db(std::move(db))
{ }

QList<Event> SilenceSweep::events(const SilencePolicy &policy, const QDateTime &now)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT %1 FROM jobs WHERE status IN (?, ?, ?) ORDER BY id LIMIT ?"_s.arg(
        sql::jobColumns()));
    q.addBindValue(static_cast<int>(JobStatus::Queued));
    q.addBindValue(static_cast<int>(JobStatus::Running));
    q.addBindValue(static_cast<int>(JobStatus::Stalled));
    q.addBindValue(MaxSweptJobs);
    if (!q.exec()) {
        qCWarning(lcStore) << "finding silent jobs failed:" << q.lastError().text();
        return {};
    }
    QList<Job> jobs;
    while (q.next()) {
        jobs.append(sql::readJob(q));
    }
    q.finish();
    QList<Event> result;
    for (const Job &job : std::as_const(jobs)) {
        const bool running = job.status == JobStatus::Running;
        const qint64 gap = policy.expectedGap(
            job, running && !job.kind.isEmpty() ? learned(job.kind, now) : std::nullopt);
        const Silence silence = silenceOf(job, now, gap, policy);
        if (silence == Silence::None) {
            continue;
        }
        const qint64 silent = job.updatedAt.secsTo(now);
        Event e;
        e.job = job.key;
        e.time = now;
        e.origin = u"jobpulse"_s;
        if (silence == Silence::Stalled) {
            e.type = EventType::JobStalled;
            e.message = u"No event for %1 (expected within %2)"_s.arg(
                minutesText(silent), minutesText(gap));
        } else {
            e.type = EventType::JobLost;
            e.message = u"No event for %1: lost after abandonAfter (%2)"_s.arg(
                minutesText(silent), minutesText(policy.abandonAfterSeconds));
        }
        result.append(e);
    }
    return result;
}

std::optional<qint64> SilenceSweep::learned(const QString &kind, const QDateTime &now)
{
    const auto cached = m_learned.constFind(kind);
    if (cached != m_learned.cend() && cached->at.isValid()
        && std::abs(cached->at.secsTo(now)) < LearnedCacheSeconds) {
        return cached->seconds;
    }
    // The gaps between consecutive events of each of the kind's last successful runs; the
    // sweep's own verdicts are not events of the job's.
    QSqlQuery q(m_db);
    q.prepare(u"SELECT time - LAG(time) OVER (PARTITION BY job ORDER BY seq) FROM events "
              u"WHERE job IN (SELECT key FROM jobs WHERE kind = ? AND status = ? "
              u"ORDER BY id DESC LIMIT ?) AND type <> 'job.stalled'"_s);
    q.addBindValue(kind);
    q.addBindValue(static_cast<int>(JobStatus::Succeeded));
    q.addBindValue(LearnFromRuns);
    QList<qint64> gaps;
    if (!q.exec()) {
        qCWarning(lcStore) << "learning the gaps of" << kind << "failed:" << q.lastError().text();
    }
    while (q.next()) {
        if (!q.value(0).isNull()) {
            gaps.append(q.value(0).toLongLong());
        }
    }
    q.finish();
    // As the ETA: no verdict from fewer runs than KindHistory::MinimumRuns.
    QSqlQuery count(m_db);
    count.prepare(u"SELECT COUNT(*) FROM (SELECT id FROM jobs WHERE kind = ? AND status = ? "
                  u"LIMIT ?) AS runs"_s);
    count.addBindValue(kind);
    count.addBindValue(static_cast<int>(JobStatus::Succeeded));
    count.addBindValue(KindHistory::MinimumRuns);
    const bool enough =
        count.exec() && count.next() && count.value(0).toInt() >= KindHistory::MinimumRuns;
    const std::optional<qint64> seconds = enough ? learnedGap(gaps) : std::nullopt;
    m_learned.insert(kind, { seconds, now });
    return seconds;
}

} // namespace jobpulse
