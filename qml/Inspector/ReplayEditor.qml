import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// "Replay to…" and "Edit and replay" in the detail pane itself: where to send the delivery
// and, when editing, its body and headers ("Name: value" lines; a line removed is a header
// removed). An edited request becomes a delivery of its own that links to the original.
Rectangle {
    id: root

    required property Inspector inspector
    /** true: body and headers are editable; false: only where to send it. */
    property bool editing: false
    property real openedFor: 0 // the delivery it edits; another one selected closes it
    signal done()

    function open(edit) {
        editing = edit
        openedFor = inspector.selectedId
        bodyArea.text = inspector.selected.rawBody ?? ""
        headersArea.text = inspector.headersText()
        visible = true
        (edit ? bodyArea : urlField).forceActiveFocus()
    }

    visible: false
    Connections {
        target: root.inspector
        function onSelectedChanged() { if (root.inspector.selectedId !== root.openedFor) root.visible = false }
    }
    implicitHeight: column.implicitHeight + 2 * Theme.s3
    color: Theme.surface
    border.color: Theme.hairline
    radius: 4

    ColumnLayout {
        id: column
        anchors { fill: parent; margins: Theme.s3 }
        spacing: Theme.s2

        Label {
            text: root.editing ? qsTr("Edit and replay") : qsTr("Replay to a URL")
            font.pixelSize: Theme.body; font.bold: true; color: Theme.text
        }
        TextField {
            id: urlField
            objectName: "replayUrl"
            Layout.fillWidth: true
            placeholderText: root.editing ? qsTr("Into its hook, or to http://127.0.0.1:3000/webhooks")
                                          : qsTr("http://127.0.0.1:3000/webhooks")
            font.family: Theme.mono; font.pixelSize: Theme.small
        }
        Label {
            visible: root.editing
            text: qsTr("Headers")
            color: Theme.muted; font.pixelSize: Theme.small
        }
        ScrollView {
            visible: root.editing
            Layout.fillWidth: true
            Layout.preferredHeight: 96
            TextArea {
                id: headersArea
                objectName: "replayHeaders"
                font.family: Theme.mono; font.pixelSize: Theme.small
                wrapMode: TextEdit.WrapAnywhere
            }
        }
        Label {
            visible: root.editing
            text: qsTr("Body")
            color: Theme.muted; font.pixelSize: Theme.small
        }
        ScrollView {
            visible: root.editing
            Layout.fillWidth: true
            Layout.preferredHeight: 140
            TextArea {
                id: bodyArea
                objectName: "replayBody"
                font.family: Theme.mono; font.pixelSize: Theme.small
                wrapMode: TextEdit.WrapAnywhere
            }
        }
        CheckBox {
            id: resign
            objectName: "replayResign"
            visible: root.editing
            text: qsTr("Sign again with the hook's secret (else the original signature is sent and will not match an edited body)")
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.s2
            Item { Layout.fillWidth: true }
            Button {
                text: qsTr("Cancel")
                onClicked: { root.visible = false; root.done() }
            }
            Button {
                objectName: "replaySend"
                text: qsTr("Send")
                highlighted: true
                enabled: !root.inspector.replaying && (root.editing || urlField.text.trim() !== "")
                onClicked: {
                    if (root.editing)
                        root.inspector.replayEdited(bodyArea.text, headersArea.text, urlField.text, resign.checked)
                    else
                        root.inspector.replayTo(urlField.text)
                    root.visible = false
                    root.done()
                }
            }
        }
    }
}
