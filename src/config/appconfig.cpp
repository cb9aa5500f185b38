#include "appconfig.h"

#include "config/duration.h"
#include "config/orderedjson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// The receiver and retention errors are translated ("jobpulse::AppConfig"): the settings page
// shows them in its language; the CLI and the headless receiver load none (English).

bool parseReceiver(
    const QJsonObject &section, ReceiverConfig *receiver, QString *error, SecretPolicy secrets)
{
    if (section.contains(u"listen"_s)
        && !ReceiverConfig::parseListen(
            section.value(u"listen"_s).toString(), &receiver->address, &receiver->port)) {
        *error = QCoreApplication::translate(
            "jobpulse::AppConfig", "receiver.listen wants HOST:PORT, such as %1.")
                     .arg(ReceiverConfig::defaultListen());
        return false;
    }
    if (section.contains(u"maxBodyBytes"_s)) {
        receiver->maxBodyBytes = section.value(u"maxBodyBytes"_s).toInteger(-1);
        if (receiver->maxBodyBytes < 1) {
            *error = QCoreApplication::translate(
                "jobpulse::AppConfig", "receiver.maxBodyBytes must be a positive number.");
            return false;
        }
    }
    if (section.contains(u"headerTimeoutMs"_s)) {
        const qint64 ms = section.value(u"headerTimeoutMs"_s).toInteger(-1);
        if (ms < 100) {
            *error = QCoreApplication::translate(
                "jobpulse::AppConfig", "receiver.headerTimeoutMs must be at least 100.");
            return false;
        }
        receiver->headerTimeoutMs = static_cast<int>(ms);
    }
    if (section.contains(u"maxConnections"_s)) {
        receiver->maxConnections = section.value(u"maxConnections"_s).toInt(-1);
        if (receiver->maxConnections < 1) {
            *error = QCoreApplication::translate(
                "jobpulse::AppConfig", "receiver.maxConnections must be a positive number.");
            return false;
        }
    }
    const QJsonObject rate = section.value(u"rateLimit"_s).toObject();
    receiver->ratePerSecond = rate.value(u"perSecond"_s).toDouble(0);
    receiver->rateBurst = rate.value(u"burst"_s).toInt(0);
    if (receiver->ratePerSecond < 0 || receiver->rateBurst < 0) {
        *error = QCoreApplication::translate(
            "jobpulse::AppConfig", "receiver.rateLimit.perSecond and .burst must not be negative.");
        return false;
    }
    QString why;
    const QJsonValue token = section.value(u"readToken"_s);
    if (token.isString() && !resolveSecret(token.toString(), &receiver->readToken, &why, secrets)) {
        *error = u"receiver.readToken: %1"_s.arg(why);
        return false;
    }
    auto cors = CorsConfig::fromJson(section.value(u"cors"_s), error);
    if (!cors) {
        return false;
    }
    receiver->cors = std::move(*cors);
    return true;
}

bool parseStore(const QJsonValue &value, StoreConfig *store, QString *error, SecretPolicy secrets)
{
    if (value.isUndefined()) {
        return true;
    }
    const QJsonObject section = value.toObject();
    const QJsonValue url = section.value(u"url"_s);
    if (!value.isObject()
        || (!url.isUndefined() && (!url.isString() || url.toString().isEmpty()))) {
        *error = u"store.url: a file or a postgresql://user@host:port/dbname URL"_s;
        return false;
    }
    store->url = url.toString();
    const QJsonValue password = section.value(u"password"_s);
    QString why;
    if (!password.isUndefined()
        && (!password.isString()
            || !resolveSecret(password.toString(), &store->password, &why, secrets))) {
        *error = u"store.password: %1"_s.arg(why.isEmpty() ? u"a string (or env:NAME)"_s : why);
        return false;
    }
    return true;
}

bool parseRetention(const QJsonObject &section, RetentionConfig *retention, QString *error)
{
    retention->days = section.value(u"days"_s).toInt(retention->days);
    retention->maxEvents = section.value(u"maxEvents"_s).toInteger(retention->maxEvents);
    if (retention->days < 0) {
        *error = QCoreApplication::translate(
            "jobpulse::AppConfig", "retention.days must not be negative (0 keeps everything).");
        return false;
    }
    retention->maxLogBytes = section.value(u"maxLogBytes"_s).toInteger(retention->maxLogBytes);
    if (retention->maxLogBytes < 0) {
        *error = QCoreApplication::translate("jobpulse::AppConfig",
            "retention.maxLogBytes must not be negative (0 keeps every line).");
        return false;
    }
    if (retention->maxEvents < 0) {
        *error = QCoreApplication::translate("jobpulse::AppConfig",
            "retention.maxEvents must not be negative (0 keeps everything).");
        return false;
    }
    return true;
}

