#include "readapi.h"

#include "api/json.h"
#include "core/labels.h"
#include "ingest/deliverylog.h"
#include "ingest/metrics.h"
#include "ingest/pipeline.h"
#include "ingest/receiver.h"
#include "ingest/reply.h"
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
    // A read route: counted, and behind the read token when one is set.
    const auto guarded = [this](auto serve) {
        return [this, serve](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            ++m_counters->requests;
            if (m_receiver->authorizeRead(request, responder)) {
                serve(request, responder);
            }
        };
    };
    Receiver &r = *m_receiver;
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
            if (m_receiver->authorizeRead(request, responder)) {
                serveLog(key, request, responder);
            }
        });
    r.addKeyRoute(u"/v1/jobs/"_s, {}, Method::Get,
        [this](const QString &key, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            if (m_receiver->authorizeRead(request, responder)) {
                serveJob(key, responder);
            }
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
                replay(id, std::move(responder));
            }
        });
    http.route(u"/metrics"_s, Method::Get,
        guarded([this](const QHttpServerRequest &, QHttpServerResponder &responder) {
            metrics(responder);
        }));
    http.route(u"/health"_s, Method::Get,
        [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
            ++m_counters->requests;
            health(responder);
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
        array.append(api::delivery(d));
    }
    replyJson(responder, 200,
        { { u"deliveries"_s, array },
            { u"next"_s,
                list.isEmpty() ? QJsonValue() : QJsonValue(QString::number(list.last().id)) } });
}

void ReadApi::replay(qint64 id, QHttpServerResponder &&responder)
{
    const auto original = m_store->delivery(id);
    if (!original) {
        replyJson(responder, 404, errorBody(u"not_found"_s, u"no delivery %1"_s.arg(id)));
        return;
    }
    const QList<HookConfig> &hooks = m_receiver->options().hooks;
    const auto hook = std::find_if(hooks.cbegin(), hooks.cend(),
        [&](const HookConfig &h) { return h.path == original->path; });
    if (hook == hooks.cend()) {
        replyJson(responder, 409,
            errorBody(u"no_hook"_s, u"no hook takes %1 any more"_s.arg(original->path)));
        return;
    }
    if (original->truncated()) {
        replyJson(responder, 409,
            errorBody(u"truncated"_s,
                u"only the first %1 bytes of this delivery were kept; it cannot be replayed"_s.arg(
                    original->body.size())));
        return;
    }
    Delivery again = *original;
    again.id = 0;
    again.received = QDateTime::currentDateTimeUtc();
    again.remote = u"replay of #%1"_s.arg(id);
    again.accepted = again.duplicates = 0;
    auto kept = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = kept->socket();
    // The same pipeline, dedupe included; a signature that failed is checked again as of
    // when the delivery first arrived.
    m_pipeline->process(*hook, original->headers, std::move(again), original->received, socket,
        [kept, socket, id](int status, QJsonObject body, const HeaderList &extra) {
            if (socket && socket->state() == QAbstractSocket::ConnectedState) {
                body.insert(u"replayOf"_s, id);
                replyJson(*kept, status, body, extra);
            }
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
    s.openConnections = m_receiver->openConnections();
    const QJsonArray sources = m_sourceStatus ? m_sourceStatus() : QJsonArray();
    for (const QJsonValue &source : sources) {
        ++s.sourcesByState[source[u"state"_s].toString()];
    }
    s.jobsByStatus = m_store->jobsByStatus();
    responder.write(renderMetrics(s), MetricsContentType);
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
        { u"subscribers"_s, m_pipeline->subscriberCount() },
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
