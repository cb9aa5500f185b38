// jobpulse listen: a receiver for one session that sends every accepted delivery on to the
// developer's app (--forward-to), one line per delivery and per attempt, like `stripe listen`.
#include "cli/verbs.h"
#include "config/appconfig.h"
#include "ingest/receiver.h"
#include "relay/relay.h"
#include "store/owneraddress.h"
#include "store/store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

namespace {

QString clock()
{
    return QTime::currentTime().toString(u"HH:mm:ss"_s);
}

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

QString describe(const ForwardAttempt &a)
{
    const QString outcome = a.status > 0 ? u"[%1]"_s.arg(a.status) : u"[%1]"_s.arg(a.error);
    return u"%1  #%2  -> %3  %4  %5 ms%6"_s.arg(clock())
        .arg(a.deliveryId)
        .arg(a.target, outcome)
        .arg(qRound(a.latencyMs))
        .arg(a.retrying         ? u", attempt %1, retrying"_s.arg(a.attempt)
                : a.attempt > 1 ? u", attempt %1"_s.arg(a.attempt)
                                : QString());
}

} // namespace

int listen(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Receive webhooks for this session and forward each accepted delivery to your app, "
        u"with its body bytes and signature headers as sent. The deliveries and every "
        u"forwarding attempt are kept in the database: the dashboard's inspector shows, "
        u"replays and edits them."_s);
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption forwardTo(u"forward-to"_s,
        u"Where to send each delivery (repeat for several), e.g. http://127.0.0.1:3000/hook."_s,
        u"URL"_s);
    const QCommandLineOption hook(u"hook"_s,
        u"Forward this hook's deliveries only (repeat for several; default: every hook)."_s,
        u"NAME"_s);
    const QCommandLineOption listenAt(u"listen"_s,
        u"Receiver address (default: the config's, else %1; port 0 picks a free one)."_s.arg(
            ReceiverConfig::defaultListen()),
        u"HOST:PORT"_s);
    const QCommandLineOption db(
        u"db"_s, u"Database file (default %1)."_s.arg(Store::defaultPath()), u"PATH"_s);
    const QCommandLineOption config(
        u"config"_s, u"Configuration file (JSON) with the hooks and their secrets."_s, u"FILE"_s);
    const QCommandLineOption preserveHost(
        u"preserve-host"_s, u"Send the sender's Host header instead of the target's."_s);
    const QCommandLineOption allowRemote(
        u"allow-remote"_s, u"Allow targets that are not loopback addresses."_s);
    const QCommandLineOption timeout(u"timeout"_s,
        u"Seconds to wait for the target's answer (default 10)."_s, u"SECONDS"_s, u"10"_s);
    p.addOptions({ forwardTo, hook, listenAt, db, config, preserveHost, allowRemote, timeout });
    processArguments(p, arguments);

    const auto fail = [](const QString &message, int status = 2) {
        std::fprintf(stderr, "jobpulse listen: %s\n", qPrintable(message));
        return status;
    };
    if (!p.isSet(forwardTo)) {
        return fail(u"--forward-to URL is required (where your app takes the webhooks)"_s);
    }
    QString error;
    AppConfig appConfig;
    const QString configPath = p.isSet(config) ? p.value(config) : AppConfig::defaultPath();
    if (p.isSet(config) || QFile::exists(configPath)) {
        auto loaded = AppConfig::load(configPath, &error);
        if (!loaded) {
            return fail(error);
        }
        appConfig = std::move(*loaded);
    }
    ReceiverConfig options = appConfig.receiver;
    if (p.isSet(listenAt)
        && !ReceiverConfig::parseListen(p.value(listenAt), &options.address, &options.port)) {
        return fail(u"--listen wants HOST:PORT, such as %1, not '%2'"_s.arg(
            ReceiverConfig::defaultListen(), p.value(listenAt)));
    }
    bool ok = false;
    const int seconds = p.value(timeout).toInt(&ok);
    if (!ok || seconds < 1 || seconds > 600) {
        return fail(u"--timeout: seconds, 1 to 600"_s);
    }
    QList<ForwardTarget> targets;
    for (const QString &url : p.values(forwardTo)) {
        ForwardTarget target;
        target.url = QUrl(url, QUrl::StrictMode);
        target.preserveHost = p.isSet(preserveHost);
        target.allowRemote = p.isSet(allowRemote);
        target.timeoutMs = seconds * 1000;
        const QString problem = ForwardTarget::urlProblem(target.url, target.allowRemote);
        if (!problem.isEmpty()) {
            return fail(u"--forward-to: %1"_s.arg(QString(problem).replace(
                u"Set \"allowRemote\": true on the entry"_s, u"Add --allow-remote"_s)));
        }
        targets.append(target);
    }
    const QStringList only = p.values(hook);
    QStringList forwarded;
    for (HookConfig &h : options.hooks) {
        if (only.isEmpty() || only.contains(h.name)) {
            h.forward.append(targets);
            forwarded.append(h.name);
        }
    }
    for (const QString &name : only) {
        if (!forwarded.contains(name)) {
            QStringList names;
            for (const HookConfig &h : std::as_const(options.hooks)) {
                names.append(h.name);
            }
            return fail(u"--hook: no hook named '%1' (hooks: %2)"_s.arg(name, names.join(u", "_s)));
        }
    }

    const QString dbPath = p.isSet(db) ? p.value(db) : Store::defaultPath();
    Store store;
    if (!store.open(dbPath, Durability::Full, &error)) {
        return fail(store.lockHolderPid() != 0
                ? u"%1. Stop that Jobpulse, or give this session a database of its own "
                  u"(--db /tmp/listen.db)"_s.arg(error)
                : error,
            store.lockHolderPid() != 0 ? 3 : 2);
    }
    Receiver receiver(&store, options);
    Relay relay(&store, Relay::Options {});
    relay.attach(receiver);
    QObject::connect(
        receiver.forwarder(), &Forwarder::forwarding, [](const Delivery &d, int count) {
            print(u"%1  #%2  %3 %4  %5 %6  (hook %7)  forwarding to %8 target(s)"_s.arg(clock())
                      .arg(d.id)
                      .arg(QString::fromLatin1(d.method), d.path)
                      .arg(d.status)
                      .arg(d.verdict, d.hook)
                      .arg(count));
        });
    QObject::connect(receiver.forwarder(), &Forwarder::attempted,
        [](const ForwardAttempt &a) { print(describe(a)); });
    if (!receiver.listen(&error)) {
        return fail(error);
    }
    // The dashboard started meanwhile becomes this session's viewer (docs/dashboard.md).
    QString why;
    if (!OwnerAddress::publish(dbPath, receiver.url(), &why)) {
        std::fprintf(stderr, "jobpulse listen: %s\n", qPrintable(why));
    }
    QStringList urls;
    for (const ForwardTarget &t : std::as_const(targets)) {
        urls.append(t.url.toString());
    }
    print(u"listening %1"_s.arg(receiver.url().toString()));
    print(u"forwarding %1 to %2 (Ctrl+C to stop)"_s.arg(
        only.isEmpty() ? u"every hook"_s : u"hook %1"_s.arg(forwarded.join(u", "_s)),
        urls.join(u", "_s)));
    const int code = QCoreApplication::exec();
    OwnerAddress::withdraw(dbPath);
    return code;
}

} // namespace jobpulse::cli