bool parseJobs(const QJsonValue &value, JobsConfig *jobs, QString *error)
{
    if (value.isUndefined()) {
        return true;
    }
    if (!value.isObject()) {
        *error = u"jobs: an object such as {\"stallAfter\": \"10m\", \"abandonAfter\": \"24h\"}"_s;
        return false;
    }
    const QJsonObject section = value.toObject();
    static const QSet<QString> known { u"stallAfter"_s, u"abandonAfter"_s, u"kinds"_s };
    for (auto it = section.begin(); it != section.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"jobs.%1: unknown key (stallAfter, abandonAfter, kinds)"_s.arg(it.key());
            return false;
        }
    }
    const auto duration = [&section, error](const QString &name, qint64 *target) {
        if (!section.contains(name)) {
            return true;
        }
        const auto seconds = parseDurationSeconds(section.value(name), u"jobs."_s + name, error);
        if (seconds) {
            *target = *seconds;
        }
        return seconds.has_value();
    };
    if (!duration(u"stallAfter"_s, &jobs->stallAfterSeconds)
        || !duration(u"abandonAfter"_s, &jobs->abandonAfterSeconds)) {
        return false;
    }
    const QJsonValue kinds = section.value(u"kinds"_s);
    if (!kinds.isUndefined() && !kinds.isObject()) {
        *error = u"jobs.kinds: an object of kinds, such as {\"render\": {\"stallAfter\": "
                 u"\"30m\"}}"_s;
        return false;
    }
    const QJsonObject byKind = kinds.toObject();
    for (auto it = byKind.begin(); it != byKind.end(); ++it) {
        const QString key = u"jobs.kinds.%1"_s.arg(it.key());
        const QJsonObject kind = it.value().toObject();
        if (!it.value().isObject() || kind.keys() != QStringList { u"stallAfter"_s }) {
            *error = u"%1: an object with stallAfter, such as {\"stallAfter\": \"30m\"}"_s.arg(key);
            return false;
        }
        const auto seconds =
            parseDurationSeconds(kind.value(u"stallAfter"_s), key + u".stallAfter"_s, error);
        if (!seconds) {
            return false;
        }
        jobs->stallAfterByKind.insert(it.key(), *seconds);
    }
    return true;
}

void parseUi(const QJsonObject &section, UiConfig *ui)
{
    const QString theme = section.value(u"theme"_s).toString();
    ui->theme = (theme == u"light" || theme == u"dark") ? theme : u"system"_s;
    ui->reduceMotion = section.value(u"reduceMotion"_s).toBool(false);
    const QString language = section.value(u"language"_s).toString();
    ui->language = language.isEmpty() ? u"system"_s : language;
}

} // namespace

QStringList jsonStrings(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &v : array.toArray()) {
        list.append(v.toString());
    }
    return list;
}

QString ReceiverConfig::defaultListen()
{
    return u"127.0.0.1:%1"_s.arg(DefaultPort);
}

bool ReceiverConfig::parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        uR"((?:\[([0-9A-Fa-f:.]+)\]|([^:\[\]]+)):(\d{1,5}))"_s));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch()) {
        return false;
    }
    QString host = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
    if (host == u"localhost") {
        host = u"127.0.0.1"_s;
    }
    const QHostAddress parsed(host);
    const int number = m.captured(3).toInt();
    if (parsed.isNull() || number > 65535) {
        return false;
    }
    *address = parsed;
    *port = static_cast<quint16>(number);
    return true;
}

QString ReceiverConfig::exposureProblems() const
{
    QStringList missing;
    for (const HookConfig &hook : hooks) {
        if (!hook.hasSecret()) {
            missing.append(u"hook %1 (%2) has no signature secret"_s.arg(hook.name, hook.path));
        }
    }
    if (readToken.isEmpty()) {
        missing.append(u"receiver.readToken is not set"_s);
    }
    return missing.join(u"; "_s);
}

QString AppConfig::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/config.json"_s;
}

