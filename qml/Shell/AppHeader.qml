import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// App name, search, status chips (which filter the live list) and the receiver's address.
Rectangle {
    id: header

    readonly property JobFilterModel filter: Dashboard.visibleJobs
    readonly property alias searchField: search
    readonly property SourceListModel sources: Dashboard.sources

    /** The menu button: show or hide the left rail. */
    signal menuRequested()
    /** Narrow window: the receiver's address gives its room to the search and the chips. */
    property bool compact: false
    /** Enter or Down in the search field: move on to the matching jobs. */
    signal resultsRequested()
    /** A chip or the search was used: they filter the live list, which should show. */
    signal liveRequested()

    function focusSearch() {
        search.forceActiveFocus()
        search.selectAll()
    }
    function toggleStatus(status) {
        filter.status = filter.status === status ? "" : status
        liveRequested()
    }

    implicitHeight: 48
    color: Theme.base

    readonly property OwnerLink owner: Dashboard.owner
    /** Events arrive: this process listens, or the Jobpulse it views streams to it. */
    readonly property bool receiving: owner.viewing ? owner.connected : Dashboard.onboarding.receiverOnline

    readonly property color aggregate: Dashboard.failedCount > 0 ? Theme.failed
        : Dashboard.runningCount > 0 ? Theme.running : Theme.succeeded

    RowLayout {
        anchors { fill: parent; leftMargin: Theme.s4; rightMargin: Theme.s4 }
        spacing: Theme.s3

        ToolButton {
            objectName: "menuButton"
            Layout.leftMargin: -Theme.s2
            text: "\u2630"
            font.pixelSize: Theme.title
            Accessible.name: qsTr("Views and sources")
            ToolTip.visible: hovered; ToolTip.text: qsTr("Show or hide the views and sources")
            onClicked: header.menuRequested()
        }
        Label { text: "\u25CF"; color: header.aggregate; font.pixelSize: Theme.body }
        Label {
            text: qsTr("Jobpulse")
            font.pixelSize: Theme.title; font.bold: true
            color: Theme.text
            Layout.rightMargin: Theme.s4
        }
        TextField {
            id: search
            objectName: "searchField"
            // Gives way first when the header is tight (German words, narrow windows).
            Layout.fillWidth: true
            Layout.preferredWidth: 260
            Layout.maximumWidth: 260
            Layout.minimumWidth: 150
            implicitHeight: 28
            placeholderText: qsTr("Search jobs\u2026")
            placeholderTextColor: Theme.muted
            color: Theme.text
            selectedTextColor: Theme.onAccent
            selectionColor: Theme.accent
            font.pixelSize: Theme.body
            leftPadding: Theme.s2
            rightPadding: shortcutHint.implicitWidth + Theme.s3
            Accessible.name: qsTr("Search jobs by key, title, kind, error or log line")
            text: header.filter.search
            onTextEdited: { header.filter.search = text; header.liveRequested() }
            // Enter or Down: on to the results, the first one selected.
            onAccepted: header.resultsRequested()
            Keys.onDownPressed: header.resultsRequested()
            background: Rectangle {
                radius: 4
                color: Theme.surface
                border.width: search.activeFocus ? 2 : 1
                border.color: search.activeFocus ? Theme.accent : Theme.hairline
            }
            Label {
                id: shortcutHint
                visible: search.text === "" && !search.activeFocus
                anchors { right: parent.right; rightMargin: Theme.s2; verticalCenter: parent.verticalCenter }
                text: qsTr("Ctrl+F")
                color: Theme.muted; font.pixelSize: Theme.small
            }
        }
        StatusChip {
            objectName: "chipRunning"
            label: qsTr("Running"); glyph: Format.statusGlyph("running"); count: Dashboard.runningCount; hue: Theme.running
            checked: header.filter.status === "running"
            onClicked: header.toggleStatus("running")
        }
        StatusChip {
            objectName: "chipFailed"
            label: qsTr("Failed"); glyph: Format.statusGlyph("failed"); count: Dashboard.failedCount; hue: Theme.failed
            checked: header.filter.status === "failed"
            onClicked: header.toggleStatus("failed")
        }
        StatusChip {
            objectName: "chipQueued"
            label: qsTr("Queued"); glyph: Format.statusGlyph("queued"); count: Dashboard.queuedCount; hue: Theme.queued
            checked: header.filter.status === "queued"
            onClicked: header.toggleStatus("queued")
        }
        StatusChip {
            objectName: "chipAll"
            label: qsTr("All"); count: Dashboard.jobCount; hue: Theme.muted
            checked: header.filter.status === ""
            onClicked: { header.filter.status = ""; header.liveRequested() }
        }

        Item { Layout.fillWidth: true }

        // Which process receives: this one, or (as a viewer) the Jobpulse that writes the
        // database, e.g. the headless one of the systemd unit.
        Label {
            id: receiverLabel
            objectName: "receiverLabel"
            visible: !header.compact
            text: header.owner.viewing ? qsTr("viewing the Jobpulse at") : qsTr("receiver")
            // Gives way (to its first word) when the chips leave little room.
            Layout.fillWidth: true
            Layout.maximumWidth: implicitWidth
            Layout.minimumWidth: Math.min(implicitWidth, firstWord.advanceWidth + ellipsis.advanceWidth + 2)
            elide: Text.ElideRight
            TextMetrics { id: firstWord; font: receiverLabel.font; text: receiverLabel.text.split(" ")[0] }
            TextMetrics { id: ellipsis; font: receiverLabel.font; text: "\u2026" }
            color: Theme.muted; font.pixelSize: Theme.small
        }
        Label {
            id: address
            objectName: "receiverAddress"
            visible: !header.compact
            // Gives way too when German chips fill the header, never past "…:7788".
            Layout.fillWidth: true
            Layout.maximumWidth: implicitWidth
            Layout.minimumWidth: Math.min(implicitWidth, portMetrics.advanceWidth + 2)
            TextMetrics {
                id: portMetrics
                font: address.font
                text: "\u2026" + address.text.slice(address.text.lastIndexOf(":"))
            }
            elide: Text.ElideLeft
            text: header.owner.viewing ? qsTr("%1, pid %2").arg(header.owner.address).arg(header.owner.pid)
                : Dashboard.onboarding.receiverOnline ? Dashboard.onboarding.receiverUrl.replace(/^https?:\/\//, "") : qsTr("off")
            color: Theme.text; font.pixelSize: Theme.small; font.family: Theme.mono
        }
        Label {
            text: header.receiving ? "\u25CF" : "\u25CB"
            color: header.receiving ? Theme.succeeded : Theme.failed
            font.pixelSize: Theme.small
            Accessible.name: header.receiving ? qsTr("listening") : qsTr("not listening")
            ToolTip.visible: receiverHover.hovered
            ToolTip.text: header.owner.viewing
                ? (header.owner.connected ? qsTr("Following the Jobpulse at %1 (pid %2): it receives the events and writes the database.").arg(header.owner.address).arg(header.owner.pid)
                                          : qsTr("The Jobpulse at %1 (pid %2) does not answer").arg(header.owner.address).arg(header.owner.pid))
                : header.receiving ? qsTr("Listening for events") : qsTr("Not listening")
            HoverHandler { id: receiverHover }
        }
        // Outbound sources, when any are configured: how many are live, and a dot that is
        // green when all are, amber when some are, red when none is.
        RowLayout {
            objectName: "sourcesSummary"
            visible: header.sources.count > 0
            spacing: Theme.s3
            Layout.leftMargin: Theme.s2
            Accessible.name: qsTr("%1 of %2 sources live").arg(header.sources.liveCount).arg(header.sources.count)
            Label {
                visible: !header.compact
                text: qsTr("sources")
                color: Theme.muted; font.pixelSize: Theme.small
            }
            Label {
                objectName: "sourcesCount"
                text: qsTr("%1/%2").arg(header.sources.liveCount).arg(header.sources.count)
                color: Theme.text; font.pixelSize: Theme.small; font.family: Theme.mono
            }
            Label {
                text: Format.sourceGlyph(header.sources.summary === "live" ? "live"
                      : header.sources.summary === "down" ? "offline" : "reconnecting")
                color: header.sources.summary === "live" ? Theme.succeeded
                     : header.sources.summary === "down" ? Theme.failed : Theme.amber
                font.pixelSize: Theme.small
                ToolTip.visible: sourcesHover.hovered
                ToolTip.text: qsTr("%1 of %2 sources live").arg(header.sources.liveCount).arg(header.sources.count)
                HoverHandler { id: sourcesHover }
            }
        }
    }
    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.hairline }
}
