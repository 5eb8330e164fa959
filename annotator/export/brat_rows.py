"""The BRAT export's reader: each selected report with the columns its .ann shows, as the database's own tuples.

    for report in read_reports(store, ids, "all"):   # the reports load_documents keeps, in the same order
        report.document.title, report.text, report.events, report.facts

load_documents builds whole Events (~35 fields, arguments with their texts, values and qualifiers), Facts and a
StoredDocument with its review counts: 4.7-5.4 s CPU for the 10,000-report benchmark database, two fifths of
the whole BRAT export. The .ann needs a third of those columns, read here with five queries a report and kept as the
rows sqlite3 returns: 2.3-2.6 s. Reading blocks of 4 to 64 reports a query was no faster (2.3-3.3 s, slower as
blocks grow) and holds more at a time, so a report is read when it is written, as load_documents does.
An event row is its document_id, EVENT_COLUMNS (actor lists as their JSON text, a count's qualifier as Count
gives it), then its trigger span (its first trigger argument by offset, None without one) and its other
arguments as (event_id, start, end, role) by offset. tests/export/test_brat_rows.py compares the rows with
Store.events and Store.facts (report_of in brat.py).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ..domain import COUNT_FIELDS
from ..store import Store
from ..store.errors import NotFound
from .selection import check_status

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
_TRIGGERS = _ARGUMENTS.replace(", a.role", "")


def read_reports(store: Store, document_ids: list[int], status: str) -> Iterator[Report]:
    """Each selected report with its matching events and totals, in the order of document_ids; as load_documents,
    a report with nothing matching is left out unless status is "all"."""
    check_status(status)
    wanted = None if status == "all" else status
    db = store.db.conn  # the sqlite3 connection itself: sqlite-utils' execute wrapper costs per call
    where = "document_id = ? AND status = ?" if wanted else "document_id = ?"
    e_where = "e." + where.replace(" AND ", " AND e.")
    events_sql = f'{_EVENTS} WHERE {where} ORDER BY document_id, start, "end", id'
    facts_sql = f"{_FACTS} WHERE {where} ORDER BY document_id, start, id"
    triggers_sql = f"{_TRIGGERS} WHERE {e_where} AND a.role = 'trigger' ORDER BY a.start, a.id"
    args_sql = f"{_ARGUMENTS} WHERE {e_where} AND a.role <> 'trigger' ORDER BY a.start, a.id"
    for doc_id in document_ids:
        params = (doc_id, wanted) if wanted else (doc_id,)
        events = db.execute(events_sql, params).fetchall()
        facts = db.execute(facts_sql, params).fetchall()
        if wanted and not events and not facts:
            continue
        doc = db.execute("SELECT key, title, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if doc is None:
            raise NotFound(f"document {doc_id} not found in {store.path}")
        if events:
            triggers: dict[int, tuple[int, int]] = {}
            for event_id, start, end in db.execute(triggers_sql, params):
                if event_id not in triggers:  # the first by offset, as spans.trigger_span takes it
                    triggers[event_id] = (start, end)
            args: dict[int, list[tuple]] = {}
            for row in db.execute(args_sql, params):
                found = args.get(row[0])
                if found is None:
                    args[row[0]] = [row]
                else:
                    found.append(row)
            events = [r + (triggers.get(r[1]), args.get(r[1], [])) for r in events]
        yield Report(ReportDocument(doc_id, doc[0], doc[1]), doc[2], events, facts)
