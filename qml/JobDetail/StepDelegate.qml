import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// One step: glyph, number, name, a thin bar scaled to the slowest step, its duration,
// and its details underneath when it has any.
Item {
    id: step

    required property int number
    required property string name
    required property string status
    required property real duration
    required property string details
    required property real fraction

    implicitHeight: column.implicitHeight + Theme.s1 * 2

    ColumnLayout {
        id: column
        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter }
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.s2
            Label {
                text: Theme.statusGlyph(step.status)
                color: Theme.statusColor(step.status)
                font.pixelSize: Theme.body
                Layout.preferredWidth: 16
                Accessible.name: Theme.statusWord(step.status)
            }
            Label {
                text: step.number
                color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
                horizontalAlignment: Text.AlignRight
                Layout.preferredWidth: 18
            }
            Label {
                text: step.name !== "" ? step.name : qsTr("Step %1").arg(step.number)
                color: step.status === "pending" || step.status === "skipped" ? Theme.muted : Theme.text
                font.pixelSize: Theme.body
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Item {
                Layout.preferredWidth: 64
                Layout.preferredHeight: 4
                Rectangle { anchors.fill: parent; radius: 2; color: Theme.track; visible: step.duration >= 0 }
                Rectangle {
                    height: parent.height; radius: 2
                    width: Math.max(2, parent.width * step.fraction)
                    visible: step.duration >= 0
                    color: Theme.statusColor(step.status)
                }
            }
            Label {
                text: step.status === "running" ? "\u2026" : Theme.duration(step.duration)
                color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
                horizontalAlignment: Text.AlignRight
                Layout.preferredWidth: 56
            }
        }
        Label {
            visible: step.details !== ""
            text: step.details
            color: Theme.muted; font.pixelSize: Theme.small
            elide: Text.ElideRight
            Layout.fillWidth: true
            Layout.leftMargin: 16 + 18 + 2 * Theme.s2
        }
    }
}
