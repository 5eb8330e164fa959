"""Report series from resources/series.json: which series a report belongs to, and the period it covers.

The rules are data: a new series needs an entry in series.json, not code.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from dateutil.relativedelta import relativedelta

from annotator.domain import Period
from annotator.paths import resources_dir

PUBLISHED_RULES = ("day-after-period", "none")
FALLBACK_RULES = ("calendar-month-of-publication", "none")


@dataclass(frozen=True)
class Series:
    id: str
    name: str
    patterns: tuple[re.Pattern[str], ...]
    epoch: date
    start_offset_months: int
    published: str  # one of PUBLISHED_RULES

    def period(self, n: int) -> Period:
        """The window of month number n: [epoch + (n + offset) months, the day before the next window]."""
        k = n + self.start_offset_months
        start = self.epoch + relativedelta(months=k)
        end = self.epoch + relativedelta(months=k + 1) - timedelta(days=1)
        return Period(start.isoformat(), end.isoformat())

    def publication(self, n: int) -> str | None:
        if self.published != "day-after-period":
            return None
        return (date.fromisoformat(self.period(n).end) + timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class SeriesRules:
    series: tuple[Series, ...]
    search_lines: int
    fallback: str  # one of FALLBACK_RULES

    def match(self, title: str | None, text: str) -> tuple[Series, int] | None:
        """The series named in the title or the first lines of the text, with its month number."""
        lines = ([title] if title else []) + first_lines(text, self.search_lines)
        for line in lines:  # the earliest line that names a series decides
            for s in self.series:
                for pattern in s.patterns:
                    m = pattern.search(line)
                    if m:
                        return s, int(m.group("n"))
        return None

    def headline(self, text: str) -> str | None:
        """The first of the first lines that names a series (the report's headline), if any."""
        for line in first_lines(text, self.search_lines):
            if any(p.search(line) for s in self.series for p in s.patterns):
                return line
        return None

    def fallback_period(self, published: str | None) -> Period | None:
        if published is None or self.fallback != "calendar-month-of-publication":
            return None
        day = date.fromisoformat(published)
        first = day.replace(day=1)
        return Period(first.isoformat(), (first + relativedelta(months=1) - timedelta(days=1)).isoformat())


def first_lines(text: str, count: int, width: int = 1000) -> list[str]:
    """The first `count` non-empty lines, each cut to `width` characters (cheap on a 20 MB one-line file)."""
    lines: list[str] = []
    pos = 0
    while len(lines) < count and pos < len(text):
        end = text.find("\n", pos)
        if end == -1:
            end = len(text)
        line = text[pos:min(end, pos + width)]
        if line.strip():
            lines.append(line)
        pos = end + 1
    return lines


def load_series(path: str | Path | None = None) -> SeriesRules:
    """Parse series.json (the bundled one by default); a malformed file raises ValueError naming the problem."""
    path = Path(path) if path is not None else resources_dir() / "series.json"
    if path == resources_dir() / "series.json":
        return _bundled()
    return _parse(path)


@cache
def _bundled() -> SeriesRules:
    return _parse(resources_dir() / "series.json")


def _parse(path: Path) -> SeriesRules:
    raw = json.loads(path.read_text(encoding="utf-8"))
    series = []
    for entry in raw.get("series", []):
        try:
            s = Series(
                id=entry["id"],
                name=entry.get("name", entry["id"]),
                patterns=tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"]),
                epoch=date.fromisoformat(entry["epoch"]),
                start_offset_months=int(entry.get("start_offset_months", 0)),
                published=entry.get("published", "day-after-period"),
            )
        except (KeyError, ValueError, re.error) as e:
            raise ValueError(f"{path}: series {entry.get('id', '?')!r}: {e}") from e
        if s.published not in PUBLISHED_RULES:
            raise ValueError(f"{path}: series {s.id!r}: published must be one of {PUBLISHED_RULES}")
        if any("n" not in p.groupindex for p in s.patterns):
            raise ValueError(f"{path}: series {s.id!r}: every pattern needs a named group (?P<n>...)")
        series.append(s)
    fallback = raw.get("fallback", {}).get("rule", "none")
    if fallback not in FALLBACK_RULES:
        raise ValueError(f"{path}: fallback rule must be one of {FALLBACK_RULES}")
    return SeriesRules(tuple(series), int(raw.get("search_lines", 15)), fallback)
