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
    readonly property LogLinesModel logLines: Dashboard.logLines
    readonly property LogSearchModel search: Dashboard.logSearch
    /** The events beside the log instead of the log. */
    property bool showEvents: false

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
            spacing: Theme.s2
            // The log's lines, or the events beside them (steps, status, messages).
            ToolAction {
                id: logTab
                objectName: "logTab"
                Layout.topMargin: Theme.s3
                implicitHeight: 24
                text: root.logLines.total > 0
                      ? qsTr("Log · %1 lines").arg(root.logLines.total.toLocaleString(Qt.locale(), "f", 0)) : qsTr("Log")
                checkable: true
                checked: !root.showEvents
                font.pixelSize: Theme.small; font.bold: checked
                Accessible.name: qsTr("Show the log")
                onClicked: root.showEvents = false
            }
            ToolAction {
                objectName: "eventsTab"
                Layout.topMargin: Theme.s3
                implicitHeight: 24
                text: qsTr("Events")
                checkable: true
                checked: root.showEvents
                font.pixelSize: Theme.small; font.bold: checked
                Accessible.name: qsTr("Show the events: steps, status and messages")
                onClicked: root.showEvents = true
            }
            TextField {
                id: logSearchField
                objectName: "logSearchField"
                visible: !root.showEvents
                Layout.topMargin: Theme.s3
                // Takes what the pane leaves, up to 220 px: the row never gets wider than it.
                Layout.fillWidth: true
                Layout.minimumWidth: 60
                Layout.maximumWidth: 220
                Layout.alignment: Qt.AlignRight
                placeholderText: qsTr("Search the log")
                font.pixelSize: Theme.small
                selectByMouse: true
                text: root.search.text
                onTextEdited: root.search.text = text
                Accessible.name: qsTr("Search the log")
                Keys.onReturnPressed: event => {
                    if (root.search.count > 0)
                        root.search.step((event.modifiers & Qt.ShiftModifier) ? -1 : 1)
                    else
                        root.search.searchNow()
                }
                Keys.onEscapePressed: root.search.text = ""
            }
            Label {
                objectName: "logSearchCount"
                visible: !root.showEvents && root.search.text !== ""
                Layout.topMargin: Theme.s3
                text: root.search.searching ? qsTr("searching…")
                    : root.search.count === 0 ? qsTr("no match")
                    : qsTr("%1 of %2%3").arg(root.search.current + 1).arg(root.search.count)
                          .arg(root.search.more ? "+" : "")
                color: Theme.muted; font.pixelSize: Theme.small
            }
            ToolAction {
                visible: !root.showEvents && root.search.count > 0
                Layout.topMargin: Theme.s3
                implicitHeight: 24
                text: "↑"
                Accessible.name: qsTr("Previous match")
                onClicked: root.search.step(-1)
            }
            ToolAction {
                visible: !root.showEvents && root.search.count > 0
                Layout.topMargin: Theme.s3
                implicitHeight: 24
                text: "↓"
                Accessible.name: qsTr("Next match")
                onClicked: root.search.step(1)
            }
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
                onToggled: { logView.wrap = checked; eventList.wrap = checked }
            }
        }
        // The search's results: a click goes to the line.
        ListView {
            id: matches
            objectName: "logMatches"
            visible: !root.showEvents && root.search.count > 0
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, 5 * 18)
            clip: true
            model: root.search
            currentIndex: root.search.current
            onCurrentIndexChanged: positionViewAtIndex(currentIndex, ListView.Contain)
            ScrollBar.vertical: ScrollBar {}
            delegate: Rectangle {
                id: match
                required property int index
                required property double number
                required property string text
                width: ListView.view.width
                height: 18
                color: index === root.search.current ? Theme.selection : "transparent"
                Row {
                    spacing: Theme.s2
                    Label {
                        text: match.number
                        color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
                    }
                    Label {
                        width: match.width - x
                        text: match.text
                        elide: Text.ElideRight
                        textFormat: Text.PlainText
                        color: Theme.text; font.pixelSize: Theme.small; font.family: Theme.mono
                    }
                }
                TapHandler { onTapped: root.search.current = match.index }
            }
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: root.showEvents ? 1 : 0
            LogView {
                id: logView
                objectName: "logView"
                model: root.logLines
                matchLine: root.search.currentLine
            }
            EventList {
                id: eventList
                objectName: "eventList"
            }
        }
    }

    // A job opens at its newest line, following, or at the line the live search found it by.
    Connections {
        target: root.logLines
        function onOpened(line) {
            logView.clearSelection()
            if (line > 0)
                logView.goToRow(root.logLines.rowOfLine(line))
            else
                logView.follow()
        }
    }
    Connections {
        target: root.search
        function onCurrentChanged() {
            if (root.search.currentLine > 0)
                logView.goToRow(root.logLines.rowOfLine(root.search.currentLine))
        }
    }
    Connections {
        target: Dashboard
        // Another job: its log, following from the start (until it opens at a found line).
        function onSelectedKeyChanged() {
            root.showEvents = false
            logView.clearSelection()
            logView.following = true
        }
    }
}
