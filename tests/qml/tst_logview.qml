import QtQuick
import QtTest
import Jobpulse

// The detail's log: follows the newest lines while at the end; scrolled back it stays where
// the reader is as lines keep arriving, until "Latest" (or scrolling to the end) follows again.
TestCase {
    id: testCase
    name: "LogView"
    width: 400
    height: 200
    visible: true
    when: windowShown

    ListModel { id: events }
    Component {
        id: logComponent
        LogView { width: testCase.width; height: testCase.height; model: events }
    }

    function add(n) {
        for (let i = 0; i < n; ++i)
            events.append({ clock: "12:00:00", text: "line " + events.count, number: events.count + 1,
                            stream: "stdout", loaded: true, omitted: 0 })
    }

    function test_followThenStopThenFollowAgain() {
        events.clear()
        const log = createTemporaryObject(logComponent, testCase)
        verify(log)
        const latest = findChild(log, "logLatest")
        verify(latest)

        add(60)
        tryVerify(() => log.atYEnd, 2000, "follows the newest")
        verify(log.following)
        verify(!latest.visible)
        add(10)
        tryVerify(() => log.atYEnd, 2000, "still following")

        // The reader drags back up: the view stays there while events arrive.
        mouseDrag(log, log.width / 2, 20, 0, 150)
        tryVerify(() => !log.moving)
        verify(!log.atYEnd)
        verify(!log.following)
        const kept = log.contentY
        add(20)
        wait(50)
        compare(log.contentY, kept, "does not jump while reading back")
        verify(latest.visible)

        // "Latest" follows again, for the events after it too.
        mouseClick(latest)
        verify(log.following)
        tryVerify(() => log.atYEnd)
        add(5)
        tryVerify(() => log.atYEnd)
        verify(!latest.visible)
    }

    function test_newestLineStaysInViewWhenThePaneShrinks() {
        // The detail's steps load after the log and take room from it: the newest lines
        // must not end up below the view.
        events.clear()
        const log = createTemporaryObject(logComponent, testCase)
        add(60)
        tryVerify(() => log.atYEnd)
        log.height = testCase.height - 120
        tryVerify(() => log.atYEnd, 2000, "the last line is in view after the pane shrank")
        verify(log.following)
        // End follows again after reading back.
        mouseDrag(log, log.width / 2, 20, 0, 60)
        tryVerify(() => !log.moving)
        verify(!log.following)
        log.forceActiveFocus()
        keyClick(Qt.Key_End)
        verify(log.following)
        tryVerify(() => log.atYEnd)
    }

    function test_scrollingToTheEndFollowsAgain() {
        events.clear()
        const log = createTemporaryObject(logComponent, testCase)
        add(60)
        tryVerify(() => log.atYEnd)
        mouseDrag(log, log.width / 2, 20, 0, 150)
        tryVerify(() => !log.moving)
        verify(!log.following)
        mouseDrag(log, log.width / 2, 180, 0, -400) // back down to the end
        tryVerify(() => !log.moving)
        verify(log.atYEnd)
        verify(log.following)
        add(5)
        tryVerify(() => log.atYEnd)
    }

    function test_pageKeysScrollAndHomeStopsFollowing() {
        events.clear()
        const log = createTemporaryObject(logComponent, testCase)
        add(60)
        tryVerify(() => log.atYEnd && log.contentY > log.originY)
        log.forceActiveFocus()
        const end = log.contentY
        keyClick(Qt.Key_PageUp)
        verify(!log.following)
        verify(log.contentY < end - log.height / 2, "a page up")
        add(5)
        wait(50)
        verify(!log.atYEnd, "reading back: new lines do not pull the view down")
        keyClick(Qt.Key_Home)
        compare(log.contentY, log.originY)
        keyClick(Qt.Key_PageDown)
        verify(log.contentY > log.originY)
        keyClick(Qt.Key_End)
        verify(log.following)
        tryVerify(() => log.atYEnd)
    }

    function test_wrapShowsALongLineInFull() {
        events.clear()
        const log = createTemporaryObject(logComponent, testCase)
        events.append({ clock: "12:00:00", number: 1, stream: "stderr", loaded: true, omitted: 0,
                        text: "error: " + "x".repeat(300) + " END" })
        tryVerify(() => log.itemAtIndex(0))
        const line = log.itemAtIndex(0)
        const oneLine = line.height
        log.wrap = true
        tryVerify(() => line.height > 2 * oneLine, 2000, "the line wraps")
        log.wrap = false
        tryCompare(line, "height", oneLine)
    }
}
