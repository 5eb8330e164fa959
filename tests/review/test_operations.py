"""Review operations without Qt: what each returns, undo/redo from the decision log across restarts."""
from __future__ import annotations

import hashlib
from types import SimpleNamespace

import pytest

from annotator.domain import Argument, Count, DocumentIn, Event, Period
from annotator.review import NothingToDo, ReviewSession
from annotator.store import ConflictError, Store


@pytest.fixture
def session(synthetic_db):
    store = Store(synthetic_db)
    s = ReviewSession(store, "rev")
    s.open(store.documents()[0].id)
    yield s
    store.close()


def first(session, kind="event"):
    return next(it for it in session.items if it.kind == kind)


def test_an_operation_returns_what_it_changed(session):
    ev = first(session)
    changes = session.accept(ev.key)
    assert changes.kind == "accept" and changes.events == {ev.obj.id} and not changes.facts
    assert changes.documents == {session.document.id} and changes.focus == ev.key
    first_id, last_id = changes.decisions
    assert [d["id"] for d in session.store.decisions(object_id=ev.obj.id, object_type="event")][-1] == last_id
    assert session.item(ev.key).status == "accepted"  # the session shows what was committed
    fact = first(session, "fact")
    assert session.reject(fact.key, "duplicate").facts == {fact.obj.id}


def test_every_change_is_undone_and_redone_through_the_database(session):
    store = session.store
    ev, fact = first(session), first(session, "fact")
    original = store.event(ev.obj.id)
    session.accept(ev.key)
    session.edit(ev.key, {"killed": Count(9, "approx"), "location": "Hajin"})
    session.reject(fact.key, "duplicate")
    added = session.add_event("patrol", ev.start, ev.start + 20)
    added_key = added.focus
    session.step_span(added_key, end_words=1)
    session.accept_all()
    assert [e for e in store.events(session.document.id) if e.status == "pending"] == []

    session.undo()  # accept all
    assert any(e.status == "pending" for e in store.events(session.document.id))
    session.undo()  # span
    session.undo()  # add
    assert store.events(ids=[added_key[1]]) == []
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
    assert store.event(added_key[1]).end > ev.start + 20
    assert store.fact(fact.obj.id).status == "rejected"
    for it in session.items:  # what the session shows is what the database holds
        db = store.event(it.obj.id) if it.kind == "event" else store.fact(it.obj.id)
        assert (db.status, db.version, db.start, db.end) == (it.status, it.version, it.start, it.end)


def test_undo_survives_a_restart_and_is_per_reviewer(synthetic_db):
    with Store(synthetic_db) as store:
        s = ReviewSession(store, "alice")
        s.open(store.documents()[1].id)
        ev = first(s)
        s.accept(ev.key)
        s.reject(first(s, "fact").key, None)
    with Store(synthetic_db) as store:
        bob = ReviewSession(store, "bob")
        assert not bob.can_undo
        with pytest.raises(NothingToDo):
            bob.undo()
        alice = ReviewSession(store, "alice")  # a new window, no report open yet
        assert alice.can_undo
        changes = alice.undo()
        assert changes.focus[0] == "fact" and store.facts(ids=[changes.focus[1]])[0].status == "pending"
        assert store.event(ev.obj.id).status == "accepted"
    with Store(synthetic_db) as store:  # and again after another restart: redo, then undo twice
        alice = ReviewSession(store, "alice")
        assert alice.can_redo
        alice.redo()
        alice.undo()
        alice.undo()
        assert store.event(ev.obj.id).status == "pending"
        assert not alice.can_undo


def test_a_stale_version_is_refused_and_nothing_is_written(session, synthetic_db):
    ev = first(session)
    with Store(synthetic_db) as other:
        other.accept_event(ev.obj.id, reviewer="someone else")
    n = len(session.store.decisions())
    with pytest.raises(ConflictError):
        session.reject(ev.key, None)
    with pytest.raises(ConflictError):
        session.accept_all(include_flagged=True)  # all or nothing
    assert any(e.status == "pending" for e in session.store.events(session.document.id))
    assert len(session.store.decisions()) == n


