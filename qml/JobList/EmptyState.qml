import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// First run: where to send events, with a line that can be pasted into a terminal.
Item {
    id: root

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
            text: Dashboard.receiverOnline
                  ? qsTr("Jobpulse is listening on %1. Send it an event and the job appears here:").arg(Dashboard.receiverUrl)
                  : qsTr("The receiver is not running, so no events can arrive.")
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: curl.implicitHeight + 2 * Theme.s3
            color: Theme.surface
            border.color: Theme.hairline
            radius: 4

            TextEdit {
                id: curl
                objectName: "curlLine"
                anchors { fill: parent; margins: Theme.s3 }
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.WrapAnywhere
                text: Dashboard.curlExample
                font.family: Theme.mono
                font.pixelSize: Theme.small
                color: Theme.text
            }
        }
        RowLayout {
            spacing: Theme.s2
            Button {
                id: copy
                property bool copied: false
                text: copied ? qsTr("Copied") : qsTr("Copy command")
                onClicked: { Dashboard.copyToClipboard(curl.text); copied = true }
            }
            Label {
                text: qsTr("Or start the app with --demo to see example jobs.")
                color: Theme.muted
                font.pixelSize: Theme.small
            }
        }
    }
}
