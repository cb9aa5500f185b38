import QtQuick
import QtTest
import Jobpulse

// The keys that move a list's selection (Shell/KeyboardSelection.qml), which the live list,
// the history and the inspector share.
TestCase {
    id: testCase
    name: "KeyboardSelection"
    when: windowShown
    width: 200; height: 200

    property string selectedKey: ""
    property int spaces: 0

    ListView {
        id: list
        width: 200; height: 200 // 10 rows of 20 px: a page is 9 rows
        focus: true
        currentIndex: -1
        model: ListModel {
            id: rows
            function rowOf(key) {
                for (let i = 0; i < count; ++i)
                    if (get(i).key === key)
                        return i
                return -1
            }
            Component.onCompleted: {
                for (let i = 0; i < 30; ++i)
                    append({ key: "job-" + i })
            }
        }
        delegate: Rectangle { required property string key; width: 200; height: 20 }
        KeyboardSelection {
            id: keys
            view: list
            selected: testCase.selectedKey
            onActivated: row => testCase.selectedKey = rows.get(row).key
        }
        Keys.onPressed: event => keys.handle(event)
        Keys.onSpacePressed: testCase.spaces++
    }

    function init() {
        selectedKey = ""
        list.currentIndex = -1
        list.forceActiveFocus()
    }

    function test_upAndDownFromNothing() {
        keyClick(Qt.Key_Down)
        compare(selectedKey, "job-0")
        keyClick(Qt.Key_Down)
        compare(selectedKey, "job-1")
        compare(list.currentIndex, 1)
        keyClick(Qt.Key_Up)
        keyClick(Qt.Key_Up) // stays on the first row
        compare(selectedKey, "job-0")
    }

    function test_homeEndAndPages() {
        keyClick(Qt.Key_End)
        compare(selectedKey, "job-29")
        keyClick(Qt.Key_Down) // stays on the last row
        compare(selectedKey, "job-29")
        keyClick(Qt.Key_Home)
        compare(selectedKey, "job-0")
        keyClick(Qt.Key_PageDown)
        compare(selectedKey, "job-9")
        keyClick(Qt.Key_PageDown)
        keyClick(Qt.Key_PageDown)
        keyClick(Qt.Key_PageDown) // clamped
        compare(selectedKey, "job-29")
        keyClick(Qt.Key_PageUp)
        compare(selectedKey, "job-20")
    }

    // Rows shift under the selection (new jobs on top): a step starts from the selected item.
    function test_stepsFromTheSelectedItem() {
        keyClick(Qt.Key_Down)
        compare(list.currentIndex, 0)
        selectedKey = "job-7" // picked elsewhere, or moved down by inserts
        keyClick(Qt.Key_Down)
        compare(selectedKey, "job-8")
        compare(list.currentIndex, 8)
    }

    // Esc closed the detail: Enter opens the row the keys are on again; a step starts over.
    function test_enterAndStepsWithoutSelection() {
        keyClick(Qt.Key_Return) // nothing yet: the first row
        compare(selectedKey, "job-0")
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Down)
        selectedKey = ""
        keyClick(Qt.Key_Enter)
        compare(selectedKey, "job-2")
        selectedKey = "gone" // a filter hid it
        keyClick(Qt.Key_Down)
        compare(selectedKey, "job-0")
    }

    function test_otherKeysPassThrough() {
        const before = spaces
        keyClick(Qt.Key_Space)
        compare(spaces, before + 1)
        keyClick(Qt.Key_A)
        compare(selectedKey, "")
    }
}