def test_an_undo_that_would_overwrite_someone_else_is_refused_then_forgotten(session, synthetic_db):
    ev = first(session)
    session.edit(ev.key, {"note": "mine"})
    with Store(synthetic_db) as other:
        other.update_event(ev.obj.id, {"note": "theirs"}, reviewer="someone else")
    with pytest.raises(ConflictError):
        session.undo()
    assert session.store.event(ev.obj.id).note == "theirs"
    assert not session.can_undo  # the step is dropped (logged), also after a restart
    assert not ReviewSession(session.store, "rev").can_undo


def test_moving_a_date_in_and_out_of_the_period_updates_the_flag(session):
    ev = first(session)
    assert session.item(ev.key).obj.in_period is True
    session.edit(ev.key, {"date": "2019-03-21"})
    assert session.item(ev.key).obj.in_period is False
    assert session.store.event(ev.obj.id).in_period is False
    assert session.item(ev.key).flags == ["outside the period"]
    session.edit(ev.key, {"date": "2022-09-01"})
    assert session.store.event(ev.obj.id).in_period is True and session.item(ev.key).flags == []
    session.edit(ev.key, {"date": None})
    assert session.store.event(ev.obj.id).in_period is None and session.item(ev.key).flags == ["no date"]


def test_accept_all_leaves_flagged_candidates_unless_asked(session):
    items = [it for it in session.items if it.kind == "event"]
    session.edit(items[0].key, {"date": "2019-03-21"})
    session.edit(items[1].key, {"date": None})
    changes = session.accept_all()
    assert items[0].obj.id not in changes.events and items[1].obj.id not in changes.events
    assert {session.item(items[0].key).status, session.item(items[1].key).status} == {"pending"}
    assert session.accept_all(include_flagged=True).events == {items[0].obj.id, items[1].obj.id}


def _doc_with(store, text, events):
    doc = DocumentIn(text=text, title="t", source="t.txt", source_kind="txt", key="t",
                     period=Period("2022-08-23", "2022-09-22"))
    doc_id, _ = store.add_document(doc, hashlib.sha256(text.encode()).hexdigest(), reviewer="importer",
                                   extraction=SimpleNamespace(events=events, facts=[]))
    return doc_id


def test_editing_a_count_moves_its_argument_span(tmp_path):
    text = "On August 24 a convoy of 20 trucks entered, and 22 trucks left the next day."
    at = text.index("20 trucks")
    day = text.index("August 24")
    ev = Event("convoy", 0, len(text), text, date="2022-08-24", counts={"trucks": Count(20)},
               arguments=[Argument("date", day, day + 9, "August 24", "2022-08-24"),
                          Argument("trucks", at, at + 9, "20 trucks", "20")])
    with Store(tmp_path / "a.db") as store:
        s = ReviewSession(store, "rev")
        s.open(_doc_with(store, text, [ev]))
        key = s.items[0].key
        s.edit(key, {"trucks": Count(22)})
        arg = next(a for a in store.event(key[1]).arguments if a.role == "trucks")
        assert (text[arg.start:arg.end], arg.value) == ("22 trucks", "22")
        changes = s.edit(key, {"trucks": Count(35)})  # not in the text: the stale span goes
        assert changes.extra["unanchored"] == ["trucks"]
        assert not [a for a in store.event(key[1]).arguments if a.role == "trucks"]
        assert store.event(key[1]).count("trucks") == 35
        s.edit(key, {"trucks": Count(20)})  # back to a number in the words of the text
        arg = next(a for a in store.event(key[1]).arguments if a.role == "trucks")
        assert text[arg.start:arg.end] == "20"
        s.edit(key, {"trucks": Count(24)})  # the 24 of "August 24" is the date's, not a count
        assert not [a for a in store.event(key[1]).arguments if a.role == "trucks"]
