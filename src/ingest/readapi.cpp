#include "readapi.h"

#include "api/json.h"
#include "core/labels.h"
#include "ingest/deliverylog.h"
#include "ingest/forwarder.h"
#include "ingest/httputil.h"
#include "ingest/metrics.h"
#include "ingest/pipeline.h"
#include "ingest/receiver.h"
#include "ingest/replayrequest.h"
#include "ingest/reply.h"
#include "ingest/signature.h"
#include "store/store.h"

#include <QHttpServer>
#include <QPointer>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

using Method = QHttpServerRequest::Method;

int limitOf(const QUrlQuery &query, int fallback)
{
    return query.hasQueryItem(u"limit"_s) ? query.queryItemValue(u"limit"_s).toInt() : fallback;
}

} // namespace

ReadApi::ReadApi(Receiver *receiver, Store *store, Pipeline *pipeline, IngestCounters *counters)
    : m_receiver(receiver)
    , m_store(store)
    , m_pipeline(pipeline)
    , m_counters(counters)
{ }

void ReadApi::addRoutes()
{
    // A read route: counted, behind the read token when one is set, with its CORS headers.
    const auto guarded = [this](auto serve) {
        return [this, serve](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            ++m_counters->requests;
            m_receiver->serveRead(request, responder, [&] { serve(request, responder); });
        };
    };
    Receiver &r = *m_receiver;
    // What a viewer page needs; not the inspector's deliveries (raw payloads) nor replay.
    for (const QString &browser : { u"^/v1/jobs$"_s, u"^/v1/jobs/[\\s\\S]+$"_s, u"^/v1/events$"_s,
             u"^/health$"_s, u"^/metrics$"_s }) {
        r.allowBrowserRead(browser);
    }
    r.allowRoute(u"^/v1/events$"_s, "GET");
    r.allowRoute(u"^/v1/jobs$"_s, "GET");
    r.allowRoute(u"^/health$"_s, "GET");
    r.allowRoute(u"^/metrics$"_s, "GET");
    r.allowRoute(u"^/v1/deliveries$"_s, "GET");
    r.allowRoute(u"^/v1/deliveries/[0-9]+/replay$"_s, "POST");
    QHttpServer &http = r.http();
    http.route(u"/v1/jobs"_s, Method::Get,
        guarded([this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
            jobs(request, responder);
        }));
    r.addKeyRoute(u"/v1/jobs/"_s, u"/log"_s, Method::Get,
        [this](const QString &key, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            ++m_counters->requests;
            m_receiver->serveRead(request, responder, [&] { serveLog(key, request, responder); });
        });
    r.addKeyRoute(u"/v1/jobs/"_s, {}, Method::Get,
        [this](const QString &key, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            m_receiver->serveRead(request, responder, [&] { serveJob(key, responder); });
        });
    http.route(u"/v1/events"_s, Method::Get,
        guarded([this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
            events(request, responder);
        }));
    http.route(u"/v1/deliveries"_s, Method::Get,
        guarded([this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
            deliveries(request, responder);
        }));
    http.route(u"/v1/deliveries/<arg>/replay"_s, Method::Post,
        [this](qint64 id, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            ++m_counters->requests;
            if (m_receiver->authorizeRead(request, responder)) {
                replay(id, request, std::move(responder));
            }
        });
    http.route(u"/metrics"_s, Method::Get,
        guarded([this](const QHttpServerRequest &, QHttpServerResponder &responder) {
            metrics(responder);
        }));
    http.route(u"/health"_s, Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            ++m_counters->requests;
            m_receiver->serveRead(
                request, responder, [&] { health(responder); }, false);
        });
}

