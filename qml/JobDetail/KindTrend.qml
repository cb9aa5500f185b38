pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// The selected job's kind at a glance (UI.md "Pictures"): its last runs as bars, as tall as
// they took and coloured by result, with the p50 and p90 lines; the success rate and the
// step that fails most. A bar opens its run.
ColumnLayout {
    id: root

    /** The selected job's kind: its runs (key, status, seconds), p50, p90, summary. */
    required property TrendModel trend
    /** The job shown in the detail, its bar outlined. */
    property string currentKey: ""

    readonly property real longest: Math.max(1, trend.longest)

    spacing: Theme.s1
    visible: trend.count > 0

    SectionLabel {
        text: qsTr("Last %n run(s) of %1", "", root.trend.count).arg(root.trend.kind)
    }
    Item {
        id: chart
        objectName: "trendChart"
        // Thirty slots, the newest run on the right, so that strips of different kinds and
        // lengths read alike; the p50/p90 labels to the right of them.
        readonly property int slots: 30
        readonly property real barWidth: Math.max(3, Math.min(10, (root.width - 40) / slots - 2))
        readonly property real slotsWidth: slots * (barWidth + 2)
        readonly property real y50: yOf(root.trend.p50)
        readonly property real y90: yOf(root.trend.p90)
        function yOf(seconds) { return height - seconds / root.longest * height }
        Layout.preferredWidth: slotsWidth + 30
        Layout.preferredHeight: 44

        Rectangle { // the baseline
            anchors { left: parent.left; bottom: parent.bottom }
            width: chart.slotsWidth; height: 1; color: Theme.hairline
        }
        Row {
            id: bars
            anchors { right: parent.left; rightMargin: -chart.slotsWidth; bottom: parent.bottom }
            height: parent.height
            spacing: 2
            Repeater {
                model: root.trend
                delegate: Rectangle {
                    id: bar
                    required property string key
                    required property string status
                    required property real seconds
                    anchors.bottom: parent.bottom
                    width: chart.barWidth
                    height: Math.max(2, bar.seconds / root.longest * chart.height)
                    radius: 1
                    color: Theme.statusColor(bar.status, "")
                    opacity: hover.hovered || bar.key === root.currentKey ? 1 : 0.7
                    border.width: bar.key === root.currentKey ? 2 : 0
                    border.color: Theme.text
                    HoverHandler { id: hover; cursorShape: Qt.PointingHandCursor }
                    TapHandler { onTapped: Dashboard.select(bar.key) }
                    ToolTip.visible: hover.hovered
                    ToolTip.text: qsTr("%1 \u00B7 %2 \u00B7 took %3").arg(bar.key)
                        .arg(Format.statusWord(bar.status)).arg(Format.duration(bar.seconds))
                }
            }
        }
        // The median and the 90th percentile across the slots; the p90 label moves up when
        // the two lines are too close to tell their labels apart.
        Repeater {
            model: [{ name: "p50", value: root.trend.p50, labelY: chart.y50 },
                    { name: "p90", value: root.trend.p90, labelY: Math.min(chart.y90, chart.y50 - 11) }]
            delegate: Item {
                id: line
                required property var modelData
                visible: line.modelData.value >= 0
                Rectangle {
                    y: chart.yOf(line.modelData.value)
                    width: chart.slotsWidth; height: 1; color: Theme.muted; opacity: 0.8
                }
                Label {
                    x: chart.slotsWidth + 4
                    y: line.modelData.labelY - height / 2
                    text: line.modelData.name
                    color: Theme.muted; font.pixelSize: Theme.small - 2
                }
            }
        }
    }
    Label {
        objectName: "trendSummary"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.muted; font.pixelSize: Theme.small
        text: root.trend.summary
    }
}
