import QtQuick
import QtTest
import Jobpulse

// JobDelegate shows what a person looks for in a row: title, step, progress, or the error.
TestCase {
    id: testCase
    name: "JobDelegate"
    width: 640
    height: 200
    visible: true
    when: windowShown

    Component {
        id: delegate
        JobDelegate { width: testCase.width }
    }

    function make(overrides) {
        const props = {
            index: 0, key: "render-42", title: "Horror \u00B7 Netflix US", status: "running",
            subState: "", progress: 0.64, progressKnown: true, stepIndex: 3, stepTotal: 7,
            stepName: "Asset Preparation", elapsed: 72, error: "", updatedAt: new Date(), labels: ({}), matchLine: ""
        }
        for (const k in overrides)
            props[k] = overrides[k]
        const item = createTemporaryObject(delegate, testCase, props)
        verify(item, "delegate created")
        return item
    }

    function labelTexts(item) {
        const texts = []
        const walk = node => {
            if (node.visible === false)
                return
            if (node.text !== undefined && typeof node.text === "string" && node.text !== "")
                texts.push(node.text)
            for (let i = 0; i < node.children.length; ++i)
                walk(node.children[i])
        }
        walk(item)
        return texts
    }

    function test_running() {
        const item = make({})
        const texts = labelTexts(item)
        verify(texts.indexOf("Horror \u00B7 Netflix US") >= 0, texts)
        verify(texts.indexOf("render-42") >= 0, texts)
        verify(texts.indexOf("3/7 Asset Preparation") >= 0, texts)
        compare(item.height, 56)
        const bar = findChild(item, "progressBar")
        verify(bar.visible)
        compare(bar.value, 0.64)
        verify(!bar.indeterminate)
        verify(!findChild(item, "errorLabel").visible)
    }

    // A stalled job says so in amber, with how long it has been silent; the progress stays.
    function test_stalledSaysHowLongItIsSilent() {
        const item = make({ status: "stalled", updatedAt: new Date(Date.now() - 12 * 60 * 1000 - 5000) })
        const label = findChild(item, "statusLabel")
        compare(label.text, "stalled \u00B7 no news for 12m")
        compare(String(label.color), String(Theme.amber))
        verify(findChild(item, "progressBar").visible)
        compare(findChild(item, "progressBar").value, 0.64)
    }

    function test_progressFollowsRole() {
        const item = make({ progress: 0.2 })
        item.progress = 0.9
        compare(findChild(item, "progressBar").value, 0.9)
    }

    function test_unknownProgressIsBusy() {
        const item = make({ progressKnown: false, progress: 0 })
        verify(findChild(item, "progressBar").indeterminate)
    }

    function test_failedShowsErrorInsteadOfBar() {
        const item = make({ status: "failed", error: "OCR model missing\nstack trace line" })
        verify(!findChild(item, "progressBar").visible)
        const error = findChild(item, "errorLabel")
        verify(error.visible)
        compare(error.text, "OCR model missing")
        verify(labelTexts(item).indexOf("3/7 Asset Preparation") < 0)
    }

    function test_etaOnlyWhileRunningWithHistory() {
        const eta = findChild(make({ remaining: 40 }), "etaLabel")
        verify(eta.visible)
        compare(eta.text, "\u2248 40s left")
        compare(findChild(make({ remaining: 95.2 }), "etaLabel").text, "\u2248 1m 36s left") // rounded up
        compare(findChild(make({ remaining: 0.4 }), "etaLabel").text, "due now")
        verify(!findChild(make({}), "etaLabel").visible) // no history: -1
        verify(!findChild(make({ remaining: 40, status: "succeeded" }), "etaLabel").visible)
    }

    function test_stateShownInAmber() {
        const item = make({ subState: "rendering" })
        const texts = labelTexts(item)
        verify(texts.indexOf("rendering") >= 0, texts)
        compare(findChild(item, "progressBar").color, Theme.amber)
    }
}