std::optional<AppConfig> AppConfig::fromJson(
    const QJsonObject &json, QString *error, SecretPolicy secrets)
{
    AppConfig config;
    config.m_json = json;
    if (!parseReceiver(json.value(u"receiver"_s).toObject(), &config.receiver, error, secrets)) {
        return std::nullopt;
    }
    const auto hooks = HookConfig::listFromJson(json.value(u"hooks"_s), error, secrets);
    if (!hooks) {
        return std::nullopt;
    }
    config.receiver.hooks = *hooks;
    const auto sources = SourceConfig::listFromJson(json.value(u"sources"_s), error, secrets);
    if (!sources) {
        return std::nullopt;
    }
    config.sources = *sources;
    if (!parseRetention(json.value(u"retention"_s).toObject(), &config.retention, error)) {
        return std::nullopt;
    }
    if (!parseStore(json.value(u"store"_s), &config.store, error, secrets)) {
        return std::nullopt;
    }
    if (!parseJobs(json.value(u"jobs"_s), &config.jobs, error)) {
        return std::nullopt;
    }
    parseUi(json.value(u"ui"_s).toObject(), &config.ui);
    const QJsonObject notifications = json.value(u"notifications"_s).toObject();
    config.notifications.mutedKinds = jsonStrings(notifications.value(u"mutedKinds"_s));
    config.notifications.mutedSources = jsonStrings(notifications.value(u"mutedSources"_s));
    return config;
}

QString StoreConfig::location() const
{
    if (password.isEmpty() || !url.startsWith(u"postgres"_s)) {
        return url;
    }
    QUrl withPassword(url, QUrl::StrictMode);
    withPassword.setPassword(password);
    return withPassword.toString(QUrl::FullyEncoded);
}

SilencePolicy AppConfig::silencePolicy() const
{
    SilencePolicy policy;
    policy.stallAfterSeconds = jobs.stallAfterSeconds;
    policy.abandonAfterSeconds = jobs.abandonAfterSeconds;
    policy.stallAfterByKind = jobs.stallAfterByKind;
    for (const HookConfig &hook : receiver.hooks) {
        if (hook.stallAfterSeconds) {
            policy.stallAfterByHook.insert(hook.name, *hook.stallAfterSeconds);
        }
    }
    return policy;
}

ListenOrigin AppConfig::listenOrigin(bool flagGiven) const
{
    if (flagGiven) {
        return ListenOrigin::Flag;
    }
    return m_json.value(u"receiver"_s).toObject().contains(u"listen"_s) ? ListenOrigin::Config
                                                                        : ListenOrigin::Default;
}

QJsonObject AppConfig::toJson() const
{
    QJsonObject json = m_json;
    const auto section = [&json](const QString &name, const QJsonObject &values) {
        QJsonObject object = json.value(name).toObject();
        for (auto it = values.begin(); it != values.end(); ++it) {
            object.insert(it.key(), it.value());
        }
        json.insert(name, object);
    };
    const QString host = receiver.address.protocol() == QAbstractSocket::IPv6Protocol
        ? u"[%1]"_s.arg(receiver.address.toString())
        : receiver.address.toString();
    section(u"receiver"_s, { { u"listen"_s, u"%1:%2"_s.arg(host).arg(receiver.port) } });
    section(u"retention"_s,
        { { u"days"_s, retention.days }, { u"maxEvents"_s, retention.maxEvents },
            { u"maxLogBytes"_s, retention.maxLogBytes } });
    section(u"ui"_s,
        { { u"theme"_s, ui.theme }, { u"reduceMotion"_s, ui.reduceMotion },
            { u"language"_s, ui.language } });
    section(u"notifications"_s,
        { { u"mutedKinds"_s, QJsonArray::fromStringList(notifications.mutedKinds) },
            { u"mutedSources"_s, QJsonArray::fromStringList(notifications.mutedSources) } });
    return json;
}

std::optional<QJsonObject> AppConfig::readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read the config file %1: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = u"%1 is not a JSON object: %2"_s.arg(path, parseError.errorString());
        return std::nullopt;
    }
    return doc.object();
}

std::optional<AppConfig> AppConfig::load(const QString &path, QString *error)
{
    const auto json = readFile(path, error);
    if (!json) {
        return std::nullopt;
    }
    QString why;
    auto config = fromJson(*json, &why);
    if (!config) {
        *error = u"%1: %2"_s.arg(path, why);
    }
    return config;
}

bool AppConfig::writeFile(const QString &path, const QJsonObject &json, QString *error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = u"cannot create the folder of %1"_s.arg(path);
        return false;
    }
    // The keys stay in the order the file has them, unchanged values as they were written.
    QByteArray original;
    if (QFile before(path); before.open(QIODevice::ReadOnly)) {
        original = before.readAll();
    }
    QSaveFile file(path);
    // 0600 before a byte is written: the file may hold secrets.
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(writeOrderedJson(json, original)) < 0 || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace jobpulse
