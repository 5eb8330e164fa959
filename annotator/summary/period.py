"""Which documents and dates a summary (or an export) covers: a report, a reporting window, a month, a range."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from ..store import NotFound, Store

_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")
_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|to)\s*(\d{4}-\d{2}-\d{2})\s*$")
# "96th month", "96 months", "coalition 96th month", "78 months isis", "month 96"
_WINDOW = re.compile(r"^(?P<pre>.*?)\b(?:(?P<n>\d+)\s*(?:st|nd|rd|th)?\s+months?|months?\s+(?P<n2>\d+))\b(?P<post>.*)$",
                     re.IGNORECASE)
_FILLER = {"of", "the", "since", "in", "operations", "operation", "month", "months", "report", "series", "syria",
           "declaration", "state", "international", "and"}
DEFAULT_SERIES_WORD = "coalition"  # "Nth month" is the wording of the Coalition-operations series


class PeriodError(ValueError):
    """The period text matches nothing in the database, or matches it ambiguously."""


@dataclass
class PeriodSpec:
    query: str
    kind: str  # document | window | month | range
    label: str
    start: str  # ISO date, inclusive
    end: str  # ISO date, inclusive
    document_ids: list[int] | None = None  # None: every document whose period overlaps [start, end]
    notes: list[str] = field(default_factory=list)

    @property
    def belongs_to_documents(self) -> bool:
        """Report-scoped periods keep a report's undated events; calendar periods cannot place them."""
        return self.kind in ("document", "window")

    def to_dict(self) -> dict:
        return {"query": self.query, "kind": self.kind, "label": self.label, "start": self.start, "end": self.end}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def resolve_period(store: Store, query: str) -> PeriodSpec:
    """Read a period as the user typed it: YYYY-MM, START..END, "96th month [series]", or a report id / key."""
    text = (query or "").strip()
    if not text:
        raise PeriodError("no period given: use a report id or key, '96th month', YYYY-MM or START..END")
    m = _MONTH.match(text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"{text!r}: month {month} does not exist")
        last = calendar.monthrange(year, month)[1]
        return PeriodSpec(text, "month", f"{calendar.month_name[month]} {year}", f"{year:04d}-{month:02d}-01",
                          f"{year:04d}-{month:02d}-{last:02d}")
    m = _RANGE.match(text)
    if m:
        start, end = sorted((m.group(1), m.group(2)))
        return PeriodSpec(text, "range", f"{start} to {end}", start, end)
    m = _WINDOW.match(text)
    if m:
        return _window(store, text, int(m.group("n") or m.group("n2")), f"{m.group('pre')} {m.group('post')}")
    try:
        doc = store.find_document(text)
    except NotFound:
        raise PeriodError(f"{text!r} is neither a report id or key, nor '96th month', YYYY-MM or START..END") from None
    start = doc.period_start or doc.published
    end = doc.period_end or doc.published
    if not start:
        raise PeriodError(f"report {doc.key!r} has neither a period nor a publication date")
    return PeriodSpec(text, "document", doc.title, start, end, [doc.id])


def _window(store: Store, text: str, number: int, rest: str) -> PeriodSpec:
    words = [w for w in re.findall(r"[a-z]+", rest.lower()) if w not in _FILLER]
    ids = store.document_ids_of_month_number(number)  # in SQL, not by reading every report
    docs = store.documents(ids=ids) if ids else []
    if words:
        docs = [d for d in docs if all(w in (d.series or "").lower() or w in d.title.lower() for w in words)]
    series = sorted({d.series or "" for d in docs})
    if len(series) > 1:
        preferred = [d for d in docs if DEFAULT_SERIES_WORD in (d.series or "").lower()]
        if not preferred:
            raise PeriodError(f"{text!r} matches reports of several series ({', '.join(series)}): name one")
        docs = preferred
    if not docs:
        raise PeriodError(f"no report in the database covers the {ordinal(number)} month"
                          + (f" of a series matching {' '.join(words)!r}" if words else ""))
    start = min(d.period_start for d in docs)
    end = max(d.period_end or d.period_start for d in docs)
    label = docs[0].title if len(docs) == 1 else f"{ordinal(number)} month ({docs[0].series})"
    return PeriodSpec(text, "window", label, start, end, [d.id for d in docs])
