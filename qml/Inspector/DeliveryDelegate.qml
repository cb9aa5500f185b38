import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// One delivery: verdict glyph, method and path, when; then the answer's status, the hook,
// the sender, how long the answer took, or why it was rejected.
ItemDelegate {
    id: row

    required property int index
    required property var deliveryId
    required property var received
    required property string method
    required property string path
    required property string hook
    required property string remote
    required property int httpStatus
    required property string verdict
    required property string reason
    required property real latencyMs
    required property var bodySize

    property bool selected: false
    readonly property color hue: Theme.verdictColor(verdict)

    implicitHeight: 52
    padding: 0
    hoverEnabled: true
    Accessible.name: qsTr("%1 %2, %3").arg(method).arg(path).arg(Format.verdictWord(verdict))

    background: Rectangle {
        color: row.selected ? Theme.selection : (row.hovered ? Theme.hover : Theme.base)
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.hairline }
        Rectangle { visible: row.selected; width: 3; height: parent.height; color: Theme.accent }
        Rectangle { visible: row.visualFocus; anchors.fill: parent; color: "transparent"; border.color: Theme.accent; border.width: 2 }
    }

    contentItem: Item {
        Label {
            id: glyph
            x: Theme.s3; y: Theme.s2
            width: 16
            text: Format.verdictGlyph(row.verdict)
            color: row.hue
            font.pixelSize: Theme.body
        }
        RowLayout {
            id: firstLine
            anchors { left: glyph.right; leftMargin: Theme.s2; right: parent.right; rightMargin: Theme.s3; top: parent.top; topMargin: Theme.s2 }
            spacing: Theme.s2
            Label { text: row.method; font.pixelSize: Theme.small; font.bold: true; color: Theme.muted; font.family: Theme.mono }
            Label { objectName: "path"; text: row.path; font.pixelSize: Theme.body; font.family: Theme.mono; color: Theme.text; elide: Text.ElideMiddle; Layout.fillWidth: true }
            Label { text: Format.clockTime(row.received); font.pixelSize: Theme.small; font.family: Theme.mono; color: Theme.muted }
        }
        RowLayout {
            anchors { left: firstLine.left; right: firstLine.right; top: firstLine.bottom; topMargin: 2 }
            spacing: Theme.s2
            Label { objectName: "status"; text: row.httpStatus; color: row.hue; font.pixelSize: Theme.small; font.bold: true; font.family: Theme.mono }
            Label { text: Format.verdictWord(row.verdict); color: row.hue; font.pixelSize: Theme.small }
            // The hook that took it, refused or not: which sender to look at.
            Label {
                objectName: "hook"
                visible: row.hook !== ""
                text: row.hook
                color: Theme.muted; font.pixelSize: Theme.small
                Layout.maximumWidth: firstLine.width / 3
                elide: Text.ElideRight
            }
            Label {
                objectName: "reason"
                visible: row.reason !== ""
                text: (row.hook !== "" ? "\u00B7 " : "") + Format.firstLine(row.reason)
                color: Theme.failed; font.pixelSize: Theme.small; elide: Text.ElideRight
                Layout.fillWidth: true
                Layout.leftMargin: row.hook !== "" ? -Theme.s1 : 0
            }
            Label {
                visible: row.reason === ""
                text: row.hook !== "" && row.remote !== "" ? "\u00B7 " + row.remote : row.remote
                color: Theme.muted; font.pixelSize: Theme.small; elide: Text.ElideRight
                Layout.fillWidth: true
                Layout.leftMargin: row.hook !== "" ? -Theme.s1 : 0
            }
            Label { visible: row.latencyMs > 0; text: Format.milliseconds(row.latencyMs); color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono }
        }
    }
}
