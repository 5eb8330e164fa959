"""The vocabulary shared by every layer: event types, counts, events, stated totals.

No Qt and no SQL here, so that storage, nlp, export and the GUI agree on one shape.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# type -> (ACLED event_type, ACLED sub_event_type, family, highlight colour, label)
# The family grouping follows ../shared/tools/score_events.py.
EVENT_TYPES: dict[str, tuple[str, str, str, str, str]] = {
    "convoy": ("Strategic developments", "Other", "movement", "#4e79a7", "Convoy"),
    "security_operation": ("Strategic developments", "Arrests", "security", "#f28e2b", "Security operation"),
    "arrest": ("Strategic developments", "Arrests", "security", "#edc948", "Arrest"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike", "remote", "#e15759", "Airstrike"),
    "drone_strike": ("Explosions/Remote violence", "Air/drone strike", "remote", "#ff9d9a", "Drone strike"),
    "rocket_attack": ("Explosions/Remote violence", "Shelling/artillery/missile attack", "remote", "#b07aa1", "Rocket attack"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack", "remote", "#d4a6c8", "Shelling"),
    "ied_explosion": ("Explosions/Remote violence", "Remote explosive/landmine/IED", "remote", "#9c755f", "IED explosion"),
    "armed_clash": ("Battles", "Armed clash", "battle", "#76b7b2", "Armed clash"),
    "military_exercise": ("Strategic developments", "Other", "movement", "#59a14f", "Military exercise"),
    "patrol": ("Strategic developments", "Other", "movement", "#8cd17d", "Patrol"),
    "base_established": ("Strategic developments", "Headquarters or base established", "movement", "#86bcb6", "Base established"),
    "protest": ("Protests", "Peaceful protest", "protest", "#bab0ac", "Protest"),
    "attack_other": ("Violence against civilians", "Attack", "battle", "#ff7f0e", "Attack (other)"),
}

COUNT_FIELDS = ("killed", "injured", "arrested", "trucks")
FACT_KINDS = ("trucks", "batches", "batch_dates", "joint_operations", "arrested", "killed")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "vague")
STATUSES = ("pending", "accepted", "rejected")
ORIGINS = ("rules", "model", "reviewer", "import")
DIRECTIONS = ("entering", "leaving", "internal")
DATE_PRECISIONS = ("day", "week", "month")
REJECT_REASONS = ("not an event", "wrong type", "duplicate", "outside the period", "not dated", "other")
ARGUMENT_ROLES = ("trigger", "actor", "target", "location", "date") + COUNT_FIELDS


def family(event_type: str) -> str:
    return EVENT_TYPES[event_type][2] if event_type in EVENT_TYPES else "other"


@dataclass
class Count:
    value: int
    qualifier: str = "exact"  # one of QUALIFIERS


@dataclass
class Argument:
    """A span inside the text that fills a role of an event (offsets into the stored text)."""
    role: str
    start: int
    end: int
    text: str
    value: str | None = None  # normalised: canonical name, ISO date, number as text
    qualifier: str | None = None


@dataclass
class Event:
    type: str
    start: int
    end: int
    evidence: str
    date: str | None = None
    date_precision: str | None = None
    end_date: str | None = None
    in_period: bool | None = None  # None when the document has no period
    location: str | None = None  # text as it appears
    location_name: str | None = None  # gazetteer canonical name
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: str | None = None  # gazetteer kind, or "unresolved"
    actors: list[str] = field(default_factory=list)
    actors_canonical: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    counts: dict[str, Count] = field(default_factory=dict)  # keys from COUNT_FIELDS
    direction: str | None = None
    origin: str = "rules"
    rule: str | None = None
    confidence: float = 0.5
    status: str = "pending"
    reviewer: str | None = None
    reviewed_at: str | None = None
    reject_reason: str | None = None
    note: str | None = None
    arguments: list[Argument] = field(default_factory=list)
    id: int | None = None
    document_id: int | None = None
    version: int = 1

    def count(self, name: str) -> int | None:
        c = self.counts.get(name)
        return c.value if c else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Fact:
    """A total the report states for its period ("250 trucks ... in six batches")."""
    kind: str  # one of FACT_KINDS
    value: Any  # int, or a list of ISO dates for batch_dates
    start: int
    end: int
    evidence: str
    qualifier: str = "exact"
    origin: str = "rules"
    rule: str | None = None
    confidence: float = 0.8
    status: str = "pending"
    reviewer: str | None = None
    reviewed_at: str | None = None
    reject_reason: str | None = None
    id: int | None = None
    document_id: int | None = None
    version: int = 1


@dataclass
class Period:
    start: str  # ISO date, inclusive
    end: str  # ISO date, inclusive


@dataclass
class DocumentIn:
    """A report as read from a file, before it is stored."""
    text: str
    title: str
    source: str  # path or URL
    source_kind: str  # txt, md, html, jsonl
    key: str  # file stem, or meta.id of a JSONL line
    published: str | None = None
    published_source: str | None = None  # option, meta, last-update line, month heading
    series: str | None = None
    month_number: int | None = None
    period: Period | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Review decisions carried by an imported JSONL line (events, spans, facts, answer), restored after import.
    annotations: dict[str, Any] | None = None
