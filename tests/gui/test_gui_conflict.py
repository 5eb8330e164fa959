"""Two windows on one database: a change to something the other window changed meanwhile is refused and reloaded."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.store import Store

pytestmark = pytest.mark.gui


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    popup = QApplication.activePopupWidget()
    if popup is not None:  # a menu this window opened has the keyboard
        qtbot.keyClick(popup, key, modifier)
        return
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def assert_conflict_shown(window) -> None:
    box = window._message
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "changed elsewhere" in box.text()
    box.close()


def test_two_windows_never_overwrite_each_other(synthetic_db, make_window, qtbot, tmp_path):
    a = make_window(synthetic_db, reviewer="alice")
    b = make_window(synthetic_db, reviewer="bob",
                    own_settings=QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat))
    # B acts before its next poll of the database would show A's change: the moment the refusal is for.
    # (test_gui_bus.py shows the poll bringing another window's change in without F5.)
    a.watcher.stop()
    b.watcher.stop()
    store = Store(synthetic_db)
    assert a.current_key == b.current_key
    kind, ev_id = a.current_key

    # A accepts; B, still showing the old version, rejects the same event: refused, B shows A's decision.
    press(qtbot, a, "a")
    assert store.event(ev_id).status == "accepted"
    n_log = len(store.decisions())
    press(qtbot, b, "r")
    press(qtbot, b, "0")
    assert_conflict_shown(b)
    assert store.event(ev_id).status == "accepted" and store.event(ev_id).reviewer == "alice"
    assert len(store.decisions()) == n_log, "the refused decision wrote nothing"
    assert b.session.item(("event", ev_id)).status == "accepted", "B reloaded what the database holds"
    assert b.view.toPlainText() == store.document_text(b.document_id)

    # An inspector edit in B to an event A edited meanwhile: refused too.
    b.select(("event", ev_id))
    a.select(("event", ev_id))
    a.review.apply_edit(("event", ev_id), {"note": "checked by alice"})
    b.inspector.event_form.note.setText("bob's note")
    b.inspector.event_form.note.editingFinished.emit()
    assert_conflict_shown(b)
    assert store.event(ev_id).note == "checked by alice"
    assert b.inspector.event_form.note.text() == "checked by alice"

    # Now in step, B can change it; A's undo of its own earlier edit is then refused, not forced through.
    b.review.apply_edit(("event", ev_id), {"note": "bob agrees"})
    assert store.event(ev_id).note == "bob agrees"
    press(qtbot, a, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert_conflict_shown(a)
    assert store.event(ev_id).note == "bob agrees" and store.event(ev_id).status == "accepted"
    assert store.integrity_check() == "ok"
    store.close()
