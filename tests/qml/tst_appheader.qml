import QtQuick
import QtTest
import Jobpulse
import Jobpulse.Models

// The header's chips and search field drive the live list's filter.
TestCase {
    id: testCase
    name: "AppHeader"
    width: 1100
    height: 60
    visible: true
    when: windowShown

    Component {
        id: headerComponent
        AppHeader { width: testCase.width }
    }

    readonly property var filter: Dashboard.visibleJobs

    function init() {
        filter.status = ""
        filter.search = ""
    }

    function test_chipsToggleTheStatusFilter() {
        const header = createTemporaryObject(headerComponent, testCase)
        const failed = findChild(header, "chipFailed")
        const all = findChild(header, "chipAll")
        verify(all.checked)
        mouseClick(failed)
        compare(filter.status, "failed")
        verify(failed.checked)
        verify(!all.checked)
        mouseClick(findChild(header, "chipRunning"))
        compare(filter.status, "running")
        verify(!failed.checked)
        mouseClick(findChild(header, "chipRunning")) // again: off
        compare(filter.status, "")
        mouseClick(failed)
        mouseClick(all)
        compare(filter.status, "")
        verify(all.checked)
    }

    function test_searchFieldFiltersAndFollowsTheModel() {
        const header = createTemporaryObject(headerComponent, testCase)
        const field = findChild(header, "searchField")
        verify(!field.activeFocus)
        header.focusSearch()
        verify(field.activeFocus)
        keyClick(Qt.Key_O)
        keyClick(Qt.Key_C)
        keyClick(Qt.Key_R)
        compare(filter.search, "ocr")
        verify(filter.filtering)
        filter.search = "" // cleared elsewhere (Esc): the field follows
        compare(field.text, "")
    }
}
