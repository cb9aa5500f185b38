import QtQuick
import QtQuick.Controls
import Jobpulse

// A text field drawn from the theme (the style's own outline is lost on a dark window).
TextField {
    id: field
    font.pixelSize: Theme.body
    color: Theme.text
    placeholderTextColor: Theme.muted
    selectionColor: Theme.accent
    selectedTextColor: Theme.onAccent
    leftPadding: Theme.s2; rightPadding: Theme.s2
    background: Rectangle {
        implicitWidth: 120
        implicitHeight: 28
        radius: 4
        color: Theme.surface
        border.width: field.activeFocus ? 2 : 1
        border.color: field.activeFocus ? Theme.accent : Theme.control
    }
}
