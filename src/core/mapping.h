#pragma once

#include "event.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

namespace jobpulse {

/**
 * @brief The reference tokens of an RFC 6901 JSON Pointer, unescaped (`~1` → `/`, then
 * `~0` → `~`); std::nullopt when the text is not a pointer ("" is the whole document).
 */
std::optional<QStringList> jsonPointerTokens(QStringView pointer);

/** @brief One reference token escaped for a pointer (`~` → `~0`, `/` → `~1`). */
QString escapeJsonPointerToken(QStringView token);

/**
 * @brief The value @p pointer names in @p document; std::nullopt when the pointer is malformed
 * or names nothing (a missing member, `-`, an index out of range or with a leading zero).
 */
std::optional<QJsonValue> resolveJsonPointer(const QJsonValue &document, QStringView pointer);

/**
 * @brief Maps any JSON payload to canonical events (PRODUCT.md §4, family `mapped`): used by
 * user-defined hooks and by outbound sources.
 *
 * Config keys, all optional:
 * - `map`: canonical field → JSON Pointer into the payload. Fields: job type id time title kind
 *   url progress message state duration steps details step step.index step.name step.total.
 *   A field not named here is read from the payload's member of the same name (`/job`, …), so a
 *   nearly canonical payload needs only its differences mapped — except `id`: an idempotency
 *   key is taken only when mapped, since a record's own id is rarely unique per event. A field
 *   mapped to null is not read at all (a payload's unrelated `time` or `details`).
 * - `values`: canonical field → {payload value → canonical value}; payload strings, numbers
 *   and booleans are compared by their text ("2" matches 2).
 * - `defaults`: canonical field → constant JSON used when the pointer finds nothing or null.
 * - `root`: pointer to the event (or array of events) inside the payload; default "".
 * - `labels`: label name → JSON Pointer; a string, number or boolean there becomes the label's
 *   value (`{"repository": "/repository/full_name"}`); a pointer that finds nothing adds none.
 * `parent` (the key of the job this one is part of) is read only when mapped, like `id`.
 */
class Mapping
{
public:
    /**
     * @brief Validates the `map`/`values`/`defaults`/`root` keys of a hook or source config.
     * @param error set to "key: reason" (e.g. `map.job: not a JSON Pointer …`) on failure;
     * the caller prefixes where the object sits (`hooks[2].`).
     */
    static std::optional<Mapping> fromJson(const QJsonObject &config, QString *error);

    /**
     * @brief Builds canonical events from @p payload and validates them with parseEvent, so
     * every rule is shared with `POST /v1/events`. A payload (or root) that is an array is a
     * batch, all or nothing. Errors name the payload's pointer (`/data/id`, `/2/data/id`).
     * Numbers sent as text ("42", "42%" for progress) are accepted for numeric fields.
     */
    ParsedEvents apply(const QJsonValue &payload, const QDateTime &received) const;

    /** The canonical fields a config may name. */
    static const QStringList &fieldNames();

private:
    struct Built;
    Built build(const QJsonValue &element) const;

    QString m_root;
    QHash<QString, QString> m_pointers; // canonical field → payload pointer
    QSet<QString> m_ignored; // canonical fields mapped to null
    QHash<QString, QHash<QString, QJsonValue>> m_values;
    QJsonObject m_defaults;
    QMap<QString, QString> m_labels; // label name → payload pointer
};

} // namespace jobpulse