void ReadApi::jobs(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const QUrlQuery query(request.url());
    JobQuery q;
    const QString status = query.queryItemValue(u"status"_s);
    if (!status.isEmpty()) {
        q.status = jobStatusFromName(status);
        if (!q.status) {
            replyJson(responder, 400,
                errorBody(u"invalid_query"_s,
                    u"status must be queued, running, succeeded, failed or canceled"_s,
                    { { u"field"_s, u"status"_s } }));
            return;
        }
    }
    q.kind = query.queryItemValue(u"kind"_s, QUrl::FullyDecoded);
    q.parent = query.queryItemValue(u"parent"_s, QUrl::FullyDecoded);
    for (const QString &text : query.allQueryItemValues(u"label"_s, QUrl::FullyDecoded)) {
        const auto label = parseLabelFilter(text);
        if (!label) {
            replyJson(responder, 400,
                errorBody(u"invalid_query"_s,
                    u"label must be name=value, such as label=branch=main (got '%1')"_s.arg(text),
                    { { u"field"_s, u"label"_s } }));
            return;
        }
        q.labels.append(*label);
    }
    q.search = query.queryItemValue(u"q"_s, QUrl::FullyDecoded);
    q.before = query.queryItemValue(u"before"_s).toLongLong();
    q.limit = limitOf(query, 50);
    replyJson(responder, 200, api::jobPage(m_store->jobs(q), QDateTime::currentDateTimeUtc()));
}

void ReadApi::serveJob(const QString &key, QHttpServerResponder &responder)
{
    ++m_counters->requests;
    const auto detail = m_store->job(key);
    if (!detail) {
        replyJson(
            responder, 404, errorBody(u"not_found"_s, u"no job with the key '%1'"_s.arg(key)));
        return;
    }
    replyJson(responder, 200, api::jobDetail(*detail, QDateTime::currentDateTimeUtc()));
}

void ReadApi::serveLog(
    const QString &key, const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const QUrlQuery query(request.url());
    const auto number = [&query](const QString &name, qint64 fallback, qint64 min,
                            qint64 max) -> std::optional<qint64> {
        if (!query.hasQueryItem(name)) {
            return fallback;
        }
        bool ok = false;
        const qint64 n = query.queryItemValue(name).toLongLong(&ok);
        return ok && n >= min && n <= max ? std::optional(n) : std::nullopt;
    };
    const auto from = number(u"from"_s, 0, 1, std::numeric_limits<qint64>::max());
    const auto limit = number(u"limit"_s, 1000, 1, Store::MaxLogPage);
    if (!from || !limit) {
        replyJson(responder, 400,
            errorBody(u"invalid_query"_s,
                !from ? u"from must be a line number (1 or more)"_s
                      : u"limit must be a whole number from 1 to %1"_s.arg(Store::MaxLogPage),
                { { u"field"_s, !from ? u"from"_s : u"limit"_s } }));
        return;
    }
    const auto page = m_store->logPage(key, *from, int(*limit));
    if (!page) {
        replyJson(
            responder, 404, errorBody(u"not_found"_s, u"no job with the key '%1'"_s.arg(key)));
        return;
    }
    replyJson(responder, 200, api::logPage(key, *page));
}

void ReadApi::events(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const QUrlQuery query(request.url());
    bool ok = true;
    const qint64 after =
        query.hasQueryItem(u"after"_s) ? query.queryItemValue(u"after"_s).toLongLong(&ok) : 0;
    if (!ok || after < 0) {
        replyJson(responder, 400,
            errorBody(u"invalid_query"_s, u"after must be a sequence number"_s,
                { { u"field"_s, u"after"_s } }));
        return;
    }
    const auto events = m_store->eventsAfter(after, limitOf(query, 1000));
    QJsonArray array;
    for (const StoredEvent &e : events) {
        array.append(e.toJson());
    }
    replyJson(responder, 200,
        { { u"events"_s, array }, { u"next"_s, events.isEmpty() ? after : events.last().seq } });
}

void ReadApi::deliveries(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const QUrlQuery query(request.url());
    const QList<Delivery> list =
        m_store->deliveries(limitOf(query, 50), query.queryItemValue(u"before"_s).toLongLong());
    QJsonArray array;
    for (const Delivery &d : list) {
        QJsonObject record = api::delivery(d);
        QJsonArray attempts;
        for (const ForwardAttempt &a : m_store->forwardAttempts(d.id)) {
            attempts.append(api::forwardAttempt(a));
        }
        if (!attempts.isEmpty()) {
            record.insert(u"attempts"_s, attempts);
        }
        array.append(record);
    }
    replyJson(responder, 200,
        { { u"deliveries"_s, array },
            { u"next"_s,
                list.isEmpty() ? QJsonValue() : QJsonValue(QString::number(list.last().id)) } });
}

