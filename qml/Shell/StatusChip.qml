import QtQuick
import QtQuick.Controls
import Jobpulse

// A header chip: glyph, word and count in the status's hue (filters come later).
Rectangle {
    id: chip

    property string label
    property string glyph
    property int count
    property color hue: Theme.queued

    implicitWidth: content.implicitWidth + 2 * Theme.s3
    implicitHeight: 24
    radius: 12
    color: count > 0 ? Qt.rgba(hue.r, hue.g, hue.b, 0.08) : "transparent"
    border.color: count > 0 ? Qt.rgba(hue.r, hue.g, hue.b, 0.45) : Theme.hairline
    Accessible.name: qsTr("%1: %2").arg(label).arg(count)

    Label {
        id: content
        anchors.centerIn: parent
        text: (chip.glyph !== "" ? chip.glyph + " " : "") + chip.label + "  " + chip.count
        color: chip.count > 0 ? chip.hue : Theme.muted
        font.pixelSize: Theme.small
        font.bold: chip.count > 0
    }
}
