"""What an export covers: documents (by id/key, by period) and the review statuses of their events and totals."""
from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from pathlib import Path

from ..domain import Event, Fact
from ..store import NotFound, Store, StoredDocument

STATUS_FILTERS = ("accepted", "pending", "rejected", "all")
ANSWERS = {"accepted": "accept", "rejected": "reject", "pending": "ignore"}  # Prodigy's words for our statuses
STATUS_OF_ANSWER = {v: k for k, v in ANSWERS.items()}


@dataclass
class ExportDocument:
    """One report with its text and the events and stated totals that pass the status filter."""
    document: StoredDocument
    events: list[Event]  # EventSpans where the writer reads only those (spans_only)
    facts: list[Fact]
    tokens: tuple[str, int, bytes] | None = None  # its stored tokens row, when asked for (tokens.tokens_for)

    @property
    def text(self) -> str:
        return self.document.text


class ArgumentSpan(NamedTuple):
    """What the spaCy export reads of an argument: its role and span (not its text, value or qualifier)."""
    role: str
    start: int
    end: int


@dataclass(slots=True)
class EventSpan:
    """What the spaCy export reads of an event (READS "event_spans"): its id, type, span and arguments, read
    without the event's other ~30 columns (building whole Events was a quarter of a 10,000-report export)."""
    id: int
    document_id: int
    type: str
    start: int
    end: int
    arguments: list[ArgumentSpan]
    date: str | None = None  # the event's date (the CoNLL export names it when it leaves the event out)


@dataclass
class ExportResult:
    format: str
    paths: list[Path] = field(default_factory=list)
    documents: int = 0
    events: int = 0
    facts: int = 0
    skipped: list[str] = field(default_factory=list)  # one line per item left out or placed differently, and why
    cancelled: bool = False

    def summary(self) -> str:
        facts = f", {self.facts} stated totals" if self.facts else ""
        if len(self.paths) > 3:
            where = f"{len(self.paths)} files in {self.paths[0].parent}"
        else:
            where = ", ".join(str(p) for p in self.paths) or "nothing written"
        text = f"{self.format}: {self.documents} documents, {self.events} events{facts} -> {where}"
        if self.skipped:
            text += f" ({len(self.skipped)} {'note' if len(self.skipped) == 1 else 'notes'}: items left out or placed differently)"
        return text + (" (cancelled)" if self.cancelled else "")


def check_status(status: str) -> str:
    if status not in STATUS_FILTERS:
        raise ValueError(f"unknown status {status!r}; choose one of {', '.join(STATUS_FILTERS)}")
    return status


def select_document_ids(store: Store, *, period: str | None = None,
                        documents: Iterable[str | int] | None = None) -> list[int]:
    """Document ids in period order; `documents` are ids or keys, `period` anything `annotator summary` takes."""
    ids: list[int] | None = None
    if documents:
        ids = [store.find_document(ref).id for ref in documents]
    if period:
        from ..summary.period import resolve_period

        spec = resolve_period(store, period)
        # Selected in SQL (Store.document_ids_in_period), not by loading every report and filtering in Python.
        in_period = spec.document_ids if spec.document_ids is not None else \
            store.document_ids_in_period(spec.start, spec.end)
        if ids is None:
            return in_period if spec.document_ids is None else [d.id for d in store.documents(ids=in_period)]
        keep = set(in_period)
        ids = [i for i in ids if i in keep]
    if ids is None:
        return store.all_document_ids()
    return [d.id for d in store.documents(ids=ids)]


# Reports are read BLOCK_IDS at a time: one query each for the block's events, arguments, totals, documents and
# stored tokens (`document_id IN (...)`, each an index search: tests/scale/test_query_plans.py), not four or five
# per report. Measured (instructions under callgrind, the JSONL export of the 237 reports of 2022-01 of a
# 10,000-report database): 1.9 % fewer than a report at a time (BLOCK_IDS = 1); the ACLED CSV export, which
# reads no arguments or totals, the same (+-0.4 %). In CPU seconds the difference is below this machine's noise;
# it is kept for the ~4,000 fewer statements (each takes and drops SQLite's shared lock: fcntl, a pread, a stat).
BLOCK_IDS = 16
# Whole Events (~35 fields each, ~20 a report) are read 4 reports at a time: 16 reports' Events held at once
# before the writer takes them cost more CPU in the ACLED CSV export of everything than they saved (events/s by
# CPU, 2 runs each: blocks of 1 29.9k/27.5k, of 4 31.7k/28.2k, of 16 29.5k/25.6k; noisy, but never better).
EVENT_BLOCK_IDS = 4


