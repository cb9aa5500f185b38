#include "receiver.h"

#include "ingest/families.h"
#include "ingest/reply.h"
#include "ingest/requestguard.h"
#include "ingest/stepupdate.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcReceiver, "jobpulse.ingest")

namespace jobpulse {

namespace {

using Method = QHttpServerRequest::Method;

// Headers that name one delivery; a retry of the same delivery carries the same value.
constexpr std::array deliveryIdHeaders { "webhook-id", "svix-id", "x-github-delivery", "ce-id",
    "x-request-id" };

bool isJsonContentType(const QByteArray &header)
{
    if (header.isEmpty()) {
        return true; // many scripts send none; the body still has to be JSON
    }
    const QList<QByteArray> parts = header.split(';');
    const QByteArray type = parts.first().trimmed().toLower();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray param = parts.at(i).trimmed().toLower();
        if (param.startsWith("charset=") && param != "charset=utf-8"
            && param != "charset=\"utf-8\"") {
            return false;
        }
    }
    return type == "application/json" || type == "text/json" || type.endsWith("+json");
}

// QJsonDocument refuses top-level scalars; tell "not JSON" (400) from "JSON, wrong shape" (422).
bool isValidJsonScalar(const QByteArray &body)
{
    if (body.trimmed().isEmpty()) {
        return false;
    }
    QJsonParseError error {};
    QJsonDocument::fromJson("[" + body + "]", &error);
    return error.error == QJsonParseError::NoError;
}

QByteArray headerValue(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            return h.second;
        }
    }
    return {};
}

// What the inspector keeps of the headers: credentials are replaced, signatures (HMACs of
// the body, useless without the secret) are kept so a delivery can be checked by hand.
HeaderList redactedHeaders(const HeaderList &headers)
{
    static const QRegularExpression secret(
        u"^(authorization|proxy-authorization|cookie|x-api-key)$|token|secret|password"_s,
        QRegularExpression::CaseInsensitiveOption);
    HeaderList kept;
    for (const auto &h : headers) {
        kept.append({ h.first,
            secret.match(QString::fromLatin1(h.first)).hasMatch() ? QByteArray("***") : h.second });
    }
    return kept;
}

QJsonArray toJsonArray(const QList<Job> &jobs, const QDateTime &now)
{
    QJsonArray array;
    for (const Job &job : jobs) {
        array.append(job.toJson(now));
    }
    return array;
}

} // namespace

Receiver::Receiver(Store *store, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
{
    m_uptime.start();
    setupRoutes();
}

Receiver::~Receiver() = default;

bool Receiver::parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    static const QRegularExpression re(uR"(^(?:\[([0-9A-Fa-f:.]+)\]|([^:\[\]]+)):(\d{1,5})$)"_s);
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

bool Receiver::keepRecord(const QString &key, int perSecond, int *leftOut)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_recordBudgets.size() > 10000) {
        m_recordBudgets.clear(); // many addresses: start over rather than grow
    }
    RecordBudget &b = m_recordBudgets[key];
    if (b.refilledMs == 0) {
        b.tokens = perSecond;
    }
    b.tokens = std::min<double>(perSecond, b.tokens + (now - b.refilledMs) * perSecond / 1000.0);
    b.refilledMs = now;
    if (b.tokens < 1) {
        ++b.leftOut;
        return false;
    }
    b.tokens -= 1;
    *leftOut = std::exchange(b.leftOut, 0);
    return true;
}

bool Receiver::authorizeRead(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    if (m_options.readToken.isEmpty()) {
        return true;
    }
    QByteArray given = request.value("Authorization");
    if (given.toLower().startsWith("bearer ")) {
        given = given.mid(7).trimmed();
    } else {
        given = QUrlQuery(request.url()).queryItemValue(u"token"_s, QUrl::FullyDecoded).toUtf8();
    }
    if (!given.isEmpty() && constantTimeEquals(given, m_options.readToken.toUtf8())) {
        return true;
    }
    ++m_counters.rejected;
    replyJson(responder, 401,
        errorBody(u"unauthorized"_s,
            u"this receiver's read routes need its readToken (Authorization: Bearer …)"_s),
        { { "WWW-Authenticate", "Bearer" } });
    return false;
}

