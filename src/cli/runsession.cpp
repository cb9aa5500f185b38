#include "runsession.h"

#include "cli/client.h"
#include "cli/logchunk.h"
#include "core/event.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <algorithm>
#include <csignal>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

namespace {
constexpr qsizetype MaxLineBytes = 8192;
constexpr int FlushIntervalMs = 100;
constexpr int FinalWaitMs = 10000; // after the command ended: how long a receiver may stall
constexpr qint64 MinRequestBytes = 16 * 1024; // the smallest chunk a 413 makes run send

/** @p body (a batch run sent) as two requests with half of it each, in order: half of its
 *  events, or of its one log event's lines. Empty when it cannot be halved. */
QList<QByteArray> halved(const QByteArray &body)
{
    const QJsonArray batch = QJsonDocument::fromJson(body).array();
    QJsonArray first;
    QJsonArray second;
    if (batch.size() >= 2) {
        for (qsizetype i = 0; i < batch.size(); ++i) {
            (i < batch.size() / 2 ? first : second).append(batch.at(i));
        }
    } else if (batch.size() == 1 && batch.first()[u"lines"_s].toArray().size() >= 2) {
        QJsonObject head = batch.first().toObject();
        QJsonObject tail = head;
        const QJsonArray lines = head.value(u"lines"_s).toArray();
        QJsonArray headLines;
        QJsonArray tailLines;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            (i < lines.size() / 2 ? headLines : tailLines).append(lines.at(i));
        }
        head.insert(u"lines"_s, headLines);
        tail.insert(u"lines"_s, tailLines);
        first.append(head);
        second.append(tail);
    } else {
        return {};
    }
    return { QJsonDocument(first).toJson(QJsonDocument::Compact),
        QJsonDocument(second).toJson(QJsonDocument::Compact) };
}
} // namespace

RunSession::RunSession(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_spool(m_options.spoolMemoryBytes)
    , m_maxRequestBytes(m_options.maxRequestBytes)
{
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &RunSession::flush);
    m_hold.setSingleShot(true); // a 429's Retry-After
    connect(&m_hold, &QTimer::timeout, this, &RunSession::flush);
    m_giveUp.setSingleShot(true);
    m_giveUp.setInterval(FinalWaitMs);
    connect(&m_giveUp, &QTimer::timeout, this, [this] {
        m_receiverDown = true;
        finishIfDone();
    });
    // A quiet command is not a dead one: the heartbeat keeps its job from being called stalled.
    m_heartbeat.setSingleShot(true);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        m_heartbeatDue = true;
        flush();
        if (!m_childDone) {
            m_heartbeat.start(m_options.heartbeatMs);
        }
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
            m_end = QJsonObject { { u"type"_s, u"job.failed"_s }, { u"job"_s, m_options.job },
                { u"message"_s,
                    u"cannot start %1: %2"_s.arg(m_options.program, m_child.errorString()) } };
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
    QJsonObject started { { u"type"_s, u"job.started"_s }, { u"job"_s, m_options.job },
        { u"message"_s, (QStringList { m_options.program } + m_options.arguments).join(u' ') } };
    if (!m_options.title.isEmpty()) {
        started.insert(u"title"_s, m_options.title);
    }
    if (!m_options.kind.isEmpty()) {
        started.insert(u"kind"_s, m_options.kind);
    }
    m_started = started;
    flush();
    m_flushTimer.start();
    m_child.start(m_options.program, m_options.arguments);
    if (m_options.heartbeatMs > 0) {
        m_heartbeat.start(m_options.heartbeatMs);
    }
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
    // Read into (and build the records in) buffers kept across reads: a fresh QByteArray per
    // read was a malloc and a page-faulting copy each time.
    QByteArray &data = m_read;
    data.resize(std::max<qint64>(m_child.bytesAvailable(), 0));
    data.resize(std::max<qint64>(m_child.read(data.data(), data.size()), 0));
    if (!data.isEmpty() && m_heartbeat.isActive()) {
        m_heartbeat.start(m_options.heartbeatMs); // output is news enough
    }
    const bool isOut = channel == QProcess::StandardOutput;
    // The user still sees the command's output as it comes.
    std::fwrite(data.constData(), 1, size_t(data.size()), isOut ? stdout : stderr);
    std::fflush(isOut ? stdout : stderr);
    if (m_receiverDown) {
        return; // nothing will be sent: pass the output through and do no more
    }
    QByteArray &partial = m_partial[isOut ? 0 : 1];
    const bool isStderr = !isOut;
    // All the lines of this read go to the spool at once: a per-line append made run slower
    // than `yes`.
    QByteArray &records = m_records;
    records.resize(0); // keeps its capacity
    records.reserve(data.size() + data.size() / 4 + 16);
    qsizetype from = 0;
    for (qsizetype nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', from)) {
        if (partial.isEmpty()) {
            addLine(records, QByteArrayView(data).sliced(from, nl - from), isStderr);
        } else {
            partial += QByteArrayView(data).sliced(from, nl - from);
            addLine(records, partial, isStderr);
            partial.clear();
        }
        from = nl + 1;
    }
    partial += QByteArrayView(data).sliced(from);
    if (partial.size() > MaxLineBytes) { // an endless line is sent in pieces
        addLine(records, partial, isStderr);
        partial.clear();
    }
    queueRecords(records);
}