def load_documents(store: Store, document_ids: list[int], status: str, *, arguments: bool = True,
                   facts: bool = True, tokens: bool = False, spans_only: bool = False,
                   roles: tuple[str, ...] | None = None, frames: bool = False) -> Iterator[ExportDocument]:
    """Each selected document with its matching events and totals; documents with nothing matching are left out
    (with "all", every selected document is kept, so that unannotated reports export too). A writer that never
    reads events' arguments or the totals passes arguments=False / facts=False: those rows are then not read
    (totals are still asked for when they decide whether a report is kept, so the same reports are written).
    tokens=True also reads each report's stored tokens row (store/doc_tokens.py), for the formats that tokenise;
    spans_only=True reads each event as an EventSpan, with only the arguments of these `roles` when given
    (READS "carrier_arguments": spans.CARRIER_ROLES); frames=True each event and total as the JSONL export's
    EventFrame / FactFrame (export/jsonl_frames.py). Read BLOCK_IDS reports at a time (one query per kind of
    row for the block), yielded one by one in the order of document_ids."""
    from ..store import doc_tokens

    check_status(status)
    wanted = None if status == "all" else status
    rows = _EventRows(store)
    if frames:
        from .jsonl_frames import FrameRows

        frame_rows = FrameRows(rows.db)
    size = BLOCK_IDS if frames or spans_only else EVENT_BLOCK_IDS
    for at in range(0, len(document_ids), size):
        block = document_ids[at:at + size]
        unique = list(dict.fromkeys(block))
        if frames:
            events = frame_rows.events_of(unique, wanted)
        elif spans_only:
            events = rows.spans_of(unique, wanted, roles)
        else:
            events = rows.events_of(unique, wanted, arguments)
        # The totals are read when written, or when they alone can keep a report (a status filter, no events).
        asked = unique if facts else [d for d in unique if d not in events] if wanted else []
        if not asked:
            facts_ = {}
        elif frames:
            facts_ = frame_rows.facts_of(asked, wanted)
        else:
            facts_ = rows.facts_of(asked, wanted)
        kept = [d for d in block if not wanted or d in events or d in facts_]
        if not kept:
            continue
        needed = list(dict.fromkeys(kept))
        documents = rows.documents_of(needed)
        stored = doc_tokens.load_many(rows.db, needed) if tokens else {}
        for doc_id in kept:
            document = documents.get(doc_id)
            if document is None:
                raise NotFound(f"document {doc_id} not found in {store.path}")
            yield ExportDocument(document, events.get(doc_id, []), facts_.get(doc_id, []) if facts else [],
                                 stored.get(doc_id) if tokens else None)


def _in(column: str, ids: list[int]) -> str:
    """`column = ?` for one id, `column IN (?, ...)` for several (the same index search either way)."""
    return f"{column} = ?" if len(ids) == 1 else f"{column} IN ({', '.join('?' * len(ids))})"


def _where(ids: list[int], status: str | None) -> tuple[str, list]:
    """The WHERE of a block's events or totals: its reports, and the status when one is asked for."""
    where, params = _in("document_id", ids), list(ids)
    if status:
        where, params = where + " AND status = ?", params + [status]
    return where, params


def _grouped_by(items: list, attribute: str) -> dict[int, list]:
    """Items (in their reading order) grouped by the report they belong to, each group in that order."""
    return grouped_pairs((getattr(item, attribute), item) for item in items)


