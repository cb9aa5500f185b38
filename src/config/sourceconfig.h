#pragma once

#include "core/secret.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <memory>
#include <optional>

namespace jobpulse {

/** @brief One entry of the config's `sources` (PRODUCT.md §4, §6), validated. */
struct SourceConfig
{
    enum class Type { WebSocket, Sse, Poll, Redis };
    /** How the bytes a source receives become events. */
    enum class Format {
        Jobpulse, // another Jobpulse's relay: canonical events with their seq, resumable
        Canonical, // canonical events or batches
        Mapped, // JSON mapped to canonical fields by JSON Pointers (map/values/defaults)
        Cctray, // poll only: cctray.org XML
    };

    QString name;
    Type type = Type::Poll;
    Format format = Format::Canonical;
    QUrl url; // the first of urls when a list of nodes is given
    /** `jobpulse` format: the nodes followed, in order (`url`, then `urls`); on an error the
     *  source moves on to the next and resumes there from the last seq it stored. */
    QList<QUrl> urls;
    QString token; // resolved (env:NAME already read)
    bool tokenInQuery = false; // else "Authorization: Bearer"
    QString tokenParam = QStringLiteral("token");
    QList<QPair<QByteArray, QByteArray>> headers;
    QJsonObject mapping; // {map, values, defaults} for Format::Mapped
    QByteArray subscribe; // websocket: a message sent after each connect (joining a room)
    QStringList channels; // redis: PSUBSCRIBE patterns
    QStringList streams; // redis: stream keys read with XREAD from the stored ids
    int intervalMs = 30000; // poll
    int pingIntervalMs = 15000; // websocket and redis liveness probes
    int idleTimeoutMs = 45000; // sse: nothing (not even a keep-alive) for this long = dead
    int backoffBaseMs = 500;
    int backoffCapMs = 30000;
    int healthyAfterMs = 10000; // live this long resets the backoff
    std::shared_ptr<SourceConfig> fallback; // runs only while this source is not live

    static QString typeName(Type type);
    static QString formatName(Format format);
    /** The URL without credentials or token query, safe to show and log. */
    QString displayUrl() const { return displayUrl(url); }
    QString displayUrl(const QUrl &node) const;

    /**
     * Validates one `sources[i]` object; @p key is its path ("sources[0]") and every error
     * names the offending key ("sources[0].url: ...").
     */
    static std::optional<SourceConfig> fromJson(const QJsonObject &json, const QString &key,
        QString *error, SecretPolicy secrets = SecretPolicy::Resolve);
    /** The whole `sources` array; names must be unique. */
    static std::optional<QList<SourceConfig>> listFromJson(
        const QJsonValue &json, QString *error, SecretPolicy secrets = SecretPolicy::Resolve);
};

} // namespace jobpulse
