pragma Singleton
import QtQuick
import Jobpulse.Models

// Design tokens: colours, type, spacing and motion. Words, times and sizes are Format's.
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

    // A status's hue; a running job in a named sub-state (rendering, waiting) is amber.
    function statusColor(status, state) {
        if (status === "running" && state !== undefined && state !== "")
            return amber
        switch (status) {
        case "running": return running
        case "succeeded": return succeeded
        case "failed": return failed
        case "stalled": return amber   // no news past its expected gap
        default: return queued   // queued, canceled, lost, pending, skipped
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
    // Inspector: what the receiver made of a delivery.
    function verdictColor(verdict) {
        switch (verdict) {
        case "accepted": return succeeded
        case "rejected": return failed
        default: return queued   // duplicate: counted, not applied
        }
    }
}