QString Receiver::exposureProblems(const Options &options)
{
    QStringList missing;
    for (const HookConfig &hook : options.hooks) {
        if (!hook.hasSecret()) {
            missing.append(u"hook %1 (%2) has no signature secret"_s.arg(hook.name, hook.path));
        }
    }
    if (options.readToken.isEmpty()) {
        missing.append(u"receiver.readToken is not set"_s);
    }
    return missing.join(u"; "_s);
}

bool Receiver::listen(QString *error)
{
    const bool loopback = m_options.address.isLoopback();
    if (!loopback) {
        const QString problems = exposureProblems(m_options);
        if (!problems.isEmpty()) {
            *error = u"refusing to listen on %1, which is not loopback, while %2. Secure every "
                     u"hook and set a readToken, or listen on 127.0.0.1."_s.arg(
                         m_options.address.toString(), problems);
            return false;
        }
    }
    RequestGuard::Options guardOptions;
    guardOptions.limits.maxBodyBytes = m_options.maxBodyBytes;
    QHash<QByteArray, qint64> limits;
    for (const HookConfig &hook : std::as_const(m_options.hooks)) {
        if (hook.maxBodyBytes > 0) {
            limits.insert(hook.path.toUtf8(), hook.maxBodyBytes);
        }
    }
    if (!limits.isEmpty()) {
        guardOptions.limits.bodyLimitFor = [limits, fallback = m_options.maxBodyBytes](
                                               QByteArrayView path) {
            const qsizetype query = path.indexOf('?');
            return limits.value((query < 0 ? path : path.first(query)).toByteArray(), fallback);
        };
    }
    guardOptions.maxConnections = m_options.maxConnections;
    guardOptions.ratePerSecond = m_options.ratePerSecond;
    guardOptions.rateBurst = m_options.rateBurst;
    guardOptions.headerTimeoutMs = m_options.headerTimeoutMs;
    auto guard = std::make_unique<RequestGuard>(guardOptions);
    guard->setListenBacklogSize(511); // bursts of connections wait in the kernel, not refused
    if (!guard->listen(m_options.address, m_options.port)) {
        *error = u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString())
                     .arg(m_options.port)
                     .arg(guard->errorString());
        return false;
    }
    m_guard = guard.release();
    m_guard->setHttpServer(&m_http);
    connect(m_guard, &RequestGuard::rejected, this,
        [this](int status, const QByteArray &reason, const QByteArray &message,
            const QString &remote) {
            ++m_counters.requests;
            ++m_counters.rejected;
            // Refused from the head (413, 429, 431, 408…): the inspector shows it without a body.
            int leftOut = 0;
            if (!keepRecord(remote + u'|' + QString::number(status), 1, &leftOut)) {
                return;
            }
            Delivery d;
            d.received = QDateTime::currentDateTimeUtc();
            d.remote = remote;
            d.status = status;
            d.verdict = u"rejected"_s;
            d.reason = QString::fromLatin1(reason) + u": "_s + QString::fromUtf8(message);
            if (leftOut > 0) {
                d.reason += u" (%1 more like it were not kept)"_s.arg(leftOut);
            }
            m_store->recordDelivery(std::move(d));
        });
    m_http.bind(m_guard); // takes ownership
    m_port = m_guard->serverPort();
    qCInfo(lcReceiver).noquote() << "receiver listening on" << url().toString();
    Q_EMIT listening(url());
    return true;
}

QUrl Receiver::url() const
{
    QUrl u;
    u.setScheme(u"http"_s);
    u.setHost(m_options.address.toString());
    u.setPort(m_port);
    return u;
}

void Receiver::allowRoute(const QString &pattern, const QByteArray &method)
{
    m_routes.append({ QRegularExpression(pattern), method });
}

