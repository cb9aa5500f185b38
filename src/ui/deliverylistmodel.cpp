#include "deliverylistmodel.h"

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// How far a refresh reads back for deliveries that arrived since the last one; a burst
// beyond it starts the list over from the newest.
constexpr int MaxRefreshPages = 10;

Delivery summary(Delivery d)
{
    d.headers.clear();
    d.body.clear();
    return d;
}

bool isRejected(const Delivery &d)
{
    return d.verdict == u"rejected";
}

} // namespace

DeliveryListModel::DeliveryListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, &DeliveryListModel::refresh);
}

void DeliveryListModel::setStore(Store *store)
{
    m_store = store;
    reload();
}

void DeliveryListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_rejected = 0;
    m_more = false;
    endResetModel();
    if (m_store) {
        append(m_store->deliveries(PageSize, 0, m_filter));
    }
    Q_EMIT countChanged();
    countPerMinute();
    readHooks();
}

void DeliveryListModel::readHooks()
{
    QStringList hooks = m_store ? m_store->deliveryHooks() : QStringList();
    if (!m_filter.hook.isEmpty() && !hooks.contains(m_filter.hook)) {
        hooks.append(m_filter.hook);
        hooks.sort();
    }
    if (hooks != m_hooks) {
        m_hooks = hooks;
        Q_EMIT hooksChanged();
    }
}

void DeliveryListModel::setHookFilter(const QString &hook)
{
    setFilter({ hook, m_filter.verdict });
}

void DeliveryListModel::setVerdictFilter(const QString &verdict)
{
    setFilter({ m_filter.hook, verdict });
}

void DeliveryListModel::setFilter(const DeliveryFilter &filter)
{
    if (filter == m_filter) {
        return;
    }
    m_filter = filter;
    reload();
    Q_EMIT filterChanged(); // after the rows: a view may pick one of them
}

void DeliveryListModel::countPerMinute()
{
    // Minute buckets ending with the current one; the store groups, a few hundred rows at most.
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / 60000;
    QList<int> total(SparkMinutes, 0);
    QList<int> rejected(SparkMinutes, 0);
    if (m_store) {
        const QDateTime since = QDateTime::fromMSecsSinceEpoch((now - SparkMinutes + 1) * 60000);
        for (const Store::DeliveryMinute &m : m_store->deliveriesPerMinute(since)) {
            const qint64 slot = m.minute.toMSecsSinceEpoch() / 60000 - (now - SparkMinutes + 1);
            if (slot >= 0 && slot < SparkMinutes) {
                total[slot] = m.total;
                rejected[slot] = m.rejected;
            }
        }
    }
    QVariantList perMinute;
    int max = 0;
    for (int i = 0; i < SparkMinutes; ++i) {
        perMinute.append(
            QVariantMap { { u"total"_s, total.at(i) }, { u"rejected"_s, rejected.at(i) } });
        max = std::max(max, total.at(i));
    }
    if (perMinute != m_perMinute) {
        m_perMinute = perMinute;
        m_perMinuteMax = max;
        Q_EMIT perMinuteChanged();
    }
}

void DeliveryListModel::append(const QList<Delivery> &page)
{
    m_more = page.size() >= PageSize;
    if (page.isEmpty()) {
        return;
    }
    beginInsertRows({}, count(), count() + int(page.size()) - 1);
    for (const Delivery &d : page) {
        m_rows.append(summary(d));
        m_rejected += isRejected(d);
    }
    endInsertRows();
}

void DeliveryListModel::setLive(bool live)
{
    if (live == this->live()) {
        return;
    }
    if (live) {
        refresh(); // what arrived while the page was hidden
        m_poll.start();
    } else {
        m_poll.stop();
    }
    Q_EMIT liveChanged();
}

int DeliveryListModel::refresh()
{
    if (!m_store) {
        return 0;
    }
    if (m_rows.isEmpty()) {
        reload();
        return count();
    }
    countPerMinute(); // the minute may have turned without a new delivery
    const qint64 top = m_rows.constFirst().id;
    QList<Delivery> fresh;
    qint64 before = 0;
    for (int page = 0; page < MaxRefreshPages; ++page) {
        const QList<Delivery> batch = m_store->deliveries(PageSize, before, m_filter);
        for (const Delivery &d : batch) {
            if (d.id <= top) {
                break;
            }
            fresh.append(summary(d));
        }
        if (batch.size() < PageSize || batch.constLast().id <= top) {
            break;
        }
        before = batch.constLast().id;
        if (page == MaxRefreshPages - 1) {
            reload(); // too many to splice in: start over from the newest
            return count();
        }
    }
    if (fresh.isEmpty()) {
        return 0;
    }
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    for (const Delivery &d : std::as_const(fresh)) {
        m_rejected += isRejected(d);
    }
    endInsertRows();
    Q_EMIT countChanged();
    if (std::any_of(fresh.cbegin(), fresh.cend(),
            [this](const Delivery &d) { return !d.hook.isEmpty() && !m_hooks.contains(d.hook); })) {
        readHooks();
    }
    return int(fresh.size());
}

void DeliveryListModel::loadMore()
{
    if (!m_store || !m_more || m_rows.isEmpty()) {
        return;
    }
    append(m_store->deliveries(PageSize, m_rows.constLast().id, m_filter));
    Q_EMIT countChanged();
}

qint64 DeliveryListModel::idAt(int row) const
{
    return (row >= 0 && row < count()) ? m_rows.at(row).id : 0;
}

int DeliveryListModel::rowOf(qint64 id) const
{
    for (int row = 0; row < count(); ++row) {
        if (m_rows.at(row).id == id) {
            return row;
        }
    }
    return -1;
}

int DeliveryListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant DeliveryListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Delivery &d = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return d.id;
    case ReceivedRole:
        return d.received;
    case MethodRole:
        return QString::fromLatin1(d.method);
    case Qt::DisplayRole:
    case PathRole:
        return d.path;
    case HookRole:
        return d.hook;
    case RemoteRole:
        return d.remote;
    case StatusRole:
        return d.status;
    case VerdictRole:
        return d.verdict;
    case ReasonRole:
        return d.reason;
    case LatencyRole:
        return d.latencyMs;
    case BodySizeRole:
        return d.bodySize;
    default:
        return {};
    }
}

QHash<int, QByteArray> DeliveryListModel::roleNames() const
{
    return {
        { IdRole, "deliveryId" },
        { ReceivedRole, "received" },
        { MethodRole, "method" },
        { PathRole, "path" },
        { HookRole, "hook" },
        { RemoteRole, "remote" },
        { StatusRole, "httpStatus" },
        { VerdictRole, "verdict" },
        { ReasonRole, "reason" },
        { LatencyRole, "latencyMs" },
        { BodySizeRole, "bodySize" },
    };
}

} // namespace jobpulse
