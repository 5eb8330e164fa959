"""Which span stands for an event in the span-based formats (DocBin, Prodigy JSONL, CoNLL, BRAT): one choice for
all of them, documented in docs/export-formats.md.

An event is carried by its TRIGGER: the trigger argument when it has one, else its evidence span. When several
events of a report share that span (a stated-batch sentence "entered on the 3rd, 5th and 16th" gives three
convoys with one evidence sentence), each is carried by its own date argument instead, so that no two events
share a trigger (BRAT forbids it, Prodigy and spaCy would see one span). Events still left sharing a span (no
distinct date) keep it, and the formats that cannot hold them say so.
"""
from __future__ import annotations

from collections import defaultdict

from ..domain import Argument, Event


CARRIER_ROLES = ("trigger", "date")  # the arguments event_spans reads (a writer's READS "carrier_arguments")


def trigger_span(ev: Event) -> tuple[int, int]:
    trig = next((a for a in ev.arguments if a.role == "trigger"), None)
    return (trig.start, trig.end) if trig else (ev.start, ev.end)


def _date_span(ev: Event) -> tuple[int, int] | None:
    date = next((a for a in ev.arguments if a.role == "date" and a.end > a.start), None)
    return (date.start, date.end) if date else None


def event_spans(events: list[Event]) -> dict[int, tuple[int, int]]:
    """id(event) -> the span that carries it; distinct for events that share a trigger but not a date."""
    by_span: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for ev in events:
        by_span[trigger_span(ev)].append(ev)
    out: dict[int, tuple[int, int]] = {}
    for span, group in by_span.items():
        dates = [_date_span(e) for e in group]
        distinct = len(group) > 1 and all(dates) and len(set(dates)) == len(group)
        for ev, date in zip(group, dates):
            out[id(ev)] = date if distinct else span
    return out


def span_of(ev: Event, spans: dict[int, tuple[int, int]] | None = None) -> tuple[int, int]:
    return (spans or {}).get(id(ev)) or trigger_span(ev)


def token_span(doc, ev: Event, carriers: dict[int, tuple[int, int]], key: str, skipped: list[str] | None):
    """The event's carrier span widened to whole tokens, or None (named in `skipped`) when it covers no token."""
    start, end = span_of(ev, carriers)
    span = doc.char_span(start, end, label=ev.type, alignment_mode="expand")
    if span is None or len(span) == 0:
        if skipped is not None:
            skipped.append(f"{key}: event {ev.id} ({ev.type} {start}..{end}) covers no token")
        return None
    return span


def role_arguments(ev: Event) -> list[Argument]:
    """Argument spans other than the trigger, in text order."""
    return sorted((a for a in ev.arguments if a.role != "trigger"), key=lambda a: (a.start, a.end, a.role))