def grouped_pairs(pairs: Iterable[tuple[int, Any]]) -> dict[int, list]:
    """(report id, item) pairs in reading order -> report id: its items in that order."""
    out: dict[int, list] = {}
    for key, item in pairs:
        found = out.get(key)
        if found is None:
            out[key] = [item]
        else:
            found.append(item)
    return out


# Events are read in (report, start, end, id) order. SQLite gives (report, start) from idx_events_document without
# sorting; the rest is put in order here: Python's sort of rows already (nearly) in order costs ~0.2 us a row, the
# sorter SQLite adds for `ORDER BY document_id, start, "end", id` ~1 us (SELECT * of the 24,250 events of the
# 1,000 reports of 2022-01..2022-06 of a 10,000-report database, blocks of 16 reports: 113 against 90 ms CPU).
_SPAN_ORDER = operator.itemgetter(1, 3, 4, 0)  # an EventSpan row's report, start, end, id


class _EventRows:
    """A report's events as Store.events(doc_id, status=..., arguments=...) gives them (the same objects, in the
    same order; tests/export/test_fast_writers.py compares them), read for an export's thousands of reports
    without a dict per row: its arguments in one query joined on the report, each row converted by column
    position. Half the reading time of a 10,000-report export (0.6 against 1.2 ms a report, CPU)."""

    def __init__(self, store: Store) -> None:
        from ..domain import COUNT_FIELDS
        from ..store.rows import EVENT_LISTS, EVENT_SCALARS

        self.db = store.db.conn  # the sqlite3 connection itself: sqlite-utils' execute wrapper costs per call
        # Actor, canonical-actor and target lists repeat across events ('["International Coalition"]'): each
        # distinct JSON text is parsed once (json.loads was a seventh of the reading time, cProfile).
        self.parsed_lists: dict[str, list] = {}
        # The columns read, in this order: the scalars first, so that a row's first len(EVENT_SCALARS) values zip
        # with their names (dict(zip(...)) builds an event's fields in C: ~1 us an event less than a comprehension).
        self.scalar_names = EVENT_SCALARS
        columns = [*EVENT_SCALARS, "in_period", *EVENT_LISTS, *[c for k in COUNT_FIELDS for c in (k, f"{k}_q")],
                   "id", "document_id", "version"]
        cols = {k: i for i, k in enumerate(columns)}
        self.columns = ", ".join(f'"{k}"' for k in columns)
        self.scalars = [(k, cols[k]) for k in EVENT_SCALARS]
        self.lists = [(k, cols[k]) for k in EVENT_LISTS]
        self.counts = [(k, cols[k], cols[f"{k}_q"]) for k in COUNT_FIELDS]
        self.id, self.document_id, self.version, self.in_period = (
            cols["id"], cols["document_id"], cols["version"], cols["in_period"])
        self.reading_order = operator.itemgetter(cols["document_id"], cols["start"], cols["end"], cols["id"])
        from dataclasses import fields

        covered = {k for k, _ in self.scalars + self.lists} | {"in_period", "counts", "arguments", "id",
                                                                 "document_id", "version"}
        assert covered == {f.name for f in fields(Event)}, "a new Event field must be read here"

    def events_of(self, ids: list[int], status: str | None, arguments: bool) -> dict[int, list[Event]]:
        """Report id -> its events, for the reports `ids` (those with none left out)."""
        import json

        from ..domain import Count

        where, params = _where(ids, status)
        rows = self.db.execute(f"SELECT {self.columns} FROM events WHERE {where} ORDER BY document_id, start",
                               params).fetchall()
        rows.sort(key=self.reading_order)  # ties in start by end, then id (see _SPAN_ORDER)
        args = self._arguments(where, params) if rows and arguments else {}
        out = []
        parsed_lists, new, names = self.parsed_lists, object.__new__, self.scalar_names
        for r in rows:
            kw = dict(zip(names, r))  # the scalars: the row's first columns
            v = r[self.in_period]
            kw["in_period"] = None if v is None else bool(v)
            for k, i in self.lists:
                v = r[i]
                if not v or v == "[]":
                    kw[k] = []
                    continue
                parsed = parsed_lists.get(v)
                if parsed is None:
                    if len(parsed_lists) > 4096:
                        parsed_lists.clear()
                    parsed = parsed_lists[v] = json.loads(v)
                kw[k] = parsed.copy()  # each event its own list, as json.loads gives it
            kw["counts"] = {k: Count(r[i], r[q] or "exact") for k, i, q in self.counts if r[i] is not None}
            kw["arguments"] = args.get(r[self.id], [])
            kw["id"], kw["document_id"], kw["version"] = r[self.id], r[self.document_id], r[self.version]
            # Every field is in kw, so this is the object Event(**kw) makes, without its generated __init__ taking
            # ~33 keyword arguments: 4.6 against 0.6 us an event (timeit), a fifth of reading a report.
            ev = new(Event)
            ev.__dict__.update(kw)
            out.append(ev)
        return _grouped_by(out, "document_id")

    def spans_of(self, ids: list[int], status: str | None, roles: tuple[str, ...] | None = None
                 ) -> dict[int, list[EventSpan]]:
        """events_of(ids, status, arguments=True) as EventSpans, in the same order; with `roles`, only the
        arguments of those roles (the CoNLL export reads the trigger and date of ~4.4 arguments an event)."""
        where, params = _where(ids, status)
        rows = self.db.execute(f'SELECT id, document_id, type, start, "end", date FROM events WHERE {where} '
                               "ORDER BY document_id, start", params).fetchall()
        rows.sort(key=_SPAN_ORDER)
        args: dict[int, list[ArgumentSpan]] = {}
        if rows:
            make = ArgumentSpan._make
            only = f" AND a.role IN ({', '.join('?' * len(roles))})" if roles else ""
            for a in self.db.execute(
                    'SELECT a.event_id, a.role, a.start, a."end" FROM event_arguments a '
                    f'JOIN events e ON e.id = a.event_id WHERE e.{where.replace(" AND ", " AND e.")}{only} '
                    "ORDER BY a.start, a.id", params + list(roles or ())):
                found = args.get(a[0])
                if found is None:
                    found = args[a[0]] = []
                found.append(make(a[1:]))
        return _grouped_by([EventSpan(i, d, t, a, b, args.get(i, []), date) for i, d, t, a, b, date in rows],
                           "document_id")

    def facts_of(self, ids: list[int], status: str | None) -> dict[int, list[Fact]]:
        """Report id -> its totals as Store.facts(report, status=status) gives them."""
        from ..store.rows import fact_from_row

        where, params = _where(ids, status)
        cur = self.db.execute(f"SELECT * FROM facts WHERE {where} ORDER BY document_id, start, id", params)
        cols = [c[0] for c in cur.description]
        return _grouped_by([fact_from_row(dict(zip(cols, r))) for r in cur.fetchall()], "document_id")

    def documents_of(self, ids: list[int]) -> dict[int, StoredDocument]:
        """Report id -> the report as Store.document(id) gives it (its event counts with it)."""
        from ..store.rows import document_from_row

        cur = self.db.execute(
            "SELECT d.*, c.pending AS pending, c.accepted AS accepted, c.rejected AS rejected FROM documents d "
            f"LEFT JOIN document_counts c ON c.document_id = d.id WHERE {_in('d.id', ids)}", ids)
        cols = [c[0] for c in cur.description]
        return {r[0]: document_from_row(dict(zip(cols, r))) for r in cur.fetchall()}

    def _arguments(self, where: str, params: list) -> dict[int, list]:
        from ..domain import Argument

        args: dict[int, list[Argument]] = {}
        for a in self.db.execute(
                'SELECT a.event_id, a.role, a.start, a."end", a.text, a.value, a.qualifier FROM event_arguments a '
                f'JOIN events e ON e.id = a.event_id WHERE e.{where.replace(" AND ", " AND e.")} '
                "ORDER BY a.start, a.id", params):
            args.setdefault(a[0], []).append(Argument(a[1], a[2], a[3], a[4], a[5], a[6]))
        return args


def slug(text: str, fallback: str) -> str:
    """A file name stem that is safe on every platform."""
    import re

    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:80]
    return s or fallback
