import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// A pane's section heading: small capitals, then a hairline to the edge.
RowLayout {
    property alias text: label.text
    Layout.fillWidth: true
    Layout.topMargin: Theme.s3
    spacing: Theme.s2
    Label { id: label; font.pixelSize: Theme.small; font.bold: true; font.capitalization: Font.AllUppercase; color: Theme.muted }
    Rectangle { Layout.fillWidth: true; height: 1; color: Theme.hairline }
}
