import QtQuick
import QtQuick.Controls
import Jobpulse
import Jobpulse.Models

// The history browser: every stored job, newest first, a page at a time ("Load more").
// Jobs that arrive while it is open gather behind a "N new jobs" pill rather than pushing
// the rows being read down; jobs that arrived while another view was up are simply there
// when it is shown (it reads the store then, not when the app started).
Item {
    id: root

    onVisibleChanged: if (visible && history.newCount > 0) history.reload()

    /** Space on the list: the notifications menu (pause, resume). */
    signal notificationsMenuRequested()

    readonly property HistoryModel history: Dashboard.history
    readonly property alias view: list
    /** Where the rows start, below the heading, the filters and the export's result. */
    readonly property real contentTop: list.y
    // What the last export did: a failure comes from the error sink, a success from exported.
    property string exportMessage: ""
    readonly property string exportError: Dashboard.errors.messages.export ?? ""

    /** Ctrl+F: into the search field, its text selected. */
    function focusSearch() { filters.focusSearch() }
    /** Writes the current filter to @p file; the result shows under the filter bar. */
    function exportTo(file, format) {
        history.exportTo(file, format)
    }

    Label {
        id: heading
        anchors { left: parent.left; leftMargin: Theme.s3; top: parent.top; topMargin: Theme.s3 }
        text: qsTr("History")
        font.pixelSize: Theme.heading
        color: Theme.text
    }
    Label {
        objectName: "historyCount"
        anchors { left: heading.right; leftMargin: Theme.s2; baseline: heading.baseline }
        text: slowRead.waited ? qsTr("searching…")
            : root.history.canLoadMore ? qsTr("%1 of %n job(s) shown", "", root.history.total).arg(root.history.count)
                                       : qsTr("%n job(s)", "", root.history.count)
        font.pixelSize: Theme.small
        color: Theme.muted
    }
    // A filter's rows are read off the GUI thread; the old rows stay until they come. Only a
    // read that takes a while says so, so that typing does not make the count blink.
    Timer {
        id: slowRead
        property bool waited: false
        interval: 300
        running: root.history.loading
        onTriggered: waited = true
        onRunningChanged: if (!running) waited = false
    }

    HistoryFilters {
        id: filters
        history: root.history
        anchors { left: parent.left; right: parent.right; top: heading.bottom; margins: Theme.s3; topMargin: Theme.s2 }
        onExportRequested: format => exportDialog.ask(format)
    }
    Label {
        id: exportResult
        objectName: "exportResult"
        visible: text !== ""
        anchors { left: parent.left; right: parent.right; top: filters.bottom; leftMargin: Theme.s3; rightMargin: Theme.s3; topMargin: Theme.s1 }
        text: root.history.exporting ? qsTr("Exporting…")
            : root.exportError !== "" ? root.exportError : root.exportMessage
        color: root.history.exporting ? Theme.muted
            : root.exportError !== "" ? Theme.failed : Theme.succeeded
        font.pixelSize: Theme.small
        elide: Text.ElideMiddle
    }
    Connections {
        target: root.history
        function onExported(path, jobs) {
            root.exportMessage = qsTr("Exported %n job(s) to %1", "", jobs).arg(path)
        }
        function onExportFailed() { root.exportMessage = "" }
        function onFilterChanged() {
            root.exportMessage = ""
            Dashboard.errors.clear("export")
        }
    }

    ListView {
        id: list
        objectName: "historyList"
        anchors { left: parent.left; right: parent.right; top: exportResult.visible ? exportResult.bottom : filters.bottom; topMargin: Theme.s2; bottom: parent.bottom }
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        model: root.history
        keyNavigationEnabled: true
        activeFocusOnTab: true
        currentIndex: -1
        KeyboardSelection {
            id: keys
            view: list
            selected: Dashboard.selectedKey
            onActivated: row => Dashboard.select(root.history.keyAt(row))
        }
        Keys.onPressed: event => keys.handle(event)
        Keys.onSpacePressed: root.notificationsMenuRequested()
        ScrollBar.vertical: ScrollBar {}

        Rectangle { anchors.top: parent.top; width: parent.width; height: 1; color: Theme.hairline; z: 2 }

        delegate: JobDelegate {
            id: job
            required property var createdAt
            width: ListView.view.width
            selected: job.key === Dashboard.selectedKey
            timeText: Format.dateTime(job.createdAt)
            onClicked: {
                list.currentIndex = job.index
                Dashboard.select(job.key)
                list.forceActiveFocus()
            }
        }

        footer: Item {
            width: list.width
            height: root.history.count > 0 ? 64 : 0
            visible: root.history.count > 0
            Button {
                objectName: "loadMore"
                anchors.centerIn: parent
                visible: root.history.canLoadMore
                text: qsTr("Load more")
                onClicked: root.history.loadMore()
            }
            Label {
                anchors.centerIn: parent
                visible: !root.history.canLoadMore
                text: qsTr("Beginning of the history")
                color: Theme.muted
                font.pixelSize: Theme.small
            }
        }
    }

    // New jobs since the first page: a pill over the list, not rows pushed in.
    NewItemsPill {
        id: pill
        objectName: "newJobsPill"
        visible: root.history.newCount > 0
        anchors { horizontalCenter: list.horizontalCenter; top: list.top; topMargin: Theme.s2 }
        text: qsTr("\u2191 %n new job(s)", "", root.history.newCount)
        onClicked: {
            root.history.showNew()
            list.positionViewAtBeginning()
        }
    }

    Column {
        objectName: "historyEmpty"
        visible: root.history.count === 0
        anchors.centerIn: parent
        spacing: Theme.s3
        Label {
            anchors.horizontalCenter: parent.horizontalCenter
            text: root.history.status === "" && root.history.kind === "" && root.history.fromDay === "" && root.history.toDay === ""
                  ? qsTr("No jobs stored yet") : qsTr("No jobs match these filters")
            color: Theme.text; font.pixelSize: Theme.title
        }
    }

    ExportDialog {
        id: exportDialog
        onChosen: (file, format) => root.exportTo(file, format)
    }
}
