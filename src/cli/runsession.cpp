#include "runsession.h"

#include "cli/client.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <csignal>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

namespace {
constexpr qsizetype MaxLineBytes = 8192;
constexpr int FlushIntervalMs = 100;
constexpr int FinalWaitMs = 10000; // how long to wait for the receiver after the command ended
} // namespace

RunSession::RunSession(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &RunSession::flush);
    m_giveUp.setSingleShot(true);
    m_giveUp.setInterval(FinalWaitMs);
    connect(&m_giveUp, &QTimer::timeout, this, [this] {
        m_receiverDown = true;
        finishIfDone();
    });
    // A quiet command is not a dead one: the heartbeat keeps its job from being called stalled.
    m_heartbeat.setSingleShot(true);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        queue({ { u"type"_s, u"heartbeat"_s } }, false);
    });
    connect(&m_child, &QProcess::readyReadStandardOutput, this,
        [this] { readChannel(QProcess::StandardOutput); });
    connect(&m_child, &QProcess::readyReadStandardError, this,
        [this] { readChannel(QProcess::StandardError); });
    connect(&m_child, &QProcess::finished, this, &RunSession::childFinished);
    connect(&m_child, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            std::fprintf(stderr, "jobpulse run: cannot start %s: %s\n",
                qPrintable(m_options.program), qPrintable(m_child.errorString()));
            queue(
                { { u"type"_s, u"job.failed"_s },
                    { u"message"_s,
                        u"cannot start %1: %2"_s.arg(m_options.program, m_child.errorString()) } },
                true);
            m_childDone = true;
            m_exitStatus = 127;
            flush();
            finishIfDone();
        }
    });
}

void RunSession::start()
{
    QUrl base = m_options.eventsUrl;
    base.setPath(QString());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"JOBPULSE_URL"_s, base.toString());
    env.insert(u"JOBPULSE_JOB"_s, m_options.job);
    m_child.setProcessEnvironment(env);
    m_child.setInputChannelMode(QProcess::ForwardedInputChannel);
    QJsonObject started { { u"type"_s, u"job.started"_s },
        { u"message"_s, (QStringList { m_options.program } + m_options.arguments).join(u' ') } };
    if (!m_options.title.isEmpty()) {
        started.insert(u"title"_s, m_options.title);
    }
    if (!m_options.kind.isEmpty()) {
        started.insert(u"kind"_s, m_options.kind);
    }
    queue(started, true);
    flush();
    m_flushTimer.start();
    m_child.start(m_options.program, m_options.arguments);
}

void RunSession::signalChild(int signal)
{
    if (m_child.processId() > 0 && m_child.state() == QProcess::Running) {
        ::kill(static_cast<pid_t>(m_child.processId()), signal);
    }
}

void RunSession::readChannel(QProcess::ProcessChannel channel)
{
    m_child.setReadChannel(channel);
    const QByteArray data = m_child.readAll();
    const bool isOut = channel == QProcess::StandardOutput;
    // The user still sees the command's output as it comes.
    std::fwrite(data.constData(), 1, size_t(data.size()), isOut ? stdout : stderr);
    std::fflush(isOut ? stdout : stderr);
    if (m_receiverDown) {
        return; // nothing will be sent: pass the output through and do no more
    }
    QByteArray &partial = m_partial[isOut ? 0 : 1];
    const char *stream = isOut ? "stdout" : "stderr";
    qsizetype from = 0;
    for (qsizetype nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', from)) {
        if (partial.isEmpty()) {
            queueLine(QByteArrayView(data).sliced(from, nl - from), stream);
        } else {
            partial += QByteArrayView(data).sliced(from, nl - from);
            queueLine(partial, stream);
            partial.clear();
        }
        from = nl + 1;
    }
    partial += QByteArrayView(data).sliced(from);
    if (partial.size() > MaxLineBytes) { // an endless line is sent in pieces
        queueLine(partial, stream);
        partial.clear();
    }
}

void RunSession::queueLine(QByteArrayView line, const char *stream)
{
    ++m_lines;
    if (qsizetype(m_queue.size()) >= m_options.maxQueuedEvents) {
        ++m_dropped; // bounded memory: the receiver is slower than the command
        return;
    }
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    queue({ { u"type"_s, u"log"_s },
              { u"message"_s, QString::fromUtf8(line.first(std::min(line.size(), MaxLineBytes))) },
              { u"details"_s, QJsonObject { { u"stream"_s, QString::fromLatin1(stream) } } } },
        false);
}

