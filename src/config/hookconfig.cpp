#include "hookconfig.h"

#include "config/duration.h"
#include "core/names.h"
#include "core/secret.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

const NameTable<HookConfig::Family> &families()
{
    static const NameTable<HookConfig::Family> list {
        { u"canonical"_s, HookConfig::Family::Canonical },
        { u"step-update"_s, HookConfig::Family::StepUpdate },
        { u"prefect"_s, HookConfig::Family::Prefect },
        { u"supabase"_s, HookConfig::Family::Supabase },
        { u"mapped"_s, HookConfig::Family::Mapped },
        { u"github-actions"_s, HookConfig::Family::GithubActions },
        { u"gitlab"_s, HookConfig::Family::Gitlab },
        { u"buildkite"_s, HookConfig::Family::Buildkite },
        { u"jenkins"_s, HookConfig::Family::Jenkins },
    };
    return list;
}

HookConfig builtin(const QString &name, const QString &path, HookConfig::Family family)
{
    HookConfig hook;
    hook.name = name;
    hook.path = path;
    hook.family = family;
    return hook;
}

} // namespace

std::optional<QHash<QString, QString>> supabaseStatusValues(
    const QJsonObject &hookConfig, QString *error)
{
    const auto failed = [error](const QString &message) {
        if (error) {
            *error = message;
        }
        return std::nullopt;
    };
    QHash<QString, QString> table;
    const QJsonValue values = hookConfig.value(u"values"_s);
    if (values.isUndefined() || values.isNull()) {
        return table;
    }
    if (!values.isObject()) {
        return failed(u"values: must be an object {\"status\": {column value: job status}}"_s);
    }
    const QJsonObject sections = values.toObject();
    for (auto it = sections.constBegin(); it != sections.constEnd(); ++it) {
        if (it.key() != u"status") {
            return failed(u"values.%1: the supabase family maps only status"_s.arg(it.key()));
        }
        if (!it.value().isObject()) {
            return failed(u"values.status: must be an object {column value: job status}"_s);
        }
        const QJsonObject entries = it.value().toObject();
        for (auto e = entries.constBegin(); e != entries.constEnd(); ++e) {
            if (!eventTypeForStatus(e.value().toString())) {
                return failed(
                    u"values.status.%1: must be queued, running, succeeded, failed or canceled"_s
                        .arg(e.key()));
            }
            table.insert(e.key(), e.value().toString());
        }
    }
    return table;
}

QString HookConfig::familyName(Family family)
{
    return nameOf(families(), family);
}

QList<HookConfig> HookConfig::builtins()
{
    return {
        builtin(u"events"_s, u"/v1/events"_s, Family::Canonical),
        builtin(u"step-update"_s, u"/api/webhooks/step-update"_s, Family::StepUpdate),
        builtin(u"prefect"_s, u"/api/webhooks/prefect"_s, Family::Prefect),
        builtin(u"submission-update"_s, u"/webhook/submission-update"_s, Family::Supabase),
        builtin(u"submission-status-update"_s, u"/webhook/submission-status-update"_s,
            Family::Supabase),
    };
}

