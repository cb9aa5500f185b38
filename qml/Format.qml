pragma Singleton
import QtQuick
import Jobpulse.Models

// The views' words and numbers, written by C++ (Formatter: src/ui/format.h, tested by
// tests/unit/tst_format.cpp), and the one wall clock for relative times.
//
// Why the functions are not called on Formatter directly: QQmlEngine::retranslate() refreshes
// only the bindings that called qsTr(), and a binding never depends on what a C++ function
// read. Each function here reads Formatter.language, so every binding that shows one of these
// words follows a language picked in the settings, as it did when they were made in QML.
QtObject {
    id: format

    // Wall clock for relative times; one timer for the whole UI.
    property double now: Date.now()
    property Timer clock: Timer {
        interval: 1000; running: true; repeat: true
        onTriggered: format.now = Date.now()
    }

    function language() { return Formatter.language }

    function duration(seconds) { language(); return Formatter.duration(seconds) }
    function eta(seconds) { language(); return Formatter.eta(seconds) }
    /** How long ago @p date was, by the clock above. */
    function ago(date) { language(); return date ? Formatter.ago(date, new Date(now)) : "" }
    function milliseconds(ms) { language(); return Formatter.milliseconds(ms) }
    function bytes(n) { language(); return Formatter.bytes(n) }
    function dateTime(date) { language(); return date ? Formatter.dateTime(date) : "" }
    function clockTime(date) { language(); return date ? Formatter.clockTime(date) : "" }
    function firstLine(text) { return Formatter.firstLine(text) }

    function statusWord(status) { language(); return Formatter.statusWord(status) }
    function statusGlyph(status) { return Formatter.statusGlyph(status) }
    /** The status word; a stalled job's says how long it has been silent, by the clock above. */
    function statusLine(status, lastEvent) {
        language(); return Formatter.statusLine(status, lastEvent ? lastEvent : new Date(NaN), new Date(now))
    }
    function stateWord(state) { language(); return Formatter.stateWord(state) }
    function sourceWord(state) { language(); return Formatter.sourceWord(state) }
    function sourceGlyph(state) { return Formatter.sourceGlyph(state) }
    function childSummary(count, done) { language(); return Formatter.childSummary(count, done) }
    function verdictWord(verdict) { language(); return Formatter.verdictWord(verdict) }
    function verdictGlyph(verdict) { return Formatter.verdictGlyph(verdict) }
}
