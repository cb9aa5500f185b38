#include "leadership.h"

#include "dialect.h"
#include "logging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

Leadership::Leadership(QString location, QObject *parent)
    : QObject(parent)
    , m_location(std::move(location))
{ }

Leadership::~Leadership()
{
    stop();
}

void Leadership::start()
{
    if (!StoreTarget::isUrl(m_location)) {
        report(true); // SQLite: the database lock already made this the only writer
        return;
    }
    if (m_thread) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_thread.reset(QThread::create([this] { elect(); }));
    m_thread->setObjectName(u"jobpulse-leadership"_s);
    m_thread->start();
}

void Leadership::stop()
{
    if (!m_thread) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread->wait();
    m_thread.reset();
}

void Leadership::report(bool leading)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(
            this, [this, leading] { report(leading); }, Qt::QueuedConnection);
        return;
    }
    if (m_leading == leading) {
        return;
    }
    m_leading = leading;
    qCInfo(lcStore) << (leading ? "this node leads: it runs the sources, the silence sweep and "
                                  "retention"
                                : "this node does not lead: the node that leads runs the sources, "
                                  "the silence sweep and retention");
    Q_EMIT leadingChanged(leading);
}

void Leadership::elect()
{
    QString error;
    const auto target = StoreTarget::parse(m_location, &error);
    if (!target) {
        qCWarning(lcStore).noquote() << "no leader election:" << error;
        return;
    }
    const QString name =
        u"jobpulse-leadership-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = target->addConnection(name);
        // Named so that an operator sees which session holds the lock (pg_stat_activity), and
        // with TCP keepalives: a leader cut off from the server learns it within seconds.
        db.setConnectOptions(db.connectOptions()
            + u";application_name=jobpulse-leader;keepalives_idle=5;keepalives_interval=2;"
              u"keepalives_count=2"_s);
        bool leading = false;
        QString lastProblem;
        const auto problem = [&lastProblem](const QString &what) {
            if (what != lastProblem) {
                qCWarning(lcStore).noquote() << "leader election:" << what;
                lastProblem = what;
            }
        };
        for (;;) {
            if (!db.isOpen() && !db.open()) {
                problem(u"cannot connect: "_s + db.lastError().text());
            } else if (!leading) {
                QSqlQuery q(db);
                if (q.exec(u"SELECT pg_try_advisory_lock(%1)"_s.arg(LockKey)) && q.next()) {
                    leading = q.value(0).toBool();
                    lastProblem.clear();
                } else {
                    problem(u"cannot ask for the lock: "_s + q.lastError().text());
                    db.close();
                }
            } else {
                QSqlQuery q(db);
                if (!q.exec(u"SELECT 1"_s)) {
                    // The session and its lock may be gone: another node may lead already.
                    problem(u"lost the lock's connection: "_s + q.lastError().text());
                    leading = false;
                    db.close();
                }
            }
            report(leading);
            std::unique_lock lock(m_mutex);
            if (m_wake.wait_for(lock, std::chrono::milliseconds(leading ? CheckMs : RetryMs),
                    [this] { return m_stopping; })) {
                break;
            }
        }
        db.close(); // ends the session: the lock is free for another node
    }
    QSqlDatabase::removeDatabase(name);
    report(false);
}

} // namespace jobpulse
