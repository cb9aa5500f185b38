#include "eta.h"

#include <algorithm>

namespace jobpulse {

double median(QList<double> values)
{
    if (values.isEmpty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 ? values.at(mid) : (values.at(mid - 1) + values.at(mid)) / 2;
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
