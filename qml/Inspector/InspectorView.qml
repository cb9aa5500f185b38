import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// The request inspector: every request to an ingest route, newest first, read from the store
// once a second while this page is shown; the selected one in full on the right.
// (No "pragma ComponentBehavior: Bound": with it Qt 6.4.2 cannot create the list's footer and
// says only "Component is not ready".)
Item {
    id: root

    readonly property Inspector inspector: Dashboard.inspector
    readonly property DeliveryListModel deliveries: inspector.deliveries
    readonly property alias view: list

    // Polls only while on screen.
    Binding { target: root.deliveries; property: "live"; value: root.visible }
    onVisibleChanged: if (visible) pickFirst()
    Connections {
        target: root.deliveries
        function onCountChanged() { if (root.visible) root.pickFirst() }
        // A filter that leaves the open delivery out opens the first it shows instead.
        function onFilterChanged() {
            if (root.deliveries.rowOf(root.inspector.selectedId) < 0)
                root.inspector.select(root.deliveries.idAt(0))
        }
    }
    function pickFirst() {
        if (inspector.selectedId === 0 && deliveries.count > 0)
            inspector.select(deliveries.idAt(0))
    }
    readonly property bool filtered: deliveries.hookFilter !== "" || deliveries.verdictFilter !== ""

    Label {
        id: heading
        anchors { left: parent.left; leftMargin: Theme.s3; top: parent.top; topMargin: Theme.s3 }
        text: qsTr("Inspector")
        font.pixelSize: Theme.heading
        color: Theme.text
    }
    Label {
        id: countLabel
        objectName: "deliveryCount"
        anchors { left: heading.right; leftMargin: Theme.s2; baseline: heading.baseline }
        text: {
            const shown = root.deliveries.canLoadMore ? qsTr("%n delivery(s) shown, more to load", "", root.deliveries.count)
                                                      : qsTr("%n delivery(s)", "", root.deliveries.count)
            return root.deliveries.rejectedCount > 0
                ? qsTr("%1 \u00B7 %n rejected", "", root.deliveries.rejectedCount).arg(shown) : shown
        }
        font.pixelSize: Theme.small
        color: Theme.muted
    }

    Sparkline {
        objectName: "sparkline"
        anchors { left: countLabel.right; leftMargin: Theme.s4; bottom: heading.baseline }
        visible: root.deliveries.perMinuteMax > 0
        minutes: root.deliveries.perMinute
        max: root.deliveries.perMinuteMax
    }

    // Which deliveries the list shows: one hook's, one verdict's.
    RowLayout {
        id: filters
        visible: list.visible
        anchors { left: parent.left; leftMargin: Theme.s3; top: heading.bottom; topMargin: Theme.s2 }
        width: list.width - 2 * Theme.s3
        spacing: Theme.s2
        ComboBox {
            id: hookFilter
            objectName: "hookFilter"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            font.pixelSize: Theme.small
            textRole: "label"
            valueRole: "value"
            model: [{ value: "", label: qsTr("All hooks") }]
                   .concat(root.deliveries.hooks.map(h => ({ value: h, label: h })))
            currentIndex: Math.max(0, indexOfValue(root.deliveries.hookFilter))
            onActivated: root.deliveries.hookFilter = currentValue
            Accessible.name: qsTr("Show the deliveries of")
        }
        ComboBox {
            id: verdictFilter
            objectName: "verdictFilter"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            font.pixelSize: Theme.small
            textRole: "label"
            valueRole: "value"
            model: [
                { value: "", label: qsTr("All verdicts") },
                { value: "accepted", label: Format.verdictWord("accepted") },
                { value: "duplicate", label: Format.verdictWord("duplicate") },
                { value: "rejected", label: Format.verdictWord("rejected") }
            ]
            currentIndex: Math.max(0, indexOfValue(root.deliveries.verdictFilter))
            onActivated: root.deliveries.verdictFilter = currentValue
            Accessible.name: qsTr("Show the deliveries that were")
        }
    }

    ListView {
        id: list
        objectName: "deliveryList"
        anchors { left: parent.left; top: filters.bottom; topMargin: Theme.s2; bottom: parent.bottom }
        width: Math.max(340, Math.min(480, root.width * 0.42))
        visible: root.deliveries.count > 0 || root.filtered
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        model: root.deliveries
        keyNavigationEnabled: true
        activeFocusOnTab: true
        currentIndex: -1
        KeyboardSelection {
            id: keys
            view: list
            selected: root.inspector.selectedId
            onActivated: row => root.inspector.select(root.deliveries.idAt(row))
        }
        Keys.onPressed: event => keys.handle(event)
        ScrollBar.vertical: ScrollBar {}

        Rectangle { anchors.top: parent.top; width: parent.width; height: 1; color: Theme.hairline; z: 2 }

        delegate: DeliveryDelegate {
            id: delivery
            width: ListView.view.width
            selected: delivery.deliveryId === root.inspector.selectedId
            onClicked: {
                list.currentIndex = delivery.index
                root.inspector.select(delivery.deliveryId)
                list.forceActiveFocus()
            }
        }

        footer: Item {
            width: list.width
            height: 56
            Button {
                objectName: "loadMoreDeliveries"
                anchors.centerIn: parent
                visible: root.deliveries.canLoadMore
                text: qsTr("Load more")
                onClicked: root.deliveries.loadMore()
            }
            Label {
                anchors.centerIn: parent
                visible: !root.deliveries.canLoadMore && root.deliveries.count > 0
                text: qsTr("Oldest kept delivery")
                color: Theme.muted
                font.pixelSize: Theme.small
            }
        }
    }
    ColumnLayout {
        objectName: "filteredEmpty"
        visible: list.visible && root.deliveries.count === 0
        anchors { horizontalCenter: list.horizontalCenter; top: list.top; topMargin: Theme.s6 }
        width: list.width - 2 * Theme.s4
        spacing: Theme.s3
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: qsTr("No deliveries match these filters.")
            color: Theme.muted; font.pixelSize: Theme.body
        }
        Button {
            objectName: "clearFilters"
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Show all")
            onClicked: { root.deliveries.hookFilter = ""; root.deliveries.verdictFilter = "" }
        }
    }
    Rectangle {
        visible: list.visible
        anchors { left: list.right; top: filters.top; bottom: parent.bottom }
        width: 1
        color: Theme.hairline
    }

    DeliveryDetail {
        objectName: "deliveryDetail"
        visible: list.visible
        inspector: root.inspector
        anchors { left: list.right; leftMargin: 1; right: parent.right; top: filters.top; bottom: parent.bottom }
    }

    ColumnLayout {
        objectName: "inspectorEmpty"
        visible: root.deliveries.count === 0 && !root.filtered
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.s6, 560)
        spacing: Theme.s3
        Label {
            text: qsTr("No deliveries yet")
            color: Theme.text; font.pixelSize: Theme.title
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Every request to an ingest route shows up here as it arrived, headers and body, rejected ones with the reason. Try:")
            color: Theme.muted; font.pixelSize: Theme.body
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.WrapAnywhere
            text: Dashboard.onboarding.curlExample
            font.family: Theme.mono; font.pixelSize: Theme.small
            color: Theme.text
        }
    }
}
