pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// Where the selected job belongs: the run it is part of (a link up), its labels (a click
// narrows the live list to that label), and the jobs that are part of it (each a link down).
ColumnLayout {
    id: root

    required property SelectedJob job
    /** The most rows the jobs list takes before it scrolls. */
    property real maximumListHeight: 200

    spacing: Theme.s1
    visible: job.parentKey !== "" || job.labels.length > 0 || job.children.length > 0

    RowLayout {
        visible: root.job.parentKey !== ""
        Layout.fillWidth: true
        spacing: Theme.s1
        Label { text: qsTr("Part of"); color: Theme.muted; font.pixelSize: Theme.small }
        ToolAction {
            objectName: "parentLink"
            Layout.fillWidth: true
            Layout.maximumWidth: implicitWidth
            implicitHeight: 24
            text: "\u2191 " + root.job.parentTitle
            font.pixelSize: Theme.small
            Accessible.name: qsTr("Open %1").arg(root.job.parentTitle)
            ToolTip.visible: hovered; ToolTip.text: root.job.parentKey
            onClicked: Dashboard.select(root.job.parentKey)
        }
    }

    Flow {
        objectName: "labelChips"
        visible: root.job.labels.length > 0
        Layout.fillWidth: true
        spacing: Theme.s1
        Repeater {
            model: root.job.labels
            delegate: ToolAction {
                id: chip
                required property var modelData
                implicitHeight: 24
                font.pixelSize: Theme.small
                text: chip.modelData.name + ": " + chip.modelData.value
                Accessible.name: qsTr("Show only jobs with %1 %2").arg(chip.modelData.name).arg(chip.modelData.value)
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Show only jobs with %1 %2").arg(chip.modelData.name).arg(chip.modelData.value)
                onClicked: Dashboard.visibleJobs.addLabelFilter(chip.modelData.name, chip.modelData.value)
            }
        }
    }

    SectionLabel {
        visible: root.job.children.length > 0
        text: qsTr("Jobs") + " \u00B7 " + root.job.childSummary
    }
    ListView {
        id: children
        objectName: "childJobs"
        visible: count > 0
        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(contentHeight, root.maximumListHeight)
        clip: true
        interactive: contentHeight > height
        model: root.job.children
        ScrollBar.vertical: ScrollBar {}
        delegate: ItemDelegate {
            id: child
            required property var modelData
            width: ListView.view.width
            implicitHeight: 26
            padding: 0
            Accessible.name: qsTr("%1, %2").arg(child.modelData.title).arg(Format.statusWord(child.modelData.status))
            onClicked: Dashboard.select(child.modelData.key)
            contentItem: RowLayout {
                spacing: Theme.s2
                Label {
                    Layout.preferredWidth: 16
                    text: Format.statusGlyph(child.modelData.status)
                    color: Theme.statusColor(child.modelData.status, child.modelData.subState)
                    font.pixelSize: Theme.body
                }
                Label {
                    Layout.fillWidth: true
                    text: child.modelData.title
                    color: Theme.text; font.pixelSize: Theme.small
                    elide: Text.ElideRight
                }
                Label {
                    text: Format.statusWord(child.modelData.status)
                    color: Theme.statusColor(child.modelData.status, child.modelData.subState)
                    font.pixelSize: Theme.small
                }
            }
        }
    }
}
