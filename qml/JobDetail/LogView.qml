import QtQuick
import QtQuick.Controls
import Jobpulse
import Jobpulse.Models

// The selected job's recent events, following the newest unless scrolled back.
ListView {
    id: log

    property bool following: true

    clip: true
    model: Dashboard.log
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    onMovementEnded: following = atYEnd
    onCountChanged: if (following) Qt.callLater(positionViewAtEnd)

    delegate: Row {
        required property var time
        required property string type
        required property string message

        width: ListView.view.width
        spacing: Theme.s2
        Label {
            text: Theme.clockTime(parent.time)
            color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
        }
        Label {
            width: parent.width - x
            text: parent.message
            color: parent.type === "job.failed" || parent.type === "step.failed" ? Theme.failed : Theme.text
            font.pixelSize: Theme.small
            elide: Text.ElideRight
        }
    }

    Label {
        visible: log.count === 0
        text: qsTr("No events yet.")
        color: Theme.muted; font.pixelSize: Theme.small
    }
}
