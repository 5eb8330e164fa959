"""The CoNLL export reads events as EventSpans with only their carrier arguments (READS "carrier_arguments"): the
same events, with the trigger and date arguments of the whole Events, in the same order, so the same carriers."""
import pytest

from annotator.export.selection import load_documents
from annotator.export.spans import CARRIER_ROLES, event_spans
from annotator.store import Store

from .conftest import build


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("carriers") / "carriers.db", 12)


@pytest.mark.parametrize("status", ["all", "pending"])
def test_carrier_spans_are_the_events_trigger_and_date_arguments(db, status):
    with Store(db) as store:
        ids = store.all_document_ids()
        full = list(load_documents(store, ids, status, facts=False))
        spans = list(load_documents(store, ids, status, facts=False, spans_only=True, roles=CARRIER_ROLES))
    pairs = [(s, e) for a, b in zip(spans, full, strict=True) for s, e in zip(a.events, b.events, strict=True)]
    assert [(s.id, s.type, s.start, s.end, s.date, [tuple(a) for a in s.arguments]) for s, _ in pairs] == \
        [(e.id, e.type, e.start, e.end, e.date, [(a.role, a.start, a.end) for a in e.arguments
                                                 if a.role in CARRIER_ROLES]) for _, e in pairs]
    assert any(len(e.arguments) > len(s.arguments) for s, e in pairs)  # other roles were there, and left out
    for a, b in zip(spans, full):
        carriers, whole = event_spans(a.events), event_spans(b.events)
        assert [carriers[id(s)] for s in a.events] == [whole[id(e)] for e in b.events]
