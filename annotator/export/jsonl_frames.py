"""The JSONL export's event frames and stated totals read as JSON text (READS "frames"): for each event the
characters json.dumps(jsonl.event_to_obj(event), ensure_ascii=False) gives, for each total those of
json.dumps(jsonl.fact_to_obj(fact), ensure_ascii=False), with what the task's spans need (id, type, span,
status, trigger and date arguments), without an Event, an Argument or a dict per row.

Why: building ~20 Events a report with ~4.6 Arguments each, then a dict per event and argument and json.dumps
over them, was ~45 us an event, two thirds of the export (300 generated reports, process time); this ~BENCH us.

How: SQLite writes the JSON of every text and integer column itself (json_quote escapes exactly the characters
json.dumps(ensure_ascii=False) escapes, the same way: \\" \\\\ \\b \\f \\n \\r \\t and \\u00xx for the other control
characters; tests/export/test_jsonl_frames.py compares them on texts with each), and printf lays them out with
json.dumps' separators. Python adds only what SQLite would write otherwise: REAL columns (float repr, shortest
round-trip digits; SQLite prints 15 significant digits) and the stored JSON lists and values, parsed and dumped
again once per distinct text.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

from .selection import ArgumentSpan

_dumps = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(slots=True)
class EventFrame:
    """An event as the JSONL export reads it: its frame's JSON, and what its task span needs (the trigger and
    date arguments only: spans.event_spans reads no other)."""
    id: int
    document_id: int
    type: str
    start: int
    end: int
    status: str
    arguments: list[ArgumentSpan]
    json: str


@dataclass(slots=True)
class FactFrame:
    """A stated total as the JSONL export reads it: its status and its JSON."""
    status: str
    json: str


_COUNT = ("'\"{k}\": {{\"value\": ' || json_quote({k}) || ', \"qualifier\": ' || "
          "json_quote(CASE WHEN {k}_q IS NULL OR {k}_q = '' THEN 'exact' ELSE {k}_q END) || '}}'")


def _object(*members: str) -> str:
    """SQL for '"name": <JSON of column>' members joined by ", " (|| is cheaper than printf in SQLite: 2 against
    2.7 us an argument). A member given as "name=SQL" takes that SQL's text as it is."""
    out = []
    for m in members:
        name, _, sql = m.partition("=")
        out.append(f"', \"{name}\": ' || " + (sql or f"json_quote({_ident(name)})"))
    return " || ".join(out)


def _ident(name: str) -> str:
    return '"end"' if name == "end" else name


_ANSWER = ("CASE status WHEN 'accepted' THEN '\"accept\"' WHEN 'rejected' THEN '\"reject\"' "
           "WHEN 'pending' THEN '\"ignore\"' END")
_IN_PERIOD = "CASE WHEN in_period IS NULL THEN 'null' WHEN in_period THEN 'true' ELSE 'false' END"


def _event_sql(counts: tuple[str, ...]) -> str:
    counted = " || ".join(f"COALESCE(', ' || CASE WHEN {k} IS NOT NULL THEN {_COUNT.format(k=k)} END, '')"
                          for k in counts)
    head = _object("type", "start", "end", "evidence", "date", "date_precision", "end_date",
                   f"in_period={_IN_PERIOD}", "location", "location_name", "admin1")
    return (
        'SELECT id, document_id, type, start, "end", status, '
        f"'{{' || substr({head}, 3) || ', \"lat\": ', lat, lon, "
        f"{_object('location_precision')} || ', \"actors\": ', actors, actors_canonical, targets, "
        f"'{{' || substr({counted}, 3) || '}}', "
        f"{_object('direction', 'origin', 'rule')} || ', \"confidence\": ', confidence, "
        f"{_object(f'answer={_ANSWER}', 'status', 'reviewer', 'reviewed_at', 'reject_reason', 'note')} "
        "|| ', \"arguments\": [' "
        'FROM events WHERE {where} ORDER BY document_id, start, "end", id'
    )


