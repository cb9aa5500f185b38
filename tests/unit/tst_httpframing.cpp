// The request guard's view of the byte stream: refusals decided from the head alone.
#include "ingest/httpframing.h"

#include <QRandomGenerator>
#include <QTest>

using namespace jobpulse;

namespace {

HttpFraming::Limits limits()
{
    HttpFraming::Limits l;
    l.maxBodyBytes = 1000;
    l.maxHeadBytes = 2048;
    l.maxHeaderFields = 20;
    return l;
}

QByteArray post(
    const QByteArray &extraHeaders, const QByteArray &body, const char *path = "/v1/events")
{
    return "POST " + QByteArray(path) + " HTTP/1.1\r\nHost: x\r\n" + extraHeaders
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

struct Fed
{
    int continues = 0;
    int status = 0; // 0 = not refused
};

Fed feedInChunks(const QByteArray &stream, int chunk, HttpFraming::Limits l = limits())
{
    HttpFraming framing(std::move(l));
    Fed fed;
    for (qsizetype i = 0; i < stream.size() && !fed.status; i += chunk) {
        const auto r = framing.feed(
            QByteArrayView(stream).sliced(i, std::min<qsizetype>(chunk, stream.size() - i)));
        fed.continues += r.continues;
        fed.status = r.rejection ? r.rejection->status : 0;
    }
    return fed;
}

} // namespace

class TestHttpFraming : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("continues");

