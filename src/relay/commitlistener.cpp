#include "commitlistener.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcRelay)

namespace jobpulse {

CommitListener::CommitListener(QObject *parent)
    : QObject(parent)
    , m_connection(u"jobpulse-listen-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_check(this)
    , m_retry(this)
{
    m_check.setInterval(CheckIntervalMs);
    connect(&m_check, &QTimer::timeout, this, &CommitListener::check);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &CommitListener::connectNow);
}

CommitListener::~CommitListener()
{
    stop();
}

void CommitListener::start(const StoreTarget &target)
{
    if (!target.isPostgres() || QSqlDatabase::contains(m_connection)) {
        return;
    }
    m_target = target;
    QSqlDatabase db = m_target.addConnection(m_connection);
    // libpq takes the last of a repeated option: this one names the listener, so an operator
    // (or a test) can find its backend in pg_stat_activity.
    db.setConnectOptions(db.connectOptions()
        + u";application_name=jobpulse-listen-%1"_s.arg(QCoreApplication::applicationPid()));
    connect(db.driver(), &QSqlDriver::notification, this,
        [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
            bool ok = false;
            const qint64 seq = payload.toString().toLongLong(&ok);
            if (name == Dialect::EventsChannel && ok) {
                Q_EMIT notified(seq);
            }
        });
    connectNow();
}

void CommitListener::stop()
{
    m_check.stop();
    m_retry.stop();
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
    m_listening = false;
}

void CommitListener::connectNow()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.close(); // a dead connection's notifier and subscriptions go with it
    if (!db.open()) {
        lost(db.lastError().text());
        return;
    }
    if (!db.driver()->subscribeToNotification(Dialect::EventsChannel.toString())) {
        lost(db.driver()->lastError().text());
        return;
    }
    if (m_retryMs > 0) {
        qCInfo(lcRelay) << "listening to the database's commits again";
    }
    m_listening = true;
    m_retryMs = 0;
    m_check.start();
    // After LISTEN: a commit from here on is notified, one before is read by the catch-up.
    Q_EMIT reconnected();
}

void CommitListener::check()
{
    // Qt's driver does not report a listening connection that died: ask it something.
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(u"SELECT 1"_s)) {
        lost(q.lastError().text());
    }
}

void CommitListener::lost(const QString &why)
{
    m_check.stop();
    if (m_listening || m_retryMs == 0) {
        qCWarning(lcRelay).noquote()
            << "the relay is not listening to the database's commits:" << why.trimmed()
            << "- connecting again";
    }
    m_listening = false;
    QSqlDatabase::database(m_connection, false).close();
    m_retry.start(m_retryMs);
    m_retryMs = std::clamp(m_retryMs * 2, 250, MaxRetryMs);
}

} // namespace jobpulse
