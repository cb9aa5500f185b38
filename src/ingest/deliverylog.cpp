#include "deliverylog.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

QString leftOutNote(int leftOut)
{
    return u"(%1 more like it were not kept)"_s.arg(leftOut);
}

} // namespace

HeaderList DeliveryLog::redacted(const HeaderList &headers)
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

DeliveryLog::DeliveryLog(Store *store)
    : m_store(store)
{ }

bool DeliveryLog::keep(const QString &key, int perSecond, int *leftOut)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_budgets.size() > 10000) {
        m_budgets.clear(); // many addresses: start over rather than grow
    }
    Budget &b = m_budgets[key];
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

void DeliveryLog::judge(Delivery &d, int status, const QJsonObject &body, double latencyMs)
{
    ++m_answered[{ d.hook, status }];
    d.status = status;
    if (status >= 300) {
        d.verdict = u"rejected"_s;
        d.reason = body.value(u"message"_s).toString();
        if (body.contains(u"field"_s)) {
            d.reason = body.value(u"field"_s).toString() + u": "_s + d.reason;
        }
    } else {
        d.accepted = body.value(u"accepted"_s).toInt();
        d.duplicates = body.value(u"duplicates"_s).toInt();
        d.verdict = d.accepted == 0 && d.duplicates > 0 ? u"duplicate"_s : u"accepted"_s;
        d.reason = body.value(u"ignored"_s).toString();
    }
    d.latencyMs = latencyMs;
}

void DeliveryLog::recordAnswer(Delivery d, int status, const QJsonObject &body, double latencyMs,
    QObject *context, std::function<void(const Delivery &)> saved)
{
    judge(d, status, body, latencyMs);
    auto kept = std::make_shared<Delivery>(d);
    m_store->recordDelivery(std::move(d), context, [kept, saved = std::move(saved)](qint64 id) {
        kept->id = id;
        saved(*kept);
    });
}

void DeliveryLog::recordAnswer(Delivery d, int status, const QJsonObject &body, double latencyMs)
{
    judge(d, status, body, latencyMs);
    int leftOut = 0;
    const bool kept = status < 300 ? keep(u"accepted"_s, 50, &leftOut)
                                   : keep(d.remote + u'|' + QString::number(status), 5, &leftOut);
    if (!kept) {
        return;
    }
    if (leftOut > 0) {
        d.reason += (d.reason.isEmpty() ? u""_s : u" "_s) + leftOutNote(leftOut);
    }
    m_store->recordDelivery(std::move(d));
}

void DeliveryLog::recordRefusal(int status, const QByteArray &reason, const QByteArray &message,
    const QString &remote, const Route &route)
{
    ++m_answered[{ route.hook, status }];
    int leftOut = 0;
    if (!keep(remote + u'|' + QString::number(status), 1, &leftOut)) {
        return;
    }
    Delivery d;
    d.received = QDateTime::currentDateTimeUtc();
    d.remote = remote;
    d.method = route.method;
    d.path = route.path;
    d.hook = route.hook;
    d.status = status;
    d.verdict = u"rejected"_s;
    d.reason = QString::fromLatin1(reason) + u": "_s + QString::fromUtf8(message);
    if (leftOut > 0) {
        d.reason += u' ' + leftOutNote(leftOut);
    }
    m_store->recordDelivery(std::move(d));
}

} // namespace jobpulse
