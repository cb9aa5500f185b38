#include "gui.h"

#include "config/appconfig.h"
#include "store/store.h"
#include "ui/dashboard.h"
#include "ui/logging.h"
#include "ui/singleinstance.h"
#include "ui/trayicon.h"

#include <QGuiApplication>
#include <QImage>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>
#include <cstdio>

// Both QML modules are static libraries: their plugins must be pulled in by name.
Q_IMPORT_QML_PLUGIN(JobpulseModelsPlugin)
Q_IMPORT_QML_PLUGIN(JobpulsePlugin)

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

void loadTranslation(QTranslator &translator, const QString &language)
{
    // The language follows the system locale (LANG / LC_MESSAGES) unless the settings name
    // one; qt_add_translations puts the .qm files under ":/i18n". Without a file for the
    // locale (LANG=C, fr_FR) the UI is English, with jobpulse_en's plural forms ("1 job",
    // "2 jobs").
    QCoreApplication::removeTranslator(&translator);
    const bool chosen = !language.isEmpty() && language != u"system";
    const QLocale locale = chosen ? QLocale(language) : QLocale::system();
    QLocale::setDefault(locale); // numbers and dates in QML (Qt.locale()) follow it too
    if (translator.load(locale, u"jobpulse"_s, u"_"_s, u":/i18n"_s)
        || translator.load(u"jobpulse_en"_s, u":/i18n"_s)) {
        QCoreApplication::installTranslator(&translator);
        qCDebug(lcUi) << "Translation loaded:" << translator.language();
    }
}

void prepareUi(QTranslator &translator, const QString &language)
{
    loadTranslation(translator, language);
    if (QQuickStyle::name().isEmpty()) {
        QQuickStyle::setStyle(u"Basic"_s); // restyled through Theme.qml
    }
}

QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, const QSize &size)
{
    engine.addImportPath(u"qrc:/qt/qml"_s);
    engine.load(QUrl(u"qrc:/qt/qml/Jobpulse/Main.qml"_s));
    auto *window = engine.rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window) {
        qCCritical(lcUi) << "The main window could not be created";
        return nullptr;
    }
    window->resize(size);
    return window;
}

int runGui(QGuiApplication &app, Store *store, const QUrl &receiverUrl, const GuiOptions &options)
{
    Dashboard dashboard(store);
    dashboard.loadSettings(options.configPath);
    QTranslator translator;
    prepareUi(translator, dashboard.settings()->language());

    // A viewer's receiver is the owner's: first-run examples, replays and the header use it.
    const QUrl receiving = options.ownerUrl.isValid() ? options.ownerUrl : receiverUrl;
    dashboard.setReceiverUrl(receiving.toString(QUrl::StripTrailingSlash));
    dashboard.settings()->setRunning(receiving, options.listenOrigin);
    dashboard.onboarding()->setProgram(QCoreApplication::applicationFilePath());
    dashboard.setInstanceLabel(Dashboard::instanceLabelFor(store ? store->path() : QString(),
        Store::defaultPath(), receiving.port(), ReceiverConfig::DefaultPort));
    if (options.ownerUrl.isValid()) {
        dashboard.owner()->follow(options.ownerUrl, options.ownerPid, options.readToken,
            store ? store->path() : QString());
        // A restarted owner may listen elsewhere: replays and examples follow it there.
        QObject::connect(dashboard.owner(), &OwnerLink::changed, &dashboard, [&dashboard] {
            dashboard.setReceiverUrl(dashboard.owner()->url().toString(QUrl::StripTrailingSlash));
        });
    }
    // After a save the settings go to whichever Jobpulse receives: the owner this window
    // views, or this process's own receiver (the same code as SIGHUP).
    if (options.ownerUrl.isValid()) {
        OwnerLink *owner = dashboard.owner();
        dashboard.settings()->setReloader(
            [owner](QObject *context, std::function<void(const ConfigChange &)> done) {
                owner->reloadConfig(context, std::move(done));
            });
    } else if (options.reloadConfig) {
        dashboard.settings()->setReloader(
            [reload = options.reloadConfig](
                QObject *, std::function<void(const ConfigChange &)> done) { done(reload()); });
    }
    if (!options.receiverProblem.isEmpty()) {
        dashboard.owner()->setProblem(options.receiverProblem, options.portTaken);
    }
    if (options.startDemo) {
        dashboard.setDemoStarter(options.startDemo);
    }
    dashboard.setSourceManager(options.sources);
    dashboard.inspector()->setReadToken(options.readToken);
    Dashboard::setInstance(&dashboard);

    int code = 0;
    {
        QQmlApplicationEngine engine;
        QQuickWindow *window = loadMainWindow(engine, options.windowSize);
        if (!window) {
            Dashboard::setInstance(nullptr);
            return 1;
        }
        // A language picked in the settings applies at once.
        QObject::connect(dashboard.settings(), &Settings::languageChanged, &engine,
            [&translator, &engine, &dashboard] {
                loadTranslation(translator, dashboard.settings()->language());
                engine.retranslate();
            });

        // Notifications need to know whether the window is in front: failures are then seen
        // and long jobs need no announcement. A click on one brings its job up.
        Notifier *notifier = dashboard.notifier();
        QObject::connect(window, &QWindow::activeChanged, notifier,
            [window, notifier] { notifier->setWindowActive(window->isActive()); });
        TrayKeeper tray(&dashboard, window);
        const auto bringForward = [window] {
            window->show(); // it may be hidden in the tray
            window->raise();
            window->requestActivate();
        };
        QObject::connect(notifier, &Notifier::openRequested, window,
            [&dashboard, bringForward](const QString &key) {
                dashboard.select(key);
                bringForward();
            });
        if (options.instance) {
            // A second launch (the menu entry clicked again) brings this window forward.
            QObject::connect(options.instance, &SingleInstance::raiseRequested, window, [=] {
                qCInfo(lcUi) << "A second launch raised the window";
                std::printf("raised\n");
                std::fflush(stdout);
                bringForward();
            });
        }

        if (!options.screenshotPath.isEmpty()) {
            QTimer::singleShot(options.screenshotDelayMs, window, [window, &options] {
                const QImage image = window->grabWindow();
                const bool saved = !image.isNull() && image.save(options.screenshotPath, "PNG");
                if (saved) {
                    qCInfo(lcUi) << "Screenshot saved to" << options.screenshotPath;
                } else {
                    qCCritical(lcUi)
                        << "Could not save the screenshot to" << options.screenshotPath;
                }
                QCoreApplication::exit(saved ? 0 : 2);
            });
        }
        code = app.exec();
    }
    Dashboard::setInstance(nullptr);
    return code;
}

} // namespace jobpulse
