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
}
