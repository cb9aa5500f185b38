import QtQuick
import QtTest
import Jobpulse

// StepDelegate: the duration bar and, with history, a tick at the median of past runs.
TestCase {
    id: testCase
    name: "StepDelegate"
    width: 400
    height: 100
    visible: true
    when: windowShown

    Component {
        id: delegate
        StepDelegate { width: testCase.width }
    }

    function make(overrides) {
        const props = {
            number: 4, name: "HeyGen Processing", status: "succeeded", duration: 6, details: "",
            fraction: 0.6, median: 5, medianFraction: 0.5, upcoming: false
        }
        for (const k in overrides)
            props[k] = overrides[k]
        const item = createTemporaryObject(delegate, testCase, props)
        verify(item, "delegate created")
        return item
    }

    function test_tickAtMedian() {
        const tick = findChild(make({}), "medianTick")
        verify(tick.visible)
        const bar = tick.parent
        fuzzyCompare(tick.x + tick.width / 2, bar.width * 0.5, 1)
    }

    function test_tickStaysOnTheBar() {
        const tick = findChild(make({ medianFraction: 1 }), "medianTick")
        compare(tick.x + tick.width, tick.parent.width)
    }

    function test_noTickWithoutHistory() {
        verify(!findChild(make({ median: -1, medianFraction: 0 }), "medianTick").visible)
    }

    function test_runningStepShowsTickOnly() {
        const item = make({ status: "running", duration: -1, fraction: 0 })
        verify(findChild(item, "medianTick").visible)
    }

    function test_upcomingStepIsGreyedWithItsUsualDuration() {
        const item = make({ upcoming: true, status: "pending", duration: -1, fraction: 0, median: 30 })
        verify(item.opacity < 1, "greyed")
        verify(findChild(item, "medianTick").visible, "where it usually ends")
        verify(!findChild(item, "currentStep").visible)
        const running = make({ status: "running", duration: -1 })
        verify(findChild(running, "currentStep").visible, "the running step is marked")
        compare(running.opacity, 1)
    }
}
