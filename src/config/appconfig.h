#pragma once

#include "config/corsconfig.h"
#include "config/hookconfig.h"
#include "config/sourceconfig.h"
#include "core/event.h"
#include "core/secret.h"
#include "core/silence.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace jobpulse {

/** The strings of a JSON array (mute rules, a reload's answer); other values are "". */
QStringList jsonStrings(const QJsonValue &array);

/** @brief The config's `receiver` section (PRODUCT.md §4) with its defaults. */
struct ReceiverConfig
{
    static constexpr quint16 DefaultPort = 7788;
    /** "127.0.0.1:7788": where the receiver listens and the CLI sends by default. */
    static QString defaultListen();

    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = DefaultPort;
    qint64 maxBodyBytes = 1024 * 1024;
    int headerTimeoutMs = 10000;
    int maxBacklog = 20000; // batches queued for the writer before ingest answers 503
    QList<HookConfig> hooks = HookConfig::builtins(); // every POST route (the `hooks` section)
    QString readToken; // when set, read and relay routes need it (Bearer or ?token=)
    int maxConnections = 512; // past this, new connections get 429
    double ratePerSecond = 0; // per client address; 0 = no rate limit
    int rateBurst = 0;
    CorsConfig cors; // web pages of other origins that may call the read routes

    /** "host:port" (IPv6 in brackets) to an address and port; false when malformed. */
    static bool parseListen(const QString &text, QHostAddress *address, quint16 *port);
    /** Why a non-loopback address is refused (hooks without a secret, no readToken); empty
     *  when the receiver is safe to expose. */
    QString exposureProblems() const;
};

/** @brief The config's `retention` section; 0 = no limit. */
struct RetentionConfig
{
    static constexpr int DefaultDays = 90;
    static constexpr qint64 DefaultMaxEvents = 1000000;
    int days = DefaultDays;
    qint64 maxEvents = DefaultMaxEvents;
    qint64 maxLogBytes = DefaultMaxLogBytes; // per job; past it the log's middle is cut
};

/** @brief The config's `store` section: where the history is kept when `--db` is not given. */
struct StoreConfig
{
    QString url; // a SQLite file or postgresql://user@host:port/dbname; empty: the default file
    QString password; // resolved (env:NAME already read); joins a postgresql:// URL

    /** What Store::open takes: the url, with the password in it when one is set. */
    QString location() const;
};

/** @brief The config's `jobs` section: when a silent job is stalled or lost. */
struct JobsConfig
{
    qint64 stallAfterSeconds = SilencePolicy::DefaultStallAfterSeconds; // nothing learned
    qint64 abandonAfterSeconds = SilencePolicy::DefaultAbandonAfterSeconds;
    QHash<QString, qint64> stallAfterByKind; // `jobs.kinds.<kind>.stallAfter`
};

/** @brief The config's `ui` section: how the dashboard looks. */
struct UiConfig
{
    QString theme = QStringLiteral("system"); // system, light or dark
    bool reduceMotion = false;
    QString language = QStringLiteral("system"); // or a language code ("de")
};

/** @brief The config's `notifications` section: the mute rules. */
struct NotificationsConfig
{
    QStringList mutedKinds;
    QStringList mutedSources;
};

/** @brief Where the receiver's address came from: `--listen`, the config file, or neither. */
enum class ListenOrigin { Default, Config, Flag };

/**
 * @brief The configuration file (PRODUCT.md §4), the one place it is read, validated and
 * written. Every default lives in the section structs above.
 *
 * fromJson() validates the whole document; errors name the key (`retention.days: …`,
 * `hooks[2].signature.secret: …`). The document itself is kept (json()) so that a writer
 * round-trips keys it does not know and `env:` references as written.
 */
class AppConfig
{
public:
    ReceiverConfig receiver;
    QList<SourceConfig> sources;
    RetentionConfig retention;
    StoreConfig store;
    JobsConfig jobs;
    UiConfig ui;
    NotificationsConfig notifications;

    /** The store's sweep policy: the `jobs` section with the hooks' `stallAfter`. */
    SilencePolicy silencePolicy() const;

    /** config.json in the app's config folder: used when there is no --config. */
    static QString defaultPath();

    /** Validates @p json; @p secrets Keep checks `env:` secrets' shape without reading them. */
    static std::optional<AppConfig> fromJson(
        const QJsonObject &json, QString *error, SecretPolicy secrets = SecretPolicy::Resolve);
    /** The document this config was read from, with the receiver's listen address, the
     *  retention, ui and notifications sections as they are now. */
    QJsonObject toJson() const;
    /** The document as read (unknown keys, `env:` references and all). */
    const QJsonObject &json() const { return m_json; }
    /** Where receiver.address and .port come from when the command line's `--listen` is
     *  @p flagGiven (it wins over the file). */
    ListenOrigin listenOrigin(bool flagGiven) const;

    /** Reads and validates @p path; errors start with the path. */
    static std::optional<AppConfig> load(const QString &path, QString *error);
    /** The JSON object in @p path; nullopt (with @p error) when it is unreadable or not one. */
    static std::optional<QJsonObject> readFile(const QString &path, QString *error);
    /** Writes @p json to @p path atomically with mode 0600 (it may hold secrets), creating
     *  the folder. Keys keep the order the file at @p path has them in, unchanged values
     *  their spacing (writeOrderedJson). */
    static bool writeFile(const QString &path, const QJsonObject &json, QString *error);

private:
    QJsonObject m_json;
};

} // namespace jobpulse
