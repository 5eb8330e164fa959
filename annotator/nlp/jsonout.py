"""The JSON shape of `annotator extract --format json` (DESIGN.md), one document at a time."""
from __future__ import annotations

from typing import Any

from ..domain import FACT_KINDS, Event, Period
from .service import Extraction


def event_json(e: Event) -> dict[str, Any]:
    # only a day dates an event in this shape; a month-precise date would read as the 1st
    date = e.date if e.date_precision in (None, "day") else None
    out: dict[str, Any] = {
        "type": e.type,
        "date": date,
        "location": e.location,
        "actors": list(e.actors),
        "actors_canonical": list(e.actors_canonical),  # the actor table's names for the phrases in "actors"
        "targets": list(e.targets),
        "killed": e.count("killed"), "injured": e.count("injured"),
        "arrested": e.count("arrested"), "trucks": e.count("trucks"),
        "start": e.start, "end": e.end, "evidence": e.evidence,
        "confidence": e.confidence,
        "source": "model" if e.origin == "model" else "rules",
        "rule": e.rule,
        "in_period": e.in_period,
        "location_name": e.location_name,
        "admin1": e.admin1,
        "lat": e.lat, "lon": e.lon,
        # a stated event the text gives no day for: proposed all the same, for a reviewer to date
        "flags": [] if date else ["no_date"],
    }
    if e.type == "convoy":
        out["direction"] = e.direction
    return out


def facts_json(ex: Extraction) -> dict[str, Any]:
    facts: dict[str, Any] = {k: None for k in FACT_KINDS}
    for f in ex.facts:
        if f.kind in facts and facts[f.kind] is None:
            facts[f.kind] = list(f.value) if f.kind == "batch_dates" else f.value
    return facts


def document_json(doc_id: str, title: str, published: str | None, period: Period | None,
                  ex: Extraction) -> dict[str, Any]:
    return {
        "id": doc_id,
        "title": title,
        "published": published,
        "period": {"start": period.start, "end": period.end} if period is not None else None,
        "facts": facts_json(ex),
        "events": [event_json(e) for e in ex.events],
    }
