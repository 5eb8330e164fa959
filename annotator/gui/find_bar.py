"""Find in the open report: the keyboard way to put the selection on a sentence the pipeline missed."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget


class _FindField(QLineEdit):
    step = Signal(bool)  # True: forward (Enter), False: backward (Shift+Enter)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.step.emit(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            event.accept()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, view: QPlainTextEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self.field = _FindField(self)
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in this report (Enter: next, Shift+Enter: previous, Esc: done)")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        self.field.textEdited.connect(self._incremental)
        self.field.step.connect(self.find)
        self.hide()

    def open(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def _incremental(self, text: str) -> None:
        # Search again from where the current match starts, so that typing more letters refines it in place.
        cur = self.view.textCursor()
        cur.setPosition(cur.selectionStart())
        self.view.setTextCursor(cur)
        self.find(True)

    def find(self, forward: bool = True) -> bool:
        query = self.field.text()
        if not query:
            self.count.setText("")
            return False
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        found = self.view.find(query, flags)
        if not found:  # wrap around
            cur = self.view.textCursor()
            cur.movePosition(QTextCursor.MoveOperation.Start if forward else QTextCursor.MoveOperation.End)
            self.view.setTextCursor(cur)
            found = self.view.find(query, flags)
        n = self.view.toPlainText().casefold().count(query.casefold())
        self.count.setText(f"{n} match{'es' if n != 1 else ''}" if n else "not found")
        if found:
            self.view.ensureCursorVisible()
        return found
