import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// Across the top while this window receives no events: the port belongs to another program,
// or the Jobpulse it views does not answer. Says why, and offers the way out it has.
Rectangle {
    id: banner

    /** "Change the port": the settings page, where the receiver's address is. */
    signal settingsRequested()

    readonly property string message: Dashboard.owner.problem
    visible: message !== ""
    implicitHeight: visible ? row.implicitHeight + 2 * Theme.s2 : 0
    color: Theme.amber

    RowLayout {
        id: row
        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                  leftMargin: Theme.s4; rightMargin: Theme.s4 }
        spacing: Theme.s3
        Label {
            objectName: "receiverProblem"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.onAccent
            font.pixelSize: Theme.small
            font.bold: true
            text: Dashboard.owner.portTaken
                ? qsTr("Not receiving events: %1. Choose another port in Settings, then start Jobpulse again.").arg(banner.message)
                : banner.message
        }
        Button {
            objectName: "changePort"
            visible: Dashboard.owner.portTaken
            text: qsTr("Change the port")
            onClicked: banner.settingsRequested()
        }
    }
}
