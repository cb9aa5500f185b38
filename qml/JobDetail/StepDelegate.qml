import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// One step: glyph, number, name, a thin bar scaled to the slowest step (or the slowest
// median) with a tick at the median of the kind's past runs, its duration, and its details
// underneath when it has any. The running step is marked (bold, on the selection colour); a
// step still to come is greyed, with its usual duration when past runs tell it.
Item {
    id: step

    required property int number
    required property string name
    required property string status
    required property real duration
    required property string details
    required property real fraction
    required property real median
    required property real medianFraction
    /** Not reached yet: the plan ahead (the job's step total, the kind's past runs). */
    required property bool upcoming
    readonly property bool current: step.status === "running"

    implicitHeight: column.implicitHeight + Theme.s1 * 2
    opacity: step.upcoming ? 0.55 : 1
    Accessible.name: step.upcoming ? qsTr("Step %1, not reached yet").arg(step.number) : ""

    Rectangle {
        objectName: "currentStep"
        anchors.fill: parent
        visible: step.current
        color: Theme.selection
        radius: 4
    }

    ColumnLayout {
        id: column
        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter }
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.s2
            Label {
                text: Format.statusGlyph(step.status) // an upcoming step is "pending": ○
                color: Theme.statusColor(step.status)
                font.pixelSize: Theme.body
                Layout.preferredWidth: 16
                Accessible.name: Format.statusWord(step.status)
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
                font.bold: step.current
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Item {
                id: bar
                Layout.preferredWidth: 64
                Layout.preferredHeight: 10
                Rectangle {
                    anchors.verticalCenter: parent.verticalCenter
                    width: parent.width; height: 4; radius: 2
                    color: Theme.track
                    visible: step.duration >= 0 || step.median >= 0
                }
                Rectangle {
                    anchors.verticalCenter: parent.verticalCenter
                    height: 4; radius: 2
                    width: Math.max(2, parent.width * step.fraction)
                    visible: step.duration >= 0
                    color: Theme.statusColor(step.status)
                }
                Rectangle {
                    objectName: "medianTick"
                    visible: step.median >= 0
                    x: Math.min(parent.width - width, Math.max(0, parent.width * step.medianFraction - width / 2))
                    width: 2; height: parent.height
                    color: Theme.text
                }
                HoverHandler { id: barHover }
                ToolTip.visible: barHover.hovered && step.median >= 0
                ToolTip.text: qsTr("Usually %1 (median of past runs)").arg(Format.duration(step.median))
            }
            Label {
                text: step.upcoming ? (step.median >= 0 ? "\u2248 " + Format.duration(step.median) : "")
                    : step.status === "running" ? "\u2026" : Format.duration(step.duration)
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
