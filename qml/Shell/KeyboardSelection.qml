import QtQuick

// The keys that move a list's selection: Up/Down a row, Page Up/Down a page, Home/End to the
// ends, Enter opens the row the keys are on. The live list, the history and the inspector
// share it; a list hands it its key presses (Keys.onPressed: event => keys.handle(event)).
//
// The selection is an item (a job key, a delivery id), not a row: rows shift as items arrive
// or leave a filter. So a step starts from the selected item's row (from the first row when
// it is not in the list: Esc closed it, a filter hid it) and moves currentIndex along to keep
// it in view; only Enter goes by currentIndex, to reopen what Esc closed.
QtObject {
    id: keys

    /** The list; its model has rowOf(selected). */
    required property ListView view
    /** What is selected (a job key, a delivery id); it need not be in the view. */
    required property var selected

    /** The keys moved the selection to @p row: select its item. */
    signal activated(int row)

    function moveTo(row) {
        if (view.count === 0)
            return
        view.currentIndex = Math.max(0, Math.min(view.count - 1, row))
        activated(view.currentIndex)
    }
    /** Moves the selection by @p delta rows; 0 shows the selected row, or selects the first. */
    function step(delta) {
        const row = view.model.rowOf(selected)
        moveTo(row < 0 ? 0 : row + delta)
    }
    function page() {
        const rowHeight = view.currentItem ? view.currentItem.height : 56
        return Math.max(1, Math.floor(view.height / rowHeight) - 1)
    }

    function handle(event) {
        switch (event.key) {
        case Qt.Key_Up: step(-1); break
        case Qt.Key_Down: step(1); break
        case Qt.Key_PageUp: step(-page()); break
        case Qt.Key_PageDown: step(page()); break
        case Qt.Key_Home: moveTo(0); break
        case Qt.Key_End: moveTo(view.count - 1); break
        case Qt.Key_Return:
        case Qt.Key_Enter: moveTo(view.currentIndex); break
        default: event.accepted = false; return
        }
        event.accepted = true
    }
}
