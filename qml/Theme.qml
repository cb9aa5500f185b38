pragma Singleton
import QtQuick

// Colours, type, spacing and the small formatting helpers every view shares.
// Status colours are one hue each and reach WCAG AA text contrast (4.5:1) on every light
// surface here, `selection` included (lowest: green on selection, 4.6:1).
QtObject {
    id: theme

    // Surfaces
    readonly property color base: "#ffffff"
    readonly property color surface: "#f5f6f8"
    readonly property color selection: "#e6eefc"
    readonly property color hover: "#f7f8fa"
    readonly property color hairline: "#d8dce2"
    readonly property color track: "#e3e6eb"
    readonly property color text: "#1d2127"
    readonly property color muted: "#5c6370"   // 5.9:1 on base
    readonly property color accent: "#1d4ed8"

    // Status hues (text contrast on #ffffff): blue 6.7, green 5.4, red 6.5, grey 6.5, amber 5.9
    readonly property color running: "#1d4ed8"
    readonly property color succeeded: "#157a3b"
    readonly property color failed: "#b91c1c"
    readonly property color queued: "#575e6b"
    readonly property color amber: "#a34b06"

    // Type (px): 12 / 13 body / 15 titles / 20 headings
    readonly property int small: 12
    readonly property int body: 13
    readonly property int title: 15
    readonly property int heading: 20
    readonly property string mono: "monospace"

    // 4 px grid
    readonly property int s1: 4
    readonly property int s2: 8
    readonly property int s3: 12
    readonly property int s4: 16
    readonly property int s6: 24

    readonly property int progressMs: 180
    property bool reduceMotion: false

    // Wall clock for relative times; one timer for the whole UI.
    property double now: Date.now()
    property Timer clock: Timer {
        interval: 1000; running: true; repeat: true
        onTriggered: theme.now = Date.now()
    }

    function statusColor(status, state) {
        if (status === "running" && state !== undefined && state !== "")
            return amber
        switch (status) {
        case "running": return running
        case "succeeded": return succeeded
        case "failed": return failed
        default: return queued   // queued, canceled, pending, skipped
        }
    }
    function statusGlyph(status) {
        switch (status) {
        case "running": return "\u25B6"     // ▶
        case "succeeded": return "\u2714"   // ✔
        case "failed": return "\u2716"      // ✖
        case "canceled": return "\u2298"    // ⊘
        case "skipped": return "\u21B7"     // ↷
        case "pending": return "\u25CB"     // ○
        default: return "\u25F7"            // ◷ queued
        }
    }
    function statusWord(status) {
        switch (status) {
        case "running": return qsTr("running")
        case "succeeded": return qsTr("succeeded")
        case "failed": return qsTr("failed")
        case "canceled": return qsTr("canceled")
        case "queued": return qsTr("queued")
        case "pending": return qsTr("pending")
        case "skipped": return qsTr("skipped")
        default: return status
        }
    }
    function duration(seconds) {
        if (seconds === undefined || seconds < 0)
            return "\u2013"
        if (seconds < 10)
            return qsTr("%1s").arg(seconds.toFixed(1))
        const s = Math.round(seconds)
        if (s < 60)
            return qsTr("%1s").arg(s)
        if (s < 3600)
            return qsTr("%1m %2s").arg(Math.floor(s / 60)).arg(s % 60)
        return qsTr("%1h %2m").arg(Math.floor(s / 3600)).arg(Math.floor(s % 3600 / 60))
    }
    function ago(date) {
        if (!date || isNaN(date.getTime()))
            return ""
        const s = Math.max(0, Math.round((now - date.getTime()) / 1000))
        if (s < 5) return qsTr("just now")
        if (s < 60) return qsTr("%1s ago").arg(s)
        if (s < 3600) return qsTr("%1m ago").arg(Math.floor(s / 60))
        if (s < 86400) return qsTr("%1h ago").arg(Math.floor(s / 3600))
        return date.toLocaleDateString(Qt.locale(), Locale.ShortFormat)
    }
    function clockTime(date) {
        return (date && !isNaN(date.getTime())) ? date.toLocaleTimeString(Qt.locale(), "HH:mm:ss") : ""
    }
    function firstLine(text) {
        return text ? text.split("\n")[0] : ""
    }
}
