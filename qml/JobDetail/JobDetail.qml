import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// The selected job: header, status line, error, steps with duration bars, and its log.
Rectangle {
    id: root

    readonly property SelectedJob job: Dashboard.selected
    readonly property bool hasJob: Dashboard.selectedKey !== ""

    color: Theme.base

    Label {
        visible: !root.hasJob
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.s6
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: qsTr("Select a job to see its steps and log.")
        color: Theme.muted
        font.pixelSize: Theme.body
    }

    ColumnLayout {
        visible: root.hasJob
        anchors { fill: parent; margins: Theme.s4 }
        spacing: Theme.s2

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: root.job.title
                font.pixelSize: Theme.title; font.bold: true
                color: Theme.text
                elide: Text.ElideRight
            }
            ToolAction {
                objectName: "openLink"
                visible: root.job.openableUrl
                text: qsTr("Open link")
                font.pixelSize: Theme.small
                Accessible.name: qsTr("Open the job's link in the browser")
                ToolTip.visible: hovered; ToolTip.text: root.job.url
                onClicked: root.job.openUrl()
            }
            ToolAction {
                id: copyJson
                objectName: "copyJson"
                property bool copied: false
                text: copied ? qsTr("Copied") : qsTr("Copy JSON")
                font.pixelSize: Theme.small
                Accessible.name: qsTr("Copy the job, its steps and log as JSON")
                ToolTip.visible: hovered; ToolTip.text: qsTr("Copy the job, its steps and log as JSON")
                onClicked: { Dashboard.copyToClipboard(root.job.toJson()); copied = true; copiedReset.restart() }
                Timer { id: copiedReset; interval: 1500; onTriggered: copyJson.copied = false }
            }
            ToolAction {
                text: "\u2715"
                Accessible.name: qsTr("Close details")
                ToolTip.visible: hovered; ToolTip.text: qsTr("Close details (Esc)")
                onClicked: Dashboard.select("")
            }
        }
        Label {
            Layout.fillWidth: true
            text: root.job.subtitle
            visible: text !== ""
            color: Theme.muted; font.pixelSize: Theme.small
            elide: Text.ElideMiddle
        }
        Label {
            objectName: "statusLine"
            Layout.fillWidth: true
            text: root.job.statusLine
            color: Theme.statusColor(root.job.statusName, root.job.state); font.pixelSize: Theme.body
            wrapMode: Text.Wrap // "started … · took …" is longer in German than the pane
        }
        Label {
            Layout.fillWidth: true
            visible: root.job.error !== ""
            text: root.job.error
            wrapMode: Text.Wrap
            maximumLineCount: 4
            elide: Text.ElideRight
            color: Theme.failed; font.pixelSize: Theme.small
        }

        JobFamily {
            Layout.fillWidth: true
            job: root.job
            maximumListHeight: root.height * 0.25
        }

        KindTrend {
            Layout.fillWidth: true
            trend: root.job.trend
            currentKey: Dashboard.selectedKey
        }

        SectionLabel { text: qsTr("Steps") }
        ListView {
            id: steps
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, root.height * 0.45)
            clip: true
            interactive: contentHeight > height
            model: Dashboard.steps
            delegate: StepDelegate { width: ListView.view.width }
            ScrollBar.vertical: ScrollBar {}
        }
        Label {
            visible: steps.count === 0
            text: qsTr("No steps reported.")
            color: Theme.muted; font.pixelSize: Theme.small
        }

        RowLayout {
            Layout.fillWidth: true
            SectionLabel { text: qsTr("Log") }
            ToolAction {
                objectName: "logWrap"
                Layout.topMargin: Theme.s3
                implicitHeight: 24
                text: qsTr("Wrap")
                checkable: true
                checked: logView.wrap
                font.pixelSize: Theme.small
                Accessible.name: qsTr("Wrap long log lines")
                ToolTip.visible: hovered; ToolTip.text: qsTr("Show long lines in full")
                onToggled: logView.wrap = checked
            }
        }
        LogView {
            id: logView
            objectName: "logView"
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
    }
}
