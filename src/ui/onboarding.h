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
    /** The same first event as a `jobpulse send` command line, with the program as the user
     *  can run it: `jobpulse` when that is on PATH, else the executable's absolute path (a
     *  build tree). */
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
    /** The running executable (the app passes QCoreApplication::applicationFilePath());
     *  "" (the default) writes `jobpulse`. */
    void setProgram(const QString &executable);
    /** How a shell runs @p executable: its name when PATH finds this very file, else its
     *  absolute path, quoted when it needs quotes. */
    static QString commandFor(const QString &executable);

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
    QString m_command = QStringLiteral("jobpulse");
    std::function<void()> m_demoStarter;
    bool m_demoStarted = false;
};

} // namespace jobpulse
