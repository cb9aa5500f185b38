#include "steplistmodel.h"

#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

StepListModel::StepListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void StepListModel::setStore(Store *store)
{
    if (m_store) {
        disconnect(m_store, nullptr, this, nullptr);
    }
    m_store = store;
    if (m_store) {
        connect(m_store, &Store::committed, this, &StepListModel::apply);
    }
    const QString key = m_key;
    m_key.clear();
    setJobKey(key);
}

void StepListModel::setJobKey(const QString &key)
{
    if (key == m_key && !key.isEmpty()) {
        return;
    }
    beginResetModel();
    m_key = key;
    m_steps = (m_store && !key.isEmpty()) ? m_store->steps(key) : QList<Step>();
    std::sort(m_steps.begin(), m_steps.end(),
        [](const Step &a, const Step &b) { return a.index < b.index; });
    m_upcoming.clear();
    m_stepTotal = 0;
    m_succeeded = false;
    endResetModel();
    Q_EMIT countChanged();
    Q_EMIT jobKeyChanged();
}

int StepListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

double StepListModel::durationOf(const Step &step)
{
    if (step.duration) {
        return *step.duration;
    }
    if (step.startedAt.isValid() && step.finishedAt.isValid()) {
        return std::max<qint64>(0, step.startedAt.msecsTo(step.finishedAt)) / 1000.0;
    }
    return -1;
}

QString StepListModel::detailsText(const QJsonObject &details)
{
    QStringList parts;
    for (auto it = details.begin(); it != details.end(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isString()) {
            text = v.toString();
        } else if (v.isDouble()) {
            text = QString::number(v.toDouble());
        } else if (v.isBool()) {
            text = v.toBool() ? u"true"_s : u"false"_s;
        } else if (v.isNull()) {
            text = u"null"_s;
        } else {
            text = QString::fromUtf8(v.isArray()
                    ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                    : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        }
        parts.append(it.key() + u": "_s + text);
    }
    return parts.join(u", "_s);
}

double StepListModel::slowest() const
{
    double max = 0;
    for (const Step &s : m_steps) {
        max = std::max(max, durationOf(s));
    }
    return max;
}

double StepListModel::medianOf(const Step &step) const
{
    if (m_history.runs < KindHistory::MinimumRuns) {
        return -1;
    }
    return m_history.stepMedian.value(step.index, -1);
}

double StepListModel::scale() const
{
    // A step slower than usual and one faster than usual both keep their tick on the bar.
    double max = slowest();
    for (const QList<Step> *steps : { &m_steps, &m_upcoming }) {
        for (const Step &s : *steps) {
            max = std::max(max, medianOf(s));
        }
    }
    return max;
}

void StepListModel::setHistory(const KindHistory &history)
{
    const double before = scale();
    m_history = history;
    updateUpcoming();
    if (count() > 0) {
        Q_EMIT dataChanged(index(0), index(count() - 1), { MedianRole, MedianFractionRole });
    }
    signalScale(before);
}

void StepListModel::setPlan(int stepTotal, bool succeeded)
{
    if (stepTotal == m_stepTotal && succeeded == m_succeeded) {
        return;
    }
    m_stepTotal = stepTotal;
    m_succeeded = succeeded;
    updateUpcoming();
}

QList<Step> StepListModel::planAhead() const
{
    QList<Step> ahead;
    if (m_key.isEmpty() || m_succeeded) {
        return ahead; // a job that succeeded did all it was going to do
    }
    // The job's own total decides; without one, the kind's newest run shows the way.
    int last = m_stepTotal;
    if (last <= 0) {
        for (auto it = m_history.stepNames.cbegin(); it != m_history.stepNames.cend(); ++it) {
            last = std::max(last, it.key());
        }
    }
    const int reached = m_steps.isEmpty() ? 0 : m_steps.constLast().index;
    for (int i = reached + 1; i <= std::min(last, reached + MaxUpcoming); ++i) {
        Step step;
        step.index = i;
        step.name = m_history.stepNames.value(i);
        ahead.append(step);
    }
    return ahead;
}

void StepListModel::updateUpcoming()
{
    const QList<Step> ahead = planAhead();
    if (ahead == m_upcoming) {
        return;
    }
    const int first = int(m_steps.size());
    if (!m_upcoming.isEmpty()) {
        beginRemoveRows({}, first, first + int(m_upcoming.size()) - 1);
        m_upcoming.clear();
        endRemoveRows();
    }
    if (!ahead.isEmpty()) {
        beginInsertRows({}, first, first + int(ahead.size()) - 1);
        m_upcoming = ahead;
        endInsertRows();
    }
    Q_EMIT countChanged();
}

void StepListModel::signalScale(double before)
{
    if (scale() != before && !m_steps.isEmpty()) {
        // Every bar and tick is scaled to the same maximum.
        Q_EMIT dataChanged(index(0), index(count() - 1), { FractionRole, MedianFractionRole });
    }
}

QVariant StepListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const bool upcoming = index.row() >= m_steps.size();
    const Step &step =
        upcoming ? m_upcoming.at(index.row() - m_steps.size()) : m_steps.at(index.row());
    switch (role) {
    case UpcomingRole:
        return upcoming;
    case IndexRole:
        return step.index;
    case Qt::DisplayRole:
    case NameRole:
        return step.name;
    case StatusRole:
        return stepStatusName(step.status);
    case DurationRole:
        return durationOf(step);
    case DetailsRole:
        return detailsText(step.details);
    case FractionRole:
    case MedianFractionRole: {
        const double max = scale();
        const double d = role == FractionRole ? durationOf(step) : medianOf(step);
        return (max > 0 && d > 0) ? d / max : 0.0;
    }
    case MedianRole:
        return medianOf(step);
    default:
        return {};
    }
}

QHash<int, QByteArray> StepListModel::roleNames() const
{
    return {
        { IndexRole, "number" },
        { NameRole, "name" },
        { StatusRole, "status" },
        { DurationRole, "duration" },
        { DetailsRole, "details" },
        { FractionRole, "fraction" },
        { MedianRole, "median" },
        { MedianFractionRole, "medianFraction" },
        { UpcomingRole, "upcoming" },
    };
}

void StepListModel::apply(const Changes &changes)
{
    if (m_key.isEmpty()) {
        return;
    }
    for (const auto &[key, step] : changes.steps) {
        if (key == m_key) {
            upsert(step);
        }
    }
}

void StepListModel::upsert(const Step &step)
{
    const double scaleBefore = scale();
    const auto it = std::lower_bound(m_steps.begin(), m_steps.end(), step.index,
        [](const Step &s, int index) { return s.index < index; });
    const int row = int(it - m_steps.begin());
    if (it != m_steps.end() && it->index == step.index) {
        const Step before = *it;
        *it = step;
        QList<int> roles;
        if (before.name != step.name) {
            roles << NameRole << Qt::DisplayRole;
        }
        if (before.status != step.status) {
            roles << StatusRole;
        }
        if (durationOf(before) != durationOf(step)) {
            roles << DurationRole << FractionRole;
        }
        if (before.details != step.details) {
            roles << DetailsRole;
        }
        if (!roles.isEmpty()) {
            Q_EMIT dataChanged(index(row), index(row), roles);
        }
    } else {
        beginInsertRows({}, row, row);
        m_steps.insert(row, step);
        endInsertRows();
        Q_EMIT countChanged();
        updateUpcoming(); // the step reached is not ahead any more
    }
    signalScale(scaleBefore);
}

} // namespace jobpulse
