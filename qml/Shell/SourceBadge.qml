import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// One outbound source in the left rail: state dot and name, a countdown while it waits to
// reconnect, and a second line with the state word and why (the whole reason in a tooltip).
ItemDelegate {
    id: badge

    required property string name
    required property string type
    required property string sourceState
    required property string reason
    required property var retryAt
    required property int events
    required property string url
    required property string fallbackName
    required property string fallbackState

    readonly property color hue: Theme.sourceColor(sourceState)
    // Whole seconds to the next attempt, -1 when none is due; Format.now ticks every second.
    readonly property int countdown: sourceState === "reconnecting" && retryAt && !isNaN(retryAt.getTime())
        ? Math.max(0, Math.ceil((retryAt.getTime() - Format.now) / 1000)) : -1
    readonly property bool fallbackLive: fallbackState === "live"
    readonly property string detail: {
        if (sourceState === "live")
            return qsTr("%n event(s)", "", events)
        if (fallbackLive)
            return qsTr("polling %1 meanwhile").arg(fallbackName)
        return reason
    }

    leftPadding: Theme.s4; rightPadding: Theme.s4
    topPadding: Theme.s1; bottomPadding: Theme.s1
    hoverEnabled: true
    focusPolicy: Qt.TabFocus
    Accessible.name: qsTr("Source %1: %2").arg(name).arg(Format.sourceWord(sourceState))
    Accessible.description: reason
    ToolTip.visible: hovered || visualFocus
    ToolTip.delay: 500
    ToolTip.text: [qsTr("%1 (%2)").arg(url).arg(type), reason,
                   fallbackName !== "" ? qsTr("Fallback %1: %2").arg(fallbackName).arg(Format.sourceWord(fallbackState)) : ""]
                  .filter(line => line !== "").join("\n")

    background: Rectangle {
        color: badge.hovered ? Theme.hover : "transparent"
        border.width: badge.visualFocus ? 2 : 0
        border.color: Theme.accent
    }

    contentItem: ColumnLayout {
        spacing: 0
        RowLayout {
            spacing: Theme.s2
            Label {
                objectName: "dot"
                text: Format.sourceGlyph(badge.sourceState)
                color: badge.hue
                font.pixelSize: Theme.small
                Layout.preferredWidth: 12
            }
            Label {
                objectName: "name"
                text: badge.name
                color: Theme.text
                font.pixelSize: Theme.body
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                objectName: "countdown"
                visible: badge.countdown > 0 // due now: the attempt is about to start
                text: qsTr("%1s").arg(badge.countdown)
                color: badge.hue
                font.pixelSize: Theme.small; font.family: Theme.mono
            }
        }
        Label {
            objectName: "detail"
            // The word carries the state as well as the colour does (never colour alone).
            text: badge.detail !== "" ? qsTr("%1 \u00B7 %2").arg(Format.sourceWord(badge.sourceState)).arg(badge.detail)
                                      : Format.sourceWord(badge.sourceState)
            color: Theme.muted
            font.pixelSize: Theme.small
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            Layout.fillWidth: true
            Layout.leftMargin: 12 + Theme.s2
        }
    }
}
