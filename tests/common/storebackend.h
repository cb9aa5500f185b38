#pragma once
// The store tests run once per backend (like qthttpserver's suite over its transports): a
// test asks its StoreBackend for a new database and opens it with Store::open, whichever
// backend that is. PostgreSQL's rows use the binary's throwaway cluster (pgcluster.h) and
// are skipped, saying why, where PostgreSQL is not installed.

#include "common/pgcluster.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <QUuid>

namespace jobpulse::testing {

enum class Backend { Sqlite, Postgres };

class StoreBackend
{
public:
    explicit StoreBackend(Backend backend)
        : m_backend(backend)
    { }

    Backend backend() const { return m_backend; }
    bool isPostgres() const { return m_backend == Backend::Postgres; }
    QString name() const
    {
        return isPostgres() ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
    }

    /** Why this backend's tests cannot run here (for QSKIP); empty when they can. */
    QString skipReason() const
    {
        return isPostgres() ? PgCluster::shared().skipReason() : QString();
    }

    /** Where a new, empty database is: a file path or a postgresql:// URL for --db. */
    QString newLocation()
    {
        if (isPostgres()) {
            return PgCluster::shared().newDatabase();
        }
        return m_dir.filePath(QStringLiteral("t%1.db").arg(++m_files));
    }

    /** Runs @p statement on a connection of its own beside the store's, on the database at
     *  @p location; @p result gets the first row's first value. */
    bool execBeside(const QString &location, const QString &statement, QVariant *result = nullptr)
    {
        if (isPostgres()) {
            return PgCluster::shared().exec(QUrl(location).path().mid(1), statement, result);
        }
        const QString name = QUuid::createUuid().toString();
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(location);
            QSqlQuery q(db);
            ok = db.open() && q.exec(statement);
            if (ok && result) {
                *result = q.next() ? q.value(0) : QVariant();
            }
            if (!ok) {
                qWarning(
                    "execBeside: %s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
            }
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

    /** A trigger that refuses (with "refused by the test") inserts into @p table for which
     *  @p condition (on NEW) holds; "TRUE": every insert. */
    bool refuseInserts(const QString &location, const QString &table, const QString &condition)
    {
        if (isPostgres()) {
            return execBeside(location,
                       QStringLiteral("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql "
                                      "AS $$ BEGIN IF %1 THEN RAISE EXCEPTION 'refused by the "
                                      "test'; END IF; RETURN NEW; END $$")
                           .arg(condition))
                && execBeside(location,
                    QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON %1 FOR EACH ROW "
                                   "EXECUTE FUNCTION refuse()")
                        .arg(table));
        }
        return execBeside(location,
            QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON %1 WHEN %2 "
                           "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
                .arg(table, condition));
    }

    QString dir() const { return m_dir.path(); }

private:
    Backend m_backend;
    QTemporaryDir m_dir;
    int m_files = 0;
};

} // namespace jobpulse::testing
