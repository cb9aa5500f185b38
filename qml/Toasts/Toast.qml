import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// One toast: a finished or failed job, or a group of them ("5 jobs finished"); or a record
// that changed its state ("pending → approved"), or a group of those; or a failure the
// dashboard met that no page shows (ErrorSink), which stays until dismissed.
// Clicking it opens the job; ✕ dismisses it.
Rectangle {
    id: toast

    required property int toastId
    required property string jobKey
    required property string title
    required property string status
    required property int jobCount
    required property int succeeded
    required property int failed
    required property bool sticky
    required property string fromState
    required property string toState
    readonly property bool change: status === "changed"
    readonly property bool error: status === "error"

    signal opened(string key)
    signal dismissed()

    readonly property color hue: change ? Theme.accent : Theme.statusColor(error ? "failed" : status)
    // A record change: "pending → approved", in the user's words where they are known.
    readonly property string transition: qsTr("%1 \u2192 %2").arg(Format.stateWord(fromState)).arg(Format.stateWord(toState))
    readonly property string heading: error ? qsTr("Something went wrong")
        : jobCount <= 1 ? title
        : change ? qsTr("%n record(s) changed", "", jobCount)
        : failed === jobCount ? qsTr("%n job(s) failed", "", jobCount)
        : qsTr("%n job(s) finished", "", jobCount)
    readonly property string detail: error ? title
        : change ? (jobCount <= 1 ? transition : qsTr("Latest: %1 \u00B7 %2").arg(title).arg(transition))
        : jobCount <= 1 ? (failed > 0 ? qsTr("Job failed") : qsTr("Job finished"))
        : failed === 0 ? qsTr("All succeeded \u00B7 latest: %1").arg(title)
        : failed === jobCount ? qsTr("Latest: %1").arg(title)
        : qsTr("%1 succeeded \u00B7 %2 failed").arg(succeeded).arg(failed)

    objectName: "toast"
    implicitHeight: row.implicitHeight + 2 * Theme.s3
    radius: 6
    color: Theme.raised
    border.color: Theme.hairline
    Accessible.role: Accessible.AlertMessage
    Accessible.name: heading + ", " + detail

    // A soft edge on the hue's side says which kind of toast this is before reading it.
    Rectangle {
        width: 4; radius: 2
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; margins: Theme.s1 }
        color: toast.hue
    }
    // A plain drop shadow without Qt5Compat effects.
    Rectangle {
        z: -1
        anchors { fill: parent; topMargin: 2; leftMargin: -1; rightMargin: -1; bottomMargin: -3 }
        radius: toast.radius + 1
        color: Theme.shadow
    }

    MouseArea {
        objectName: "toastArea"
        anchors.fill: parent
        cursorShape: Qt.PointingHandCursor
        onClicked: if (!toast.error) toast.opened(toast.jobKey)
    }

    RowLayout {
        id: row
        anchors { fill: parent; leftMargin: Theme.s4; rightMargin: Theme.s2; topMargin: Theme.s3; bottomMargin: Theme.s3 }
        spacing: Theme.s3

        Label {
            Layout.alignment: Qt.AlignTop
            text: toast.change ? "\u270E" : Format.statusGlyph(toast.error ? "failed" : toast.status)
            color: toast.hue
            font.pixelSize: Theme.title
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                objectName: "toastHeading"
                Layout.fillWidth: true
                text: toast.heading
                color: Theme.text
                font.pixelSize: Theme.body; font.bold: true
                elide: Text.ElideRight
            }
            Label {
                objectName: "toastDetail"
                Layout.fillWidth: true
                text: toast.detail
                color: toast.failed > 0 ? toast.hue : Theme.muted
                font.pixelSize: Theme.small
                elide: Text.ElideRight
            }
        }
        ToolButton {
            Layout.alignment: Qt.AlignTop
            implicitWidth: 24; implicitHeight: 24
            text: "\u2715"
            font.pixelSize: Theme.small
            Accessible.name: qsTr("Dismiss")
            onClicked: toast.dismissed()
        }
    }
}