void ReadApi::replay(qint64 id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QByteArray raw = request.body();
    if (!raw.trimmed().isEmpty() && !isJsonContentType(request.value("Content-Type"))) {
        replyJson(responder, 415,
            errorBody(u"unsupported_media_type"_s,
                u"send the replay body as Content-Type: application/json"_s));
        return;
    }
    ReplayRequest::Error why;
    const auto asked = ReplayRequest::parse(raw, &why);
    if (!asked) {
        replyJson(responder, why.status,
            why.status == 400
                ? errorBody(u"invalid_json"_s, why.message)
                : errorBody(u"invalid_request"_s, why.message, { { u"field"_s, why.field } }));
        return;
    }
    const auto original = m_store->delivery(id);
    if (!original) {
        replyJson(responder, 404, errorBody(u"not_found"_s, u"no delivery %1"_s.arg(id)));
        return;
    }
    const QList<HookConfig> &hooks = m_receiver->options().hooks;
    const auto found = std::find_if(hooks.cbegin(), hooks.cend(),
        [&](const HookConfig &h) { return h.path == original->path; });
    const HookConfig *hook = found == hooks.cend() ? nullptr : &*found;
    if (!hook && !asked->to) {
        replyJson(responder, 409,
            errorBody(u"no_hook"_s, u"no hook takes %1 any more"_s.arg(original->path)));
        return;
    }
    if (original->truncated() && !asked->body) {
        replyJson(responder, 409,
            errorBody(u"truncated"_s,
                u"only the first %1 bytes of this delivery were kept; it cannot be replayed"_s.arg(
                    original->body.size())));
        return;
    }
    // "to": one of the hook's forward targets (with its settings), else a loopback URL.
    ForwardTarget target;
    if (asked->to) {
        const auto configured = !hook ? nullptr : [&]() -> const ForwardTarget * {
            for (const ForwardTarget &t : hook->forward) {
                if (t.url == *asked->to) {
                    return &t;
                }
            }
            return nullptr;
        }();
        target = configured ? *configured : ForwardTarget { .url = *asked->to };
        const QString problem = ForwardTarget::urlProblem(target.url, target.allowRemote);
        if (!problem.isEmpty()) {
            replyJson(responder, 422,
                errorBody(u"invalid_request"_s,
                    problem.section(u';', 0, 0)
                        + u"; replays go to loopback URLs or the hook's forward targets"_s,
                    { { u"field"_s, u"/to"_s } }));
            return;
        }
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    HeaderList headers = asked->applyHeaders(original->headers);
    const QByteArray body = asked->body.value_or(original->body);
    if (asked->resign) {
        const auto signed_ =
            hook ? resignRequest(hook->signature, headers, body, now) : std::nullopt;
        if (!signed_) {
            replyJson(responder, 422,
                errorBody(u"invalid_request"_s,
                    u"cannot re-sign: the hook '%1' has no signature scheme with a secret"_s.arg(
                        hook ? hook->name : original->path),
                    { { u"field"_s, u"/resign"_s } }));
            return;
        }
        headers = *signed_;
    }
    Delivery again = *original;
    again.id = 0;
    again.received = now;
    again.remote = u"replay of #%1"_s.arg(id);
    again.accepted = again.duplicates = 0;
    const bool edited = asked->edited() || asked->resign;
    if (edited) {
        // A new request: recorded as a delivery of its own that links to the original, and
        // its signature checked again (as of now when re-signed).
        again.replayOf = id;
        again.signatureOk = false;
        again.headers = DeliveryLog::redacted(headers);
        again.body = body;
        again.bodySize = body.size();
    }
    auto kept = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = kept->socket();
    if (asked->to) {
        const ForwardRequest forward { again.method.isEmpty() ? QByteArray("POST") : again.method,
            headers, body };
        if (!edited) {
            replayTo(id, id, forward, target, kept); // another attempt of the same delivery
            return;
        }
        again.verdict = u"replayed"_s;
        again.reason = u"sent to %1"_s.arg(target.url.toString());
        m_store->recordDelivery(std::move(again), m_receiver->forwarder(),
            [this, id, forward, target, kept](
                qint64 newId) { replayTo(id, newId, forward, target, kept); });
        return;
    }
    // The same pipeline, dedupe included; a signature that failed is checked again as of
    // when the delivery first arrived.
    m_pipeline->process(*hook, headers, std::move(again),
        asked->resign ? std::optional(now) : std::optional(original->received), socket,
        [kept, socket, id](int status, QJsonObject body, const HeaderList &extra) {
            if (socket && socket->state() == QAbstractSocket::ConnectedState) {
                body.insert(u"replayOf"_s, id);
                replyJson(*kept, status, body, extra);
            }
        });
}

void ReadApi::replayTo(qint64 of, qint64 deliveryId, const ForwardRequest &request,
    const ForwardTarget &target, std::shared_ptr<QHttpServerResponder> responder)
{
    QPointer<QTcpSocket> socket = responder->socket();
    m_receiver->forwarder()->send(deliveryId, request, target, m_receiver->forwarder(),
        [of, deliveryId, responder, socket](const ForwardAttempt &last) {
            if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
                return;
            }
            QJsonObject body { { u"replayOf"_s, of }, { u"delivery"_s, deliveryId },
                { u"to"_s, last.target }, { u"attempts"_s, last.attempt },
                { u"latencyMs"_s, last.latencyMs } };
            if (last.status == 0) {
                QJsonObject error = errorBody(u"forward_failed"_s, last.error);
                for (auto it = body.begin(); it != body.end(); ++it) {
                    error.insert(it.key(), it.value());
                }
                replyJson(*responder, 502, error);
                return;
            }
            body.insert(u"status"_s, last.status);
            body.insert(u"response"_s, QString::fromUtf8(last.responseHead));
            replyJson(*responder, 200, body);
        });
}