        QTest::addRow("plain post") << post("", "{}") << 0 << 0;
        QTest::addRow("get") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") << 0 << 0;
        QTest::addRow("bare LF") << QByteArray("GET /health HTTP/1.1\nHost: x\n\n") << 0 << 0;
        QTest::addRow("leading empty lines")
            << QByteArray("\r\n\r\nGET / HTTP/1.1\r\n\r\n") << 0 << 0;
        QTest::addRow("body at the limit") << post("", QByteArray(1000, 'x')) << 0 << 0;
        QTest::addRow("body over the limit") << post("", QByteArray(1001, 'x')) << 413 << 0;
        QTest::addRow("huge length, no body")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 52428800\r\n\r\n") << 413 << 0;
        QTest::addRow("expect continue") << post("Expect: 100-continue\r\n", "{}") << 0 << 1;
        QTest::addRow("expect continue, too big")
            << QByteArray("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
            << 413 << 0;
        QTest::addRow("unknown expectation") << post("Expect: something\r\n", "{}") << 417 << 0;
        QTest::addRow("too many fields")
            << post(QByteArray("X-A: 1\r\n").repeated(25), "{}") << 431 << 0;
        QTest::addRow("head too large")
            << post("X-Big: " + QByteArray(3000, 'a') + "\r\n", "{}") << 431 << 0;
        QTest::addRow("endless head")
            << ("GET / HTTP/1.1\r\nX: " + QByteArray(5000, 'a')) << 431 << 0;
        QTest::addRow("bad content length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n") << 400 << 0;
        QTest::addRow("two content lengths")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n")
            << 400 << 0;
        QTest::addRow("length and chunked") << QByteArray(
            "POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n")
                                            << 400 << 0;
        QTest::addRow("gzip encoding")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << 501 << 0;
        QTest::addRow("bad request line") << QByteArray("HELLO\r\n\r\n") << 400 << 0;
        QTest::addRow("header without name")
            << QByteArray("GET / HTTP/1.1\r\n: x\r\n\r\n") << 400 << 0;
        QTest::addRow("chunked within limit")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: "
                          "chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n")
            << 0 << 0;
        QByteArray chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 3; ++i) {
            chunked += "1F4\r\n" + QByteArray(500, 'x') + "\r\n";
        }
        QTest::addRow("chunked over limit") << chunked << 413 << 0;
        QTest::addRow("chunked bad size")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400
            << 0;
        QTest::addRow("chunk without CRLF")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX") << 400
            << 0;
        // Keep-alive: the second request's head is found after the first body.
        QTest::addRow("pipelined, second too big")
            << (post("", "{\"a\":1}") + "POST / HTTP/1.1\r\nContent-Length: 99999\r\n\r\n") << 413
            << 0;
        QTest::addRow("pipelined continues")
            << (post("Expect: 100-continue\r\n", "{}") + post("Expect: 100-continue\r\n", "[]"))
            << 0 << 2;
        QTest::addRow("body bytes look like a head")
            << (post("", "GET / HTTP/1.1\r\nX: " + QByteArray(900, 'a') + "\r\n\r\n")
                   + post("", "{}"))
            << 0 << 0;
    }
    void verdicts()
    {
        QFETCH(QByteArray, stream);
        QFETCH(int, status);
        QFETCH(int, continues);
        // Whole, byte by byte and in odd chunks: the verdict must not depend on how TCP split it.
        for (const int chunk : { int(stream.size()), 1, 7, 64 }) {
            const Fed fed = feedInChunks(stream, std::max(chunk, 1));
            QCOMPARE(fed.status, status);
            QCOMPARE(fed.continues, continues);
        }
    }

    void perPathLimit()
    {
        HttpFraming::Limits l = limits();
        l.bodyLimitFor = [](QByteArrayView path) -> qint64 {
            return path == "/small" ? 10 : 100000;
        };
        QCOMPARE(feedInChunks(post("", QByteArray(50, 'x'), "/small?x=1"), 1000, l).status, 413);
        QCOMPARE(feedInChunks(post("", QByteArray(5000, 'x'), "/big"), 1000, l).status, 0);
    }

    void refusalNamesItsRoute()
    {
        // The inspector lists a refusal under its route and hook: the framing keeps the last
        // request line's method and path (without the query).
        HttpFraming::Limits l = limits();
        l.bodyLimitFor = [](QByteArrayView path) -> qint64 {
            return path == "/small" ? 10 : 100000;
        };
        HttpFraming framing(l);
        QVERIFY(framing.path().isEmpty());
        QVERIFY(!framing.feed(post("", "ok", "/big")).rejection);
        QCOMPARE(framing.path(), QByteArray("/big"));
        framing.feed("POST /sm"); // a new head: not the last one's route any more
        QVERIFY(framing.path().isEmpty());
        const auto r = framing.feed("all?x=1 HTTP/1.1\r\nContent-Length: 50\r\n\r\n");
        QVERIFY(r.rejection);
        QCOMPARE(r.rejection->status, 413);
        QCOMPARE(framing.method(), QByteArray("POST"));
        QCOMPARE(framing.path(), QByteArray("/small"));
    }

    void idleStateTracksHead()
    {
        HttpFraming framing(limits());
        QVERIFY(framing.awaitingHead());
        QVERIFY(!framing.headStarted());
        framing.feed("POST / HTTP/1.1\r\nContent-Length: 4\r\n");
        QVERIFY(framing.awaitingHead());
        QVERIFY(framing.headStarted());
        framing.feed("\r\nab");
        QVERIFY(!framing.awaitingHead()); // in the body: the header timeout no longer applies
        framing.feed("cd");
        QVERIFY(framing.awaitingHead());
        QVERIFY(!framing.headStarted());
        QCOMPARE(framing.requestsSeen(), 1);
    }

    void randomBytesNeverCrash()
    {
        QRandomGenerator random(42);
        for (int round = 0; round < 2000; ++round) {
            HttpFraming framing(limits());
            QByteArray junk(random.bounded(1, 400), Qt::Uninitialized);
            for (char &c : junk) {
                c = "GETPOS /\r\n:0123456789abcdefContent-LngthTrasfr-Encodigchunked"
                    [random.bounded(60)];
            }
            framing.feed(junk);
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpFraming)
#include "tst_httpframing.moc"
