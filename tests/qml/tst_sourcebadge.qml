import QtQuick
import QtTest
import Jobpulse
import Jobpulse.Models

// A source's badge in the left rail: word and dot per state, a countdown while it waits to
// reconnect, the reason on the second line; the rail hides the section without sources.
TestCase {
    id: testCase
    name: "SourceBadge"
    width: 220
    height: 300
    visible: true
    when: windowShown

    Component {
        id: badgeComponent
        SourceBadge {
            width: 200
            name: "ci"; type: "sse"; sourceState: "live"; reason: ""; retryAt: new Date(NaN)
            events: 0; url: "http://127.0.0.1:1/stream"; fallbackName: ""; fallbackState: ""
        }
    }
    Component {
        id: railComponent
        LeftRail { height: 300 }
    }

    function text(item, name) {
        return findChild(item, name).text
    }

    function test_live() {
        const badge = createTemporaryObject(badgeComponent, testCase, { events: 3 })
        compare(text(badge, "name"), "ci")
        compare(text(badge, "dot"), Format.sourceGlyph("live"))
        compare(findChild(badge, "dot").color, Theme.succeeded)
        // "3 events" once jobpulse_en's plural forms are loaded; the runner loads none.
        verify(text(badge, "detail").startsWith("live \u00B7 3 event"), text(badge, "detail"))
        verify(!findChild(badge, "countdown").visible)
    }

    function test_reconnectingCountsDown() {
        const badge = createTemporaryObject(badgeComponent, testCase, {
            sourceState: "reconnecting", reason: "Connection refused",
            retryAt: new Date(Date.now() + 5000) })
        const countdown = findChild(badge, "countdown")
        verify(countdown.visible)
        Format.now = Date.now()
        verify(countdown.text === "5s" || countdown.text === "4s", countdown.text)
        Format.now = Date.now() + 3000
        verify(countdown.text === "2s" || countdown.text === "1s", countdown.text)
        Format.now = Date.now() + 60000 // overdue: never negative, and not shown
        compare(countdown.text, "0s")
        verify(!countdown.visible)
        compare(text(badge, "detail"), "reconnecting \u00B7 Connection refused")
        compare(findChild(badge, "dot").color, Theme.amber)
        verify(badge.ToolTip.text.indexOf("Connection refused") >= 0)
        Format.now = Date.now()
    }

    function test_offlineShowsReasonAndFallback() {
        const badge = createTemporaryObject(badgeComponent, testCase, {
            sourceState: "offline", reason: "HTTP 401 Unauthorized" })
        compare(text(badge, "detail"), "offline \u00B7 HTTP 401 Unauthorized")
        compare(findChild(badge, "dot").color, Theme.failed)
        verify(!findChild(badge, "countdown").visible)
        badge.fallbackName = "ci-fallback"
        badge.fallbackState = "live"
        compare(text(badge, "detail"), "offline \u00B7 polling ci-fallback meanwhile")
    }

    function test_railWithoutSourcesHasNoSection() {
        compare(Dashboard.sources.count, 0)
        const rail = createTemporaryObject(railComponent, testCase)
        const badges = findChild(rail, "sourceBadges")
        compare(badges.count, 0)
        const section = findChild(rail, "sourcesSection")
        verify(section !== null)
        verify(!section.visible)
    }
}
