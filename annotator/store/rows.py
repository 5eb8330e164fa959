"""Converting between domain objects and table rows."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ..domain import COUNT_FIELDS, Argument, Count, Event, Fact

EVENT_SCALARS = (
    "type", "start", "end", "evidence", "date", "date_precision", "end_date", "location", "location_name",
    "admin1", "lat", "lon", "location_precision", "direction", "note", "origin", "rule", "confidence",
    "status", "reject_reason", "reviewer", "reviewed_at",
)
EVENT_LISTS = ("actors", "actors_canonical", "targets")
FACT_SCALARS = (
    "kind", "qualifier", "start", "end", "evidence", "origin", "rule", "confidence", "status",
    "reject_reason", "reviewer", "reviewed_at",
)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class StoredDocument:
    id: int
    key: str
    title: str
    text: str
    source: str
    source_kind: str
    content_hash: str
    published: str | None
    published_source: str | None
    series: str | None
    month_number: int | None
    period_start: str | None
    period_end: str | None
    words: int
    meta: dict[str, Any]
    imported_at: str
    extracted_at: str | None
    pipeline_version: str | None
    counts: dict[str, int] = field(default_factory=dict)  # pending / accepted / rejected events

    @property
    def period(self) -> str:
        return f"{self.period_start} .. {self.period_end}" if self.period_start else ""


def document_from_row(row: dict[str, Any]) -> StoredDocument:
    row = dict(row)
    counts = {s: row.pop(s, 0) or 0 for s in ("pending", "accepted", "rejected")}
    meta = row.get("meta")
    row["meta"] = {} if not meta or meta == "{}" else json.loads(meta)  # most reports have none: no parse
    row.setdefault("text", "")
    return StoredDocument(**row, counts=counts)


def event_to_row(ev: Event) -> dict[str, Any]:
    row: dict[str, Any] = {k: getattr(ev, k) for k in EVENT_SCALARS}
    row["in_period"] = None if ev.in_period is None else int(ev.in_period)
    for k in EVENT_LISTS:
        row[k] = json.dumps(list(getattr(ev, k) or []), ensure_ascii=False)
    for k in COUNT_FIELDS:
        c = ev.counts.get(k)
        row[k] = c.value if c else None
        row[f"{k}_q"] = c.qualifier if c else None
    return row


def event_from_row(row: dict[str, Any], arguments: list[dict[str, Any]] | None = None) -> Event:
    kwargs: dict[str, Any] = {k: row[k] for k in EVENT_SCALARS}
    kwargs["in_period"] = None if row["in_period"] is None else bool(row["in_period"])
    for k in EVENT_LISTS:
        v = row[k]
        kwargs[k] = [] if not v or v == "[]" else json.loads(v)  # most lists are empty: no parse for those
    kwargs["counts"] = {
        k: Count(row[k], row[f"{k}_q"] or "exact") for k in COUNT_FIELDS if row[k] is not None
    }
    kwargs["arguments"] = [argument_from_row(a) for a in arguments or []]
    return Event(id=row["id"], document_id=row["document_id"], version=row["version"], **kwargs)


def argument_to_row(arg: Argument, event_id: int) -> dict[str, Any]:
    return {"event_id": event_id, "role": arg.role, "start": arg.start, "end": arg.end, "text": arg.text,
            "value": arg.value, "qualifier": arg.qualifier}


def argument_from_row(row: dict[str, Any]) -> Argument:
    return Argument(role=row["role"], start=row["start"], end=row["end"], text=row["text"],
                    value=row["value"], qualifier=row["qualifier"])


def fact_to_row(f: Fact) -> dict[str, Any]:
    row = {k: getattr(f, k) for k in FACT_SCALARS}
    row["value"] = json.dumps(f.value)
    return row


def fact_from_row(row: dict[str, Any]) -> Fact:
    kwargs = {k: row[k] for k in FACT_SCALARS}
    return Fact(value=json.loads(row["value"]), id=row["id"], document_id=row["document_id"],
                version=row["version"], **kwargs)


def event_snapshot(ev: Event) -> dict[str, Any]:
    """What the decision log keeps of an event: its row plus its argument spans."""
    snap = event_to_row(ev)
    snap["id"], snap["document_id"], snap["version"] = ev.id, ev.document_id, ev.version
    snap["arguments"] = [argument_to_row(a, ev.id or 0) | {"event_id": None} for a in ev.arguments]
    return snap


def event_from_snapshot(snap: dict[str, Any]) -> Event:
    row = dict(snap)
    args = row.pop("arguments", [])
    row["in_period"] = row.get("in_period")
    return event_from_row(row, args)


def fact_snapshot(f: Fact) -> dict[str, Any]:
    snap = fact_to_row(f)
    snap["id"], snap["document_id"], snap["version"] = f.id, f.document_id, f.version
    return snap
