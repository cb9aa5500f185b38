// run's log chunk encoding: one 512 KiB chunk of `seq`-like lines (and of lines that need
// escapes or are not UTF-8) as the QJsonArray of QStrings run built before, through
// QJsonDocument::toJson, and through LogChunkWriter. Prints the medians of 15 of each; both
// bodies must parse as the same JSON. Usage: jobpulse-bench-logchunk
#include "cli/logchunk.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

bool measure(const char *name, const QList<QByteArray> &lines)
{
    std::vector<double> before;
    std::vector<double> after;
    qsizetype size = 0;
    for (int run = 0; run < 15; ++run) {
        QElapsedTimer timer;
        timer.start();
        QJsonArray array;
        for (const QByteArray &line : lines) {
            array.append(QString::fromUtf8(line));
        }
        const QByteArray viaQJson = QJsonDocument(
            QJsonArray { QJsonObject { { u"type"_s, u"log"_s }, { u"job"_s, u"seq"_s },
                { u"stream"_s, u"stdout"_s }, { u"lines"_s, array } } })
                                        .toJson(QJsonDocument::Compact);
        before.push_back(double(timer.nsecsElapsed()) / 1e6);

        timer.restart();
        QByteArray body = "[";
        body.reserve(viaQJson.size() + 1024);
        jobpulse::cli::LogChunkWriter chunk(body, u"seq"_s);
        for (const QByteArray &line : lines) {
            chunk.addLine(line, false);
        }
        chunk.finish();
        body += ']';
        after.push_back(double(timer.nsecsElapsed()) / 1e6);
        size = body.size();
        if (QJsonDocument::fromJson(viaQJson) != QJsonDocument::fromJson(body)) {
            std::fprintf(stderr, "%s: the two bodies differ\n", name);
            return false;
        }
    }
    std::printf("%-10s lines=%lld body_bytes=%lld  qjsonarray_ms=%.2f  logchunkwriter_ms=%.2f\n",
        name, static_cast<long long>(lines.size()), static_cast<long long>(size), median(before),
        median(after));
    return true;
}

QList<QByteArray> chunkOf(const std::function<QByteArray(int)> &line)
{
    QList<QByteArray> lines;
    for (qsizetype bytes = 0, i = 0; bytes < 512 * 1024; ++i) {
        lines << line(int(i));
        bytes += lines.last().size() + 3;
    }
    return lines;
}

} // namespace

int main()
{
    const bool ok = measure("seq", chunkOf([](int i) { return QByteArray::number(500000 + i); }))
        && measure("escapes", chunkOf([](int i) {
               return "\tsrc/main.cpp:" + QByteArray::number(i) + ": \"warning\" \\ unused";
           }))
        && measure("not-utf8",
            chunkOf([](int i) { return "caf\xE9 " + QByteArray::number(i) + " \xFF"; }));
    return ok ? 0 : 1;
}
