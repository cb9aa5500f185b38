pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Jobpulse
import Jobpulse.Models

// The live job list, newest first; the empty state until the first job arrives.
Item {
    id: root

    Label {
        id: heading
        anchors { left: parent.left; leftMargin: Theme.s3; top: parent.top; topMargin: Theme.s3 }
        text: qsTr("Live")
        font.pixelSize: Theme.heading
        color: Theme.text
    }
    Label {
        anchors { left: heading.right; leftMargin: Theme.s2; baseline: heading.baseline }
        text: qsTr("%n job(s)", "", Dashboard.jobCount)
        font.pixelSize: Theme.small
        color: Theme.muted
    }

    ListView {
        id: list
        objectName: "jobList"
        visible: Dashboard.jobCount > 0
        anchors { left: parent.left; right: parent.right; top: heading.bottom; topMargin: Theme.s2; bottom: parent.bottom }
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        model: Dashboard.jobs
        keyNavigationEnabled: true
        focus: true
        currentIndex: -1
        onCurrentIndexChanged: if (currentIndex >= 0) Dashboard.select(Dashboard.jobs.keyAt(currentIndex))
        ScrollBar.vertical: ScrollBar {}

        Rectangle { anchors.top: parent.top; width: parent.width; height: 1; color: Theme.hairline }

        delegate: JobDelegate {
            id: job
            width: ListView.view.width
            selected: job.key === Dashboard.selectedKey
            onClicked: {
                list.currentIndex = job.index
                Dashboard.select(job.key)
                list.forceActiveFocus()
            }
        }
    }

    // Open the newest job once, so the detail pane is not empty on start; after that the
    // selection is the user's (Esc closes it and it stays closed).
    property bool pickedFirst: false
    function pickFirst() {
        if (pickedFirst || Dashboard.jobCount === 0)
            return
        pickedFirst = true
        if (Dashboard.selectedKey === "")
            Dashboard.select(Dashboard.jobs.keyAt(0))
    }
    Connections {
        target: Dashboard
        function onCountsChanged() { root.pickFirst() }
    }
    Component.onCompleted: pickFirst()

    EmptyState {
        visible: Dashboard.jobCount === 0
        anchors.fill: parent
    }
}
