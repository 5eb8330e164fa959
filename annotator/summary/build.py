"""Aggregation: a SummaryInput (documents, events, stated totals) becomes the summary dictionary.

The dictionary IS the documented JSON (docs/summary-json.md); every renderer reads it, so the Markdown, HTML,
PDF and window views can never disagree with the JSON that tests check. Pure functions: no database here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..domain import COUNT_FIELDS, EVENT_TYPES, FACT_KINDS, Event, Fact
from ..store import StoredDocument
from . import words
from .checks import document_checks, entering_convoys
from .citations import citation, document_url
from .headline import STRIKE_TYPES, actor_of, headline
from .period import PeriodSpec
from .presentation import FACT_LABELS

SCHEMA = "annotator.summary/1"
BASIS = "accepted events and accepted stated totals only"
QUOTE_CHARS = 160


PENDING_ITEMS = 500  # pending candidates listed by name; `pending.events`/`pending.facts` count them all


@dataclass
class Tallies:
    """What the store counted in SQL, when the input holds only the accepted objects and the first pending ones
    (annotator.summary.source): a year of 100,000 reports has ~390,000 candidates, too many to read to count."""
    in_window: dict[int, dict[str, int]]  # report id -> status -> its events dated in the summary's window
    pending_events: int  # pending events dated in the window or undated
    pending_facts: int


@dataclass
class SummaryInput:
    period: PeriodSpec
    documents: list[StoredDocument]
    events: list[Event]  # every event of the documents, whatever its status or date (with tallies: see Tallies)
    facts: list[Fact]  # every stated total of the documents, whatever its status (with tallies: see Tallies)
    tallies: Tallies | None = None


def source_uri(document_id: int, start: int, end: int) -> str:
    """The window's own address for a sentence (a local database id): used inside the app only, never written
    into a published summary (see citations.py)."""
    return f"annotator://document/{document_id}?start={start}&end={end}"


def short_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """At most `limit` characters, cut at a word (never mid-word), with an ellipsis when cut."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut and not flat[limit - 1].isspace():
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


class Labels:
    """Gives each cited event ("E1", ...) and stated total ("S1", ...) one label and records its source."""

    def __init__(self, documents: dict[int, StoredDocument]):
        self._documents = documents
        self._labels: dict[tuple[str, int], str] = {}
        self._next = {"E": 1, "S": 1}
        self.sources: dict[str, dict[str, Any]] = {}

    def __call__(self, obj: Event | Fact) -> str:
        prefix = "E" if isinstance(obj, Event) else "S"
        key = (prefix, obj.id)
        if key not in self._labels:
            label = f"{prefix}{self._next[prefix]}"
            self._next[prefix] += 1
            self._labels[key] = label
            doc = self._documents.get(obj.document_id)
            self.sources[label] = {
                "object": "event" if prefix == "E" else "fact", "id": obj.id, "document_id": obj.document_id,
                "document_key": doc.key if doc else None, "start": obj.start, "end": obj.end,
                "uri": source_uri(obj.document_id, obj.start, obj.end), "quote": short_quote(obj.evidence),
                "cite": citation(doc, obj.start, obj.end, obj.evidence),
            }
        return self._labels[key]


def _in_window(ev: Event, start: str | None, end: str | None) -> bool:
    """Dated events only: an undated event cannot be placed in any window (it is listed as needing a date)."""
    if not ev.date:
        return False
    if not start:
        return True
    return start <= ev.date[:10] <= (end or start)


def _counts(ev: Event) -> dict[str, dict[str, Any]]:
    return {k: {"value": c.value, "qualifier": c.qualifier} for k, c in ev.counts.items() if k in COUNT_FIELDS}


def _timeline_row(ev: Event, label: str, doc: StoredDocument | None) -> dict[str, Any]:
    return {
        "ref": label, "event_id": ev.id, "document_id": ev.document_id, "document_key": doc.key if doc else None,
        "date": ev.date, "date_precision": ev.date_precision, "end_date": ev.end_date,
        "type": ev.type, "label": EVENT_TYPES.get(ev.type, ("", "", "", "", ev.type))[4],
        "location": ev.location, "location_name": ev.location_name, "admin1": ev.admin1, "lat": ev.lat,
        "lon": ev.lon, "actors": ev.actors_canonical or ev.actors, "targets": ev.targets,
        "direction": ev.direction, "counts": _counts(ev), "quote": short_quote(ev.evidence),
        "start": ev.start, "end": ev.end, "origin": ev.origin, "reviewer": ev.reviewer,
    }


