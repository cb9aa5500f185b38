pragma ComponentBehavior: Bound
import QtQuick
import Jobpulse

// The toasts, bottom-right, newest at the bottom. Hovering anywhere over the stack pauses
// every toast's clock, so the one being read does not vanish under the pointer.
Column {
    id: stack

    required property var model // a ToastModel
    signal opened(string key)

    width: 340
    spacing: Theme.s2

    HoverHandler {
        id: hover
        onHoveredChanged: stack.model.paused = hovered
    }

    Repeater {
        model: stack.model
        delegate: Toast {
            width: stack.width
            onOpened: key => {
                stack.opened(key)
                stack.model.dismiss(toastId)
            }
            onDismissed: stack.model.dismiss(toastId)
        }
    }
}
