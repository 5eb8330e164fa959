"""What an export covers: documents (by id/key, by period) and the review statuses of their events and totals."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from pathlib import Path

from ..domain import Event, Fact
from ..store import Store, StoredDocument

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


def load_documents(store: Store, document_ids: list[int], status: str, *, arguments: bool = True,
                   facts: bool = True, tokens: bool = False, spans_only: bool = False,
                   roles: tuple[str, ...] | None = None) -> Iterator[ExportDocument]:
    """Each selected document with its matching events and totals; documents with nothing matching are left out
    (with "all", every selected document is kept, so that unannotated reports export too). A writer that never
    reads events' arguments or the totals passes arguments=False / facts=False: those rows are then not read
    (totals are still asked for when they decide whether a report is kept, so the same reports are written).
    tokens=True also reads each report's stored tokens row (store/doc_tokens.py), for the formats that tokenise;
    spans_only=True reads each event as an EventSpan, with only the arguments of these `roles` when given
    (READS "carrier_arguments": spans.CARRIER_ROLES)."""
    from ..store import doc_tokens

    check_status(status)
    wanted = None if status == "all" else status
    rows = _EventRows(store)
    for doc_id in document_ids:
        events = rows.spans(doc_id, wanted, roles) if spans_only else rows.events(doc_id, wanted, arguments)
        facts_ = store.facts(doc_id, status=wanted) if facts or (wanted and not events) else []
        if wanted and not events and not facts_:
            continue
        yield ExportDocument(store.document(doc_id), events, facts_ if facts else [],
                             doc_tokens.load(rows.db, doc_id) if tokens else None)


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
        cols = {c[0]: i for i, c in enumerate(self.db.execute("SELECT * FROM events LIMIT 0").description)}
        self.scalars = [(k, cols[k]) for k in EVENT_SCALARS]
        self.lists = [(k, cols[k]) for k in EVENT_LISTS]
        self.counts = [(k, cols[k], cols[f"{k}_q"]) for k in COUNT_FIELDS]
        self.id, self.document_id, self.version, self.in_period = (
            cols["id"], cols["document_id"], cols["version"], cols["in_period"])
        from dataclasses import fields

        covered = {k for k, _ in self.scalars + self.lists} | {"in_period", "counts", "arguments", "id",
                                                                 "document_id", "version"}
        assert covered == {f.name for f in fields(Event)}, "a new Event field must be read here"

    def events(self, doc_id: int, status: str | None, arguments: bool) -> list[Event]:
        import json

        from ..domain import Count

        where, params = "document_id = ?", [doc_id]
        if status:
            where, params = where + " AND status = ?", params + [status]
        rows = self.db.execute(f'SELECT * FROM events WHERE {where} ORDER BY document_id, start, "end", id',
                               params).fetchall()
        args = self._arguments(where, params) if rows and arguments else {}
        out = []
        parsed_lists, new = self.parsed_lists, object.__new__
        for r in rows:
            kw = {k: r[i] for k, i in self.scalars}
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
        return out

    def spans(self, doc_id: int, status: str | None, roles: tuple[str, ...] | None = None) -> list[EventSpan]:
        """events(doc_id, status, arguments=True) as EventSpans, in the same order; with `roles`, only the
        arguments of those roles (the CoNLL export reads the trigger and date of ~4.4 arguments an event)."""
        where, params = "document_id = ?", [doc_id]
        if status:
            where, params = where + " AND status = ?", params + [status]
        rows = self.db.execute(f'SELECT id, document_id, type, start, "end", date FROM events WHERE {where} '
                               'ORDER BY document_id, start, "end", id', params).fetchall()
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
        return [EventSpan(i, d, t, a, b, args.get(i, []), date) for i, d, t, a, b, date in rows]

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
