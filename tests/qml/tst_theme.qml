import QtQuick
import QtTest
import Jobpulse
import Jobpulse.Models

// The theme in force (ctest runs this file with JOBPULSE_THEME=light, =dark, and unset on a
// dark system palette): the choice reaches Theme, and every status hue keeps WCAG AA text
// contrast (4.5:1) on every surface.
TestCase {
    name: "Theme"

    function luminance(c) {
        const f = v => v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)
        return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b)
    }
    function contrast(a, b) {
        const la = luminance(a), lb = luminance(b)
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
    }

    function test_overrideReachesTheTheme() {
        if (Dashboard.themeOverride === "")
            skip("JOBPULSE_THEME is not set: the system decides")
        compare(Theme.dark, Dashboard.themeOverride === "dark")
        verify(Theme.dark ? Theme.base.hslLightness < 0.2 : Theme.base.hslLightness > 0.9)
    }

    // ctest runs this file with a light system palette and with a dark one, no override.
    function test_followsTheSystemWithoutOverride() {
        if (Dashboard.themeOverride !== "")
            skip("JOBPULSE_THEME decides")
        const systemIsDark = Theme.system.window.hslLightness < 0.5
        compare(Theme.dark, systemIsDark)
        verify(Theme.dark ? Theme.base.hslLightness < 0.2 : Theme.base.hslLightness > 0.9)
    }

    function test_statusContrast_data() {
        const rows = []
        for (const fg of ["text", "muted", "running", "succeeded", "failed", "queued", "amber", "accent"])
            for (const bg of ["base", "surface", "raised", "selection", "hover"])
                rows.push({ tag: fg + " on " + bg, fg: fg, bg: bg })
        return rows
    }
    function test_statusContrast(data) {
        const ratio = contrast(Theme[data.fg], Theme[data.bg])
        verify(ratio >= 4.5, `${data.fg} ${Theme[data.fg]} on ${data.bg} ${Theme[data.bg]}: ${ratio.toFixed(2)}:1 (dark: ${Theme.dark})`)
    }
}
