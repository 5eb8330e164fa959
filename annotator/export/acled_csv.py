"""Events in the ACLED column layout, then our own columns (type, counts, review, provenance).

ACLED's columns come first and in ACLED's order, so the file loads into tools built for ACLED data. Values follow
ACLED's codebook (acled_values.py): actor names from our actor table's ACLED names, inter1/inter2 and
interaction in ACLED's label set and code order ("<label> only" for a sole actor), source and source_scale from
the report's series, notes as plain text. Places come from geo.py: country, iso, admin1-3 and coordinates from
the gazetteer, and a point is written only with a country that contains it (a convoy "from the Kurdistan Region
of Iraq" is coded at the Syrian crossing the sentence names, or left without coordinates). Other conventions:
event_id_cnty = ISO3 + number, time_precision 1/2/3 (day/week/month), geo_precision 1/2/3 (town/district/
province), fatalities 0 when none are stated; an undated event keeps event_date and year empty.
A text cell starting with = + - @ (or a tab / carriage return) gets a leading ' so that no spreadsheet runs it.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..domain import COUNT_FIELDS, EVENT_TYPES, Event
from .acled_values import acled_actors, interaction, inter_label, plain_text, source_of, target_actors
from .geo import REGION, shared_export_place
from .page_cache import DropBehind
from .selection import ExportDocument, ExportResult

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
OUR_COLUMNS = (
    "annotator_event_type", "interaction_code", "targets", "location_as_written", "geonames_id", "place_note",
    *COUNT_FIELDS, *(f"{k}_qualifier" for k in COUNT_FIELDS), "direction",
    "review_status", "reviewer", "reviewed_at", "reject_reason", "origin", "rule", "confidence",
    "document_id", "document_key", "document_title", "start", "end", "event_id",
)
COLUMNS = ACLED_COLUMNS + OUR_COLUMNS
READS: set[str] = set()  # neither events' arguments nor stated totals: run_export does not read them
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")

TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
# Gazetteer kinds (resources/gazetteer.jsonl) -> ACLED geo_precision: 1 the place itself, 2 near it or part of a
# region, 3 only the province (or wider) is known.
GEO_PRECISION = {"village": 1, "town": 1, "city": 1, "neighbourhood": 1, "base": 1, "airport": 1, "camp": 1,
                 "crossing": 1, "dam": 1, "oil_field": 1, "gas_field": 1, "field": 1,
                 "district": 2, "subdistrict": 2, "region": 2, "road": 2, "route": 2, "river": 2, "border": 2,
                 "governorate": 3, "country": 3,
                 # resolved through the place that encloses it ("X in rural Y" coded at Y): near Y
                 "near": 2}
DISORDER = {"Strategic developments": "Strategic developments", "Protests": "Demonstrations",
            "Riots": "Demonstrations"}
ARMED_WORDS = ("force", "forces", "militia", "militiamen", "soldier", "fighter", "member", "isis", "sdf",
               "commander", "army", "base", "position", "cell", "officer", "launcher")


def neutralise(value: Any) -> Any:
    """Numbers stay numbers (a negative longitude is data, not a formula), but inf and nan are no value: a
    spreadsheet reads "-inf" or "nan" as text or an error, so they become empty cells. A string that starts,
    after any blanks, with a formula character gets a leading apostrophe (spreadsheets skip the blanks)."""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, str) and value.lstrip(" \n\u00a0").startswith(DANGEROUS_START):
        return "'" + value
    return value


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


class _RowContext:
    """What an export computes once per distinct value rather than once per event: a report's source, an actor
    list's ACLED actors and interaction. Measured on 1,000 generated reports (20,525 events): the per-event
    actor-table lookups and the per-cell DictWriter/neutralise work were two thirds of the export's time."""
    LIMIT = 20_000  # distinct actor/target lists kept; past that the cache restarts (memory stays bounded)

    def __init__(self) -> None:
        self.actors: dict[tuple, tuple] = {}
        self.sources: dict[int, tuple[str, str]] = {}

    def source(self, doc) -> tuple[str, str]:
        got = self.sources.get(doc.id)
        if got is None:
            if len(self.sources) > self.LIMIT:
                self.sources.clear()
            got = self.sources[doc.id] = source_of(doc)
        return got

    def parties(self, names: list[str], targets: list[str]) -> tuple:
        key = (tuple(names), tuple(targets))
        got = self.actors.get(key)
        if got is None:
            if len(self.actors) > self.LIMIT:
                self.actors.clear()
            got = self.actors[key] = _parties(names, targets)
        return got


