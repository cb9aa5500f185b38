import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// First run: where to send events, with a line that can be pasted into a terminal.
Item {
    id: root

    // A command in a box: selectable, and copied with its button.
    component CommandLine: Rectangle {
        id: box
        required property string command
        Layout.fillWidth: true
        implicitHeight: Math.max(text.implicitHeight, copy.implicitHeight) + 2 * Theme.s2
        color: Theme.surface
        border.color: Theme.hairline
        radius: 4
        TextEdit {
            id: text
            anchors { left: parent.left; right: copy.left; verticalCenter: parent.verticalCenter; margins: Theme.s3 }
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.WrapAnywhere
            text: box.command
            font.family: Theme.mono
            font.pixelSize: Theme.small
            color: Theme.text
            selectionColor: Theme.accent
            selectedTextColor: Theme.onAccent
        }
        Button {
            id: copy
            property bool copied: false
            anchors { right: parent.right; rightMargin: Theme.s2; verticalCenter: parent.verticalCenter }
            flat: true
            font.pixelSize: Theme.small
            text: copied ? qsTr("Copied") : qsTr("Copy")
            Accessible.name: qsTr("Copy command")
            onClicked: { Dashboard.copyToClipboard(box.command); copied = true; reset.restart() }
            Timer { id: reset; interval: 1500; onTriggered: copy.copied = false }
        }
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.s6, 560)
        spacing: Theme.s3

        Label {
            text: qsTr("Waiting for the first job")
            font.pixelSize: Theme.heading
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.muted
            font.pixelSize: Theme.body
            text: Dashboard.onboarding.receiverOnline
                  ? qsTr("Jobpulse is listening on %1. Send it an event and the job appears here:").arg(Dashboard.onboarding.receiverUrl)
                  : qsTr("The receiver is not running, so no events can arrive.")
        }
        CommandLine { objectName: "curlLine"; command: Dashboard.onboarding.curlExample }
        CommandLine { objectName: "sendLine"; command: Dashboard.onboarding.sendExample }
        RowLayout {
            spacing: Theme.s2
            Button {
                objectName: "runDemo"
                visible: Dashboard.onboarding.canRunDemo
                text: qsTr("Run demo")
                Accessible.description: qsTr("Feed simulated 7-step workflows through the receiver")
                onClicked: Dashboard.onboarding.runDemo()
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: Dashboard.onboarding.canRunDemo ? qsTr("Example jobs, to see what it looks like.")
                                           : qsTr("Or start the app with --demo to see example jobs.")
                color: Theme.muted
                font.pixelSize: Theme.small
            }
        }
    }
}
