#pragma once

#include <QLoggingCategory>
#include <QObject>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

class ToastModel;

/** A logging category as Q_LOGGING_CATEGORY defines it (lcUi, lcStore…). */
using LogCategory = const QLoggingCategory &(*)();

/**
 * @brief The one way a failure reaches the user (STYLE.md: one error sink).
 *
 * Every failure the dashboard meets — saving the settings, an export, a replay, a store read —
 * is reported here with the place it belongs to. It is logged under the reporter's category
 * and shown: inline where the page has a place for it (QML binds `messages.<place>`, e.g. the
 * settings page's banner to `messages.settings`), else as a toast that stays until dismissed.
 * A place's message stands until that place succeeds again (clear()).
 */
class ErrorSink : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    /** {place: message} for every place whose last attempt failed. */
    Q_PROPERTY(QVariantMap messages READ messages NOTIFY changed)

public:
    /** Where a failure shows. */
    enum class Show {
        Inline, // the page of its place shows it (settings, export, replay)
        Toast, // nothing on screen is about it (a store read behind a model)
    };

    explicit ErrorSink(QObject *parent = nullptr);

    /** Toasts for failures no page shows; none (the default): they are only logged. */
    void setToasts(ToastModel *toasts) { m_toasts = toasts; }

    /** Logs @p message under @p category (lcUi, lcStore…) and shows it at @p place. */
    void report(LogCategory category, const QString &place, const QString &message,
        Show show = Show::Inline);
    /** The failure standing at @p place; empty when its last attempt worked. */
    QString message(const QString &place) const { return m_messages.value(place).toString(); }
    QVariantMap messages() const { return m_messages; }
    /** @p place worked (or the user dismissed its message). */
    Q_INVOKABLE void clear(const QString &place);

Q_SIGNALS:
    void changed();
    /** Every report, after it was logged. */
    void reported(const QString &place, const QString &message);

private:
    QVariantMap m_messages;
    ToastModel *m_toasts = nullptr;
};

} // namespace jobpulse
