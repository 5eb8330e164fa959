"""The change bus: views follow changes made here, by another process, and across a restart."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from annotator.store import Store

pytestmark = pytest.mark.gui


def key(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.activePopupWidget() or QApplication.focusWidget() or window, k, modifier)


def other_process(code: str) -> None:
    """Run code with `store` open on the database in a separate Python process, as another window would."""
    subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True, timeout=60)


def test_a_decision_made_in_another_process_shows_without_f5(synthetic_db, make_window, qtbot):
    window = make_window(synthetic_db)
    kind, ev_id = window.current_key
    assert window.session.item((kind, ev_id)).status == "pending"
    other_process(f"""
        from annotator.store import Store
        with Store({str(synthetic_db)!r}) as store:
            store.accept_event({ev_id}, reviewer="someone else")
            store.update_event({ev_id}, {{"note": "seen by someone else"}}, reviewer="someone else")
    """)
    qtbot.waitUntil(lambda: window.session.item((kind, ev_id)).status == "accepted", timeout=1500)
    assert window.candidates.currentItem().text().startswith("✓")
    assert window.inspector.event_form.note.text() == "seen by someone else"
    row = window.documents.model.row_of(window.document_id)
    qtbot.waitUntil(lambda: window.documents.model.docs[row].counts["accepted"] == 1, timeout=1500)
    # ... and the window can act on it at once, without a conflict: it holds the current version.
    key(qtbot, window, "r")
    key(qtbot, window, "0")
    with Store(synthetic_db) as store:
        assert store.event(ev_id).status == "rejected" and store.event(ev_id).reviewer == "tester"


def test_a_report_imported_elsewhere_joins_the_list_and_the_summary_periods(synthetic_db, make_window, qtbot):
    window = make_window(synthetic_db)
    n = len(window.documents.model.docs)
    other_process(f"""
        import hashlib
        from annotator.domain import DocumentIn, Period
        from annotator.store import Store
        text = "Report of the month: on October 30 a patrol passed through Hajin."
        with Store({str(synthetic_db)!r}) as store:
            store.add_document(DocumentIn(text=text, title="Arrived later", source="later.txt", source_kind="txt",
                                          key="arrived-later", period=Period("2022-10-23", "2022-11-22")),
                               hashlib.sha256(text.encode()).hexdigest(), reviewer="importer")
    """)
    qtbot.waitUntil(lambda: len(window.documents.model.docs) == n + 1, timeout=3000)
    window.navigation.show_summary_tab()
    assert window.summary.period.findData("arrived-later") >= 0


def test_undo_after_a_restart(synthetic_db, make_window, qtbot, tmp_path):
    window = make_window(synthetic_db)
    kind, ev_id = window.current_key
    key(qtbot, window, "a")
    window.close()
    again = make_window(synthetic_db, own_settings=QSettings(str(tmp_path / "again.ini"), QSettings.Format.IniFormat))
    key(qtbot, again, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with Store(synthetic_db) as store:
        assert store.event(ev_id).status == "pending"
    assert again.current_key == (kind, ev_id) and again.session.item((kind, ev_id)).status == "pending"
    assert "Undone" in again.statusBar().currentMessage()
    key(qtbot, again, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    with Store(synthetic_db) as store:
        assert store.event(ev_id).status == "accepted"


def test_the_period_flag_follows_a_date_edit_both_ways(synthetic_db, make_window, qtbot):
    window = make_window(synthetic_db)
    k = window.current_key
    form = window.inspector.event_form
    for date, outside in (("2019-03-21", True), ("2022-09-01", False)):
        form.date.setFocus()
        form.date.setText(date)
        key(qtbot, window, Qt.Key.Key_Return)
        with Store(synthetic_db) as store:
            assert store.event(k[1]).in_period is (not outside)
        assert ("outside the period" in window.candidates.currentItem().text()) is outside
        assert form.period_warning.isHidden() is (not outside)
    form.date.setFocus()
    form.date.setText("")
    key(qtbot, window, Qt.Key.Key_Return)
    assert "no date" in window.candidates.currentItem().text() and "no date" in form.period_warning.text()


def test_the_summary_follows_the_open_report_unless_told_not_to(synthetic_db, make_window, qtbot, settings):
    window = make_window(synthetic_db)
    docs = window.documents.model.docs
    window.open_document(docs[1].id)
    assert window.summary.period_query() == docs[1].key
    window.open_document(docs[2].id)
    window.navigation.show_summary_tab()
    assert window.summary.period_query() == docs[2].key
    window.summary.follow.setChecked(False)
    window.open_document(docs[0].id)
    assert window.summary.period_query() == docs[2].key
    window.close()
    again = make_window(synthetic_db, own_settings=settings)  # remembered for this database
    assert not again.summary.follow.isChecked()


def test_selecting_a_stated_total_shows_its_check(synthetic_db, make_window, qtbot):
    window = make_window(synthetic_db)
    convoys = [it for it in window.session.items if it.kind == "event" and it.obj.type == "convoy"]
    for it in convoys:
        window.runner.run("accept", lambda it=it: window.session.accept(it.key))
    fact = next(it for it in window.session.items if it.kind == "fact")
    window.select(fact.key)
    title, check = window.inspector.title.text(), window.inspector.fact_form.check.text()
    assert "trucks = 250" in title and f"total {fact.obj.id}" not in title
    itemised = sum(it.obj.count("trucks") for it in convoys)
    assert "does not match" in check and f"stated 250 trucks but {itemised} itemised" in check
    assert all(f'href="event:{it.obj.id}"' in check for it in convoys)
    window.inspector.fact_form.check.linkActivated.emit(f"event:{convoys[0].obj.id}")
    assert window.current_key == convoys[0].key
