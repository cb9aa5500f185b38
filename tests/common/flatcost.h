#pragma once
// Shared by the tests of constant cost per event (issue 12). A long run to one job is timed
// in equal chunks, each paired with the same work done at the same moment to a fresh job;
// the hot chunk's time over its fresh twin's is compared between the run's last tenth and
// its first. The pairing cancels what the machine does meanwhile (another build taking a
// core slows both twins alike), the medians a single disturbed chunk, and a ratio a slow
// machine: what is left is what the job's history costs.

#include <QList>
#include <QString>
#include <algorithm>

namespace jobpulse::testing {

class ChunkTimes
{
public:
    /** One chunk: @p hotNs for the long job's events, @p freshNs for a new job's. */
    void append(qint64 hotNs, qint64 freshNs)
    {
        m_hot.append(static_cast<double>(hotNs));
        m_fresh.append(static_cast<double>(freshNs));
    }

    /** The last tenth's median hot/fresh ratio over the first tenth's: 1 is flat. */
    double lastOverFirst() const { return ratio(lastTenth()) / ratio(firstTenth()); }

    /** The medians of both tenths, for a failure's message. */
    QString summary() const
    {
        const auto ms = [](double ns) { return QString::number(ns / 1e6, 'f', 2); };
        return QStringLiteral("%1 chunks; first tenth: %2 ms a chunk (fresh job %3 ms), "
                              "last tenth: %4 ms (fresh job %5 ms)")
            .arg(m_hot.size())
            .arg(ms(median(m_hot, firstTenth())), ms(median(m_fresh, firstTenth())),
                ms(median(m_hot, lastTenth())), ms(median(m_fresh, lastTenth())));
    }

private:
    struct Range
    {
        qsizetype from;
        qsizetype count;
    };

    Range firstTenth() const { return { 0, tenth() }; }
    Range lastTenth() const { return { m_hot.size() - tenth(), tenth() }; }
    qsizetype tenth() const { return std::max<qsizetype>(1, m_hot.size() / 10); }

    double ratio(Range r) const
    {
        QList<double> ratios;
        for (qsizetype i = r.from; i < r.from + r.count; ++i) {
            ratios.append(m_hot.at(i) / std::max(1.0, m_fresh.at(i)));
        }
        return median(ratios, { 0, ratios.size() });
    }

    static double median(const QList<double> &values, Range r)
    {
        QList<double> part = values.mid(r.from, r.count);
        if (part.isEmpty()) {
            return 0;
        }
        std::sort(part.begin(), part.end());
        return part.at(part.size() / 2);
    }

    QList<double> m_hot;
    QList<double> m_fresh;
};

} // namespace jobpulse::testing
