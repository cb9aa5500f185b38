import QtQuick
import QtQuick.Controls
import Jobpulse

// A check box drawn from the theme: a box that can be seen on light and dark surfaces.
CheckBox {
    id: box
    font.pixelSize: Theme.body
    indicator: Rectangle {
        x: box.leftPadding
        y: box.topPadding + (box.availableHeight - height) / 2
        implicitWidth: 16
        implicitHeight: 16
        radius: 3
        color: box.checked ? Theme.accent : Theme.surface
        border.width: box.visualFocus ? 2 : 1
        border.color: box.visualFocus ? Theme.text : (box.checked ? Theme.accent : Theme.control)
        Label {
            anchors.centerIn: parent
            visible: box.checked
            text: "\u2713"
            color: Theme.onAccent
            font.pixelSize: 12; font.bold: true
        }
    }
    contentItem: Label {
        leftPadding: box.indicator.width + box.spacing
        text: box.text
        font: box.font
        color: Theme.text
        verticalAlignment: Text.AlignVCenter
    }
}
