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
    // Another instance (its own database or port) says which it is, in the title and tray.
    readonly property string appName: Dashboard.instanceLabel !== ""
        ? qsTr("Jobpulse (%1)").arg(Dashboard.instanceLabel) : qsTr("Jobpulse")
    title: Dashboard.failedCount > 0 ? qsTr("%1 \u2014 %n failed", "", Dashboard.failedCount).arg(appName) : appName
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
    /** Under 1000 px the rail becomes a drawer and the detail slides over the list. */
    readonly property bool narrow: width < 1000
    /** The rail hidden by its menu button (wide windows). */
    property bool railCollapsed: false
    readonly property bool jobView: view === "live" || view === "history"
    readonly property alias railDrawer: railDrawer

    // Above the header, over every view: while new events cannot be saved, and while this
    // window receives none (the port taken, the Jobpulse it views gone).
    menuBar: Column {
        StoreBanner { objectName: "storeBanner"; width: parent.width }
        ReceiverBanner {
            objectName: "receiverBanner"
            width: parent.width
            onSettingsRequested: { window.view = "settings"; settings.view.forceActiveFocus() }
        }
    }

    header: AppHeader {
        id: appHeader
        onLiveRequested: window.view = "live" // the chips and the search filter the live list
        compact: window.narrow
        onMenuRequested: {
            if (window.narrow)
                railDrawer.visible ? railDrawer.close() : railDrawer.open()
            else
                window.railCollapsed = !window.railCollapsed
        }
        onResultsRequested: { window.view = "live"; jobList.view.forceActiveFocus(); jobList.keys.step(0) }
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
        // The history has a search of its own (stored jobs and their logs).
        onActivated: window.view === "history" ? history.focusSearch() : appHeader.focusSearch()
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
            objectName: "rail"
            Layout.fillHeight: true
            visible: !window.narrow && !window.railCollapsed
            currentView: window.view
            onViewRequested: name => window.view = name
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: ["live", "history", "inspector", "settings"].indexOf(window.view)
            JobList { id: jobList; onNotificationsMenuRequested: notificationsMenu.show() }
            HistoryView { id: history; onNotificationsMenuRequested: notificationsMenu.show() }
            InspectorView { id: inspector }
            SettingsPage { id: settings }
        }
        // The inspector and the settings are not about one job: they have the width to
        // themselves.
        Rectangle { Layout.fillHeight: true; width: 1; color: Theme.hairline; visible: jobDetail.visible }
        JobDetail {
            id: jobDetail
            // Not on the first run's page: there is no job to show yet.
            visible: !window.narrow && window.jobView
                     && (Dashboard.jobCount > 0 || Dashboard.selectedKey !== "")
            Layout.fillHeight: true
            Layout.preferredWidth: Math.max(360, Math.min(480, window.width * 0.32))
        }
    }

    // Narrow: the selected job's detail over the right of the list; Esc or ✕ closes it. It
    // starts below the view's heading and filters, so search, filters and Export stay usable.
    Rectangle {
        id: detailOverlay
        objectName: "detailOverlay"
        visible: window.narrow && window.jobView && Dashboard.selectedKey !== ""
        anchors { top: parent.top; bottom: parent.bottom; right: parent.right }
        anchors.topMargin: window.view === "history" ? history.contentTop : jobList.contentTop
        width: Math.min(480, window.width - 120)
        color: Theme.hairline
        Loader {
            anchors { fill: parent; leftMargin: 1 }
            active: parent.visible
            sourceComponent: JobDetail {}
        }
    }
    Drawer {
        id: railDrawer
        objectName: "railDrawer"
        y: window.header.height
        width: 220
        height: window.height - window.header.height
        edge: Qt.LeftEdge
        LeftRail {
            anchors.fill: parent
            currentView: window.view
            onViewRequested: name => { window.view = name; railDrawer.close() }
        }
    }
    onNarrowChanged: if (!narrow) railDrawer.close()

    // Space on a list (UI.md "Keyboard"): pause or resume desktop notifications.
    Menu {
        id: notificationsMenu
        objectName: "notificationsMenu"
        readonly property bool paused: Dashboard.notifier.paused
        function show() {
            popup((window.width - width) / 2, window.header.height + Theme.s6)
            currentIndex = paused ? 2 : 0 // the first entry shown
        }
        component Entry: MenuItem { height: visible ? implicitHeight : 0 }
        Entry {
            visible: !notificationsMenu.paused
            text: qsTr("Pause notifications for 1 hour")
            onTriggered: Dashboard.notifier.pauseFor(60)
        }
        Entry {
            visible: !notificationsMenu.paused
            text: qsTr("Pause notifications until resumed")
            onTriggered: Dashboard.notifier.pauseUntilResumed()
        }
        Entry {
            visible: notificationsMenu.paused
            text: qsTr("Resume notifications")
            onTriggered: Dashboard.notifier.resume()
        }
    }

    // Over the list, bottom-right, never over the detail: its log is what a failure toast
    // sends you to read.
    ToastStack {
        objectName: "toastStack"
        readonly property real detailWidth: jobDetail.visible ? jobDetail.width + 1
            : detailOverlay.visible ? detailOverlay.width : 0
        anchors { right: parent.right; bottom: parent.bottom; margins: Theme.s4 }
        anchors.rightMargin: detailWidth + Theme.s4
        width: Math.min(340, parent.width - detailWidth - 2 * Theme.s4)
        model: Dashboard.toasts
        onOpened: key => { Dashboard.select(key); jobList.view.forceActiveFocus() }
    }
}
