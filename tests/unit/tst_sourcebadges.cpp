// The left rail's source badges: SourceListModel against a real SourceManager whose sources
// talk to a real SSE peer on loopback and to a closed port.
#include "common/peers.h"
#include "sources/sourcemanager.h"
#include "store/store.h"
#include "ui/dashboard.h"
#include "ui/sourcelistmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;
using namespace jobpulse::testing;

namespace {

SourceConfig config(const QJsonObject &json, int backoffMs)
{
    QString error;
    auto c = SourceConfig::fromJson(json, u"sources[0]"_s, &error);
    if (!c) {
        qFatal("bad test config: %s", qPrintable(error));
    }
    c->backoffBaseMs = backoffMs;
    c->backoffCapMs = backoffMs;
    return *c;
}

// A port nothing listens on: bound, then released.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

QVariant roleOf(const QAbstractItemModel &model, int row, int role)
{
    return model.data(model.index(row, 0), role);
}

} // namespace

class TestSourceBadges : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;

private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<Store>();
        QString error;
        QVERIFY2(m_store->open(m_dir.filePath(u"jp.db"_s), Durability::Normal, &error),
            qPrintable(error));
    }
    void cleanup()
    {
        m_store.reset();
        QFile::remove(m_dir.filePath(u"jp.db"_s));
    }

    void noSourcesNoRows()
    {
        SourceListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.summary(), QString());
        SourceManager none(m_store.get(), {});
        model.setManager(&none);
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.summary(), QString());
        // The dashboard without a manager (the default) has an empty, working model.
        Dashboard dashboard(m_store.get());
        QCOMPARE(dashboard.sources()->count(), 0);
    }

    void statesCountdownAndSummary()
    {
        SsePeer peer;
        QVERIFY(peer.listen());
        const quint16 closed = closedPort();
        const QList<SourceConfig> configs {
            config({ { u"name"_s, u"backend"_s }, { u"type"_s, u"sse"_s },
                       { u"url"_s, u"http://127.0.0.1:%1/events"_s.arg(peer.port()) } },
                300),
            // Waits 60 s between attempts: it stays "reconnecting" with a countdown.
            config({ { u"name"_s, u"ci"_s }, { u"type"_s, u"sse"_s },
                       { u"url"_s, u"http://127.0.0.1:%1/stream"_s.arg(closed) },
                       { u"fallback"_s,
                           QJsonObject { { u"type"_s, u"poll"_s },
                               { u"url"_s, u"http://127.0.0.1:%1/poll"_s.arg(closed) },
                               { u"interval"_s, 60 } } } },
                60000),
        };
        SourceManager manager(m_store.get(), configs);
        SourceListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setManager(&manager);
        QCOMPARE(model.count(), 2);
        QCOMPARE(roleOf(model, 0, SourceListModel::NameRole).toString(), u"backend"_s);
        QCOMPARE(roleOf(model, 0, SourceListModel::TypeRole).toString(), u"sse"_s);
        QCOMPARE(roleOf(model, 1, SourceListModel::NameRole).toString(), u"ci"_s);
        QCOMPARE(roleOf(model, 1, SourceListModel::FallbackNameRole).toString(),
            roleOf(model, 1, SourceListModel::NameRole).toString() + u"-fallback"_s);
        QCOMPARE(roleOf(model, 0, SourceListModel::FallbackNameRole).toString(), QString());
        QCOMPARE(roleOf(model, 0, SourceListModel::StateRole).toString(), u"paused"_s);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy summary(&model, &SourceListModel::summaryChanged);
        const QDateTime started = QDateTime::currentDateTimeUtc();
        manager.start();
        QTRY_COMPARE(roleOf(model, 0, SourceListModel::StateRole).toString(), u"live"_s);
        QTRY_COMPARE(roleOf(model, 1, SourceListModel::StateRole).toString(), u"reconnecting"_s);
        QCOMPARE(model.liveCount(), 1);
        QCOMPARE(model.summary(), u"degraded"_s);
        QVERIFY(summary.count() >= 1);

        // Reconnecting: a reason and the due time, for the countdown. The wait is a full-jitter
        // backoff, anywhere in [0, 60 s] after the failure: the time due lies in that window.
        QVERIFY(!roleOf(model, 1, SourceListModel::ReasonRole).toString().isEmpty());
        const QDateTime due = roleOf(model, 1, SourceListModel::RetryAtRole).toDateTime();
        QVERIFY(due.isValid());
        QVERIFY2(due >= started && due <= QDateTime::currentDateTimeUtc().addMSecs(60000),
            qPrintable(due.toString(Qt::ISODateWithMs)));
        // A live source has no due time; the fallback polls while its push side is down.
        QVERIFY(!roleOf(model, 0, SourceListModel::RetryAtRole).toDateTime().isValid());
        QTRY_VERIFY(roleOf(model, 1, SourceListModel::FallbackStateRole).toString() != u"paused"_s);

        // Only the roles that changed are signalled.
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const auto roles = args.at(2).value<QList<int>>();
            QVERIFY(!roles.isEmpty());
            QVERIFY(!roles.contains(SourceListModel::NameRole));
            QVERIFY(!roles.contains(SourceListModel::TypeRole));
        }

        // Events committed through a source count on its badge.
        changed.clear();
        peer.publish(R"({"job":"b1","type":"job.started"})");
        QTRY_COMPARE(roleOf(model, 0, SourceListModel::EventsRole).toLongLong(), 1);
        QVERIFY(std::any_of(changed.cbegin(), changed.cend(), [](const QList<QVariant> &args) {
            return args.at(2).value<QList<int>>() == QList<int> { SourceListModel::EventsRole };
        }));

        // The live one drops: none is live.
        summary.clear();
        peer.kill();
        QTRY_COMPARE(roleOf(model, 0, SourceListModel::StateRole).toString(), u"reconnecting"_s);
        QCOMPARE(model.liveCount(), 0);
        QCOMPARE(model.summary(), u"down"_s);
        QVERIFY(summary.count() >= 1);
        // ... and comes back.
        QVERIFY(peer.listen());
        QTRY_COMPARE(roleOf(model, 0, SourceListModel::StateRole).toString(), u"live"_s);
        QCOMPARE(model.summary(), u"degraded"_s);
    }

    void managerGoneRowsStaySafe()
    {
        SourceListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        {
            SourceManager manager(m_store.get(),
                { config({ { u"name"_s, u"x"_s }, { u"type"_s, u"sse"_s },
                             { u"url"_s, u"http://127.0.0.1:%1/"_s.arg(closedPort()) } },
                    60000) });
            model.setManager(&manager);
            QCOMPARE(model.count(), 1);
        }
        // The sources went away with their manager: the rows answer without crashing.
        QCOMPARE(roleOf(model, 0, SourceListModel::NameRole).toString(), QString());
        model.setManager(nullptr);
        QCOMPARE(model.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSourceBadges)
#include "tst_sourcebadges.moc"
