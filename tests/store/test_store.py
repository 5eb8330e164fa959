"""The Store: each mutation is one transaction with its decision-log rows; readers; conflicts."""
import dataclasses
from types import SimpleNamespace

import pytest

from annotator.domain import Argument, Count, DocumentIn, Event, Fact, Period
from annotator.store import ConflictError, NotFound, Store

TEXT = ("Monthly report. On May 3, a convoy of 35 trucks entered via Semalka crossing.\n"
        "On May 9, SDF arrested four suspects in a raid backed by Coalition helicopters in Al-Busayrah.\n"
        "In total, 35 trucks entered in one batch.")


def _doc(text=TEXT, key="may-report"):
    return DocumentIn(text=text, title="May report", source=f"/tmp/{key}.txt", source_kind="txt", key=key,
                      published="2024-06-01", period=Period("2024-05-01", "2024-05-31"))


def _extraction(text=TEXT):
    s1 = text.index("a convoy")
    e1 = text.index("\n")
    s2 = text.index("SDF arrested")
    e2 = text.index("\n", s2)
    convoy = Event(type="convoy", start=s1, end=e1, evidence=text[s1:e1], date="2024-05-03", direction="entering",
                   counts={"trucks": Count(35)}, location="Semalka",
                   arguments=[Argument("trucks", text.index("35"), text.index("35") + 2, "35", "35", "exact")])
    raid = Event(type="security_operation", start=s2, end=e2, evidence=text[s2:e2], date="2024-05-09",
                 counts={"arrested": Count(4)}, actors=["SDF"])
    fs = text.index("In total")
    fact = Fact(kind="trucks", value=35, start=fs, end=len(text), evidence=text[fs:])
    return SimpleNamespace(events=[convoy, raid], facts=[fact])


@pytest.fixture
def doc_id(store):
    doc_id, created = store.add_document(_doc(), "hash-1", reviewer="ana", extraction=_extraction())
    assert created
    return doc_id


def _log_count(store):
    return len(store.decisions())


def test_import_stores_the_report_its_candidates_and_two_log_rows(store, doc_id):
    doc = store.document(doc_id)
    assert (doc.title, doc.period_start, doc.period_end, doc.words) == ("May report", "2024-05-01", "2024-05-31",
                                                                        len(TEXT.split()))
    assert store.document_text(doc_id) == TEXT
    assert [e.type for e in store.events(doc_id)] == ["convoy", "security_operation"]
    assert store.events(doc_id)[0].arguments[0].text == "35"
    assert [f.value for f in store.facts(doc_id)] == [35]
    actions = [d["action"] for d in store.decisions(document_id=doc_id)]
    assert actions == ["import", "extract"]


def test_the_same_text_twice_is_stored_once(store, doc_id):
    again, created = store.add_document(_doc(key="copy"), "hash-1", reviewer="ana")
    assert (again, created) == (doc_id, False)
    assert len(store.documents()) == 1


@pytest.mark.parametrize("mutate, action", [
    (lambda s, e, f: s.accept_event(e.id, reviewer="bo"), "accept"),
    (lambda s, e, f: s.reject_event(e.id, reviewer="bo", reason="duplicate"), "reject"),
    (lambda s, e, f: s.update_event(e.id, {"killed": 2, "location": "Al-Busayrah"}, reviewer="bo"), "edit"),
    (lambda s, e, f: s.delete_event(e.id, reviewer="bo"), "delete"),
    (lambda s, e, f: s.add_event(e.document_id, dataclasses.replace(e, origin="reviewer"), reviewer="bo"), "add"),
    (lambda s, e, f: s.accept_fact(f.id, reviewer="bo"), "accept"),
    (lambda s, e, f: s.reject_fact(f.id, reviewer="bo", reason="other"), "reject"),
    (lambda s, e, f: s.update_fact(f.id, {"value": 40}, reviewer="bo"), "edit"),
    (lambda s, e, f: s.add_fact(f.document_id, f, reviewer="bo"), "add"),
    (lambda s, e, f: s.delete_fact(f.id, reviewer="bo"), "delete"),
    (lambda s, e, f: s.replace_candidates(e.document_id, _extraction(), reviewer="bo"), "reextract"),
    (lambda s, e, f: s.delete_document(e.document_id, reviewer="bo"), "delete"),
    (lambda s, e, f: s.add_model(name="m", kind="spancat", path="/m", reviewer="bo", trained_on=[1], metrics={}),
     "train"),
])
def test_every_mutation_writes_a_decision_log_row(store, doc_id, mutate, action):
    ev, fact = store.events(doc_id)[0], store.facts(doc_id)[0]
    before = _log_count(store)
    mutate(store, ev, fact)
    rows = store.decisions()[before:]
    # re-extraction adds one row per candidate it removes or adds before its document row
    assert len(rows) == 1 or action == "reextract"
    assert rows[-1]["action"] == action and all(r["reviewer"] == "bo" for r in rows)


def test_accept_all_pending_logs_one_row_per_event(store, doc_id):
    before = _log_count(store)
    assert store.accept_all_pending(doc_id, reviewer="bo") == 2
    assert [d["action"] for d in store.decisions()[before:]] == ["accept", "accept"]
    assert {e.status for e in store.events(doc_id)} == {"accepted"}
    assert store.accept_all_pending(doc_id, reviewer="bo") == 0


def test_an_edit_records_before_and_after(store, doc_id):
    ev = store.events(doc_id)[1]
    store.update_event(ev.id, {"arrested": Count(5, "approx")}, reviewer="bo")
    row = store.decisions(object_type="event", object_id=ev.id)[-1]
    assert (row["before"]["arrested"], row["after"]["arrested"], row["after"]["arrested_q"]) == (4, 5, "approx")


