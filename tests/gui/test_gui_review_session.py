"""ReviewSession without widgets: decisions, undo/redo over every kind of change, span steps, offsets."""
from __future__ import annotations

import pytest

from annotator.domain import Count
from annotator.gui.review import ReviewSession
from annotator.gui.spans import OffsetMap, step_end, step_start, trim
from annotator.store import ConflictError, Store


@pytest.fixture
def session(synthetic_db):
    store = Store(synthetic_db)
    s = ReviewSession(store, "rev")
    s.open(store.documents()[0].id)
    yield s
    store.close()


def test_every_change_is_undone_and_redone_through_the_database(session):
    store = session.store
    ev, fact = (next(it for it in session.items if it.kind == k) for k in ("event", "fact"))
    original = store.event(ev.obj.id)
    session.accept(ev.key)
    session.edit(ev.key, {"killed": Count(9, "approx"), "location": "Hajin"})
    session.reject(fact.key, "duplicate")
    added = session.add_event("patrol", ev.start, ev.start + 20)
    session.step_span(added.key, end_words=1)
    session.accept_all()
    pending_before_all = [it for it in store.events(session.document.id) if it.status == "pending"]
    assert pending_before_all == []

    session.undo()  # accept all
    assert any(e.status == "pending" for e in store.events(session.document.id))
    session.undo()  # span
    session.undo()  # add
    assert store.events(ids=[added.obj.id]) == []
    session.undo()  # reject fact
    assert store.fact(fact.obj.id).status == "pending"
    session.undo()  # edit
    restored = store.event(ev.obj.id)
    assert (restored.counts, restored.location, restored.status) == (original.counts, original.location, "accepted")
    session.undo()  # accept
    assert store.event(ev.obj.id).status == "pending"
    assert not session.can_undo and session.can_redo

    while session.can_redo:
        session.redo()
    assert store.event(ev.obj.id).count("killed") == 9
    assert store.event(added.obj.id).end > added.end
    assert store.fact(fact.obj.id).status == "rejected"
    actions = [d["action"] for d in store.decisions(document_id=session.document.id)]
    assert actions.count("undo") >= 6 and actions.count("redo") >= 6
    # The items the session shows are what the database holds.
    for it in session.items:
        db = store.event(it.obj.id) if it.kind == "event" else store.fact(it.obj.id)
        assert (db.status, db.version, db.start, db.end) == (it.status, it.version, it.start, it.end)


def test_a_stale_version_is_refused_and_nothing_is_written(session, synthetic_db):
    ev = next(it for it in session.items if it.kind == "event")
    with Store(synthetic_db) as other:
        other.accept_event(ev.obj.id, reviewer="someone else")
    n = len(session.store.decisions())
    with pytest.raises(ConflictError):
        session.reject(ev.key, None)
    assert len(session.store.decisions()) == n
    with pytest.raises(ConflictError):
        session.accept_all()  # all or nothing: the other pending items stay pending
    assert any(it.status == "pending" for it in session.store.events(session.document.id))
    assert len(session.store.decisions()) == n


def test_word_steps_and_trimming():
    text = "On August 24, a convoy entered via Al-Waleed crossing."
    start, end = text.index("a convoy"), text.index("entered") + len("entered")
    assert text[step_start(text, start, end, -1):end] == "24, a convoy entered"
    assert text[start:step_end(text, start, end, 1)] == "a convoy entered via"
    assert text[start:step_end(text, start, end, 2)] == "a convoy entered via Al-Waleed"
    assert text[step_start(text, start, end, 1):end] == "convoy entered"
    assert text[start:step_end(text, start, end, -1)] == "a convoy"
    # never to an empty span, never past the text
    one = text.index("crossing")
    assert step_start(text, one, one + 8, 1) == one and step_end(text, one, one + 8, -1) == one + 8
    assert step_end(text, one, one + 8, 1) == one + 8
    assert trim(text, start - 1, end + 1) == (start, end)


def test_offsets_map_between_code_points_and_utf16():
    text = "a\U0001F600b c\U0001F600\U0001F600d"
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        assert m.from_qt(m.to_qt(i)) == i
    assert m.to_qt(text.index("b")) == text.index("b") + 1
    assert m.to_qt(text.index("d")) == text.index("d") + 3
    plain = OffsetMap("no astral characters here")
    assert plain.to_qt(7) == 7 == plain.from_qt(7)
