"""document_counts and count_totals (migration 0006) stay equal to counting the events themselves after every kind
of write, on a real SQLite file: the triggers, not the store's Python, keep them, so each test compares them with a
GROUP BY over events."""
from types import SimpleNamespace

import pytest

from annotator.domain import Count, DocumentIn, Event, Period
from annotator.store import Store
from annotator.store.rows import event_snapshot

TEXT = ("Monthly report on the border.\n"
        "On March 4, a convoy of 20 trucks entered through the northern crossing.\n"
        "On March 9, security forces detained three people near the market.\n"
        "On March 15, a drone strike hit a vehicle on the river road.\n")


def _doc(key: str) -> DocumentIn:
    return DocumentIn(text=TEXT + f"Reference {key}.\n", title=f"March report {key}", source=f"/tmp/{key}.txt",
                      source_kind="txt", key=key, published="2023-04-02", period=Period("2023-03-01", "2023-03-31"))


def _line(n: int) -> tuple[int, int]:
    starts = [0] + [i + 1 for i, ch in enumerate(TEXT) if ch == "\n"]
    return starts[n], starts[n + 1] - 1


def _extraction(n_lines: int = 3) -> SimpleNamespace:
    kinds = ("convoy", "security_operation", "airstrike")
    events = []
    for n in range(1, n_lines + 1):
        s, e = _line(n)
        events.append(Event(type=kinds[n - 1], start=s, end=e, evidence=TEXT[s:e], date=f"2023-03-{3 + n:02d}",
                            counts={"trucks": Count(20)} if n == 1 else {}))
    return SimpleNamespace(events=events, facts=[])


def _truth(store: Store) -> dict[int, dict[str, int]]:
    out = {r[0]: {"pending": 0, "accepted": 0, "rejected": 0}
           for r in store.db.execute("SELECT id FROM documents")}
    for doc_id, status, n in store.db.execute("SELECT document_id, status, COUNT(*) FROM events "
                                              "GROUP BY document_id, status"):
        out[doc_id][status] = n
    return out


def _agrees(store: Store) -> dict[int, dict[str, int]]:
    counts = store.document_counts()
    assert counts == _truth(store)
    totals = {k: sum(c[k] for c in counts.values()) for k in ("pending", "accepted", "rejected")}
    assert store.count_totals() == totals
    listed = {"all": len(counts), "pending": sum(c["pending"] > 0 for c in counts.values()),
              "accepted": sum(c["accepted"] > 0 for c in counts.values()),
              "rejected": sum(c["rejected"] > 0 for c in counts.values()),
              "done": sum(c["pending"] == 0 for c in counts.values())}
    assert {k: store.count_documents(status=k) for k in listed} == listed
    assert {k: len(store.documents(status=k)) for k in listed} == listed
    return counts


@pytest.fixture
def two(store):
    a, _ = store.add_document(_doc("a"), "hash-a", reviewer="ana", extraction=_extraction())
    b, _ = store.add_document(_doc("b"), "hash-b", reviewer="ana", extraction=_extraction(2))
    return store, a, b


def test_import_counts_each_reports_candidates(two):
    store, a, b = two
    assert _agrees(store) == {a: {"pending": 3, "accepted": 0, "rejected": 0},
                              b: {"pending": 2, "accepted": 0, "rejected": 0}}
    empty, _ = store.add_document(_doc("c"), "hash-c", reviewer="ana")
    assert _agrees(store)[empty] == {"pending": 0, "accepted": 0, "rejected": 0}


def test_accept_reject_and_undo_move_one_count(two):
    store, a, b = two
    first, second, _ = store.events(a)
    store.accept_event(first.id, reviewer="ana")
    store.reject_event(second.id, reviewer="ana", reason="not an event")
    assert _agrees(store)[a] == {"pending": 1, "accepted": 1, "rejected": 1}
    # undo brings the logged snapshot back (a write of every column, status included)
    store.restore_event(event_snapshot(first), reviewer="ana")
    assert _agrees(store)[a]["accepted"] == 0
    assert store.accept_all_pending(b, reviewer="ana") == 2
    assert _agrees(store)[b] == {"pending": 0, "accepted": 2, "rejected": 0}


def test_an_edit_that_keeps_the_status_changes_no_count(two):
    store, a, _ = two
    ev = store.events(a)[0]
    store.accept_event(ev.id, reviewer="ana")
    before = _agrees(store)
    store.update_event(ev.id, {"location": "Semalka", "trucks": 25}, reviewer="ana")
    assert _agrees(store) == before


def test_delete_and_add_of_an_event(two):
    store, a, _ = two
    ev = store.events(a)[2]
    store.delete_event(ev.id, reviewer="ana")
    assert _agrees(store)[a]["pending"] == 2
    s, e = _line(3)
    store.add_event(a, Event(type="airstrike", start=s, end=e, evidence=TEXT[s:e], date="2023-03-15",
                             status="accepted"), reviewer="ana")
    assert _agrees(store)[a] == {"pending": 2, "accepted": 1, "rejected": 0}


def test_re_extraction_replaces_untouched_candidates_and_keeps_decided_ones(two):
    store, a, _ = two
    first = store.events(a)[0]
    store.accept_event(first.id, reviewer="ana")
    store.replace_candidates(a, _extraction(1), reviewer="ana")  # the accepted convoy stays, the rest go
    assert _agrees(store)[a] == {"pending": 0, "accepted": 1, "rejected": 0}
    store.replace_candidates(a, _extraction(3), reviewer="ana")
    assert _agrees(store)[a] == {"pending": 2, "accepted": 1, "rejected": 0}


def test_deleting_a_report_removes_its_row(two):
    store, a, b = two
    store.delete_document(a, reviewer="ana")
    assert set(_agrees(store)) == {b}
    assert store.db.execute("SELECT COUNT(*) FROM document_counts WHERE document_id = ?", [a]).fetchone()[0] == 0


def test_the_status_filters_read_the_counts(two):
    store, a, b = two
    store.accept_all_pending(b, reviewer="ana")
    assert [d.id for d in store.documents(status="done")] == [b]
    assert [d.id for d in store.documents(status="pending")] == [a]
    assert store.count_documents(status="done") == 1 == store.count_documents(status="accepted")
    assert store.count_documents(status="rejected") == 0
    assert store.document(b).counts == {"pending": 0, "accepted": 2, "rejected": 0}


def test_counts_survive_reopening_the_file(two, db_path):
    store, a, _ = two
    store.reject_event(store.events(a)[0].id, reviewer="ana")
    expected = _agrees(store)
    store.close()
    again = Store(db_path)
    try:
        assert _agrees(again) == expected
    finally:
        again.close()
