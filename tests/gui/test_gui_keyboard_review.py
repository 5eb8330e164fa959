"""A demo report reviewed with the keyboard only; after every key the database rows and the decision log agree."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain import EVENT_TYPES, REJECT_REASONS
from annotator.store import Store

pytestmark = pytest.mark.gui
REVIEWER = "tester"


class Keys:
    """Types into whatever has the focus, as a keyboard does."""

    def __init__(self, qtbot, window):
        self.qtbot, self.window = qtbot, window

    def __call__(self, key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            modal = QApplication.activeModalWidget()
            target = (QApplication.activePopupWidget() or (modal.focusWidget() or modal if modal else None)
                      or QApplication.focusWidget() or self.window)
            self.qtbot.keyClick(target, key, modifier)

    def text(self, text: str) -> None:
        for ch in text:
            self(ch)


def last_decision(store: Store) -> dict:
    return store.decisions()[-1]


def to_event(window, keys) -> int:
    """Walk with J until an event (not a stated total) is selected; returns its id."""
    for _ in range(len(window.session.items) + 1):
        if window.current_key and window.current_key[0] == "event":
            return window.current_key[1]
        keys("j")
    raise AssertionError("no event candidate reachable with J")


def test_review_a_demo_report_with_keys_only(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    keys = Keys(qtbot, window)
    store = Store(demo_db)  # a second connection: sees only what was committed
    events = [it for it in window.session.items if it.kind == "event"]
    assert len(events) >= 4, "the first demo report should have several candidates"
    n_log = len(store.decisions())

    # J moves the selection and writes nothing.
    first = window.current_key
    keys("j")
    assert window.current_key != first
    keys("k")
    assert window.current_key == first
    assert len(store.decisions()) == n_log

    # A: accept; the row, its version and one log row are committed; the next pending one is selected.
    ev_id = to_event(window, keys)
    before = store.event(ev_id)
    keys("a")
    after = store.event(ev_id)
    assert (after.status, after.reviewer, after.version) == ("accepted", REVIEWER, before.version + 1)
    log = last_decision(store)
    assert (log["action"], log["object_id"], log["reviewer"]) == ("accept", ev_id, REVIEWER)
    assert (log["before"]["status"], log["after"]["status"]) == ("pending", "accepted")
    assert window.current_key != ("event", ev_id)
    assert window.current_item.status == "pending"

    # R then 2: reject with the second reason of the list.
    ev_id = to_event(window, keys)
    keys("r")
    assert QApplication.activePopupWidget() is not None, "R opens the reason menu"
    keys("2")
    rejected = store.event(ev_id)
    assert (rejected.status, rejected.reject_reason) == ("rejected", REJECT_REASONS[1])
    log = last_decision(store)
    assert (log["action"], log["object_id"], log["after"]["reject_reason"]) == ("reject", ev_id, REJECT_REASONS[1])

    # E, Alt+K, type a number, Enter: the killed count is edited; Esc returns to the text.
    ev_id = to_event(window, keys)
    unedited = store.event(ev_id)
    version = unedited.version
    keys("e")
    assert window.inspector.has_focus_inside()
    keys(Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is window.inspector.event_form.counts["killed"].spin.lineEdit() or \
        QApplication.focusWidget() is window.inspector.event_form.counts["killed"].spin
    new_killed = (unedited.count("killed") or 0) + 3
    keys.text(str(new_killed))
    keys(Qt.Key.Key_Return)
    edited = store.event(ev_id)
    assert edited.count("killed") == new_killed and edited.counts["killed"].qualifier == "exact"
    assert edited.version == version + 1
    log = last_decision(store)
    assert (log["action"], log["object_id"], log["after"]["killed"]) == ("edit", ev_id, new_killed)
    keys(Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.view
    assert store.event(ev_id).version == version + 1, "leaving the field does not write again"

    # Shift+arrows select three words at the caret (the selected candidate's start); N then 1 adds a convoy.
    n_events = len(store.events(window.document_id))
    keys(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, times=3)
    selected = window.view.textCursor().selectedText().strip()
    assert len(selected.split()) >= 2
    keys("n")
    assert QApplication.activePopupWidget() is not None, "N opens the type menu"
    keys("1")
    added_id = window.current_key[1]
    added = store.event(added_id)
    assert (added.type, added.origin, added.status, added.reviewer) == \
        (next(iter(EVENT_TYPES)), "reviewer", "accepted", REVIEWER)
    assert added.evidence == selected and store.document_text(window.document_id)[added.start:added.end] == selected
    assert len(store.events(window.document_id)) == n_events + 1
    log = last_decision(store)
    assert (log["action"], log["object_id"], log["before"]) == ("add", added_id, None)

    # ] grows the span's end by a word.
    text = store.document_text(window.document_id)
    keys("]")
    grown = store.event(added_id)
    assert grown.start == added.start and grown.end > added.end
    assert grown.evidence == text[grown.start:grown.end] and len(grown.evidence.split()) == len(selected.split()) + 1
    assert last_decision(store)["action"] == "span"

    # Ctrl+Z undoes the span change, Ctrl+Shift+Z redoes it; both are written with their own action.
    keys(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = store.event(added_id)
    assert (undone.start, undone.end, undone.evidence) == (added.start, added.end, added.evidence)
    log = last_decision(store)
    assert (log["action"], log["object_id"], log["after"]["end"]) == ("undo", added_id, added.end)
    keys(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    redone = store.event(added_id)
    assert (redone.start, redone.end) == (grown.start, grown.end)
    assert last_decision(store)["action"] == "redo"

    # Undo reaches back over every kind of change: the span, the addition, the edit, the rejection, the accept.
    keys(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, times=2)
    assert not store.events(ids=[added_id]), "undoing the addition deletes the event"
    assert (last_decision(store)["action"], last_decision(store)["after"]) == ("undo", None)
    keys(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.event(ev_id).count("killed") == unedited.count("killed")
    keys(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.event(rejected.id).status == "pending" and store.event(rejected.id).reject_reason is None
    keys(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.event(after.id).status == "pending"
    assert [d["action"] for d in store.decisions()[-5:]] == ["undo"] * 5
    # ... and redo brings the accept back.
    keys(Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert store.event(after.id).status == "accepted"
    assert store.integrity_check() == "ok"
    store.close()


def test_accept_all_asks_first_and_leaves_flagged_candidates(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    keys = Keys(qtbot, window)
    store = Store(demo_db)
    doc_id = window.document_id
    # One candidate recalled from years before the report, one the text gives no date for.
    old, undated = [it for it in window.session.items if it.kind == "event" and it.status == "pending"][:2]
    window.runner.run("edit", lambda: window.session.edit(old.key, {"date": "2019-03-21"}))
    window.runner.run("edit", lambda: window.session.edit(undated.key, {"date": None}))
    plain = window.session.pending()
    n_log = len(store.decisions())

    # Shift+A asks, naming how many; Esc writes nothing.
    keys("A", Qt.KeyboardModifier.ShiftModifier)
    box = window.review.confirm
    assert box is not None and box.isVisible()
    assert f"Accept {len(plain)} pending" in box.text()
    assert "1 dated outside the period" in box.informativeText() and "1 with no date" in box.informativeText()
    keys(Qt.Key.Key_Escape)
    assert len(store.decisions()) == n_log and window.review.confirm is None

    # Enter accepts the plain ones; the flagged two stay pending, in the database and in the list.
    keys("A", Qt.KeyboardModifier.ShiftModifier)
    keys(Qt.Key.Key_Return)
    assert {e.id for e in store.events(doc_id, status="pending")} == {old.obj.id, undated.obj.id}
    assert not store.facts(doc_id, status="pending")
    assert window.documents.model.docs[window.documents.model.row_of(doc_id)].counts["pending"] == 2
    keys(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one keystroke, one undo step
    assert len(window.session.pending(include_flagged=True)) == len(plain) + 2

    # Ticking the box (Tab to it, Space) takes the flagged ones too.
    keys("A", Qt.KeyboardModifier.ShiftModifier)
    check = window.review.confirm.checkBox()
    for _ in range(3):
        if window.review.confirm.focusWidget() is not check:
            keys(Qt.Key.Key_Tab)
    keys(Qt.Key.Key_Space)
    assert check.isChecked()
    keys(Qt.Key.Key_Return)
    assert not store.events(doc_id, status="pending")
    keys("J", Qt.KeyboardModifier.ShiftModifier)
    assert window.document_id != doc_id
    keys("K", Qt.KeyboardModifier.ShiftModifier)
    assert window.document_id == doc_id
    store.close()


def test_letters_typed_in_the_inspector_are_not_shortcuts(synthetic_db, make_window, qtbot):
    window = make_window(synthetic_db)
    keys = Keys(qtbot, window)
    store = Store(synthetic_db)
    ev_id = to_event(window, keys)
    keys("e")  # the type box has the focus
    keys("a")  # picks "Arrest"/"Airstrike" by keyboard search: not an accept
    keys(Qt.Key.Key_Tab)  # leaving the box saves the type; Tab lands in the date field
    assert store.event(ev_id).status == "pending"
    assert store.event(ev_id).type in ("airstrike", "arrest", "armed_clash", "attack_other")
    assert store.decisions()[-1]["action"] == "edit"
    assert QApplication.focusWidget() is window.inspector.event_form.date
    keys.text("2024-01-15")  # the date field types what it is given, A included
    keys(Qt.Key.Key_Return)
    assert store.event(ev_id).date == "2024-01-15"
    keys(Qt.Key.Key_Escape)
    keys("a")
    assert store.event(ev_id).status == "accepted"
    store.close()


def test_find_select_a_sentence_and_add_it_then_clear_a_count(synthetic_db, make_window, qtbot):
    window = make_window(synthetic_db)
    keys = Keys(qtbot, window)
    store = Store(synthetic_db)
    text = store.document_text(window.document_id)
    # Ctrl+F, a few words, Enter for the second match, Esc: the match stays selected in the text.
    keys(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.find_bar.field
    keys.text("rockets targeted")
    first = window.view.selection_span()
    assert text[first[0]:first[1]].lower() == "rockets targeted"
    keys(Qt.Key.Key_Return)
    second = window.view.selection_span()
    assert second[0] > first[0] and text.find("rockets targeted", first[1]) == second[0]
    keys(Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.view and not window.find_bar.isVisible()
    assert window.view.selection_span() == second
    # ( and ) widen the selection to the whole sentence; N then 6 adds it as a rocket attack.
    keys(")")
    keys("(")
    start, end = window.view.selection_span()
    sentence = text[start:end]
    assert sentence.startswith("On August") and sentence.endswith("soldiers.") and "rockets targeted" in sentence
    keys("n")
    keys(str(list(EVENT_TYPES).index("rocket_attack") + 1))
    added = store.event(window.current_key[1])
    assert (added.type, added.evidence, added.origin) == ("rocket_attack", sentence, "reviewer")
    # Backspace in a count field clears it: "no number stated".
    with_killed = next(it for it in window.session.items if it.kind == "event" and it.obj.count("killed"))
    window.select(with_killed.key)
    ev_id, field = with_killed.obj.id, "killed"
    keys("e")
    keys(Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    keys(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys(Qt.Key.Key_Backspace)
    keys(Qt.Key.Key_Return)
    assert store.event(ev_id).count(field) is None
    assert window.inspector.event_form.counts[field].spin.text() == "—"
    store.close()


def test_an_added_event_gets_the_fields_the_pipeline_reads_in_it(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    window.warm_pipeline()
    qtbot.waitUntil(lambda: window.session.extractor is not None, timeout=60_000)
    keys = Keys(qtbot, window)
    store = Store(demo_db)
    convoy = next(it for it in window.session.items if it.kind == "event" and it.obj.type == "convoy"
                  and it.obj.date and it.obj.count("trucks"))
    keys("j")
    window.select(convoy.key)
    keys("r")
    keys("1")  # the reviewer rejects the candidate ... and adds the same sentence as their own convoy
    window.view.select_range(convoy.start, convoy.end)
    keys("n")
    keys("1")
    added = store.event(window.current_key[1])
    assert (added.origin, added.type, added.status) == ("reviewer", "convoy", "accepted")
    assert added.date == convoy.obj.date and added.count("trucks") == convoy.obj.count("trucks")
    assert added.location_name == convoy.obj.location_name
    assert any(a.role == "date" and added.start <= a.start < a.end <= added.end for a in added.arguments)
    store.close()
