#include "settings.h"

#include "ui/logging.h"
#include "ui/notifier.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

const QStringList ListenKey { u"receiver"_s, u"listen"_s };
const QStringList DaysKey { u"retention"_s, u"days"_s };
const QStringList MaxEventsKey { u"retention"_s, u"maxEvents"_s };
const QStringList ThemeKey { u"ui"_s, u"theme"_s };
const QStringList ReduceMotionKey { u"ui"_s, u"reduceMotion"_s };
const QStringList LanguageKey { u"ui"_s, u"language"_s };
const QStringList MutedKindsKey { u"notifications"_s, u"mutedKinds"_s };
const QStringList MutedSourcesKey { u"notifications"_s, u"mutedSources"_s };
const QStringList MutedLabelsKey { u"notifications"_s, u"mutedLabels"_s };

// Inside an array the next key names an element by its "name".
QJsonValue childOf(const QJsonValue &node, const QString &key)
{
    if (node.isArray()) {
        for (const QJsonValue &element : node.toArray()) {
            if (element.toObject().value(u"name"_s).toString() == key) {
                return element;
            }
        }
        return {};
    }
    return node.toObject().value(key);
}

QJsonValue valueIn(QJsonValue node, const QStringList &path)
{
    for (const QString &key : path) {
        node = childOf(node, key);
    }
    return node;
}

/** @p node with @p value at @p path; an array element that is gone is not brought back. */
QJsonValue patched(const QJsonValue &node, QStringList path, const QJsonValue &value)
{
    if (path.isEmpty()) {
        return value;
    }
    const QString key = path.takeFirst();
    if (node.isArray()) {
        QJsonArray array = node.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (array.at(i).toObject().value(u"name"_s).toString() == key) {
                array.replace(i, patched(array.at(i), path, value));
            }
        }
        return array;
    }
    QJsonObject object = node.toObject();
    object.insert(key, patched(object.value(key), path, value));
    return object;
}

/** How the page may show a secret: never its value. */
QString secretShown(const QJsonValue &secret)
{
    if (secret.isArray()) { // rotation: several accepted
        return secret.toArray().isEmpty() ? QString() : secretShown(secret.toArray().first());
    }
    const QString text = secret.toString();
    if (text.isEmpty()) {
        return {};
    }
    return text.startsWith(u"env:"_s) ? text : u"set"_s;
}

} // namespace

Settings::Settings(QObject *parent)
    : QObject(parent)
{ }

bool Settings::load(const QString &path)
{
    m_path = QFileInfo(path.isEmpty() ? defaultPath() : path).absoluteFilePath();
    m_file = {};
    m_edits.clear();
    m_error.clear();
    m_restartNeeded = false;
    bool ok = true;
    if (QFile::exists(m_path)) {
        QString why;
        const auto json = AppConfig::readFile(m_path, &why);
        if (!json) {
            m_error = tr("%1 could not be read as a JSON object; saving is off so that it is "
                         "not overwritten.")
                          .arg(m_path);
            ok = false;
        } else {
            m_file = *json;
        }
    }
    applyMuteRules();
    Q_EMIT changed();
    Q_EMIT themeChanged();
    Q_EMIT languageChanged();
    if (!ok) {
        Q_EMIT failed(m_error);
    }
    return ok;
}

void Settings::setNotifier(Notifier *notifier)
{
    m_notifier = notifier;
    if (m_notifier) {
        connect(m_notifier, &Notifier::rulesChanged, this, &Settings::muteRulesChanged);
        applyMuteRules();
    }
}

QJsonObject Settings::effective() const
{
    QJsonValue config = m_file;
    for (const Edit &e : m_edits) {
        config = patched(config, e.path, e.value);
    }
    return config.toObject();
}

QJsonValue Settings::valueAt(const QStringList &path) const
{
    return valueIn(effective(), path);
}

void Settings::edit(const QStringList &path, const QJsonValue &value, bool atRestart)
{
    if (valueAt(path) == value) {
        return;
    }
    // One edit per key: the latest value.
    m_edits.erase(std::remove_if(m_edits.begin(), m_edits.end(),
                      [&path](const Edit &e) { return e.path == path; }),
        m_edits.end());
    if (valueIn(m_file, path) != value) {
        m_edits.append({ path, value, atRestart });
    }
    Q_EMIT changed();
}

QString Settings::listen() const
{
    return valueAt(ListenKey).toString(ReceiverConfig::defaultListen());
}

void Settings::setListen(const QString &listen)
{
    edit(ListenKey, listen.trimmed(), true);
}

void Settings::setRunning(const QUrl &url, ListenOrigin origin)
{
    const QString host = url.host().contains(u':') ? u'[' + url.host() + u']' : url.host();
    m_runningListen = url.isEmpty() ? QString() : u"%1:%2"_s.arg(host).arg(url.port());
    switch (origin) {
    case ListenOrigin::Flag:
        m_listenOrigin = u"flag"_s;
        break;
    case ListenOrigin::Config:
        m_listenOrigin = u"config"_s;
        break;
    case ListenOrigin::Default:
        m_listenOrigin = u"default"_s;
        break;
    }
    Q_EMIT runningChanged();
}

