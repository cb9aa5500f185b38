#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>
#include <functional>

namespace jobpulse {

/**
 * @brief What a first run shows: where the receiver listens, two command lines that send it
 * a first event (with the real port), and "Run demo".
 */
class Onboarding : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Dashboard.onboarding")
    /** The receiver's base URL ("http://127.0.0.1:7788"), "" when it does not listen. */
    Q_PROPERTY(QString receiverUrl READ receiverUrl NOTIFY receiverUrlChanged)
    Q_PROPERTY(bool receiverOnline READ receiverOnline NOTIFY receiverUrlChanged)
    /** A first event as a curl command line. */
    Q_PROPERTY(QString curlExample READ curlExample NOTIFY receiverUrlChanged)
    /** The same first event as a `jobpulse send` command line. */
    Q_PROPERTY(QString sendExample READ sendExample NOTIFY receiverUrlChanged)
    /** Whether runDemo() can feed example jobs (the app gave a way to); false once it runs. */
    Q_PROPERTY(bool canRunDemo READ canRunDemo NOTIFY canRunDemoChanged)

public:
    explicit Onboarding(QObject *parent = nullptr);

    QString receiverUrl() const { return m_receiverUrl; }
    void setReceiverUrl(const QString &url);
    bool receiverOnline() const { return !m_receiverUrl.isEmpty(); }
    QString curlExample() const;
    QString sendExample() const;

    bool canRunDemo() const { return bool(m_demoStarter) && !m_demoStarted; }
    /** How "Run demo" starts the demo feeder (the app's; none in tests and the benchmark). */
    void setDemoStarter(std::function<void()> starter);
    /** Starts feeding simulated workflows through the receiver, once. */
    Q_INVOKABLE void runDemo();

Q_SIGNALS:
    void receiverUrlChanged();
    void canRunDemoChanged();

private:
    /** The receiver's URL without a trailing slash; the default address while offline. */
    QString base() const;

    QString m_receiverUrl;
    std::function<void()> m_demoStarter;
    bool m_demoStarted = false;
};

} // namespace jobpulse
