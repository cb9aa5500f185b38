#include "redislink.h"

#include <QSocketNotifier>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
RedisLink *linkOf(const redisAsyncContext *ac)
{
    return ac ? static_cast<RedisLink *>(ac->data) : nullptr;
}
} // namespace

RedisLink::RedisLink(QObject *parent)
    : QObject(parent)
{ }

RedisLink::~RedisLink()
{
    release();
}

bool RedisLink::connectTo(const QByteArray &host, int port, QString *error)
{
    m_ctx = redisAsyncConnect(host.constData(), port);
    if (!m_ctx || m_ctx->err) {
        *error = m_ctx ? QString::fromUtf8(m_ctx->errstr) : u"out of memory"_s;
        if (m_ctx) {
            redisAsyncFree(m_ctx);
            m_ctx = nullptr;
        }
        return false;
    }
    m_ctx->data = this;
    attach(); // before the connect callback: setting it asks for the first write event
    redisAsyncSetConnectCallback(m_ctx, &RedisLink::onConnect);
    redisAsyncSetDisconnectCallback(m_ctx, &RedisLink::onDisconnect);
    return true;
}

void RedisLink::attach()
{
    m_ctx->ev.data = this;
    m_ctx->ev.addRead = [](void *d) {
        auto *link = static_cast<RedisLink *>(d);
        link->notifier(link->m_read, true, true);
    };
    m_ctx->ev.delRead = [](void *d) {
        auto *link = static_cast<RedisLink *>(d);
        link->notifier(link->m_read, true, false);
    };
    m_ctx->ev.addWrite = [](void *d) {
        auto *link = static_cast<RedisLink *>(d);
        link->notifier(link->m_write, false, true);
    };
    m_ctx->ev.delWrite = [](void *d) {
        auto *link = static_cast<RedisLink *>(d);
        link->notifier(link->m_write, false, false);
    };
    m_ctx->ev.cleanup = [](void *d) {
        auto *link = static_cast<RedisLink *>(d);
        link->notifier(link->m_read, true, false);
        link->notifier(link->m_write, false, false);
    };
}

void RedisLink::notifier(QSocketNotifier *&slot, bool read, bool on)
{
    if (on && !slot && m_ctx) {
        slot = new QSocketNotifier(
            m_ctx->c.fd, read ? QSocketNotifier::Read : QSocketNotifier::Write, this);
        connect(slot, &QSocketNotifier::activated, this, [this, read] {
            if (m_ctx) {
                read ? redisAsyncHandleRead(m_ctx) : redisAsyncHandleWrite(m_ctx);
            }
        });
    } else if (!on && slot) {
        // Possibly inside the notifier's own signal: disable now, delete later.
        slot->setEnabled(false);
        slot->deleteLater();
        slot = nullptr;
    }
}

void RedisLink::command(const QByteArrayList &argv, Reply reply, bool persistent)
{
    if (!m_ctx || m_closing) {
        return;
    }
    std::vector<const char *> args;
    std::vector<size_t> lengths;
    for (const QByteArray &arg : argv) {
        args.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    const quintptr id = m_nextId++;
    m_replies.insert(id, { std::move(reply), persistent });
    if (redisAsyncCommandArgv(m_ctx, &RedisLink::onReply, reinterpret_cast<void *>(id),
            int(args.size()), args.data(), lengths.data())
        != REDIS_OK) {
        m_replies.remove(id);
    }
}

void RedisLink::onConnect(const redisAsyncContext *ac, int status)
{
    RedisLink *link = linkOf(ac);
    if (!link || link->m_closing) {
        return;
    }
    if (status != REDIS_OK) {
        // hiredis frees a context whose connect failed once this returns.
        const QString reason = QString::fromUtf8(ac->errstr);
        link->m_ctx = nullptr;
        Q_EMIT link->lost(reason);
        return;
    }
    redisEnableKeepAlive(
        const_cast<redisContext *>(&ac->c)); // the kernel finds a vanished peer too
    Q_EMIT link->up();
}

void RedisLink::onDisconnect(const redisAsyncContext *ac, int status)
{
    RedisLink *link = linkOf(ac);
    if (!link) {
        return;
    }
    // hiredis frees the context after this callback.
    link->m_ctx = nullptr;
    if (!link->m_closing) {
        Q_EMIT link->lost(status == REDIS_OK ? u"the server closed the connection"_s
                                             : QString::fromUtf8(ac->errstr));
    }
}

void RedisLink::onReply(redisAsyncContext *ac, void *reply, void *privdata)
{
    RedisLink *link = linkOf(ac);
    if (!link) {
        return;
    }
    const auto id = reinterpret_cast<quintptr>(privdata);
    auto it = link->m_replies.find(id);
    if (it == link->m_replies.end()) {
        return;
    }
    const bool keep = it->second && reply && !link->m_closing;
    Reply callback = keep ? it->first : std::move(it->first);
    if (!keep) {
        link->m_replies.erase(it);
    }
    if (!link->m_closing && callback) {
        callback(static_cast<const redisReply *>(reply));
    }
}

void RedisLink::shutdown()
{
    release();
    deleteLater();
}

void RedisLink::release()
{
    m_closing = true;
    if (redisAsyncContext *ctx = std::exchange(m_ctx, nullptr)) {
        redisAsyncFree(ctx); // deferred by hiredis when called from one of its callbacks
    }
    notifier(m_read, true, false);
    notifier(m_write, false, false);
}

} // namespace jobpulse