void Receiver::setupRoutes()
{
    allowRoute(u"^/v1/events$"_s, "GET");
    allowRoute(u"^/v1/jobs$"_s, "GET");
    allowRoute(u"^/v1/jobs/[^/]+$"_s, "GET");
    allowRoute(u"^/health$"_s, "GET");

    for (const HookConfig &hook : std::as_const(m_options.hooks)) {
        allowRoute(u"^%1$"_s.arg(QRegularExpression::escape(hook.path)), "POST");
        m_http.route(hook.path, Method::Post,
            [this, hook](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                ingest(request, std::move(responder), hook);
            });
    }
    m_http.route(u"/v1/jobs"_s, Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            ++m_counters.requests;
            if (!authorizeRead(request, responder)) {
                return;
            }
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
            q.search = query.queryItemValue(u"q"_s, QUrl::FullyDecoded);
            q.before = query.queryItemValue(u"before"_s).toLongLong();
            q.limit =
                query.hasQueryItem(u"limit"_s) ? query.queryItemValue(u"limit"_s).toInt() : 50;
            const JobPage page = m_store->jobs(q);
            replyJson(responder, 200,
                { { u"jobs"_s, toJsonArray(page.jobs, QDateTime::currentDateTimeUtc()) },
                    { u"next"_s,
                        page.next > 0 ? QJsonValue(QString::number(page.next)) : QJsonValue() } });
        });
    m_http.route(u"/v1/jobs/<arg>"_s, Method::Get,
        [this](const QString &key, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            if (!authorizeRead(request, responder)) {
                return;
            }
            serveJob(QUrl::fromPercentEncoding(key.toUtf8()), responder);
        });
    m_http.route(u"/v1/events"_s, Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            ++m_counters.requests;
            if (!authorizeRead(request, responder)) {
                return;
            }
            const QUrlQuery query(request.url());
            bool ok = true;
            const qint64 after = query.hasQueryItem(u"after"_s)
                ? query.queryItemValue(u"after"_s).toLongLong(&ok)
                : 0;
            if (!ok || after < 0) {
                replyJson(responder, 400,
                    errorBody(u"invalid_query"_s, u"after must be a sequence number"_s,
                        { { u"field"_s, u"after"_s } }));
                return;
            }
            const int limit =
                query.hasQueryItem(u"limit"_s) ? query.queryItemValue(u"limit"_s).toInt() : 1000;
            const auto events = m_store->eventsAfter(after, limit);
            QJsonArray array;
            for (const StoredEvent &e : events) {
                array.append(e.toJson());
            }
            replyJson(responder, 200,
                { { u"events"_s, array },
                    { u"next"_s, events.isEmpty() ? after : events.last().seq } });
        });
    allowRoute(u"^/v1/deliveries$"_s, "GET");
    allowRoute(u"^/v1/deliveries/[0-9]+/replay$"_s, "POST");
    m_http.route(u"/v1/deliveries"_s, Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            ++m_counters.requests;
            if (!authorizeRead(request, responder)) {
                return;
            }
            const QUrlQuery query(request.url());
            const int limit =
                query.hasQueryItem(u"limit"_s) ? query.queryItemValue(u"limit"_s).toInt() : 50;
            const QList<Delivery> list =
                m_store->deliveries(limit, query.queryItemValue(u"before"_s).toLongLong());
            QJsonArray array;
            for (const Delivery &d : list) {
                array.append(d.toJson());
            }
            replyJson(responder, 200,
                { { u"deliveries"_s, array },
                    { u"next"_s,
                        list.isEmpty() ? QJsonValue()
                                       : QJsonValue(QString::number(list.last().id)) } });
        });
    m_http.route(u"/v1/deliveries/<arg>/replay"_s, Method::Post,
        [this](qint64 id, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            replay(id, request, std::move(responder));
        });
    m_http.route(u"/health"_s, Method::Get,
        [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
            ++m_counters.requests;
            const bool dbOk = m_store->isOpen();
            replyJson(responder, dbOk ? 200 : 503,
                { { u"status"_s, dbOk ? u"ok"_s : u"degraded"_s },
                    { u"version"_s, QStringLiteral(JOBPULSE_VERSION) },
                    { u"uptime"_s, m_uptime.elapsed() / 1000.0 },
                    { u"db"_s,
                        QJsonObject { { u"path"_s, m_store->path() }, { u"ok"_s, dbOk },
                            { u"schema"_s, Store::schemaVersion() },
                            { u"backlog"_s, m_store->backlog() } } },
                    { u"listen"_s, url().toString() },
                    { u"subscribers"_s, m_subscribers ? m_subscribers() : 0 },
                    { u"sources"_s, m_sourceStatus ? m_sourceStatus() : QJsonArray() },
                    { u"ingest"_s,
                        QJsonObject { { u"requests"_s, m_counters.requests },
                            { u"accepted"_s, m_counters.accepted },
                            { u"duplicates"_s, m_counters.duplicates },
                            { u"rejected"_s, m_counters.rejected },
                            { u"connections"_s, m_guard ? m_guard->openConnections() : 0 } } } });
        });
    m_http.setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            routeMissing(request, std::move(responder));
        });
}

