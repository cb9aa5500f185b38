import QtQuick
import QtQuick.Controls
import Jobpulse
import Jobpulse.Models

// The selected job's recent events other than its log lines (steps, status, messages), one
// line each, copied as shown ("12:59:45 step 2 ocr").
FollowingList {
    id: events

    model: Dashboard.log
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Events")
    emptyText: qsTr("No events yet.")
    latestDescription: qsTr("Scroll to the newest event and follow new ones")
    keyAt: row => model.data(model.index(row, 0), EventLogModel.SeqRole)
    rowOfKey: seq => model.rowOfSeq(seq)
    copyRange: (first, last) => Dashboard.copyToClipboard(model.text(first, last))

    Connections {
        target: Dashboard
        function onSelectedKeyChanged() {
            events.clearSelection()
            events.follow()
        }
    }

    delegate: Rectangle {
        id: line
        required property int index
        required property var time
        required property string type
        required property string message
        required property double seq
        readonly property bool selected: events.hasSelection && seq >= events.firstKey && seq <= events.lastKey
        readonly property bool full: events.wrap || selected

        width: ListView.view.width
        height: row.implicitHeight
        color: selected ? Theme.selection : "transparent"

        Row {
            id: row
            width: parent.width
            spacing: Theme.s2
            Label {
                id: clock
                text: Format.clockTime(line.time)
                color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
            }
            Label {
                width: parent.width - clock.width - row.spacing
                text: line.message
                color: line.type === "job.failed" || line.type === "step.failed" ? Theme.failed : Theme.text
                font.pixelSize: Theme.small
                wrapMode: line.full ? Text.WrapAnywhere : Text.NoWrap
                elide: line.full ? Text.ElideNone : Text.ElideRight
            }
        }
    }
}
