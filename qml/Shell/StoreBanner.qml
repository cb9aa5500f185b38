import QtQuick
import QtQuick.Controls
import Jobpulse

// Across the top of the window while the store cannot write (disk full, locked, read-only):
// senders are answered 503 and retry, and it goes away by itself once writing works again.
Rectangle {
    id: banner

    readonly property string message: Dashboard.errors.messages.storeWrite ?? ""
    visible: message !== ""
    implicitHeight: visible ? label.implicitHeight + 2 * Theme.s2 : 0
    color: Theme.failed

    Label {
        id: label
        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                  leftMargin: Theme.s4; rightMargin: Theme.s4 }
        wrapMode: Text.Wrap
        color: Theme.onAccent
        font.pixelSize: Theme.small
        font.bold: true
        text: banner.message
    }
}
