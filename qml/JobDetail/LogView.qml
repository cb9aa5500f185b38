import QtQuick
import QtQuick.Controls
import Jobpulse
import Jobpulse.Models

// The selected job's recent events, following the newest while it is scrolled to the end;
// scrolled back (drag, wheel, scroll bar, Page Up, Home), it stays put and offers a way back
// to the newest.
//
// Lines are selected as a range: a click picks one, Shift+click or Shift+↑/↓ extends it,
// Ctrl+A takes all; Ctrl+C (or the right-click menu) copies them as shown. A selected line
// shows in full; "wrap" shows every long line in full instead of cut short with "…".
ListView {
    id: log

    /** Whether new events scroll into view. Scrolling back stops it; scrolling to the end,
     *  "Latest" or another job starts it again. */
    property bool following: true
    /** Long lines wrap instead of ending in "…". */
    property bool wrap: false
    /** The selection, as the events' sequence numbers (rows shift as old lines leave):
     *  where it started and where it reaches; -1 when nothing is selected. */
    property double anchorSeq: -1
    property double cursorSeq: -1
    readonly property bool hasSelection: anchorSeq >= 0
    readonly property double firstSeq: Math.min(anchorSeq, cursorSeq)
    readonly property double lastSeq: Math.max(anchorSeq, cursorSeq)

    function follow() {
        following = true
        positionViewAtEnd()
    }
    /** Selects the line of @p seq; with @p extend, from the selection's start to it. */
    function selectSeq(seq, extend) {
        if (!extend || !hasSelection)
            anchorSeq = seq
        cursorSeq = seq
    }
    function selectAll() {
        if (count === 0)
            return
        anchorSeq = seqAt(0)
        cursorSeq = seqAt(count - 1)
    }
    function clearSelection() {
        anchorSeq = -1
        cursorSeq = -1
    }
    function seqAt(row) { return model.data(model.index(row, 0), EventLogModel.SeqRole) }
    /** Copies the selected lines; false when nothing is selected. */
    function copySelection() {
        if (!hasSelection)
            return false
        Dashboard.copyToClipboard(model.text(anchorSeq, cursorSeq))
        return true
    }
    /** Moves the selection's end a row up (-1) or down (1), extending it with @p extend. */
    function moveCursor(delta, extend) {
        const from = hasSelection ? model.rowOfSeq(cursorSeq) : (delta > 0 ? -1 : count)
        const row = Math.max(0, Math.min(count - 1, from + delta))
        selectSeq(seqAt(row), extend)
        positionViewAtIndex(row, ListView.Contain)
        following = row === count - 1 && atYEnd
    }
    function scrollPage(direction) {
        following = false
        contentY = Math.max(originY, Math.min(contentY + direction * height * 0.9,
                                              originY + contentHeight - height))
        if (direction > 0 && atYEnd)
            following = true
    }

    clip: true
    model: Dashboard.log
    boundsBehavior: Flickable.StopAtBounds
    activeFocusOnTab: true
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Log")
    ScrollBar.vertical: ScrollBar {
        id: bar
        onPressedChanged: if (!pressed) log.following = log.atYEnd
    }

    onMovementEnded: following = atYEnd
    // While following, the newest line stays in view whatever changes the geometry: new
    // events, and the pane growing or shrinking (the steps above load after the log, a
    // finished job's last lines were hidden below the view's end).
    function keepAtEnd() {
        if (following)
            Qt.callLater(snapToEnd)
    }
    // Still following when the call comes (a key may have scrolled back meanwhile).
    function snapToEnd() {
        if (following)
            positionViewAtEnd()
    }
    onCountChanged: keepAtEnd()
    onHeightChanged: keepAtEnd()
    onContentHeightChanged: keepAtEnd()
    Keys.onPressed: event => {
        const extend = (event.modifiers & Qt.ShiftModifier) !== 0
        if (event.matches(StandardKey.Copy)) {
            event.accepted = copySelection()
            return
        }
        if (event.matches(StandardKey.SelectAll)) {
            selectAll()
        } else if (event.key === Qt.Key_End) {
            follow()
        } else if (event.key === Qt.Key_Home) {
            following = false
            positionViewAtBeginning()
        } else if (event.key === Qt.Key_PageUp) {
            scrollPage(-1)
        } else if (event.key === Qt.Key_PageDown) {
            scrollPage(1)
        } else if (event.key === Qt.Key_Up || event.key === Qt.Key_Down) {
            moveCursor(event.key === Qt.Key_Up ? -1 : 1, extend)
        } else if (event.key === Qt.Key_Escape && hasSelection) {
            clearSelection()
        } else {
            return
        }
        event.accepted = true
    }
    Connections {
        target: Dashboard
        function onSelectedKeyChanged() {
            log.clearSelection()
            // Found by the search through a log line: open at that line, selected.
            const row = Dashboard.matchSeq > 0 && log.model.rowOfSeq ? log.model.rowOfSeq(Dashboard.matchSeq) : -1
            if (row < 0) {
                log.follow()
                return
            }
            log.following = false
            log.selectSeq(Dashboard.matchSeq, false)
            Qt.callLater(() => log.positionViewAtIndex(row, ListView.Center))
        }
    }

    delegate: Rectangle {
        id: line
        required property int index
        required property var time
        required property string type
        required property string message
        required property double seq
        readonly property bool selected: log.hasSelection && seq >= log.firstSeq && seq <= log.lastSeq
        readonly property bool full: log.wrap || selected

        width: ListView.view.width
        height: row.implicitHeight
        color: selected ? Theme.selection : "transparent"

        Row {
            id: row
            width: parent.width
            spacing: Theme.s2
            Label {
                id: clock
                text: Format.clockTime(line.time)
                color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
            }
            Label {
                width: parent.width - clock.width - row.spacing
                text: line.message
                color: line.type === "job.failed" || line.type === "step.failed" ? Theme.failed : Theme.text
                font.pixelSize: Theme.small
                wrapMode: line.full ? Text.WrapAnywhere : Text.NoWrap
                elide: line.full ? Text.ElideNone : Text.ElideRight
            }
        }
        TapHandler {
            id: tap
            acceptedButtons: Qt.LeftButton | Qt.RightButton
            onTapped: (eventPoint, button) => {
                log.forceActiveFocus()
                if (button === Qt.RightButton) {
                    if (!line.selected)
                        log.selectSeq(line.seq, false)
                    menu.popup()
                } else {
                    log.selectSeq(line.seq, (tap.point.modifiers & Qt.ShiftModifier) !== 0)
                }
            }
        }
    }

    Menu {
        id: menu
        MenuItem {
            text: qsTr("Copy")
            enabled: log.hasSelection
            onTriggered: log.copySelection()
        }
        MenuItem {
            text: qsTr("Select all")
            onTriggered: log.selectAll()
        }
        MenuItem {
            text: qsTr("Wrap long lines")
            checkable: true
            checked: log.wrap
            onTriggered: log.wrap = checked
        }
    }

    Label {
        visible: log.count === 0
        text: qsTr("No events yet.")
        color: Theme.muted; font.pixelSize: Theme.small
    }

    Button {
        id: latest
        objectName: "logLatest"
        visible: !log.following && log.count > 0
        anchors { right: parent.right; bottom: parent.bottom; rightMargin: Theme.s4; bottomMargin: Theme.s2 }
        text: qsTr("\u2193 Latest")
        font.pixelSize: Theme.small
        Accessible.description: qsTr("Scroll to the newest event and follow new ones")
        onClicked: log.follow()
    }
}
