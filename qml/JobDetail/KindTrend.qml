pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse

// The selected job's kind at a glance (UI.md "Pictures"): its last runs as bars, as tall as
// they took and coloured by result, with the p50 and p90 lines; the success rate and the
// step that fails most. A bar opens its run.
ColumnLayout {
    id: root

    /** Dashboard.selectedTrend: {kind, runs: [{key, status, seconds}], p50, p90, ...}. */
    required property var trend
    /** The job shown in the detail, its bar outlined. */
    property string currentKey: ""

    readonly property var runs: trend.runs ?? []
    readonly property real longest: Math.max(1, ...runs.map(r => r.seconds))

    spacing: Theme.s1
    visible: runs.length > 0

    SectionLabel {
        text: qsTr("Last %n run(s) of %1", "", root.runs.length).arg(root.trend.kind ?? "")
    }
    Item {
        id: chart
        objectName: "trendChart"
        // Thirty slots, the newest run on the right, so that strips of different kinds and
        // lengths read alike; the p50/p90 labels to the right of them.
        readonly property int slots: 30
        readonly property real barWidth: Math.max(3, Math.min(10, (root.width - 40) / slots - 2))
        readonly property real slotsWidth: slots * (barWidth + 2)
        readonly property real y50: yOf(root.trend.p50 ?? -1)
        readonly property real y90: yOf(root.trend.p90 ?? -1)
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
                model: root.runs
                delegate: Rectangle {
                    id: bar
                    required property var modelData
                    anchors.bottom: parent.bottom
                    width: chart.barWidth
                    height: Math.max(2, bar.modelData.seconds / root.longest * chart.height)
                    radius: 1
                    color: Theme.statusColor(bar.modelData.status, "")
                    opacity: hover.hovered || bar.modelData.key === root.currentKey ? 1 : 0.7
                    border.width: bar.modelData.key === root.currentKey ? 2 : 0
                    border.color: Theme.text
                    HoverHandler { id: hover; cursorShape: Qt.PointingHandCursor }
                    TapHandler { onTapped: Dashboard.select(bar.modelData.key) }
                    ToolTip.visible: hover.hovered
                    ToolTip.text: qsTr("%1 \u00B7 %2 \u00B7 took %3").arg(bar.modelData.key)
                        .arg(Format.statusWord(bar.modelData.status)).arg(Format.duration(bar.modelData.seconds))
                }
            }
        }
        // The median and the 90th percentile across the slots; the p90 label moves up when
        // the two lines are too close to tell their labels apart.
        Repeater {
            model: [{ name: "p50", value: root.trend.p50 ?? -1, labelY: chart.y50 },
                    { name: "p90", value: root.trend.p90 ?? -1, labelY: Math.min(chart.y90, chart.y50 - 11) }]
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
        text: {
            const parts = [qsTr("%1% succeeded").arg(Math.round((root.trend.successRate ?? 0) * 100)),
                           qsTr("median %1").arg(Format.duration(root.trend.p50)),
                           qsTr("p90 %1").arg(Format.duration(root.trend.p90))]
            if ((root.trend.failingStepCount ?? 0) > 0)
                parts.push(qsTr("fails most at \u201C%1\u201D (%2\u00D7)")
                           .arg(root.trend.failingStep || qsTr("Step %1").arg(root.trend.failingStepIndex))
                           .arg(root.trend.failingStepCount))
            return parts.join(" \u00B7 ")
        }
    }
}
