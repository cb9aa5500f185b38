#pragma once

#include "ui/deliverylistmodel.h"

#include <QObject>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace jobpulse {

/**
 * @brief The request inspector (PRODUCT.md §8): raw deliveries, the selected one in full,
 * replay through the receiver's own route, and "copy as curl".
 */
class Inspector : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    Q_PROPERTY(jobpulse::DeliveryListModel *deliveries READ deliveries CONSTANT)
    /** The delivery shown in the detail, 0 for none. */
    Q_PROPERTY(qint64 selectedId READ selectedId WRITE select NOTIFY selectedChanged)
    /**
     * The selected delivery: id, received, method, path, hook, remote, status, verdict,
     * reason, latencyMs, bodySize, truncated, accepted, duplicates, signatureOk, headers
     * ([{name, value}], credentials shown as ***), body (JSON pretty-printed, keys in their
     * order), bodyKind ("json", "text", "binary", "empty"), redacted (a header was masked),
     * rawBody (the body as text exactly as received, for editing), replayOf (an edited
     * replay: the delivery it was made from, else 0), attempts ([{target, attempt, status
     * (0: no answer), latencyMs, response (its first KiB), error, time}], every try to
     * forward it, oldest first).
     * Empty when nothing is selected or the delivery was pruned meanwhile.
     */
    Q_PROPERTY(QVariantMap selected READ selected NOTIFY selectedChanged)
    /** The selected delivery as a curl command line against this receiver. */
    Q_PROPERTY(QString curl READ curl NOTIFY selectedChanged)
    Q_PROPERTY(bool replaying READ replaying NOTIFY replayChanged)
    /** The last replay's answer: {of, status (0: no answer), body}; empty before. Why there
     *  was no answer goes to replayFailed() (the dashboard's ErrorSink shows it). */
    Q_PROPERTY(QVariantMap replayResult READ replayResult NOTIFY replayChanged)
    /** Deliveries refused (verdict "rejected") in the last RecentHours hours: the left rail's
     *  count. Read from the store every few seconds, whichever view is shown. */
    Q_PROPERTY(int recentRejected READ recentRejected NOTIFY recentRejectedChanged)

public:
    static constexpr int RecentHours = 24;

    explicit Inspector(QObject *parent = nullptr);
    ~Inspector() override;

    void setStore(Store *store);
    /** The receiver replays go to, as "http://127.0.0.1:7788"; empty: none runs. */
    void setReceiverUrl(const QString &url);
    /** The receiver's readToken, which its replay route asks for when set. */
    void setReadToken(const QString &token) { m_readToken = token; }

    DeliveryListModel *deliveries() { return &m_deliveries; }
    qint64 selectedId() const { return m_selected ? m_selected->id : 0; }
    Q_INVOKABLE void select(qint64 id);
    QVariantMap selected() const;
    QString curl() const;
    bool replaying() const { return m_reply != nullptr; }
    QVariantMap replayResult() const { return m_replayResult; }
    int recentRejected() const { return m_recentRejected; }
    /** Reads recentRejected from the store now (also done every @p ms, default 3000). */
    Q_INVOKABLE void countRecentRejected();
    void setRecentPollInterval(int ms) { m_recentPoll.setInterval(ms); }
    /** The list shows the refused deliveries only, of every hook (the rail's count). */
    Q_INVOKABLE void showRejected();

    /** Asks the receiver to ingest the selected delivery again; the answer lands in
     *  replayResult, the replay itself in the list. */
    Q_INVOKABLE void replay();
    /** Sends the selected delivery as it was to @p url (a loopback URL or one of its hook's
     *  forward targets); the attempts show under it. */
    Q_INVOKABLE void replayTo(const QString &url);
    /**
     * Replays an edited copy of the selected delivery: @p body, and @p headers as
     * "Name: value" lines (a header left out is removed), into its hook or, when @p url is
     * given, to that URL; @p resign signs it anew with the hook's secret. The edited request
     * becomes a delivery of its own that links to the original.
     */
    Q_INVOKABLE void replayEdited(
        const QString &body, const QString &headers, const QString &url, bool resign);
    /** The selected delivery's headers as "Name: value" lines, for editing. */
    Q_INVOKABLE QString headersText() const;

    /** A shell command that sends @p delivery again to @p receiverUrl: headers and body,
     *  POSIX-shell quoted; a body that is not text goes through base64. */
    static QString curlCommand(const Delivery &delivery, const QString &receiverUrl);
    static QString shellQuote(const QString &text);
    /** @p json re-indented by two spaces, keys and numbers exactly as sent; @p json as it
     *  is when it does not parse. */
    static QString prettyJson(const QByteArray &json);

Q_SIGNALS:
    void selectedChanged();
    void replayChanged();
    /** A replay got no answer from the receiver: @p message says why. */
    void replayFailed(const QString &message);
    void recentRejectedChanged();

private:
    void replayFinished();
    /** POSTs @p body to the selected delivery's replay route. */
    void postReplay(const QByteArray &body);
    /** Reads the selected delivery and its attempts again. */
    void reload(qint64 id);

    Store *m_store = nullptr;
    DeliveryListModel m_deliveries;
    std::optional<Delivery> m_selected;
    QList<ForwardAttempt> m_attempts; // the selected delivery's
    QString m_receiverUrl;
    QString m_readToken;
    QNetworkAccessManager *m_network = nullptr; // made on the first replay
    QNetworkReply *m_reply = nullptr; // the replay under way; owned by m_network
    qint64 m_replayOf = 0;
    QVariantMap m_replayResult;
    int m_recentRejected = 0;
    QTimer m_recentPoll; // the store does not announce deliveries: they are recorded off the
                         // commit path
};

} // namespace jobpulse
