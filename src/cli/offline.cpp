// jobs, show, export: read the SQLite history directly, with or without the app running.
#include "api/json.h"
#include "cli/verbs.h"
#include "core/labels.h"
#include "store/jobexport.h"
#include "store/store.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

namespace {

const QCommandLineOption dbOption(u"db"_s,
    u"Database file or postgresql://user@host:port/dbname (default: the app's file)."_s,
    u"PATH|URL"_s);

bool openStore(Store &store, const QCommandLineParser &p, const char *verb)
{
    QString error;
    const QString path = p.isSet(dbOption) ? p.value(dbOption) : Store::defaultPath();
    if (!store.openReadOnly(path, &error)) {
        std::fprintf(stderr, "jobpulse %s: %s\n", verb, qPrintable(error));
        return false;
    }
    return true;
}

void print(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
}

void printJson(const QJsonValue &value)
{
    const QJsonDocument doc =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    print(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
}

QString duration(double seconds)
{
    if (seconds < 60) {
        return u"%1s"_s.arg(seconds, 0, 'f', 1);
    }
    const qint64 s = qint64(seconds);
    return s < 3600 ? u"%1m %2s"_s.arg(s / 60).arg(s % 60)
                    : u"%1h %2m"_s.arg(s / 3600).arg(s % 3600 / 60);
}

QString stepText(const Job &job)
{
    if (job.stepIndex == 0) {
        return {};
    }
    const QString of = job.stepTotal > 0 ? u"%1/%2"_s.arg(job.stepIndex).arg(job.stepTotal)
                                         : QString::number(job.stepIndex);
    return of + u' ' + job.stepName;
}

QString progressText(const Job &job)
{
    return job.progressKnown ? u"%1%"_s.arg(qRound(job.progress)) : u"-"_s;
}

} // namespace

int jobs(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(u"List jobs from the history, newest first."_s);
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption status(
        u"status"_s, u"queued, running, stalled, succeeded, failed, canceled or lost."_s, u"S"_s);
    const QCommandLineOption kind(u"kind"_s, u"Only this workflow."_s, u"K"_s);
    const QCommandLineOption search(u"search"_s,
        u"Words to find (as word prefixes) in the key, title, kind, error or a log line."_s,
        u"Q"_s);
    const QCommandLineOption label(u"label"_s,
        u"Only jobs with this label, as name=value (repository=acme/api); repeat for more, "
        u"all must match."_s,
        u"K=V"_s);
    const QCommandLineOption parent(
        u"parent"_s, u"Only the jobs that are part of job KEY."_s, u"KEY"_s);
    const QCommandLineOption limit(u"limit"_s, u"At most N jobs (default 50)."_s, u"N"_s, u"50"_s);
    const QCommandLineOption json(u"json"_s, u"Print JSON."_s);
    p.addOptions({ dbOption, status, kind, search, label, parent, limit, json });
    processArguments(p, arguments);
    JobQuery q;
    if (p.isSet(status)) {
        q.status = jobStatusFromName(p.value(status));
        if (!q.status) {
            std::fprintf(stderr,
                "jobpulse jobs: --status is queued, running, stalled, succeeded, failed, canceled "
                "or lost\n");
            return 2;
        }
    }
    q.kind = p.value(kind);
    q.parent = p.value(parent);
    for (const QString &text : p.values(label)) {
        const auto filter = parseLabelFilter(text);
        if (!filter) {
            std::fprintf(stderr,
                "jobpulse jobs: --label is name=value, such as branch=main (got '%s')\n",
                qPrintable(text));
            return 2;
        }
        q.labels.append(*filter);
    }
    q.search = p.value(search);
    q.limit = std::max(1, p.value(limit).toInt());
    Store store;
    if (!openStore(store, p, "jobs")) {
        return 1;
    }
    const QList<Job> list = store.jobs(q).jobs;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (p.isSet(json)) {
        QJsonArray array;
        for (const Job &job : list) {
            array.append(job.toJson(now));
        }
        printJson(array);
        return 0;
    }
    print(u"%1 %2 %3 %4 %5 %6\n"_s.arg(u"KEY"_s, -24)
              .arg(u"STATUS"_s, -10)
              .arg(u"PROGRESS"_s, 8)
              .arg(u"ELAPSED"_s, 9)
              .arg(u"STEP"_s, -28)
              .arg(u"TITLE"_s));
    for (const Job &job : list) {
        const QString status = job.state.isEmpty() || isTerminal(job.status)
            ? jobStatusName(job.status)
            : jobStatusName(job.status) + u'/' + job.state;
        print(u"%1 %2 %3 %4 %5 %6\n"_s.arg(job.key, -24)
                  .arg(status, -10)
                  .arg(progressText(job), 8)
                  .arg(duration(job.elapsedSeconds(now)), 9)
                  .arg(stepText(job).left(28), -28)
                  .arg(job.title));
    }
    return 0;
}

namespace {

// Pages through the log in the store, so that a 1,000,000-line log streams in bounded memory.
int printLog(const Store &store, const QString &key, bool json)
{
    qint64 from = 1;
    for (;;) {
        const auto page = store.logPage(key, from, Store::MaxLogPage);
        if (!page) {
            std::fprintf(stderr, "jobpulse show: no job '%s'\n", qPrintable(key));
            return 1;
        }
        QByteArray out;
        for (const StoredLogLine &line : page->lines) {
            out += json ? QJsonDocument(api::logLine(line)).toJson(QJsonDocument::Compact)
                        : line.text.toUtf8();
            out += '\n';
        }
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
        if (page->lines.isEmpty() || page->next > page->total) {
            return std::fflush(stdout) == 0 ? 0 : 1;
        }
        from = page->next;
    }
}

} // namespace

int show(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(u"Show one job: its state, steps and recent log."_s);
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(u"key"_s, u"The job's key."_s);
    const QCommandLineOption json(u"json"_s, u"Print JSON."_s);
    const QCommandLineOption log(u"log"_s,
        u"Print the job's whole log, one line each, oldest first (with --json: one JSON "
        u"object per line)."_s);
    p.addOptions({ dbOption, json, log });
    processArguments(p, arguments);
    if (p.positionalArguments().size() != 1) {
        std::fprintf(stderr, "jobpulse show: give one job key\n");
        return 2;
    }
    Store store;
    if (!openStore(store, p, "show")) {
        return 1;
    }
    const QString key = p.positionalArguments().first();
    if (p.isSet(log)) {
        return printLog(store, key, p.isSet(json));
    }
    const auto detail = store.job(key, 20);
    if (!detail) {
        std::fprintf(stderr, "jobpulse show: no job '%s'\n", qPrintable(key));
        return 1;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Job &job = detail->job;
    if (p.isSet(json)) {
        printJson(api::jobDetail(*detail, now));
        return 0;
    }
    print(u"%1  %2\n"_s.arg(job.key, job.title));
    print(u"status    %1%2\nprogress  %3\nelapsed   %4\n"_s.arg(jobStatusName(job.status))
              .arg(job.state.isEmpty() ? QString() : u" ("_s + job.state + u')')
              .arg(progressText(job), duration(job.elapsedSeconds(now))));
    if (!job.kind.isEmpty()) {
        print(u"kind      %1\n"_s.arg(job.kind));
    }
    if (!job.error.isEmpty()) {
        print(u"error     %1\n"_s.arg(job.error));
    }
    if (!detail->steps.isEmpty()) {
        print(u"steps\n"_s);
        for (const Step &s : detail->steps) {
            print(u"  %1 %2 %3 %4\n"_s.arg(s.index, 3)
                      .arg(stepStatusName(s.status), -10)
                      .arg(s.name, -32)
                      .arg(s.duration ? duration(*s.duration) : QString()));
        }
    }
    print(u"log\n"_s);
    for (const StoredEvent &e : detail->recent) {
        const QList<LogLine> lines = logLines(e.event);
        const QString text = !lines.isEmpty() ? lines.last().text
            : e.event.message.isEmpty()       ? eventTypeName(e.event.type)
                                              : e.event.message;
        print(u"  %1  %2\n"_s.arg(
            e.event.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s), text));
    }
    return 0;
}

int exportJobs(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(u"Export the job history as JSON or CSV."_s);
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption format(u"format"_s, u"json or csv."_s, u"F"_s);
    const QCommandLineOption since(u"since"_s,
        u"Only jobs created on or after this date (YYYY-MM-DD or RFC 3339)."_s, u"DATE"_s);
    p.addOptions({ dbOption, format, since });
    processArguments(p, arguments);
    if (p.value(format) != u"json" && p.value(format) != u"csv") {
        std::fprintf(stderr, "jobpulse export: --format is json or csv\n");
        return 2;
    }
    QDateTime from;
    if (p.isSet(since)) {
        from = parseRfc3339(p.value(since));
        if (!from.isValid()) {
            from = QDateTime(QDate::fromString(p.value(since), Qt::ISODate), QTime(0, 0));
        }
        if (!from.isValid()) {
            std::fprintf(stderr, "jobpulse export: --since wants a date such as 2026-11-01\n");
            return 2;
        }
    }
    Store store;
    if (!openStore(store, p, "export")) {
        return 1;
    }
    JobQuery query;
    query.createdFrom = from;
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly)
        || jobpulse::exportJobs(store, query,
               p.value(format) == u"csv" ? ExportFormat::Csv : ExportFormat::Json, &out)
            < 0) {
        std::fprintf(stderr, "jobpulse export: %s\n", qPrintable(out.errorString()));
        return 1;
    }
    return 0;
}

Verb verb(const QString &name)
{
    static const QHash<QString, Verb> verbs {
        { u"send"_s, &send },
        { u"run"_s, &run },
        { u"jobs"_s, &jobs },
        { u"show"_s, &show },
        { u"export"_s, &exportJobs },
        { u"tail"_s, &tail },
        { u"listen"_s, &listen },
    };
    return verbs.value(name, nullptr);
}

} // namespace jobpulse::cli
