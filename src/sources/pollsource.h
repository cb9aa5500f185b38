#pragma once

#include "source.h"

#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>

class QNetworkReply;

namespace jobpulse {

/** @brief One project of a cctray.org feed. */
struct CctrayProject
{
    QString name;
    QString activity; // Sleeping, Building, CheckingModifications
    QString lastBuildStatus; // Success, Failure, Exception, Unknown
    QString lastBuildLabel;
    QString lastBuildTime;
    QString webUrl;
};

/** @brief The projects of a cctray XML document; std::nullopt with @p error when malformed. */
std::optional<QList<CctrayProject>> parseCctray(const QByteArray &xml, QString *error);

/**
 * @brief Turns successive cctray snapshots into job events: each build is a job (started when
 * a project is seen building, finished when its last build changes). @p state is the memory
 * between snapshots (kept in the source's cursor).
 */
QList<Event> cctrayChanges(const QList<CctrayProject> &projects, QJsonObject &state,
    const QString &source, const QDateTime &now);

/**
 * @brief The local-first fallback (seeds 002, 004): fetches a JSON document (canonical or
 * mapped) or a cctray feed every interval with ETag / If-Modified-Since, and only changes
 * become events. The last snapshot's fingerprints are the cursor, so a restart does not
 * replay what was already seen.
 */
class PollSource : public Source
{
    Q_OBJECT
public:
    PollSource(SourceConfig config, Store *store, QObject *parent = nullptr);
    ~PollSource() override;

protected:
    void open() override;
    void close() override;

private:
    void poll();
    void onFinished();

    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
    QTimer m_interval;
    QJsonObject m_state; // {etag, modified, seen | projects}: the cursor
};

} // namespace jobpulse
