#include "pipeline.h"

#include "ingest/deliverylog.h"
#include "ingest/families.h"
#include "ingest/forwarder.h"
#include "ingest/logging.h"
#include "ingest/presets.h"
#include "ingest/signature.h"
#include "ingest/stepupdate.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <array>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// Headers that name one delivery; a retry of the same delivery carries the same value.
// GitLab: Idempotency-Key (the same on its retries), else X-Gitlab-Event-UUID.
constexpr std::array deliveryIdHeaders { "webhook-id", "svix-id", "x-github-delivery", "ce-id",
    "idempotency-key", "x-gitlab-event-uuid", "x-request-id" };

Rejection unavailable(const QString &message)
{
    return { 503, errorBody(u"store_unavailable"_s, message),
        { { "Retry-After", QByteArray::number(RetryAfterSeconds) } } };
}

} // namespace

Pipeline::Pipeline(Store *store, DeliveryLog *log, IngestCounters *counters, int maxBacklog)
    : m_store(store)
    , m_log(log)
    , m_counters(counters)
    , m_maxBacklog(maxBacklog)
{ }

void Pipeline::process(const HookConfig &hook, const HeaderList &headers, Delivery delivery,
    std::optional<QDateTime> signedAt, QObject *context, Answer answer)
{
    QElapsedTimer clock;
    clock.start();
    // Every answer is also an inspector record; an accepted delivery of a hook that forwards
    // is sent on once that record is stored (after the commit, never before the answer).
    const auto finish = [this, clock, answer, headers, targets = hook.forward](Delivery d,
                            int status, const QJsonObject &body, const HeaderList &extra) {
        if (status >= 300) {
            ++m_counters->rejected;
        }
        const double ms = clock.nsecsElapsed() / 1e6;
        if (status < 300 && m_forwarder && !targets.isEmpty()) {
            m_log->recordAnswer(std::move(d), status, body, ms, m_forwarder,
                [forwarder = m_forwarder, headers, targets](const Delivery &stored) {
                    forwarder->forwardDelivery(stored, headers, targets);
                });
        } else {
            m_log->recordAnswer(std::move(d), status, body, ms);
        }
        answer(status, body, extra);
    };
    Envelope framed;
    ParsedEvents parsed;
    std::optional<Rejection> rejection = verify(hook, headers, delivery, signedAt);
    if (!rejection) {
        rejection = envelope(headers, delivery.body, &framed);
    }
    if (!rejection) {
        rejection = adapt(hook, headers, framed, delivery.received, &parsed);
    }
    if (!rejection) {
        for (Event &e : parsed.events) {
            e.origin = hook.name;
        }
        dedupe(headers, parsed);
        rejection = admit();
    }
    if (rejection) {
        finish(std::move(delivery), rejection->status, rejection->body, rejection->headers);
        return;
    }
    auto pending = std::make_shared<Delivery>(std::move(delivery));
    m_store->submit(std::move(parsed.events), context,
        [this, pending, finish, ignored = parsed.ignored](const IngestResult &result) {
            if (result.status != IngestResult::Status::Committed) {
                qCWarning(lcIngest) << "store unavailable:" << result.error;
                const Rejection r =
                    unavailable(u"the events were not stored: %1"_s.arg(result.error));
                finish(std::move(*pending), r.status, r.body, r.headers);
                return;
            }
            m_counters->accepted += result.accepted;
            m_counters->duplicates += result.duplicates;
            QJsonObject body { { u"accepted"_s, result.accepted },
                { u"duplicates"_s, result.duplicates }, { u"seq"_s, result.lastSeq },
                { u"clients"_s, subscriberCount() } };
            if (!ignored.isEmpty()) {
                body.insert(u"ignored"_s, ignored); // accepted on purpose without events
            }
            finish(std::move(*pending), 200, body, {});
        });
}

std::optional<Rejection> Pipeline::verify(const HookConfig &hook, const HeaderList &headers,
    Delivery &delivery, const std::optional<QDateTime> &signedAt) const
{
    // A replay of a delivery whose signature was good is not checked again (its timestamp is
    // old by now).
    if (!hook.hasSecret() || delivery.signatureOk) {
        return std::nullopt;
    }
    const SignatureVerdict verdict = verifySignature(
        hook.signature, headers, delivery.body, signedAt.value_or(delivery.received));
    if (!verdict.ok) {
        ++m_counters->signatureFailures[signatureSchemeName(hook.signature.scheme)];
        return Rejection { 401, errorBody(u"invalid_signature"_s, verdict.reason), {} };
    }
    delivery.signatureOk = true;
    return std::nullopt;
}

