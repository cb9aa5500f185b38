import QtQuick
import QtQuick.Controls
import Jobpulse

// A header chip: glyph, word and count in the status's hue. Checked when its filter is on.
AbstractButton {
    id: chip

    property string label
    property string glyph
    property int count
    property color hue: Theme.queued

    checkable: false // the header decides which chip is on
    hoverEnabled: true
    focusPolicy: Qt.TabFocus
    implicitWidth: content.implicitWidth + 2 * Theme.s3
    implicitHeight: 24
    Accessible.role: Accessible.CheckBox
    Accessible.checkable: true
    Accessible.checked: checked
    Accessible.name: qsTr("%1: %2").arg(label).arg(count)

    background: Rectangle {
        radius: 12
        color: chip.checked ? Qt.rgba(chip.hue.r, chip.hue.g, chip.hue.b, Theme.dark ? 0.22 : 0.14)
             : chip.count > 0 || chip.hovered ? Qt.rgba(chip.hue.r, chip.hue.g, chip.hue.b, chip.hovered ? 0.12 : 0.06)
             : "transparent"
        border.width: chip.checked || chip.visualFocus ? 2 : 1
        border.color: chip.visualFocus ? Theme.accent
                    : chip.checked ? chip.hue
                    : chip.count > 0 ? Qt.rgba(chip.hue.r, chip.hue.g, chip.hue.b, 0.45) : Theme.hairline
    }

    contentItem: Label {
        id: content
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        text: (chip.glyph !== "" ? chip.glyph + " " : "") + chip.label + "  " + chip.count
        color: chip.count > 0 || chip.checked ? chip.hue : Theme.muted
        font.pixelSize: Theme.small
        font.bold: chip.count > 0 || chip.checked
    }
}
