import QtQuick
import Qt.labs.platform as Platform

// Asks where to save an export; made on first use (it needs a QApplication).
Item {
    id: dialog

    signal chosen(url file, string format)
    property string format: "csv"

    function ask(format) {
        dialog.format = format
        loader.active = true
        const folder = Platform.StandardPaths.writableLocation(Platform.StandardPaths.DocumentsLocation)
        loader.item.folder = folder
        loader.item.currentFile = folder + "/" + qsTr("jobpulse-history") + "-"
            + new Date().toISOString().slice(0, 10) + "." + format
        loader.item.open()
    }

    Loader {
        id: loader
        active: false
        sourceComponent: Platform.FileDialog {
            fileMode: Platform.FileDialog.SaveFile
            title: dialog.format === "csv" ? qsTr("Export history as CSV") : qsTr("Export history as JSON")
            defaultSuffix: dialog.format
            nameFilters: dialog.format === "csv" ? [qsTr("CSV files (*.csv)")] : [qsTr("JSON files (*.json)")]
            onAccepted: dialog.chosen(file, dialog.format)
        }
    }
}
