#pragma once

#include <QByteArrayList>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

struct redisAsyncContext;
struct redisReply;
class QSocketNotifier;

namespace jobpulse {

/**
 * @brief One hiredis async connection driven by QSocketNotifiers (hiredis' own Qt adapter
 * predates Qt 6's signals). Replies arrive on the Qt event loop; a lost connection is
 * reported once through lost(). Delete with shutdown(): safe from inside a reply callback.
 */
class RedisLink : public QObject
{
    Q_OBJECT
public:
    /** A reply, or nullptr when the connection went away before it came. */
    using Reply = std::function<void(const redisReply *)>;

    RedisLink(QObject *parent = nullptr);
    ~RedisLink() override;

    /** Starts connecting (non-blocking); up() or lost() follows. */
    bool connectTo(const QByteArray &host, int port, QString *error);
    /** Sends a command; @p reply runs once, or for every message when @p persistent. */
    void command(const QByteArrayList &argv, Reply reply, bool persistent = false);
    /** Closes the connection without reporting lost() and deletes this object later. */
    void shutdown();

Q_SIGNALS:
    void up();
    void lost(const QString &reason);

private:
    static void onConnect(const redisAsyncContext *ac, int status);
    static void onDisconnect(const redisAsyncContext *ac, int status);
    static void onReply(redisAsyncContext *ac, void *reply, void *privdata);
    void attach();
    void notifier(QSocketNotifier *&slot, bool read, bool on);
    void release();

    redisAsyncContext *m_ctx = nullptr;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    QHash<quintptr, QPair<Reply, bool>> m_replies;
    quintptr m_nextId = 1;
    bool m_closing = false;
};

} // namespace jobpulse
