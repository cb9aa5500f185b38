import QtQuick
import QtTest
import Jobpulse
import Jobpulse.Models

// The toast stack: hovering pauses the clocks, a click opens the job, groups read as such.
TestCase {
    id: testCase
    name: "ToastStack"
    width: 480
    height: 400
    visible: true
    when: windowShown

    Component {
        id: stackComponent
        ToastStack {
            anchors { right: parent.right; bottom: parent.bottom }
            model: Dashboard.toasts
        }
    }
    SignalSpy { id: openedSpy; signalName: "opened" }

    readonly property var toasts: Dashboard.toasts

    function init() {
        toasts.dismissAll()
        toasts.paused = false
        toasts.lifetime = 6000
        openedSpy.clear()
    }

    function makeStack() {
        const stack = createTemporaryObject(stackComponent, testCase)
        verify(stack)
        openedSpy.target = stack
        return stack
    }

    function test_hoverPausesAutoDismiss() {
        const stack = makeStack()
        toasts.lifetime = 300
        toasts.post("deploy-api", "Deploy API", "succeeded")
        const toast = findChild(stack, "toast")
        verify(toast)
        waitForRendering(stack)
        mouseMove(toast, toast.width / 2, toast.height / 2)
        tryCompare(toasts, "paused", true)
        wait(700) // more than twice its lifetime
        compare(toasts.count, 1)
        mouseMove(testCase, 5, 5)
        tryCompare(toasts, "paused", false)
        tryCompare(toasts, "count", 0, 2000)
    }

    function test_clickOpensTheJob() {
        const stack = makeStack()
        toasts.post("ocr-7", "Caption OCR", "failed")
        const toast = findChild(stack, "toast")
        waitForRendering(stack)
        compare(findChild(toast, "toastHeading").text, "Caption OCR")
        compare(findChild(toast, "toastDetail").text, "Job failed")
        mouseClick(toast, Theme.s4 + 40, toast.height / 2)
        compare(openedSpy.count, 1)
        compare(openedSpy.signalArguments[0][0], "ocr-7")
        compare(toasts.count, 0) // opened is seen: it goes
    }

    function test_burstReadsAsOneToast() {
        const stack = makeStack()
        toasts.post("a", "A", "succeeded")
        toasts.post("b", "B", "succeeded")
        toasts.post("c", "C", "failed")
        compare(toasts.count, 1)
        const toast = findChild(stack, "toast")
        compare(findChild(toast, "toastHeading").text, "3 job(s) finished") // no translator here
        compare(findChild(toast, "toastDetail").text, "2 succeeded \u00B7 1 failed")
        compare(toast.jobKey, "c")
    }
}
