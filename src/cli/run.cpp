// jobpulse run -- CMD: wraps a command in a job.
#include "cli/client.h"
#include "cli/runsession.h"
#include "cli/verbs.h"
#include "config/appconfig.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QFileInfo>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

namespace {

int forwardPipe[2] = { -1, -1 };

void onSignal(int signal)
{
    const char byte = static_cast<char>(signal);
    [[maybe_unused]] const auto n = ::write(forwardPipe[1], &byte, 1);
}

} // namespace

int run(const QStringList &arguments)
{
    // Everything after "--" is the command, untouched by our option parsing.
    const qsizetype dashes = arguments.indexOf(u"--"_s);
    const QStringList ours = dashes < 0 ? arguments : arguments.first(dashes);
    const QStringList command = dashes < 0 ? QStringList() : arguments.sliced(dashes + 1);

    QCommandLineParser p;
    p.setApplicationDescription(u"Run a command as a Jobpulse job: job.started, its output as log "
                                u"events, its exit code as success or failure. Exits with the "
                                u"command's own status."_s);
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(u"-- command"_s, u"The command and its arguments, after --."_s);
    const QCommandLineOption url(u"url"_s,
        u"Receiver URL (default $JOBPULSE_URL or http://%1)."_s.arg(
            ReceiverConfig::defaultListen()),
        u"URL"_s);
    const QCommandLineOption job(u"job"_s,
        u"The job's key (default $JOBPULSE_JOB, else the command's name and the time)."_s,
        u"KEY"_s);
    const QCommandLineOption title(
        u"title"_s, u"Display name (default: the command line)."_s, u"T"_s);
    const QCommandLineOption kind(
        u"kind"_s, u"Workflow name (default: the command's name)."_s, u"K"_s);
    const QCommandLineOption heartbeat(u"heartbeat"_s,
        u"Seconds without output after which a heartbeat event says the command is still alive "
        u"(default 30; 0: none)."_s,
        u"S"_s, u"30"_s);
    p.addOptions({ url, job, title, kind, heartbeat });
    processArguments(p, ours);
    if (command.isEmpty()) {
        std::fprintf(
            stderr, "jobpulse run: give the command after --, e.g. jobpulse run -- make test\n");
        return 2;
    }

    const QString name = QFileInfo(command.first()).fileName();
    RunSession::Options options;
    options.eventsUrl = eventsUrl(p.value(url));
    options.job = p.value(job);
    if (options.job.isEmpty()) {
        options.job = qEnvironmentVariable("JOBPULSE_JOB");
    }
    if (options.job.isEmpty()) {
        options.job =
            u"%1-%2-%3"_s.arg(name, QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s))
                .arg(QCoreApplication::applicationPid());
    }
    options.title = p.isSet(title) ? p.value(title) : command.join(u' ').left(200);
    options.kind = p.isSet(kind) ? p.value(kind) : name.left(200);
    bool heartbeatOk = false;
    const int heartbeatSeconds = p.value(heartbeat).toInt(&heartbeatOk);
    if (!heartbeatOk || heartbeatSeconds < 0 || heartbeatSeconds > 86400) {
        std::fprintf(stderr, "jobpulse run: --heartbeat takes seconds, 0 to 86400\n");
        return 2;
    }
    options.heartbeatMs = heartbeatSeconds * 1000;
    options.program = command.first();
    options.arguments = command.sliced(1);

    RunSession session(options);
    QEventLoop loop;
    int status = 0;
    QObject::connect(&session, &RunSession::finished, &loop, [&](int exitStatus) {
        status = exitStatus;
        loop.quit();
    });
    // SIGTERM, SIGHUP and SIGINT go to the command; we end when it ends. Ctrl+C in a terminal
    // reaches the command by itself (the terminal signals its whole foreground process group),
    // so a SIGINT is passed on only when we are not that group (kill -INT from a script).
    // A handler, not SIG_IGN: an ignored signal would stay ignored in the command.
    if (::pipe(forwardPipe) == 0) {
        auto *notifier = new QSocketNotifier(forwardPipe[0], QSocketNotifier::Read, &session);
        QObject::connect(notifier, &QSocketNotifier::activated, &session, [&session] {
            char signal = 0;
            if (::read(forwardPipe[0], &signal, 1) != 1) {
                return;
            }
            const bool fromTerminal = signal == SIGINT && ::tcgetpgrp(STDIN_FILENO) == ::getpgrp();
            if (!fromTerminal) {
                session.signalChild(signal);
            }
        });
        for (const int signal : { SIGTERM, SIGHUP, SIGINT }) {
            std::signal(signal, onSignal);
        }
    }
    session.start();
    loop.exec();
    return status;
}

} // namespace jobpulse::cli