std::optional<HookConfig> HookConfig::fromJson(
    const QJsonObject &json, const QString &key, QString *error, SecretPolicy secrets)
{
    static const QSet<QString> known { u"name"_s, u"path"_s, u"family"_s, u"signature"_s,
        u"maxBodyBytes"_s, u"map"_s, u"values"_s, u"defaults"_s, u"root"_s, u"stallAfter"_s,
        u"forward"_s };
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"%1.%2: unknown key"_s.arg(key, it.key());
            return std::nullopt;
        }
    }
    HookConfig hook;
    hook.name = json.value(u"name"_s).toString();
    if (hook.name.isEmpty() || hook.name.size() > 64) {
        *error = u"%1.name: required, 1 to 64 characters"_s.arg(key);
        return std::nullopt;
    }
    if (json.contains(u"stallAfter"_s)) {
        hook.stallAfterSeconds =
            parseDurationSeconds(json.value(u"stallAfter"_s), key + u".stallAfter"_s, error);
        if (!hook.stallAfterSeconds) {
            return std::nullopt;
        }
    }
    hook.path = json.value(u"path"_s).toString(u"/hooks/"_s + hook.name);
    static const QRegularExpression pathPattern(
        QRegularExpression::anchoredPattern(u"(/[A-Za-z0-9._~-]+)+"_s));
    if (!pathPattern.match(hook.path).hasMatch()) {
        *error =
            u"%1.path: a path such as /hooks/deploys (letters, digits, . _ ~ -), not '%2'"_s.arg(
                key, hook.path);
        return std::nullopt;
    }
    const QString family =
        json.value(u"family"_s).toString(json.contains(u"map"_s) ? u"mapped"_s : u"canonical"_s);
    const auto parsedFamily = valueOf(families(), family);
    if (!parsedFamily) {
        *error = u"%1.family: one of %2, not '%3'"_s.arg(key, namesOf(families()), family);
        return std::nullopt;
    }
    hook.family = *parsedFamily;

    if (json.contains(u"signature"_s)) {
        const QJsonObject signature = json.value(u"signature"_s).toObject();
        const QString scheme = signature.value(u"scheme"_s).toString();
        const auto parsed = signatureSchemeFromName(scheme);
        if (!parsed) {
            *error = u"%1.signature.scheme: one of standard, github, stripe, slack, "
                     u"hmac-sha256, bearer, gitlab, buildkite, none; not '%2'"_s.arg(key, scheme);
            return std::nullopt;
        }
        hook.signature.scheme = *parsed;
        // One secret, or several while rotating them.
        const QJsonValue given = signature.value(u"secret"_s);
        const QJsonArray list = given.isArray() ? given.toArray() : QJsonArray { given };
        for (qsizetype i = 0; i < list.size() && *parsed != SignatureScheme::None; ++i) {
            QString secret;
            QString why;
            if (!list.at(i).isString() || list.at(i).toString().isEmpty()
                || !resolveSecret(list.at(i).toString(), &secret, &why, secrets)
                || secret.isEmpty()) {
                *error = u"%1.signature.secret: %2"_s.arg(
                    key, why.isEmpty() ? u"a non-empty string (or env:NAME)"_s : why);
                return std::nullopt;
            }
            hook.signature.secrets.append(secret.toUtf8());
        }
        hook.signature.header = signature.value(u"header"_s).toString().toLatin1();
        if (signature.contains(u"tolerance"_s)) {
            const int seconds = signature.value(u"tolerance"_s).toInt(-1);
            if (seconds < 1 || seconds > 86400) {
                *error = u"%1.signature.tolerance: seconds, 1 to 86400"_s.arg(key);
                return std::nullopt;
            }
            hook.signature.toleranceSeconds = seconds;
        }
    }
    if (json.contains(u"maxBodyBytes"_s)) {
        hook.maxBodyBytes = json.value(u"maxBodyBytes"_s).toInteger(-1);
        if (hook.maxBodyBytes < 1) {
            *error = u"%1.maxBodyBytes: a positive number of bytes"_s.arg(key);
            return std::nullopt;
        }
    }
    if (json.contains(u"forward"_s)) {
        const QJsonValue forward = json.value(u"forward"_s);
        const QJsonArray targets = forward.isArray() ? forward.toArray() : QJsonArray { forward };
        for (qsizetype i = 0; i < targets.size(); ++i) {
            auto target =
                ForwardTarget::fromJson(targets.at(i), u"%1.forward[%2]"_s.arg(key).arg(i), error);
            if (!target) {
                return std::nullopt;
            }
            hook.forward.append(std::move(*target));
        }
    }
    QString why;
    if (hook.family == Family::Mapped) {
        hook.mapping = Mapping::fromJson(json, &why);
        if (!hook.mapping) {
            *error = u"%1.%2"_s.arg(key, why);
            return std::nullopt;
        }
    } else if (hook.family == Family::Supabase) {
        const auto values = supabaseStatusValues(json, &why);
        if (!values) {
            *error = u"%1.%2"_s.arg(key, why);
            return std::nullopt;
        }
        hook.statusValues = *values;
    }
    return hook;
}

std::optional<QList<HookConfig>> HookConfig::listFromJson(
    const QJsonValue &json, QString *error, SecretPolicy secrets)
{
    QList<HookConfig> hooks = builtins();
    if (json.isUndefined() || json.isNull()) {
        return hooks;
    }
    if (!json.isArray()) {
        *error = u"hooks: an array of hook objects"_s;
        return std::nullopt;
    }
    const QJsonArray array = json.toArray();
    QSet<QString> configured;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString key = u"hooks[%1]"_s.arg(i);
        auto hook = fromJson(array.at(i).toObject(), key, error, secrets);
        if (!hook) {
            return std::nullopt;
        }
        if (configured.contains(hook->path)) {
            *error = u"%1.path: %2 is configured twice"_s.arg(key, hook->path);
            return std::nullopt;
        }
        configured.insert(hook->path);
        const auto same = std::find_if(
            hooks.begin(), hooks.end(), [&](const HookConfig &h) { return h.path == hook->path; });
        if (same != hooks.end()) {
            *same = std::move(*hook); // replaces the built-in's defaults
        } else {
            hooks.append(std::move(*hook));
        }
    }
    return hooks;
}

} // namespace jobpulse
