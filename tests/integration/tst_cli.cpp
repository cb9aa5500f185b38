// The command-line verbs, run as real processes against a real receiver on loopback.
#include "cli/logspool.h"
#include "common/loopbackserver.h"
#include "ingest/receiver.h"
#include "relay/relay.h"
#include "store/store.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

struct Ran
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

// A peer that answers each request with the next scripted status and keeps what it got.
class ScriptedServer : public QTcpServer
{
public:
    explicit ScriptedServer(QList<int> statuses)
        : m_statuses(std::move(statuses))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] { read(s); });
            }
        });
        listen(QHostAddress::LocalHost);
    }
    QList<QByteArray> requests;

private:
    void read(QTcpSocket *s)
    {
        m_buffer += s->readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        const qsizetype at = m_buffer.toLower().indexOf("content-length:");
        if (end < 0 || at < 0) {
            return;
        }
        const qint64 length =
            m_buffer.mid(at + 15, m_buffer.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
        if (m_buffer.size() < end + 4 + length) {
            return;
        }
        requests.append(m_buffer.left(end + 4 + length));
        m_buffer.remove(0, end + 4 + length);
        const int status = m_statuses.value(requests.size() - 1, 200);
        const QByteArray body = status == 200
            ? R"({"accepted":1,"duplicates":0,"seq":1,"clients":0})"
            : R"({"error":"store_unavailable","message":"busy"})";
        s->write("HTTP/1.1 " + QByteArray::number(status)
            + " X\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }
    QList<int> m_statuses;
    QByteArray m_buffer;
};

QByteArray header(const QByteArray &request, const QByteArray &name)
{
    for (const QByteArray &line : request.left(request.indexOf("\r\n\r\n")).split('\n')) {
        if (line.toLower().startsWith(name.toLower() + ':')) {
            return line.mid(name.size() + 1).trimmed();
        }
    }
    return {};
}

// Empty when @p lines are "1" to "@p count" in order (what `seq` printed), else the first
// difference.
QString notSeq(const QStringList &lines, int count)
{
    if (lines.size() != count) {
        return u"%1 lines, not %2"_s.arg(lines.size()).arg(count);
    }
    for (int i = 0; i < count; ++i) {
        if (lines.at(i) != QString::number(i + 1)) {
            return u"line %1 is '%2'"_s.arg(i + 1).arg(lines.at(i));
        }
    }
    return {};
}

QByteArray bodyOf(const QByteArray &request)
{
    return request.mid(request.indexOf("\r\n\r\n") + 4);
}

quint16 deadPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost);
    return s.serverPort(); // closed again when s goes away
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    // Runs `jobpulse ARGS` while our event loop keeps the in-process receiver serving.
    Ran jobpulse(const QStringList &args,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(JOBPULSE_BINARY), args);
        Ran r;
        if (!p.waitForStarted(5000)) {
            return r;
        }
        (void)QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000);
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }
    QString url() const { return m_receiver->url().toString(); }
    QStringList logLines(const QString &job) const
    {
        QStringList lines;
        for (const StoredLogLine &line : logEntries(job)) {
            lines << line.text;
        }
        return lines;
    }
    QList<StoredLogLine> logEntries(const QString &job) const
    {
        QList<StoredLogLine> lines;
        for (qint64 from = 1;;) {
            const auto page = m_store->logPage(job, from, Store::MaxLogPage);
            if (!page || page->lines.isEmpty()) {
                return lines;
            }
            lines += page->lines;
            from = page->next;
        }
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        Receiver::Options options;
        const QString error = m_server.start(
            m_dir.filePath(u"cli%1.db"_s.arg(++m_counter)), options, Durability::Normal, true);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_store = m_server.store.get();
        m_receiver = m_server.receiver.get();
        m_relay = m_server.relay.get();
    }
    void cleanup() { m_server.stop(); }

    void everyVerbHasHelpAndVersion_data()
    {
        QTest::addColumn<QString>("verb");
        for (const char *verb : { "send", "run", "jobs", "show", "export" }) {
            QTest::addRow("%s", verb) << QString::fromLatin1(verb);
        }
    }
    void everyVerbHasHelpAndVersion()
    {
        QFETCH(QString, verb);
        const Ran help = jobpulse({ verb, u"--help"_s });
        QCOMPARE(help.code, 0);
        QVERIFY2(help.out.contains("Usage: jobpulse " + verb.toUtf8()), help.out.constData());
        const Ran version = jobpulse({ verb, u"--version"_s });
        QCOMPARE(version.code, 0);
        QVERIFY(version.out.contains(JOBPULSE_VERSION));
    }

    void sendStoresTheEvent()
    {
        const Ran r = jobpulse({ u"send"_s, u"--url"_s, url(), u"--job"_s, u"deploy-7"_s,
            u"--type"_s, u"step.succeeded"_s, u"--step-index"_s, u"2"_s, u"--step-name"_s,
            u"Migrate"_s, u"--step-total"_s, u"3"_s, u"--title"_s, u"Deploy API"_s, u"--details"_s,
            uR"({"rows":12})"_s });
        QVERIFY2(r.code == 0, r.err.constData());
        const auto detail = m_store->job(u"deploy-7"_s);
        QVERIFY(detail);
        QCOMPARE(detail->job.title, u"Deploy API"_s);
        QCOMPARE(detail->job.stepTotal, 3);
        QCOMPARE(detail->steps.first().name, u"Migrate"_s);
        QCOMPARE(detail->steps.first().details.value(u"rows"_s).toInt(), 12);
    }

    void sendTakesTheEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"JOBPULSE_URL"_s, url());
        env.insert(u"JOBPULSE_JOB"_s, u"from-env"_s);
        QCOMPARE(jobpulse({ u"send"_s, u"--type"_s, u"job.started"_s }, env).code, 0);
        QVERIFY(m_store->jobSnapshot(u"from-env"_s));
    }

    void sendCatchesMistakesLocally()
    {
        const Ran r = jobpulse(
            { u"send"_s, u"--url"_s, url(), u"--job"_s, u"x"_s, u"--type"_s, u"job.exploded"_s });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("/type"), r.err.constData());
        QCOMPARE(m_receiver->counters().requests, 0);
    }

    void sendDoesNotRetryA4xx()
    {
        const Ran r = jobpulse({ u"send"_s, u"--url"_s, url() + u"/nope"_s, u"--job"_s, u"x"_s,
            u"--type"_s, u"job.started"_s });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("HTTP 404") && r.err.contains("not_found"), r.err.constData());
        QCOMPARE(m_receiver->counters().requests, 1);
    }

    void sendRetriesATransientRefusal_data()
    {
        QTest::addColumn<int>("status");
        QTest::addRow("503 store unavailable") << 503;
        QTest::addRow("429 rate limited") << 429;
    }

    void sendRetriesATransientRefusal()
    {
        QFETCH(int, status);
        ScriptedServer server({ status, 200 });
        const Ran r =
            jobpulse({ u"send"_s, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(server.serverPort()),
                u"--job"_s, u"x"_s, u"--type"_s, u"job.started"_s, u"--retries"_s, u"3"_s });
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(server.requests.size(), 2);
        QVERIFY(r.err.contains("HTTP " + QByteArray::number(status)));
        QCOMPARE(bodyOf(server.requests.at(0)), bodyOf(server.requests.at(1)));
    }

    void sendGivesUpOnADeadPort()
    {
        const Ran r = jobpulse({ u"send"_s, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(deadPort()),
            u"--job"_s, u"x"_s, u"--type"_s, u"job.started"_s, u"--retries"_s, u"2"_s });
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.count("retrying"), 2);
        QVERIFY(r.err.contains("refused"));
    }

    void sendSigns_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("secret");
        QTest::addRow("standard") << u"standard"_s << u"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"_s;
        QTest::addRow("github") << u"github"_s << u"It's a Secret to Everybody"_s;
        QTest::addRow("hmac-sha256") << u"hmac-sha256"_s << u"sb-secret"_s;
    }
    void sendSigns()
    {
        QFETCH(QString, scheme);
        QFETCH(QString, secret);
        ScriptedServer server({ 200 });
        const Ran r = jobpulse({ u"send"_s, u"--url"_s,
            u"http://127.0.0.1:%1"_s.arg(server.serverPort()), u"--job"_s, u"x"_s, u"--type"_s,
            u"job.started"_s, u"--secret"_s, secret, u"--scheme"_s, scheme });
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(server.requests.size(), 1);
        const QByteArray request = server.requests.first();
        const QByteArray body = bodyOf(request);
        const auto hmac = [](const QByteArray &key, const QByteArray &data) {
            return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
        };
        if (scheme == u"standard") {
            const QByteArray key = QByteArray::fromBase64(secret.mid(6).toLatin1());
            const QByteArray signed_ = header(request, "webhook-id") + '.'
                + header(request, "webhook-timestamp") + '.' + body;
            QCOMPARE(header(request, "webhook-signature"), "v1," + hmac(key, signed_).toBase64());
            QVERIFY(qAbs(header(request, "webhook-timestamp").toLongLong()
                        - QDateTime::currentSecsSinceEpoch())
                < 60);
        } else if (scheme == u"github") {
            QCOMPARE(header(request, "X-Hub-Signature-256"),
                "sha256=" + hmac(secret.toUtf8(), body).toHex());
        } else {
            QCOMPARE(header(request, "X-Webhook-Signature"),
                "sha256=" + hmac(secret.toUtf8(), body).toHex());
        }
    }

    void runChattyCommand()
    {
        const Ran r =
            jobpulse({ u"run"_s, u"--url"_s, url(), u"--job"_s, u"chatty"_s, u"--"_s, u"sh"_s,
                u"-c"_s, u"i=1; while [ $i -le 3000 ]; do echo \"line $i\"; i=$((i+1)); done"_s });
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.startsWith("line 1\n") && r.out.endsWith("line 3000\n")); // passed through
        const auto job = m_store->jobSnapshot(u"chatty"_s);
        QVERIFY(job);
        QCOMPARE(job->status, JobStatus::Succeeded);
        const QStringList lines = logLines(u"chatty"_s);
        QCOMPARE(lines.size(), 3000);
        for (int i = 0; i < lines.size(); ++i) {
            QCOMPARE(lines.at(i), u"line %1"_s.arg(i + 1)); // every line, in order
        }
        QVERIFY(m_receiver->counters().requests < 100); // batched
    }

    // A command that prints nothing for a while is alive: run says so with heartbeats, which
    // are no log lines and leave the job running (not stalled) until it ends.
    void runSendsHeartbeatsWhileQuiet()
    {
        const Ran r = jobpulse({ u"run"_s, u"--url"_s, url(), u"--job"_s, u"quiet"_s,
            u"--heartbeat"_s, u"1"_s, u"--"_s, u"sh"_s, u"-c"_s, u"echo a; sleep 3; echo b"_s });
        QVERIFY2(r.code == 0, r.err.constData());
        int heartbeats = 0;
        for (const StoredEvent &stored : m_store->eventsAfter(0, 1000, u"quiet"_s)) {
            heartbeats += stored.event.type == EventType::Heartbeat ? 1 : 0;
        }
        QVERIFY2(heartbeats >= 1, "no heartbeat while the command was quiet for 3 s");
        QCOMPARE(logLines(u"quiet"_s), (QStringList { u"a"_s, u"b"_s }));
        QCOMPARE(m_store->jobSnapshot(u"quiet"_s)->status, JobStatus::Succeeded);
        const Ran bad = jobpulse(
            { u"run"_s, u"--url"_s, url(), u"--heartbeat"_s, u"soon"_s, u"--"_s, u"true"_s });
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("--heartbeat"));
    }

    void runSendsEveryLineOfALargeOutput()
    {
        // Far past the 10,000 events the queue held before chunks: every line arrives.
        constexpr int Lines = 200000;
        const Ran r = jobpulse({ u"run"_s, u"--url"_s, url(), u"--job"_s, u"seq"_s, u"--"_s,
            u"seq"_s, QString::number(Lines) });
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(m_store->jobSnapshot(u"seq"_s)->status, JobStatus::Succeeded);
        const QStringList lines = logLines(u"seq"_s);
        QCOMPARE(notSeq(lines, Lines), QString());
        QVERIFY(m_receiver->counters().requests < 200); // many lines per request

        const Ran shown = jobpulse({ u"show"_s, u"seq"_s, u"--db"_s, m_store->path(), u"--log"_s });
        QCOMPARE(shown.code, 0);
        QCOMPARE(shown.out.count('\n'), Lines);
        QVERIFY(shown.out.startsWith("1\n2\n3\n"));
        QVERIFY(shown.out.endsWith("\n199999\n200000\n"));
        const Ran json =
            jobpulse({ u"show"_s, u"seq"_s, u"--db"_s, m_store->path(), u"--log"_s, u"--json"_s });
        const QJsonObject last =
            QJsonDocument::fromJson(json.out.trimmed().split('\n').last()).object();
        QCOMPARE(last[u"n"_s].toInteger(), Lines);
        QCOMPARE(last[u"text"_s].toString(), u"200000"_s);
        QCOMPARE(last[u"stream"_s].toString(), u"stdout"_s);
        QCOMPARE(
            jobpulse({ u"show"_s, u"nope"_s, u"--db"_s, m_store->path(), u"--log"_s }).code, 1);
    }

    // While a chunk is in flight the next one is already encoded: a chunk the receiver answers
    // 503 to still goes again before it, so the accepted requests hold every line once, in order.
    void runResendsARefusedChunkBeforeTheNext()
    {
        constexpr int Lines = 300000; // some 2 MB of JSON: several full chunks
        ScriptedServer server({ 200, 503, 503, 200 });
        const Ran r =
            jobpulse({ u"run"_s, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(server.serverPort()),
                u"--job"_s, u"seq"_s, u"--"_s, u"seq"_s, QString::number(Lines) });
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(server.requests.size() >= 5);
        QCOMPARE(bodyOf(server.requests.at(2)), bodyOf(server.requests.at(1)));
        QCOMPARE(bodyOf(server.requests.at(3)), bodyOf(server.requests.at(1)));
        QStringList lines;
        QStringList types;
        for (qsizetype i = 0; i < server.requests.size(); ++i) {
            if (i == 1 || i == 2) {
                continue; // answered 503: not taken
            }
            const QJsonArray batch = QJsonDocument::fromJson(bodyOf(server.requests.at(i))).array();
            for (const QJsonValue &event : batch) {
                types << event[u"type"_s].toString();
                for (const QJsonValue &line : event[u"lines"_s].toArray()) {
                    lines << line.toString();
                }
            }
        }
        QCOMPARE(types.first(), u"job.started"_s);
        QCOMPARE(types.last(), u"job.succeeded"_s);
        QCOMPARE(notSeq(lines, Lines), QString());
    }

    // A receiver with a smaller body limit (receiver.maxBodyBytes) answers run's chunks 413:
    // run sends the same lines again in smaller requests, none lost.
    void runFitsItsChunksToTheReceiversLimit()
    {
        m_server.stop();
        Receiver::Options options;
        options.maxBodyBytes = 64 * 1024;
        const QString error = m_server.start(
            m_dir.filePath(u"small%1.db"_s.arg(++m_counter)), options, Durability::Normal, true);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_store = m_server.store.get();
        m_receiver = m_server.receiver.get();
        constexpr int Lines = 100000; // some 700 KB of JSON
        const Ran r = jobpulse({ u"run"_s, u"--url"_s, url(), u"--job"_s, u"seq"_s, u"--"_s,
            u"seq"_s, QString::number(Lines) });
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("too large"), r.err.constData());
        QCOMPARE(m_store->jobSnapshot(u"seq"_s)->status, JobStatus::Succeeded);
        const QStringList lines = logLines(u"seq"_s);
        QCOMPARE(notSeq(lines, Lines), QString());
    }

    // A rate-limited receiver (429) gets the same request again once its Retry-After passed.
    void runWaitsOutARateLimit()
    {
        ScriptedServer server({ 200, 429, 200 });
        const Ran r = jobpulse(
            { u"run"_s, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(server.serverPort()), u"--job"_s,
                u"x"_s, u"--"_s, u"sh"_s, u"-c"_s, u"echo one; sleep 0.3; echo two"_s });
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(server.requests.size() >= 3);
        QCOMPARE(bodyOf(server.requests.at(2)), bodyOf(server.requests.at(1)));
        QStringList lines;
        for (qsizetype i = 0; i < server.requests.size(); ++i) {
            for (const QJsonValue &event :
                QJsonDocument::fromJson(bodyOf(server.requests.at(i))).array()) {
                if (i != 1) {
                    for (const QJsonValue &line : event[u"lines"_s].toArray()) {
                        lines << line.toString();
                    }
                }
            }
        }
        QCOMPARE(lines, (QStringList { u"one"_s, u"two"_s }));
    }

    // run's unsent lines past their memory budget go to a file and come back in order.
    void spoolKeepsOrderPastItsMemory()
    {
        cli::LogSpool spool(1000);
        QStringList taken;
        const auto take = [&](int maxLines) {
            return spool.take(1 << 20, maxLines, [&](QByteArrayView text, bool isStderr) {
                taken << QString::fromUtf8(text) + (isStderr ? u"!"_s : QString());
            });
        };
        int appended = 0;
        for (int round = 0; round < 50; ++round) {
            for (int i = 0; i < 300; ++i, ++appended) {
                spool.append(QByteArray::number(appended), appended % 7 == 0);
            }
            take(round % 2 ? 500 : 100); // slower than the lines come, then catching up
        }
        QVERIFY(spool.spilledBytes() > 0);
        while (take(1000) > 0) { }
        QVERIFY(spool.isEmpty());
        QCOMPARE(taken.size(), appended);
        for (int i = 0; i < appended; ++i) {
            QCOMPARE(taken.at(i), QString::number(i) + (i % 7 == 0 ? u"!"_s : QString()));
        }
    }

    void runKeepsEachLinesStream()
    {
        const Ran r = jobpulse({ u"run"_s, u"--url"_s, url(), u"--job"_s, u"streams"_s, u"--"_s,
            u"sh"_s, u"-c"_s, u"echo out1; sleep 0.3; echo err1 >&2; sleep 0.3; echo out2"_s });
        QCOMPARE(r.code, 0);
        const QList<StoredLogLine> lines = logEntries(u"streams"_s);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0).text, u"out1"_s);
        QCOMPARE(lines.at(0).stream, u"stdout"_s);
        QCOMPARE(lines.at(1).text, u"err1"_s);
        QCOMPARE(lines.at(1).stream, u"stderr"_s);
        QCOMPARE(lines.at(2).text, u"out2"_s);
        QCOMPARE(lines.at(2).stream, u"stdout"_s);
    }

    // run writes the command's bytes into the request body itself (LogChunkWriter): what the
    // store keeps is still each line as QString::fromUtf8() reads it, stream by stream.
    void runKeepsAwkwardBytesAsTheCommandWroteThem()
    {
        const QList<QByteArray> out { R"(say "hi" \ C:\path\)", "tab\there \x01 \x1f \x7f",
            QByteArray("nul \0 byte", 10), "bad \xFF\xFE end", "x\xED\xA0\x80y",
            "\xF0\x9F\x98\x80 caf\xC3\xA9", "\xEF\xBB\xBF\xEF\xBB\xBF", "", QByteArray(8192, '"') };
        QFile stdoutBytes(m_dir.filePath(u"out.bin"_s));
        QFile stderrBytes(m_dir.filePath(u"err.bin"_s));
        QVERIFY(stdoutBytes.open(QIODevice::WriteOnly) && stderrBytes.open(QIODevice::WriteOnly));
        stdoutBytes.write(out.join('\n') + '\n');
        stderrBytes.write("err \"\xFF\n");
        stdoutBytes.close();
        stderrBytes.close();
        const Ran r = jobpulse({ u"run"_s, u"--url"_s, url(), u"--job"_s, u"bytes"_s, u"--"_s,
            u"sh"_s, u"-c"_s, u"cat \"$1\"; sleep 0.3; cat \"$2\" >&2"_s, u"sh"_s,
            stdoutBytes.fileName(), stderrBytes.fileName() });
        QVERIFY2(r.code == 0, r.err.constData());
        const QList<StoredLogLine> lines = logEntries(u"bytes"_s);
        QCOMPARE(lines.size(), out.size() + 1);
        for (qsizetype i = 0; i < out.size(); ++i) {
            QString expected = QString::fromUtf8(out.at(i));
            expected.replace(QChar(0), QChar::ReplacementCharacter); // the store's (replaceNul)
            QCOMPARE(lines.at(i).text, expected);
            QCOMPARE(lines.at(i).stream, u"stdout"_s);
        }
        QCOMPARE(lines.at(3).text, u"bad \ufffd\ufffd end"_s);
        QCOMPARE(lines.at(6).text, u"\ufeff"_s); // QString::fromUtf8 drops the first BOM
        QCOMPARE(lines.last().text, u"err \"\ufffd"_s);
        QCOMPARE(lines.last().stream, u"stderr"_s);
    }

    void runFailingCommand()
    {
        const Ran r = jobpulse({ u"run"_s, u"--url"_s, url(), u"--job"_s, u"fails"_s, u"--"_s,
            u"sh"_s, u"-c"_s, u"echo oops >&2; exit 3"_s });
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("oops"));
        const auto job = m_store->jobSnapshot(u"fails"_s);
        QCOMPARE(job->status, JobStatus::Failed);
        QCOMPARE(job->error, u"exit code 3"_s);
        QCOMPARE(logLines(u"fails"_s), QStringList { u"oops"_s });
    }

    void runKilledCommand()
    {
        const Ran r = jobpulse({ u"run"_s, u"--url"_s, url(), u"--job"_s, u"killed"_s, u"--"_s,
            u"sh"_s, u"-c"_s, u"kill -9 $$"_s });
        QCOMPARE(r.code, 128 + 9);
        const auto job = m_store->jobSnapshot(u"killed"_s);
        QCOMPARE(job->status, JobStatus::Failed);
        QVERIFY2(job->error.startsWith(u"killed by signal 9"_s), qPrintable(job->error));
    }

    void runForwardsTerm()
    {
        QProcess p;
        p.start(QStringLiteral(JOBPULSE_BINARY),
            { u"run"_s, u"--url"_s, url(), u"--job"_s, u"termed"_s, u"--"_s, u"sh"_s, u"-c"_s,
                u"trap 'echo got term; exit 5' TERM; echo ready; while :; do sleep 0.05; done"_s });
        QVERIFY(
            QTest::qWaitFor([&] { return p.readAllStandardOutput().contains("ready"); }, 10000));
        p.terminate();
        QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 10000));
        QCOMPARE(p.exitCode(), 5); // the command's own answer to SIGTERM
        QCOMPARE(m_store->jobSnapshot(u"termed"_s)->status, JobStatus::Failed);
    }

    void runStopsOnCtrlC()
    {
        // Ctrl+C in a terminal: `script` gives run a pseudo-terminal, and ^C typed into it is
        // SIGINT for the terminal's foreground process group, as the keypress would be. The
        // command stops (it must not inherit an ignored SIGINT), the job is canceled, and run
        // exits as the command did.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"SHELL"_s, u"/bin/sh"_s);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(u"script"_s,
            { u"-qefc"_s,
                u"exec '%1' run --url '%2' --job ctrlc -- sh -c 'echo ready; while :; do sleep "
                u"0.05; done'"_s.arg(QStringLiteral(JOBPULSE_BINARY), url()),
                u"/dev/null"_s });
        QByteArray seen;
        QVERIFY(QTest::qWaitFor(
            [&] { return (seen += p.readAllStandardOutput()).contains("ready"); }, 10000));
        p.write("\x03");
        QVERIFY2(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 10000),
            "Ctrl+C did not stop jobpulse run");
        QCOMPARE(p.exitCode(), 128 + SIGINT);
        const auto detail = m_store->job(u"ctrlc"_s);
        QVERIFY(detail);
        QCOMPARE(detail->job.status, JobStatus::Canceled);
        QVERIFY2(detail->recent.last().event.message.startsWith(u"interrupted by signal 2"_s),
            qPrintable(detail->recent.last().event.message));
    }

    void runNestedSendAddsSteps()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"JP"_s, QStringLiteral(JOBPULSE_BINARY));
        const Ran r = jobpulse(
            { u"run"_s, u"--url"_s, url(), u"--job"_s, u"nested"_s, u"--"_s, u"sh"_s, u"-c"_s,
                u"\"$JP\" send --type step.succeeded --step-index 1 --step-name Build --step-total "
                u"2 && "
                "\"$JP\" send --type step.succeeded --step-index 2 --step-name Test"_s },
            env);
        QVERIFY2(r.code == 0, r.err.constData());
        const auto detail = m_store->job(u"nested"_s);
        QCOMPARE(detail->job.status, JobStatus::Succeeded);
        QCOMPARE(detail->steps.size(), 2);
        QCOMPARE(detail->steps.at(1).name, u"Test"_s);
    }

    void runWithoutReceiverKeepsGoing()
    {
        const Ran r = jobpulse({ u"run"_s, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(deadPort()),
            u"--"_s, u"sh"_s, u"-c"_s, u"echo still here; exit 4"_s });
        QCOMPARE(r.code, 4);
        QCOMPARE(r.out, QByteArray("still here\n"));
        QVERIFY(r.err.contains("unreachable"));
    }

    void tailFollowsTheRelay()
    {
        QCOMPARE(jobpulse({ u"send"_s, u"--url"_s, url(), u"--job"_s, u"t"_s, u"--type"_s,
                              u"job.started"_s })
                     .code,
            0);
        QProcess tail;
        tail.start(QStringLiteral(JOBPULSE_BINARY),
            { u"tail"_s, u"--url"_s, url(), u"--after"_s, u"0"_s, u"--max-events"_s, u"3"_s });
        QVERIFY(tail.waitForStarted());
        QByteArray out;
        QVERIFY(QTest::qWaitFor(
            [&] {
                out += tail.readAllStandardOutput();
                return out.contains("job.started");
            },
            10000));
        QCOMPARE(jobpulse({ u"send"_s, u"--url"_s, url(), u"--job"_s, u"t"_s, u"--type"_s,
                              u"job.progress"_s, u"--progress"_s, u"40"_s })
                     .code,
            0);
        QCOMPARE(jobpulse({ u"send"_s, u"--url"_s, url(), u"--job"_s, u"t"_s, u"--type"_s, u"log"_s,
                              u"--message"_s, u"halfway there"_s })
                     .code,
            0);
        QVERIFY(QTest::qWaitFor([&] { return tail.state() == QProcess::NotRunning; }, 10000));
        out += tail.readAllStandardOutput();
        QCOMPARE(tail.exitCode(), 0);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines.at(0).trimmed().startsWith("1 ") && lines.at(0).contains("job.started"),
            lines.at(0).constData());
        QVERIFY2(lines.at(1).trimmed().startsWith("2 ") && lines.at(1).contains("40%"),
            lines.at(1).constData());
        QVERIFY2(lines.at(2).trimmed().startsWith("3 ") && lines.at(2).contains("halfway there"),
            lines.at(2).constData());
    }

    void demoStartsFreshJobsEveryTime()
    {
        // A second demo on the same database must show jobs moving, not reuse finished keys;
        // the first demo's unfinished jobs (its feeder is gone) are finished as lost.
        const QString db = m_dir.filePath(u"demo.db"_s);
        QHash<QString, QString> keys[2]; // key -> status after each run
        for (QHash<QString, QString> &run : keys) {
            QProcess demo;
            demo.start(QStringLiteral(JOBPULSE_BINARY),
                { u"--headless"_s, u"--demo"_s, u"--demo-speed"_s, u"20"_s, u"--db"_s, db,
                    u"--listen"_s, u"127.0.0.1:0"_s });
            QVERIFY(demo.waitForStarted());
            QTest::qWait(1500);
            demo.terminate();
            QVERIFY(QTest::qWaitFor([&] { return demo.state() == QProcess::NotRunning; }, 10000));
            const Ran list =
                jobpulse({ u"jobs"_s, u"--db"_s, db, u"--json"_s, u"--limit"_s, u"1000"_s });
            for (const QJsonValue &job : QJsonDocument::fromJson(list.out).array()) {
                run.insert(job[u"key"_s].toString(), job[u"status"_s].toString());
            }
            QTest::qWait(1100); // the next start is in a later second
        }
        QStringList fresh;
        QStringList leftOver;
        for (auto it = keys[1].cbegin(); it != keys[1].cend(); ++it) {
            if (!keys[0].contains(it.key())) {
                fresh << it.key();
            } else if (keys[0].value(it.key()) == u"running"_s
                || keys[0].value(it.key()) == u"queued"_s) {
                leftOver << it.key();
                QCOMPARE(it.value(), u"lost"_s);
            }
        }
        QVERIFY2(!keys[0].isEmpty() && !fresh.isEmpty(), qPrintable(fresh.join(u' ')));
        QVERIFY2(!leftOver.isEmpty(), "the first demo left no job unfinished to test with");
    }

    void jobsByLabel()
    {
        // Labelled jobs as a CI preset makes them, sent to the real receiver by `send`.
        const auto sent = [this](const QString &job, const QString &type, const QStringList &more) {
            return jobpulse(
                QStringList { u"send"_s, u"--url"_s, url(), u"--job"_s, job, u"--type"_s, type }
                + more)
                .code;
        };
        QCOMPARE(sent(u"l-run"_s, u"job.started"_s,
                     { u"--label"_s, u"repository=acme/api"_s, u"--label"_s, u"branch=main"_s }),
            0);
        QCOMPARE(sent(u"l-run/lint"_s, u"job.failed"_s,
                     { u"--parent"_s, u"l-run"_s, u"--label"_s, u"repository=acme/api"_s,
                         u"--label"_s, u"branch=main"_s }),
            0);
        QCOMPARE(sent(u"l-fix"_s, u"job.started"_s,
                     { u"--label"_s, u"repo=acme/api"_s, u"--label"_s, u"branch=fix-login"_s }),
            0);
        QCOMPARE(sent(u"l-web"_s, u"job.started"_s,
                     { u"--label"_s, u"repository=acme/web"_s, u"--label"_s, u"branch=main"_s }),
            0);
        QCOMPARE(sent(u"l-bad"_s, u"job.started"_s, { u"--label"_s, u"main"_s }), 2);
        const QString db = m_store->path();
        const auto keys = [&](const QStringList &filters) {
            const Ran ran =
                jobpulse(QStringList { u"jobs"_s, u"--db"_s, db, u"--json"_s } + filters);
            QStringList list;
            for (const QJsonValue &job : QJsonDocument::fromJson(ran.out).array()) {
                list << job[u"key"_s].toString();
            }
            return list;
        };
        // Repeated --label: all must match.
        QCOMPARE(keys({ u"--label"_s, u"repository=acme/api"_s, u"--label"_s, u"branch=main"_s }),
            (QStringList { u"l-run/lint"_s, u"l-run"_s }));
        QCOMPARE(keys({ u"--label"_s, u"repo=acme/api"_s, u"--label"_s, u"branch=fix-login"_s }),
            QStringList { u"l-fix"_s });
        QCOMPARE(keys({ u"--parent"_s, u"l-run"_s }), QStringList { u"l-run/lint"_s });
        const Ran table = jobpulse({ u"jobs"_s, u"--db"_s, db, u"--label"_s, u"branch=main"_s,
            u"--label"_s, u"repository=acme/web"_s });
        QCOMPARE(table.code, 0);
        QVERIFY2(
            table.out.contains("l-web") && !table.out.contains("l-run"), table.out.constData());
        const Ran bad = jobpulse({ u"jobs"_s, u"--db"_s, db, u"--label"_s, u"main"_s });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--label is name=value"), bad.err.constData());
    }

    void offlineVerbsReadTheHistory()
    {
        QCOMPARE(jobpulse({ u"run"_s, u"--url"_s, url(), u"--job"_s, u"nightly,1"_s, u"--title"_s,
                              u"Nightly \"big\" build"_s, u"--"_s, u"sh"_s, u"-c"_s,
                              u"echo compiling"_s })
                     .code,
            0);
        QCOMPARE(jobpulse({ u"send"_s, u"--url"_s, url(), u"--job"_s, u"queued-1"_s, u"--type"_s,
                              u"job.queued"_s })
                     .code,
            0);
        const QString db = m_store->path(); // the receiver still has it open

        const Ran list = jobpulse({ u"jobs"_s, u"--db"_s, db });
        QCOMPARE(list.code, 0);
        QVERIFY2(list.out.contains("nightly,1") && list.out.contains("succeeded")
                && list.out.contains("queued-1"),
            list.out.constData());
        const Ran failedOnly =
            jobpulse({ u"jobs"_s, u"--db"_s, db, u"--status"_s, u"queued"_s, u"--json"_s });
        const QJsonArray queued = QJsonDocument::fromJson(failedOnly.out).array();
        QCOMPARE(queued.size(), 1);
        QCOMPARE(queued.first()[u"key"_s].toString(), u"queued-1"_s);

        // --search finds a job by its command's output (a log line), as a word prefix.
        const Ran found =
            jobpulse({ u"jobs"_s, u"--db"_s, db, u"--search"_s, u"compil"_s, u"--json"_s });
        const QJsonArray matches = QJsonDocument::fromJson(found.out).array();
        QCOMPARE(matches.size(), 1);
        QCOMPARE(matches.first()[u"key"_s].toString(), u"nightly,1"_s);
        QCOMPARE(matches.first()[u"source"_s].toString(), u"events"_s); // the hook it came by

        const Ran shown = jobpulse({ u"show"_s, u"nightly,1"_s, u"--db"_s, db });
        QCOMPARE(shown.code, 0);
        QVERIFY2(shown.out.contains("compiling") && shown.out.contains("succeeded"),
            shown.out.constData());
        QCOMPARE(jobpulse({ u"show"_s, u"nope"_s, u"--db"_s, db }).code, 1);

        const Ran csv = jobpulse({ u"export"_s, u"--db"_s, db, u"--format"_s, u"csv"_s });
        QCOMPARE(csv.code, 0);
        const QList<QByteArray> rows = csv.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 3);
        QVERIFY(rows.first().startsWith("key,title,kind,status"));
        QVERIFY2(csv.out.contains(R"("nightly,1","Nightly ""big"" build")"),
            csv.out.constData()); // quoted per RFC 4180
        const Ran json = jobpulse({ u"export"_s, u"--db"_s, db, u"--format"_s, u"json"_s,
            u"--since"_s, u"2000-01-01"_s });
        QCOMPARE(QJsonDocument::fromJson(json.out).array().size(), 2);
        const Ran future = jobpulse({ u"export"_s, u"--db"_s, db, u"--format"_s, u"json"_s,
            u"--since"_s, u"2999-01-01"_s });
        QCOMPARE(QJsonDocument::fromJson(future.out).array().size(), 0);
        QCOMPARE(jobpulse({ u"jobs"_s, u"--db"_s, m_dir.filePath(u"missing.db"_s) }).code, 1);
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    testing::LoopbackServer m_server;
    Store *m_store = nullptr;
    Receiver *m_receiver = nullptr;
    Relay *m_relay = nullptr;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
