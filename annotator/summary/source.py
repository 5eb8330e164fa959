"""Reading what a summary needs from the store: the period's documents with all their events and stated totals."""
from __future__ import annotations

from ..store import Store
from .build import SummaryInput
from .period import PeriodSpec, resolve_period


def load_summary_input(store: Store, period: str | PeriodSpec) -> SummaryInput:
    spec = resolve_period(store, period) if isinstance(period, str) else period
    if spec.document_ids is not None:
        documents = store.documents(ids=spec.document_ids)
    else:
        documents = store.documents_in_period(spec.start, spec.end)
    ids = [d.id for d in documents]
    # All statuses: pending candidates are counted and listed, and a report's checks need its whole window.
    events = [e for doc_id in ids for e in store.events(doc_id)]
    facts = [f for doc_id in ids for f in store.facts(doc_id)]
    return SummaryInput(spec, documents, events, facts)