std::optional<Rejection> Pipeline::envelope(
    const HeaderList &headers, const QByteArray &body, Envelope *out)
{
    const QByteArray contentType = headerValue(headers, "Content-Type");
    ValidationError ceError;
    bool malformed = false;
    // Any route also takes CloudEvents 1.0 (structured, batch or binary mode).
    out->cloudEvents = parseCloudEvents(headers, contentType, body, &ceError, &malformed);
    if (out->cloudEvents) {
        return std::nullopt;
    }
    if (!ceError.message.isEmpty()) {
        if (malformed) {
            return Rejection { 400, errorBody(u"invalid_json"_s, ceError.message), {} };
        }
        if (ceError.field == u"Content-Type") {
            return Rejection { 415, errorBody(u"unsupported_media_type"_s, ceError.message), {} };
        }
        return Rejection { 422,
            errorBody(u"invalid_event"_s, ceError.message, { { u"field"_s, ceError.field } }), {} };
    }
    if (!isJsonContentType(contentType)) {
        return Rejection { 415,
            errorBody(u"unsupported_media_type"_s,
                u"send the body as Content-Type: application/json (UTF-8), not '%1'"_s.arg(
                    QString::fromUtf8(contentType))),
            {} };
    }
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError) {
        out->json =
            document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
        return std::nullopt;
    }
    // QJsonDocument refuses top-level scalars: "not JSON" is 400, "JSON, wrong shape" 422.
    if (!parseJsonText(body)) {
        return Rejection { 400,
            errorBody(u"invalid_json"_s, parseError.errorString(),
                { { u"offset"_s, parseError.offset } }),
            {} };
    }
    out->json = QJsonValue(QJsonValue::Null);
    return std::nullopt;
}

std::optional<Rejection> Pipeline::adapt(const HookConfig &hook, const HeaderList &headers,
    const Envelope &envelope, const QDateTime &received, ParsedEvents *out) const
{
    const Adapter adapter = adapterFor(hook, headers);
    *out = envelope.cloudEvents ? adaptCloudEvents(
               *envelope.cloudEvents, HookConfig::familyName(hook.family), received, adapter)
                                : adapter(envelope.json, received);
    if (out->error) {
        return Rejection { 422,
            errorBody(
                u"invalid_event"_s, out->error->message, { { u"field"_s, out->error->field } }),
            {} };
    }
    return std::nullopt;
}

void Pipeline::dedupe(const HeaderList &headers, ParsedEvents &parsed)
{
    // A sender's delivery id dedupes its retries when the events carry no id of their own.
    for (const char *name : deliveryIdHeaders) {
        const QByteArray id = headerValue(headers, name);
        if (id.isEmpty()) {
            continue;
        }
        for (qsizetype i = 0; i < parsed.events.size(); ++i) {
            Event &e = parsed.events[i];
            if (e.id.isEmpty()) {
                e.id = deliveryEventId(QString::fromUtf8(id), i, parsed.events.size());
            }
        }
        return;
    }
}

std::optional<Rejection> Pipeline::admit() const
{
    if (!m_store->isOpen() || m_store->backlog() > m_maxBacklog) {
        return unavailable(u"the store is busy or closed; retry shortly"_s);
    }
    return std::nullopt;
}

Pipeline::Adapter Pipeline::presetAdapter(const PresetTable &table, const HeaderList &headers) const
{
    return [&table, store = m_store,
               event = QString::fromUtf8(headerValue(headers, table.eventField.toLatin1()))](
               const QJsonValue &body, const QDateTime &received) {
        return adaptPreset(table, event, body, received, [store](const QString &key) {
            const auto job = store->jobSnapshot(key);
            return job ? std::optional(job->status) : std::nullopt;
        });
    };
}

Pipeline::Adapter Pipeline::adapterFor(const HookConfig &hook, const HeaderList &headers) const
{
    switch (hook.family) {
    case HookConfig::Family::Canonical:
        return [](const QJsonValue &body, const QDateTime &received) {
            return parseEvents(body, received);
        };
    case HookConfig::Family::StepUpdate:
        return [store = m_store, header = QString::fromUtf8(headerValue(headers, "X-Job-Id"))](
                   const QJsonValue &body, const QDateTime &received) {
            QString key = body.toObject().value(u"job_id"_s).toVariant().toString();
            if (key.isEmpty()) {
                key = header;
            }
            const auto known = key.isEmpty() ? std::nullopt : store->jobSnapshot(key);
            return adaptStepUpdate(body, header, known ? known->stepTotal : 0, received);
        };
    case HookConfig::Family::Prefect:
        return &adaptPrefect;
    case HookConfig::Family::Supabase:
        return [values = hook.statusValues](const QJsonValue &body, const QDateTime &received) {
            return adaptSupabase(body, values, received);
        };
    case HookConfig::Family::Mapped:
        return [mapping = hook.mapping](const QJsonValue &body, const QDateTime &received) {
            return mapping ? mapping->apply(body, received) : ParsedEvents {};
        };
    case HookConfig::Family::GithubActions:
        return presetAdapter(githubActionsPreset(), headers);
    case HookConfig::Family::Gitlab:
        return presetAdapter(gitlabPreset(), headers);
    case HookConfig::Family::Buildkite:
        return presetAdapter(buildkitePreset(), headers);
    case HookConfig::Family::Jenkins:
        return presetAdapter(jenkinsPreset(), headers);
    }
    return {};
}

} // namespace jobpulse
