import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// One toast: a finished or failed job, or a group of one workflow's jobs ("ocr: 3 jobs
// failed") listing each with its error; or a record that changed its state ("pending →
// approved"), or a group of those; or a failure the dashboard met that no page shows
// (ErrorSink), which stays until dismissed. Clicking it opens the job (a listed job: that
// one); ✕ dismisses it and shows the next one waiting behind it.
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
    required property string errorLine
    required property string group
    required property var jobs
    /** How many toasts wait behind this one. */
    property int behind: 0
    readonly property bool change: status === "changed"
    readonly property bool error: status === "error"

    signal opened(string key)
    signal dismissed()

    readonly property color hue: change ? Theme.accent : Theme.statusColor(error ? "failed" : status)
    function transitionText(from, to) {
        return qsTr("%1 \u2192 %2").arg(Format.stateWord(from)).arg(Format.stateWord(to))
    }
    readonly property string heading: error ? qsTr("Something went wrong")
        : jobCount <= 1 ? title
        : change ? qsTr("%n record(s) changed", "", jobCount)
        : failed === jobCount ? qsTr("%n job(s) failed", "", jobCount)
        : qsTr("%n job(s) finished", "", jobCount)
    // A group: what its jobs have in common, and how they ended when not all alike.
    readonly property string counts: change || failed === jobCount ? ""
        : failed === 0 ? qsTr("All succeeded")
        : qsTr("%1 succeeded \u00B7 %2 failed").arg(succeeded).arg(failed)
    readonly property string detail: error ? title
        : jobCount <= 1 ? (change ? transitionText(fromState, toState)
                           : failed > 0 ? (errorLine !== "" ? errorLine : qsTr("Job failed"))
                           : qsTr("Job finished"))
        : [group, counts].filter(part => part !== "").join(" \u00B7 ")

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
                visible: text !== ""
                text: toast.detail
                color: toast.failed > 0 && toast.jobCount <= 1 ? toast.hue : Theme.muted
                font.pixelSize: Theme.small
                elide: Text.ElideRight
            }
            // A group lists its newest jobs, each with its error (or its change); a click on
            // one opens that job.
            Repeater {
                model: toast.jobCount > 1 ? toast.jobs : []
                delegate: Item {
                    id: line
                    required property var modelData
                    readonly property bool changed: modelData.status === "changed"
                    readonly property string note: changed
                        ? toast.transitionText(modelData.fromState, modelData.toState) : modelData.error
                    objectName: "toastJob"
                    Layout.fillWidth: true
                    implicitHeight: lineRow.implicitHeight
                    RowLayout {
                        id: lineRow
                        anchors.fill: parent
                        spacing: Theme.s2
                        Label {
                            text: line.changed ? "\u270E" : Format.statusGlyph(line.modelData.status)
                            color: line.changed ? Theme.accent : Theme.statusColor(line.modelData.status)
                            font.pixelSize: Theme.small
                        }
                        Label {
                            Layout.maximumWidth: line.note === "" ? -1 : lineRow.width * 0.45
                            text: line.modelData.title
                            color: Theme.text
                            font.pixelSize: Theme.small
                            elide: Text.ElideRight
                        }
                        Label {
                            objectName: "toastJobNote"
                            Layout.fillWidth: true
                            text: line.note
                            color: line.modelData.status === "failed" ? Theme.failed : Theme.muted
                            font.pixelSize: Theme.small
                            elide: Text.ElideRight
                        }
                    }
                    MouseArea {
                        anchors.fill: parent
                        cursorShape: Qt.PointingHandCursor
                        onClicked: toast.opened(line.modelData.key)
                    }
                }
            }
            Label {
                visible: toast.jobCount > toast.jobs.length && toast.jobCount > 1
                text: qsTr("and %n more", "", toast.jobCount - toast.jobs.length)
                color: Theme.muted
                font.pixelSize: Theme.small
            }
            Label {
                objectName: "toastBehind"
                visible: toast.behind > 0
                text: qsTr("+%n more", "toasts waiting behind the one shown", toast.behind)
                color: Theme.muted
                font.pixelSize: Theme.small
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
