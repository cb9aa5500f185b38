import QtQuick
import QtQuick.Controls

// A tool button that Tab reaches and Enter presses as Space does (Qt 6.4's buttons take only
// Space): the detail's actions.
ToolButton {
    id: action

    focusPolicy: Qt.StrongFocus

    function activate() {
        if (action.checkable) {
            action.toggle()
            action.toggled()
        }
        action.clicked()
    }
    Keys.onReturnPressed: activate()
    Keys.onEnterPressed: activate()
}
