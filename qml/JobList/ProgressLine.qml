import QtQuick
import QtQuick.Controls
import Jobpulse

// A 4 px progress bar: determinate fill that eases to its value, or a sweeping segment
// when the sender reports no progress.
ProgressBar {
    id: bar

    property color color: Theme.running

    implicitHeight: 4
    padding: 0
    from: 0
    to: 1

    background: Rectangle {
        implicitWidth: 120
        implicitHeight: 4
        radius: 2
        color: Theme.track
    }

    contentItem: Item {
        implicitHeight: 4
        clip: true

        Rectangle {
            id: fill
            visible: !bar.indeterminate
            height: parent.height
            radius: 2
            color: bar.color
            width: parent.width * bar.visualPosition
            Behavior on width {
                enabled: !Theme.reduceMotion
                NumberAnimation { duration: Theme.progressMs; easing.type: Easing.OutCubic }
            }
        }

        Rectangle {
            id: sweep
            visible: bar.indeterminate
            height: parent.height
            width: parent.width * 0.3
            radius: 2
            color: bar.color
            opacity: 0.55
            x: Theme.reduceMotion ? 0 : -width
            NumberAnimation on x {
                running: sweep.visible && !Theme.reduceMotion
                from: -sweep.width
                to: bar.availableWidth
                duration: 1400
                loops: Animation.Infinite
            }
        }
    }
}
