#include "redissource.h"

#include "redislink.h"

#include <QJsonDocument>
#include <hiredis/hiredis.h>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
QByteArray text(const redisReply *r)
{
    return r
            && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS
                || r->type == REDIS_REPLY_ERROR)
        ? QByteArray(r->str, qsizetype(r->len))
        : QByteArray();
}
} // namespace

RedisSource::RedisSource(SourceConfig config, Store *store, QObject *parent)
    : Source(std::move(config), store, parent)
{
    connect(&m_ping, &QTimer::timeout, this, &RedisSource::probe);
}

RedisSource::~RedisSource()
{
    close();
}

void RedisSource::open()
{
    const QUrl &url = config().url;
    m_streamIds = QJsonDocument::fromJson(cursor().toUtf8()).object();
    m_linksUp = 0;
    const QByteArray password =
        url.password().isEmpty() ? config().token.toUtf8() : url.password().toUtf8();
    const QString db = url.path().mid(1);
    const auto link = [&](QPointer<RedisLink> &slot) -> RedisLink * {
        auto *l = new RedisLink(this);
        slot = l;
        connect(l, &RedisLink::lost, this, [this](const QString &why) { failed(why); });
        QString error;
        if (!l->connectTo(url.host().toUtf8(), url.port(6379), &error)) {
            failed(error);
            return nullptr;
        }
        const auto refused = [this](const redisReply *r) {
            if (r && r->type == REDIS_REPLY_ERROR) {
                goOffline(u"Redis refused the login: %1"_s.arg(QString::fromUtf8(text(r))));
            }
        };
        if (!password.isEmpty()) {
            QByteArrayList auth { "AUTH" };
            if (!url.userName().isEmpty()) {
                auth.append(url.userName().toUtf8()); // Redis 6 ACL user
            }
            auth.append(password);
            l->command(auth, refused);
        }
        if (!db.isEmpty()) {
            l->command({ "SELECT", db.toUtf8() }, refused);
        }
        return l;
    };
    if (!config().channels.isEmpty()) {
        RedisLink *l = link(m_subscriber);
        if (!l) {
            return;
        }
        QByteArrayList argv { "PSUBSCRIBE" };
        for (const QString &pattern : config().channels) {
            argv.append(pattern.toUtf8());
        }
        auto confirmed = std::make_shared<int>(0);
        l->command(
            argv,
            [this, confirmed](const redisReply *r) {
                heard();
                if (!r || r->type != REDIS_REPLY_ARRAY || r->elements < 3) {
                    return;
                }
                const QByteArray kind = text(r->element[0]);
                if (kind == "pmessage" && r->elements == 4) {
                    onMessage(text(r->element[2]), text(r->element[3]));
                } else if (kind == "psubscribe" && ++*confirmed == int(config().channels.size())) {
                    onLinkUp();
                }
            },
            true);
    }
    if (!config().streams.isEmpty()) {
        RedisLink *l = link(m_reader);
        if (!l) {
            return;
        }
        connect(l, &RedisLink::up, this, [this] {
            onLinkUp();
            readStreams();
        });
    }
}

void RedisSource::close()
{
    m_ping.stop();
    for (QPointer<RedisLink> *slot : { &m_subscriber, &m_reader }) {
        if (RedisLink *l = slot->data()) {
            slot->clear();
            l->disconnect(this);
            l->shutdown();
        }
    }
}

void RedisSource::onLinkUp()
{
    const int needed = (config().channels.isEmpty() ? 0 : 1) + (config().streams.isEmpty() ? 0 : 1);
    if (++m_linksUp == needed) {
        heard();
        m_ping.start(config().pingIntervalMs);
        connected();
    }
}

void RedisSource::readStreams()
{
    if (!m_reader) {
        return;
    }
    // BLOCK well inside the ping interval: an empty answer doubles as a heartbeat.
    const int blockMs = std::max(50, std::min(5000, config().pingIntervalMs / 2));
    QByteArrayList argv { "XREAD", "COUNT", "500", "BLOCK", QByteArray::number(blockMs),
        "STREAMS" };
    for (const QString &stream : config().streams) {
        argv.append(stream.toUtf8());
    }
    for (const QString &stream : config().streams) {
        argv.append(m_streamIds.value(stream).toString(u"0-0"_s).toUtf8());
    }
    m_reader->command(argv, [this](const redisReply *r) {
        if (!r) {
            return; // the connection went; lost() reports it
        }
        heard();
        if (r->type == REDIS_REPLY_ERROR) {
            goOffline(u"XREAD failed: %1"_s.arg(QString::fromUtf8(text(r))));
            return;
        }
        if (r->type == REDIS_REPLY_ARRAY) {
            QList<Event> events;
            // [[stream, [[id, [field, value, ...]], ...]], ...]
            for (size_t s = 0; s < r->elements; ++s) {
                const redisReply *stream = r->element[s];
                if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2) {
                    continue;
                }
                const QString key = QString::fromUtf8(text(stream->element[0]));
                const redisReply *entries = stream->element[1];
                for (size_t e = 0; entries->type == REDIS_REPLY_ARRAY && e < entries->elements;
                     ++e) {
                    const redisReply *entry = entries->element[e];
                    if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2) {
                        continue;
                    }
                    m_streamIds.insert(key, QString::fromUtf8(text(entry->element[0])));
                    const redisReply *fields = entry->element[1];
                    QByteArray body;
                    for (size_t f = 0;
                         fields->type == REDIS_REPLY_ARRAY && f + 1 < fields->elements; f += 2) {
                        if (text(fields->element[f]) == "event") {
                            body = text(fields->element[f + 1]);
                        }
                    }
                    decodeInto(body, &events);
                }
            }
            deliver(events,
                QString::fromUtf8(QJsonDocument(m_streamIds).toJson(QJsonDocument::Compact)));
        }
        readStreams();
    });
}

void RedisSource::onMessage(const QByteArray &channel, const QByteArray &payload)
{
    if (config().format == SourceConfig::Format::Mapped) {
        // Seed 002 names the job in the channel (job_progress:{job_id}): offer it as /_channel.
        QJsonDocument doc = QJsonDocument::fromJson(payload);
        if (doc.isObject()) {
            QJsonObject o = doc.object();
            o.insert(u"_channel"_s, QString::fromUtf8(channel));
            QList<Event> events;
            decodeInto(QJsonValue(o), &events);
            deliver(events, QString());
            return;
        }
    }
    deliver(payload);
}

void RedisSource::probe()
{
    if (m_sinceHeard.elapsed() > m_deadAfterMs) {
        failed(u"no answer from Redis for %1 s: the connection is dead"_s.arg(
            m_sinceHeard.elapsed() / 1000.0));
        return;
    }
    if (m_subscriber) {
        m_subscriber->command({ "PING" }, [this](const redisReply *r) {
            if (r) {
                heard();
            }
        });
    }
}

void RedisSource::checkAlive()
{
    if (state() == SourceState::Live) {
        heard();
        m_deadAfterMs = std::min(5000, 2 * config().pingIntervalMs);
        probe();
        QTimer::singleShot(m_deadAfterMs + 50, this, &RedisSource::probe);
    }
}

void RedisSource::heard()
{
    m_sinceHeard.start();
    m_deadAfterMs = 2 * config().pingIntervalMs;
}

} // namespace jobpulse