_ARGUMENT_SQL = (
    "SELECT a.event_id, a.role, a.start, a.\"end\", '{' || substr("
    + _object("role=json_quote(a.role)", "start=json_quote(a.start)", 'end=json_quote(a."end")',
              "text=json_quote(a.text)", "value=json_quote(a.value)", "qualifier=json_quote(a.qualifier)")
    + ", 3) || '}' FROM event_arguments a JOIN events e ON e.id = a.event_id WHERE {where} ORDER BY a.start, a.id"
)

_FACT_SQL = (
    "SELECT status, '{' || substr(" + _object("kind") + ", 3) || ', \"value\": ', value, "
    + _object("qualifier", "start", "end", "evidence", "origin", "rule") + " || ', \"confidence\": ', confidence, "
    + _object(f"answer={_ANSWER}", "status", "reviewer", "reviewed_at", "reject_reason") + " || '}' "
    "FROM facts WHERE {where} ORDER BY document_id, start, id"
)


def real_json(x) -> str:
    """json.dumps of a REAL column's value (a float, or whatever SQLite holds there)."""
    if type(x) is float and math.isfinite(x):
        return float.__repr__(x)
    return "null" if x is None else _dumps(x)


class FrameRows:
    """A report's event frames and stated totals, read from the store's sqlite3 connection."""

    def __init__(self, conn) -> None:
        from ..domain import COUNT_FIELDS

        self.db = conn
        self.event_sql = _event_sql(tuple(COUNT_FIELDS))
        self.lists: dict[str | None, str] = {None: "[]", "": "[]", "[]": "[]"}  # stored list -> its JSON here
        self.values: dict[str, str] = {}  # a total's stored value -> its JSON here

    def _list(self, stored: str) -> str:
        if len(self.lists) > 4096:
            self.lists.clear()
            self.lists.update({None: "[]", "": "[]", "[]": "[]"})
        out = self.lists[stored] = _dumps(json.loads(stored))
        return out

    def events(self, doc_id: int, status: str | None) -> list[EventFrame]:
        where, params = "document_id = ?", [doc_id]
        if status:
            where, params = where + " AND status = ?", params + [status]
        rows = self.db.execute(self.event_sql.replace("{where}", where), params).fetchall()
        if not rows:
            return []
        arguments: dict[int, list[str]] = {}
        spans: dict[int, list[ArgumentSpan]] = {}
        for eid, role, start, end, text in self.db.execute(
                _ARGUMENT_SQL.replace("{where}", "e." + where.replace(" AND ", " AND e.")), params):
            found = arguments.get(eid)
            if found is None:
                found = arguments[eid] = []
            found.append(text)
            if role == "trigger" or role == "date":
                spans.setdefault(eid, []).append(ArgumentSpan(role, start, end))
        lists, get_list, real = self.lists, self.lists.get, real_json
        out = []
        for (eid, doc, typ, start, end, status_, head, lat, lon, precision, actors, canonical, targets, counts,
             middle, confidence, tail) in rows:
            args = arguments.get(eid)
            out.append(EventFrame(eid, doc, typ, start, end, status_, spans.get(eid, []), "".join((
                head, real(lat), ', "lon": ', real(lon), precision,
                get_list(actors) or self._list(actors), ', "actors_canonical": ',
                get_list(canonical) or self._list(canonical), ', "targets": ',
                get_list(targets) or self._list(targets), ', "counts": ', counts, middle, real(confidence), tail,
                ", ".join(args) if args else "", "]}"))))
        del lists
        return out

    def facts(self, doc_id: int, status: str | None) -> list[FactFrame]:
        where, params = "document_id = ?", [doc_id]
        if status:
            where, params = where + " AND status = ?", params + [status]
        values, real = self.values, real_json
        out = []
        for status_, head, value, middle, confidence, tail in self.db.execute(
                _FACT_SQL.replace("{where}", where), params):
            v = values.get(value)
            if v is None:
                if len(values) > 4096:
                    values.clear()
                v = values[value] = _dumps(json.loads(value))
            out.append(FactFrame(status_, "".join((head, v, middle, real(confidence), tail))))
        return out
