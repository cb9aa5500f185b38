import QtQuick
import QtTest
import Jobpulse
import Jobpulse.Models

// The toast stack: one toast on screen with how many wait behind it, hovering pauses its
// clock, a click opens the job, a group lists each job with its error, failures go later.
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
        toasts.failureLifetime = 20000
        openedSpy.clear()
    }

    // The toasts a person sees: the stack's delegates that are visible.
    function shownToasts(stack) {
        const shown = []
        for (let i = 0; i < stack.children.length; ++i) {
            const child = stack.children[i]
            if (child.objectName === "toast" && child.visible)
                shown.push(child)
        }
        return shown
    }
    function listedNotes(toast) {
        const notes = []
        const column = findChild(toast, "toastDetail").parent
        for (let i = 0; i < column.children.length; ++i) {
            const line = column.children[i]
            if (line.objectName === "toastJob")
                notes.push(line.modelData.key + ": " + findChild(line, "toastJobNote").text)
        }
        return notes
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

    function test_oneOnScreenTheOthersWait() {
        const stack = makeStack()
        toasts.post("ocr-1", "OCR 1", "failed", "ocr", "OCR model missing")
        toasts.post("deploy-1", "Deploy 1", "failed", "deploy", "403 from registry")
        toasts.post("render-1", "Render 1", "succeeded", "render")
        compare(toasts.count, 3)
        waitForRendering(stack)
        let shown = shownToasts(stack)
        compare(shown.length, 1)
        compare(findChild(shown[0], "toastHeading").text, "Render 1") // the newest
        compare(findChild(shown[0], "toastBehind").text, "+2 more")
        verify(stack.height < 120) // one toast's height, not three
        mouseClick(shown[0], shown[0].width - Theme.s2 - 12, Theme.s3 + 12) // its ✕
        compare(toasts.count, 2)
        shown = shownToasts(stack)
        compare(shown.length, 1)
        compare(findChild(shown[0], "toastHeading").text, "Deploy 1")
        compare(findChild(shown[0], "toastDetail").text, "403 from registry")
        compare(findChild(shown[0], "toastBehind").text, "+1 more")
    }

    function test_aGroupListsEachJobWithItsError() {
        const stack = makeStack()
        toasts.post("ocr-1", "OCR 1", "failed", "ocr", "OCR model missing\nat line 3")
        toasts.post("ocr-2", "OCR 2", "failed", "ocr", "Timeout after 30 s")
        compare(toasts.count, 1)
        waitForRendering(stack)
        const toast = shownToasts(stack)[0]
        compare(findChild(toast, "toastHeading").text, "2 job(s) failed")
        compare(findChild(toast, "toastDetail").text, "ocr")
        compare(listedNotes(toast), ["ocr-2: Timeout after 30 s", "ocr-1: OCR model missing"])
        verify(!findChild(toast, "toastBehind").visible)
        // A listed job opens that job.
        const lines = findChild(toast, "toastDetail").parent.children
        let first = null
        for (let i = 0; i < lines.length && !first; ++i)
            if (lines[i].objectName === "toastJob") first = lines[i]
        mouseClick(first, first.width / 2, first.height / 2)
        compare(openedSpy.count, 1)
        compare(openedSpy.signalArguments[0][0], "ocr-2")
    }

    function test_failuresGoByThemselvesLater() {
        makeStack()
        toasts.lifetime = 100
        toasts.failureLifetime = 600
        toasts.post("bad", "Bad", "failed", "k", "boom")
        wait(300) // past an ordinary toast's time
        compare(toasts.count, 1)
        tryCompare(toasts, "count", 0, 3000)
    }
}