void ReadApi::metrics(QHttpServerResponder &responder)
{
    MetricsSnapshot s;
    s.version = QStringLiteral(JOBPULSE_VERSION);
    s.qtVersion = QString::fromLatin1(qVersion());
    s.uptimeSeconds = m_receiver->uptimeSeconds();
    s.requests = m_pipeline->deliveryLog().answered();
    s.signatureFailures = m_counters->signatureFailures;
    s.duplicates = m_counters->duplicates;
    s.commits = m_store->commitStats();
    s.backlog = m_store->backlog();
    s.storeWritable = m_store->isOpen() && m_store->writeError().isEmpty();
    s.relayClients = m_pipeline->subscriberCount();
    s.leader = m_store->isLeading();
    if (m_relayMetrics) {
        m_relayMetrics(s);
    }
    s.openConnections = m_receiver->openConnections();
    const QJsonArray sources = m_sourceStatus ? m_sourceStatus() : QJsonArray();
    for (const QJsonValue &source : sources) {
        ++s.sourcesByState[source[u"state"_s].toString()];
    }
    s.jobsByStatus = m_store->jobsByStatus();
    replyBytes(responder, 200, MetricsContentType, renderMetrics(s));
}

void ReadApi::health(QHttpServerResponder &responder)
{
    // Degraded while the store is closed or its commits fail: the 503s senders get then are
    // explained here, with the same reason.
    const QString reason = !m_store->isOpen() ? u"the database is not open"_s
        : m_store->writeError().isEmpty()     ? QString()
                                              : u"cannot write: %1"_s.arg(m_store->writeError());
    const bool dbOk = reason.isEmpty();
    QJsonObject db { { u"path"_s, m_store->path() }, { u"ok"_s, dbOk },
        { u"schema"_s, Store::schemaVersion() }, { u"backlog"_s, m_store->backlog() } };
    QJsonObject body { { u"status"_s, dbOk ? u"ok"_s : u"degraded"_s },
        { u"version"_s, QStringLiteral(JOBPULSE_VERSION) },
        { u"uptime"_s, m_receiver->uptimeSeconds() }, { u"listen"_s, m_receiver->url().toString() },
        { u"subscribers"_s, m_pipeline->subscriberCount() }, { u"leader"_s, m_store->isLeading() },
        { u"sources"_s, m_sourceStatus ? m_sourceStatus() : QJsonArray() },
        { u"ingest"_s,
            QJsonObject { { u"requests"_s, m_counters->requests },
                { u"accepted"_s, m_counters->accepted },
                { u"duplicates"_s, m_counters->duplicates },
                { u"rejected"_s, m_counters->rejected },
                { u"connections"_s, m_receiver->openConnections() } } } };
    if (!dbOk) {
        db.insert(u"error"_s, reason);
        body.insert(u"reason"_s, reason);
    }
    body.insert(u"db"_s, db);
    replyJson(responder, dbOk ? 200 : 503, body);
}

} // namespace jobpulse
