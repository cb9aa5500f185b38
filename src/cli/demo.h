#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QUrl>

namespace jobpulse {

/**
 * @brief Feeds simulated 7-step video workflows (seed 000's steps) through the real HTTP
 * receiver, the way the seed's Python client would: queued, started, one update per step,
 * then rendering and success, or a failure now and then.
 */
class DemoFeeder : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int concurrentJobs = 3;
        int maxJobs = 0; // 0 = keep going
        double speed = 1.0; // >1 runs the steps faster
        quint32 seed = 0; // 0 = random
    };

    DemoFeeder(const QUrl &receiver, Options options, QObject *parent = nullptr);
    void start();

    static const QStringList &stepNames();
    /** The kind of every demo job. */
    static QString kind();

Q_SIGNALS:
    void finished(); // maxJobs reached and all ended

private:
    struct Run;
    void launch();
    /** A CI run with three jobs under it, labelled (repository, branch, actor); then the next. */
    void launchCiRun();
    /** Ends the demo jobs an earlier run left unfinished (queued, running or stalled) as
     *  `job.lost`: their feeder is gone, nothing will ever finish them. */
    void finishEarlierRuns();
    void advance(const std::shared_ptr<Run> &run);
    void post(const QString &path, const QJsonObject &body, const QString &jobHeader = {});
    int delay(int minMs, int maxMs);

    QUrl m_receiver;
    Options m_options;
    QNetworkAccessManager m_network;
    QRandomGenerator m_random;
    int m_launched = 0;
    int m_active = 0;
    int m_ciRuns = 0;
    QSet<QString> m_ownJobs; // this run's, never finished as an earlier run's
};

} // namespace jobpulse
