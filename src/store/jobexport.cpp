#include "jobexport.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

QString csvField(QString value)
{
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n')) {
        value.replace(u"\""_s, u"\"\""_s);
        return u'"' + value + u'"';
    }
    return value;
}

QString csvRow(const Job &job, const QDateTime &now)
{
    const auto iso = [](const QDateTime &t) {
        return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
    };
    return QStringList { csvField(job.key), csvField(job.title), csvField(job.kind),
        jobStatusName(job.status), csvField(job.state),
        job.progressKnown ? QString::number(job.progress) : QString(), iso(job.createdAt),
        iso(job.startedAt), iso(job.finishedAt), QString::number(job.elapsedSeconds(now), 'f', 3),
        csvField(job.error) }
               .join(u',')
        + u'\n';
}

} // namespace

qint64 exportJobs(const Store &store, JobQuery query, ExportFormat format, QIODevice *out)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool csv = format == ExportFormat::Csv;
    if (csv
        && out->write(
               "key,title,kind,status,state,progress,created,started,finished,elapsed,error\n")
            < 0) {
        return -1;
    }
    QJsonArray all;
    qint64 written = 0;
    query.before = 0;
    query.limit = 1000;
    do { // keyset pages, newest first, until the history or the date range ends
        const JobPage page = store.jobs(query);
        for (const Job &job : page.jobs) {
            ++written;
            if (csv) {
                if (out->write(csvRow(job, now).toUtf8()) < 0) {
                    return -1;
                }
                continue;
            }
            QJsonObject o = job.toJson(now);
            QJsonArray steps;
            for (const Step &s : store.steps(job.key)) {
                steps.append(s.toJson());
            }
            o.insert(u"steps"_s, steps);
            all.append(o);
        }
        query.before = page.next;
    } while (query.before != 0);
    if (!csv && out->write(QJsonDocument(all).toJson(QJsonDocument::Indented)) < 0) {
        return -1;
    }
    return written;
}

} // namespace jobpulse
