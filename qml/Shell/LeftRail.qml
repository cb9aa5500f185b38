import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// Views and sources. Only "Live" exists in this cut; the others say so.
Rectangle {
    id: rail

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
        property bool current: false
        Layout.fillWidth: true
        implicitHeight: 32
        leftPadding: Theme.s4; rightPadding: Theme.s4
        font.pixelSize: Theme.body
        background: Rectangle { color: entry.current ? Theme.selection : (entry.hovered && entry.enabled ? Theme.hover : "transparent") }
        contentItem: RowLayout {
            Label { text: entry.text; color: entry.enabled ? Theme.text : Theme.muted; font: entry.font; Layout.fillWidth: true }
            Label { text: entry.count; color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono }
        }
    }

    ColumnLayout {
        anchors { left: parent.left; right: parent.right; top: parent.top }
        spacing: 0

        Section { text: qsTr("Jobs") }
        Entry { text: qsTr("Live"); count: Dashboard.jobCount; current: true; Layout.topMargin: Theme.s1 }
        Entry { text: qsTr("History"); count: qsTr("soon"); enabled: false }

        Section { text: qsTr("Sources") }
        Label {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.s4; Layout.rightMargin: Theme.s4; Layout.topMargin: Theme.s2
            wrapMode: Text.Wrap
            text: qsTr("None configured. Jobs arrive through the receiver.")
            color: Theme.muted; font.pixelSize: Theme.small
        }
    }
    Rectangle { anchors.right: parent.right; width: 1; height: parent.height; color: Theme.hairline }
}
