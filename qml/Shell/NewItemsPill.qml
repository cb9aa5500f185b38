import QtQuick
import QtQuick.Controls
import Jobpulse

// "↑ 3 new jobs" over the top of a list whose rows are held still (the history's pages, the
// live list under the pointer): a click shows them. The text is the caller's (%n plural).
Button {
    id: pill

    implicitHeight: 28
    z: 3
    font.pixelSize: Theme.small
    font.bold: true
    leftPadding: Theme.s4
    rightPadding: Theme.s4
    contentItem: Label {
        text: pill.text; font: pill.font; color: Theme.onAccent
        horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: height / 2
        color: pill.hovered ? Qt.darker(Theme.accent, 1.1) : Theme.accent
        border.width: pill.visualFocus ? 2 : 0
        border.color: Theme.text
    }
}
