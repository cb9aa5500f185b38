import QtQuick
import Jobpulse

// Deliveries per minute, the last half hour, newest on the right: a bar per minute scaled to
// the busiest, its rejected part in red at the foot.
Row {
    id: spark

    property var minutes: [] // [{total, rejected}], oldest first
    property int max: 0

    height: 24
    spacing: 2
    Accessible.role: Accessible.Chart
    Accessible.name: qsTr("Deliveries per minute, last %n minute(s)", "", minutes.length)

    Repeater {
        model: spark.minutes
        delegate: Item {
            required property var modelData
            width: 4
            height: spark.height
            readonly property real scale: spark.max > 0 ? spark.height / spark.max : 0
            Rectangle { // the baseline, so that quiet minutes still read as minutes
                anchors.bottom: parent.bottom
                width: parent.width; height: 1
                color: Theme.hairline
            }
            Rectangle {
                objectName: "sparkTotal"
                anchors.bottom: parent.bottom
                width: parent.width
                height: Math.round(parent.modelData.total * parent.scale)
                color: Theme.accent
                opacity: 0.6
            }
            Rectangle {
                objectName: "sparkRejected"
                anchors.bottom: parent.bottom
                width: parent.width
                height: Math.round(parent.modelData.rejected * parent.scale)
                color: Theme.failed
            }
        }
    }
}
