#include "cors.h"

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// What the allow-list says of @p origin: the value of Access-Control-Allow-Origin, or empty.
QByteArray allowedOrigin(const CorsConfig &cors, QByteArrayView origin)
{
    // Exact match of the serialised origin a browser sends (scheme, host and port); the
    // config holds its entries in that form (CorsConfig::normalizedOrigin).
    const QString given = QString::fromUtf8(origin);
    if (origin.isEmpty() || given == u"*") {
        return {};
    }
    if (cors.origins.contains(given)) {
        return origin.toByteArray();
    }
    return cors.origins.contains(u"*"_s) ? QByteArray("*") : QByteArray();
}

} // namespace

const QByteArrayList &Cors::allowedRequestHeaders()
{
    // The read token (Authorization), EventSource's resume and cache headers.
    static const QByteArrayList list { "authorization", "last-event-id", "cache-control", "accept",
        "accept-language", "content-language" };
    return list;
}

HeaderList Cors::headers(const CorsConfig &cors, QByteArrayView origin)
{
    if (!cors.enabled()) {
        return {};
    }
    HeaderList list { { "Vary", "Origin" } };
    const QByteArray allowed = allowedOrigin(cors, origin);
    if (!allowed.isEmpty()) {
        list.emplace_back(QByteArray("Access-Control-Allow-Origin"), allowed);
        if (cors.credentials && allowed != "*") {
            list.emplace_back(QByteArray("Access-Control-Allow-Credentials"), "true");
        }
    }
    return list;
}

bool Cors::mayUpgrade(const CorsConfig &cors, QByteArrayView origin, QByteArrayView host)
{
    if (origin.isEmpty()) {
        return true;
    }
    const QByteArray own = host.trimmed().toByteArray().toLower();
    if (!own.isEmpty()) {
        const QByteArray given = origin.toByteArray().toLower();
        if (given == "http://" + own || given == "https://" + own) {
            return true;
        }
    }
    return cors.enabled() && !allowedOrigin(cors, origin).isEmpty();
}

Cors::Preflight Cors::preflight(const CorsConfig &cors, QByteArrayView origin,
    QByteArrayView requestMethod, QByteArrayView requestHeaders)
{
    Preflight answer;
    answer.headers = { { "Vary",
        "Origin, Access-Control-Request-Method, "
        "Access-Control-Request-Headers" } };
    const auto refuse = [&answer](const QString &error, const QString &message) {
        answer.status = 403;
        answer.error = error;
        answer.message = message;
        return answer;
    };
    const QByteArray allowed = allowedOrigin(cors, origin);
    if (allowed.isEmpty()) {
        return refuse(u"cors_origin_not_allowed"_s,
            u"the origin '%1' is not in receiver.cors.origins"_s.arg(
                QString::fromUtf8(origin.toByteArray().left(200))));
    }
    const QByteArray method = requestMethod.trimmed().toByteArray();
    if (method != "GET" && method != "HEAD") {
        return refuse(u"cors_method_not_allowed"_s,
            u"a page may only GET the read routes, not %1"_s.arg(
                QString::fromUtf8(method.left(20))));
    }
    QByteArrayList asked;
    for (const QByteArray &part : requestHeaders.toByteArray().split(',')) {
        const QByteArray name = part.trimmed().toLower();
        if (name.isEmpty()) {
            continue;
        }
        if (!allowedRequestHeaders().contains(name)) {
            return refuse(u"cors_header_not_allowed"_s,
                u"a page may send %1, not the header '%2'"_s.arg(
                    QString::fromLatin1(allowedRequestHeaders().join(", ")),
                    QString::fromUtf8(name.left(100))));
        }
        if (!asked.contains(name)) {
            asked.append(name);
        }
    }
    answer.headers.emplace_back(QByteArray("Access-Control-Allow-Origin"), allowed);
    if (cors.credentials && allowed != "*") {
        answer.headers.emplace_back(QByteArray("Access-Control-Allow-Credentials"), "true");
    }
    answer.headers.emplace_back(QByteArray("Access-Control-Allow-Methods"), "GET");
    if (!asked.isEmpty()) {
        answer.headers.emplace_back(QByteArray("Access-Control-Allow-Headers"), asked.join(", "));
    }
    answer.headers.append({ "Access-Control-Max-Age", QByteArray::number(cors.maxAgeSeconds) });
    return answer;
}

} // namespace jobpulse
