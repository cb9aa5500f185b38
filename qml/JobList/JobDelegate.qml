import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// One job: glyph, title, key and time; then status, current step and elapsed over a
// 4 px progress bar. A failed job shows its error's first line instead of the bar.
ItemDelegate {
    id: row

    required property int index
    required property string key
    required property string title
    required property string status
    required property string subState
    required property real progress
    required property bool progressKnown
    required property int stepIndex
    required property int stepTotal
    required property string stepName
    required property real elapsed
    required property string error
    required property var updatedAt
    /** Name → value: the repository and branch stand beside the title instead of the key. */
    required property var labels

    property bool selected: false
    /** The log line the live search found this job by; "" when none (shown under the row). */
    required property string matchLine
    /** Seconds left by the kind's history, -1 without (the history view has no ETA). */
    property real remaining: -1
    /** The listed jobs that are part of this one (a CI run's jobs), done and failed of them;
     *  the live list's (the history lists every job on its own). */
    property int childCount: 0
    property int childrenDone: 0
    property int childrenFailed: 0
    readonly property string childText: childCount <= 0 ? ""
        : Format.childSummary(childCount, childrenDone)
          + (childrenFailed > 0 ? " \u00B7 " + qsTr("%n failed", "", childrenFailed) : "")
    /** "acme/api · main" from the labels; "" without them. */
    readonly property string placeText: [labels ? labels.repository : undefined, labels ? labels.branch : undefined]
        .filter(v => !!v).join(" \u00B7 ")
    /** The right-aligned time: how long ago the job last changed (the history shows dates). */
    property string timeText: Format.ago(updatedAt)
    readonly property bool failed: status === "failed"
    readonly property bool running: status === "running"
    /** Running, or stalled: still under way, its progress still shown. */
    readonly property bool underWay: running || status === "stalled"
    readonly property color hue: Theme.statusColor(status, subState)
    readonly property string stepText: stepIndex <= 0 ? ""
        : (stepTotal > 0 ? qsTr("%1/%2 %3").arg(stepIndex).arg(stepTotal).arg(stepName)
                         : qsTr("step %1 %2").arg(stepIndex).arg(stepName)).trim()

    implicitHeight: 56 + (matchLine !== "" ? matchLabel.implicitHeight + Theme.s1 : 0)
    padding: 0
    hoverEnabled: true
    Accessible.name: qsTr("%1, %2").arg(title).arg(Format.statusWord(status))

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
            text: Format.statusGlyph(row.status)
            color: row.hue
            font.pixelSize: Theme.body
        }
        RowLayout {
            id: firstLine
            anchors { left: glyph.right; leftMargin: Theme.s2; right: parent.right; rightMargin: Theme.s3; top: parent.top; topMargin: Theme.s2 }
            spacing: Theme.s2
            Label { objectName: "title"; text: row.title; font.pixelSize: Theme.body; font.bold: true; color: Theme.text; elide: Text.ElideRight; Layout.maximumWidth: firstLine.width * 0.6 }
            Label { objectName: "placeLabel"; visible: row.placeText !== "" || row.key !== row.title; text: row.placeText !== "" ? row.placeText : row.key; font.pixelSize: Theme.small; color: Theme.muted; elide: Text.ElideMiddle; Layout.fillWidth: true }
            Item { visible: row.placeText === "" && row.key === row.title; Layout.fillWidth: true }
            Label { objectName: "timeLabel"; text: row.timeText; font.pixelSize: Theme.small; color: Theme.muted }
        }
        RowLayout {
            id: secondLine
            anchors { left: firstLine.left; right: firstLine.right; top: firstLine.bottom; topMargin: 2 }
            spacing: Theme.s2
            Label {
                // While running, a sub-state ("rendering") says more than "running".
                objectName: "statusLabel"
                text: row.running && row.subState !== "" ? Format.stateWord(row.subState) : Format.statusLine(row.status, row.updatedAt)
                color: row.hue; font.pixelSize: Theme.small
            }
            Label {
                objectName: "errorLabel"
                visible: row.failed
                text: Format.firstLine(row.error) || qsTr("no error message")
                color: Theme.failed; font.pixelSize: Theme.small; elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                objectName: "stepLabel"
                visible: !row.failed && row.stepText !== ""
                text: row.stepText
                color: Theme.text; font.pixelSize: Theme.small; elide: Text.ElideRight
                Layout.fillWidth: row.childText === ""
            }
            Label {
                // A run's jobs, folded under it: how far they are.
                objectName: "childLabel"
                visible: row.childText !== ""
                text: row.childText
                color: row.childrenFailed > 0 ? Theme.failed : Theme.text
                font.pixelSize: Theme.small; elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Item { visible: !row.failed && row.stepText === "" && row.childText === ""; Layout.fillWidth: true }
            Label {
                visible: row.underWay && row.progressKnown
                text: qsTr("%1%").arg(Math.floor(row.progress * 100))
                color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
            }
            Label { objectName: "elapsedLabel"; visible: row.status !== "queued"; text: Format.duration(row.elapsed); color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono }
            Label {
                objectName: "etaLabel"
                visible: row.running && text !== ""
                text: Format.eta(row.remaining)
                color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
            }
        }
        ProgressLine {
            objectName: "progressBar"
            visible: row.underWay // finished and queued rows stay quiet
            anchors { left: firstLine.left; right: firstLine.right; bottom: parent.bottom }
            anchors.bottomMargin: Theme.s2 + (row.matchLine !== "" ? matchLabel.implicitHeight + Theme.s1 : 0)
            value: row.progress
            indeterminate: row.running && !row.progressKnown
            color: row.hue
        }
        // Why the search found it: the newest log line that matched.
        Label {
            id: matchLabel
            objectName: "matchLine"
            visible: row.matchLine !== ""
            anchors { left: firstLine.left; right: firstLine.right; bottom: parent.bottom; bottomMargin: Theme.s2 }
            text: qsTr("log: %1").arg(row.matchLine)
            color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
            elide: Text.ElideRight
        }
    }
}
