"""What the review keys do: each handler asks the ReviewSession for one operation through the OperationRunner,
then moves the selection. The views redraw themselves from the change bus; nothing here repaints them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QMenu, QMessageBox, QWidget

from ..domain import EVENT_TYPES, FACT_KINDS, REJECT_REASONS
from ..review import Item, Key, OpChanges
from ..review import spans
from ..store import StoreError
from .lookups import parse_coordinates

if TYPE_CHECKING:
    from .main_window import MainWindow

MENU_KEYS = "1234567890abcdefghijklmnopqrstuvwxyz"


def menu_key(i: int) -> str:
    return MENU_KEYS[i] if i < len(MENU_KEYS) else ""


class ReviewActions(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.w = window
        self.popup: QMenu | None = None
        self.confirm: QMessageBox | None = None

    @property
    def session(self):
        return self.w.session

    def _run(self, what: str, op) -> OpChanges | None:
        return self.w.runner.run(what, op, initiator=self)

    def _need_item(self) -> Item | None:
        it = self.w.current_item
        if it is None:
            self.w.notify("Select a candidate first (J / K)")
        return it

    # -- decisions --------------------------------------------------------------------------------------------

    def accept_current(self) -> None:
        it = self._need_item()
        if it is not None and self._run("accept", lambda: self.session.accept(it.key)):
            self._next_pending(it.key, f"Accepted {it.label.lower()}")

    def reject_current(self) -> None:
        it = self._need_item()
        if it is None:
            return
        menu = QMenu(self.w)
        menu.setObjectName("rejectMenu")
        menu.addAction("&0  reject, no reason").triggered.connect(lambda _c=False, k=it.key: self.reject(k, None))
        for i, reason in enumerate(REJECT_REASONS):
            act = menu.addAction(f"&{i + 1}  {reason}")
            act.triggered.connect(lambda _c=False, k=it.key, r=reason: self.reject(k, r))
        self.show_popup(menu, it)

    def reject(self, key: Key, reason: str | None) -> None:
        it = self.session.item(key)
        if it is not None and self._run("reject", lambda: self.session.reject(key, reason)):
            self._next_pending(key, f"Rejected {it.label.lower()}" + (f" ({reason})" if reason else ""))

    def _next_pending(self, key: Key, message: str) -> None:
        nxt = self.session.next_key(key, 1, pending_only=True) or self.session.next_key(None, 1, pending_only=True)
        self.w.select(nxt or key)
        if nxt is None:
            message += " · every candidate of this report is decided (Shift+J: next report)"
        self.w.notify(message)

    def accept_all(self) -> None:
        """Ask once, naming how many; flagged candidates (outside the period, no date) only when ticked."""
        if self.session.document is None:
            return
        plain = self.session.pending()
        flagged = [it for it in self.session.pending(include_flagged=True) if it.flags]
        if not plain and not flagged:
            self.w.notify("Nothing pending in this report")
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Accept all remaining",
                          f"Accept {len(plain)} pending candidate(s) of this report in one step?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.w)
        box.setObjectName("acceptAllConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        if flagged:
            outside = sum("outside the period" in it.flags for it in flagged)
            undated = len(flagged) - outside
            what = ", ".join(p for p in (f"{outside} dated outside the period" if outside else "",
                                         f"{undated} with no date" if undated else "") if p)
            box.setInformativeText(f"{what} will stay pending unless you include them; each is better "
                                   "looked at on its own (most are recalled history).")
            check = QCheckBox(f"Include the {len(flagged)} flagged candidate(s) as &well", box)  # Alt+W: free
            box.setCheckBox(check)
        box.finished.connect(lambda result, b=box: self._accept_all_answered(b, result))
        self.confirm = box
        box.open()
        box.activateWindow()
        box.button(QMessageBox.StandardButton.Yes).setFocus()  # the keyboard answers it: Enter, Esc, Alt+I

    def _accept_all_answered(self, box: QMessageBox, result: int) -> None:
        self.confirm = None
        if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes and \
                result != QMessageBox.StandardButton.Yes:
            self.w.notify("Nothing accepted")
            return
        include = box.checkBox() is not None and box.checkBox().isChecked()
        changes = self._run("accept all", lambda: self.session.accept_all(include_flagged=include))
        if changes is not None:
            n = len(changes.events) + len(changes.facts)
            left = len(self.session.pending(include_flagged=True))
            self.w.select(self.session.next_key(None, 1, pending_only=True) or self.w.current_key)
            self.w.notify(f"Accepted {n} remaining candidate(s)" + (f"; {left} flagged left pending" if left else ""))

    def apply_edit(self, key: Key, changes: dict[str, Any]) -> None:
        done = self._run("save the change", lambda: self.session.edit(key, changes))
        if done is not None:
            lost = done.extra.get("unanchored") or []
            self.w.notify(f"Saved {', '.join(changes)}" + (
                f" · no text in the evidence says the new {', '.join(lost)}: its span was removed" if lost else ""),
                8000 if lost else 4000)

    def place_entered(self, key: Key, text: str) -> None:
        text = text.strip()
        changes: dict[str, Any] = {"location": text or None, "location_name": None, "admin1": None, "lat": None,
                                   "lon": None, "location_precision": None}
        fresh = self.w.places.gazetteer is None
        try:
            place = self.w.places.lookup(text, self.w.reviewer or "unknown") if text else None
        except (StoreError, ValueError) as exc:
            self.w.notify(f"Could not add the place: {exc}", 6000)
            return
        if fresh or (place is not None and place.kind == "village" and text != place.name):
            self.w.fill_completions()  # the tables just loaded, or a place of the reviewer's own was added
        if place is not None:
            typed = parse_coordinates(text)
            changes.update(location=typed[0] if typed else text, location_name=place.name,
                           admin1=place.admin1, lat=place.lat, lon=place.lon, location_precision=place.kind)
        elif text:
            changes["location_precision"] = "unresolved"
        self.apply_edit(key, changes)

    def focus_inspector(self) -> None:
        if self._need_item() is None:
            return
        self.w.inspector_dock.show()
        self.w.inspector.first_field().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def new_event_from_selection(self) -> None:
        span = self.w.view.selection_span()
        if span is None or span[0] == span[1]:
            self.w.notify("Select the text of the event first (Shift+arrows in the text), then press N")
            return
        menu = QMenu(self.w)
        menu.setObjectName("typeMenu")
        for i, (t, spec) in enumerate(EVENT_TYPES.items()):
            key = menu_key(i)
            act = menu.addAction(f"&{key}  {spec[4]}" if key else spec[4])
            act.triggered.connect(lambda _c=False, t=t, s=span: self.add_event(t, *s))
        self.show_popup(menu, None)

    def add_event(self, event_type: str, start: int, end: int) -> None:
        changes = self._run("add the event", lambda: self.session.add_event(event_type, start, end))
        if changes is None:
            return
        self.w.select(changes.focus)
        new = self.session.item(changes.focus)
        read = [v for v in (new.obj.date, new.obj.location_name or new.obj.location) if v]
        read += [f"{c.value} {k}" for k, c in new.obj.counts.items()]
        self.w.notify(f"Added {new.label.lower()}" + (f", read from the text: {', '.join(read)}" if read else
                                                       " (E to fill in its date, place and counts)"), 8000)

    def new_total_from_selection(self) -> None:
        """A stated total the extractor missed: the selection's first number is its value."""
        span = self.w.view.selection_span()
        if span is None or span[0] == span[1]:
            self.w.notify("Select the sentence that states the total first, then press T")
            return
        menu = QMenu(self.w)
        menu.setObjectName("totalMenu")
        for i, kind in enumerate(k for k in FACT_KINDS if k != "batch_dates"):
            act = menu.addAction(f"&{menu_key(i)}  {kind.replace('_', ' ')}")
            act.triggered.connect(lambda _c=False, k=kind, s=span: self.add_total(k, *s))
        self.show_popup(menu, None)

    def add_total(self, kind: str, start: int, end: int) -> None:
        import re

        found = re.search(r"\d[\d,]*", self.session.text[start:end])
        value = int(found.group().replace(",", "")) if found else 0
        changes = self._run("add the stated total", lambda: self.session.add_fact(kind, value, start, end))
        if changes is not None:
            self.w.select(changes.focus)
            self.w.notify(f"Added the stated total {kind.replace('_', ' ')} = {value} (E to correct it)", 8000)

    def delete_current(self) -> None:
        it = self._need_item()
        if it is None:
            return
        nxt = self.session.next_key(it.key, 1) or self.session.next_key(it.key, -1)
        if self._run("delete", lambda: self.session.delete(it.key)) is not None:
            self.w.select(nxt)
            self.w.notify("Deleted your event")

    # -- spans ------------------------------------------------------------------------------------------------

    def set_span_to_selection(self) -> None:
        it = self._need_item()
        span = self.w.view.selection_span()
        if it is None:
            return
        if span is None:
            self.w.notify("Select the new evidence text first (Shift+arrows), then press S")
            return
        if self._run("set the span", lambda: self.session.set_span(it.key, *span)):
            self.w.select(it.key)

    def _step_span(self, start_words: int = 0, end_words: int = 0) -> None:
        it = self._need_item()
        if it is None:
            return
        changes = self._run("move the span", lambda: self.session.step_span(it.key, start_words=start_words,
                                                                             end_words=end_words))
        if changes is not None:
            self.w.select(it.key)
        elif self.session.item(it.key) is not None and self.session.item(it.key).version == it.version:
            self.w.notify("The span cannot move further that way")

    def grow_start(self) -> None:
        self._step_span(start_words=-1)

    def shrink_start(self) -> None:
        self._step_span(start_words=1)

    def grow_end(self) -> None:
        self._step_span(end_words=1)

    def shrink_end(self) -> None:
        self._step_span(end_words=-1)

    def select_sentence_end(self) -> None:
        """Extend the text selection to the end of the sentence (N then adds an event over it)."""
        start, end = self._selection()
        self.w.view.select_range(start, spans.sentence_end(self.session.text, end))

    def select_sentence_start(self) -> None:
        start, end = self._selection()
        new = spans.sentence_start(self.session.text, start)
        if new == start and start > 0:
            new = spans.sentence_start(self.session.text, start - 1)
        self.w.view.select_range(end, new)  # anchor at the end, caret at the start

    def _selection(self) -> tuple[int, int]:
        span = self.w.view.selection_span()
        caret = self.w.view.caret()
        return span if span else (caret, caret)

    # -- history ----------------------------------------------------------------------------------------------

    def undo(self) -> None:
        self._history("undo", self.session.undo, "Undone")

    def redo(self) -> None:
        self._history("redo", self.session.redo, "Redone")

    def _history(self, what: str, op, verb: str) -> None:
        changes = self._run(what, op)
        if changes is None:
            return
        if changes.document_id is not None and changes.document_id != self.w.document_id:
            self.w.open_document(changes.document_id, select=changes.focus)
        elif self.session.item(changes.focus) is not None:
            self.w.select(changes.focus)
        self.w.notify(f"{verb}: {changes.description}")

    # -- popups -----------------------------------------------------------------------------------------------

    def show_popup(self, menu: QMenu, item: Item | None) -> None:
        view = self.w.view
        rects = view.span_rects(item.start, item.end) if item is not None else []
        if rects:
            pos = view.viewport().mapToGlobal(rects[-1].bottomLeft().toPoint())
        else:
            pos = view.viewport().mapToGlobal(view.cursorRect().bottomLeft() + QPoint(0, 4))
        previous = QApplication.focusWidget() or view
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Give the keyboard back to where it was once the menu closes (some platforms leave no active window).
        menu.aboutToHide.connect(lambda: self._restore_focus(previous, menu))
        self.popup = menu
        menu.popup(pos)

    def _restore_focus(self, widget: QWidget, menu: QMenu) -> None:
        if QApplication.activeWindow() not in (None, menu, self.w):
            return  # the user went to another window meanwhile
        self.w.activateWindow()
        try:
            widget.setFocus(Qt.FocusReason.PopupFocusReason)
        except RuntimeError:  # the widget went away meanwhile (database switched)
            self.w.view.setFocus()
