pragma ComponentBehavior: Bound
import QtQuick
import Jobpulse

// The toasts: one on screen, the newest, with how many wait behind it; dismissing it or its
// time running out shows the next. Hovering over it pauses its clock, so the one being read
// does not vanish under the pointer.
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
            required property int index
            width: stack.width
            // The model keeps the newest last; only it spends its time (ToastModel).
            visible: index === stack.model.count - 1
            behind: stack.model.count - 1
            onOpened: key => {
                stack.opened(key)
                stack.model.dismiss(toastId)
            }
            onDismissed: stack.model.dismiss(toastId)
        }
    }
}
