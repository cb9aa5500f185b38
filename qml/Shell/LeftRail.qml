import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// Views and sources: the live list and the history, then each outbound source's state.
Rectangle {
    id: rail

    property string currentView: "live"
    readonly property bool rejectedShown: Dashboard.inspector.deliveries.verdictFilter === "rejected"
    signal viewRequested(string name)

    implicitWidth: 200
    color: Theme.surface

    component Section: Label {
        Layout.topMargin: Theme.s4
        Layout.leftMargin: Theme.s4
        font.pixelSize: Theme.small; font.bold: true; font.capitalization: Font.AllUppercase
        color: Theme.muted
    }
    component Entry: ItemDelegate {
        id: entry
        property string count
        property color countColor: Theme.muted
        property bool current: false
        Layout.fillWidth: true
        implicitHeight: 32
        leftPadding: Theme.s4; rightPadding: Theme.s4
        font.pixelSize: Theme.body
        // Tab reaches the rail; Space or Enter opens the entry.
        focusPolicy: Qt.StrongFocus
        Keys.onReturnPressed: clicked()
        Keys.onEnterPressed: clicked()
        background: Rectangle {
            color: entry.current ? Theme.selection : (entry.hovered && entry.enabled ? Theme.hover : "transparent")
            border.width: entry.visualFocus ? 2 : 0
            border.color: Theme.accent
        }
        contentItem: RowLayout {
            Label { text: entry.text; color: entry.enabled ? Theme.text : Theme.muted; font: entry.font; Layout.fillWidth: true }
            Label { objectName: "count"; text: entry.count; color: entry.countColor; font.pixelSize: Theme.small; font.family: Theme.mono }
        }
    }

    ColumnLayout {
        anchors { left: parent.left; right: parent.right; top: parent.top }
        spacing: 0

        Section { text: qsTr("Jobs") }
        Entry {
            objectName: "liveEntry"
            text: qsTr("Live"); count: Dashboard.jobCount
            current: rail.currentView === "live"
            Layout.topMargin: Theme.s1
            onClicked: rail.viewRequested("live")
        }
        Entry {
            objectName: "historyEntry"
            text: qsTr("History")
            current: rail.currentView === "history"
            onClicked: rail.viewRequested("history")
        }

        // Outbound sources from the config; without any, jobs only arrive through the
        // receiver and the section is not shown.
        Section { objectName: "sourcesSection"; text: qsTr("Sources"); visible: Dashboard.sources.count > 0 }
        Repeater {
            objectName: "sourceBadges"
            model: Dashboard.sources
            delegate: SourceBadge { Layout.fillWidth: true }
        }

        Section { text: qsTr("Receiver") }
        Entry {
            objectName: "inspectorEntry"
            text: qsTr("Inspector")
            current: rail.currentView === "inspector" && !rail.rejectedShown
            Layout.topMargin: Theme.s1
            onClicked: {
                if (rail.rejectedShown)
                    Dashboard.inspector.deliveries.verdictFilter = ""
                rail.viewRequested("inspector")
            }
        }
        // Refused webhooks without opening the inspector: how many in the last day; a click
        // lists them.
        Entry {
            objectName: "rejectedEntry"
            text: qsTr("Rejected")
            leftPadding: Theme.s4 + Theme.s3
            count: Dashboard.inspector.recentRejected
            countColor: Dashboard.inspector.recentRejected > 0 ? Theme.failed : Theme.muted
            current: rail.currentView === "inspector" && rail.rejectedShown
            ToolTip.visible: hovered
            ToolTip.delay: 500
            ToolTip.text: qsTr("%n delivery(s) refused in the last %1 hours", "", Dashboard.inspector.recentRejected).arg(24)
            Accessible.name: qsTr("Rejected deliveries: %1").arg(count)
            onClicked: {
                Dashboard.inspector.showRejected()
                rail.viewRequested("inspector")
            }
        }
        Entry {
            objectName: "settingsEntry"
            text: qsTr("Settings")
            current: rail.currentView === "settings"
            onClicked: rail.viewRequested("settings")
        }
    }
    Rectangle { anchors.right: parent.right; width: 1; height: parent.height; color: Theme.hairline }
}