def _total_row(event_type: str, label: str, evs: list[Event], labels: Labels) -> dict[str, Any]:
    row: dict[str, Any] = {"type": event_type, "label": label, "events": len(evs)}
    for k in COUNT_FIELDS:
        row[k] = sum(e.count(k) or 0 for e in evs)
    # A stated truck total counts entering convoys only (DESIGN.md); the totals row follows it, so that it can
    # stand beside the headline. Leaving and internal convoys are in convoys_by_direction.
    row["trucks"] = sum(e.count("trucks") or 0 for e in entering_convoys(evs))
    row["approximate"] = any(c.qualifier != "exact" for e in evs for c in e.counts.values())
    row["refs"] = [labels(e) for e in evs]
    return row


def totals(events: list[Event], labels: Labels) -> dict[str, Any]:
    by_type = [_total_row(t, spec[4], [e for e in events if e.type == t], labels)
               for t, spec in EVENT_TYPES.items() if any(e.type == t for e in events)]
    unknown = sorted({e.type for e in events} - set(EVENT_TYPES))
    by_type += [_total_row(t, t, [e for e in events if e.type == t], labels) for t in unknown]
    directions: dict[str, dict[str, Any]] = {}
    for e in events:
        if e.type == "convoy":
            d = directions.setdefault(e.direction or "unknown", {"events": 0, "trucks": 0, "refs": []})
            d["events"] += 1
            d["trucks"] += e.count("trucks") or 0
            d["refs"].append(labels(e))
    return {"by_type": by_type, "all": _total_row("all", "All events", events, labels),
            "convoys_by_direction": directions}


def strikes_by_actor(events: list[Event], labels: Labels) -> list[dict[str, Any]]:
    groups: dict[str, list[Event]] = {}
    for e in events:
        if e.type in STRIKE_TYPES:
            groups.setdefault(actor_of(e), []).append(e)
    rows = []
    for actor, evs in groups.items():
        by_type: dict[str, int] = {}
        for e in evs:
            by_type[e.type] = by_type.get(e.type, 0) + 1
        rows.append({"actor": actor, "events": len(evs), "by_type": by_type,
                     "killed": sum(e.count("killed") or 0 for e in evs),
                     "injured": sum(e.count("injured") or 0 for e in evs), "refs": [labels(e) for e in evs]})
    return sorted(rows, key=lambda r: (-r["events"], r["actor"]))


def _stated_values(facts: list[Fact]) -> dict[str, Any]:
    out: dict[str, Any] = {k: None for k in FACT_KINDS}
    for f in facts:
        if f.kind in out and out[f.kind] is None:
            out[f.kind] = sorted(f.value) if isinstance(f.value, list) else f.value
    return out


def _pending_item(obj: Event | Fact, doc: StoredDocument | None) -> dict[str, Any]:
    is_event = isinstance(obj, Event)
    return {"object": "event" if is_event else "fact", "id": obj.id, "document_id": obj.document_id,
            "document_key": doc.key if doc else None, "type": obj.type if is_event else obj.kind,
            "date": obj.date if is_event else None, "value": None if is_event else obj.value,
            "label": (EVENT_TYPES.get(obj.type, ("", "", "", "", obj.type))[4] if is_event
                      else FACT_LABELS.get(obj.kind, obj.kind)),
            "start": obj.start, "end": obj.end, "uri": source_uri(obj.document_id, obj.start, obj.end),
            "quote": short_quote(obj.evidence), "cite": citation(doc, obj.start, obj.end, obj.evidence)}


def _by_document(items: list) -> dict[int, list]:
    out: dict[int, list] = {}
    for item in items:
        out.setdefault(item.document_id, []).append(item)
    return out


def _sort_key(ev: Event) -> tuple:
    return (ev.date is None, ev.date or "", ev.document_id or 0, ev.start, ev.id or 0)


