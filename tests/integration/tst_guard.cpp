// The request guard in front of QHttpServer, exercised with raw sockets and curl:
// refusals decided from the head, 100-continue at once, slow heads closed.
#include "common/loopbackserver.h"
#include "ingest/receiver.h"
#include "store/store.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

// The last byte of a JSON answer (kept out of the class body: moc miscounts a quoted brace).
const QByteArray JsonEnd("}");

QByteArray logLine(int i)
{
    return R"({"job":"k","type":"log","message":"line )" + QByteArray::number(i) + "\"}";
}

qint64 residentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
    }
    return -1;
}

} // namespace

class TestGuard : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTcpSocket> connectRaw()
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, m_receiver->port());
        if (!socket->waitForConnected(5000)) {
            return nullptr;
        }
        return socket;
    }

    // Reads until the peer closes or @p until appears; the event loop keeps the server going.
    static QByteArray readUntil(QTcpSocket &socket, const QByteArray &until, int timeoutMs = 5000)
    {
        QByteArray got;
        (void)QTest::qWaitFor(
            [&] {
                got += socket.readAll();
                return (!until.isEmpty() && got.contains(until))
                    || socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
        return got + socket.readAll();
    }

    // Runs curl without blocking our event loop (the receiver lives on it).
    QByteArray curl(const QStringList &args, int *exitCode = nullptr)
    {
        QProcess process;
        process.start(u"curl"_s, QStringList { u"-sS"_s, u"--max-time"_s, u"20"_s } + args);
        if (!process.waitForStarted()) {
            return {};
        }
        (void)QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000);
        if (exitCode) {
            *exitCode = process.exitCode();
        }
        return process.readAllStandardOutput();
    }

    QString url(const QString &path) const { return m_receiver->url().toString() + path; }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        Receiver::Options options;
        options.headerTimeoutMs = 400;
        const QString error = m_server.start(
            m_dir.filePath(u"g%1.db"_s.arg(++m_counter)), options, Durability::Normal);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_store = m_server.store.get();
        m_receiver = m_server.receiver.get();
    }
    void cleanup() { m_server.stop(); }

    void refusesTooLargeBeforeTheBody()
    {
        auto socket = connectRaw();
        QVERIFY(socket);
        // Only the head is sent: the answer must not wait for 50 MiB that never come.
        socket->write("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Content-Length: 52428800\r\n\r\n");
        const QByteArray answer = readUntil(*socket, JsonEnd);
        QVERIFY2(answer.startsWith("HTTP/1.1 413 "), answer.constData());
        QVERIFY(answer.contains("Connection: close"));
        QVERIFY(answer.contains("payload_too_large"));
        QCOMPARE(m_store->lastSeq(), 0);
    }

    void continueIsAnsweredAtOnce()
    {
        auto socket = connectRaw();
        QVERIFY(socket);
        const QByteArray body = R"({"job":"c","type":"job.started"})";
        socket->write("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Expect: 100-continue\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n");
        QByteArray got = readUntil(*socket, "\r\n\r\n");
        QVERIFY2(got.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), got.constData());
        socket->write(body);
        got = readUntil(*socket, JsonEnd);
        QVERIFY2(got.contains("HTTP/1.1 200"), got.constData());
        QCOMPARE(m_store->lastSeq(), 1);
    }

    void curlPostsALargeBodyWithoutStalling()
    {
        // curl sends Expect: 100-continue for bodies over 1 KiB and waits up to 1 s for it.
        QTemporaryDir dir;
        QFile file(dir.filePath(u"2kb.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "{\"job\":\"big\",\"type\":\"log\",\"message\":\"" + QByteArray(2048, 'm') + "\"}");
        file.close();
        int code = -1;
        const QByteArray out =
            curl({ u"-H"_s, u"Content-Type: application/json"_s, u"-d"_s, u"@"_s + file.fileName(),
                     u"-w"_s, u"\n%{http_code} %{time_total}"_s, url(u"/v1/events"_s) },
                &code);
        QCOMPARE(code, 0);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        const QList<QByteArray> stats = lines.last().split(' ');
        QCOMPARE(stats.first(), QByteArray("200"));
        // A stall would cost curl its full 1 s expect-timeout.
        QVERIFY2(stats.last().toDouble() < 0.9, stats.last().constData());
        QCOMPARE(m_store->lastSeq(), 1);
    }

    void hugeUploadsStayOutOfMemory_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addRow("content-length") << QStringList { u"-H"_s, u"Expect:"_s };
        QTest::addRow("chunked") << QStringList { u"-H"_s, u"Expect:"_s, u"-H"_s,
            u"Transfer-Encoding: chunked"_s };
        QTest::addRow("100-continue") << QStringList {};
    }
    void hugeUploadsStayOutOfMemory()
    {
        QFETCH(QStringList, headers);
        QTemporaryDir dir;
        QFile file(dir.filePath(u"50mb.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray block(1024 * 1024, ' ');
        for (int i = 0; i < 50; ++i) {
            file.write(block);
        }
        file.close();
        const qint64 before = residentKiB();
        int code = -1;
        const QByteArray out = curl(headers
                + QStringList { u"-H"_s, u"Content-Type: application/json"_s, u"--data-binary"_s,
                    u"@"_s + file.fileName(), u"-w"_s, u"\n%{http_code}"_s, url(u"/v1/events"_s) },
            &code);
        const qint64 grown = residentKiB() - before;
        QVERIFY2(out.trimmed().endsWith("413"), out.right(200).constData());
#ifndef __SANITIZE_ADDRESS__ // ASan's quarantine keeps freed blocks resident
        QVERIFY2(grown < 8 * 1024, qPrintable(u"RSS grew by %1 KiB"_s.arg(grown)));
#else
        Q_UNUSED(grown);
#endif
        QCOMPARE(m_store->lastSeq(), 0);
        QCOMPARE(curl({ url(u"/health"_s) }).contains("\"ok\""), true);
    }

    void tooManyHeaderFields()
    {
        auto socket = connectRaw();
        QVERIFY(socket);
        QByteArray head = "GET /health HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 150; ++i) {
            head += "X-Field-" + QByteArray::number(i) + ": v\r\n";
        }
        socket->write(head + "\r\n");
        const QByteArray answer = readUntil(*socket, JsonEnd);
        QVERIFY2(answer.startsWith("HTTP/1.1 431 "), answer.left(200).constData());
    }

    void slowHeadsAreClosed()
    {
        // 200 connections that never finish their head, plus idle ones that send nothing.
        std::vector<std::unique_ptr<QTcpSocket>> slow;
        for (int i = 0; i < 200; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            s->connectToHost(QHostAddress::LocalHost, m_receiver->port());
            slow.push_back(std::move(s));
        }
        // Connected while the event loop runs: the receiver accepts them as they come.
        QTRY_VERIFY(std::all_of(slow.begin(), slow.end(),
            [](const auto &s) { return s->state() == QAbstractSocket::ConnectedState; }));
        for (std::size_t i = 1; i < slow.size(); i += 2) {
            slow[i]->write("POST /v1/events HTTP/1.1\r\nHost: x\r\n");
        }
        // A normal request is served meanwhile.
        int code = -1;
        const QByteArray out = curl({ url(u"/health"_s) }, &code);
        QCOMPARE(code, 0);
        QVERIFY(out.contains("\"ok\""));
        // After the header timeout (400 ms here) every slow connection is gone.
        for (auto &s : slow) {
            const QByteArray got = readUntil(*s, {}, 5000);
            QCOMPARE(s->state(), QAbstractSocket::UnconnectedState);
            if (!got.isEmpty()) {
                QVERIFY2(got.startsWith("HTTP/1.1 408 "), got.constData());
            }
        }
    }

    void keepAliveConnectionServesManyRequests()
    {
        auto socket = connectRaw();
        QVERIFY(socket);
        for (int i = 0; i < 5; ++i) {
            const QByteArray body = logLine(i);
            socket->write("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            const QByteArray answer = readUntil(*socket, JsonEnd);
            QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.constData());
        }
        QCOMPARE(m_store->lastSeq(), 5);
    }

    void keepAliveOutlivesTheHeaderTimeout();

    // A commit slower than the header timeout (here: another writer holds the database) is
    // not an idle connection: the answer still arrives on it.
    void aSlowAnswerIsWaitedFor()
    {
        QSqlDatabase holder = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"holder"_s);
        holder.setDatabaseName(m_store->path());
        QVERIFY(holder.open());
        QSqlQuery lock(holder);
        QVERIFY(lock.exec(u"BEGIN IMMEDIATE"_s));
        auto socket = connectRaw();
        QVERIFY(socket);
        const QByteArray body = logLine(1);
        socket->write("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
                      "application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QTest::qWait(1200); // three header timeouts
        QVERIFY(lock.exec(u"ROLLBACK"_s));
        lock = QSqlQuery();
        holder.close();
        holder = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"holder"_s);
        const QByteArray answer = readUntil(*socket, JsonEnd);
        QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.constData());
        QCOMPARE(m_store->lastSeq(), 1);
        // Answered, the connection is idle again and closed after the header timeout.
        QVERIFY(QTest::qWaitFor(
            [&] { return socket->state() == QAbstractSocket::UnconnectedState; }, 3000));
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    testing::LoopbackServer m_server;
    Store *m_store = nullptr;
    Receiver *m_receiver = nullptr;
};

void TestGuard::keepAliveOutlivesTheHeaderTimeout()
{
    // One request every 100 ms for three header timeouts: a busy connection is never cut.
    auto socket = connectRaw();
    QVERIFY(socket);
    for (int i = 0; i < 12; ++i) {
        const QByteArray body = logLine(i);
        socket->write("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
                      "application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        const QByteArray answer = readUntil(*socket, JsonEnd);
        QVERIFY2(answer.startsWith("HTTP/1.1 200 "),
            qPrintable(QString::number(i) + u' ' + QString::fromUtf8(answer)));
        QTest::qWait(100);
    }
    QCOMPARE(m_store->lastSeq(), 12);
}

QTEST_GUILESS_MAIN(TestGuard)
#include "tst_guard.moc"
