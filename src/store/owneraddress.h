#pragma once

#include <QString>
#include <QUrl>
#include <optional>

namespace jobpulse {

/**
 * @brief How a viewer finds the Jobpulse that writes a database: the writer publishes its pid
 * and receiver URL in a small JSON file beside the database's lock ("jobpulse.db.lock.address",
 * `{"pid": 4242, "url": "http://127.0.0.1:7788"}`) once it listens, and removes it when it
 * stops. A reader trusts the file only while the same pid holds the lock (DatabaseLock), so a
 * file left by a crashed writer never misleads it.
 */
struct OwnerAddress
{
    qint64 pid = 0;
    QUrl url;

    /** The file's path for the database at @p databasePath. */
    static QString path(const QString &databasePath);
    /** Writes the file for this process (atomically); false with @p error when it cannot. */
    static bool publish(const QString &databasePath, const QUrl &url, QString *error);
    /** Removes the file when it still names this process. */
    static void withdraw(const QString &databasePath);
    /** The file's pid and URL; nullopt when there is none or it is not one of ours. */
    static std::optional<OwnerAddress> read(const QString &databasePath);
    /** Parses the file's bytes (the fuzz target's entry). */
    static std::optional<OwnerAddress> parse(const QByteArray &bytes);
};

} // namespace jobpulse
