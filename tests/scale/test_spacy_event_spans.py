"""The spaCy export reads events as EventSpans (selection.py, READS "event_spans"): the same events, in the same
order, with the same id, type, span and arguments' roles and spans as the whole Events other formats read."""
import pytest

from annotator.export.selection import EventSpan, load_documents
from annotator.store import Store

from .conftest import build


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("spans") / "spans.db", 12)


@pytest.mark.parametrize("status", ["all", "pending", "accepted"])
def test_event_spans_are_the_events_fields(db, status):
    with Store(db) as store:
        ids = store.all_document_ids()
        full = list(load_documents(store, ids, status, facts=False))
        spans = list(load_documents(store, ids, status, facts=False, spans_only=True))
    assert [ed.document.id for ed in spans] == [ed.document.id for ed in full]
    pairs = [(s, e) for a, b in zip(spans, full) for s, e in zip(a.events, b.events, strict=True)]
    assert all(isinstance(s, EventSpan) for s, _ in pairs)
    assert [(s.id, s.document_id, s.type, s.start, s.end, s.date, [tuple(a) for a in s.arguments])
            for s, _ in pairs] == \
        [(e.id, e.document_id, e.type, e.start, e.end, e.date, [(a.role, a.start, a.end) for a in e.arguments])
         for _, e in pairs]
    if status != "accepted":
        assert any(s.arguments for s, _ in pairs)
