// Fuzz target: cctray.org XML feeds (poll sources with format cctray) and the build
// transitions they become. Two snapshots: the input split at its first NUL.
#include "sources/pollsource.h"

#include <QJsonObject>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype nul = bytes.indexOf('\0');
    const QList<QByteArray> snapshots = nul < 0
        ? QList<QByteArray> { bytes }
        : QList<QByteArray> { bytes.left(nul), bytes.mid(nul + 1) };
    QJsonObject state;
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1795000000, Qt::UTC);
    for (const QByteArray &xml : snapshots) {
        QString error;
        const auto projects = jobpulse::parseCctray(xml, &error);
        if (!projects) {
            if (error.isEmpty()) {
                std::abort(); // a refusal always says why
            }
            continue;
        }
        for (const jobpulse::Event &e :
            jobpulse::cctrayChanges(*projects, state, QStringLiteral("ci"), now)) {
            if (e.job.isEmpty() || e.job.size() > jobpulse::MaxKeyLength || !e.time.isValid()) {
                std::abort();
            }
        }
    }
    return 0;
}
