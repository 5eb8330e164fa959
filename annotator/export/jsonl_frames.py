"""The JSONL export's event frames and stated totals read as JSON text (READS "frames"): for each event the
characters json.dumps(jsonl.event_to_obj(event), ensure_ascii=False) gives, for each total those of
json.dumps(jsonl.fact_to_obj(fact), ensure_ascii=False), with what the task's spans need (id, type, span,
status, trigger and date arguments), without an Event, an Argument or a dict per row.

Why: building ~20 Events a report with ~4.6 Arguments each, then a dict per event and argument and json.dumps
over them, was ~45 us an event (300 generated reports, process time); this ~23 us, of which SQLite ~20.

How: SQLite writes the JSON of every text and integer column itself (json_quote escapes exactly the characters
json.dumps(ensure_ascii=False) escapes, the same way: \\" \\\\ \\b \\f \\n \\r \\t and \\u00xx for the other control
characters; tests/export/test_jsonl_frames.py compares them on texts with each), and printf lays them out with
json.dumps' separators. Python adds only what SQLite would write otherwise: REAL columns (float repr, shortest
round-trip digits; SQLite prints 15 significant digits) and the stored JSON lists and values, parsed and dumped
again once per distinct text.

Cost, counted in instructions (callgrind; CPU seconds on this shared machine vary by +-15 %): the query was ~40 %
of a JSONL export's, mostly allocation (each || and each json_quote result is a malloc behind a mutex) and the
json_quote calls (~750 instructions each, ~40 a frame). NULL and a few common values are now CASE literals, the
members of a segment one printf, and the trigger and date spans are read back from the arguments' JSON:
~910 -> ~770 M instructions (-16 %) for the 5,750 events of 2022-01 (10,000-report database).
"""
from __future__ import annotations

import json
import math
import operator
from collections.abc import Iterator
from dataclasses import dataclass

from .selection import ArgumentSpan, _where, grouped_pairs

_dumps = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(slots=True)
class EventFrame:
    """An event as the JSONL export reads it: its frame's JSON, and what its task span needs: `trigger` (its first
    trigger argument's span, by start) and `date` (its first date argument's non-empty span), None when it has
    none; spans.event_spans reads no other argument."""
    id: int
    document_id: int
    type: str
    start: int
    end: int
    status: str
    trigger: tuple[int, int] | None
    date: tuple[int, int] | None
    json: str

    @property
    def arguments(self) -> list[ArgumentSpan]:
        """The trigger and date arguments that decide its span (for spans.event_spans)."""
        return [ArgumentSpan(role, *span) for role, span in (("trigger", self.trigger), ("date", self.date)) if span]


@dataclass(slots=True)
class FactFrame:
    """A stated total as the JSONL export reads it: its status and its JSON."""
    status: str
    json: str


# Values written as literals rather than by json_quote: a call costs ~750 instructions, a CASE branch ~50
# (callgrind, 5,750 events); ~10 of an event's ~40 values are NULL (reviewer, note, an argument's qualifier...).
# The literals are JSON strings that need no escaping, so a value equal to one is written as json_quote writes it.
_COMMON = {
    "status": ("pending", "accepted", "rejected"),  # CHECK-constrained
    "origin": ("rules", "model", "reviewer", "import"),
    "date_precision": ("day", "month", "year"),
    "role": ("date", "actor", "trigger", "location", "target", "trucks", "killed", "injured", "arrested"),
    "kind": ("trucks", "batches", "batch_dates", "joint_operations", "arrested", "killed"),
    "qualifier": ("exact", "approx", "at_least", "at_most"),
}
_INTEGER = {"start", "end"}  # INTEGER NOT NULL: SQLite's text of an integer is its JSON


def _quoted(sql: str, common: tuple[str, ...] = (), integer: bool = False) -> str:
    """SQL for json_quote(sql): NULL and the `common` values as literals, an integer column as its text."""
    if integer:
        return sql
    assert all(v.replace("_", "").isalnum() and v.isascii() for v in common)
    whens = "".join(f" WHEN {sql} = '{v}' THEN '\"{v}\"'" for v in common)
    return f"CASE WHEN {sql} IS NULL THEN 'null'{whens} ELSE json_quote({sql}) END"


