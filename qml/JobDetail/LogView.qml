import QtQuick
import QtQuick.Controls
import Jobpulse

// The selected job's log, every line of it: a row per line whose text is paged in from the
// store as it comes into view (a dim placeholder until then), numbered, with its time, stderr
// in its own colour, and the lines the per-job limit cut out as one marker row. Follows new
// lines at the end (FollowingList); lines are selected and copied by their numbers, as text.
FollowingList {
    id: log

    /** The line the log search is at (0: none): highlighted. */
    property double matchLine: 0

    Accessible.role: Accessible.List
    Accessible.name: qsTr("Log")
    emptyText: qsTr("No log lines yet.")
    latestDescription: qsTr("Scroll to the newest line and follow new ones")
    // Placeholders and lines have one height, so 1,000,000 rows are laid out by estimate.
    reuseItems: true
    keyAt: row => model.lineAt ? model.lineAt(row) : model.get(row).number
    rowOfKey: number => model.rowOfLine ? model.rowOfLine(number) : number - 1
    copyRange: (first, last) => model.copyLines(first, last)

    delegate: Rectangle {
        id: line
        required property int index
        required property double number
        required property string text
        required property string stream
        required property string clock
        required property bool loaded
        required property double omitted
        readonly property bool selected: log.hasSelection && number >= log.firstKey && number <= log.lastKey
        readonly property bool full: (log.wrap || selected) && loaded

        width: ListView.view.width
        height: Math.max(body.implicitHeight, gutter.implicitHeight)
        color: selected ? Theme.selection
                        : number === log.matchLine && omitted === 0
                          ? Qt.rgba(Theme.amber.r, Theme.amber.g, Theme.amber.b, 0.22) : "transparent"

        // Few items per row, plain Text: rows are made as fast as lines arrive.
        Text {
            id: gutter
            width: log.gutterWidth
            text: String(line.number).padStart(log.digits) + " " + line.clock
            color: Theme.muted; font.pixelSize: Theme.small; font.family: Theme.mono
        }
        Text {
            id: body
            x: gutter.width + Theme.s2
            width: parent.width - x
            text: !line.loaded ? "\u22ef" : line.text
            color: !line.loaded || line.omitted > 0 ? Theme.muted
                 : line.stream === "stderr" ? Theme.amber : Theme.text
            font.italic: line.omitted > 0
            font.pixelSize: Theme.small; font.family: Theme.mono
            textFormat: Text.PlainText
            wrapMode: line.full ? Text.WrapAnywhere : Text.NoWrap
            elide: line.full ? Text.ElideNone : Text.ElideRight
        }
    }

    // The gutter fits the biggest line number and a clock.
    readonly property int digits: Math.max(3, String(Math.max(1, model.total || count)).length)
    readonly property real gutterWidth: metrics.advanceWidth * (digits + 1) + clockMetrics.advanceWidth
    TextMetrics {
        id: metrics
        font.pixelSize: Theme.small; font.family: Theme.mono
        text: "0"
    }
    TextMetrics {
        id: clockMetrics
        font: metrics.font
        text: Format.clockTime(new Date(2000, 11, 31, 23, 59, 59))
    }
}