void RunSession::queue(QJsonObject event, bool essential)
{
    if (m_receiverDown && !essential) {
        return;
    }
    if (!essential && qsizetype(m_queue.size()) >= m_options.maxQueuedEvents) {
        ++m_dropped; // bounded memory: the receiver is slower than the command
        return;
    }
    if (m_dropped > 0 && qsizetype(m_queue.size()) < m_options.maxQueuedEvents) {
        m_queue.push_back({ { u"type"_s, u"log"_s }, { u"job"_s, m_options.job },
            { u"message"_s,
                u"[jobpulse] %1 lines not sent: the receiver was slower than the command"_s.arg(
                    m_dropped) } });
        m_dropped = 0;
    }
    event.insert(u"job"_s, m_options.job);
    m_queue.push_back(std::move(event));
    if (m_options.heartbeatMs > 0 && !m_childDone) {
        m_heartbeat.start(m_options.heartbeatMs);
    }
    if (qsizetype(m_queue.size()) >= m_options.maxBatch) {
        flush();
    }
}

void RunSession::flush()
{
    if (m_inFlight || m_queue.empty()) {
        return;
    }
    if (m_receiverDown) {
        m_queue.clear();
        finishIfDone();
        return;
    }
    QJsonArray batch;
    while (!m_queue.empty() && batch.size() < m_options.maxBatch) {
        batch.append(m_queue.front());
        m_queue.pop_front();
    }
    const QByteArray body = QJsonDocument(batch).toJson(QJsonDocument::Compact);
    QNetworkRequest request = eventRequest(m_options.eventsUrl, body, QString(), QString());
    request.setTransferTimeout(5000);
    QNetworkReply *reply = m_network.post(request, body);
    m_inFlight = true;
    connect(reply, &QNetworkReply::finished, this, [this, reply, batch] {
        reply->deleteLater();
        m_inFlight = false;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            std::fprintf(stderr,
                "jobpulse run: the receiver at %s is unreachable (%s); the command runs on without "
                "it\n",
                qPrintable(m_options.eventsUrl.toString()), qPrintable(reply->errorString()));
            m_receiverDown = true;
            m_queue.clear();
        } else if (status >= 500) {
            // Try the same batch again on the next tick, ahead of what came since.
            for (qsizetype i = batch.size() - 1; i >= 0; --i) {
                m_queue.push_front(batch.at(i).toObject());
            }
        } else if (status >= 400) {
            std::fprintf(stderr, "jobpulse run: the receiver refused events: HTTP %d %s\n", status,
                reply->readAll().left(300).constData());
        }
        if (qsizetype(m_queue.size()) >= m_options.maxBatch || m_childDone) {
            flush();
        }
        finishIfDone();
    });
}

void RunSession::childFinished(int exitCode, QProcess::ExitStatus status)
{
    m_heartbeat.stop();
    for (int channel = 0; channel < 2; ++channel) {
        readChannel(channel == 0 ? QProcess::StandardOutput : QProcess::StandardError);
        if (!m_partial[channel].isEmpty()) {
            queueLine(m_partial[channel], channel == 0 ? "stdout" : "stderr");
            m_partial[channel].clear();
        }
    }
    QJsonObject end;
    if (status == QProcess::NormalExit && exitCode == 0) {
        m_exitStatus = 0;
        end = { { u"type"_s, u"job.succeeded"_s }, { u"message"_s, u"exit code 0"_s } };
    } else if (status == QProcess::NormalExit) {
        m_exitStatus = exitCode;
        end = { { u"type"_s, u"job.failed"_s }, { u"message"_s, u"exit code %1"_s.arg(exitCode) } };
    } else if (exitCode == SIGINT || exitCode == SIGTERM || exitCode == SIGHUP) {
        // Ctrl+C, a closed terminal or a stop request: the user ended it, it did not fail.
        m_exitStatus = 128 + exitCode;
        end = { { u"type"_s, u"job.canceled"_s },
            { u"message"_s,
                u"interrupted by signal %1 (%2)"_s.arg(exitCode).arg(
                    QString::fromLatin1(strsignal(exitCode))) } };
    } else {
        // QProcess reports the terminating signal as the exit code of a crash.
        m_exitStatus = 128 + exitCode;
        end = { { u"type"_s, u"job.failed"_s },
            { u"message"_s,
                u"killed by signal %1 (%2)"_s.arg(exitCode).arg(
                    QString::fromLatin1(strsignal(exitCode))) } };
    }
    end.insert(
        u"details"_s, QJsonObject { { u"exitCode"_s, m_exitStatus }, { u"lines"_s, m_lines } });
    m_childDone = true;
    queue(end, true);
    m_giveUp.start();
    flush();
    finishIfDone();
}

void RunSession::finishIfDone()
{
    if (!m_finished && m_childDone && (m_receiverDown || (m_queue.empty() && !m_inFlight))) {
        m_finished = true;
        m_flushTimer.stop();
        m_giveUp.stop();
        Q_EMIT finished(m_exitStatus);
    }
}

} // namespace jobpulse::cli
