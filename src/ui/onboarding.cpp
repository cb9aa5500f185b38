#include "onboarding.h"

#include "config/appconfig.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

Onboarding::Onboarding(QObject *parent)
    : QObject(parent)
{ }

void Onboarding::setReceiverUrl(const QString &url)
{
    if (url == m_receiverUrl) {
        return;
    }
    m_receiverUrl = url;
    Q_EMIT receiverUrlChanged();
}

QString Onboarding::base() const
{
    QString base =
        m_receiverUrl.isEmpty() ? u"http://"_s + ReceiverConfig::defaultListen() : m_receiverUrl;
    while (base.endsWith(u'/')) {
        base.chop(1);
    }
    return base;
}

QString Onboarding::curlExample() const
{
    return u"curl -H 'Content-Type: application/json' -d '{\"job\":\"hello\",\"type\":\"job.started\"}' %1/v1/events"_s
        .arg(base());
}

QString Onboarding::sendExample() const
{
    return u"%1 send --url %2 --job hello --type job.started --title 'Hello'"_s.arg(
        m_command, base());
}

void Onboarding::setProgram(const QString &executable)
{
    const QString command = executable.isEmpty() ? u"jobpulse"_s : commandFor(executable);
    if (command != m_command) {
        m_command = command;
        Q_EMIT receiverUrlChanged(); // the examples' notifier
    }
}

QString Onboarding::commandFor(const QString &executable)
{
    const QFileInfo program(executable);
    const QString name = program.fileName();
    const QString onPath = QStandardPaths::findExecutable(name);
    if (!onPath.isEmpty() && QFileInfo(onPath).canonicalFilePath() == program.canonicalFilePath()) {
        return name;
    }
    const QString path = program.absoluteFilePath();
    static const QRegularExpression plain(
        QRegularExpression::anchoredPattern(u"[A-Za-z0-9_./+-]+"_s));
    if (plain.match(path).hasMatch()) {
        return path;
    }
    return u"'"_s + QString(path).replace(u"'"_s, u"'\\''"_s) + u"'"_s;
}

void Onboarding::setDemoStarter(std::function<void()> starter)
{
    m_demoStarter = std::move(starter);
    Q_EMIT canRunDemoChanged();
}

void Onboarding::runDemo()
{
    if (!canRunDemo()) {
        return;
    }
    m_demoStarted = true;
    m_demoStarter();
    Q_EMIT canRunDemoChanged();
}

} // namespace jobpulse
