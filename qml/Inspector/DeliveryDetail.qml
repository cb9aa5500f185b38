import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// One delivery in full: what it was, what the receiver answered and why, replay and
// "copy as curl", the headers, and the body (JSON pretty-printed, keys as sent).
Rectangle {
    id: root

    required property Inspector inspector
    readonly property var delivery: inspector.selected
    readonly property bool hasDelivery: delivery.id !== undefined
    readonly property var replay: inspector.replayResult
    readonly property bool replayShown: replay.of !== undefined && replay.of === delivery.id

    color: Theme.base

    Label {
        visible: !root.hasDelivery
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.s6
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: qsTr("Select a delivery to see its headers and body.")
        color: Theme.muted
        font.pixelSize: Theme.body
    }

    ColumnLayout {
        visible: root.hasDelivery
        anchors { fill: parent; margins: Theme.s4 }
        spacing: Theme.s2

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.s2
            Label {
                objectName: "requestLine"
                Layout.fillWidth: true
                Layout.minimumWidth: 0 // a long route elides; the buttons keep their room
                text: (root.delivery.method ?? "") + " " + (root.delivery.path ?? "")
                font.pixelSize: Theme.title; font.bold: true; font.family: Theme.mono
                color: Theme.text
                elide: Text.ElideMiddle
            }
            Button {
                objectName: "replayButton"
                text: root.inspector.replaying ? qsTr("Replaying\u2026") : qsTr("Replay")
                enabled: !root.inspector.replaying && Dashboard.onboarding.receiverOnline && !root.delivery.truncated
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Send this delivery through the receiver again (duplicates are counted, not applied)")
                onClicked: root.inspector.replay()
            }
            Button {
                id: copyCurl
                objectName: "copyCurlButton"
                property bool copied: false
                text: copied ? qsTr("Copied") : qsTr("Copy as curl")
                onClicked: { Dashboard.copyToClipboard(root.inspector.curl); copied = true }
                // The command itself, wrapped to the window: its lines (a header, the body)
                // are often wider than the window, and the style's tooltip is as wide as its
                // longest line, cut off at the window's right edge.
                ToolTip {
                    id: curlTip
                    objectName: "curlTip"
                    visible: copyCurl.hovered
                    delay: 300
                    text: root.inspector.curl
                    readonly property real room: (root.Window.width > 0 ? root.Window.width : root.width) - 2 * margins
                    width: Math.min(implicitWidth, room)
                    x: (copyCurl.width - width) / 2
                    contentItem: Text {
                        text: curlTip.text
                        font.family: Theme.mono; font.pixelSize: Theme.small
                        color: curlTip.palette.toolTipText
                        wrapMode: Text.WrapAnywhere
                        maximumLineCount: 30
                        elide: Text.ElideRight
                    }
                }
                Connections {
                    target: root.inspector
                    function onSelectedChanged() { copyCurl.copied = false }
                }
            }
        }
        // The developer's tools, on a row of their own: a narrow window keeps every button whole.
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.s2
            Item { Layout.fillWidth: true }
            Button {
                objectName: "replayToButton"
                text: qsTr("Replay to\u2026")
                enabled: !root.inspector.replaying && Dashboard.onboarding.receiverOnline && !root.delivery.truncated
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Send this delivery as it was to another URL, such as your app's webhook route")
                onClicked: editor.open(false)
            }
            Button {
                objectName: "editReplayButton"
                text: qsTr("Edit and replay")
                enabled: !root.inspector.replaying && Dashboard.onboarding.receiverOnline
                onClicked: editor.open(true)
            }
        }
        Label {
            objectName: "meta"
            Layout.fillWidth: true
            text: {
                const d = root.delivery
                const parts = ["#" + d.id]
                if (d.hook) parts.push(qsTr("hook %1").arg(d.hook))
                if (d.remote) parts.push(qsTr("from %1").arg(d.remote))
                if (d.received && !isNaN(d.received.getTime()))
                    parts.push(d.received.toLocaleDateString(Qt.locale(), Locale.ShortFormat) + " " + Format.clockTime(d.received))
                parts.push(Format.bytes(d.bodySize))
                return parts.join(" \u00B7 ")
            }
            color: Theme.muted; font.pixelSize: Theme.small
            elide: Text.ElideRight
        }
        Label {
            objectName: "verdictLine"
            Layout.fillWidth: true
            text: {
                const d = root.delivery
                const parts = [Format.verdictGlyph(d.verdict) + " " + Format.verdictWord(d.verdict), "HTTP " + d.status]
                if (d.verdict !== "rejected") {
                    parts.push(qsTr("%n event(s) accepted", "", d.accepted ?? 0))
                    if (d.duplicates > 0)
                        parts.push(qsTr("%n duplicate(s)", "", d.duplicates))
                }
                if (d.signatureOk)
                    parts.push(qsTr("signature verified"))
                if (d.latencyMs > 0) // refused before any work: nothing worth timing
                    parts.push(qsTr("answered in %1").arg(Format.milliseconds(d.latencyMs)))
                return parts.join(" \u00B7 ")
            }
            color: Theme.verdictColor(root.delivery.verdict); font.pixelSize: Theme.body
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "reasonLine"
            Layout.fillWidth: true
            visible: (root.delivery.reason ?? "") !== ""
            text: root.delivery.reason ?? ""
            wrapMode: Text.Wrap
            color: Theme.failed; font.pixelSize: Theme.body
        }

        Label {
            objectName: "replayOfLink"
            visible: (root.delivery.replayOf ?? 0) > 0
            text: qsTr("Edited replay of <a href=\"#\">#%1</a>").arg(root.delivery.replayOf)
            textFormat: Text.StyledText
            linkColor: Theme.accent
            color: Theme.muted; font.pixelSize: Theme.small
            onLinkActivated: root.inspector.select(root.delivery.replayOf)
            HoverHandler { cursorShape: Qt.PointingHandCursor }
        }

        ReplayEditor {
            id: editor
            Layout.fillWidth: true
            inspector: root.inspector
        }

        // The receiver's answer to the last replay of this delivery.
        Rectangle {
            objectName: "replayResult"
            visible: root.replayShown
            Layout.fillWidth: true
            implicitHeight: replayColumn.implicitHeight + 2 * Theme.s2
            color: Theme.surface
            border.color: Theme.hairline
            radius: 4
            ColumnLayout {
                id: replayColumn
                anchors { fill: parent; margins: Theme.s2 }
                spacing: Theme.s1
                Label {
                    objectName: "replayStatus"
                    Layout.fillWidth: true
                    readonly property int status: root.replay.status ?? 0
                    text: status > 0 ? qsTr("Replayed: HTTP %1").arg(status)
                                     : qsTr("Replay failed: %1").arg(Dashboard.errors.messages.replay ?? "")
                    color: status >= 200 && status < 300 ? Theme.succeeded : Theme.failed
                    font.pixelSize: Theme.small; font.bold: true
                    wrapMode: Text.Wrap
                }
                Label {
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: root.replay.body ?? ""
                    font.family: Theme.mono; font.pixelSize: Theme.small
                    color: Theme.text
                    wrapMode: Text.WrapAnywhere
                    maximumLineCount: 8
                    elide: Text.ElideRight
                }
            }
        }

        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: scroll.availableWidth
                spacing: Theme.s2

                ForwardAttempts {
                    Layout.fillWidth: true
                    attempts: root.delivery.attempts ?? []
                }

                SectionLabel { text: qsTr("Headers") }
                Label {
                    visible: root.delivery.redacted === true
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("Credentials (***) are not kept: fill them in before running the curl command.")
                    color: Theme.muted; font.pixelSize: Theme.small
                }
                Column {
                    objectName: "headers"
                    Layout.fillWidth: true
                    spacing: 2
                    Repeater {
                        model: root.delivery.headers ?? []
                        delegate: Row {
                            required property var modelData
                            width: scroll.availableWidth
                            spacing: Theme.s3
                            Label {
                                width: Math.min(200, parent.width * 0.35)
                                text: parent.modelData.name
                                color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
                                elide: Text.ElideRight
                            }
                            TextEdit {
                                width: parent.width - x
                                readOnly: true; selectByMouse: true
                                text: parent.modelData.value
                                color: Theme.text; selectionColor: Theme.accent; selectedTextColor: Theme.onAccent
                                font.pixelSize: Theme.small; font.family: Theme.mono
                                wrapMode: TextEdit.WrapAnywhere
                            }
                        }
                    }
                }

                SectionLabel {
                    text: {
                        const d = root.delivery
                        switch (d.bodyKind) {
                        case "json": return qsTr("Body \u00B7 JSON")
                        case "binary": return qsTr("Body \u00B7 binary, as base64")
                        case "empty": return qsTr("Body \u00B7 empty")
                        default: return qsTr("Body")
                        }
                    }
                }
                Label {
                    visible: root.delivery.truncated === true
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("Only the first %1 of %2 were kept; this delivery cannot be replayed.")
                          .arg(Format.bytes((root.delivery.body ?? "").length)).arg(Format.bytes(root.delivery.bodySize))
                    color: Theme.amber; font.pixelSize: Theme.small
                }
                TextEdit {
                    objectName: "body"
                    Layout.fillWidth: true
                    readOnly: true; selectByMouse: true
                    text: root.delivery.body ?? ""
                    color: Theme.text; selectionColor: Theme.accent; selectedTextColor: Theme.onAccent
                    font.pixelSize: Theme.small; font.family: Theme.mono
                    wrapMode: TextEdit.WrapAnywhere
                }
            }
        }
    }
}
