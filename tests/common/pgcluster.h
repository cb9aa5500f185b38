#pragma once
// A throwaway PostgreSQL cluster for the tests that run against PostgreSQL: initdb into a
// temporary folder, pg_ctl start on a unix socket there and a free loopback port, stopped and
// removed when the test binary ends. One per test binary (initdb takes seconds); each test
// takes a new empty database from it. No test uses a server that was already running.
//
// PostgreSQL refuses to run as root: as root (CI), initdb and the server run as the
// `postgres` user (Debian's postgresql-15 package creates it) through runuser.

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUuid>
#include <cerrno>
#include <csignal>
#include <memory>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace jobpulse::testing {

class PgCluster
{
public:
    /** The binary's cluster, started on first use; check skipReason() before using it. */
    static PgCluster &shared()
    {
        static PgCluster cluster;
        return cluster;
    }

    /** Why there is no cluster (for QSKIP); empty when it runs. */
    QString skipReason() const { return m_skipReason; }

    /** The URL of a new, empty database (name: @p prefix and a counter). */
    QString newDatabase(const QString &prefix = QStringLiteral("t"))
    {
        const QString name = QStringLiteral("%1_%2").arg(prefix).arg(++m_databases);
        if (!exec(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1").arg(name))) {
            return {};
        }
        return url(name);
    }

    /** Over TCP the cluster asks for a password (the store's URL carries it), as a team's
     *  server would; its own unix socket trusts. */
    QString url(const QString &database) const
    {
        return QStringLiteral("postgresql://jobpulse:%1@127.0.0.1:%2/%3")
            .arg(password())
            .arg(m_port)
            .arg(database);
    }

    static QString password() { return QStringLiteral("throwaway"); }

    /** A QPSQL connection named @p name to @p database (a name, or a URL of newDatabase()),
     *  over TCP as the store's own; not opened yet. */
    QSqlDatabase connection(const QString &name, const QString &database) const
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("jobpulse"));
        db.setPassword(password());
        db.setDatabaseName(database.contains(QLatin1Char('/'))
                ? database.section(QLatin1Char('/'), -1)
                : database);
        return db;
    }

    /** Runs @p statement in @p database on a connection of its own; false (and a warning)
     *  when it fails. @p result, when given, receives the first row's first value. */
    bool exec(const QString &database, const QString &statement, QVariant *result = nullptr)
    {
        const QString name = QUuid::createUuid().toString();
        bool ok = false;
        {
            QSqlDatabase db = connection(name, database);
            QSqlQuery q(db);
            ok = db.open() && q.exec(statement);
            if (!ok) {
                qWarning("pgcluster: %s: %s", qPrintable(statement),
                    qPrintable(db.isOpen() ? q.lastError().text() : db.lastError().text()));
            } else if (result) {
                *result = q.next() ? q.value(0) : QVariant();
            }
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

    int port() const { return m_port; }

    ~PgCluster()
    {
        if (m_started) {
            run(m_bin + QStringLiteral("/pg_ctl"),
                { QStringLiteral("-D"), m_data, QStringLiteral("-m"), QStringLiteral("immediate"),
                    QStringLiteral("-w"), QStringLiteral("stop") });
        }
    }

private:
    PgCluster()
    {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
            m_skipReason = QStringLiteral("Qt's PostgreSQL driver is missing (Debian "
                                          "libqt6sql6-psql; ./dev.sh deps installs it)");
            return;
        }
        const QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql"))
                                         .entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &v : versions) {
            if (QFile::exists(QStringLiteral("/usr/lib/postgresql/%1/bin/initdb").arg(v))) {
                m_bin = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(v);
            }
        }
        if (m_bin.isEmpty()) {
            m_skipReason = QStringLiteral("PostgreSQL's server binaries are missing (Debian "
                                          "postgresql-15; ./dev.sh deps installs them)");
            return;
        }
        if (::geteuid() == 0) {
            const passwd *user = ::getpwnam("postgres");
            if (!user) {
                m_skipReason = QStringLiteral("running as root without a 'postgres' user to "
                                              "run PostgreSQL as");
                return;
            }
            m_runAs = QStringLiteral("postgres");
            if (::chown(QFile::encodeName(m_dir.path()).constData(), user->pw_uid, user->pw_gid)
                != 0) {
                m_skipReason = QStringLiteral("cannot hand %1 to postgres").arg(m_dir.path());
                return;
            }
        }
        sweepAbandoned();
        // Whose cluster this is, for the sweep of a later binary when this one is killed
        // (a ctest timeout ends it without its destructor).
        QFile owner(m_dir.filePath(QStringLiteral("owner")));
        if (owner.open(QIODevice::WriteOnly)) {
            owner.write(QByteArray::number(::getpid()));
            owner.close();
        }
        m_data = m_dir.filePath(QStringLiteral("data"));
        QFile passwordFile(m_dir.filePath(QStringLiteral("password")));
        if (!passwordFile.open(QIODevice::WriteOnly)
            || passwordFile.write(password().toUtf8() + '\n') < 0) {
            m_skipReason = QStringLiteral("cannot write %1").arg(passwordFile.fileName());
            return;
        }
        passwordFile.close();
        passwordFile.setPermissions(QFile::ReadOwner | QFile::ReadOther);
        QString output;
        if (!run(m_bin + QStringLiteral("/initdb"),
                { QStringLiteral("-D"), m_data, QStringLiteral("--auth-local=trust"),
                    QStringLiteral("--auth-host=scram-sha-256"),
                    QStringLiteral("--pwfile=") + passwordFile.fileName(), QStringLiteral("-U"),
                    QStringLiteral("jobpulse"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                    QStringLiteral("--locale=C"), QStringLiteral("--no-sync") },
                &output)) {
            m_skipReason = QStringLiteral("initdb failed: ") + output;
            return;
        }
        // A port that was free a moment ago may be taken meanwhile: a few tries.
        for (int attempt = 0; attempt < 3 && !m_started; ++attempt) {
            m_port = freePort();
            m_started = run(m_bin + QStringLiteral("/pg_ctl"),
                { QStringLiteral("-D"), m_data, QStringLiteral("-l"),
                    m_dir.filePath(QStringLiteral("server.log")), QStringLiteral("-w"),
                    QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"),
                    QStringLiteral("-k %1 -p %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                   "-c full_page_writes=off -c max_connections=200")
                        .arg(m_dir.path())
                        .arg(m_port),
                    QStringLiteral("start") },
                &output);
        }
        if (!m_started) {
            QFile log(m_dir.filePath(QStringLiteral("server.log")));
            log.open(QIODevice::ReadOnly);
            m_skipReason = QStringLiteral("pg_ctl start failed: %1 %2")
                               .arg(output, QString::fromUtf8(log.readAll()));
        }
    }

    // Stops and removes the clusters of test binaries that were killed before they could
    // (their owner process is gone); clusters of running binaries are left alone.
    void sweepAbandoned()
    {
        const QDir temp(QDir::tempPath());
        for (const QString &name : temp.entryList(
                 { QStringLiteral("jobpulse-pg-*") }, QDir::Dirs | QDir::NoDotAndDotDot)) {
            const QString dir = temp.filePath(name);
            QFile owner(dir + QStringLiteral("/owner"));
            if (dir == m_dir.path() || !owner.open(QIODevice::ReadOnly)) {
                continue;
            }
            const pid_t pid = static_cast<pid_t>(owner.readAll().trimmed().toLongLong());
            if (pid <= 0 || ::kill(pid, 0) == 0 || errno != ESRCH) {
                continue;
            }
            run(m_bin + QStringLiteral("/pg_ctl"),
                { QStringLiteral("-D"), dir + QStringLiteral("/data"), QStringLiteral("-m"),
                    QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop") });
            QDir(dir).removeRecursively();
        }
    }

    // Runs @p program (as postgres when root); its output in @p output.
    bool run(const QString &program, const QStringList &arguments, QString *output = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.setWorkingDirectory(m_dir.path());
        if (m_runAs.isEmpty()) {
            p.start(program, arguments);
        } else {
            p.start(QStringLiteral("runuser"),
                QStringList { QStringLiteral("-u"), m_runAs, QStringLiteral("--"), program }
                    + arguments);
        }
        const bool ok = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit
            && p.exitCode() == 0;
        if (output) {
            *output = QString::fromLocal8Bit(p.readAll());
        }
        return ok;
    }

    static int freePort()
    {
        const int s = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        int port = 0;
        if (::bind(s, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
            && ::getsockname(s, reinterpret_cast<sockaddr *>(&address), &length) == 0) {
            port = ntohs(address.sin_port);
        }
        ::close(s);
        return port;
    }

    QTemporaryDir m_dir { QDir::tempPath() + QStringLiteral("/jobpulse-pg-XXXXXX") };
    QString m_bin;
    QString m_runAs;
    QString m_data;
    QString m_skipReason;
    int m_port = 0;
    int m_databases = 0;
    bool m_started = false;
};

} // namespace jobpulse::testing