def _parties(names: list[str], targets_written: list[str]) -> tuple:
    actors = acled_actors(names)
    (actor1, code1), assoc1 = (actors[0], "; ".join(a for a, _ in actors[1:])) if actors else (("", None), "")
    targets = [t for t in target_actors(targets_written) if t[0] != actor1]
    (actor2, code2), assoc2 = (targets[0], "; ".join(a for a, _ in targets[1:])) if targets else (("", None), "")
    label, code = interaction(code1, code2)
    civilians = code2 == 7 or any("civilian" in t.lower() for t in targets_written)
    return (actor1, assoc1, inter_label(code1), actor2, assoc2, inter_label(code2), label,
            "Civilian targeting" if civilians else "", code)


_RISKY_FIRST = frozenset(" \n\u00a0" + "".join(DANGEROUS_START))  # a cell starting otherwise is never changed


def event_values(ev: Event, ed: ExportDocument, skipped: list[str] | None = None,
                 context: _RowContext | None = None) -> list[Any]:
    """One event's cells in COLUMNS order, neutralised (the same values as event_row, without a dict)."""
    ctx = context or _RowContext()
    doc = ed.document
    event_type, sub_type = acled_types(ev)
    actor1, assoc1, inter1, actor2, assoc2, inter2, label, civilian, code = ctx.parties(
        ev.actors_canonical or ev.actors, ev.targets)
    counts = ev.counts
    tags = "; ".join(f"{k}: {c.qualifier}" for k, c in counts.items() if c.qualifier != "exact")
    place = shared_export_place(ev)  # computed once per distinct place (geo.py); read, never changed here
    if place.note and skipped is not None:
        skipped.append(f"{doc.key}: event {ev.id} ({ev.type}): {place.note}")
    source, scale = ctx.source(doc)
    located = place.located
    date = ev.date
    row = [
        f"{place.iso3}{ev.id}", date or "", int(date[:4]) if date else "",
        TIME_PRECISION.get(ev.date_precision or "", ""),
        DISORDER.get(event_type, "Political violence") if event_type else "",
        event_type, sub_type, actor1, assoc1, inter1, actor2, assoc2, inter2, label, civilian,
        place.iso, REGION, place.country, place.admin1, place.admin2, place.admin3, place.location,
        place.lat if located else "", place.lon if located else "",
        GEO_PRECISION.get(place.kind.lower(), 2) if located else "",
        source, scale, plain_text(ev.evidence), ev.count("killed") or 0, tags, _timestamp(ev.reviewed_at),
        ev.type, code, "; ".join(ev.targets), ev.location or "", place.geonames_id or "", place.note,
    ]
    got = [counts.get(k) for k in COUNT_FIELDS]
    row += [c.value if c else "" for c in got]
    row += [c.qualifier if c else "" for c in got]
    row += [
        ev.direction or "", ev.status, ev.reviewer or "", ev.reviewed_at or "", ev.reject_reason or "",
        ev.origin, ev.rule or "", ev.confidence if ev.confidence is not None else "",
        doc.id, doc.key, doc.title, ev.start, ev.end, ev.id,
    ]
    # neutralise(), with a cheap first look: it runs on every cell of every row, and few cells start with a blank
    # or a formula character. (A whole-row look, a set of the cells' types and a comprehension of their first
    # characters, was measured slower: 12.9 against 8.0 us a row.)
    risky, finite = _RISKY_FIRST, math.isfinite
    for i, v in enumerate(row):
        t = type(v)
        if t is str:
            if v and v[0] in risky:
                row[i] = neutralise(v)
        elif t is float:
            if not finite(v):
                row[i] = ""
        elif t is not int and isinstance(v, (str, float)):
            row[i] = neutralise(v)
    return row


def event_row(ev: Event, ed: ExportDocument, skipped: list[str] | None = None) -> dict[str, Any]:
    return dict(zip(COLUMNS, event_values(ev, ed, skipped)))


def write_acled_csv(docs: Sequence[ExportDocument], out: Path, *,
                    progress: Callable[[int, str], None] | None = None) -> ExportResult:
    result = ExportResult("acled-csv", [out])
    out.parent.mkdir(parents=True, exist_ok=True)
    # utf-8-sig: spreadsheets then read the names' accents and curly quotes right.
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS)
        context = _RowContext()
        behind = DropBehind(fh)
        for i, ed in enumerate(docs, 1):
            for ev in sorted(ed.events, key=lambda e: (e.date or "", e.start)):
                writer.writerow(event_values(ev, ed, result.skipped, context))
                result.events += 1
            result.documents += 1
            behind.wrote()
            if progress:
                progress(i, ed.document.title)
    return result
