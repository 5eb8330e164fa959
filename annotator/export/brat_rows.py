"""The BRAT export's reader: each selected report with the columns its .ann shows, as the database's own tuples.

    for report in read_reports(store, ids, "all"):   # the reports load_documents keeps, in the same order
        report.document.title, report.text, report.events, report.facts

load_documents builds whole Events (~35 fields, arguments with their texts, values and qualifiers), Facts and a
StoredDocument with its review counts: 4.2 s CPU for the 10,000-report benchmark database, two fifths of the
whole BRAT export. The .ann needs a third of those columns, read here for BLOCK reports at a time (a query for
their texts, their events, their events' first triggers, their other arguments and their totals; not four
queries a report) and kept as the rows sqlite3 returns: 1.8 s.
An event row is its document_id, EVENT_COLUMNS (actor lists as their JSON text, a count's qualifier as Count
gives it), then its trigger span (its first trigger argument by offset, None without one) and its other
arguments as (event_id, start, end, role) by offset. tests/export/test_brat_rows.py compares the rows with
Store.events and Store.facts (report_of in brat.py).
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from ..domain import COUNT_FIELDS
from ..store import Store
from ..store.errors import NotFound
from .selection import check_status

BLOCK = 64  # reports a query reads: ~0.5 MB of text, and the per-statement cost spread over 64 reports

EVENT_COLUMNS = ("id", "type", "start", "end", "date", "location", "location_name", "actors", "actors_canonical",
                 *[c for k in COUNT_FIELDS for c in (k, f"{k}_q")],
                 "direction", "note", "origin", "status", "reject_reason", "reviewer")
FACT_COLUMNS = ("id", "kind", "value", "start", "end", "status", "origin")  # value: its JSON text


class ReportDocument(NamedTuple):
    id: int
    key: str
    title: str


class Report(NamedTuple):
    """One report as the BRAT export reads it (the fields of ExportDocument it uses)."""
    document: ReportDocument
    text: str
    events: list[tuple]  # (document_id, *EVENT_COLUMNS, trigger span or None, other arguments)
    facts: list[tuple]  # (document_id, *FACT_COLUMNS)


def _sql_columns(names: tuple[str, ...]) -> str:
    """The columns, with a count's qualifier as Count gives it: "exact" when unset, None without a count."""
    return ", ".join(f'CASE WHEN "{n[:-2]}" IS NOT NULL THEN COALESCE(NULLIF("{n}", \'\'), \'exact\') END'
                     if n.endswith("_q") else f'"{n}"' for n in names)


_EVENTS = f"SELECT document_id, {_sql_columns(EVENT_COLUMNS)} FROM events"
_FACTS = f"SELECT document_id, {_sql_columns(FACT_COLUMNS)} FROM facts"
_ARGUMENTS = 'SELECT a.event_id, a.start, a."end", a.role FROM event_arguments a JOIN events e ON e.id = a.event_id'


def read_reports(store: Store, document_ids: list[int], status: str) -> Iterator[Report]:
    """Each selected report with its matching events and totals, in the order of document_ids; as load_documents,
    a report with nothing matching is left out unless status is "all"."""
    check_status(status)
    wanted = None if status == "all" else status
    db = store.db.conn  # the sqlite3 connection itself: sqlite-utils' execute wrapper costs per call
    by_document = itemgetter(0)
    for b in range(0, len(document_ids), BLOCK):
        ids = document_ids[b:b + BLOCK]
        marks = ",".join("?" * len(ids))
        where, params = f"document_id IN ({marks})", list(ids)
        if wanted:
            where, params = f"{where} AND status = ?", params + [wanted]
        e_where = "e." + where.replace(" AND ", " AND e.")
        docs = {r[0]: r for r in db.execute(f"SELECT id, key, title, text FROM documents WHERE id IN ({marks})", ids)}
        triggers: dict[int, tuple[int, int]] = {}
        for event_id, start, end in db.execute(f"{_ARGUMENTS.replace(', a.role', '')} WHERE {e_where} "
                                               "AND a.role = 'trigger' ORDER BY a.start, a.id", params):
            if event_id not in triggers:  # the first by offset, as spans.trigger_span takes it
                triggers[event_id] = (start, end)
        args: dict[int, list[tuple]] = {}
        for row in db.execute(f"{_ARGUMENTS} WHERE {e_where} AND a.role <> 'trigger' ORDER BY a.start, a.id",
                              params):
            found = args.get(row[0])
            if found is None:
                args[row[0]] = [row]
            else:
                found.append(row)
        # Ordered by report, so each report's rows are one run.
        events = {doc_id: [r + (triggers.get(r[1]), args.get(r[1], ())) for r in rows] for doc_id, rows in
                  groupby(db.execute(f'{_EVENTS} WHERE {where} ORDER BY document_id, start, "end", id', params),
                          by_document)}
        facts = {doc_id: list(rows) for doc_id, rows in
                 groupby(db.execute(f"{_FACTS} WHERE {where} ORDER BY document_id, start, id", params), by_document)}
        for doc_id in ids:
            doc = docs.get(doc_id)
            if doc is None:
                raise NotFound(f"document {doc_id} not found in {store.path}")
            evs, fs = events.get(doc_id, []), facts.get(doc_id, [])
            if wanted and not evs and not fs:
                continue
            yield Report(ReportDocument(doc[0], doc[1], doc[2]), doc[3], evs, fs)
