import QtQuick
import QtQuick.Controls
import Jobpulse

// What the detail's log and event list share: following the newest rows while scrolled to the
// end; scrolled back (drag, wheel, scroll bar, Page Up, Home), staying put and offering a way
// back to the newest.
//
// Rows are selected as a range of keys (a line's number, an event's sequence number: rows may
// shift, keys do not): a click picks one, Shift+click or Shift+↑/↓ extends it, Ctrl+A takes all;
// Ctrl+C (or the right-click menu) copies them. A selected row shows in full; "wrap" shows
// every long row in full instead of cut short with "…".
ListView {
    id: list

    /** Whether new rows scroll into view. Scrolling back stops it; scrolling to the end,
     *  "Latest" or another job starts it again. */
    property bool following: true
    /** Long rows wrap instead of ending in "…". */
    property bool wrap: false
    /** The selection, as keys: where it started and where it reaches; -1 when none. */
    property double anchorKey: -1
    property double cursorKey: -1
    readonly property bool hasSelection: anchorKey >= 0
    readonly property double firstKey: Math.min(anchorKey, cursorKey)
    readonly property double lastKey: Math.max(anchorKey, cursorKey)
    /** The model's mapping: the key of a row, the row of a key (-1: none). */
    property var keyAt: row => -1
    property var rowOfKey: key => -1
    /** Copies the rows of keys @p first … @p last. */
    property var copyRange: (first, last) => {}
    /** Shown while there are no rows. */
    property string emptyText
    /** What "Latest" does, for screen readers. */
    property string latestDescription

    function follow() {
        following = true
        positionViewAtEnd()
    }
    /** Selects the row of @p key; with @p extend, from the selection's start to it. */
    function selectKey(key, extend) {
        if (!extend || !hasSelection)
            anchorKey = key
        cursorKey = key
    }
    function selectAll() {
        if (count === 0)
            return
        anchorKey = keyAt(0)
        cursorKey = keyAt(count - 1)
    }
    function clearSelection() {
        anchorKey = -1
        cursorKey = -1
    }
    /** Copies the selected rows; false when nothing is selected. */
    function copySelection() {
        if (!hasSelection)
            return false
        copyRange(anchorKey, cursorKey)
        return true
    }
    /** Moves the selection's end a row up (-1) or down (1), extending it with @p extend. */
    function moveCursor(delta, extend) {
        const from = hasSelection ? rowOfKey(cursorKey) : (delta > 0 ? -1 : count)
        const row = Math.max(0, Math.min(count - 1, from + delta))
        selectKey(keyAt(row), extend)
        positionViewAtIndex(row, ListView.Contain)
        following = row === count - 1 && atYEnd
    }
    /** Shows @p row in the middle, selected, and stops following. */
    function goToRow(row) {
        if (row < 0)
            return
        following = false
        selectKey(keyAt(row), false)
        positionViewAtIndex(row, ListView.Center)
        // Rows above it may have been estimated: again once they are laid out.
        Qt.callLater(() => positionViewAtIndex(row, ListView.Center))
    }
    function scrollPage(direction) {
        following = false
        contentY = Math.max(originY, Math.min(contentY + direction * height * 0.9,
                                              originY + contentHeight - height))
        if (direction > 0 && atYEnd)
            following = true
    }

    clip: true
    boundsBehavior: Flickable.StopAtBounds
    activeFocusOnTab: true
    ScrollBar.vertical: ScrollBar {
        onPressedChanged: if (!pressed) list.following = list.atYEnd
    }

    onMovementEnded: following = atYEnd
    // While following, the newest row stays in view whatever changes the geometry: new rows,
    // and the pane growing or shrinking (the steps above load after the log, a finished job's
    // last lines were hidden below the view's end).
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

    // A click selects (extending with Shift); a right click opens the menu. One handler for
    // the list rather than one per row: a row is made for every line that scrolls into view,
    // a thousand a second while following a busy job.
    TapHandler {
        id: tap
        acceptedButtons: Qt.LeftButton | Qt.RightButton
        onTapped: (eventPoint, button) => {
            const at = list.contentItem.mapFromItem(list, eventPoint.position)
            const row = list.indexAt(at.x, at.y)
            if (row < 0)
                return
            const key = list.keyAt(row)
            list.forceActiveFocus()
            if (button === Qt.RightButton) {
                if (!list.hasSelection || key < list.firstKey || key > list.lastKey)
                    list.selectKey(key, false)
                menu.popup()
            } else {
                list.selectKey(key, (tap.point.modifiers & Qt.ShiftModifier) !== 0)
            }
        }
    }

    Menu {
        id: menu
        MenuItem {
            text: qsTr("Copy")
            enabled: list.hasSelection
            onTriggered: list.copySelection()
        }
        MenuItem {
            text: qsTr("Select all")
            onTriggered: list.selectAll()
        }
        MenuItem {
            text: qsTr("Wrap long lines")
            checkable: true
            checked: list.wrap
            onTriggered: list.wrap = checked
        }
    }

    Label {
        visible: list.count === 0
        text: list.emptyText
        color: Theme.muted; font.pixelSize: Theme.small
    }

    Button {
        objectName: "logLatest"
        visible: !list.following && list.count > 0
        anchors { right: parent.right; bottom: parent.bottom; rightMargin: Theme.s4; bottomMargin: Theme.s2 }
        text: qsTr("\u2193 Latest")
        font.pixelSize: Theme.small
        Accessible.description: list.latestDescription
        onClicked: list.follow()
    }
}
