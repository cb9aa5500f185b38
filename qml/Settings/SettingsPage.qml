import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Jobpulse
import Jobpulse.Models

// The config file, edited: receiver, hooks (secrets masked), sources, notification rules,
// retention, theme and language. Save writes it back (mode 0600), keeping every other key.
Item {
    id: root

    readonly property Settings settings: Dashboard.settings
    readonly property Notifier notifier: Dashboard.notifier
    readonly property alias view: scroll

    component Heading: Label {
        Layout.topMargin: Theme.s6
        font.pixelSize: Theme.title; font.bold: true
        color: Theme.text
    }
    component Note: Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        font.pixelSize: Theme.small
        color: Theme.muted
    }
    component Field: Label {
        Layout.preferredWidth: 140
        font.pixelSize: Theme.body
        color: Theme.text
    }

    Label {
        id: heading
        anchors { left: parent.left; leftMargin: Theme.s3; top: parent.top; topMargin: Theme.s3 }
        text: qsTr("Settings")
        font.pixelSize: Theme.heading
        color: Theme.text
    }
    Label {
        objectName: "configPath"
        anchors { left: heading.right; leftMargin: Theme.s2; right: actions.left; rightMargin: Theme.s3; baseline: heading.baseline }
        text: root.settings.path
        font.pixelSize: Theme.small; font.family: Theme.mono
        color: Theme.muted
        elide: Text.ElideMiddle
    }
    RowLayout {
        id: actions
        anchors { right: parent.right; rightMargin: Theme.s3; verticalCenter: heading.verticalCenter }
        spacing: Theme.s2
        // Beside the buttons it concerns, its room always kept: an edit moves nothing on the
        // page (a line that came and went above the fields moved them under the pointer).
        Label {
            objectName: "unsavedNote"
            text: qsTr("Unsaved changes")
            opacity: root.settings.dirty ? 1 : 0
            color: Theme.amber
            font.pixelSize: Theme.small
        }
        Button {
            objectName: "revertButton"
            text: qsTr("Revert")
            enabled: root.settings.dirty
            onClicked: root.settings.revert()
        }
        Button {
            objectName: "saveButton"
            text: qsTr("Save")
            enabled: root.settings.dirty
            highlighted: root.settings.dirty
            onClicked: root.settings.save()
        }
    }
    Label {
        id: status
        objectName: "settingsStatus"
        anchors { left: parent.left; right: parent.right; top: heading.bottom; leftMargin: Theme.s3; rightMargin: Theme.s3; topMargin: Theme.s1 }
        visible: text !== ""
        wrapMode: Text.Wrap
        font.pixelSize: Theme.small
        readonly property string error: Dashboard.errors.messages.settings ?? ""
        // What the receiving Jobpulse made of the last Save (applied, waits for a restart,
        // kept its running settings): the owner's answer, or this process's own receiver's.
        readonly property string applyStatus: root.settings.applyStatus
        // Changes only when Save or Revert is clicked, not while editing.
        color: error !== "" || applyStatus === "error" ? Theme.failed
            : applyStatus === "restart" ? Theme.amber
            : Theme.succeeded
        text: error !== "" ? error
            : applyStatus !== "" ? root.settings.applyMessage
            : root.settings.restartNeeded && Dashboard.owner.viewing
                ? qsTr("Saved. The Jobpulse at %1 (pid %2) receives: its receiver, hooks, sources and retention change when it restarts (systemctl --user restart jobpulse).").arg(Dashboard.owner.address).arg(Dashboard.owner.pid)
            : root.settings.restartNeeded ? qsTr("Saved. The receiver, hooks, sources and retention change when Jobpulse next starts.")
            : ""
    }
    Rectangle {
        id: rule
        anchors { left: parent.left; right: parent.right; top: status.visible ? status.bottom : heading.bottom; topMargin: Theme.s2 }
        height: 1
        color: Theme.hairline
    }

    ScrollView {
        id: scroll
        objectName: "settingsScroll"
        anchors { left: parent.left; right: parent.right; top: rule.bottom; bottom: parent.bottom }
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            x: Theme.s3
            width: Math.min(scroll.availableWidth - 2 * Theme.s3, 720)
            spacing: Theme.s2

            Heading { text: qsTr("Receiver"); Layout.topMargin: Theme.s3 }
            RowLayout {
                Field { text: qsTr("Listen on") }
                SettingsField {
                    objectName: "listenField"
                    text: root.settings.listen
                    font.family: Theme.mono
                    Layout.preferredWidth: 240
                    onEditingFinished: root.settings.listen = text
                }
            }
            // What the receiver listens on now and why: --listen wins over the file.
            Label {
                objectName: "listenRunning"
                Layout.fillWidth: true
                visible: root.settings.runningListen !== ""
                wrapMode: Text.Wrap
                font.pixelSize: Theme.small
                readonly property bool differs: root.settings.runningListen !== root.settings.listen
                color: differs ? Theme.amber : Theme.muted
                text: {
                    const running = root.settings.runningListen
                    switch (root.settings.listenOrigin) {
                    case "flag":
                        return differs
                            ? qsTr("Listening on %1 now, set by --listen on the command line. The address above is the config file's: Jobpulse uses it when started without --listen.").arg(running)
                            : qsTr("Listening on %1 now, set by --listen on the command line.").arg(running)
                    case "config":
                        return qsTr("Listening on %1 now, from this config file.").arg(running)
                    default:
                        return qsTr("Listening on %1 now, the default (this config file sets no address).").arg(running)
                    }
                }
            }
            Note { text: qsTr("HOST:PORT. Anything but 127.0.0.1 needs a secret on every hook and a readToken.") }

            Heading { text: qsTr("Hooks") }
            Note {
                visible: root.settings.hooks.length === 0
                text: qsTr("No hooks configured: the built-in routes (/v1/events, /api/webhooks/step-update, /api/webhooks/prefect, /webhook/submission-update) take events.")
            }
            Repeater {
                objectName: "hookRows"
                model: root.settings.hooks
                delegate: HookRow { Layout.fillWidth: true }
            }

            Heading { text: qsTr("Sources") }
            Note {
                visible: root.settings.sources.length === 0
                text: qsTr("No outbound sources configured.")
            }
            Repeater {
                model: root.settings.sources
                delegate: RowLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: Theme.s2
                    Label { text: parent.modelData.name; font.bold: true; font.pixelSize: Theme.body; color: Theme.text; Layout.preferredWidth: 100; elide: Text.ElideRight }
                    Label { text: parent.modelData.type; font.pixelSize: Theme.small; color: Theme.muted; Layout.preferredWidth: 60 }
                    SettingsField {
                        Layout.fillWidth: true
                        text: parent.modelData.url
                        font.family: Theme.mono; font.pixelSize: Theme.small
                        onEditingFinished: root.settings.setSourceUrl(parent.modelData.name, text)
                    }
                }
            }

            Heading { text: qsTr("Notifications") }
            RowLayout {
                spacing: Theme.s2
                Label {
                    Layout.preferredWidth: 140
                    text: !root.notifier.paused ? qsTr("On")
                        : isNaN(root.notifier.pausedUntil.getTime()) ? qsTr("Paused until resumed")
                        : qsTr("Paused until %1").arg(Format.clockTime(root.notifier.pausedUntil))
                    color: root.notifier.paused ? Theme.amber : Theme.text
                    font.pixelSize: Theme.body
                }
                Button { visible: !root.notifier.paused; text: qsTr("Pause for 1 hour"); onClicked: root.notifier.pauseFor(60) }
                Button { visible: !root.notifier.paused; text: qsTr("Pause until resumed"); onClicked: root.notifier.pauseUntilResumed() }
                Button { visible: root.notifier.paused; text: qsTr("Resume"); onClicked: root.notifier.resume() }
            }
            Label { text: qsTr("Mute kinds"); font.pixelSize: Theme.body; color: Theme.text; Layout.topMargin: Theme.s2 }
            Note {
                visible: muteKinds.count === 0
                text: qsTr("Kinds appear here once jobs of them are stored.")
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.s2
                Repeater {
                    id: muteKinds
                    objectName: "muteKinds"
                    // Every kind in the history, and muted ones that are not (any more).
                    model: Array.from(new Set(Dashboard.history.kinds.concat(root.notifier.mutedKinds))).sort()
                    delegate: SettingsCheck {
                        required property string modelData
                        text: modelData
                        checked: root.notifier.mutedKinds.indexOf(modelData) >= 0
                        onToggled: root.notifier.setKindMuted(modelData, checked)
                    }
                }
            }
            Label {
                visible: muteSources.count > 0
                text: qsTr("Mute sources and hooks"); font.pixelSize: Theme.body; color: Theme.text
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.s2
                Repeater {
                    id: muteSources
                    objectName: "muteSources"
                    // Every hook and outbound source that brought a job or is configured, and
                    // muted ones that are neither any more (so that they can be unmuted).
                    model: Array.from(new Set(Dashboard.jobs.sources
                        .concat(root.settings.sources.map(s => s.name), root.settings.hooks.map(h => h.name),
                                root.notifier.mutedSources).filter(n => !!n))).sort()
                    delegate: SettingsCheck {
                        required property string modelData
                        text: modelData
                        checked: root.notifier.mutedSources.indexOf(modelData) >= 0
                        onToggled: root.notifier.setSourceMuted(modelData, checked)
                    }
                }
            }
            Label {
                text: qsTr("Mute by label"); font.pixelSize: Theme.body; color: Theme.text
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.s2
                Repeater {
                    objectName: "muteLabels"
                    model: root.notifier.mutedLabels
                    delegate: SettingsCheck {
                        required property string modelData
                        text: modelData
                        checked: true
                        onToggled: root.notifier.setLabelMuted(modelData, checked)
                    }
                }
                SettingsField {
                    id: newLabelRule
                    objectName: "newLabelRule"
                    width: 240
                    placeholderText: qsTr("name=value, e.g. branch=experiments")
                    Accessible.name: qsTr("Mute the jobs with this label")
                    onAccepted: {
                        if (root.notifier.setLabelMuted(text.trim(), true))
                            text = ""
                    }
                }
            }

            Heading { text: qsTr("Retention") }
            RowLayout {
                Field { text: qsTr("Keep jobs for") }
                SettingsField {
                    objectName: "retentionDays"
                    Layout.preferredWidth: 120
                    horizontalAlignment: Text.AlignRight
                    validator: IntValidator { bottom: 0; top: 36500 }
                    text: root.settings.retentionDays
                    onEditingFinished: root.settings.retentionDays = parseInt(text)
                }
                Label { text: qsTr("days"); color: Theme.muted; font.pixelSize: Theme.body }
            }
            RowLayout {
                Field { text: qsTr("At most") }
                SettingsField {
                    objectName: "retentionEvents"
                    Layout.preferredWidth: 120
                    horizontalAlignment: Text.AlignRight
                    validator: IntValidator { bottom: 0 }
                    text: root.settings.retentionMaxEvents
                    onEditingFinished: root.settings.retentionMaxEvents = parseInt(text)
                }
                Label { text: qsTr("events"); color: Theme.muted; font.pixelSize: Theme.body }
            }
            Note { text: qsTr("0 keeps everything. Older jobs and events are pruned in small steps while Jobpulse runs.") }

            Heading { text: qsTr("Appearance") }
            RowLayout {
                Field { text: qsTr("Theme") }
                Repeater {
                    model: [
                        { value: "system", label: qsTr("System") },
                        { value: "light", label: qsTr("Light") },
                        { value: "dark", label: qsTr("Dark") }
                    ]
                    delegate: Button {
                        id: choice
                        required property var modelData
                        readonly property bool on: root.settings.theme === modelData.value
                        objectName: "theme-" + modelData.value
                        text: modelData.label
                        font.pixelSize: Theme.body
                        Accessible.checkable: true
                        Accessible.checked: on
                        contentItem: Label { text: choice.text; font: choice.font; color: choice.on ? Theme.accent : Theme.text; horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter }
                        background: Rectangle {
                            implicitWidth: 72; implicitHeight: 28
                            radius: 4
                            color: choice.on ? Theme.selection : choice.hovered ? Theme.hover : Theme.surface
                            border.width: choice.visualFocus ? 2 : 1
                            border.color: choice.visualFocus || choice.on ? Theme.accent : Theme.control
                        }
                        onClicked: root.settings.theme = modelData.value
                    }
                }
            }
            RowLayout {
                Field { text: qsTr("Motion") }
                SettingsCheck {
                    objectName: "reduceMotion"
                    text: qsTr("Reduce motion (progress jumps to its value, busy bars stand still)")
                    checked: root.settings.reduceMotion
                    onToggled: root.settings.reduceMotion = checked
                }
            }
            RowLayout {
                Field { text: qsTr("Language") }
                ComboBox {
                    id: language
                    objectName: "languageBox"
                    Layout.preferredWidth: 240
                    textRole: "label"
                    valueRole: "value"
                    model: [
                        { value: "system", label: Qt.locale().nativeLanguageName !== "" ? qsTr("System (%1)").arg(Qt.locale().nativeLanguageName) : qsTr("System") },
                        { value: "en", label: "English" },
                        { value: "de", label: "Deutsch" }
                    ]
                    currentIndex: Math.max(0, indexOfValue(root.settings.language))
                    onActivated: root.settings.language = currentValue
                }
            }
            Item { Layout.preferredHeight: Theme.s6 }
        }
    }
}
