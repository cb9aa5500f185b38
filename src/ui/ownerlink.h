#pragma once

#include "config/configchange.h"
#include "sources/sseparser.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>
#include <functional>

class QNetworkReply;

namespace jobpulse {

class Store;

/**
 * @brief What receives the events this window shows. Normally this process does; as a
 * **viewer** another Jobpulse (the headless one of the systemd unit) writes the database and
 * this window follows it: the database opened read-only gives the live list, history and
 * inspector their rows, and the owner's relay (`/v1/stream` resumed from the last event seen)
 * says when new rows are there, so every commit reaches the models as the store's own
 * `committed` would. Replays and the header's address go to the owner's URL.
 *
 * problem() says why no events arrive (the port is another program's, the owner does not
 * answer), for the window's banner.
 */
class OwnerLink : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Dashboard.owner")
    /** True while this window views another Jobpulse instead of receiving itself. */
    Q_PROPERTY(bool viewing READ viewing NOTIFY changed)
    /** The owner's receiver as "127.0.0.1:7788", "" when not viewing. */
    Q_PROPERTY(QString address READ address NOTIFY changed)
    /** The owner's process id, 0 when not viewing. */
    Q_PROPERTY(qint64 pid READ pid NOTIFY changed)
    /** True while the owner's relay stream is open. */
    Q_PROPERTY(bool connected READ connected NOTIFY changed)
    /** Why this window receives no events ("" while it does); settings can cure some. */
    Q_PROPERTY(QString problem READ problem NOTIFY changed)
    /** True when the cure is another port in the settings (the port belongs to another
     *  program). */
    Q_PROPERTY(bool portTaken READ portTaken NOTIFY changed)

public:
    explicit OwnerLink(QObject *parent = nullptr);
    ~OwnerLink() override;

    void setStore(Store *store) { m_store = store; }
    /** Follows the Jobpulse at @p url (pid @p pid); @p readToken when its reads need one.
     *  With @p databasePath, each reconnection first looks for the address the database's
     *  writer publishes (OwnerAddress): a restarted owner is followed at its new pid and port. */
    void follow(const QUrl &url, qint64 pid, const QString &readToken = {},
        const QString &databasePath = {});
    /** This process receives nothing: @p why, and whether another port would help. */
    void setProblem(const QString &why, bool portTaken = false);

    bool viewing() const { return m_url.isValid(); }
    QString address() const;
    QUrl url() const { return m_url; }
    qint64 pid() const { return m_pid; }
    bool connected() const { return m_connected; }
    QString problem() const { return m_problem; }
    bool portTaken() const { return m_portTaken; }

    /** Asks the owner to reload its config file (`POST /v1/config/reload`, with the read
     *  token); @p done gets its answer, or the reason there was none, unless @p context is
     *  gone by then. */
    void reloadConfig(QObject *context, std::function<void(const ConfigChange &change)> done);

    /** Reads the events committed since the last seen one and announces them through the
     *  store's committed signal, as the writer of this process would have. */
    void catchUp();

Q_SIGNALS:
    void changed();

private:
    void open();
    void read();
    void finished();
    void setConnected(bool connected, const QString &problem);

    Store *m_store = nullptr;
    QUrl m_url;
    qint64 m_pid = 0;
    QString m_readToken;
    QString m_databasePath;
    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QTimer m_retry;
    QTimer m_catchUp; // many events of one burst are read in one go
    qint64 m_seen = 0;
    int m_attempt = 0;
    bool m_connected = false;
    bool m_portTaken = false;
    QString m_problem;
};

} // namespace jobpulse
