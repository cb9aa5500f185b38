pragma Singleton
import QtQuick
import Jobpulse.Models

// Colours, type, spacing and the small formatting helpers every view shares.
//
// Light and dark follow the system: Qt 6.4 has no QStyleHints::colorScheme, so the
// platform palette's window colour decides (dark when its lightness is under 50%).
// JOBPULSE_THEME=light|dark (read by Dashboard) overrides it for tests and screenshots.
//
// Status colours are one hue each and meet WCAG AA for text (4.5:1, so glyphs' 3:1 too) on
// every surface of their theme. Contrast ratios, computed with the WCAG 2.1 formula:
//
//   light      on base #ffffff  surface #f5f6f8  selection #e6eefc  hover #f7f8fa
//   text       16.17            14.95            13.86              15.21
//   muted       6.05             5.59             5.18               5.69
//   running     6.70             6.20             5.74               6.31
//   succeeded   5.41             5.01             4.64  (lowest)     5.09
//   failed      6.47             5.98             5.55               6.09
//   queued      6.52             6.03             5.59               6.14
//   amber       5.89             5.45             5.05               5.54
//
//   dark       on base #16181d  surface #1d2026  selection #1f2b45  raised #252930
//   text       14.33            13.16            11.37              11.78
//   muted       6.89             6.34             5.47  (lowest)     5.67
//   running     7.35             6.76             5.84               6.04
//   succeeded   8.01             7.36             6.36               6.58
//   failed      7.04             6.47             5.59               5.79
//   queued      7.33             6.74             5.82               6.03
//   amber       8.20             7.53             6.51               6.74
QtObject {
    id: theme

    // The platform palette's window colour; it changes when the system scheme does.
    property SystemPalette system: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool systemDark: system.window.hslLightness < 0.5
    readonly property bool dark: Dashboard.themeOverride === "dark"
        || (Dashboard.themeOverride !== "light" && systemDark)

    // Surfaces
    readonly property color base: dark ? "#16181d" : "#ffffff"
    readonly property color surface: dark ? "#1d2026" : "#f5f6f8"
    readonly property color raised: dark ? "#252930" : "#ffffff"     // toasts, popups
    readonly property color selection: dark ? "#1f2b45" : "#e6eefc"
    readonly property color hover: dark ? "#1b1e24" : "#f7f8fa"
    readonly property color hairline: dark ? "#30343c" : "#d8dce2"
    readonly property color track: dark ? "#2e323a" : "#e3e6eb"
    // Borders of fields, check boxes and choices drawn from the theme: 3:1 against base and
    // surface (WCAG 1.4.11), so a box can be found — light 3.43 / 3.15, dark 3.72 / 3.42.
    readonly property color control: dark ? "#6c7380" : "#858b95"
    readonly property color shadow: dark ? "#66000000" : "#26000000"
    readonly property color text: dark ? "#e4e7ec" : "#1d2127"
    readonly property color muted: dark ? "#9aa2ae" : "#5c6370"
    readonly property color accent: dark ? "#6ea8fe" : "#1d4ed8"
    readonly property color onAccent: dark ? "#10141c" : "#ffffff"

    // Status hues
    readonly property color running: dark ? "#6ea8fe" : "#1d4ed8"
    readonly property color succeeded: dark ? "#4ec385" : "#157a3b"
    readonly property color failed: dark ? "#ff7b72" : "#b91c1c"
    readonly property color queued: dark ? "#a0a7b3" : "#575e6b"
    readonly property color amber: dark ? "#e9a23b" : "#a34b06"

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
    /** The settings' "Reduce motion": progress jumps, busy bars stand still. */
    readonly property bool reduceMotion: Dashboard.settings.reduceMotion

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
    // A job's free-form sub-state as senders commonly name it, in the user's language; any
    // other word as sent.
    function stateWord(state) {
        switch (String(state).toLowerCase()) {
        case "rendering": return qsTr("rendering")
        case "rendered": return qsTr("rendered")
        case "processing": return qsTr("processing")
        case "uploading": return qsTr("uploading")
        case "waiting": return qsTr("waiting")
        case "approved": return qsTr("approved")
        case "rejected": return qsTr("rejected")
        case "completed": case "complete": return qsTr("completed")
        case "pending": case "queued": case "running": case "failed": case "canceled": case "succeeded":
            return statusWord(String(state).toLowerCase())
        default: return state
        }
    }
    // Outbound sources: live, on the way (connecting, reconnecting), down, paused.
    function sourceColor(state) {
        switch (state) {
        case "live": return succeeded
        case "connecting":
        case "reconnecting": return amber
        case "offline": return failed
        default: return queued   // paused
        }
    }
    function sourceGlyph(state) {
        switch (state) {
        case "live": return "\u25CF"          // ● full
        case "connecting": return "\u25CC"    // ◌ dotted
        case "reconnecting": return "\u25D0"  // ◐ half
        case "offline": return "\u25CB"       // ○ empty
        default: return "\u2016"              // ‖ paused
        }
    }
    function sourceWord(state) {
        switch (state) {
        case "live": return qsTr("live")
        case "connecting": return qsTr("connecting")
        case "reconnecting": return qsTr("reconnecting")
        case "offline": return qsTr("offline")
        case "paused": return qsTr("paused")
        default: return state
        }
    }
    // Inspector: what the receiver made of a delivery.
    function verdictColor(verdict) {
        switch (verdict) {
        case "accepted": return succeeded
        case "rejected": return failed
        default: return queued   // duplicate: counted, not applied
        }
    }
    function verdictGlyph(verdict) {
        switch (verdict) {
        case "accepted": return "\u2714"   // ✔
        case "rejected": return "\u2716"   // ✖
        default: return "\u2261"           // ≡ duplicate
        }
    }
    function verdictWord(verdict) {
        switch (verdict) {
        case "accepted": return qsTr("accepted")
        case "rejected": return qsTr("rejected")
        case "duplicate": return qsTr("duplicate")
        default: return verdict ?? ""
        }
    }
    function milliseconds(ms) {
        if (ms === undefined || ms < 0)
            return "\u2013"
        if (ms < 0.1)
            return qsTr("%1 ms").arg("< " + (0.1).toLocaleString(Qt.locale(), "f", 1))
        return ms < 10 ? qsTr("%1 ms").arg(ms.toLocaleString(Qt.locale(), "f", 1))
                       : (ms < 1000 ? qsTr("%1 ms").arg(Math.round(ms)) : duration(ms / 1000))
    }
    function bytes(n) {
        if (n === undefined || n < 0)
            return ""
        if (n < 1024)
            return qsTr("%n byte(s)", "", n)
        if (n < 1024 * 1024)
            return qsTr("%1 KiB").arg((n / 1024).toLocaleString(Qt.locale(), "f", 1))
        return qsTr("%1 MiB").arg((n / 1024 / 1024).toLocaleString(Qt.locale(), "f", 1))
    }
    function duration(seconds) {
        if (seconds === undefined || seconds < 0)
            return "\u2013"
        if (seconds < 10)
            return qsTr("%1s").arg(seconds.toLocaleString(Qt.locale(), "f", 1)) // "5,7 s" in German
        const s = Math.round(seconds)
        if (s < 60)
            return qsTr("%1s").arg(s)
        if (s < 3600)
            return qsTr("%1m %2s").arg(Math.floor(s / 60)).arg(s % 60)
        return qsTr("%1h %2m").arg(Math.floor(s / 3600)).arg(Math.floor(s % 3600 / 60))
    }
    // The ETA (PRODUCT.md §2): "≈ 40s left"; seconds < 0 (no history) gives "".
    function eta(seconds) {
        if (seconds === undefined || seconds < 0)
            return ""
        if (seconds < 1)
            return qsTr("due now")
        // Whole seconds: an estimate with tenths would claim a precision it does not have.
        const s = Math.ceil(seconds)
        return qsTr("\u2248 %1 left").arg(s < 60 ? qsTr("%1s").arg(s) : duration(s))
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
    function dateTime(date) {
        return (date && !isNaN(date.getTime()))
            ? date.toLocaleDateString(Qt.locale(), Locale.ShortFormat) + " " + date.toLocaleTimeString(Qt.locale(), "HH:mm")
            : ""
    }
    function clockTime(date) {
        return (date && !isNaN(date.getTime())) ? date.toLocaleTimeString(Qt.locale(), "HH:mm:ss") : ""
    }
    function firstLine(text) {
        return text ? text.split("\n")[0] : ""
    }
}
