"""The one way into the database: documents, candidate and reviewed events, stated totals, the decision log.

Every public method that changes anything runs in one transaction and appends at least one row to the
decision log in that same transaction, so the log and the data never disagree.
"""
from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..domain import COUNT_FIELDS, Count, DocumentIn, Event, Fact
from .connection import open_database, schema_version
from .errors import ConflictError, NotFound, StoreError, sqlite_problem
from .scoped import ScopedReads
from .rows import (
    StoredDocument, argument_to_row, document_from_row, event_from_row, event_from_snapshot, event_snapshot,
    event_to_row, fact_from_row, fact_snapshot, fact_to_row, now,
)

Listener = Callable[[str, int | None], None]  # (what changed: "documents" | "events" | "facts", document id)

_DOC_COLUMNS = (
    "id, key, title, source, source_kind, content_hash, published, published_source, series, month_number, "
    "period_start, period_end, words, meta, imported_at, extracted_at, pipeline_version"
)
# Each report's counts come from document_counts (migration 0006, kept by triggers), one row per report: counting
# its events per report (correlated COUNT(*) subqueries) made the whole list's counts 195 ms at 10,000 reports.
# Scalar subqueries rather than a join, so that the list keeps walking documents in idx_documents_list's order.
_COUNT_COLUMNS = ", ".join(
    f"(SELECT c.{s} FROM document_counts c WHERE c.document_id = d.id) AS {s}"
    for s in ("pending", "accepted", "rejected"))


DOCUMENT_ORDER = "COALESCE(d.period_start, d.published, ''), d.id"  # matches idx_documents_list (0006)
DOCUMENT_ORDER_DESC = "COALESCE(d.period_start, d.published, '') DESC, d.id DESC"


# count_documents(status=...) without a search: the count_totals column that holds it
_TOTALS_COLUMN = {None: "reports", "": "reports", "all": "reports", "pending": "with_pending",
                  "accepted": "with_accepted", "rejected": "with_rejected", "done": "reports - with_pending"}


def _has(status: str) -> str:
    return f"(SELECT c.{status} FROM document_counts c WHERE c.document_id = d.id) > 0"


SPREAD = 4  # a search page walks the list by chunks when a chunk's ids lie within this times their number


def _status_where(status: str | None) -> tuple[str, list]:
    """The report list's status filter as a condition on documents d (and its parameters)."""
    if status == "pending":
        return _has("pending"), []
    if status == "done":
        return "NOT " + _has("pending"), []
    if status in ("accepted", "rejected"):
        return _has(status), []
    if status not in (None, "", "all"):
        raise ValueError(f"unknown status filter {status!r}")
    return "", []


def _fts_query(words: str) -> str:
    """Quote each word so that user input is never parsed as FTS5 syntax; all words must occur."""
    tokens = re.findall(r"\w+", words)
    return " ".join(f'"{t}"' for t in tokens)


