#pragma once

#include "core/event.h"
#include "ingest/httputil.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <functional>
#include <optional>

namespace jobpulse {

/** @brief One CloudEvents 1.0 event, validated. */
struct CloudEvent
{
    QString id;
    QString source;
    QString type;
    QString specversion;
    QString subject;
    QString datacontenttype;
    QDateTime time; // invalid when absent
    // Undefined when absent, Null when sent as null; text (or base64 when not UTF-8) when the
    // content type is not JSON.
    QJsonValue data = QJsonValue(QJsonValue::Undefined);
    QString dataPointer; // where data sits in the request body ("/data", "/2/data", "" binary)
};

/**
 * @brief Reads a request as CloudEvents 1.0 (HTTP binding): structured
 * (`application/cloudevents+json`), batched (`application/cloudevents-batch+json`, 1 to
 * MaxBatch) or binary mode (`ce-*` headers, any case, values unquoted and percent-decoded).
 *
 * Binary mode needs a `ce-specversion`, `ce-type` or `ce-source` header: a lone `ce-id` is only
 * a delivery id. Returns std::nullopt and leaves @p error untouched when the request is not a
 * CloudEvent, so the caller uses the hook's family; std::nullopt with @p error when it is one
 * but invalid: the field names the attribute (`/specversion`, `/2/id`, `ce-id`), or is empty
 * when the body has the wrong shape (not an object, a batch not 1..MaxBatch) — all 422.
 * Unparseable JSON also sets @p malformedJson (400); an unsupported structured format
 * (`application/cloudevents+xml`) names the field `Content-Type` (415).
 */
std::optional<QList<CloudEvent>> parseCloudEvents(
    const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &contentType,
    const QByteArray &body, ValidationError *error, bool *malformedJson = nullptr);

/**
 * @brief The body a hook's family adapts for one CloudEvent: its data, and for the
 * `canonical` family an event completed from the attributes — `type` from the CE type when it
 * names a canonical type (`job.started`, `org.jobpulse.job.started`), `job` from `subject`,
 * `id` from the CE id (`id#n` for an array of events), `time` from the CE time; string data
 * becomes the `message`.
 */
QJsonValue cloudEventBody(const CloudEvent &event, QStringView family);

/**
 * @brief Adapts each CloudEvent with @p adapt (given cloudEventBody and the CE time, or
 * @p received), all or nothing. Events without an id get the CE id (`#n` when one CloudEvent
 * gives several); an error's field is prefixed with where the data sits (`/2/data/job`).
 */
ParsedEvents adaptCloudEvents(const QList<CloudEvent> &events, QStringView family,
    const QDateTime &received,
    const std::function<ParsedEvents(const QJsonValue &body, const QDateTime &received)> &adapt);

} // namespace jobpulse
