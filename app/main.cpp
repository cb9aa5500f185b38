// The jobpulse executable: parse the command line, then run the dashboard or the headless
// receiver. All logic lives in the static libraries under src/.
#include "cli/demo.h"
#include "cli/verbs.h"
#include "config/appconfig.h"
#include "ingest/receiver.h"
#include "owner/configreloader.h"
#include "relay/relay.h"
#include "sources/sourcemanager.h"
#include "store/leadership.h"
#include "store/owneraddress.h"
#include "store/store.h"
#include "ui/dashboard.h"
#include "ui/gui.h"
#include "ui/singleinstance.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QSize>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace {

int signalPipe[2] = { -1, -1 };
std::function<void()> onHangup; // set once the config can be reloaded

void onSignal(int number)
{
    // Nothing but a write here (async-signal-safe): the event loop reads the byte.
    const char byte = static_cast<char>(number);
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

// SIGTERM / SIGINT end the event loop normally: queued events are written, the db closed.
// SIGHUP reloads the config file (systemctl --user reload jobpulse).
void watchSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0) {
        return;
    }
    auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
        char byte = 0;
        if (::read(signalPipe[0], &byte, 1) != 1) {
            return;
        }
        if (byte == SIGHUP) {
            if (onHangup) {
                onHangup();
            }
            return;
        }
        QCoreApplication::quit();
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGHUP, onSignal);
}

// --headless, and --help / --version, need no display: they run on a QCoreApplication.
bool needsNoDisplay(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : { "--headless", "--help", "-h", "--help-all", "--version", "-v" }) {
            if (qstrcmp(argv[i], flag) == 0) {
                return true;
            }
        }
    }
    return false;
}

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

// Exit statuses: 2 for a usage or start error, 3 when another Jobpulse writes the database.
constexpr int ExitError = 2;
constexpr int ExitDatabaseInUse = 3;

int fail(const QString &message, int status = ExitError)
{
    std::fprintf(stderr, "jobpulse: %s\n", qPrintable(message));
    return status;
}

void setApplicationNames()
{
    QCoreApplication::setApplicationName(u"jobpulse"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(JOBPULSE_VERSION));
}

} // namespace