def _value(name: str, table: str = "") -> str:
    """_quoted for a column by name (prefixed with `table.` when given)."""
    column = (f"{table}." if table else "") + _ident(name)
    return _quoted(column, _COMMON.get(name, ()), name in _INTEGER)


_COUNT = ("', \"{k}\": {{\"value\": ' || {k} || ', \"qualifier\": ' || "
          "CASE WHEN {k}_q IS NULL OR {k}_q = '' OR {k}_q = 'exact' THEN '\"exact\"' "
          "ELSE json_quote({k}_q) END || '}}'")


def _object(*members: str, first: bool = False) -> str:
    """SQL for '"name": <JSON of column>' members, each after ", " (but the first when `first`), as one printf: a
    chain of || allocates and copies at each step (~60 a frame: 3 % of the query's instructions more, callgrind).
    A member given as "name=SQL" takes that SQL's text as it is."""
    fmt, args = [], []
    for i, m in enumerate(members):
        name, _, sql = m.partition("=")
        fmt.append(("" if first and i == 0 else ", ") + f'"{name}": %s')
        args.append(sql or _value(name))
    return "printf('" + "".join(fmt) + "', " + ", ".join(args) + ")"


def _ident(name: str) -> str:
    return '"end"' if name == "end" else name


_ANSWER = ("CASE status WHEN 'accepted' THEN '\"accept\"' WHEN 'rejected' THEN '\"reject\"' "
           "WHEN 'pending' THEN '\"ignore\"' END")
_IN_PERIOD = "CASE WHEN in_period IS NULL THEN 'null' WHEN in_period THEN 'true' ELSE 'false' END"


def _event_sql(counts: tuple[str, ...]) -> str:
    counted = " || ".join(f"CASE WHEN {k} IS NULL THEN '' ELSE {_COUNT.format(k=k)} END" for k in counts)
    head = _object("type", "start", "end", "evidence", "date", "date_precision", "end_date",
                   f"in_period={_IN_PERIOD}", "location", "location_name", "admin1", first=True)
    return (
        'SELECT id, document_id, type, start, "end", status, '
        f"'{{' || {head} || ', \"lat\": ', lat, lon, "
        f"{_object('location_precision')} || ', \"actors\": ', actors, actors_canonical, targets, "
        f"'{{' || substr({counted}, 3) || '}}', "
        f"{_object('direction', 'origin', 'rule')} || ', \"confidence\": ', confidence, "
        f"{_object(f'answer={_ANSWER}', 'status', 'reviewer', 'reviewed_at', 'reject_reason', 'note')} "
        "|| ', \"arguments\": [', " + _ARGUMENTS + " "
        # By start only, the order of idx_events_document: SQLite then sorts nothing (a sorter holding each
        # row's JSON cost ~0.75 of ~18 us an event); ties in start are put in (end, id) order in Python.
        "FROM events WHERE {where} ORDER BY document_id, start"
    )


# An event's arguments in text order, as one text: their JSON objects joined by ", ". group_concat takes the rows of
# an ordered subquery in its order (SQLite flattens no ORDER BY subquery into an aggregate; the tests compare the
# frames with json.dumps of the Events). The trigger and date spans are found in that text (_spans), not written
# a second time by SQLite ("t START END" for each: ~4 % of the query's instructions).
_ARGUMENTS = (
    "(SELECT group_concat(j, ', ') FROM (SELECT "
    "printf('{\"role\": %s, \"start\": %s, \"end\": %s, \"text\": %s, \"value\": %s, \"qualifier\": %s}', "
    f"{_value('role', 'a')}, a.start, a.\"end\", json_quote(a.text), {_value('value', 'a')}, "
    f"{_value('qualifier', 'a')}) AS j "  # printf: ~1.5 us an event less than || between the parts
    "FROM event_arguments a WHERE a.event_id = events.id ORDER BY a.start, a.id))"
)
_TRIGGER = '{"role": "trigger", "start": '
_DATE = '{"role": "date", "start": '


