#pragma once

#include "source.h"
#include "sseparser.h"

#include <QNetworkAccessManager>
#include <QPointer>

class QNetworkReply;

namespace jobpulse {

/**
 * @brief A Server-Sent Events source: resumes with Last-Event-ID (the stored cursor), honours
 * `retry:`, stops on 204, goes offline on 401/403 with the reason, and treats a stream that
 * stays silent past idleTimeout (no event, no keep-alive comment) as dead.
 */
class SseSource : public Source
{
    Q_OBJECT
public:
    SseSource(SourceConfig config, Store *store, QObject *parent = nullptr);
    ~SseSource() override;
    void checkAlive() override;

protected:
    void open() override;
    void close() override;

private:
    void onMetaData();
    void onReadyRead();
    void onFinished();

    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QTimer m_idle;
    bool m_streaming = false;
};

} // namespace jobpulse
