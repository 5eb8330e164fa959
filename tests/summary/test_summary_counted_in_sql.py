"""The summary counts pending and rejected candidates in SQL and reads only accepted objects and the first pending
ones whole (annotator.summary.source): its JSON must equal the one built from every event and stated total read
into Python, the way it was built before, on reviewed stores and on a generated one."""
from __future__ import annotations

import pytest

from annotator.summary import SummaryInput, build_summary, render, resolve_period, summarise
from annotator.summary import build as build_module

STAMP = "2024-10-01T00:00:00+00:00"


def _from_every_row(store, query):
    """The whole-read reference: every event and stated total of the period's reports, counted in Python."""
    spec = resolve_period(store, query)
    if spec.document_ids is not None:
        documents = store.documents(ids=spec.document_ids)
    else:
        documents = store.documents_in_period(spec.start, spec.end)
    events = [e for d in documents for e in store.events(d.id)]
    facts = [f for d in documents for f in store.facts(d.id)]
    return build_summary(SummaryInput(spec, documents, events, facts), generated_at=STAMP)


@pytest.mark.parametrize("query", ["fixture-coalition-120", "fixture-coalition-121", "2024-09", "2024-08",
                                   "2024-01-01..2024-12-31", "120th month", "2023-05"])
def test_sql_counts_give_the_same_summary_on_the_reviewed_sample(sample, query):
    store, _ = sample
    assert summarise(store, query, generated_at=STAMP) == _from_every_row(store, query)


def test_the_same_summary_on_a_generated_store_with_decisions(tmp_path, monkeypatch):
    from tests.scale.conftest import build

    from annotator.store import Store

    store = Store(build(tmp_path / "gen.db", 24))
    try:
        evs = store.events()
        for ev in evs[::3]:
            store.accept_event(ev.id, reviewer="ana")
        for ev in evs[1::5]:
            store.reject_event(ev.id, reviewer="ana")
        store.update_event(evs[4].id, {"date": None}, reviewer="ana")  # a pending one without a date
        store.update_event(evs[6].id, {"date": None}, reviewer="ana")  # an accepted one without a date
        months = sorted({e.date[:7] for e in store.events() if e.date})
        year = months[len(months) // 2][:4]
        # A small cap, so that the listed items are a cut of the pending ones, as in a large database.
        monkeypatch.setattr(build_module, "PENDING_ITEMS", 4)
        import annotator.summary.source as source

        monkeypatch.setattr(source, "PENDING_ITEMS", 4)
        for query in (months[0], months[len(months) // 2], f"{year}-01-01..{year}-12-31"):
            got = summarise(store, query, generated_at=STAMP)
            assert got == _from_every_row(store, query)
            assert len(got["pending"]["items"]) <= 4
        busy = summarise(store, f"{year}-01-01..{year}-12-31", generated_at=STAMP)
        assert busy["pending"]["events"] > len(busy["pending"]["items"]) == 4
        assert busy["timeline"] and busy["documents"]
        total = busy["pending"]["events"] + busy["pending"]["facts"]
        md = render(busy, "md").decode("utf-8")
        assert f"Pending candidates ({total:,}; the first 4 listed)" in md
        assert "(the first 4 pending listed below)" in md
    finally:
        store.close()
