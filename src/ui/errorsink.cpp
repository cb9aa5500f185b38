#include "errorsink.h"

#include "ui/toastmodel.h"

namespace jobpulse {

ErrorSink::ErrorSink(QObject *parent)
    : QObject(parent)
{ }

void ErrorSink::report(
    LogCategory category, const QString &place, const QString &message, Show show)
{
    qCWarning(category).noquote() << place + u':' << message;
    if (show == Show::Toast && m_toasts) {
        m_toasts->postError(message);
    }
    if (m_messages.value(place).toString() != message) {
        m_messages.insert(place, message);
        Q_EMIT changed();
    }
    Q_EMIT reported(place, message);
}

void ErrorSink::clear(const QString &place)
{
    if (m_messages.remove(place) > 0) {
        Q_EMIT changed();
    }
}

} // namespace jobpulse
