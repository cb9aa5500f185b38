import QtQuick
import QtTest
import Jobpulse
import Jobpulse.Models

// The window's keys: Ctrl+F focuses the search, Esc clears it, then leaves it, then closes
// the detail.
TestCase {
    id: testCase
    name: "MainKeys"
    when: windowShown

    Component {
        id: mainComponent
        Main {}
    }

    function test_ctrlFThenEsc() {
        const win = createTemporaryObject(mainComponent, testCase)
        verify(win)
        win.requestActivate()
        tryVerify(() => win.active)
        const field = win.header.searchField
        verify(field, "search field")
        verify(!field.activeFocus)

        keySequence(StandardKey.Find)
        tryVerify(() => field.activeFocus)
        keyClick(Qt.Key_A)
        keyClick(Qt.Key_P)
        keyClick(Qt.Key_I)
        compare(Dashboard.visibleJobs.search, "api")

        keyClick(Qt.Key_Return) // on to the results
        const list = findChild(win.contentItem, "jobList")
        verify(list, "the live list")
        tryVerify(() => list.activeFocus)
        verify(!field.activeFocus)
        compare(Dashboard.visibleJobs.search, "api") // the filter stays

        keySequence(StandardKey.Find) // back in the field, the text selected
        tryVerify(() => field.activeFocus)
        compare(field.selectedText, "api")
        keyClick(Qt.Key_Escape) // clears the text, keeps the focus
        compare(Dashboard.visibleJobs.search, "")
        compare(field.text, "")
        verify(field.activeFocus)

        keyClick(Qt.Key_Escape) // leaves the field
        verify(!field.activeFocus)

        Dashboard.select("render-42")
        keyClick(Qt.Key_Escape) // closes the detail
        compare(Dashboard.selectedKey, "")
    }

    function test_ctrlFInHistorySearchesTheHistory() {
        const win = createTemporaryObject(mainComponent, testCase)
        verify(win)
        win.requestActivate()
        tryVerify(() => win.active)
        keyClick(Qt.Key_2, Qt.ControlModifier)
        compare(win.view, "history")
        const field = findChild(win.contentItem, "historySearch")
        verify(field, "the history's search field")
        keySequence(StandardKey.Find)
        tryVerify(() => field.activeFocus)
        verify(!win.header.searchField.activeFocus)
        compare(win.view, "history") // not sent back to the live list
        keyClick(Qt.Key_Escape)
        keyClick(Qt.Key_1, Qt.ControlModifier)
        keySequence(StandardKey.Find) // the live view: the header's search
        tryVerify(() => win.header.searchField.activeFocus)
    }

    // At 900 px the detail lies over the list, not over the history's search and Export, nor
    // over the live list's filters.
    function test_narrowDetailLeavesTheFiltersFree() {
        const win = createTemporaryObject(mainComponent, testCase, { width: 900, height: 700 })
        verify(win)
        tryVerify(() => win.narrow)
        const overlay = findChild(win.contentItem, "detailOverlay")
        verify(overlay)
        Dashboard.select("render-42")
        const covered = (item) => {
            const a = item.mapToItem(null, 0, 0)
            const b = overlay.mapToItem(null, 0, 0)
            return a.x < b.x + overlay.width && b.x < a.x + item.width
                && a.y < b.y + overlay.height && b.y < a.y + item.height
        }
        win.view = "history"
        tryVerify(() => overlay.visible)
        for (const name of ["historySearch", "exportButton", "statusFilter", "kindFilter"]) {
            const item = findChild(win.contentItem, name)
            verify(item && item.visible, name)
            verify(!covered(item), name + " is under the detail")
        }
        win.view = "live"
        tryVerify(() => overlay.visible)
        const order = findChild(win.contentItem, "liveOrder")
        verify(order)
        verify(!covered(order), "the order is under the detail")
        verify(covered(findChild(win.contentItem, "jobList")), "the detail lies over the list")
        Dashboard.select("")
    }

    function test_viewKeys() {
        const win = createTemporaryObject(mainComponent, testCase)
        verify(win)
        win.requestActivate()
        tryVerify(() => win.active)
        keyClick(Qt.Key_3, Qt.ControlModifier)
        compare(win.view, "inspector")
        const inspector = findChild(win.contentItem, "inspectorEmpty")
        verify(inspector, "the inspector page")
        tryVerify(() => inspector.visible) // no store: nothing delivered yet
        keyClick(Qt.Key_2, Qt.ControlModifier)
        compare(win.view, "history")
        verify(!inspector.visible)
        keyClick(Qt.Key_1, Qt.ControlModifier)
        compare(win.view, "live")
    }

    function test_settingsPage() {
        const win = createTemporaryObject(mainComponent, testCase)
        verify(win)
        win.requestActivate()
        tryVerify(() => win.active)
        keyClick(Qt.Key_4, Qt.ControlModifier)
        compare(win.view, "settings")
        keyClick(Qt.Key_1, Qt.ControlModifier)
        keySequence("Ctrl+,")
        compare(win.view, "settings")

        // The theme applies as it is picked, before any Save.
        const before = Dashboard.themeOverride
        const dark = findChild(win.contentItem, "theme-dark")
        const light = findChild(win.contentItem, "theme-light")
        verify(dark && light, "theme choices")
        const pick = before === "dark" ? light : dark
        const scroll = findChild(win.contentItem, "settingsScroll")
        scroll.contentItem.contentY = scroll.contentItem.contentHeight - scroll.height // in view
        waitForRendering(win.contentItem)
        mouseClick(pick)
        compare(Dashboard.themeOverride, before === "dark" ? "light" : "dark")
        compare(Theme.dark, before !== "dark")
        verify(Dashboard.settings.dirty)
        verify(findChild(win.contentItem, "saveButton").enabled)
        Dashboard.settings.theme = before === "" ? "system" : before // as it was, for the tests after
        compare(Dashboard.themeOverride, before)
    }

    // Under 1000 px the rail is a drawer behind the menu button and the detail lies over the
    // list; wide, the menu button folds the rail away and back.
    function test_narrowWindow() {
        const win = createTemporaryObject(mainComponent, testCase, { width: 900 })
        verify(win)
        tryVerify(() => win.narrow)
        const rail = findChild(win.contentItem, "rail")
        verify(rail, "the rail")
        verify(!rail.visible)
        const menu = findChild(win.header, "menuButton")
        verify(menu, "the menu button")
        mouseClick(menu)
        tryVerify(() => win.railDrawer.opened)
        win.railDrawer.close()
        tryVerify(() => !win.railDrawer.visible)

        const overlay = findChild(win.contentItem, "detailOverlay")
        verify(overlay, "the detail overlay")
        verify(!overlay.visible)
        Dashboard.select("render-42")
        verify(overlay.visible)
        verify(overlay.width < win.width)
        Dashboard.select("")
        verify(!overlay.visible)

        win.width = 1280
        tryVerify(() => !win.narrow)
        verify(rail.visible)
        mouseClick(menu)
        verify(!rail.visible)
        mouseClick(menu)
        verify(rail.visible)
    }

    // Space on the list opens the notifications menu: pause for an hour, then resume.
    function test_spacePausesNotifications() {
        const win = createTemporaryObject(mainComponent, testCase)
        verify(win)
        win.requestActivate()
        tryVerify(() => win.active)
        Dashboard.notifier.resume()
        keyClick(Qt.Key_1, Qt.ControlModifier) // the live list has the keys
        const list = findChild(win.contentItem, "jobList")
        tryVerify(() => list.activeFocus)
        keyClick(Qt.Key_Space)
        verify(!Dashboard.notifier.paused)
        keyClick(Qt.Key_Return) // "Pause notifications for 1 hour"
        tryVerify(() => Dashboard.notifier.paused)
        tryVerify(() => list.activeFocus)
        keyClick(Qt.Key_Space)
        keyClick(Qt.Key_Return) // now the only entry: "Resume notifications"
        tryVerify(() => !Dashboard.notifier.paused)
    }
}
