#pragma once

#include "core/job.h"
#include "store/store.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

namespace jobpulse::sql {

/** Brings the schema to the latest version, one migration per user_version step. */
bool migrate(QSqlDatabase &db, QString *error);
int latestVersion();
/** The SQLite full-text indexes created with automerge off: merging their segments while
 *  commits come (FTS5's default) made every commit of a burst dearer, so the writer merges
 *  them while it is idle instead (StoreWriter::mergeStep). Empty on PostgreSQL. */
QStringList idleMergedIndexes(const QSqlDatabase &db);

/** The jobs columns in the order readJob() expects. */
QString jobColumns();
Job readJob(const QSqlQuery &query);
QString stepColumns();
Step readStep(const QSqlQuery &query);

QVariant msOrNull(const QDateTime &time);
QDateTime fromMs(const QVariant &value);

/** Runs one statement, reporting the driver's error text. */
bool exec(QSqlDatabase &db, const QString &statement, QString *error);

} // namespace jobpulse::sql
