#include "eta.h"

#include <algorithm>
#include <cmath>

namespace jobpulse {

double percentile(QList<double> values, double q)
{
    if (values.isEmpty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const double at = std::clamp(q, 0.0, 1.0) * double(values.size() - 1);
    const auto below = qsizetype(std::floor(at));
    const qsizetype above = std::min(below + 1, values.size() - 1);
    return values.at(below) + (values.at(above) - values.at(below)) * (at - double(below));
}

std::optional<double> estimateRemaining(
    const Job &job, const QList<Step> &steps, const KindHistory &history, const QDateTime &now)
{
    if (job.status != JobStatus::Running || history.runs < KindHistory::MinimumRuns) {
        return std::nullopt;
    }
    if (!history.stepMedian.isEmpty()) {
        int last = job.stepTotal;
        for (auto it = history.stepMedian.begin(); it != history.stepMedian.end(); ++it) {
            last = std::max(last, it.key());
        }
        QHash<int, const Step *> byIndex;
        for (const Step &s : steps) {
            byIndex.insert(s.index, &s);
        }
        double left = 0;
        bool known = false;
        for (int index = 1; index <= last; ++index) {
            const auto med = history.stepMedian.constFind(index);
            if (med == history.stepMedian.cend()) {
                continue;
            }
            known = true;
            const Step *step = byIndex.value(index);
            if (step
                && (step->status == StepStatus::Succeeded || step->status == StepStatus::Skipped)) {
                continue;
            }
            double spent = 0;
            if (step && step->status == StepStatus::Running && step->startedAt.isValid()) {
                spent = step->startedAt.msecsTo(now) / 1000.0;
            }
            left += std::max(0.0, *med - spent);
        }
        if (known) {
            return left;
        }
    }
    if (history.durationMedian) {
        return std::max(0.0, *history.durationMedian - job.elapsedSeconds(now));
    }
    return std::nullopt;
}

} // namespace jobpulse