class Store(ScopedReads):
    def __init__(self, path: str | Path, *, init: bool = False, wal: bool = True):
        self.path = Path(path)
        self.db = open_database(self.path, init=init, wal=wal)
        self._insert_sql: dict[tuple[str, tuple[str, ...]], str] = {}
        self._listeners: list[Listener] = []
        self._pending_changes: list[tuple[str, int | None]] = []

    # -- plumbing ---------------------------------------------------------------------------------------------

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def subscribe(self, listener: Listener) -> None:
        """Called after each commit with what changed, so views refresh without polling."""
        self._listeners.append(listener)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE so a read-then-write never fails half way when another window writes meanwhile."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot write: {sqlite_problem(exc)}") from exc
        try:
            yield
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._pending_changes.clear()
            # A full disk or a read-only file surfaces here as a raw sqlite3 error: callers (the window, the
            # CLI) show StoreError's one line, so the mechanism is translated once, at the transaction.
            if isinstance(exc, sqlite3.OperationalError):
                raise StoreError(f"{self.path}: cannot write: {sqlite_problem(exc)}") from exc
            raise
        changes, self._pending_changes = self._pending_changes, []
        for what, doc_id in dict.fromkeys(changes):
            for listener in list(self._listeners):
                listener(what, doc_id)

    def _changed(self, what: str, document_id: int | None) -> None:
        self._pending_changes.append((what, document_id))

    def _log(self, reviewer: str, object_type: str, object_id: int | None, document_id: int | None,
             action: str, before: Any = None, after: Any = None) -> None:
        self.db.execute(
            "INSERT INTO decisions (at, reviewer, object_type, object_id, document_id, action, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [now(), reviewer or "unknown", object_type, object_id, document_id, action,
             None if before is None else json.dumps(before, ensure_ascii=False, default=str),
             None if after is None else json.dumps(after, ensure_ascii=False, default=str)],
        )

    def _rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cur = self.db.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def _select(self, table: str, document_id: int | None, status: str | None, ids: list[int] | None,
                order: str) -> list[dict[str, Any]]:
        """Rows of events or facts, filtered by report, status and ids."""
        where, params = [], []
        if document_id is not None:
            where.append("document_id = ?")
            params.append(document_id)
        if status:
            where.append("status = ?")
            params.append(status)
        if ids is not None:
            where.append(f"id IN ({','.join('?' * len(ids))})" if ids else "0")
            params += list(ids)
        sql = f"SELECT * FROM {table}" + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order}"
        return self._rows(sql, params)

    # -- documents --------------------------------------------------------------------------------------------

    def document_id_for_hash(self, content_hash: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE content_hash = ?", [content_hash]).fetchone()
        return row[0] if row else None

    def add_document(self, doc: DocumentIn, content_hash: str, *, reviewer: str,
                     extraction: Any = None, pipeline_version: str | None = None) -> tuple[int, bool]:
        """Store a report (and its candidates, when given) in one transaction.

        Returns (id, created); a report whose content hash is already stored is not written again.
        """
        with self.transaction():
            existing = self.document_id_for_hash(content_hash)
            if existing is not None:
                return existing, False
            row = {
                "key": doc.key, "title": doc.title, "text": doc.text, "source": doc.source,
                "source_kind": doc.source_kind, "content_hash": content_hash, "published": doc.published,
                "published_source": doc.published_source, "series": doc.series, "month_number": doc.month_number,
                "period_start": doc.period.start if doc.period else None,
                "period_end": doc.period.end if doc.period else None,
                "words": len(doc.text.split()), "meta": json.dumps(doc.meta, ensure_ascii=False, default=str),
                "imported_at": now(),
            }
            doc_id = self.db["documents"].insert(row).last_pk
            self._log(reviewer, "document", doc_id, doc_id, "import", None,
                      {k: row[k] for k in ("key", "title", "source", "content_hash", "period_start", "period_end")})
            if extraction is not None:
                self._store_candidates(doc_id, extraction, reviewer=reviewer, pipeline_version=pipeline_version,
                                       action="extract")
            self._changed("documents", doc_id)
            return doc_id, True

    def document(self, document_id: int) -> StoredDocument:
        rows = self._rows(f"SELECT d.*, {_COUNT_COLUMNS} FROM documents d WHERE d.id = ?", [document_id])
        if not rows:
            raise NotFound(f"document {document_id} not found in {self.path}")
        return document_from_row(rows[0])

    def find_document(self, ref: str | int) -> StoredDocument:
        """By numeric id, or by key (file stem / meta.id)."""
        if isinstance(ref, int) or str(ref).isdigit():
            try:
                return self.document(int(ref))
            except NotFound:
                pass
        row = self.db.execute("SELECT id FROM documents WHERE key = ? ORDER BY id LIMIT 1", [str(ref)]).fetchone()
        if not row:
            raise NotFound(f"no document with id or key {ref!r} in {self.path}")
        return self.document(row[0])

    def documents(self, *, search: str | None = None, status: str | None = None,
                  ids: list[int] | None = None, limit: int | None = None,
                  offset: int = 0) -> list[StoredDocument]:
        """Documents without their text, with pending/accepted/rejected event counts.

        status: "pending" (has pending candidates), "done" (none pending), "accepted"/"rejected" (has such events).
        limit/offset: one window of the list, in list order (the lazy report list fetches windows).
        """
        where, params = [], []
        if search and _fts_query(search):
            # A page of a word in many reports: _search_page, else the list's covering index walked in order with
            # each id tested against every match ("+" keeps SQLite from driving the query by the matches, which
            # read every matching report's wide row and sorted them: 77 ms for a word in most of 10,000 reports,
            # against 9 ms). A word in few reports (or the whole list, or named reports): by the matches, as a walk
            # would read the whole list's index for them (36 ms at 100,000 reports).
            walk = (limit is not None and ids is None
                    and self._fts_at_least(search, self._walk_threshold(int(limit) + int(offset))))
            if walk:
                page = self._search_page(search, status, int(limit), int(offset))
                if page is not None:
                    return self.documents(ids=page) if page else []
            probe = "+d.id" if walk else "d.id"
            where.append(f"{probe} IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            params.append(_fts_query(search))
        status_where, _ = _status_where(status)
        if status_where:
            where.append(status_where)
        if ids is not None:
            where.append(f"d.id IN ({','.join('?' * len(ids))})" if ids else "0")
            params += list(ids)
        sql = (f"SELECT {', '.join('d.' + c.strip() for c in _DOC_COLUMNS.split(','))}, "
               f"{_COUNT_COLUMNS} FROM documents d")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {DOCUMENT_ORDER}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [document_from_row(r) for r in self._rows(sql, params)]

    def document_headings(self, latest: int | None = None) -> list[StoredDocument]:
        """Every report (or the `latest` n, the end of the list) in list order with its key, title and dates only
        (no counts, no text): for pickers that name reports, where counting each report's events cost 0.3 s at
        10,000 reports."""
        cols = ", ".join("d." + c.strip() for c in _DOC_COLUMNS.split(","))
        if latest is None:
            rows = self._rows(f"SELECT {cols} FROM documents d ORDER BY {DOCUMENT_ORDER}")
        else:  # the list's covering index read backwards, n entries
            rows = self._rows(f"SELECT {cols} FROM documents d ORDER BY {DOCUMENT_ORDER_DESC} "
                              f"LIMIT {int(latest)}")[::-1]
        return [document_from_row(r) for r in rows]

    def document_months(self) -> list[str]:
        """Every YYYY-MM that some report's period start or end, or publication date, falls in, ascending.
        One index seek per month and column (the next value past the month found), not a read of every report:
        2 ms at 100,000 reports."""
        months: set[str] = set()
        for column in ("period_start", "period_end", "published"):  # each leads an index (0001, 0005)
            after = ""
            while True:
                value = self.db.execute(f"SELECT MIN({column}) FROM documents WHERE {column} >= ?",
                                        [after]).fetchone()[0]
                if value is None:
                    break
                months.add(value[:7])
                after = value[:7] + "~"  # "~" sorts after any day of the month
        return sorted(months)

    def document_counts(self) -> dict[int, dict[str, int]]:
        """{document id: pending/accepted/rejected} of every report, without the rest of each row."""
        cur = self.db.execute("SELECT document_id, pending, accepted, rejected FROM document_counts")
        return {r[0]: {"pending": r[1], "accepted": r[2], "rejected": r[3]} for r in cur.fetchall()}

    def count_totals(self) -> dict[str, int]:
        """pending/accepted/rejected summed over every report (the status bar's totals): count_totals' one row."""
        row = self.db.execute("SELECT pending, accepted, rejected FROM count_totals WHERE id = 1").fetchone()
        return {"pending": row[0], "accepted": row[1], "rejected": row[2]} if row else {
            "pending": 0, "accepted": 0, "rejected": 0}

    def count_documents(self, *, search: str | None = None, status: str | None = None) -> int:
        """How many reports documents() would list: the lazy report list sizes itself with this. A status filter
        alone reads count_totals' one row, a search alone the full-text index; both, document_counts (one narrow
        row per report, every report has one), never documents' wide rows."""
        if search and _fts_query(search) and status in (None, "", "all"):
            return self._fts_count(search)
        if not (search and _fts_query(search)) and status in _TOTALS_COLUMN:  # one row: count_totals
            row = self.db.execute(f"SELECT {_TOTALS_COLUMN[status]} FROM count_totals WHERE id = 1").fetchone()
            return row[0] if row else 0
        where, params = [], []
        if search and _fts_query(search):
            where.append("c.document_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            params.append(_fts_query(search))
        if status in ("pending", "accepted", "rejected"):
            where.append(f"c.{status} > 0")
        elif status == "done":
            where.append("c.pending = 0")
        elif status not in (None, "", "all"):
            raise ValueError(f"unknown status filter {status!r}")
        sql = "SELECT COUNT(*) FROM document_counts c" + (" WHERE " + " AND ".join(where) if where else "")
        return self.db.execute(sql, params).fetchone()[0]

    def _fts_at_least(self, search: str, n: int) -> bool:
        """Whether at least n reports have every word: counts no further than n, so its cost does not grow with
        a common word's matches (counting all of a word in 97,500 of 100,000 reports cost 3-6 ms)."""
        return self.db.execute("SELECT COUNT(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? "
                               "LIMIT ?)", [_fts_query(search), n]).fetchone()[0] >= n

    def _walk_threshold(self, need: int) -> int:
        """Matches from which a page of a search walks the list: 4 times the rows needed, or a quarter of the
        reports when that is fewer (then the list holds a match in every 4 rows or so, and the walk reads about 4
        rows for each it needs). Below it, by the matches: each read from its wide row (~16 us, the text's overflow
        pages), 16 ms for 975 of 1,000 reports against 4 ms walked."""
        reports = self.db.execute("SELECT reports FROM count_totals WHERE id = 1").fetchone()
        return max(1, min(4 * need, (reports[0] if reports else 0) // 4))

    def _search_page(self, search: str, status: str | None, limit: int, offset: int) -> list[int] | None:
        """The ids of one page of a common word's matches, in list order, at a cost that follows the page and not
        the matches: the list's covering index is read a chunk at a time (doubling), and the full-text index
        asked only for the matches whose rowids lie between the chunk's smallest and largest id (an FTS5 rowid
        range: 0.26 ms for 1,000 ids of 100,000 reports). That range is narrow when reports were imported about in
        list order, as a team imports its months; when it is not (a chunk's ids spread over more than
        SPREAD times their number), None: the caller then walks the whole list against every match, as before.
        Measured at 100,000 reports, a word in 97,500: 18 ms by every match (their list of rowids built first),
        ~1 ms this way; probing the full-text index once per listed report instead cost 42 us a probe with the
        18 segments a fill leaves (21 ms a page), 6 us after an 'optimize'."""
        status_where, params = _status_where(status)
        where = f" WHERE {status_where}" if status_where else ""
        need, found, done = offset + limit, [], 0
        chunk = max(2 * need, 1000)
        query = _fts_query(search)
        while len(found) < need:
            listed = [r[0] for r in self.db.execute(
                f"SELECT d.id FROM documents d{where} ORDER BY {DOCUMENT_ORDER} LIMIT {chunk} OFFSET {done}",
                params)]
            if not listed:
                break
            low, high = min(listed), max(listed)
            if high - low + 1 > SPREAD * len(listed):
                return None
            hits = {r[0] for r in self.db.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ?",
                [query, low, high])}
            found += [i for i in listed if i in hits]
            done += len(listed)
            chunk *= 2
        return found[offset:need]

    def _fts_count(self, search: str) -> int:
        """Reports whose title or text has every word (the full-text index's rows are the reports' rows)."""
        return self.db.execute("SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?",
                               [_fts_query(search)]).fetchone()[0]

    def document_ids_in_period(self, start: str, end: str) -> list[int]:
        """Ids of documents whose period (or publication date) overlaps [start, end], in list order; selected in
        SQL through the period and publication-date indexes (a UNION, so each arm uses its own index)."""
        rows = self.db.execute(
            "SELECT id FROM documents d WHERE id IN ("
            "SELECT id FROM documents WHERE period_end >= ? AND period_start <= ? "
            "UNION SELECT id FROM documents WHERE published BETWEEN ? AND ? AND period_start IS NULL) "
            f"ORDER BY {DOCUMENT_ORDER}", [start, end, start, end]).fetchall()
        return [r[0] for r in rows]

    def all_document_ids(self) -> list[int]:
        """Every document's id in list order, from the list's covering index: an export of everything ordered
        its reports by loading them all (text-less), 253 MB at 100,000 reports against 62 MB at 10,000."""
        return [r[0] for r in self.db.execute(f"SELECT id FROM documents d ORDER BY {DOCUMENT_ORDER}")]

    def document_ids_of_month_number(self, number: int) -> list[int]:
        """Reports numbered as this month of their series ("96th month") that have a period."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE month_number = ? AND period_start IS NOT NULL ORDER BY id", [number])]

    def documents_in_period(self, start: str, end: str) -> list[StoredDocument]:
        """Documents whose period (or publication date) overlaps [start, end], in list order (the ids in SQL, not
        as bound variables: a long range of a large database would pass SQLite's limit on them)."""
        from .scoped import Scope

        return self.documents_in_scope(Scope.of_period(start, end))

    def delete_document(self, document_id: int, *, reviewer: str) -> None:
        with self.transaction():
            doc = self.document(document_id)
            self.db.execute("DELETE FROM documents WHERE id = ?", [document_id])
            self._log(reviewer, "document", document_id, document_id, "delete",
                      {"key": doc.key, "title": doc.title, "content_hash": doc.content_hash}, None)
            self._changed("documents", document_id)

    # -- candidates -------------------------------------------------------------------------------------------

    def replace_candidates(self, document_id: int, extraction: Any, *, reviewer: str,
                           pipeline_version: str | None = None) -> dict[str, int]:
        """Re-extraction that keeps review work: decided events, reviewer-added ones and pending candidates a
        reviewer touched (edited, or undone back to pending: version above 1 or a reviewer set) all stay;
        untouched pending machine candidates are replaced, and a new candidate overlapping a kept event of the
        same type is dropped. Each removed and each added candidate gets its own decision-log row."""
        with self.transaction():
            self.document(document_id)
            return self._store_candidates(document_id, extraction, reviewer=reviewer,
                                          pipeline_version=pipeline_version, action="reextract")

    def _store_candidates(self, document_id: int, extraction: Any, *, reviewer: str,
                          pipeline_version: str | None, action: str) -> dict[str, int]:
        per_event = action == "reextract"  # at first extraction the document's own log row says it all
        untouched = ("document_id = ? AND status = 'pending' AND origin IN ('rules', 'model') "
                     "AND version = 1 AND reviewer IS NULL")
        if per_event:
            for ev in self.events(ids=[r["id"] for r in self._rows(f"SELECT id FROM events WHERE {untouched}",
                                                                   [document_id])]):
                self._log(reviewer, "event", ev.id, document_id, "reextract-remove", event_snapshot(ev), None)
            for f in self._rows(f"SELECT id FROM facts WHERE {untouched}", [document_id]):
                fact = self.fact(f["id"])
                self._log(reviewer, "fact", fact.id, document_id, "reextract-remove", fact_snapshot(fact), None)
        removed = self.db.execute(f"DELETE FROM events WHERE {untouched}", [document_id]).rowcount
        removed_facts = self.db.execute(f"DELETE FROM facts WHERE {untouched}", [document_id]).rowcount
        kept = self._rows('SELECT type, start, "end" FROM events WHERE document_id = ?', [document_id])
        kept_kinds = {r["kind"] for r in self._rows("SELECT kind FROM facts WHERE document_id = ?", [document_id])}
        added, suppressed, new_ids = 0, 0, []
        for ev in extraction.events:
            if any(k["type"] == ev.type and ev.start < k["end"] and k["start"] < ev.end for k in kept):
                suppressed += 1
                continue
            new_ids.append(self._insert_event(document_id, ev))
            added += 1
        if per_event and new_ids:
            for created in self.events(ids=new_ids):
                self._log(reviewer, "event", created.id, document_id, "reextract-add", None, event_snapshot(created))
        facts_added = 0
        for f in extraction.facts:
            if f.kind in kept_kinds:
                continue
            fact_id = self._insert_fact(document_id, f)
            if per_event:
                self._log(reviewer, "fact", fact_id, document_id, "reextract-add", None, fact_snapshot(self.fact(fact_id)))
            facts_added += 1
        self.db.execute("UPDATE documents SET extracted_at = ?, pipeline_version = ? WHERE id = ?",
                        [now(), pipeline_version, document_id])
        result = {"kept": len(kept), "removed": removed, "added": added, "suppressed": suppressed,
                  "facts_removed": removed_facts, "facts_added": facts_added}
        self._log(reviewer, "document", document_id, document_id, action,
                  {"pending_removed": removed, "facts_removed": removed_facts},
                  {"added_event_ids": new_ids, "suppressed": suppressed, "facts_added": facts_added,
                   "pipeline_version": pipeline_version})
        self._changed("events", document_id)
        return result

    # -- events -----------------------------------------------------------------------------------------------

    def _insert_event(self, document_id: int, ev: Event, event_id: int | None = None, version: int = 1) -> int:
        row = event_to_row(ev) | {"document_id": document_id, "created_at": now(), "version": version}
        if event_id is not None:
            row["id"] = event_id
        new_id = self._insert_rows("events", [row])
        if ev.arguments:
            self._insert_rows("event_arguments", [argument_to_row(a, new_id) for a in ev.arguments])
        return new_id

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> int:
        """Plain INSERTs of rows that share their keys; the last row's id. sqlite-utils' insert re-reads the
        table's columns on every call: at two calls per candidate that was ~75 % of the importing process's
        time with extraction in worker processes (1,000 generated reports, cProfile)."""
        cols = tuple(rows[0])
        sql = self._insert_sql.get((table, cols))
        if sql is None:
            sql = self._insert_sql[(table, cols)] = (
                f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' * len(cols))})")
        conn = self.db.conn
        if len(rows) == 1:
            return conn.execute(sql, tuple(rows[0].values())).lastrowid
        conn.executemany(sql, [tuple(r.values()) for r in rows])
        return conn.execute("SELECT last_insert_rowid()").fetchone()[0]

    def events(self, document_id: int | None = None, *, status: str | None = None,
               ids: list[int] | None = None, arguments: bool = True) -> list[Event]:
        """`arguments=False` leaves each event's arguments empty: exports that never read them (ACLED CSV,
        GeoJSON) skip a query and ~4.5 argument rows per event."""
        if ids is not None and not ids:
            return []
        rows = self._select("events", document_id, status, ids, 'document_id, start, "end", id')
        return self._events_from_rows(rows, arguments)

    def _events_from_rows(self, rows: list[dict[str, Any]], arguments: bool = True) -> list[Event]:
        args: dict[int, list[dict[str, Any]]] = {}
        if rows and arguments:
            ev_ids = [r["id"] for r in rows]
            for chunk in range(0, len(ev_ids), 900):  # stay under SQLite's variable limit
                part = ev_ids[chunk:chunk + 900]
                for a in self._rows(f"SELECT * FROM event_arguments WHERE event_id IN ({','.join('?' * len(part))}) "
                                    "ORDER BY start, id", part):
                    args.setdefault(a["event_id"], []).append(a)
        return [event_from_row(r, args.get(r["id"], [])) for r in rows]

    def events_in_period(self, start: str, end: str, *, statuses: tuple[str, ...] = ("accepted",)) -> list[Event]:
        """Events dated in [start, end] (inclusive ISO dates) with one of the statuses."""
        rows = self._rows(
            f"SELECT id FROM events WHERE date BETWEEN ? AND ? AND status IN ({','.join('?' * len(statuses))})",
            [start, end, *statuses])
        return self.events(ids=[r["id"] for r in rows])

    def event(self, event_id: int) -> Event:
        found = self.events(ids=[event_id])
        if not found:
            raise NotFound(f"event {event_id} not found in {self.path}")
        return found[0]

    def add_event(self, document_id: int, ev: Event, *, reviewer: str, action: str = "add") -> Event:
        """A reviewer's own event (origin "reviewer"; accepted unless the caller says otherwise)."""
        doc = self.document(document_id)
        # length() in SQL, not len(document_text()): importing a report with 6,000 decided events read its
        # whole text 6,000 times (2.6 ms per event on a 600 KB report).
        length = self.db.execute("SELECT length(text) FROM documents WHERE id = ?", [document_id]).fetchone()[0]
        if not (0 <= ev.start <= ev.end <= length):
            raise ValueError(f"span {ev.start}..{ev.end} is outside document {document_id} ({doc.title!r})")
        with self.transaction():
            ev = dataclasses.replace(ev, reviewer=reviewer, reviewed_at=now())
            new_id = self._insert_event(document_id, ev)
            created = self.event(new_id)
            self._log(reviewer, "event", new_id, document_id, action, None, event_snapshot(created))
            self._changed("events", document_id)
            return created

    def document_text(self, document_id: int) -> str:
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
        if not row:
            raise NotFound(f"document {document_id} not found in {self.path}")
        return row[0]

    def update_event(self, event_id: int, changes: dict[str, Any], *, reviewer: str,
                     expected_version: int | None = None, action: str = "edit") -> Event:
        """Change fields of an event. `changes` keys are Event fields; a count may be an int, a Count or None;
        "arguments" replaces the argument spans. Refused with ConflictError when the event moved past
        expected_version."""
        with self.transaction():
            current = self._current_event(event_id, expected_version)
            updated = _apply_event_changes(current, changes)
            if action in ("accept", "reject", "edit") or updated.status != current.status:
                updated = dataclasses.replace(updated, reviewer=reviewer, reviewed_at=now())
            if updated.status != "rejected":
                updated = dataclasses.replace(updated, reject_reason=None)
            self._write_event(current, updated)
            result = self.event(event_id)
            self._log(reviewer, "event", event_id, current.document_id, action,
                      event_snapshot(current), event_snapshot(result))
            self._changed("events", current.document_id)
            return result

    def accept_event(self, event_id: int, *, reviewer: str, expected_version: int | None = None) -> Event:
        return self.update_event(event_id, {"status": "accepted"}, reviewer=reviewer,
                                 expected_version=expected_version, action="accept")

    def reject_event(self, event_id: int, *, reviewer: str, reason: str | None = None,
                     expected_version: int | None = None) -> Event:
        return self.update_event(event_id, {"status": "rejected", "reject_reason": reason}, reviewer=reviewer,
                                 expected_version=expected_version, action="reject")

    def accept_all_pending(self, document_id: int, *, reviewer: str) -> int:
        """Accept every pending event of a report: one transaction, one log row per event."""
        with self.transaction():
            pending = self.events(document_id, status="pending")
            for ev in pending:
                updated = dataclasses.replace(ev, status="accepted", reviewer=reviewer, reviewed_at=now())
                self._write_event(ev, updated)
                self._log(reviewer, "event", ev.id, document_id, "accept",
                          event_snapshot(ev), event_snapshot(dataclasses.replace(updated, version=ev.version + 1)))
            if pending:
                self._changed("events", document_id)
            return len(pending)

    def delete_event(self, event_id: int, *, reviewer: str, expected_version: int | None = None,
                     action: str = "delete") -> None:
        with self.transaction():
            current = self._current_event(event_id, expected_version)
            self.db.execute("DELETE FROM events WHERE id = ?", [event_id])
            self._log(reviewer, "event", event_id, current.document_id, action, event_snapshot(current), None)
            self._changed("events", current.document_id)

    def restore_event(self, snapshot: dict[str, Any], *, reviewer: str, action: str = "undo",
                      expected_version: int | None = None) -> Event | None:
        """Bring an event back to a logged snapshot (undo/redo). A None-like snapshot with "deleted": id removes it."""
        target = event_from_snapshot(snapshot)
        with self.transaction():
            row = self.db.execute("SELECT version FROM events WHERE id = ?", [target.id]).fetchone()
            if row is None:
                self._insert_event(target.document_id, target, event_id=target.id, version=target.version + 1)
                result = self.event(target.id)
                self._log(reviewer, "event", target.id, target.document_id, action, None, event_snapshot(result))
            else:
                current = self._current_event(target.id, expected_version)
                self._write_event(current, target)
                result = self.event(target.id)
                self._log(reviewer, "event", target.id, target.document_id, action,
                          event_snapshot(current), event_snapshot(result))
            self._changed("events", target.document_id)
            return result

    def _current_event(self, event_id: int, expected_version: int | None) -> Event:
        found = self.events(ids=[event_id])
        if not found:
            if expected_version is not None:
                raise ConflictError("event", event_id, expected_version, None)
            raise NotFound(f"event {event_id} not found in {self.path}")
        current = found[0]
        if expected_version is not None and current.version != expected_version:
            raise ConflictError("event", event_id, expected_version, current.version)
        return current

    def _write_event(self, current: Event, updated: Event) -> None:
        row = event_to_row(updated)
        sets = ", ".join(f'"{k}" = ?' for k in row)
        cur = self.db.execute(f"UPDATE events SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
                              [*row.values(), current.id, current.version])
        if cur.rowcount != 1:
            raise ConflictError("event", current.id or 0, current.version, None)
        if updated.arguments != current.arguments:
            self.db.execute("DELETE FROM event_arguments WHERE event_id = ?", [current.id])
            if updated.arguments:
                self._insert_rows("event_arguments", [argument_to_row(a, current.id) for a in updated.arguments])

    # -- stated totals ----------------------------------------------------------------------------------------

    def _insert_fact(self, document_id: int, f: Fact, fact_id: int | None = None, version: int = 1) -> int:
        row = fact_to_row(f) | {"document_id": document_id, "created_at": now(), "version": version}
        if fact_id is not None:
            row["id"] = fact_id
        return self.db["facts"].insert(row).last_pk

    def facts(self, document_id: int | None = None, *, status: str | None = None,
              ids: list[int] | None = None) -> list[Fact]:
        return [fact_from_row(r) for r in self._select("facts", document_id, status, ids, "document_id, start, id")]

    def fact(self, fact_id: int) -> Fact:
        found = self.facts(ids=[fact_id])
        if not found:
            raise NotFound(f"stated total {fact_id} not found in {self.path}")
        return found[0]

    def add_fact(self, document_id: int, f: Fact, *, reviewer: str, action: str = "add") -> Fact:
        self.document(document_id)
        with self.transaction():
            new_id = self._insert_fact(document_id, dataclasses.replace(f, reviewer=reviewer, reviewed_at=now()))
            created = self.fact(new_id)
            self._log(reviewer, "fact", new_id, document_id, action, None, fact_snapshot(created))
            self._changed("facts", document_id)
            return created

    def update_fact(self, fact_id: int, changes: dict[str, Any], *, reviewer: str,
                    expected_version: int | None = None, action: str = "edit") -> Fact:
        with self.transaction():
            current = self._current_fact(fact_id, expected_version)
            unknown = set(changes) - {f.name for f in dataclasses.fields(Fact)}
            if unknown:
                raise ValueError(f"unknown stated-total fields: {', '.join(sorted(unknown))}")
            updated = dataclasses.replace(current, **changes, reviewer=reviewer, reviewed_at=now())
            if updated.status != "rejected":
                updated = dataclasses.replace(updated, reject_reason=None)
            row = fact_to_row(updated)
            sets = ", ".join(f'"{k}" = ?' for k in row)
            self.db.execute(f"UPDATE facts SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
                            [*row.values(), fact_id, current.version])
            result = self.fact(fact_id)
            self._log(reviewer, "fact", fact_id, current.document_id, action,
                      fact_snapshot(current), fact_snapshot(result))
            self._changed("facts", current.document_id)
            return result

    def accept_fact(self, fact_id: int, *, reviewer: str, expected_version: int | None = None) -> Fact:
        return self.update_fact(fact_id, {"status": "accepted"}, reviewer=reviewer,
                                expected_version=expected_version, action="accept")

    def reject_fact(self, fact_id: int, *, reviewer: str, reason: str | None = None,
                    expected_version: int | None = None) -> Fact:
        return self.update_fact(fact_id, {"status": "rejected", "reject_reason": reason}, reviewer=reviewer,
                                expected_version=expected_version, action="reject")

    def delete_fact(self, fact_id: int, *, reviewer: str, expected_version: int | None = None,
                    action: str = "delete") -> None:
        with self.transaction():
            current = self._current_fact(fact_id, expected_version)
            self.db.execute("DELETE FROM facts WHERE id = ?", [fact_id])
            self._log(reviewer, "fact", fact_id, current.document_id, action, fact_snapshot(current), None)
            self._changed("facts", current.document_id)

    def restore_fact(self, snapshot: dict[str, Any], *, reviewer: str, action: str = "undo",
                     expected_version: int | None = None) -> Fact:
        snap = dict(snapshot)
        target = Fact(value=json.loads(snap["value"]) if isinstance(snap["value"], str) else snap["value"],
                      **{k: snap[k] for k in ("kind", "start", "end", "evidence", "qualifier", "origin", "rule",
                                              "confidence", "status", "reviewer", "reviewed_at", "reject_reason")},
                      id=snap["id"], document_id=snap["document_id"], version=snap["version"])
        with self.transaction():
            row = self.db.execute("SELECT version FROM facts WHERE id = ?", [target.id]).fetchone()
            if row is None:
                self._insert_fact(target.document_id, target, fact_id=target.id, version=target.version + 1)
                result = self.fact(target.id)
                self._log(reviewer, "fact", target.id, target.document_id, action, None, fact_snapshot(result))
            else:
                current = self._current_fact(target.id, expected_version)
                row = fact_to_row(target)
                sets = ", ".join(f'"{k}" = ?' for k in row)
                self.db.execute(f"UPDATE facts SET {sets}, version = version + 1 WHERE id = ?",
                                [*row.values(), target.id])
                result = self.fact(target.id)
                self._log(reviewer, "fact", target.id, target.document_id, action,
                          fact_snapshot(current), fact_snapshot(result))
            self._changed("facts", target.document_id)
            return result

    def _current_fact(self, fact_id: int, expected_version: int | None) -> Fact:
        found = self.facts(ids=[fact_id])
        if not found:
            if expected_version is not None:
                raise ConflictError("stated total", fact_id, expected_version, None)
            raise NotFound(f"stated total {fact_id} not found in {self.path}")
        if expected_version is not None and found[0].version != expected_version:
            raise ConflictError("stated total", fact_id, expected_version, found[0].version)
        return found[0]

    # -- decision log, models, statistics ---------------------------------------------------------------------

    def decisions(self, *, object_type: str | None = None, object_id: int | None = None,
                  document_id: int | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        where, params = [], []
        for col, val in (("object_type", object_type), ("object_id", object_id), ("document_id", document_id)):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val)
        sql = "SELECT * FROM decisions" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = self._rows(sql, params)
        for r in rows:
            r["before"] = json.loads(r["before"]) if r["before"] else None
            r["after"] = json.loads(r["after"]) if r["after"] else None
        return rows

    def add_model(self, *, name: str, kind: str, path: str, reviewer: str, trained_on: list[int],
                  metrics: dict[str, Any], pipeline_version: str | None = None, activate: bool = True) -> int:
        with self.transaction():
            if activate:
                self.db.execute("UPDATE models SET active = 0")
            model_id = self.db["models"].insert({
                "name": name, "kind": kind, "path": path, "created_at": now(), "created_by": reviewer,
                "pipeline_version": pipeline_version, "trained_on": json.dumps(trained_on),
                "metrics": json.dumps(metrics), "active": int(activate)}).last_pk
            self._log(reviewer, "model", model_id, None, "train", None,
                      {"name": name, "path": path, "metrics": metrics, "documents": len(trained_on)})
            self._changed("models", None)
            return model_id

    def models(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT * FROM models ORDER BY id")
        for r in rows:
            r["trained_on"], r["metrics"] = json.loads(r["trained_on"]), json.loads(r["metrics"])
            r["active"] = bool(r["active"])
        return rows

    def active_model(self) -> dict[str, Any] | None:
        return next((m for m in self.models() if m["active"]), None)

    def activate_model(self, model_id: int | None, *, reviewer: str) -> None:
        """Make one model the one extraction uses (None: the rules alone), with a decision-log row."""
        with self.transaction():
            before = self.active_model()
            if model_id is not None and not self._rows("SELECT id FROM models WHERE id = ?", [model_id]):
                raise NotFound(f"no model with id {model_id}")
            self.db.execute("UPDATE models SET active = (id IS ?)", [model_id])
            self._log(reviewer, "model", model_id, None, "activate",
                      {"active": before["id"] if before else None}, {"active": model_id})
            self._changed("models", None)

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        by = lambda sql: {k: v for k, v in self.db.execute(sql).fetchall()}  # noqa: E731
        return {
            "database": str(self.path),
            "schema": schema_version(self.db),
            "documents": one("SELECT COUNT(*) FROM documents"),
            "words": one("SELECT COALESCE(SUM(words), 0) FROM documents"),
            "events": one("SELECT COUNT(*) FROM events"),
            "events_by_status": by("SELECT status, COUNT(*) FROM events GROUP BY status ORDER BY status"),
            "events_by_type": by("SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY COUNT(*) DESC, type"),
            "facts_by_status": by("SELECT status, COUNT(*) FROM facts GROUP BY status ORDER BY status"),
            "decisions": one("SELECT COUNT(*) FROM decisions"),
            "reviewers": [r for (r,) in self.db.execute(
                "SELECT DISTINCT reviewer FROM decisions WHERE action IN ('accept','reject','edit','add') "
                "ORDER BY reviewer").fetchall()],
            "models": one("SELECT COUNT(*) FROM models"),
        }

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


def _apply_event_changes(ev: Event, changes: dict[str, Any]) -> Event:
    names = {f.name for f in dataclasses.fields(Event)} - {"id", "document_id", "version"}
    unknown = set(changes) - names - set(COUNT_FIELDS)
    if unknown:
        raise ValueError(f"unknown event fields: {', '.join(sorted(unknown))}")
    plain = {k: v for k, v in changes.items() if k not in COUNT_FIELDS}
    counts = dict(ev.counts)
    for k in COUNT_FIELDS:
        if k in changes:
            v = changes[k]
            if v is None:
                counts.pop(k, None)
            else:
                counts[k] = v if isinstance(v, Count) else Count(int(v), "exact")
    if "counts" not in plain:
        plain["counts"] = counts
    return dataclasses.replace(ev, **plain)
