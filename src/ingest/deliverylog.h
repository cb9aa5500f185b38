#pragma once

#include "ingest/httputil.h"
#include "store/store.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <functional>

namespace jobpulse {

/**
 * @brief What the request inspector keeps of the ingest routes' traffic (PRODUCT.md §3).
 *
 * Every delivery at a human pace; under load a sample — accepted ones up to 50 a second,
 * refusals up to 5 a second per address and status, the guard's refusals 1 a second — each
 * record counting the ones left out before it. Records are written by the store's writer and
 * never waited for.
 */
class DeliveryLog
{
public:
    explicit DeliveryLog(Store *store);

    /** The headers as the inspector keeps them: credentials replaced by ***, signatures
     *  (HMACs of the body, useless without the secret) kept so a delivery can be checked. */
    static HeaderList redacted(const HeaderList &headers);

    /** @p delivery as answered with @p status and @p body (its verdict and reason come from
     *  them) after @p latencyMs. */
    void recordAnswer(Delivery delivery, int status, const QJsonObject &body, double latencyMs);
    /** As above, always kept (never sampled out: it is forwarded); @p saved gets the record,
     *  its id set, once it is stored, unless @p context is gone by then. */
    void recordAnswer(Delivery delivery, int status, const QJsonObject &body, double latencyMs,
        QObject *context, std::function<void(const Delivery &)> saved);
    /** What a refused request was for, as far as its head was read. */
    struct Route
    {
        QByteArray method;
        QString path;
        QString hook; // the hook with that path, "" for none
    };
    /** A request the guard refused from its head (413, 429, 431, 408…): no body. */
    void recordRefusal(int status, const QByteArray &reason, const QByteArray &message,
        const QString &remote, const Route &route = {});

    /** Every answer counted, sampled out or not: (hook, status) → requests (GET /metrics).
     *  The hook is "" for requests to no hook's path (the guard's refusals of them). */
    const QHash<QPair<QString, int>, quint64> &answered() const { return m_answered; }

private:
    /** Sets the delivery's verdict and reason from its answer. */
    void judge(Delivery &d, int status, const QJsonObject &body, double latencyMs);
    /** A token bucket per kind of record: false (counted) past @p perSecond. */
    bool keep(const QString &key, int perSecond, int *leftOut);

    struct Budget
    {
        double tokens = 0;
        qint64 refilledMs = 0;
        int leftOut = 0;
    };
    Store *m_store;
    QHash<QString, Budget> m_budgets;
    QHash<QPair<QString, int>, quint64> m_answered;
};

} // namespace jobpulse
