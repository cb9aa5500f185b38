#pragma once

#include "config/appconfig.h"
#include "config/configchange.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <functional>

namespace jobpulse {

class Notifier;

/**
 * @brief The settings page's model: the config file (PRODUCT.md §4) as the dashboard edits it.
 *
 * Edits are kept as a list of changes to named keys and applied to the file as it is on disk
 * when saved, so every key the page does not edit — other sections, unknown keys, `env:`
 * secrets of other hooks, changes made by hand meanwhile — stays as it is. AppConfig reads,
 * validates (the same rules as at start; `env:` secrets are not read) and writes the file
 * (atomically, mode 0600). Hooks and sources are addressed by name.
 *
 * The theme and the mute rules apply at once; the language at once where the app listens to
 * languageChanged. After a save, the Jobpulse that receives (this process, or the owner a
 * viewer follows) is asked to reload the file (setReloader): hooks, sources, retention and
 * the `jobs` section then apply at once, the listen address at its next start; applyStatus
 * says which. Without a reloader all of them wait for the next start.
 */
class Settings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    /** The config file: the app's --config, else defaultPath(). */
    Q_PROPERTY(QString path READ path NOTIFY changed)
    /** "HOST:PORT" of the receiver in the file (the default when it names none): where the
     *  next start without --listen listens. */
    Q_PROPERTY(QString listen READ listen WRITE setListen NOTIFY changed)
    /** "HOST:PORT" the receiver listens on now; "" when none runs. It differs from listen
     *  after --listen, an edit not used yet, or port 0. */
    Q_PROPERTY(QString runningListen READ runningListen NOTIFY runningChanged)
    /** Where runningListen came from: "flag" (--listen), "config" (this file) or "default". */
    Q_PROPERTY(QString listenOrigin READ listenOrigin NOTIFY runningChanged)
    /** [{name, path, family, scheme, secret}]: secret is "" (none), "env:NAME" (a reference,
     *  shown as it is) or "set" — a secret's value never leaves this class. */
    Q_PROPERTY(QVariantList hooks READ hooks NOTIFY changed)
    /** [{name, type, url}] */
    Q_PROPERTY(QVariantList sources READ sources NOTIFY changed)
    Q_PROPERTY(int retentionDays READ retentionDays WRITE setRetentionDays NOTIFY changed)
    Q_PROPERTY(
        int retentionMaxEvents READ retentionMaxEvents WRITE setRetentionMaxEvents NOTIFY changed)
    /** "system", "light" or "dark". */
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY changed)
    /** Progress bars jump to their value and busy bars stand still (UI.md "Motion"). */
    Q_PROPERTY(bool reduceMotion READ reduceMotion WRITE setReduceMotion NOTIFY changed)
    /** "system", or a language code with a translation ("en", "de"). */
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY changed)
    /** Edits not saved yet. */
    Q_PROPERTY(bool dirty READ dirty NOTIFY changed)
    /** Saved edits that take effect only at the next start (receiver, hooks, sources,
     *  retention). */
    Q_PROPERTY(bool restartNeeded READ restartNeeded NOTIFY changed)
    /** What the receiving Jobpulse did with the last save: "" (not asked), "applying",
     *  "applied", "restart" (applied, but some keys wait for a restart) or "error". */
    Q_PROPERTY(QString applyStatus READ applyStatus NOTIFY applyChanged)
    /** The sentence for applyStatus (what was applied, what waits, the error). */
    Q_PROPERTY(QString applyMessage READ applyMessage NOTIFY applyChanged)

public:
    static constexpr int DefaultRetentionDays = RetentionConfig::DefaultDays;
    static constexpr int DefaultMaxEvents = int(RetentionConfig::DefaultMaxEvents);

    explicit Settings(QObject *parent = nullptr);

    /** Where the config lives without --config (AppConfig::defaultPath()). */
    static QString defaultPath() { return AppConfig::defaultPath(); }

    /** Reads @p path (a missing file is an empty config) and applies its mute rules to the
     *  notifier. @return false, with error(), when the file exists but is not a JSON object. */
    bool load(const QString &path);
    /** The notifier whose mute rules are kept in "notifications". */
    void setNotifier(Notifier *notifier);

    QString path() const { return m_path; }
    QString listen() const;
    void setListen(const QString &listen);
    QString runningListen() const { return m_runningListen; }
    QString listenOrigin() const { return m_listenOrigin; }
    /** The receiver runs at @p url (empty: none runs), its address from @p origin. */
    void setRunning(const QUrl &url, ListenOrigin origin);
    QVariantList hooks() const;
    QVariantList sources() const;
    int retentionDays() const;
    void setRetentionDays(int days);
    int retentionMaxEvents() const;
    void setRetentionMaxEvents(int events);
    QString theme() const;
    void setTheme(const QString &theme);
    bool reduceMotion() const;
    void setReduceMotion(bool reduce);
    QString language() const;
    void setLanguage(const QString &language);
    bool dirty() const { return !m_edits.isEmpty(); }
    bool restartNeeded() const { return m_restartNeeded; }
    /** Why the last load or save failed; empty when it worked. The page shows it through
     *  the dashboard's ErrorSink (failed()). */
    QString error() const { return m_error; }

    /** Asks the receiving Jobpulse to reload the file; @p done gets its answer unless
     *  @p context is gone by then. */
    using Reloader =
        std::function<void(QObject *context, std::function<void(const ConfigChange &change)> done)>;
    /** After each save, @p reloader is asked to apply the file (none: at the next start). */
    void setReloader(Reloader reloader) { m_reloader = std::move(reloader); }
    QString applyStatus() const { return m_applyStatus; }
    QString applyMessage() const { return m_applyMessage; }
    /** The receiving Jobpulse applied the file (after a save, or on its own: SIGHUP). With
     *  no unsaved edits the page shows the file as it is now. */
    void configApplied(const ConfigChange &change);

    /** A new secret for hook @p name ("" removes it; "env:NAME" reads the environment). */
    Q_INVOKABLE void setHookSecret(const QString &name, const QString &secret);
    Q_INVOKABLE void setSourceUrl(const QString &name, const QString &url);
    /** Writes the edits into the file. @return false, with error(), when nothing was written. */
    Q_INVOKABLE bool save();
    /** Forgets the edits (a theme or mute rule already applied is put back). */
    Q_INVOKABLE void revert();

    /** The config as it will be written: the file as loaded with the edits applied. */
    QJsonObject effective() const;

Q_SIGNALS:
    void changed();
    /** A load or save failed: @p message says why (also error()). */
    void failed(const QString &message);
    void themeChanged();
    void languageChanged();
    void runningChanged();
    void applyChanged();

private:
    struct Edit
    {
        QStringList path; // object keys; inside an array, the element's "name"
        QJsonValue value;
        bool atRestart = false; // takes effect when the app next starts
    };
    void edit(const QStringList &path, const QJsonValue &value, bool atRestart);
    QJsonValue valueAt(const QStringList &path) const;
    void muteRulesChanged();
    void applyMuteRules();

    QString m_path;
    QString m_runningListen;
    QString m_listenOrigin = QStringLiteral("default");
    QJsonObject m_file; // as last read or written
    QList<Edit> m_edits;
    QString m_error;
    bool m_restartNeeded = false;
    Notifier *m_notifier = nullptr;
    bool m_applyingRules = false;
    Reloader m_reloader;
    QString m_applyStatus;
    QString m_applyMessage;
};

} // namespace jobpulse