int main(int argc, char **argv)
{
    // Verbs (send, run, jobs, show, export) need no display and no receiver.
    if (argc > 1) {
        if (const auto verb = jobpulse::cli::verb(QString::fromLocal8Bit(argv[1]))) {
            QCoreApplication app(argc, argv);
            setApplicationNames();
            QStringList arguments = QCoreApplication::arguments();
            arguments[0] += u' ' + arguments.takeAt(1); // "jobpulse send" in --help
            return verb(arguments);
        }
    }
    const bool headless = needsNoDisplay(argc, argv);
    if (!headless && !hasDisplay()) {
        return fail(
            u"no display to show the dashboard on; run 'jobpulse --headless' for the receiver alone"_s);
    }
    std::unique_ptr<QCoreApplication> app;
    if (headless) {
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        app = std::make_unique<QApplication>(argc, argv); // QApplication: the tray needs it
    }
    setApplicationNames();
    // Before anything is announced: a SIGHUP sent at once reloads rather than kills.
    watchSignals(*app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Watch long-running jobs live: a webhook receiver, a SQLite history and a dashboard."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(u"listen"_s,
        u"Receiver address (default %1; port 0 picks a free one)."_s.arg(
            jobpulse::ReceiverConfig::defaultListen()),
        u"HOST:PORT"_s);
    const QCommandLineOption dbOption(u"db"_s,
        u"Database file (default %1), or postgresql://user@host:port/dbname."_s.arg(
            jobpulse::Store::defaultPath()),
        u"PATH|URL"_s);
    const QCommandLineOption configOption(u"config"_s, u"Configuration file (JSON)."_s, u"FILE"_s);
    const QCommandLineOption demoOption(
        u"demo"_s, u"Feed simulated 7-step workflows through the receiver."_s);
    const QCommandLineOption headlessOption(u"headless"_s, u"Run the receiver without a window."_s);
    const QCommandLineOption durabilityOption(u"durability"_s,
        u"full (default: on disk before the 2xx) or normal."_s, u"MODE"_s, u"full"_s);
    const QCommandLineOption screenshotOption(
        u"screenshot"_s, u"Save the window to a PNG and quit."_s, u"PNG"_s);
    const QCommandLineOption screenshotDelayOption(u"screenshot-delay"_s,
        u"Milliseconds before the screenshot (default 3000)."_s, u"MS"_s, u"3000"_s);
    const QCommandLineOption demoSpeedOption(
        u"demo-speed"_s, u"Speed factor of the demo workflows (default 1)."_s, u"FACTOR"_s, u"1"_s);
    parser.addOptions({ listenOption, dbOption, configOption, demoOption, headlessOption,
        durabilityOption, screenshotOption, screenshotDelayOption, demoSpeedOption });
    parser.process(*app);

    // --config FILE, else the default location when a file is there (the settings page
    // writes to it).
    QString error;
    const QString configPath = parser.isSet(configOption) ? parser.value(configOption)
                                                          : jobpulse::AppConfig::defaultPath();
    jobpulse::AppConfig config;
    if (parser.isSet(configOption) || QFile::exists(configPath)) {
        auto loaded = jobpulse::AppConfig::load(configPath, &error);
        if (!loaded) {
            return fail(error);
        }
        config = std::move(*loaded);
    }
    jobpulse::ReceiverConfig &receiverOptions = config.receiver;
    if (parser.isSet(listenOption)
        && !jobpulse::ReceiverConfig::parseListen(
            parser.value(listenOption), &receiverOptions.address, &receiverOptions.port)) {
        return fail(u"--listen wants HOST:PORT, such as %1, not '%2'"_s.arg(
            jobpulse::ReceiverConfig::defaultListen(), parser.value(listenOption)));
    }
    // SIGHUP, POST /v1/config/reload and the settings page apply the file through this.
    jobpulse::ConfigReloader reloader(
        configPath, parser.isSet(configOption), config, parser.isSet(listenOption));
    const QString durability = parser.value(durabilityOption);
    if (durability != u"full" && durability != u"normal") {
        return fail(u"--durability is full or normal, not '%1'"_s.arg(durability));
    }

    // --db, else the config's store.url (with its password), else the default file.
    const QString dbPath = parser.isSet(dbOption) ? parser.value(dbOption)
        : !config.store.url.isEmpty()             ? config.store.location()
                                                  : jobpulse::Store::defaultPath();
    // One window per user and database: a second launch (the menu entry clicked again)
    // brings the first window forward and ends here.
    std::unique_ptr<jobpulse::SingleInstance> instance;
    if (!headless) {
        instance = std::make_unique<jobpulse::SingleInstance>(dbPath);
        switch (instance->claim()) {
        case jobpulse::SingleInstance::Claim::First:
            break;
        case jobpulse::SingleInstance::Claim::Raised:
            std::printf("raised the window of pid %lld\n", qlonglong(instance->otherPid()));
            return 0;
        case jobpulse::SingleInstance::Claim::Failed:
            return fail(instance->error());
        }
    }

    jobpulse::GuiOptions gui;
    jobpulse::Store store;
    if (!store.open(dbPath,
            durability == u"full" ? jobpulse::Durability::Full : jobpulse::Durability::Normal,
            &error)) {
        // Another Jobpulse writes the database (the systemd unit's): the window becomes its
        // viewer, reading the database and following that one's relay (docs/dashboard.md).
        if (headless || store.lockHolderPid() == 0 || !store.openReadOnly(dbPath, &error)) {
            return fail(error, store.lockHolderPid() != 0 ? ExitDatabaseInUse : ExitError);
        }
        gui.ownerPid = store.lockHolderPid();
        const auto owner = jobpulse::OwnerAddress::read(dbPath);
        if (owner && owner->pid == gui.ownerPid) {
            gui.ownerUrl = owner->url;
            std::printf("viewing %s pid %lld\n", qPrintable(owner->url.toString()),
                qlonglong(gui.ownerPid));
        } else {
            gui.receiverProblem = error;
            std::printf("not receiving: %s\n", qPrintable(error));
        }
        std::fflush(stdout);
    } else {
        store.setRetention({ .days = config.retention.days,
            .maxEvents = config.retention.maxEvents,
            .maxLogBytes = config.retention.maxLogBytes });
        store.setSilencePolicy(config.silencePolicy(), config.silencePolicy().sweepIntervalMs());
    }
    std::unique_ptr<jobpulse::Receiver> receiver;
    std::unique_ptr<jobpulse::Relay> relay;
    std::unique_ptr<jobpulse::SourceManager> sources;
    std::unique_ptr<jobpulse::Leadership> leadership;
    QUrl receiverUrl;
    if (store.isOpen()) {
        receiver = std::make_unique<jobpulse::Receiver>(&store, receiverOptions);
        relay = std::make_unique<jobpulse::Relay>(&store, jobpulse::Relay::Options {});
        relay->attach(*receiver);
        sources = std::make_unique<jobpulse::SourceManager>(&store, config.sources);
        receiver->setSourceStatus([&sources] { return sources->status(); });
        reloader.setTargets(&store, receiver.get(), sources.get());
        reloader.attach(*receiver);
        onHangup = [&reloader] { reloader.reload(); };
        // A GUI owner's settings page shows a reload it did not ask for (SIGHUP) too.
        QObject::connect(&reloader, &jobpulse::ConfigReloader::applied, &reloader,
            [](const jobpulse::ConfigChange &change) {
                if (auto *dashboard = jobpulse::Dashboard::instance()) {
                    dashboard->settings()->configApplied(change);
                }
            });
        if (receiver->listen(&error)) {
            receiverUrl = receiver->url();
            // Where a viewer finds this process (docs/dashboard.md, "Beside the headless
            // receiver").
            QString why;
            if (!store.isPostgres()
                && !jobpulse::OwnerAddress::publish(dbPath, receiverUrl, &why)) {
                std::fprintf(stderr, "jobpulse: %s\n", qPrintable(why));
            }
            // One machine-readable line, for scripts and tests that start us on port 0.
            std::printf("listening %s\n", qPrintable(receiverUrl.toString()));
        } else if (headless) {
            return fail(error);
        } else {
            // The window opens anyway, says why and how to choose another port.
            gui.receiverProblem = error;
            gui.portTaken = true;
            std::printf("not receiving: %s\n", qPrintable(error));
        }
        std::fflush(stdout);
        // Of several nodes on one database, one runs the sources, the silence sweep and
        // retention (docs/team.md, "Where sources run"); on SQLite this one, at once.
        const QString follower = u"not the leader: the node that leads runs the sources"_s;
        leadership = std::make_unique<jobpulse::Leadership>(store.location());
        store.setLeading(false);
        QObject::connect(leadership.get(), &jobpulse::Leadership::leadingChanged, &store,
            [&store, &sources, follower](bool leading) {
                store.setLeading(leading);
                if (leading) {
                    sources->start();
                } else {
                    sources->stop(follower);
                }
            });
        if (store.isPostgres()) {
            sources->stop(follower);
        }
        leadership->start();
    }
    // The demo posts to whichever process receives: this one, or the one this window views.
    const QUrl demoTarget = gui.ownerUrl.isValid() ? gui.ownerUrl : receiverUrl;

    std::unique_ptr<jobpulse::DemoFeeder> demo;
    const auto startDemo = [&demo, demoTarget, &parser, &demoSpeedOption] {
        if (demo || demoTarget.isEmpty()) {
            return;
        }
        jobpulse::DemoFeeder::Options demoOptions;
        demoOptions.speed = std::max(0.1, parser.value(demoSpeedOption).toDouble());
        demo = std::make_unique<jobpulse::DemoFeeder>(demoTarget, demoOptions);
        demo->start();
    };
    if (parser.isSet(demoOption)) {
        startDemo();
    }

    int code = 0;
    if (headless) {
        code = QCoreApplication::exec();
    } else {
        gui.screenshotPath = parser.value(screenshotOption);
        gui.screenshotDelayMs = parser.value(screenshotDelayOption).toInt();
        // JOBPULSE_WINDOW_SIZE=900x700: the window at another size (screenshots of narrow
        // layouts); malformed or absent: 1280x800.
        const QStringList size = qEnvironmentVariable("JOBPULSE_WINDOW_SIZE").split(u'x');
        if (size.size() == 2 && size.at(0).toInt() >= 320 && size.at(1).toInt() >= 240) {
            gui.windowSize = QSize(size.at(0).toInt(), size.at(1).toInt());
        }
        gui.sources = sources.get();
        gui.instance = instance.get();
        gui.readToken = receiverOptions.readToken;
        gui.configPath = configPath;
        gui.listenOrigin = config.listenOrigin(parser.isSet(listenOption));
        if (!demoTarget.isEmpty()) {
            gui.startDemo = startDemo;
        }
        if (receiver) {
            gui.reloadConfig = [&reloader] { return reloader.reload(); };
        }
        code =
            jobpulse::runGui(*static_cast<QGuiApplication *>(app.get()), &store, receiverUrl, gui);
    }
    onHangup = nullptr;
    demo.reset();
    leadership.reset(); // frees the lock at once: another node takes the sources over
    if (store.isOpen() && !store.isPostgres()) {
        jobpulse::OwnerAddress::withdraw(dbPath);
    }
    // Clean shutdown: the writer commits what is queued, then the answers to requests that
    // were in flight are delivered and flushed before the receiver goes away.
    store.close();
    QDeadlineTimer drain(500);
    while (!drain.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return code;
}
