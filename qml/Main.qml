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

    header: AppHeader { id: appHeader }

    Shortcut {
        sequences: [StandardKey.Find]
        onActivated: appHeader.focusSearch()
    }
    // Esc undoes the nearest thing: the search text, then the search focus, then the detail.
    Shortcut {
        sequence: "Esc"
        onActivated: {
            if (Dashboard.visibleJobs.search !== "") {
                Dashboard.visibleJobs.search = ""
            } else if (appHeader.searchField.activeFocus) {
                jobList.view.forceActiveFocus()
            } else {
                Dashboard.select("")
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        LeftRail { Layout.fillHeight: true; visible: window.width >= 1000 }
        JobList {
            id: jobList
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
        Rectangle { Layout.fillHeight: true; width: 1; color: Theme.hairline }
        JobDetail {
            Layout.fillHeight: true
            Layout.preferredWidth: Math.max(360, Math.min(480, window.width * 0.32))
        }
    }

    ToastStack {
        anchors { right: parent.right; bottom: parent.bottom; margins: Theme.s4 }
        model: Dashboard.toasts
        onOpened: key => { Dashboard.select(key); jobList.view.forceActiveFocus() }
    }
}
