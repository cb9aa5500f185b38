// Soak (label "slow"): sources against peers that restart again and again while events keep
// coming. Every event must arrive exactly once, in order. JOBPULSE_SOAK_RESTARTS sets the
// count (default 100).
#include "common/peers.h"
#include "sources/sourcemanager.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;
using namespace jobpulse::testing;

namespace {

int restarts()
{
    return qEnvironmentVariableIntValue("JOBPULSE_SOAK_RESTARTS") > 0
        ? qEnvironmentVariableIntValue("JOBPULSE_SOAK_RESTARTS")
        : 100;
}

QByteArray logEvent(int n, bool withId)
{
    QJsonObject o { { u"job"_s, u"soak"_s }, { u"type"_s, u"log"_s },
        { u"message"_s, QString::number(n) } };
    if (withId) {
        o.insert(u"id"_s, u"soak-%1"_s.arg(n));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList messages(Store &store)
{
    QStringList list;
    for (const StoredEvent &e : store.eventsAfter(0, 1000000)) {
        list.append(e.event.message);
    }
    return list;
}

QStringList numbers(int to)
{
    QStringList list;
    for (int i = 1; i <= to; ++i) {
        list.append(QString::number(i));
    }
    return list;
}

std::unique_ptr<Source> source(const QString &type, quint16 port, Store *store)
{
    QString error;
    auto c = SourceConfig::fromJson(QJsonObject { { u"name"_s, type }, { u"type"_s, type },
                                        { u"url"_s, u"http://127.0.0.1:%1/stream"_s.arg(port) } },
        u"soak"_s, &error);
    c->backoffBaseMs = 5;
    c->backoffCapMs = 50;
    return createSource(*c, store);
}

} // namespace

class TestSoak : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void ssePeerRestarts();
    void websocketPeerRestarts();
};

void TestSoak::ssePeerRestarts()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_dir.filePath(u"sse.db"_s), Durability::Normal, &error));
    SsePeer peer;
    QVERIFY(peer.listen());
    auto s = source(u"sse"_s, peer.port(), &store);
    s->start();
    int n = 0;
    for (int round = 0; round < restarts(); ++round) {
        QTRY_COMPARE(s->state(), SourceState::Live);
        for (int i = 0; i < 3; ++i) {
            peer.publish(logEvent(++n, false)); // no ids: the cursor alone prevents repeats
        }
        peer.kill(); // possibly before the source has read them all
        peer.publish(logEvent(++n, false)); // logged while it is down
        QTRY_COMPARE(s->state(), SourceState::Reconnecting);
        QVERIFY(peer.listen());
    }
    QTRY_COMPARE_WITH_TIMEOUT(messages(store).size(), n, 20000);
    QCOMPARE(messages(store), numbers(n));
    QCOMPARE(s->counters().connects, restarts() + 1);
    qInfo("%d SSE restarts, %d events, each stored once in order", restarts(), n);
}

void TestSoak::websocketPeerRestarts()
{
    Store store;
    QString error;
    QVERIFY(store.open(m_dir.filePath(u"ws.db"_s), Durability::Normal, &error));
    WsPeer peer;
    peer.replayOnConnect = 4; // what a peer re-sends on connect must not be stored twice
    QVERIFY(peer.listen());
    auto s = source(u"websocket"_s, peer.port(), &store);
    s->start();
    int n = 0;
    for (int round = 0; round < restarts(); ++round) {
        QTRY_COMPARE(s->state(), SourceState::Live);
        for (int i = 0; i < 3; ++i) {
            peer.publish(QString::fromUtf8(logEvent(++n, true)));
        }
        QTRY_COMPARE(messages(store).size(), n); // a plain WebSocket peer has no resume
        peer.kill();
        QTRY_COMPARE(s->state(), SourceState::Reconnecting);
        QVERIFY(peer.listen());
    }
    QCOMPARE(messages(store), numbers(n));
    QTRY_COMPARE(s->counters().connects, restarts() + 1);
    qInfo("%d WebSocket restarts, %d events, replays deduplicated", restarts(), n);
}

QTEST_MAIN(TestSoak)
#include "tst_soak.moc"
