"""A decision the database cannot take (full disk) is a warning that says so, not 'Unexpected error'."""
from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

pytestmark = pytest.mark.gui


def test_a_full_disk_shows_the_store_message_and_keeps_the_candidate_pending(synthetic_db, make_window, qtbot):
    window = make_window(synthetic_db)
    kind, ev_id = window.current_key
    db = window.store.db
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    db.execute("PRAGMA synchronous = OFF")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for i in range(100_000):  # fill the free pages: the next write needs a page the disk does not have
            with db.conn:
                db.execute("INSERT INTO decisions (at, reviewer, object_type, action) VALUES (?, 'f', 'x', 'x')",
                           [str(i)])
    qtbot.keyClick(QApplication.focusWidget() or window, "a", Qt.KeyboardModifier.NoModifier)
    box = window._message
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "disk is full" in box.text() and "synthetic.db" in box.text()
    assert "Unexpected" not in box.windowTitle() + box.text()
    assert window.store.event(ev_id).status == "pending"
    box.close()
