"""A tab that re-reads the database only when it is shown: changes on the bus mark it stale.

Adjudication, agreement and model figures read whole tables; re-reading them on every accept while another tab is
in front would cost the reviewer a keystroke's latency for nothing.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget


class RefreshedWhenShown(QWidget):
    """Subclasses implement refresh(); on_changes is what the window connects to the change bus."""

    _stale = True

    def refresh(self) -> None:
        raise NotImplementedError

    def on_changes(self, changes: Any = None, _initiator: Any = None) -> None:
        if changes is not None and getattr(changes, "empty", False):
            return
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._stale:
            self.refresh()
        super().showEvent(event)
