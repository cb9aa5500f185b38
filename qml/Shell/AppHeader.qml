import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// App name, search, status counts and the receiver's address with its state.
Rectangle {
    id: header

    implicitHeight: 48
    color: Theme.base

    readonly property color aggregate: Dashboard.failedCount > 0 ? Theme.failed
        : Dashboard.runningCount > 0 ? Theme.running : Theme.succeeded

    RowLayout {
        anchors { fill: parent; leftMargin: Theme.s4; rightMargin: Theme.s4 }
        spacing: Theme.s3

        Label { text: "\u25CF"; color: header.aggregate; font.pixelSize: Theme.body }
        Label {
            text: qsTr("Jobpulse")
            font.pixelSize: Theme.title; font.bold: true
            color: Theme.text
            Layout.rightMargin: Theme.s4
        }
        TextField {
            Layout.preferredWidth: 260
            implicitHeight: 28
            enabled: false // search arrives with the history view
            placeholderText: qsTr("Search jobs\u2026 (coming soon)")
            font.pixelSize: Theme.body
        }
        StatusChip { label: qsTr("Running"); glyph: Theme.statusGlyph("running"); count: Dashboard.runningCount; hue: Theme.running }
        StatusChip { label: qsTr("Failed"); glyph: Theme.statusGlyph("failed"); count: Dashboard.failedCount; hue: Theme.failed }
        StatusChip { label: qsTr("Queued"); glyph: Theme.statusGlyph("queued"); count: Dashboard.queuedCount; hue: Theme.queued }
        StatusChip { label: qsTr("All"); count: Dashboard.jobCount; hue: Theme.muted }

        Item { Layout.fillWidth: true }

        Label {
            text: qsTr("receiver")
            color: Theme.muted; font.pixelSize: Theme.small
        }
        Label {
            text: Dashboard.receiverOnline ? Dashboard.receiverUrl.replace(/^https?:\/\//, "") : qsTr("off")
            color: Theme.text; font.pixelSize: Theme.small; font.family: Theme.mono
        }
        Label {
            text: Dashboard.receiverOnline ? "\u25CF" : "\u25CB"
            color: Dashboard.receiverOnline ? Theme.succeeded : Theme.failed
            font.pixelSize: Theme.small
            Accessible.name: Dashboard.receiverOnline ? qsTr("listening") : qsTr("not listening")
            ToolTip.visible: receiverHover.hovered
            ToolTip.text: Dashboard.receiverOnline ? qsTr("Listening for events") : qsTr("Not listening")
            HoverHandler { id: receiverHover }
        }
    }
    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.hairline }
}
