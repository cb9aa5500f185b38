import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// Every try to send a delivery on (a hook's forward targets, replays to a URL): target,
// attempt, the target's status or why there was none, latency, the answer's first KiB.
ColumnLayout {
    id: root

    required property var attempts

    visible: attempts.length > 0
    spacing: Theme.s1

    SectionLabel { text: qsTr("Forwarded \u00B7 %n attempt(s)", "", root.attempts.length) }
    Repeater {
        objectName: "attempts"
        model: root.attempts
        delegate: ColumnLayout {
            id: attempt
            required property var modelData
            readonly property bool ok: modelData.status >= 200 && modelData.status < 300
            Layout.fillWidth: true
            spacing: 2
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.s2
                Label {
                    objectName: "attemptOutcome"
                    text: attempt.modelData.status > 0
                          ? (attempt.ok ? "\u2714 " : "\u2716 ") + "HTTP " + attempt.modelData.status
                          : "\u2716 " + qsTr("no answer")
                    color: attempt.ok ? Theme.succeeded : Theme.failed
                    font.pixelSize: Theme.small; font.bold: true
                }
                Label {
                    Layout.fillWidth: true
                    text: attempt.modelData.target
                    color: Theme.text; font.pixelSize: Theme.small; font.family: Theme.mono
                    elide: Text.ElideMiddle
                }
                Label {
                    text: qsTr("attempt %1 \u00B7 %2").arg(attempt.modelData.attempt)
                                                    .arg(Format.milliseconds(attempt.modelData.latencyMs))
                    color: Theme.muted; font.pixelSize: Theme.small
                }
            }
            Label {
                Layout.fillWidth: true
                visible: text !== ""
                text: attempt.modelData.error !== "" ? attempt.modelData.error : attempt.modelData.response
                color: attempt.modelData.error !== "" ? Theme.failed : Theme.muted
                font.pixelSize: Theme.small; font.family: Theme.mono
                wrapMode: Text.WrapAnywhere
                maximumLineCount: 4
                elide: Text.ElideRight
            }
        }
    }
}
