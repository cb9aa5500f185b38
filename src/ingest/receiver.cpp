#include "receiver.h"

#include "ingest/cors.h"
#include "ingest/logging.h"
#include "ingest/reply.h"
#include "ingest/requestguard.h"
#include "ingest/signature.h"
#include "store/store.h"

#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

using Method = QHttpServerRequest::Method;

// The routes take GET or POST; any other method is a 405.
QByteArray methodName(Method method)
{
    return method == Method::Get ? "GET" : method == Method::Post ? "POST" : QByteArray();
}

// The guard's limits: the receiver's, a hook's own body limit on its path, and which pages
// may open a WebSocket (browsers leave that check to the server).
RequestGuard::Options guardOptions(const ReceiverConfig &config)
{
    RequestGuard::Options options;
    options.limits.maxBodyBytes = config.maxBodyBytes;
    QHash<QByteArray, qint64> limits;
    for (const HookConfig &hook : config.hooks) {
        if (hook.maxBodyBytes > 0) {
            limits.insert(hook.path.toUtf8(), hook.maxBodyBytes);
        }
    }
    if (!limits.isEmpty()) {
        options.limits.bodyLimitFor = [limits, fallback = config.maxBodyBytes](
                                          QByteArrayView path) {
            const qsizetype query = path.indexOf('?');
            return limits.value((query < 0 ? path : path.first(query)).toByteArray(), fallback);
        };
    }
    options.maxConnections = config.maxConnections;
    options.ratePerSecond = config.ratePerSecond;
    options.rateBurst = config.rateBurst;
    options.headerTimeoutMs = config.headerTimeoutMs;
    options.limits.mayUpgrade = [cors = config.cors](QByteArrayView origin, QByteArrayView host) {
        return Cors::mayUpgrade(cors, origin, host);
    };
    return options;
}

} // namespace

Receiver::Receiver(Store *store, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(std::move(options))
    , m_deliveryLog(store)
    , m_forwarder(store)
    , m_pipeline(store, &m_deliveryLog, &m_counters, m_options.maxBacklog)
    , m_readApi(this, store, &m_pipeline, &m_counters)
{
    m_pipeline.setForwarder(&m_forwarder);
    m_uptime.start();
    setupRoutes();
}

Receiver::~Receiver() = default;

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

void Receiver::serveRead(const QHttpServerRequest &request, QHttpServerResponder &responder,
    const std::function<void()> &serve, bool needsToken)
{
    const ReplyHeadersScope cors(corsHeaders(request));
    if (!needsToken || authorizeRead(request, responder)) {
        serve();
    }
}

void Receiver::allowBrowserRead(const QString &pattern)
{
    m_browserReads.append(QRegularExpression(pattern));
}

bool Receiver::isBrowserRead(const QString &path) const
{
    return std::any_of(m_browserReads.cbegin(), m_browserReads.cend(),
        [&path](const QRegularExpression &p) { return p.match(path).hasMatch(); });
}

HeaderList Receiver::corsHeaders(const QHttpServerRequest &request) const
{
    if (!m_options.cors.enabled() || !isBrowserRead(request.url().path())) {
        return {};
    }
    return Cors::headers(m_options.cors, request.value("Origin"));
}

bool Receiver::preflight(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const QByteArray origin = request.value("Origin");
    const QByteArray method = request.value("Access-Control-Request-Method");
    if (request.method() != Method::Options || !m_options.cors.enabled() || origin.isEmpty()
        || method.isEmpty() || !isBrowserRead(request.url().path())) {
        return false;
    }
    ++m_counters.requests;
    const Cors::Preflight answer = Cors::preflight(
        m_options.cors, origin, method, request.value("Access-Control-Request-Headers"));
    if (answer.status != 204) {
        ++m_counters.rejected;
        replyJson(
            responder, answer.status, errorBody(answer.error, answer.message), answer.headers);
        return true;
    }
    // 204 has no body, hence no Content-Length (RFC 9110 §8.6).
    responder.writeStatusLine(QHttpServerResponder::StatusCode::NoContent);
    for (const auto &[name, value] : answer.headers) {
        responder.writeHeader(name, value);
    }
    responder.writeBody(QByteArray());
    return true;
}

void Receiver::markStreaming(QTcpSocket *socket)
{
    socket->setProperty(RequestGuard::StreamingProperty, true);
}

std::unique_ptr<QObject> Receiver::releaseConnection(QTcpSocket *socket)
{
    return m_guard ? m_guard->release(socket) : nullptr;
}

void Receiver::setSubscriberCount(std::function<int()> count)
{
    m_pipeline.setSubscriberCount(std::move(count));
}

void Receiver::setRelayMetrics(std::function<void(MetricsSnapshot &)> fill)
{
    m_readApi.setRelayMetrics(std::move(fill));
}

void Receiver::setSourceStatus(std::function<QJsonArray()> status)
{
    m_readApi.setSourceStatus(std::move(status));
}

int Receiver::openConnections() const
{
    return m_guard ? m_guard->openConnections() : 0;
}

bool Receiver::listen(QString *error)
{
    if (!m_options.address.isLoopback()) {
        const QString problems = m_options.exposureProblems();
        if (!problems.isEmpty()) {
            *error = u"refusing to listen on %1, which is not loopback, while %2. Secure every "
                     u"hook and set a readToken, or listen on 127.0.0.1."_s.arg(
                         m_options.address.toString(), problems);
            return false;
        }
    }
    auto guard = std::make_unique<RequestGuard>(guardOptions(m_options));
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
            const QString &remote, const QByteArray &method, const QByteArray &path) {
            ++m_counters.requests;
            ++m_counters.rejected;
            // The hook the request was for, so that the inspector names it (413 per hook).
            const QString route = QUrl::fromPercentEncoding(path);
            const HookConfig *hook = hookAt(route);
            m_deliveryLog.recordRefusal(
                status, reason, message, remote, { method, route, hook ? hook->name : QString() });
        });
    m_http.bind(m_guard); // takes ownership
    m_port = m_guard->serverPort();
    qCInfo(lcIngest).noquote() << "receiver listening on" << url().toString();
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