def build_summary(inp: SummaryInput, *, generated_at: str | None = None) -> dict[str, Any]:
    period = inp.period
    tallies = inp.tallies
    docs = {d.id: d for d in inp.documents}
    labels = Labels(docs)

    in_scope = [e for e in inp.events if e.document_id in docs and _in_window(e, period.start, period.end)]
    # Accepted but undated: the summary cannot place them in any window, so they are left out of every figure
    # and listed as needing a date (a report-scoped summary is unverified until they get one).
    needs_date = sorted((e for e in inp.events if e.document_id in docs and e.status == "accepted"
                         and not e.date), key=_sort_key)
    accepted = sorted((e for e in in_scope if e.status == "accepted"), key=_sort_key)
    # an undated pending candidate is still work left in these reports: it keeps the summary unverified
    pending_events = sorted((e for e in inp.events if e.document_id in docs and e.status == "pending"
                             and (not e.date or _in_window(e, period.start, period.end))), key=_sort_key)
    accepted_facts = [f for f in inp.facts if f.status == "accepted" and f.document_id in docs]
    pending_facts = [f for f in inp.facts if f.status == "pending" and f.document_id in docs]

    timeline = [_timeline_row(e, labels(e), docs.get(e.document_id)) for e in accepted]
    stated = []
    for f in sorted(accepted_facts, key=lambda f: (f.document_id, f.start, f.id or 0)):
        doc = docs.get(f.document_id)
        stated.append({"ref": labels(f), "fact_id": f.id, "document_id": f.document_id,
                       "document_key": doc.key if doc else None, "kind": f.kind, "value": f.value,
                       "qualifier": f.qualifier, "start": f.start, "end": f.end, "quote": short_quote(f.evidence)})

    # Checks compare a report's totals with that report's own accepted events over its own window, which is
    # not the summary's window when the summary covers a calendar month.
    # Grouped by report once: filtering every list per report made a year's summary quadratic (46 s at 10,000
    # reports, `annotator benchmark --scale`). Each group keeps the lists' order.
    facts_of, accepted_of, scoped_of = _by_document(accepted_facts), _by_document(
        [e for e in inp.events if e.status == "accepted"]), _by_document(in_scope)
    checks, documents = [], []
    for doc in inp.documents:
        own_facts = facts_of.get(doc.id, [])
        own_events = [e for e in accepted_of.get(doc.id, []) if _in_window(e, doc.period_start, doc.period_end)]
        for c in document_checks(own_facts, own_events, labels):
            checks.append({"document_id": doc.id, "document_key": doc.key} | c)
        scoped = scoped_of.get(doc.id, [])
        documents.append({
            "id": doc.id, "key": doc.key, "title": doc.title, "published": doc.published, "series": doc.series,
            "url": document_url(doc), "content_hash": f"sha256:{doc.content_hash}" if doc.content_hash else None,
            "month_number": doc.month_number,
            "period": {"start": doc.period_start, "end": doc.period_end} if doc.period_start else None,
            "stated": _stated_values(own_facts),
            "events": ({s: tallies.in_window.get(doc.id, {}).get(s, 0) for s in ("accepted", "pending", "rejected")}
                       if tallies else {s: sum(1 for e in scoped if e.status == s)
                                        for s in ("accepted", "pending", "rejected")}),
        })

    scoped_ids = {id(e) for e in in_scope}
    out_of_scope = [e for e in inp.events
                    if e.document_id in docs and e.status == "accepted" and id(e) not in scoped_ids]
    n_pending_events = tallies.pending_events if tallies else len(pending_events)
    n_pending_facts = tallies.pending_facts if tallies else len(pending_facts)
    pending_n = n_pending_events + n_pending_facts
    undated_n = len(needs_date) if period.belongs_to_documents else 0
    sentences = headline(accepted, accepted_facts, labels, pending=pending_n, undated=undated_n,
                         with_year=words.spans_years(period.start, period.end),
                         single_report=len(inp.documents) == 1)
    return {
        "schema": SCHEMA,
        "generated_at": generated_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "basis": BASIS,
        "period": period.to_dict(),
        # No report in the period: nothing was reviewed, so nothing can be called verified.
        "verified": bool(inp.documents) and pending_n == 0 and undated_n == 0,
        "pending": {"events": n_pending_events, "facts": n_pending_facts,
                    "items": [_pending_item(o, docs.get(o.document_id))
                              for o in (pending_events + pending_facts)[:PENDING_ITEMS]]},
        "needs_date": [_pending_item(e, docs.get(e.document_id)) for e in needs_date],
        "documents": documents,
        "headline": {"text": " ".join(s["text"] for s in sentences), "sentences": sentences},
        "totals": totals(accepted, labels),
        "strikes_by_actor": strikes_by_actor(accepted, labels),
        "stated": stated,
        "checks": checks,
        "timeline": timeline,
        "left_out": {"outside_period": sum(1 for e in out_of_scope if e.date),
                     "undated": len(needs_date)},
        "sources": labels.sources,
    }
