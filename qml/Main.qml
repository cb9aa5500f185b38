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

    /** The view in the middle: "live", "history", "inspector" or "settings" (Ctrl+1–4,
     *  Ctrl+comma, the left rail). */
    property string view: Dashboard.initialView

    header: AppHeader {
        id: appHeader
        onLiveRequested: window.view = "live" // the chips and the search filter the live list
        onResultsRequested: { window.view = "live"; jobList.view.forceActiveFocus(); jobList.view.step(0) }
    }

    // With a tray icon, closing hides the window and the app keeps watching; without one
    // (no tray on this desktop) the window closes and the app quits, as any window would.
    onClosing: close => {
        if (Dashboard.hideOnClose) {
            close.accepted = false
            window.hide()
        }
    }

    Shortcut {
        sequence: "Ctrl+1"
        onActivated: { window.view = "live"; jobList.view.forceActiveFocus() }
    }
    Shortcut {
        sequence: "Ctrl+2"
        onActivated: { window.view = "history"; history.view.forceActiveFocus() }
    }
    Shortcut {
        sequence: "Ctrl+3"
        onActivated: { window.view = "inspector"; inspector.view.forceActiveFocus() }
    }
    Shortcut {
        sequences: ["Ctrl+4", "Ctrl+,"]
        onActivated: { window.view = "settings"; settings.view.forceActiveFocus() }
    }
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

        LeftRail {
            Layout.fillHeight: true
            visible: window.width >= 1000
            currentView: window.view
            onViewRequested: name => window.view = name
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: ["live", "history", "inspector", "settings"].indexOf(window.view)
            JobList { id: jobList }
            HistoryView { id: history }
            InspectorView { id: inspector }
            SettingsPage { id: settings }
        }
        // The inspector and the settings are not about one job: they have the width to
        // themselves.
        Rectangle { Layout.fillHeight: true; width: 1; color: Theme.hairline; visible: jobDetail.visible }
        JobDetail {
            id: jobDetail
            // Not on the first run's page: there is no job to show yet.
            visible: (window.view === "live" || window.view === "history")
                     && (Dashboard.jobCount > 0 || Dashboard.selectedKey !== "")
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