void RunSession::addLine(QByteArray &records, QByteArrayView line, bool isStderr)
{
    ++m_lines;
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    records += LogSpool::streamLetter(isStderr);
    records += line.first(std::min(line.size(), MaxLineBytes));
    records += '\n';
}

void RunSession::queueRecords(const QByteArray &records)
{
    if (records.isEmpty()) {
        return;
    }
    m_spool.appendRecords(records);
    if (m_spool.pendingBytes() >= m_maxRequestBytes) {
        flush();
    }
}

void RunSession::flush()
{
    if (m_receiverDown) {
        finishIfDone();
        return;
    }
    if (m_inFlight || m_hold.isActive()) {
        prepareAhead();
        return;
    }
    QByteArray body = !m_resend.isEmpty() ? m_resend.takeFirst()
        : !m_ready.isEmpty()              ? std::exchange(m_ready, {})
                                          : nextBody();
    if (body.isEmpty()) {
        finishIfDone();
        return;
    }
    send(body); // the next chunk is made ready once this one is uploaded
}

void RunSession::prepareAhead()
{
    // Not while a request is uploading: QNetworkAccessManager's thread takes the body from
    // this one, so encoding now held the upload up (by the encoding's 30 ms a chunk).
    if (m_uploading) {
        return;
    }
    // While one request is in flight, the next full chunk is encoded now rather than after
    // its answer: the receiver's commit and run's own JSON work overlap instead of taking
    // turns. Only a full chunk (or the last one): a busy receiver lets the next chunk grow.
    if (m_ready.isEmpty() && (m_childDone || m_spool.pendingBytes() >= m_maxRequestBytes)) {
        m_ready = nextBody();
    }
}

QByteArray RunSession::nextBody()
{
    // Elements of the batch's JSON array, written as they come: the log event's lines go
    // straight from the spool into the body (LogChunkWriter says why).
    QByteArray body;
    const auto add = [&body](const QJsonObject &event) {
        body += body.isEmpty() ? '[' : ',';
        body += QJsonDocument(event).toJson(QJsonDocument::Compact);
    };
    if (m_started) {
        add(*std::exchange(m_started, std::nullopt));
    }
    if (!m_spool.isEmpty()) {
        body.reserve(body.size() + m_maxRequestBytes + 1024);
        body += body.isEmpty() ? '[' : ',';
        LogChunkWriter chunk(body, m_options.job);
        m_spool.take(m_maxRequestBytes, MaxLogLines,
            [&chunk](QByteArrayView line, bool isStderr) { chunk.addLine(line, isStderr); });
        chunk.finish();
    }
    if (std::exchange(m_heartbeatDue, false) && body.isEmpty()) {
        add(QJsonObject { { u"type"_s, u"heartbeat"_s }, { u"job"_s, m_options.job } });
    }
    if (m_childDone && m_end && m_spool.isEmpty()) {
        add(*std::exchange(m_end, std::nullopt));
    }
    if (!body.isEmpty()) {
        body += ']';
    }
    return body;
}

