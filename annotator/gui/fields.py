"""Inspector fields that commit once per deliberate change (Enter, a pick from a popup, leaving the field).

Walking a closed combo box with the arrow keys must not write a decision per step, and a field refreshed by
the program must not write anything: every field keeps the value last saved and commits only a difference.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from ..domain import QUALIFIERS


def _typed(event: QKeyEvent) -> bool:
    """A printable key without Ctrl, Alt or Meta: text the focused field should receive."""
    mods = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
    return mods == Qt.KeyboardModifier.NoModifier and bool(event.text()) and event.text().isprintable()


class CommitCombo(QComboBox):
    committed = Signal(object)  # the item data

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._saved: Any = None
        self._picking = False
        self.activated.connect(self._activated)

    def set_value(self, data: Any) -> None:
        self.blockSignals(True)
        i = self.findData(data)
        self.setCurrentIndex(i if i >= 0 else 0)
        self.blockSignals(False)
        self._saved = self.currentData()

    def value(self) -> Any:
        return self.currentData()

    def hidePopup(self) -> None:
        # A pick from the popup (mouse or Enter) emits activated right after this: that one commits.
        self._picking = True
        QTimer.singleShot(0, self._end_pick)
        super().hidePopup()

    def _end_pick(self) -> None:
        self._picking = False

    def _activated(self, _index: int) -> None:
        if self._picking:
            self._commit()

    def event(self, event: QEvent) -> bool:
        # Typing a letter picks an entry here (keyboard search) instead of firing the window's letter shortcuts.
        if event.type() == QEvent.Type.ShortcutOverride and _typed(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._commit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self._commit()
        super().focusOutEvent(event)

    def _commit(self) -> None:
        if self.isEnabled() and self.currentData() != self._saved:
            self._saved = self.currentData()
            self.committed.emit(self._saved)


class CommitLine(QLineEdit):
    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._saved = ""
        self.editingFinished.connect(self._commit)

    def set_value(self, text: str | None) -> None:
        self.blockSignals(True)
        self.setText(text or "")
        self.blockSignals(False)
        self._saved = self.text()

    def _commit(self) -> None:
        if not self.isReadOnly() and self.text() != self._saved:
            self._saved = self.text()
            self.committed.emit(self.text())


class CountSpin(QSpinBox):
    """A number, or nothing: an emptied field (Backspace) means "no number stated" (shown as a dash)."""

    def validate(self, text: str, pos: int):
        if text.strip() in ("", "—"):
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:
        if text.strip() in ("", "—"):
            return -1
        return super().valueFromText(text)


class CountEdit(QWidget):
    """A count: value (empty = not stated) and its qualifier. Commits (value | None, qualifier)."""
    committed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.spin = CountSpin(self)
        self.spin.setRange(-1, 1_000_000)
        self.spin.setSpecialValueText("—")  # -1 shows as a dash: no number stated
        self.spin.setAccelerated(True)
        self.qualifier = QComboBox(self)
        for q in QUALIFIERS:
            self.qualifier.addItem(q.replace("_", " "), q)
        self.qualifier.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes count to count
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spin, 2)
        layout.addWidget(self.qualifier, 1)
        self.setFocusProxy(self.spin)
        self._saved: tuple[int | None, str] = (None, "exact")
        self.spin.editingFinished.connect(self._commit)
        self.qualifier.activated.connect(lambda _i: self._commit())

    def set_value(self, value: int | None, qualifier: str | None) -> None:
        self.spin.blockSignals(True)
        self.qualifier.blockSignals(True)
        self.spin.setValue(-1 if value is None else value)
        i = self.qualifier.findData(qualifier or "exact")
        self.qualifier.setCurrentIndex(max(0, i))
        self.spin.blockSignals(False)
        self.qualifier.blockSignals(False)
        self._saved = self.value()

    def value(self) -> tuple[int | None, str]:
        v = self.spin.value()
        return (None if v < 0 else v, self.qualifier.currentData())

    def _commit(self) -> None:
        if self.isEnabled() and self.value() != self._saved:
            self._saved = self.value()
            self.committed.emit(self._saved)
