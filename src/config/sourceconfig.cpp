#include "sourceconfig.h"

#include "core/mapping.h"
#include "core/names.h"
#include "core/secret.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

const NameTable<SourceConfig::Type> &types()
{
    static const NameTable<SourceConfig::Type> list {
        { u"websocket"_s, SourceConfig::Type::WebSocket },
        { u"sse"_s, SourceConfig::Type::Sse },
        { u"poll"_s, SourceConfig::Type::Poll },
        { u"redis"_s, SourceConfig::Type::Redis },
    };
    return list;
}

const NameTable<SourceConfig::Format> &formats()
{
    static const NameTable<SourceConfig::Format> list {
        { u"jobpulse"_s, SourceConfig::Format::Jobpulse },
        { u"canonical"_s, SourceConfig::Format::Canonical },
        { u"mapped"_s, SourceConfig::Format::Mapped },
        { u"cctray"_s, SourceConfig::Format::Cctray },
    };
    return list;
}

/** Reads an optional duration given in seconds (the config's unit) into milliseconds. */
bool seconds(const QJsonObject &json, const QString &name, const QString &key, double minimum,
    int *ms, QString *error)
{
    if (!json.contains(name)) {
        return true;
    }
    const QJsonValue v = json.value(name);
    if (!v.isDouble() || v.toDouble() < minimum || v.toDouble() > 86400) {
        *error = u"%1.%2: a number of seconds from %3 to 86400"_s.arg(key, name).arg(minimum);
        return false;
    }
    *ms = int(v.toDouble() * 1000);
    return true;
}

bool stringList(const QJsonObject &json, const QString &name, const QString &key, QStringList *out,
    QString *error)
{
    if (!json.contains(name)) {
        return true;
    }
    const QJsonValue v = json.value(name);
    const QJsonArray array = v.isString() ? QJsonArray { v } : v.toArray();
    if (!(v.isArray() || v.isString())) {
        *error = u"%1.%2: a string or an array of strings"_s.arg(key, name);
        return false;
    }
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString() || array.at(i).toString().isEmpty()) {
            *error = u"%1.%2[%3]: a non-empty string"_s.arg(key, name).arg(i);
            return false;
        }
        out->append(array.at(i).toString());
    }
    return true;
}

} // namespace

QString SourceConfig::typeName(Type type)
{
    return nameOf(types(), type);
}

QString SourceConfig::formatName(Format format)
{
    return nameOf(formats(), format);
}

QString SourceConfig::displayUrl(const QUrl &node) const
{
    QUrl shown = node.adjusted(QUrl::RemoveUserInfo);
    if (tokenInQuery || shown.hasQuery()) {
        QUrlQuery query(shown);
        if (query.hasQueryItem(tokenParam)) {
            query.removeAllQueryItems(tokenParam);
            query.addQueryItem(tokenParam, u"***"_s);
        }
        shown.setQuery(query);
    }
    return shown.toString();
}

