pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// The live job list, newest first, as the header's filters narrow it; the empty state
// until the first job arrives.
Item {
    id: root
    objectName: "liveView"

    /** Space on the list: the notifications menu (pause, resume). */
    signal notificationsMenuRequested()

    readonly property JobFilterModel jobs: Dashboard.visibleJobs
    readonly property alias view: list
    /** Where the rows start, below the heading and the filters. */
    readonly property real contentTop: listArea.y
    /** The list's keyboard selection (Main moves it from the search field to the results). */
    readonly property alias keys: keys

    component Facet: ComboBox {
        id: facet
        implicitHeight: 28
        font.pixelSize: Theme.small
        // Wide enough for its longest entry (German ones are long), within reason.
        FontMetrics { id: metrics; font: facet.font }
        readonly property real widest: {
            let w = 0
            const entries = Array.isArray(model) ? model : []
            for (const entry of entries) {
                w = Math.max(w, metrics.advanceWidth(typeof entry === "string" ? entry : entry[textRole]))
            }
            return w
        }
        implicitWidth: Math.min(220, Math.max(100, widest + leftPadding + rightPadding + 12))
    }

    RowLayout {
        id: headingRow
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: Theme.s3 }
        spacing: Theme.s2
        Label {
            id: heading
            text: qsTr("Live")
            font.pixelSize: Theme.heading
            color: Theme.text
        }
        Label {
            Layout.alignment: Qt.AlignBaseline
            Layout.fillWidth: true
            text: root.jobs.filtering ? qsTr("%1 of %n job(s)", "", Dashboard.jobCount).arg(root.jobs.count)
                                      : qsTr("%n job(s)", "", Dashboard.jobCount)
            font.pixelSize: Theme.small
            color: Theme.muted
            elide: Text.ElideRight
        }
        Facet {
            id: kindFilter
            objectName: "liveKindFilter"
            readonly property var kinds: Dashboard.jobs.kinds
            visible: kinds.length > 0
            Accessible.name: qsTr("Kind")
            model: [qsTr("All kinds")].concat(kinds)
            // A Binding survives the user's picks, so clearing the filters elsewhere shows.
            Binding on currentIndex { value: root.jobs.kind === "" ? 0 : kindFilter.kinds.indexOf(root.jobs.kind) + 1 }
            onActivated: index => root.jobs.kind = index === 0 ? "" : kinds[index - 1]
        }
        Facet {
            id: sourceFilter
            objectName: "liveSourceFilter"
            readonly property var sources: Dashboard.jobs.sources
            visible: sources.length > 0
            Accessible.name: qsTr("Source")
            model: [qsTr("All sources")].concat(sources)
            Binding on currentIndex { value: root.jobs.source === "" ? 0 : sourceFilter.sources.indexOf(root.jobs.source) + 1 }
            onActivated: index => root.jobs.source = index === 0 ? "" : sources[index - 1]
        }
        Facet {
            id: order
            objectName: "liveOrder"
            visible: Dashboard.jobCount > 0
            Accessible.name: qsTr("Sort by")
            textRole: "text"
            valueRole: "value"
            model: [
                { value: "newest", text: qsTr("Newest first") },
                { value: "updated", text: qsTr("Recently active") },
                { value: "status", text: qsTr("Failed first") },
                { value: "progress", text: qsTr("Most progress") },
                { value: "name", text: qsTr("Name") }
            ]
            Binding on currentIndex { value: Math.max(0, order.indexOfValue(root.jobs.order)) }
            onActivated: root.jobs.order = currentValue
        }
    }

    // The search's label filters (`branch:main`, or a label clicked in the detail), each a
    // chip that takes itself out.
    Flow {
        id: labelRow
        objectName: "liveLabelFilters"
        anchors { left: parent.left; right: parent.right; top: headingRow.bottom; leftMargin: Theme.s3; rightMargin: Theme.s3 }
        anchors.topMargin: visible ? Theme.s1 : 0
        height: visible ? implicitHeight : 0
        visible: root.jobs.labelFilters.length > 0
        spacing: Theme.s1
        Repeater {
            model: root.jobs.labelFilters
            delegate: ToolAction {
                id: labelChip
                required property string modelData
                required property int index
                implicitHeight: 24
                font.pixelSize: Theme.small
                text: labelChip.modelData + "  \u2715"
                Accessible.name: qsTr("Remove the filter %1").arg(labelChip.modelData)
                ToolTip.visible: hovered; ToolTip.text: qsTr("Remove the filter %1").arg(labelChip.modelData)
                onClicked: root.jobs.removeLabelFilter(labelChip.index)
            }
        }
    }

    /** The keys are moving through the list (until it loses focus or a click picks a row). */
    property bool keyboardReading: false
    /** How long the rows hold after the pointer or the keys last moved over the list: a
     *  pointer left resting on the list (a dashboard on a second screen) lets jobs in. */
    property int holdIdleMs: 8000
    /** The pointer is over the list (hover, debounced). */
    property bool pointerOver: false
    /** Neither the pointer nor the keys moved over the list for holdIdleMs. */
    property bool resting: true
    function interacted() {
        resting = false
        restTimer.restart()
    }

    // Rows do not move under the pointer or the keys: while the pointer is over the list or
    // the keys are reading it, jobs that arrive wait behind the pill and the order holds.
    Item {
        id: listArea
        anchors { left: parent.left; right: parent.right; top: labelRow.bottom; topMargin: Theme.s2; bottom: parent.bottom }
        // Only a pointer that moves over the list is reading it: one that rests where the
        // window opened, or that rows appear under, is not.
        HoverHandler {
            id: listHover
            property point last
            onPointChanged: {
                const at = point.scenePosition
                if (hovered && (at.x !== last.x || at.y !== last.y))
                    root.interacted()
                last = at
            }
            onHoveredChanged: {
                if (hovered) {
                    last = point.scenePosition
                    root.pointerOver = true
                    leaveGrace.stop()
                } else {
                    leaveGrace.restart()
                }
            }
        }
        // Rows and the pill appearing under a still pointer make hover blink; the pointer
        // counts as gone only when it stays gone a moment.
        Timer { id: leaveGrace; interval: 250; onTriggered: root.pointerOver = listHover.hovered }
        Timer { id: restTimer; interval: root.holdIdleMs; onTriggered: root.resting = true }
        Binding {
            target: root.jobs
            property: "held"
            // An empty list has nothing to hold still: the first jobs always come in.
            value: !root.resting && list.count > 0
                   && (root.pointerOver || (list.activeFocus && root.keyboardReading))
        }

        ListView {
            id: list
            objectName: "jobList"
            visible: root.jobs.count > 0
            anchors.fill: parent
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            model: root.jobs
            keyNavigationEnabled: true
            activeFocusOnTab: true
            focus: true
            currentIndex: -1
            KeyboardSelection {
                id: keys
                view: list
                selected: Dashboard.selectedKey
                onActivated: row => Dashboard.select(root.jobs.keyAt(row))
            }
            Keys.onPressed: event => {
                keys.handle(event)
                if (event.accepted) {
                    root.keyboardReading = true
                    root.interacted()
                }
            }
            onActiveFocusChanged: if (!activeFocus) root.keyboardReading = false
            Keys.onSpacePressed: root.notificationsMenuRequested()
            ScrollBar.vertical: ScrollBar {}

            Rectangle { anchors.top: parent.top; width: parent.width; height: 1; color: Theme.hairline }

            delegate: JobDelegate {
                id: job
                required property real eta
                // The run's jobs folded under it (JobDelegate's own properties, from the roles).
                required childCount
                required childrenDone
                required childrenFailed
                width: ListView.view.width
                remaining: job.eta
                selected: job.key === Dashboard.selectedKey
                onClicked: {
                    root.keyboardReading = false
                    list.currentIndex = job.index
                    Dashboard.select(job.key)
                    list.forceActiveFocus()
                }
            }
        }

        NewItemsPill {
            objectName: "liveNewJobsPill"
            visible: root.jobs.newCount > 0
            anchors { horizontalCenter: parent.horizontalCenter; top: parent.top; topMargin: Theme.s2 }
            text: qsTr("\u2191 %n new job(s)", "", root.jobs.newCount)
            onClicked: {
                root.jobs.showNew()
                list.positionViewAtBeginning()
            }
        }
    }

    // Open the newest job once, so the detail pane is not empty on start; after that the
    // selection is the user's (Esc closes it and it stays closed).
    property bool pickedFirst: false
    function pickFirst() {
        if (pickedFirst || root.jobs.keyAt(0) === "") // none yet, or held behind the pill
            return
        pickedFirst = true
        if (Dashboard.selectedKey === "")
            Dashboard.select(root.jobs.keyAt(0))
    }
    Connections {
        target: Dashboard
        function onCountsChanged() { root.pickFirst() }
    }
    Connections {
        target: root.jobs
        function onCountChanged() { root.pickFirst() }
    }
    Component.onCompleted: pickFirst()

    // Jobs exist but the filters hide them all.
    Column {
        objectName: "noMatches"
        visible: Dashboard.jobCount > 0 && root.jobs.count === 0
        anchors.centerIn: parent
        spacing: Theme.s3
        Label {
            anchors.horizontalCenter: parent.horizontalCenter
            text: {
                if (root.jobs.search !== "")
                    return qsTr("No jobs match \u201C%1\u201D").arg(root.jobs.search)
                if (root.jobs.kind !== "" || root.jobs.source !== "" || root.jobs.labelFilters.length > 0)
                    return qsTr("No jobs match the filter")
                switch (root.jobs.status) {
                case "running": return qsTr("No running jobs")
                case "failed": return qsTr("No failed jobs")
                case "queued": return qsTr("No queued jobs")
                default: return qsTr("No jobs match the filter")
                }
            }
            color: Theme.text; font.pixelSize: Theme.title
        }
        Button {
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("Show all jobs")
            onClicked: root.jobs.clearFilters()
        }
    }

    EmptyState {
        visible: Dashboard.jobCount === 0
        anchors.fill: parent
    }
}
