import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// The history's filter bar: status, kind and export; then a creation date range, typed or
// picked from quick ranges.
ColumnLayout {
    id: bar

    required property HistoryModel history
    signal exportRequested(string format)

    spacing: Theme.s2

    function focusSearch() {
        searchField.forceActiveFocus()
        searchField.selectAll()
    }

    component DayField: TextField {
        id: field
        property bool valid: text === "" || /^\d{4}-\d{2}-\d{2}$/.test(text) && !isNaN(Date.parse(text))
        implicitWidth: 112
        implicitHeight: 28
        placeholderTextColor: Theme.muted
        color: Theme.text
        font.pixelSize: Theme.small
        font.family: Theme.mono
        inputMethodHints: Qt.ImhDate
        maximumLength: 10
        validator: RegularExpressionValidator { regularExpression: /[0-9-]{0,10}/ }
        background: Rectangle {
            radius: 4
            color: Theme.surface
            border.width: field.activeFocus || !field.valid ? 2 : 1
            border.color: !field.valid ? Theme.failed : field.activeFocus ? Theme.accent : Theme.hairline
        }
    }
    component Quick: Button {
        id: quick
        property bool on: false
        flat: true
        implicitHeight: 28
        font.pixelSize: Theme.small
        contentItem: Label {
            text: quick.text
            color: quick.on ? Theme.accent : Theme.text
            font: quick.font
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
        background: Rectangle {
            radius: 4
            color: quick.on ? Theme.selection : quick.hovered ? Theme.hover : "transparent"
            border.width: quick.visualFocus ? 2 : 0
            border.color: Theme.accent
        }
    }

    // Typing replaces a text binding: the fields follow the model when it changes otherwise.
    Connections {
        target: bar.history
        function onFilterChanged() {
            if (!fromField.activeFocus)
                fromField.text = bar.history.fromDay
            if (!toField.activeFocus)
                toField.text = bar.history.toDay
            status.currentIndex = status.indexOfValue(bar.history.status)
        }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.s2
        ComboBox {
            id: status
            objectName: "statusFilter"
            implicitHeight: 28
            font.pixelSize: Theme.small
            textRole: "text"
            valueRole: "value"
            Accessible.name: qsTr("Status")
            model: [
                { value: "", text: qsTr("All statuses") },
                { value: "succeeded", text: Format.statusWord("succeeded") },
                { value: "failed", text: Format.statusWord("failed") },
                { value: "running", text: Format.statusWord("running") },
                { value: "stalled", text: Format.statusWord("stalled") },
                { value: "queued", text: Format.statusWord("queued") },
                { value: "canceled", text: Format.statusWord("canceled") },
                { value: "lost", text: Format.statusWord("lost") }
            ]
            Component.onCompleted: currentIndex = indexOfValue(bar.history.status)
            onActivated: bar.history.status = currentValue
        }
        ComboBox {
            id: kind
            objectName: "kindFilter"
            implicitHeight: 28
            Layout.preferredWidth: 170
            font.pixelSize: Theme.small
            Accessible.name: qsTr("Kind")
            model: [qsTr("All kinds")].concat(bar.history.kinds)
            currentIndex: bar.history.kind === "" ? 0 : Math.max(0, bar.history.kinds.indexOf(bar.history.kind) + 1)
            onActivated: index => bar.history.kind = index === 0 ? "" : bar.history.kinds[index - 1]
        }

        TextField {
            id: searchField
            objectName: "historySearch"
            Layout.fillWidth: true
            Layout.maximumWidth: 320
            implicitHeight: 28
            font.pixelSize: Theme.small
            color: Theme.text
            placeholderText: qsTr("Search jobs and logs")
            placeholderTextColor: Theme.muted
            Accessible.name: qsTr("Search the history")
            selectByMouse: true
            text: bar.history.search
            // Asked of the store when typing pauses, not on every key.
            onTextEdited: searchDelay.restart()
            onAccepted: { searchDelay.stop(); bar.history.search = text }
            Keys.onEscapePressed: event => {
                if (text === "") { event.accepted = false; return }
                text = ""; bar.history.search = ""
            }
            Timer { id: searchDelay; interval: 250; onTriggered: bar.history.search = searchField.text }
            background: Rectangle {
                radius: 4
                color: Theme.surface
                border.width: searchField.activeFocus ? 2 : 1
                border.color: searchField.activeFocus ? Theme.accent : Theme.hairline
            }
        }

        Item { Layout.fillWidth: true }

        Button {
            id: exportButton
            objectName: "exportButton"
            text: qsTr("Export\u2026")
            implicitHeight: 28
            font.pixelSize: Theme.small
            Accessible.description: qsTr("Save every job of this filter as CSV or JSON")
            onClicked: exportMenu.open()
            Menu {
                id: exportMenu
                y: exportButton.height
                MenuItem { text: qsTr("CSV\u2026"); onTriggered: bar.exportRequested("csv") }
                MenuItem { text: qsTr("JSON\u2026"); onTriggered: bar.exportRequested("json") }
            }
        }
    }

    RowLayout {
        spacing: Theme.s2
        Label { text: qsTr("From"); color: Theme.muted; font.pixelSize: Theme.small }
        DayField {
            id: fromField
            objectName: "fromField"
            placeholderText: qsTr("YYYY-MM-DD")
            Accessible.name: qsTr("Created on or after")
            Component.onCompleted: text = bar.history.fromDay
            onEditingFinished: if (valid) bar.history.fromDay = text
        }
        Label { text: qsTr("to"); color: Theme.muted; font.pixelSize: Theme.small }
        DayField {
            id: toField
            objectName: "toField"
            placeholderText: qsTr("YYYY-MM-DD")
            Accessible.name: qsTr("Created on or before")
            Component.onCompleted: text = bar.history.toDay
            onEditingFinished: if (valid) bar.history.toDay = text
        }
        Quick {
            text: qsTr("Today")
            on: bar.history.fromDay === bar.history.dayBefore(0) && bar.history.toDay === ""
            onClicked: { bar.history.toDay = ""; bar.history.fromDay = bar.history.dayBefore(0) }
        }
        Quick {
            text: qsTr("7 days")
            on: bar.history.fromDay === bar.history.dayBefore(6) && bar.history.toDay === ""
            onClicked: { bar.history.toDay = ""; bar.history.fromDay = bar.history.dayBefore(6) }
        }
        Quick {
            text: qsTr("Any time")
            on: bar.history.fromDay === "" && bar.history.toDay === ""
            onClicked: { bar.history.fromDay = ""; bar.history.toDay = "" }
        }
    }
}