def _spans(arguments: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The first trigger argument's span and the first date argument's non-empty span, from the arguments' JSON.
    `{"role": "trigger", "start": ` with its quotes unescaped is only ever an argument's beginning: inside a JSON
    string every quote is escaped."""
    trigger = date = None
    at = arguments.find(_TRIGGER)
    if at >= 0:
        trigger = _span_at(arguments, at + len(_TRIGGER))
    at = arguments.find(_DATE)
    while at >= 0:
        span = _span_at(arguments, at + len(_DATE))
        if span[1] > span[0]:
            date = span
            break
        at = arguments.find(_DATE, at + len(_DATE))
    return trigger, date


def _span_at(arguments: str, at: int) -> tuple[int, int]:
    """(start, end) of the argument whose start's digits begin at `at`."""
    comma = arguments.index(", ", at)
    return int(arguments[at:comma]), int(arguments[comma + 9:arguments.index(", ", comma + 9)])  # ', "end": '


_TEXT_ORDER = operator.itemgetter(1, 3, 4, 0)  # an event row's report, start, end, id

_FACT_SQL = (
    "SELECT document_id, status, '{' || " + _object("kind", first=True) + " || ', \"value\": ', value, "
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
        return self.events_of([doc_id], status).get(doc_id, [])

    def facts(self, doc_id: int, status: str | None) -> list[FactFrame]:
        return self.facts_of([doc_id], status).get(doc_id, [])

    def events_of(self, ids: list[int], status: str | None) -> dict[int, list[EventFrame]]:
        """Report id -> its event frames in reading order, for the reports `ids` (those with none left out)."""
        where, params = _where(ids, status)
        rows = self.db.execute(self.event_sql.replace("{where}", where), params).fetchall()
        if not rows:
            return {}
        if len(rows) > 1:
            starts = [(row[1], row[3]) for row in rows]
            if len(set(starts)) != len(starts):  # the same start twice: by end, then id, as the reading order
                rows.sort(key=_TEXT_ORDER)
        lists, real, rf = self.lists, real_json, float.__repr__
        grouped: dict[int, list[EventFrame]] = {}
        last_doc, out = None, None
        for (eid, doc, typ, start, end, status_, head, lat, lon, precision, actors, canonical, targets, counts,
             middle, confidence, tail, arguments) in rows:
            if arguments is None:
                arguments, trigger, date = "", None, None
            else:
                trigger, date = _spans(arguments)
            if doc != last_doc:
                last_doc, out = doc, grouped.setdefault(doc, [])
            # a finite float inline (x - x is 0.0 for those only), anything else by real_json
            out.append(EventFrame(eid, doc, typ, start, end, status_, trigger, date, "".join((
                head, rf(lat) if type(lat) is float and lat - lat == 0.0 else real(lat), ', "lon": ',
                rf(lon) if type(lon) is float and lon - lon == 0.0 else real(lon), precision,
                lists.get(actors) or self._list(actors), ', "actors_canonical": ',
                lists.get(canonical) or self._list(canonical), ', "targets": ',
                lists.get(targets) or self._list(targets), ', "counts": ', counts, middle,
                rf(confidence) if type(confidence) is float and confidence - confidence == 0.0 else real(confidence),
                tail, arguments, "]}"))))
        return grouped

    def facts_of(self, ids: list[int], status: str | None) -> dict[int, list[FactFrame]]:
        """Report id -> its totals' frames, for the reports `ids` (those with none left out)."""
        where, params = _where(ids, status)
        values, real = self.values, real_json

        def frames() -> Iterator[tuple[int, FactFrame]]:
            for doc, status_, head, value, middle, confidence, tail in self.db.execute(
                    _FACT_SQL.replace("{where}", where), params):
                v = values.get(value)
                if v is None:
                    if len(values) > 4096:
                        values.clear()
                    v = values[value] = _dumps(json.loads(value))
                yield doc, FactFrame(status_, "".join((head, v, middle, real(confidence), tail)))

        return grouped_pairs(frames())
