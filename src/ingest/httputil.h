#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <optional>

namespace jobpulse {

/** Header fields as received; names are matched case-insensitively. */
using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/** Every value of a header, trimmed, empty ones dropped (a repeated header may carry more). */
QList<QByteArray> headerValues(const HeaderList &headers, QByteArrayView name);
/** The first non-empty value of a header, trimmed; empty when there is none. */
QByteArray headerValue(const HeaderList &headers, QByteArrayView name);

/** "application/json" of "Application/JSON; charset=utf-8". */
QByteArray mediaType(const QByteArray &contentType);
/** A JSON subtype ("json" or a "+json" suffix); no media type counts as JSON (CloudEvents
 *  JSON format §3.1). */
bool isJsonMediaType(const QByteArray &type);
/** A Content-Type an ingest route takes: a JSON media type (or none: many scripts send
 *  none) in UTF-8, the only charset JSON has. */
bool isJsonContentType(const QByteArray &contentType);

/** Any JSON text, scalars included (QJsonDocument takes only objects and arrays); nullopt
 *  with @p why when it is not exactly one JSON value. */
std::optional<QJsonValue> parseJsonText(const QByteArray &bytes, QString *why = nullptr);

/**
 * The id of event @p index of @p count that one delivery (a sender's delivery id, a CloudEvent
 * id) brought: the id itself, with `#index` when it brought several, so that a retry dedupes.
 */
QString deliveryEventId(const QString &id, qsizetype index, qsizetype count);

/**
 * The key in a route such as `/v1/jobs/{key}` or `/ws/jobs/{job}`: @p encodedPath as sent
 * (QUrl::FullyEncoded) without @p prefix and @p suffix, percent-decoded once (UTF-8). The key
 * is one path segment, so a '/' in it travels as %2F; nullopt for another path, an empty key
 * or a raw '/'. Every route that takes a key decodes it here (RouteHost::addKeyRoute), so a
 * key reaches each route the same.
 */
std::optional<QString> routeKey(
    QStringView encodedPath, QStringView prefix, QStringView suffix = {});

} // namespace jobpulse