void RunSession::send(const QByteArray &body)
{
    QNetworkRequest request = eventRequest(m_options.eventsUrl, body, QString(), QString());
    request.setTransferTimeout(5000);
    QNetworkReply *reply = m_network.post(request, body);
    m_inFlight = true;
    m_uploading = true;
    connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64 total) {
        if (m_uploading && sent == total) {
            m_uploading = false;
            prepareAhead();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, body] {
        reply->deleteLater();
        m_inFlight = false;
        m_uploading = false;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            std::fprintf(stderr,
                "jobpulse run: the receiver at %s is unreachable (%s); the command runs on without "
                "it\n",
                qPrintable(m_options.eventsUrl.toString()), qPrintable(reply->errorString()));
            m_receiverDown = true;
            m_ready.clear();
        } else if (const QList<QByteArray> halves =
                       status == 413 ? halved(body) : QList<QByteArray>();
                   !halves.isEmpty()) {
            // The receiver takes smaller requests (receiver.maxBodyBytes): the same lines again
            // in two, and smaller chunks from now on.
            if (m_maxRequestBytes > body.size() / 2) {
                m_maxRequestBytes = std::max(MinRequestBytes, body.size() / 2);
                std::fprintf(stderr,
                    "jobpulse run: the receiver refused a %lld-byte request as too large; "
                    "sending chunks of at most %lld bytes\n",
                    static_cast<long long>(body.size()), static_cast<long long>(m_maxRequestBytes));
            }
            m_resend = halves + m_resend;
        } else if (status >= 500 || status == 429) {
            // The same request again, ahead of what came since: on the next tick, or when a
            // rate limit's Retry-After has passed.
            m_resend.prepend(body);
            if (status == 429) {
                const int seconds = reply->rawHeader("Retry-After").toInt();
                m_hold.start(std::clamp(seconds, 1, 60) * 1000);
            }
        } else if (status >= 400) {
            std::fprintf(stderr, "jobpulse run: the receiver refused events: HTTP %d %s\n", status,
                reply->readAll().left(300).constData());
        }
        if (m_childDone && status > 0 && status < 500) {
            m_giveUp.start(); // it makes progress: wait on while it does
        }
        // Go on at once with a chunk made ready meanwhile, a full one or after the command
        // ended; else the tick sends what came meanwhile.
        if ((status == 413 && !m_resend.isEmpty())
            || (m_resend.isEmpty()
                && (!m_ready.isEmpty() || m_childDone
                    || m_spool.pendingBytes() >= m_maxRequestBytes / 4))) {
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
            QByteArray records;
            addLine(records, m_partial[channel], channel == 1);
            queueRecords(records);
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
    end.insert(u"job"_s, m_options.job);
    m_childDone = true;
    m_end = end;
    m_giveUp.start();
    flush();
    finishIfDone();
}

void RunSession::finishIfDone()
{
    const bool sent = !m_inFlight && m_spool.isEmpty() && !m_started && !m_end && m_resend.isEmpty()
        && m_ready.isEmpty();
    if (!m_finished && m_childDone && (m_receiverDown || sent)) {
        m_finished = true;
        m_flushTimer.stop();
        m_giveUp.stop();
        Q_EMIT finished(m_exitStatus);
    }
}

} // namespace jobpulse::cli
