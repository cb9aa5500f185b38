// Qt Quick Test runner for the QML modules, which are static: import their plugins here.
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
    void qmlEngineAvailable(QQmlEngine *engine) { engine->addImportPath(u"qrc:/qt/qml"_s); }
};

QUICK_TEST_MAIN_WITH_SETUP(jobpulse_qml, Setup)

#include "tst_qml.moc"
