import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// One configured hook: name, route, payload family and signature scheme; its secret masked
// (an env: reference shown as it is), replaced through a password field.
ColumnLayout {
    id: row

    required property var modelData
    readonly property Settings settings: Dashboard.settings
    property bool editing: false

    spacing: Theme.s1

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.s2
        Label { text: row.modelData.name; font.pixelSize: Theme.body; font.bold: true; color: Theme.text }
        Label { text: row.modelData.path; font.pixelSize: Theme.small; font.family: Theme.mono; color: Theme.muted; elide: Text.ElideMiddle; Layout.fillWidth: true }
        Label {
            text: [row.modelData.family, row.modelData.scheme].filter(s => s !== "").join(" \u00B7 ")
            font.pixelSize: Theme.small; color: Theme.muted
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.s2
        Label { text: qsTr("Secret"); font.pixelSize: Theme.small; color: Theme.muted; Layout.preferredWidth: 80 }
        Label {
            objectName: "secretShown"
            visible: !row.editing
            Layout.fillWidth: true
            text: row.modelData.secret === "" ? qsTr("none")
                : row.modelData.secret === "set" ? "\u2022".repeat(12) : row.modelData.secret
            font.pixelSize: Theme.small; font.family: Theme.mono
            color: row.modelData.secret === "" ? Theme.muted : Theme.text
        }
        SettingsField {
            id: secretField
            objectName: "secretField"
            visible: row.editing
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: qsTr("New secret, or env:NAME")
            font.pixelSize: Theme.small
            onAccepted: apply()
            function apply() {
                row.settings.setHookSecret(row.modelData.name, text)
                text = ""
                row.editing = false
            }
        }
        Button {
            text: row.editing ? qsTr("Set") : qsTr("Change\u2026")
            onClicked: {
                if (row.editing) {
                    secretField.apply()
                } else {
                    row.editing = true
                    secretField.forceActiveFocus()
                }
            }
        }
        Button {
            visible: row.editing
            text: qsTr("Cancel")
            onClicked: { secretField.text = ""; row.editing = false }
        }
    }
}