void Receiver::addKeyRoute(
    const QString &prefix, const QString &suffix, Method method, KeyHandler handler)
{
    // The router matches the decoded path, where the key's %2F is a '/' already: it sends
    // any path under the prefix here, and serveKeyRoute() reads the key from the path as sent.
    const QString pattern = u"^%1[\\s\\S]+%2$"_s.arg(
        QRegularExpression::escape(prefix), QRegularExpression::escape(suffix));
    allowRoute(pattern, methodName(method));
    if (std::none_of(m_keyRoutes.cbegin(), m_keyRoutes.cend(), [&](const KeyRoute &r) {
            return r.prefix == prefix && r.suffix == suffix && r.method == method;
        })) {
        m_http.route(pattern, method,
            [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                serveKeyRoute(request, std::move(responder));
            });
    }
    m_keyRoutes.append({ prefix, suffix, method, std::move(handler) });
}

void Receiver::serveKeyRoute(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QString encoded = request.url().path(QUrl::FullyEncoded);
    for (const KeyRoute &route : std::as_const(m_keyRoutes)) {
        if (route.method != request.method()) {
            continue;
        }
        if (const auto key = routeKey(encoded, route.prefix, route.suffix)) {
            route.handler(*key, request, std::move(responder));
            return;
        }
    }
    routeMissing(request, std::move(responder));
}

void Receiver::setupRoutes()
{
    m_readApi.addRoutes();
    for (const HookConfig &hook : std::as_const(m_options.hooks)) {
        addHookRoute(hook.path);
    }
    m_http.setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            routeMissing(request, std::move(responder));
        });
}

void Receiver::addHookRoute(const QString &path)
{
    if (m_hookRoutes.contains(path)) {
        return;
    }
    m_hookRoutes.insert(path);
    // QHttpServer's router reads a path as a regular expression: escaped, a hook's '.'
    // is a dot (its paths hold letters, digits and . _ ~ - only, no <arg>). The hook is
    // looked up per request: a reload may have changed its secret or removed it.
    m_http.route(QRegularExpression::escape(path), Method::Post,
        [this, path](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            if (const HookConfig *hook = hookAt(path)) {
                ingest(request, std::move(responder), HookConfig(*hook));
            } else {
                routeMissing(request, std::move(responder));
            }
        });
}

const HookConfig *Receiver::hookAt(const QString &path) const
{
    const auto hook = std::find_if(m_options.hooks.cbegin(), m_options.hooks.cend(),
        [&path](const HookConfig &h) { return h.path == path; });
    return hook != m_options.hooks.cend() ? &*hook : nullptr;
}

void Receiver::reconfigure(Options options)
{
    options.address = m_options.address;
    options.port = m_options.port;
    m_options = std::move(options);
    for (const HookConfig &hook : std::as_const(m_options.hooks)) {
        addHookRoute(hook.path);
    }
    if (m_guard) {
        m_guard->setOptions(guardOptions(m_options));
    }
    qCInfo(lcIngest) << "receiver reconfigured:" << m_options.hooks.size() << "hooks";
}

void Receiver::routeMissing(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (preflight(request, responder)) {
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
    if (hookAt(path) && !allowed.contains("POST")) {
        allowed.append("POST"); // a hook's route, as the running config has it
    }
    // The method is allowed and still no route took it: a key route's path without a key
    // (an empty one, a raw '/' in it).
    if (allowed.isEmpty() || allowed.contains(methodName(request.method()))) {
        replyJson(responder, 404, errorBody(u"not_found"_s, u"no route %1"_s.arg(path)));
        return;
    }
    replyJson(responder, 405,
        errorBody(u"method_not_allowed"_s,
            u"%1 takes %2"_s.arg(path, QString::fromLatin1(allowed.join(", ")))),
        { { "Allow", allowed.join(", ") } });
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
    delivery.headers = DeliveryLog::redacted(headers);
    m_pipeline.process(hook, headers, std::move(delivery), {}, socket,
        [kept, socket](int status, const QJsonObject &body, const HeaderList &extra) {
            if (socket && socket->state() == QAbstractSocket::ConnectedState) {
                replyJson(*kept, status, body, extra);
            }
            // else: the sender hung up; what committed stays committed
        });
}

} // namespace jobpulse
