#include "trendmodel.h"

#include "ui/format.h"

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
bool sameRuns(const KindTrend &a, const KindTrend &b)
{
    return std::equal(a.runs.cbegin(), a.runs.cend(), b.runs.cbegin(), b.runs.cend(),
        [](const KindTrend::Run &x, const KindTrend::Run &y) {
            return x.key == y.key && x.status == y.status && x.seconds == y.seconds;
        });
}

bool sameTrend(const KindTrend &a, const KindTrend &b)
{
    return sameRuns(a, b) && a.p50 == b.p50 && a.p90 == b.p90 && a.successRate == b.successRate
        && a.failingStep == b.failingStep && a.failingStepIndex == b.failingStepIndex
        && a.failingStepCount == b.failingStepCount;
}
} // namespace

TrendModel::TrendModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(RefreshDelayMs);
    connect(&m_refresh, &QTimer::timeout, this, &TrendModel::refresh);
    onLanguageChange(this, [this] { Q_EMIT changed(); }); // the summary's words
}

void TrendModel::setStore(Store *store, StoreReader *reader)
{
    if (m_store) {
        disconnect(m_store, nullptr, this, nullptr);
    }
    m_store = store;
    m_reader = reader;
    if (m_store) {
        connect(m_store, &Store::committed, this, &TrendModel::follow);
    }
    refresh();
}

void TrendModel::setKind(const QString &kind)
{
    const bool kindChanged = kind != m_kind;
    m_kind = kind;
    m_refresh.stop();
    if (kindChanged) {
        Q_EMIT changed();
    }
    read();
}

void TrendModel::refresh()
{
    read();
}

void TrendModel::read()
{
    if (!m_reader || m_kind.isEmpty()) {
        m_reads.cancel();
        show({});
        return;
    }
    m_reader->read<KindTrend>(
        m_reads, [kind = m_kind](const Store &store) { return store.kindTrend(kind); }, this,
        [this](const KindTrend &trend) { show(trend); });
}

void TrendModel::show(const KindTrend &trend)
{
    if (sameTrend(trend, m_trend)) {
        return;
    }
    // The strip is redrawn as a whole: runs shift by one when a new one comes in.
    beginResetModel();
    m_trend = trend;
    endResetModel();
    Q_EMIT changed();
}

void TrendModel::follow(const Changes &changes)
{
    if (m_kind.isEmpty() || m_refresh.isActive()) {
        return;
    }
    if (std::any_of(changes.jobs.cbegin(), changes.jobs.cend(),
            [this](const Job &job) { return job.kind == m_kind && isTerminal(job.status); })) {
        m_refresh.start();
    }
}

int TrendModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant TrendModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const KindTrend::Run &run = m_trend.runs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case KeyRole:
        return run.key;
    case StatusRole:
        return jobStatusName(run.status);
    case SecondsRole:
        return run.seconds;
    default:
        return {};
    }
}

QHash<int, QByteArray> TrendModel::roleNames() const
{
    return { { KeyRole, "key" }, { StatusRole, "status" }, { SecondsRole, "seconds" } };
}

double TrendModel::longest() const
{
    double longest = 0;
    for (const KindTrend::Run &run : m_trend.runs) {
        longest = std::max(longest, run.seconds);
    }
    return longest;
}

QString TrendModel::summary() const
{
    QStringList parts { tr("%1% succeeded").arg(std::llround(m_trend.successRate * 100)),
        tr("median %1").arg(Format::duration(p50())), tr("p90 %1").arg(Format::duration(p90())) };
    if (m_trend.failingStepCount > 0) {
        const QString step = m_trend.failingStep.isEmpty()
            ? tr("Step %1").arg(m_trend.failingStepIndex)
            : m_trend.failingStep;
        parts << tr("fails most at “%1” (%2×)").arg(step).arg(m_trend.failingStepCount);
    }
    return parts.join(u" \u00B7 "_s);
}

} // namespace jobpulse
