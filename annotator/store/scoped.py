"""Reads over a set of reports (a period's, or named ones) counted and ordered in SQL: what a summary needs.

A summary of a year at 100,000 generated reports covers ~17,500 reports and ~390,000 candidates; reading every
candidate into Python to count and list them took 73 s (`annotator benchmark --scale`). Here the counts come from
idx_events_document_status_date alone (migration 0006) and only the accepted events (what a summary is built
from) and the first few pending ones (what it lists) are read whole.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..domain import Event, Fact
from .rows import StoredDocument, fact_from_row


@dataclass(frozen=True)
class Scope:
    """Which reports: the ids given, else every report whose period (or publication date, for reports without a
    period) overlaps [start, end]. `sql` selects their ids; `params` go with it."""
    sql: str
    params: tuple[Any, ...]
    by_period: bool = False

    @staticmethod
    def of_ids(ids: list[int]) -> Scope:
        # json_each, not "IN (?, ?, ...)": a year of reports would pass SQLite's limit on bound variables.
        return Scope("SELECT value FROM json_each(?)", (json.dumps([int(i) for i in ids]),))

    @staticmethod
    def of_period(start: str, end: str) -> Scope:
        # A UNION, so that each arm ranges over its own index (idx_documents_period_end, idx_documents_published).
        return Scope("SELECT id FROM documents WHERE period_end >= ? AND period_start <= ? "
                     "UNION SELECT id FROM documents WHERE published BETWEEN ? AND ? AND period_start IS NULL",
                     (start, end, start, end), by_period=True)


# An event's date lies in [start, end] when its first ten characters do (the summary's own test, _in_window).
_DATED_IN = "date IS NOT NULL AND substr(date, 1, 10) BETWEEN ? AND ?"
# The summary's order for events: dated before undated, then by date, report, position.
EVENT_ORDER = "date IS NULL, date, document_id, start, id"


class ScopedReads:
    """Mixed into Store (it uses the store's `db`, `_rows`, `events` and `_events_from_rows`)."""

    def documents_in_scope(self, scope: Scope) -> list[StoredDocument]:
        from .store import _COUNT_COLUMNS, _DOC_COLUMNS, DOCUMENT_ORDER
        from .rows import document_from_row

        cols = ", ".join("d." + c.strip() for c in _DOC_COLUMNS.split(","))
        rows = self._rows(f"SELECT {cols}, {_COUNT_COLUMNS} FROM documents d WHERE d.id IN ({scope.sql}) "
                          f"ORDER BY {DOCUMENT_ORDER}", scope.params)
        return [document_from_row(r) for r in rows]

    def events_in_scope(self, scope: Scope, status: str) -> list[Event]:
        """Every event of the reports with this status, whatever its date, in the store's order."""
        # Ordered here, not in SQL: an ORDER BY by report and position made SQLite read every event of the
        # reports through idx_events_document to find the accepted ones (0.33 s for a year of 100,000 reports
        # with none accepted) rather than range over idx_events_document_status_date.
        rows = self._rows(f"SELECT * FROM events WHERE document_id IN ({scope.sql}) AND status = ?",
                          [*scope.params, status])
        rows.sort(key=lambda r: (r["document_id"], r["start"], r["end"], r["id"]))
        return self._events_from_rows(rows)

    def facts_in_scope(self, scope: Scope, status: str, limit: int | None = None) -> list[Fact]:
        """The reports' stated totals with this status, in list order (report by report, then by position)."""
        from .store import DOCUMENT_ORDER

        sql = (f"SELECT f.* FROM facts f JOIN documents d ON d.id = f.document_id "
               f"WHERE f.document_id IN ({scope.sql}) AND f.status = ? ORDER BY {DOCUMENT_ORDER}, f.start, f.id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [fact_from_row(r) for r in self._rows(sql, [*scope.params, status])]

    def count_facts_in_scope(self, scope: Scope, status: str) -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM facts WHERE document_id IN ({scope.sql}) AND status = ?",
                               [*scope.params, status]).fetchone()[0]

    def event_tallies(self, scope: Scope, start: str, end: str) -> dict[int, dict[str, int]]:
        """{report id: {status: events dated in [start, end]}} for the reports that have any."""
        out: dict[int, dict[str, int]] = {}
        for doc_id, status, n in self.db.execute(
                f"SELECT document_id, status, COUNT(*) FROM events WHERE document_id IN ({scope.sql}) "
                f"AND {_DATED_IN} GROUP BY document_id, status", [*scope.params, start, end]):
            out.setdefault(doc_id, {})[status] = n
        return out

    def count_undated_events(self, scope: Scope, status: str) -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM events WHERE document_id IN ({scope.sql}) AND status = ? "
                               "AND date IS NULL", [*scope.params, status]).fetchone()[0]

    def first_events_in_window(self, scope: Scope, status: str, start: str, end: str, limit: int) -> list[Event]:
        """The first `limit` events with this status dated in [start, end] or undated, in EVENT_ORDER (without
        their arguments); only these rows are read.

        A period's reports (scope.by_period) are searched by date through idx_events_date, in date order, so
        that the search stops after `limit` (ordering the 350,000 pending events of a year of 100,000 reports
        took 0.24 s); named reports, by report through idx_events_document_status_date (a report's own events
        are few, where a month's dates hold every report's)."""
        params: list[Any] = [*scope.params, status]
        if scope.by_period:
            # "date <= end~" bounds the range for the index ("~" sorts after any character of an ISO date); the
            # substr test stays exact.
            dated = [r[0] for r in self.db.execute(
                f"SELECT id FROM events INDEXED BY idx_events_date WHERE date >= ? AND date <= ? AND {_DATED_IN} "
                f"AND document_id IN ({scope.sql}) AND status = ? ORDER BY date, document_id, start, id "
                f"LIMIT {int(limit)}", [start, end + "~", start, end, *params])]
        else:
            dated = [r[0] for r in self.db.execute(
                f"SELECT id FROM events WHERE document_id IN ({scope.sql}) AND status = ? AND {_DATED_IN} "
                f"ORDER BY date, document_id, start, id LIMIT {int(limit)}", [*params, start, end])]
        undated = [] if len(dated) >= limit else [r[0] for r in self.db.execute(
            f"SELECT id FROM events WHERE document_id IN ({scope.sql}) AND status = ? AND date IS NULL "
            f"ORDER BY document_id, start, id LIMIT {int(limit - len(dated))}", params)]
        ids = dated + undated
        if not ids:
            return []
        rank = {i: n for n, i in enumerate(ids)}
        # Without their argument spans: a summary lists a pending candidate by its type, date and sentence.
        return sorted(self.events(ids=ids, arguments=False), key=lambda e: rank[e.id])
