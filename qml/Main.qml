import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// One window: header, left rail, live job list and the selected job's detail.
ApplicationWindow {
    id: window

    width: 1280
    height: 800
    minimumWidth: 800
    minimumHeight: 480
    visible: true
    title: Dashboard.failedCount > 0 ? qsTr("Jobpulse \u2014 %n failed", "", Dashboard.failedCount) : qsTr("Jobpulse")
    color: Theme.base
    palette.window: Theme.base
    palette.base: Theme.base
    palette.text: Theme.text
    palette.windowText: Theme.text
    palette.highlight: Theme.accent
    palette.button: Theme.surface
    palette.buttonText: Theme.text

    header: AppHeader {}

    Shortcut {
        sequence: "Esc"
        onActivated: Dashboard.select("")
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        LeftRail { Layout.fillHeight: true; visible: window.width >= 1000 }
        JobList {
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
        Rectangle { Layout.fillHeight: true; width: 1; color: Theme.hairline }
        JobDetail {
            Layout.fillHeight: true
            Layout.preferredWidth: Math.max(360, Math.min(480, window.width * 0.32))
        }
    }
}