def test_a_stale_version_is_refused_and_nothing_is_written(store, doc_id, db_path):
    ev = store.events(doc_id)[0]
    other = Store(db_path)  # a second window on the same file
    other.accept_event(ev.id, reviewer="other", expected_version=ev.version)
    before = _log_count(store)
    with pytest.raises(ConflictError, match=f"event {ev.id} was changed elsewhere"):
        store.reject_event(ev.id, reviewer="bo", expected_version=ev.version)
    assert store.event(ev.id).status == "accepted"
    assert _log_count(store) == before
    other.close()


def test_undo_and_redo_through_snapshots(store, doc_id):
    ev = store.events(doc_id)[0]
    store.reject_event(ev.id, reviewer="bo", reason="wrong type")
    snapshot_before = store.decisions(object_type="event", object_id=ev.id)[-1]["before"]
    restored = store.restore_event(snapshot_before, reviewer="bo", action="undo")
    assert restored.status == "pending" and restored.reject_reason is None
    store.delete_event(ev.id, reviewer="bo")
    deleted = store.decisions(object_type="event", object_id=ev.id)[-1]["before"]
    back = store.restore_event(deleted, reviewer="bo", action="undo")
    assert back.id == ev.id and back.arguments == ev.arguments and back.counts == ev.counts


def test_reextraction_keeps_decisions_and_does_not_repropose_them(store, doc_id):
    convoy, raid = store.events(doc_id)
    store.accept_event(convoy.id, reviewer="bo")
    result = store.replace_candidates(doc_id, _extraction(), reviewer="bo", pipeline_version="v2")
    assert result["removed"] == 1 and result["suppressed"] == 1 and result["added"] == 1
    events = store.events(doc_id)
    assert [(e.type, e.status) for e in events] == [("convoy", "accepted"), ("security_operation", "pending")]
    assert store.document(doc_id).pipeline_version == "v2"


def test_reextraction_keeps_an_edited_pending_candidate_and_logs_each_replaced_one(store, doc_id):
    convoy, raid = store.events(doc_id)
    fact = store.facts(doc_id)[0]
    store.update_event(convoy.id, {"trucks": 36, "location": "Semalka crossing"}, reviewer="bo")  # still pending
    store.update_fact(fact.id, {"value": 36}, reviewer="bo")
    before = _log_count(store)
    result = store.replace_candidates(doc_id, _extraction(), reviewer="cy", pipeline_version="v2")
    events = store.events(doc_id)
    kept = next(e for e in events if e.id == convoy.id)
    assert (kept.status, kept.count("trucks"), kept.location) == ("pending", 36, "Semalka crossing")
    assert [e.type for e in events].count("convoy") == 1  # the new convoy candidate overlaps it: not proposed
    assert result["removed"] == 1 and result["suppressed"] == 1 and result["added"] == 1
    assert [(f.value, f.status) for f in store.facts(doc_id)] == [(36, "pending")]
    rows = store.decisions()[before:]
    removed = [r for r in rows if r["action"] == "reextract-remove"]
    added = [r for r in rows if r["action"] == "reextract-add"]
    assert [(r["object_type"], r["object_id"], r["before"]["type"]) for r in removed] == \
        [("event", raid.id, "security_operation")]
    assert [r["after"]["type"] for r in added] == ["security_operation"]
    assert rows[-1]["action"] == "reextract" and rows[-1]["object_type"] == "document"


def test_reextraction_keeps_a_pending_candidate_a_reviewer_undid_to_pending(store, doc_id):
    convoy = store.events(doc_id)[0]
    store.accept_event(convoy.id, reviewer="bo")
    undo = store.decisions(object_type="event", object_id=convoy.id)[-1]["before"]
    store.restore_event(undo, reviewer="bo", action="undo")
    store.replace_candidates(doc_id, _extraction(), reviewer="bo")
    assert convoy.id in [e.id for e in store.events(doc_id)]


def test_readers(store, doc_id):
    store.accept_event(store.events(doc_id)[0].id, reviewer="bo")
    assert store.find_document("may-report").id == doc_id
    assert store.find_document(str(doc_id)).id == doc_id
    with pytest.raises(NotFound):
        store.find_document("nope")
    assert [d.id for d in store.documents(search="Semalka trucks")] == [doc_id]
    assert store.documents(search="Raqqa") == []
    assert store.documents(search='"unbalanced (quote') == []  # user words never reach FTS syntax
    assert [d.id for d in store.documents(status="pending")] == [doc_id]
    assert store.documents(status="done") == []
    assert store.documents()[0].counts == {"pending": 1, "accepted": 1, "rejected": 0}
    assert [e.type for e in store.events_in_period("2024-05-01", "2024-05-05")] == ["convoy"]
    assert [d.id for d in store.documents_in_period("2024-05-15", "2024-06-15")] == [doc_id]
    stats = store.stats()
    assert stats["documents"] == 1 and stats["events_by_status"] == {"accepted": 1, "pending": 1}
    assert stats["reviewers"] == ["bo"]
    assert store.integrity_check() == "ok"


def test_listeners_hear_of_committed_changes_only(store, doc_id):
    heard = []
    store.subscribe(lambda what, d: heard.append((what, d)))
    ev = store.events(doc_id)[0]
    store.accept_event(ev.id, reviewer="bo")
    with pytest.raises(ValueError):
        store.update_event(ev.id, {"no_such_field": 1}, reviewer="bo")
    assert heard == [("events", doc_id)]


def test_a_span_outside_the_text_is_refused(store, doc_id):
    with pytest.raises(ValueError, match="outside document"):
        store.add_event(doc_id, Event(type="protest", start=5, end=10_000, evidence="x"), reviewer="bo")
