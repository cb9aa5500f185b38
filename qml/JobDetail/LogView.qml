import QtQuick
import QtQuick.Controls
import Jobpulse
import Jobpulse.Models

// The selected job's recent events, following the newest while it is scrolled to the end;
// scrolled back (drag, wheel, scroll bar), it stays put and offers a way back to the newest.
ListView {
    id: log

    /** Whether new events scroll into view. Scrolling back stops it; scrolling to the end,
     *  "Latest" or another job starts it again. */
    property bool following: true

    function follow() {
        following = true
        positionViewAtEnd()
    }

    clip: true
    model: Dashboard.log
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {
        id: bar
        onPressedChanged: if (!pressed) log.following = log.atYEnd
    }

    onMovementEnded: following = atYEnd
    // While following, the newest line stays in view whatever changes the geometry: new
    // events, and the pane growing or shrinking (the steps above load after the log, a
    // finished job's last lines were hidden below the view's end).
    function keepAtEnd() {
        if (following)
            Qt.callLater(positionViewAtEnd)
    }
    onCountChanged: keepAtEnd()
    onHeightChanged: keepAtEnd()
    onContentHeightChanged: keepAtEnd()
    Keys.onPressed: event => {
        if (event.key === Qt.Key_End) {
            follow()
            event.accepted = true
        }
    }
    Connections {
        target: Dashboard
        function onSelectedKeyChanged() { log.follow() }
    }

    delegate: Row {
        required property var time
        required property string type
        required property string message

        width: ListView.view.width
        spacing: Theme.s2
        Label {
            text: Format.clockTime(parent.time)
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

    Button {
        id: latest
        objectName: "logLatest"
        visible: !log.following && log.count > 0
        anchors { right: parent.right; bottom: parent.bottom; rightMargin: Theme.s4; bottomMargin: Theme.s2 }
        text: qsTr("\u2193 Latest")
        font.pixelSize: Theme.small
        Accessible.description: qsTr("Scroll to the newest event and follow new ones")
        onClicked: log.follow()
    }
}