void Receiver::serveJob(const QString &key, QHttpServerResponder &responder)
{
    ++m_counters.requests;
    const auto detail = m_store->job(key);
    if (!detail) {
        replyJson(
            responder, 404, errorBody(u"not_found"_s, u"no job with the key '%1'"_s.arg(key)));
        return;
    }
    replyJson(responder, 200, detail->toJson(QDateTime::currentDateTimeUtc()));
}

void Receiver::routeMissing(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // The router matches decoded paths, so a key holding an encoded '/' lands here.
    static const QString jobPrefix = u"/v1/jobs/"_s;
    const QString encoded = request.url().path(QUrl::FullyEncoded);
    if (request.method() == Method::Get && encoded.startsWith(jobPrefix)
        && !encoded.mid(jobPrefix.size()).contains(u'/') && encoded.size() > jobPrefix.size()) {
        if (!authorizeRead(request, responder)) {
            return;
        }
        serveJob(QUrl::fromPercentEncoding(encoded.mid(jobPrefix.size()).toUtf8()), responder);
        return;
    }
    ++m_counters.requests;
    ++m_counters.rejected;
    const QString path = request.url().path();
    QByteArrayList allowed;
    for (const Route &route : std::as_const(m_routes)) {
        if (route.pattern.match(path).hasMatch() && !allowed.contains(route.method)) {
            allowed.append(route.method);
        }
    }
    if (allowed.isEmpty()) {
        replyJson(responder, 404, errorBody(u"not_found"_s, u"no route %1"_s.arg(path)));
        return;
    }
    replyJson(responder, 405,
        errorBody(u"method_not_allowed"_s,
            u"%1 takes %2"_s.arg(path, QString::fromLatin1(allowed.join(", ")))),
        { { "Allow", allowed.join(", ") } });
}

