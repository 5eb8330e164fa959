"""The BRAT export's reader: each selected report with the columns its .ann shows, as plain tuples.

    for report in read_reports(store, ids, "all"):   # the reports load_documents keeps, in the same order
        report.document.title, report.text, report.events, report.facts

load_documents builds whole Events (~35 fields, arguments with their texts, values and qualifiers), Facts and a
StoredDocument with its review counts: 4.2 s CPU for the 10,000-report benchmark database, two fifths of the
whole BRAT export. The .ann needs a third of that, read here for BLOCK reports at a time (one query for their
texts, one for their events, one for their arguments, one for their totals, not four a report): 1.8 s.
Rows are what the store's objects hold (tests/export/test_brat_rows.py compares them with Store.events and
Store.facts): an event is EVENT_COLUMNS, then its arguments as (start, end, role) in text order, trigger included;
actor lists are parsed from their JSON.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..domain import COUNT_FIELDS
from ..store import Store
from ..store.errors import NotFound
from .selection import check_status

BLOCK = 64  # reports a query reads: ~0.5 MB of text, and the per-statement cost spread over 64 reports

EVENT_COLUMNS = ("id", "type", "start", "end", "date", "location", "location_name", "actors", "actors_canonical",
                 *[c for k in COUNT_FIELDS for c in (k, f"{k}_q")],
                 "direction", "note", "origin", "status", "reject_reason", "reviewer")
FACT_COLUMNS = ("id", "kind", "value", "start", "end", "status", "origin")
_ACTORS = EVENT_COLUMNS.index("actors")


class ReportDocument(NamedTuple):
    id: int
    key: str
    title: str


class Report(NamedTuple):
    """One report as the BRAT export reads it (the fields of ExportDocument it uses)."""
    document: ReportDocument
    text: str
    events: list[tuple]  # EVENT_COLUMNS + (arguments,), arguments as (start, end, role) by (start, id)
    facts: list[tuple]  # FACT_COLUMNS, value parsed from its JSON


def _sql_columns(names: tuple[str, ...]) -> str:
    """The columns, with a count's qualifier as Count gives it: "exact" when unset, None without a count."""
    return ", ".join(f'CASE WHEN "{n[:-2]}" IS NOT NULL THEN COALESCE(NULLIF("{n}", \'\'), \'exact\') END'
                     if n.endswith("_q") else f'"{n}"' for n in names)


def read_reports(store: Store, document_ids: list[int], status: str) -> Iterator[Report]:
    """Each selected report with its matching events and totals, in the order of document_ids; as load_documents,
    a report with nothing matching is left out unless status is "all"."""
    check_status(status)
    wanted = None if status == "all" else status
    db = store.db.conn  # the sqlite3 connection itself: sqlite-utils' execute wrapper costs per call
    lists: dict[str, list] = {}  # actor lists repeat ('["International Coalition"]'): each JSON text parsed once
    values: dict[str, Any] = {}
    for b in range(0, len(document_ids), BLOCK):
        ids = document_ids[b:b + BLOCK]
        marks = ",".join("?" * len(ids))
        where, params = f"document_id IN ({marks})", list(ids)
        if wanted:
            where, params = f"{where} AND status = ?", params + [wanted]
        docs = {r[0]: r for r in db.execute(f"SELECT id, key, title, text FROM documents WHERE id IN ({marks})", ids)}
        args: dict[int, list[tuple[int, int, str]]] = {}
        for event_id, *arg in db.execute(
                'SELECT a.event_id, a.start, a."end", a.role FROM event_arguments a JOIN events e ON e.id = a.event_id '
                f'WHERE e.{where.replace(" AND ", " AND e.")} ORDER BY a.start, a.id', params):
            found = args.get(event_id)
            if found is None:
                args[event_id] = [tuple(arg)]
            else:
                found.append(tuple(arg))
        events: dict[int, list[tuple]] = {}
        for doc_id, *row in db.execute(
                f"SELECT document_id, {_sql_columns(EVENT_COLUMNS)} FROM events WHERE {where} "
                'ORDER BY document_id, start, "end", id', params):
            row[_ACTORS] = _list(lists, row[_ACTORS])
            row[_ACTORS + 1] = _list(lists, row[_ACTORS + 1])
            row.append(args.get(row[0], []))
            found = events.get(doc_id)
            if found is None:
                events[doc_id] = [tuple(row)]
            else:
                found.append(tuple(row))
        facts: dict[int, list[tuple]] = {}
        for doc_id, *row in db.execute(f"SELECT document_id, {_sql_columns(FACT_COLUMNS)} FROM facts WHERE {where} "
                                       "ORDER BY document_id, start, id", params):
            v = row[2]
            parsed = values.get(v, values)
            if parsed is values:
                parsed = values[v] = json.loads(v)
                if len(values) > 4096:
                    values.clear()
            row[2] = parsed
            facts.setdefault(doc_id, []).append(tuple(row))
        for doc_id in ids:
            doc = docs.get(doc_id)
            if doc is None:
                raise NotFound(f"document {doc_id} not found in {store.path}")
            evs, fs = events.get(doc_id, []), facts.get(doc_id, [])
            if wanted and not evs and not fs:
                continue
            yield Report(ReportDocument(doc[0], doc[1], doc[2]), doc[3], evs, fs)


def _list(cache: dict[str, list], value: str | None) -> list:
    if not value or value == "[]":
        return []
    parsed = cache.get(value)
    if parsed is None:
        if len(cache) > 4096:
            cache.clear()
        parsed = cache[value] = json.loads(value)
    return parsed  # shared between events: the renderer only reads it