QVariantList Settings::hooks() const
{
    QVariantList list;
    for (const QJsonValue &value : valueAt({ u"hooks"_s }).toArray()) {
        const QJsonObject hook = value.toObject();
        const QString name = hook.value(u"name"_s).toString();
        const QJsonObject signature = hook.value(u"signature"_s).toObject();
        list.append(QVariantMap {
            { u"name"_s, name },
            { u"path"_s, hook.value(u"path"_s).toString(u"/hooks/"_s + name) },
            { u"family"_s, hook.value(u"family"_s).toString() },
            { u"scheme"_s, signature.value(u"scheme"_s).toString(u"none"_s) },
            { u"secret"_s, secretShown(signature.value(u"secret"_s)) },
        });
    }
    return list;
}

QVariantList Settings::sources() const
{
    QVariantList list;
    for (const QJsonValue &value : valueAt({ u"sources"_s }).toArray()) {
        const QJsonObject source = value.toObject();
        list.append(QVariantMap {
            { u"name"_s, source.value(u"name"_s).toString() },
            { u"type"_s, source.value(u"type"_s).toString() },
            { u"url"_s, source.value(u"url"_s).toString() },
        });
    }
    return list;
}

void Settings::setHookSecret(const QString &name, const QString &secret)
{
    edit({ u"hooks"_s, name, u"signature"_s, u"secret"_s }, secret, true);
}

void Settings::setSourceUrl(const QString &name, const QString &url)
{
    edit({ u"sources"_s, name, u"url"_s }, url.trimmed(), true);
}

int Settings::retentionDays() const
{
    return valueAt(DaysKey).toInt(RetentionConfig::DefaultDays);
}

void Settings::setRetentionDays(int days)
{
    edit(DaysKey, days, true);
}

int Settings::retentionMaxEvents() const
{
    return valueAt(MaxEventsKey).toInt(RetentionConfig::DefaultMaxEvents);
}

void Settings::setRetentionMaxEvents(int events)
{
    edit(MaxEventsKey, events, true);
}

QString Settings::theme() const
{
    const QString theme = valueAt(ThemeKey).toString();
    return (theme == u"light" || theme == u"dark") ? theme : u"system"_s;
}

void Settings::setTheme(const QString &theme)
{
    const QString before = this->theme();
    edit(ThemeKey, theme, false);
    if (this->theme() != before) {
        Q_EMIT themeChanged();
    }
}

bool Settings::reduceMotion() const
{
    return valueAt(ReduceMotionKey).toBool(false);
}

void Settings::setReduceMotion(bool reduce)
{
    edit(ReduceMotionKey, reduce, false); // shown at once, like the theme
}

QString Settings::language() const
{
    const QString language = valueAt(LanguageKey).toString();
    return language.isEmpty() ? u"system"_s : language;
}

void Settings::setLanguage(const QString &language)
{
    const QString before = this->language();
    edit(LanguageKey, language, false);
    if (this->language() != before) {
        Q_EMIT languageChanged();
    }
}

void Settings::muteRulesChanged()
{
    if (m_applyingRules || !m_notifier) {
        return;
    }
    const auto keep = [this](const QStringList &key, QStringList names) {
        names.sort();
        QStringList before = jsonStrings(valueAt(key));
        before.sort();
        if (names == before) {
            return;
        }
        // No rules and none in the file: leave the key out rather than write [].
        edit(key,
            names.isEmpty() && valueIn(m_file, key).isUndefined()
                ? QJsonValue(QJsonValue::Undefined)
                : QJsonValue(QJsonArray::fromStringList(names)),
            false);
    };
    keep(MutedKindsKey, m_notifier->mutedKinds());
    keep(MutedSourcesKey, m_notifier->mutedSources());
    keep(MutedLabelsKey, m_notifier->mutedLabels());
}

void Settings::applyMuteRules()
{
    if (!m_notifier) {
        return;
    }
    m_applyingRules = true;
    const QStringList kinds = jsonStrings(valueAt(MutedKindsKey));
    const QStringList sources = jsonStrings(valueAt(MutedSourcesKey));
    for (const QString &kind : m_notifier->mutedKinds()) {
        m_notifier->setKindMuted(kind, kinds.contains(kind));
    }
    for (const QString &kind : kinds) {
        m_notifier->setKindMuted(kind, true);
    }
    for (const QString &source : m_notifier->mutedSources()) {
        m_notifier->setSourceMuted(source, sources.contains(source));
    }
    for (const QString &source : sources) {
        m_notifier->setSourceMuted(source, true);
    }
    const QStringList labels = jsonStrings(valueAt(MutedLabelsKey));
    for (const QString &rule : m_notifier->mutedLabels()) {
        m_notifier->setLabelMuted(rule, labels.contains(rule));
    }
    for (const QString &rule : labels) {
        if (!m_notifier->setLabelMuted(rule, true)) {
            qCWarning(lcUi) << "notifications.mutedLabels: not name=value, ignored:" << rule;
        }
    }
    m_applyingRules = false;
}

