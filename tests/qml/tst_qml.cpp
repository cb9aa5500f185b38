// Qt Quick Test runner for the QML modules, which are static: import their plugins here.
#include <QGuiApplication>
#include <QPalette>
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(JobpulseModelsPlugin)
Q_IMPORT_QML_PLUGIN(JobpulsePlugin)

using namespace Qt::Literals::StringLiterals;

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        // Stands in for a desktop in dark mode (what the platform theme would hand us), so
        // that tst_theme.qml can check the theme follows the system when nothing overrides it.
        if (qEnvironmentVariable("JOBPULSE_TEST_SYSTEM_SCHEME") == u"dark") {
            QPalette dark;
            dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
            dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
            dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
            dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
            QGuiApplication::setPalette(dark);
        }
    }
    void qmlEngineAvailable(QQmlEngine *engine) { engine->addImportPath(u"qrc:/qt/qml"_s); }
};

QUICK_TEST_MAIN_WITH_SETUP(jobpulse_qml, Setup)

#include "tst_qml.moc"