std::optional<SourceConfig> SourceConfig::fromJson(
    const QJsonObject &json, const QString &key, QString *error, SecretPolicy secrets)
{
    static const QSet<QString> known { u"name"_s, u"type"_s, u"url"_s, u"token"_s, u"tokenIn"_s,
        u"tokenParam"_s, u"urls"_s, u"headers"_s, u"format"_s, u"map"_s, u"values"_s, u"defaults"_s,
        u"root"_s, u"subscribe"_s, u"channels"_s, u"streams"_s, u"interval"_s, u"pingInterval"_s,
        u"idleTimeout"_s, u"backoff"_s, u"healthyAfter"_s, u"fallback"_s };
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"%1.%2: unknown key (known: %3)"_s.arg(
                key, it.key(), QStringList(known.begin(), known.end()).join(u", "_s));
            return std::nullopt;
        }
    }
    SourceConfig c;
    c.name = json.value(u"name"_s).toString();
    if (c.name.isEmpty() || c.name.size() > 64) {
        *error = u"%1.name: required, 1 to 64 characters"_s.arg(key);
        return std::nullopt;
    }
    const QString type = json.value(u"type"_s).toString();
    const auto parsedType = valueOf(types(), type);
    if (!parsedType) {
        *error = u"%1.type: one of %2, not '%3'"_s.arg(key, namesOf(types()), type);
        return std::nullopt;
    }
    c.type = *parsedType;

    static const QHash<Type, QStringList> schemes {
        { Type::WebSocket, { u"ws"_s, u"wss"_s, u"http"_s, u"https"_s } },
        { Type::Sse, { u"http"_s, u"https"_s } },
        { Type::Poll, { u"http"_s, u"https"_s, u"file"_s } },
        { Type::Redis, { u"redis"_s } },
    };
    const auto parseUrl = [&](const QJsonValue &value, const QString &name) -> std::optional<QUrl> {
        const QString text = value.toString();
        QUrl url(text, QUrl::StrictMode);
        if (text.isEmpty() || !url.isValid() || !schemes.value(c.type).contains(url.scheme())
            || (url.scheme() != u"file" && url.host().isEmpty())) {
            *error = u"%1.%2: a %3 URL is required, not '%4'"_s.arg(
                key, name, schemes.value(c.type).join(u"/"_s), text);
            return std::nullopt;
        }
        if (c.type == Type::WebSocket) {
            // The seeds' http(s) URLs of WebSocket endpoints: the same address, ws(s) scheme.
            if (url.scheme() == u"http") {
                url.setScheme(u"ws"_s);
            } else if (url.scheme() == u"https") {
                url.setScheme(u"wss"_s);
            }
        }
        return url;
    };
    // A list of nodes (a team's receivers): `url` first when given, then `urls`.
    if (json.contains(u"url"_s) || !json.contains(u"urls"_s)) {
        const auto url = parseUrl(json.value(u"url"_s), u"url"_s);
        if (!url) {
            return std::nullopt;
        }
        c.url = *url;
    }
    if (json.contains(u"urls"_s)) {
        const QJsonArray nodes = json.value(u"urls"_s).toArray();
        if (!json.value(u"urls"_s).isArray() || nodes.isEmpty()) {
            *error = u"%1.urls: a list of the nodes to follow, such as "
                     u"[\"http://a:7788\", \"http://b:7788\"]"_s.arg(key);
            return std::nullopt;
        }
        if (!c.url.isEmpty()) {
            c.urls.append(c.url);
        }
        for (qsizetype i = 0; i < nodes.size(); ++i) {
            const auto url = parseUrl(nodes.at(i), u"urls[%1]"_s.arg(i));
            if (!url) {
                return std::nullopt;
            }
            if (!c.urls.contains(*url)) {
                c.urls.append(*url);
            }
        }
        c.url = c.urls.first();
    }

    if (json.contains(u"token"_s)) {
        QString why;
        if (!json.value(u"token"_s).isString()
            || !resolveSecret(json.value(u"token"_s).toString(), &c.token, &why, secrets)) {
            *error = u"%1.token: %2"_s.arg(key, why.isEmpty() ? u"a string"_s : why);
            return std::nullopt;
        }
    }
    const QString tokenIn = json.value(u"tokenIn"_s).toString(u"header"_s);
    if (tokenIn != u"header" && tokenIn != u"query") {
        *error = u"%1.tokenIn: header or query, not '%2'"_s.arg(key, tokenIn);
        return std::nullopt;
    }
    c.tokenInQuery = tokenIn == u"query";
    c.tokenParam = json.value(u"tokenParam"_s).toString(c.tokenParam);
    const QJsonObject headers = json.value(u"headers"_s).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        QString value;
        QString why;
        if (!it.value().isString()
            || !resolveSecret(it.value().toString(), &value, &why, secrets)) {
            *error = u"%1.headers.%2: %3"_s.arg(key, it.key(), why.isEmpty() ? u"a string"_s : why);
            return std::nullopt;
        }
        c.headers.append({ it.key().toUtf8(), value.toUtf8() });
    }

    const QString format =
        json.value(u"format"_s).toString(json.contains(u"map"_s) ? u"mapped"_s : u"canonical"_s);
    const auto parsedFormat = valueOf(formats(), format);
    if (!parsedFormat) {
        *error = u"%1.format: one of %2, not '%3'"_s.arg(key, namesOf(formats()), format);
        return std::nullopt;
    }
    c.format = *parsedFormat;
    if (!c.urls.isEmpty()
        && (c.format != Format::Jobpulse || (c.type != Type::Sse && c.type != Type::WebSocket))) {
        *error = u"%1.urls: several nodes are followed by an sse or websocket source of format "
                 u"jobpulse (their events share one seq); give others one url"_s.arg(key);
        return std::nullopt;
    }
    if (c.format == Format::Cctray && c.type != Type::Poll) {
        *error = u"%1.format: cctray is read by polling (type poll)"_s.arg(key);
        return std::nullopt;
    }
    if (c.format == Format::Mapped) {
        if (!json.value(u"map"_s).isObject()) {
            *error =
                u"%1.map: format mapped needs a map of canonical fields to JSON Pointers"_s.arg(
                    key);
            return std::nullopt;
        }
        for (const QString &part : { u"map"_s, u"values"_s, u"defaults"_s, u"root"_s }) {
            if (json.contains(part)) {
                c.mapping.insert(part, json.value(part));
            }
        }
        QString why;
        if (!Mapping::fromJson(c.mapping, &why)) {
            *error = u"%1.%2"_s.arg(key, why);
            return std::nullopt;
        }
    }
    const QJsonValue subscribe = json.value(u"subscribe"_s);
    if (!subscribe.isUndefined()) {
        if (c.type != Type::WebSocket) {
            *error = u"%1.subscribe: only websocket sources send a subscribe message"_s.arg(key);
            return std::nullopt;
        }
        c.subscribe = subscribe.isString()
            ? subscribe.toString().toUtf8()
            : QJsonDocument::fromVariant(subscribe.toVariant()).toJson(QJsonDocument::Compact);
    }
    if (!stringList(json, u"channels"_s, key, &c.channels, error)
        || !stringList(json, u"streams"_s, key, &c.streams, error)) {
        return std::nullopt;
    }
    if (c.type == Type::Redis && c.channels.isEmpty() && c.streams.isEmpty()) {
        *error =
            u"%1.channels: a redis source needs channels (PSUBSCRIBE patterns) or streams"_s.arg(
                key);
        return std::nullopt;
    }
    if (!seconds(json, u"interval"_s, key, 0.05, &c.intervalMs, error)
        || !seconds(json, u"pingInterval"_s, key, 0.05, &c.pingIntervalMs, error)
        || !seconds(json, u"idleTimeout"_s, key, 0.05, &c.idleTimeoutMs, error)
        || !seconds(json, u"healthyAfter"_s, key, 0, &c.healthyAfterMs, error)) {
        return std::nullopt;
    }
    if (json.contains(u"backoff"_s)) {
        const QJsonObject backoff = json.value(u"backoff"_s).toObject();
        if (!seconds(backoff, u"base"_s, key + u".backoff"_s, 0.01, &c.backoffBaseMs, error)
            || !seconds(backoff, u"max"_s, key + u".backoff"_s, 0.01, &c.backoffCapMs, error)) {
            return std::nullopt;
        }
    }
    if (json.contains(u"fallback"_s)) {
        QJsonObject fallback = json.value(u"fallback"_s).toObject();
        if (!fallback.contains(u"name"_s)) {
            fallback.insert(u"name"_s, c.name + u"-fallback"_s);
        }
        if (!fallback.contains(u"format"_s) && !fallback.contains(u"map"_s)
            && c.format == Format::Mapped) {
            for (auto it = c.mapping.begin(); it != c.mapping.end(); ++it) {
                fallback.insert(it.key(), it.value()); // the push side's mapping by default
            }
        }
        auto parsed = fromJson(fallback, key + u".fallback"_s, error, secrets);
        if (!parsed) {
            return std::nullopt;
        }
        if (parsed->type != Type::Poll || parsed->fallback) {
            *error = u"%1.fallback.type: a fallback is a poll source"_s.arg(key);
            return std::nullopt;
        }
        c.fallback = std::make_shared<SourceConfig>(std::move(*parsed));
    }
    return c;
}

std::optional<QList<SourceConfig>> SourceConfig::listFromJson(
    const QJsonValue &json, QString *error, SecretPolicy secrets)
{
    QList<SourceConfig> list;
    if (json.isUndefined() || json.isNull()) {
        return list;
    }
    if (!json.isArray()) {
        *error = u"sources: an array of source objects"_s;
        return std::nullopt;
    }
    QSet<QString> names;
    const QJsonArray array = json.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString key = u"sources[%1]"_s.arg(i);
        if (!array.at(i).isObject()) {
            *error = key + u": an object"_s;
            return std::nullopt;
        }
        auto source = fromJson(array.at(i).toObject(), key, error, secrets);
        if (!source) {
            return std::nullopt;
        }
        QStringList own { source->name };
        if (source->fallback) {
            own.append(source->fallback->name);
        }
        for (const QString &name : std::as_const(own)) {
            if (names.contains(name)) {
                *error = u"%1.name: '%2' is used twice"_s.arg(key, name);
                return std::nullopt;
            }
            names.insert(name);
        }
        list.append(std::move(*source));
    }
    return list;
}

} // namespace jobpulse
