"""Moving around the window: candidates, reports, focus, find, tabs, help. No data changes here."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from .. import __version__ as VERSION
from ..review import OpChanges
from .dialogs import KeyboardHelp

if TYPE_CHECKING:
    from .main_window import MainWindow


class Navigation(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.w = window

    def move(self, step: int) -> None:
        key = self.w.session.next_key(self.w._current, step)
        if key is not None:
            self.w.select(key)
        else:
            self.w.notify("First candidate" if step < 0 else "Last candidate (Shift+J: next report)")

    def next_pending(self) -> None:
        key = self.w.session.next_key(self.w._current, 1, pending_only=True) or \
            self.w.session.next_key(None, 1, pending_only=True)
        if key is not None:
            self.w.select(key)
        else:
            self.w.notify("Nothing pending in this report")

    def report(self, step: int) -> None:
        target = self.w.documents.neighbour(self.w.document_id, step)
        if target is None or target == self.w.document_id:
            self.w.notify("No more reports in the list")
            return
        self.w.open_document(target)

    def focus_text(self) -> None:
        self.w.tabs.setCurrentIndex(0)
        self.w.find_bar.hide()  # a match found stays selected in the text
        self.w.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def find_in_text(self) -> None:
        self.w.tabs.setCurrentIndex(0)
        self.w.find_bar.open()

    def find_next(self) -> None:
        if self.w.find_bar.field.text():
            self.w.find_bar.find(True)
        else:
            self.find_in_text()

    def focus_search(self) -> None:
        self.w.documents.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.w.documents.search.selectAll()

    def reload(self) -> None:
        self.w.session.reload()
        self.w.runner.broadcast(OpChanges(kind="reload", everything=True))
        self.w.select(self.w._current)
        self.w.notify("Reloaded from the database")

    def show_summary_tab(self) -> None:
        self.w.tabs.setCurrentIndex(1)

    def _follow_changed(self, on: bool) -> None:
        self.w.db_settings.set(self.w.store.path, "summary_follow", on)
        self.w.summary.follow_document(self.w.session.document)

    def toggle_legend(self) -> None:
        self.w.legend.setVisible(not self.w.legend.isVisibleTo(self.w))
        self.w.actions_by_id["toggle_legend"].setChecked(self.w.legend.isVisibleTo(self.w))

    def show_keyboard_help(self) -> None:
        if self.w._help is None:
            self.w._help = KeyboardHelp(self.w)
        self.w._help.show()
        self.w._help.raise_()

    def show_about(self) -> None:
        QMessageBox.about(self.w, "About annotator", f"annotator {VERSION}\nReview events in monthly "
                          f"conflict-monitoring reports.\n\nDatabase: {self.w.store.path}")
