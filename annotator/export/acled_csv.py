"""Events in the ACLED column layout, then our own columns (type, counts, review, provenance).

ACLED's columns come first and in ACLED's order, so the file loads into tools built for ACLED data; ACLED
conventions kept: event_id_cnty = ISO3 + number, time_precision 1/2/3 (day/week/month), geo_precision 1/2/3
(town/district/province), fatalities 0 when none are stated. Actor typing (inter1/inter2) follows ACLED's
categories from the canonical actor names; a name it cannot place is left blank rather than guessed.
A text cell starting with = + - @ (or a tab / carriage return) gets a leading ' so that no spreadsheet runs it.
"""
from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..domain import COUNT_FIELDS, EVENT_TYPES, Event
from .selection import ExportDocument, ExportResult

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
OUR_COLUMNS = (
    "annotator_event_type", *COUNT_FIELDS, *(f"{k}_qualifier" for k in COUNT_FIELDS), "direction",
    "review_status", "reviewer", "reviewed_at", "reject_reason", "origin", "rule", "confidence",
    "document_id", "document_key", "document_title", "start", "end", "event_id",
)
COLUMNS = ACLED_COLUMNS + OUR_COLUMNS
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")

COUNTRY = {"iso": 760, "region": "Middle East", "country": "Syria", "iso3": "SYR"}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
# Gazetteer kinds (resources/gazetteer.jsonl) -> ACLED geo_precision: 1 the place itself, 2 near it or part of a
# region, 3 only the province (or wider) is known.
GEO_PRECISION = {"village": 1, "town": 1, "city": 1, "neighbourhood": 1, "base": 1, "airport": 1, "camp": 1,
                 "crossing": 1, "dam": 1, "oil_field": 1, "gas_field": 1, "field": 1,
                 "district": 2, "subdistrict": 2, "region": 2, "road": 2, "route": 2, "river": 2, "border": 2,
                 "governorate": 3, "country": 3}
DISORDER = {"Strategic developments": "Strategic developments", "Protests": "Demonstrations",
            "Riots": "Demonstrations"}
# ACLED actor categories, matched on lower-case words of the canonical name (first match wins).
INTER = (
    (("regime", "syrian army", "government forces", "military forces of syria", "ndf", "national defence"),
     "State forces"),
    (("coalition", "us forces", "american", "united states", "russian", "turkish", "iranian forces", "centcom"),
     "External/Other forces"),
    (("sdf", "syrian democratic", "asayish", "asayesh", "isis", "islamic state", "free syria", "jaysh", "fsa",
      "counter-terrorism", "hts"), "Rebel group"),
    (("militia", "fatemiyoun", "hezbollah", "liwaa", "nujaba"), "Political militia"),
    (("protester", "demonstrator"), "Protesters"),
    (("civilian", "resident", "shepherd", "farmer", "child", "woman", "women"), "Civilians"),
)
ARMED_WORDS = ("force", "forces", "militia", "militiamen", "soldier", "fighter", "member", "isis", "sdf",
               "commander", "army", "base", "position", "cell", "officer", "launcher")


def neutralise(value: Any) -> Any:
    """Strings only: numbers stay numbers (a negative longitude is data, not a formula)."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def inter(name: str | None) -> str:
    if not name:
        return ""
    low = name.lower()
    return next((cat for words, cat in INTER if any(w in low for w in words)), "")


def _armed_target(ev: Event) -> bool:
    return any(w in t.lower() for t in ev.targets for w in ARMED_WORDS)


def acled_types(ev: Event) -> tuple[str, str]:
    """DESIGN.md's table, with its two conditional rows."""
    if ev.type == "security_operation" and (ev.count("killed") or 0) > 0:
        return "Battles", "Armed clash"
    if ev.type == "attack_other" and _armed_target(ev):
        return "Battles", "Armed clash"
    spec = EVENT_TYPES.get(ev.type)
    return (spec[0], spec[1]) if spec else ("", "")


def _timestamp(value: str | None) -> int | str:
    if not value:
        return ""
    try:
        return int(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return ""


def event_row(ev: Event, ed: ExportDocument) -> dict[str, Any]:
    doc = ed.document
    event_type, sub_type = acled_types(ev)
    actors = ev.actors_canonical or ev.actors
    actor1, assoc1 = (actors[0], "; ".join(actors[1:])) if actors else ("", "")
    actor2, assoc2 = (ev.targets[0], "; ".join(ev.targets[1:])) if ev.targets else ("", "")
    inter1, inter2 = inter(actor1), inter(actor2)
    civilians = inter2 == "Civilians" or any("civilian" in t.lower() for t in ev.targets)
    tags = "; ".join(f"{k}: {c.qualifier}" for k, c in ev.counts.items() if c.qualifier != "exact")
    row: dict[str, Any] = {
        "event_id_cnty": f"{COUNTRY['iso3']}{ev.id}", "event_date": ev.date or "",
        "year": int(ev.date[:4]) if ev.date else "", "time_precision": TIME_PRECISION.get(ev.date_precision or "", ""),
        "disorder_type": DISORDER.get(event_type, "Political violence") if event_type else "",
        "event_type": event_type, "sub_event_type": sub_type, "actor1": actor1, "assoc_actor_1": assoc1,
        "inter1": inter1, "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2,
        "interaction": "-".join(x for x in (inter1, inter2) if x),
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": COUNTRY["iso"], "region": COUNTRY["region"], "country": COUNTRY["country"],
        "admin1": ev.admin1 or "", "admin2": "", "admin3": "", "location": ev.location_name or ev.location or "",
        "latitude": ev.lat if ev.lat is not None else "", "longitude": ev.lon if ev.lon is not None else "",
        "geo_precision": GEO_PRECISION.get((ev.location_precision or "").lower(), 2 if ev.lat is not None else ""),
        "source": doc.meta.get("publisher") or doc.meta.get("source_name") or doc.title,
        "source_scale": doc.meta.get("source_scale", ""),
        "notes": " ".join(ev.evidence.split()), "fatalities": ev.count("killed") or 0, "tags": tags,
        "timestamp": _timestamp(ev.reviewed_at),
        "annotator_event_type": ev.type, "direction": ev.direction or "", "review_status": ev.status,
        "reviewer": ev.reviewer or "", "reviewed_at": ev.reviewed_at or "", "reject_reason": ev.reject_reason or "",
        "origin": ev.origin, "rule": ev.rule or "", "confidence": ev.confidence if ev.confidence is not None else "",
        "document_id": doc.id, "document_key": doc.key, "document_title": doc.title, "start": ev.start,
        "end": ev.end, "event_id": ev.id,
    }
    for k in COUNT_FIELDS:
        c = ev.counts.get(k)
        row[k] = c.value if c else ""
        row[f"{k}_qualifier"] = c.qualifier if c else ""
    return {k: neutralise(v) for k, v in row.items()}


def write_acled_csv(docs: Sequence[ExportDocument], out: Path, *,
                    progress: Callable[[int, str], None] | None = None) -> ExportResult:
    result = ExportResult("acled-csv", [out])
    out.parent.mkdir(parents=True, exist_ok=True)
    # utf-8-sig: spreadsheets then read the names' accents and curly quotes right.
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for i, ed in enumerate(docs, 1):
            for ev in sorted(ed.events, key=lambda e: (e.date or "", e.start)):
                writer.writerow(event_row(ev, ed))
                result.events += 1
            result.documents += 1
            if progress:
                progress(i, ed.document.title)
    return result
