"""Reading what a summary needs from the store: the period's reports, their accepted events and stated totals
whole, and their pending and rejected ones as counts with the first few pending listed (annotator.store.scoped).

Measured with `annotator benchmark --scale`: reading every candidate of a year's reports to count them took 8.8 s
at 10,000 reports and 73 s at 100,000; the summary's own work is its accepted objects and the items it lists.
"""
from __future__ import annotations

from ..store import Store
from ..store.scoped import Scope
from .build import PENDING_ITEMS, SummaryInput, Tallies
from .period import PeriodSpec, resolve_period


def load_summary_input(store: Store, period: str | PeriodSpec) -> SummaryInput:
    spec = resolve_period(store, period) if isinstance(period, str) else period
    scope = (Scope.of_ids(spec.document_ids) if spec.document_ids is not None
             else Scope.of_period(spec.start, spec.end))
    documents = store.documents_in_scope(scope)
    accepted = store.events_in_scope(scope, "accepted")
    pending = store.first_events_in_window(scope, "pending", spec.start, spec.end, PENDING_ITEMS)
    facts = store.facts_in_scope(scope, "accepted")
    facts += store.facts_in_scope(scope, "pending", limit=max(0, PENDING_ITEMS - len(pending)))
    in_window = store.event_tallies(scope, spec.start, spec.end)
    tallies = Tallies(in_window,
                      pending_events=(sum(c.get("pending", 0) for c in in_window.values())
                                      + store.count_undated_events(scope, "pending")),
                      pending_facts=store.count_facts_in_scope(scope, "pending"))
    return SummaryInput(spec, documents, accepted + pending, facts, tallies)