bool Settings::save()
{
    const auto fail = [this](const QString &why) {
        m_error = why;
        Q_EMIT changed();
        Q_EMIT failed(why);
        return false;
    };
    // The file as it is now: keys edited by hand since it was loaded are kept too.
    QJsonValue config = m_file;
    QString why;
    if (QFile::exists(m_path)) {
        const auto current = AppConfig::readFile(m_path, &why);
        if (!current) {
            return fail(
                tr("%1 is not a JSON object any more; it was not overwritten.").arg(m_path));
        }
        config = *current;
    }
    for (const Edit &e : std::as_const(m_edits)) {
        config = patched(config, e.path, e.value);
    }
    // The next start's rules for the sections this page sets values in; hooks and sources
    // get one key edited and keep the rest as written. `env:` secrets are read only at start.
    QJsonObject edited;
    for (const QString &section : { u"receiver"_s, u"retention"_s, u"ui"_s, u"notifications"_s }) {
        if (config.toObject().contains(section)) {
            edited.insert(section, config.toObject().value(section));
        }
    }
    if (!AppConfig::fromJson(edited, &why, SecretPolicy::Keep)) {
        return fail(why);
    }
    if (!AppConfig::writeFile(m_path, config.toObject(), &why)) {
        return fail(why);
    }
    const bool atRestart =
        std::any_of(m_edits.cbegin(), m_edits.cend(), [](const Edit &e) { return e.atRestart; });
    m_restartNeeded = m_restartNeeded || (atRestart && !m_reloader); // else: the reload says
    m_file = config.toObject();
    m_edits.clear();
    m_error.clear();
    Q_EMIT changed();
    if (m_reloader) {
        m_applyStatus = u"applying"_s;
        m_applyMessage = tr("Saved. Asking the receiving Jobpulse to apply it…");
        Q_EMIT applyChanged();
        m_reloader(this, [this](const ConfigChange &change) { configApplied(change); });
    }
    return true;
}

void Settings::configApplied(const ConfigChange &change)
{
    const QString path = QFileInfo(change.path).absoluteFilePath();
    const bool asked = m_applyStatus == u"applying";
    if (!change.ok()) {
        m_applyStatus = u"error"_s;
        m_applyMessage =
            tr("Saved, but the receiving Jobpulse kept its running settings: %1").arg(change.error);
    } else if (!change.path.isEmpty() && path != m_path) {
        m_applyStatus = u"error"_s;
        m_applyMessage = tr("Saved, but the receiving Jobpulse reads %1, not this file: start "
                            "it with --config %2 to use these settings.")
                             .arg(change.path, m_path);
    } else if (!change.restart.isEmpty()) {
        m_applyStatus = u"restart"_s;
        m_applyMessage = change.applied.isEmpty()
            ? tr("Saved. %1 changes when the receiving Jobpulse restarts.")
                  .arg(change.restart.join(u", "_s))
            : tr("Saved and applied (%1). %2 changes when the receiving Jobpulse restarts.")
                  .arg(change.applied.join(u", "_s), change.restart.join(u", "_s));
    } else {
        m_applyStatus = u"applied"_s;
        m_applyMessage = change.applied.isEmpty()
            ? tr("Saved. The receiving Jobpulse runs with it.")
            : tr("Saved and applied: %1.").arg(change.applied.join(u", "_s));
    }
    if (!asked && change.ok() && path == m_path) {
        // Not after a save of this page: the file was read again (SIGHUP, the route).
        m_applyMessage = tr("The receiving Jobpulse read the config file again: %1.")
                             .arg(change.applied.isEmpty() ? tr("nothing changed")
                                                           : change.applied.join(u", "_s));
    }
    if (change.ok() && path == m_path) {
        m_restartNeeded = !change.restart.isEmpty();
        if (m_edits.isEmpty()) {
            QString why;
            if (const auto json = AppConfig::readFile(m_path, &why)) {
                m_file = *json; // edited by hand and reloaded (SIGHUP): shown as it is
                applyMuteRules();
            }
        }
        Q_EMIT changed();
    }
    Q_EMIT applyChanged();
}

void Settings::revert()
{
    const QString theme = this->theme();
    const QString language = this->language();
    m_edits.clear();
    m_error.clear();
    applyMuteRules();
    Q_EMIT changed();
    if (this->theme() != theme) {
        Q_EMIT themeChanged();
    }
    if (this->language() != language) {
        Q_EMIT languageChanged();
    }
}

} // namespace jobpulse
