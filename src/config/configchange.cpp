#include "configchange.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

/** A named array (hooks, sources) by name. */
QHash<QString, QJsonValue> byName(const QJsonValue &array)
{
    QHash<QString, QJsonValue> named;
    for (const QJsonValue &element : array.toArray()) {
        named.insert(element.toObject().value(u"name"_s).toString(), element);
    }
    return named;
}

} // namespace

QJsonObject ConfigChange::toJson() const
{
    if (!ok()) {
        return { { u"error"_s, u"invalid_config"_s }, { u"message"_s, error },
            { u"config"_s, path } };
    }
    return { { u"config"_s, path }, { u"applied"_s, QJsonArray::fromStringList(applied) },
        { u"restart"_s, QJsonArray::fromStringList(restart) } };
}

ConfigChange ConfigChange::fromJson(const QJsonObject &json)
{
    ConfigChange change;
    change.path = json.value(u"config"_s).toString();
    change.applied = jsonStrings(json.value(u"applied"_s));
    change.restart = jsonStrings(json.value(u"restart"_s));
    if (json.contains(u"error"_s)) {
        change.error = json.value(u"message"_s).toString(json.value(u"error"_s).toString());
    }
    return change;
}

ConfigDiff diffConfigs(const AppConfig &before, const AppConfig &after, bool listenFixed)
{
    ConfigDiff diff;
    const QJsonObject &a = before.json();
    const QJsonObject &b = after.json();
    if (!listenFixed
        && (before.receiver.address != after.receiver.address
            || before.receiver.port != after.receiver.port)) {
        diff.change.restart.append(u"receiver.listen"_s);
    }
    QJsonObject receiverA = a.value(u"receiver"_s).toObject();
    QJsonObject receiverB = b.value(u"receiver"_s).toObject();
    receiverA.remove(u"listen"_s);
    receiverB.remove(u"listen"_s);
    if (receiverA != receiverB) {
        diff.change.applied.append(u"receiver"_s);
    }
    for (const QString &section : { u"hooks"_s, u"retention"_s, u"jobs"_s }) {
        if (a.value(section) != b.value(section)) {
            diff.change.applied.append(section);
        }
    }
    const auto sourcesA = byName(a.value(u"sources"_s));
    const auto sourcesB = byName(b.value(u"sources"_s));
    for (auto it = sourcesA.cbegin(); it != sourcesA.cend(); ++it) {
        if (sourcesB.value(it.key()) != it.value()) {
            diff.changedSources.insert(it.key()); // edited or removed
        }
    }
    for (auto it = sourcesB.cbegin(); it != sourcesB.cend(); ++it) {
        if (!sourcesA.contains(it.key())) {
            diff.changedSources.insert(it.key());
        }
    }
    if (!diff.changedSources.isEmpty()) {
        diff.change.applied.append(u"sources"_s);
    }
    return diff;
}

} // namespace jobpulse