Receiver::Adapter Receiver::adapterFor(const HookConfig &hook, const HeaderList &headers)
{
    switch (hook.family) {
    case HookConfig::Family::Canonical:
        return [](const QJsonValue &body, const QDateTime &received) {
            return parseEvents(body, received);
        };
    case HookConfig::Family::StepUpdate:
        return [this, header = QString::fromUtf8(headerValue(headers, "X-Job-Id"))](
                   const QJsonValue &body, const QDateTime &received) {
            QString key = body.toObject().value(u"job_id"_s).toVariant().toString();
            if (key.isEmpty()) {
                key = header;
            }
            const auto known = key.isEmpty() ? std::nullopt : m_store->jobSnapshot(key);
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
    }
    return {};
}

void Receiver::ingest(
    const QHttpServerRequest &request, QHttpServerResponder &&responder, const HookConfig &hook)
{
    ++m_counters.requests;
    Delivery delivery;
    delivery.received = QDateTime::currentDateTimeUtc();
    delivery.method = "POST";
    delivery.path = request.url().path();
    delivery.hook = hook.name;
    auto kept = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = kept->socket();
    delivery.remote = socket ? socket->peerAddress().toString() : QString();
    delivery.body = request.body();
    delivery.bodySize = delivery.body.size();
    const HeaderList headers = request.headers();
    delivery.headers = redactedHeaders(headers);
    process(hook, headers, std::move(delivery), {}, socket,
        [kept, socket](int status, const QJsonObject &body, const HeaderPairs &extra) {
            if (socket && socket->state() == QAbstractSocket::ConnectedState) {
                replyJson(*kept, status, body, extra);
            }
            // else: the sender hung up; what committed stays committed
        });
}

void Receiver::process(const HookConfig &hook, const HeaderList &headers, Delivery delivery,
    std::optional<QDateTime> signedAt, QObject *context, Answer answer)
{
    QElapsedTimer clock;
    clock.start();
    // Every answer is also an inspector record.
    const auto finish = [this, clock, answer](Delivery d, int status, const QJsonObject &body,
                            const HeaderPairs &extra = {}) {
        d.status = status;
        if (status >= 300) {
            ++m_counters.rejected;
            d.verdict = u"rejected"_s;
            d.reason = body.value(u"message"_s).toString();
            if (body.contains(u"field"_s)) {
                d.reason = body.value(u"field"_s).toString() + u": "_s + d.reason;
            }
        } else {
            d.accepted = body.value(u"accepted"_s).toInt();
            d.duplicates = body.value(u"duplicates"_s).toInt();
            d.verdict = d.accepted == 0 && d.duplicates > 0 ? u"duplicate"_s : u"accepted"_s;
        }
        d.latencyMs = clock.nsecsElapsed() / 1e6;
        // The inspector keeps every delivery at a human pace; under load, a sample: accepted
        // ones up to 50 a second, refusals up to 5 a second per address and status, each
        // record counting the ones left out before it.
        int leftOut = 0;
        if (status < 300 ? keepRecord(u"accepted"_s, 50, &leftOut)
                         : keepRecord(d.remote + u'|' + QString::number(status), 5, &leftOut)) {
            if (leftOut > 0) {
                d.reason += (d.reason.isEmpty() ? u""_s : u" "_s)
                    + u"(%1 more like it were not kept)"_s.arg(leftOut);
            }
            m_store->recordDelivery(std::move(d));
        }
        answer(status, body, extra);
    };
    const QByteArray &body = delivery.body;
    const QDateTime now = delivery.received;
    // Who sent it is settled on the raw bytes, before anything parses them. A replay of a
    // delivery whose signature was good is not checked again (its timestamp is old by now).
    if (hook.hasSecret() && !delivery.signatureOk) {
        const SignatureVerdict verdict =
            verifySignature(hook.signature, headers, body, signedAt.value_or(now));
        if (!verdict.ok) {
            finish(std::move(delivery), 401, errorBody(u"invalid_signature"_s, verdict.reason));
            return;
        }
        delivery.signatureOk = true;
    }
    const Adapter adapt = adapterFor(hook, headers);
    const QByteArray contentType = headerValue(headers, "Content-Type");
    ParsedEvents parsed;
    ValidationError ceError;
    bool malformed = false;
    // Any route also takes CloudEvents 1.0 (structured, batch or binary mode).
    if (const auto cloudEvents =
            parseCloudEvents(headers, contentType, body, &ceError, &malformed)) {
        parsed = adaptCloudEvents(*cloudEvents, HookConfig::familyName(hook.family), now, adapt);
    } else if (!ceError.message.isEmpty()) {
        if (malformed) {
            finish(std::move(delivery), 400, errorBody(u"invalid_json"_s, ceError.message));
        } else if (ceError.field == u"Content-Type") {
            finish(
                std::move(delivery), 415, errorBody(u"unsupported_media_type"_s, ceError.message));
        } else {
            finish(std::move(delivery), 422,
                errorBody(u"invalid_event"_s, ceError.message, { { u"field"_s, ceError.field } }));
        }
        return;
    } else {
        if (!isJsonContentType(contentType)) {
            finish(std::move(delivery), 415,
                errorBody(u"unsupported_media_type"_s,
                    u"send the body as Content-Type: application/json (UTF-8), not '%1'"_s.arg(
                        QString::fromUtf8(contentType))));
            return;
        }
        QJsonParseError parseError {};
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        QJsonValue root;
        if (parseError.error != QJsonParseError::NoError) {
            if (!isValidJsonScalar(body)) {
                finish(std::move(delivery), 400,
                    errorBody(u"invalid_json"_s, parseError.errorString(),
                        { { u"offset"_s, parseError.offset } }));
                return;
            }
            root = QJsonValue(QJsonValue::Null); // valid JSON, but no object or array
        } else {
            root =
                document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
        }
        parsed = adapt(root, now);
    }
    if (parsed.error) {
        finish(std::move(delivery), 422,
            errorBody(u"invalid_event"_s, parsed.error->message,
                { { u"field"_s, parsed.error->field } }));
        return;
    }
    for (Event &e : parsed.events) {
        e.origin = hook.name;
    }
    // A sender's delivery id dedupes its retries when the events carry no id of their own.
    for (const char *name : deliveryIdHeaders) {
        const QByteArray id = headerValue(headers, name);
        if (id.isEmpty()) {
            continue;
        }
        for (qsizetype i = 0; i < parsed.events.size(); ++i) {
            Event &e = parsed.events[i];
            if (e.id.isEmpty()) {
                e.id = QString::fromUtf8(id).left(MaxKeyLength - 8)
                    + (parsed.events.size() > 1 ? u"#%1"_s.arg(i) : QString());
            }
        }
        break;
    }
    if (!m_store->isOpen() || m_store->backlog() > m_options.maxBacklog) {
        finish(std::move(delivery), 503,
            errorBody(u"store_unavailable"_s, u"the store is busy or closed; retry shortly"_s),
            { { "Retry-After", "1" } });
        return;
    }
    auto pending = std::make_shared<Delivery>(std::move(delivery));
    m_store->submit(
        std::move(parsed.events), context, [this, pending, finish](const IngestResult &result) {
            if (result.status != IngestResult::Status::Committed) {
                qCWarning(lcReceiver) << "store unavailable:" << result.error;
                finish(std::move(*pending), 503,
                    errorBody(u"store_unavailable"_s,
                        u"the events were not stored: %1"_s.arg(result.error)),
                    { { "Retry-After", "1" } });
                return;
            }
            m_counters.accepted += result.accepted;
            m_counters.duplicates += result.duplicates;
            finish(std::move(*pending), 200,
                { { u"accepted"_s, result.accepted }, { u"duplicates"_s, result.duplicates },
                    { u"seq"_s, result.lastSeq },
                    { u"clients"_s, m_subscribers ? m_subscribers() : 0 } });
        });
}

void Receiver::replay(
    qint64 id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    ++m_counters.requests;
    if (!authorizeRead(request, responder)) {
        return;
    }
    const auto original = m_store->delivery(id);
    if (!original) {
        replyJson(responder, 404, errorBody(u"not_found"_s, u"no delivery %1"_s.arg(id)));
        return;
    }
    const auto hook = std::find_if(m_options.hooks.cbegin(), m_options.hooks.cend(),
        [&](const HookConfig &h) { return h.path == original->path; });
    if (hook == m_options.hooks.cend()) {
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
    process(*hook, original->headers, std::move(again), original->received, socket,
        [kept, socket, id](int status, QJsonObject body, const HeaderPairs &extra) {
            if (socket && socket->state() == QAbstractSocket::ConnectedState) {
                body.insert(u"replayOf"_s, id);
                replyJson(*kept, status, body, extra);
            }
        });
}

} // namespace jobpulse
