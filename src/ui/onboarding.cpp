#include "onboarding.h"

#include "config/appconfig.h"

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

Onboarding::Onboarding(QObject *parent)
    : QObject(parent)
{
}

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
    QString base = m_receiverUrl.isEmpty() ? u"http://"_s + ReceiverConfig::defaultListen() : m_receiverUrl;
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
    return u"jobpulse send --url %1 --job hello --type job.started --title 'Hello'"_s.arg(base());
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
