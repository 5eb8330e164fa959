"""Reading the metadata lines at the top of a news item from its plain text (no spaCy needed).

The date line, byline and "CITY, Region —" dateline that datelines.py marks on a Doc are found here, on text, so
that import (ingest/metadata.py) can take an item's publication date from them without loading spaCy: a
`--no-extract` import of 300 reports spent 1.3 s of its 2.2 s importing spaCy for this alone.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .config import load_json


@dataclass(frozen=True, slots=True)
class Dateline:
    """What the metadata lines of an item hold: token ranges (start, end) and what they say."""
    ranges: tuple[tuple[int, int], ...] = ()  # every metadata line or opening, in tokens
    place: str | None = None  # as written: "BEIRUT", "Qamishli"
    place_tokens: tuple[int, int] | None = None
    date: str | None = None  # ISO, when the dateline or a date line writes a full date
    agency: str | None = None
    kinds: tuple[str, ...] = field(default=())  # "date_line", "byline", "dateline" per range

    def covers(self, start: int, end: int) -> bool:
        """Whether tokens start..end-1 lie inside one of the metadata ranges."""
        return any(s <= start and end <= e for s, e in self.ranges)


_MARKUP = " \t\r*_#>"  # white space and Markdown emphasis around a metadata line


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class DatelineReader:
    """The regular expressions for one configuration; find(text) works on plain text."""

    def __init__(self, cfg: dict):
        dl = cfg["datelines"]
        self.search_chars = int(dl["search_chars"])
        self.max_line = int(dl["max_line_chars"])
        self.months = cfg["months"]
        months = _alt([m.title() for m in self.months] + [m.upper() for m in self.months]) + r"(?:\.)?"
        weekdays = _alt([w.title() for w in cfg["weekdays"]] + [w[:3].title() for w in cfg["weekdays"]]
                        + [w.upper() for w in cfg["weekdays"]])
        day = r"\d{1,2}(?:st|nd|rd|th)?"
        year = r"(?:19|20)\d\d"
        date = (rf"(?:(?:{weekdays}),?\s+)?(?:(?P<m1>{months})\s+(?P<d1>{day})(?:,?\s+(?P<y1>{year}))?"
                rf"|(?P<d2>{day})\s+(?:of\s+)?(?P<m2>{months})(?:,?\s+(?P<y2>{year}))?"
                rf"|(?P<iso>{year}-\d\d-\d\d)(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?)")
        clock = r"\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[aApP]\.?[mM]\.?)?(?:\s*[A-Z]{2,5}(?:[+-]\d+)?)?"
        time = rf"(?:\s*(?:,|at|-|/|\||\u2022)?\s*{clock})?"
        labels = _alt(dl["date_labels"])
        # "Published: Sunday 3 March 2024, 10:32 GMT", "Updated 11:45 AM ET, Mon March 4, 2024"
        self.date_line = re.compile(rf"(?:(?i:{labels})\s*:?\s*)?(?:{clock}\s*,?\s*)?{date}{time}"
                                    rf"(?:\s*[-|\u2022]\s*(?i:source)\s*:.*)?", re.DOTALL)
        # "By Jane Doe and Omar Haddad", "By Jane Doe, Reuters", "By Jane Doe | March 4, 2024": names, then
        # an outlet or a date; never "By Monday, the SDF had ..." (a name is no weekday or month)
        person = rf"(?!(?:{months}|{weekdays})\b)[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{0,3}}"
        outlet = r"[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4}"
        self.byline = re.compile(rf"(?i:{_alt(dl['byline_words'])})\s+{person}(?:\s*(?:,|and|&)\s*{person})*"
                                 rf"(?:\s*[,|]\s*(?:{outlet}|{date}))?")
        words = int(dl["max_place_words"])
        name = rf"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,{words - 1}}}"
        self.opening = re.compile(
            rf"(?P<place>{name})(?:\s*,\s*(?P<region>{name}))?(?:\s*,\s*(?P<date>{date}))?"
            rf"\s*(?:\((?P<agency>[A-Z][\w .&/-]{{1,30}})\))?\s*(?P<dash>{_alt(dl['dashes'])})\s+")
        self.long_dashes = set(dl["long_dashes"])
        # "URGENT — Gunmen attack ..." is a flash headline: its first word is a label, no place
        self.flash_words = frozenset(w.lower() for w in dl.get("flash_words", ()))

    def _date(self, m: re.Match) -> str | None:
        """The ISO date a dateline writes in full (a date without a year gives none)."""
        try:
            if m["iso"]:
                return dt.date.fromisoformat(m["iso"]).isoformat()
            month, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"])
            if not (month and day and year):
                return None
            day_number = int(re.match(r"\d+", day).group())
            return dt.date(int(year), self.months[month.lower().rstrip(".")], day_number).isoformat()
        except (ValueError, KeyError, TypeError):
            return None

    def find(self, text: str) -> dict:
        """{"ranges": [(start, end, kind)...] in characters, "place", "place_chars", "date", "agency"}."""
        out: dict = {"ranges": [], "place": None, "place_chars": None, "date": None, "agency": None}
        pos, limit = 0, min(len(text), self.search_chars)
        while pos < limit:
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl
            line = text[pos:end]
            stripped = line.strip(_MARKUP)  # "*Last Update: 2023-10-23*" in Markdown
            if stripped:
                lead = pos + len(line) - len(line.lstrip(_MARKUP))
                if len(stripped) <= self.max_line:
                    m = self.date_line.fullmatch(stripped)
                    if m:
                        out["ranges"].append((lead, lead + len(stripped), "date_line"))
                        out["date"] = out["date"] or self._date(m)
                        pos = end + 1
                        continue
                    if self.byline.fullmatch(stripped):
                        out["ranges"].append((lead, lead + len(stripped), "byline"))
                        pos = end + 1
                        continue
                m = self.opening.match(text, lead, end)
                if m and self._is_dateline(m):
                    out["ranges"].append((lead, m.end(), "dateline"))
                    out["place"], out["place_chars"] = m["place"], m.span("place")
                    out["agency"] = m["agency"]
                    if m["date"]:
                        out["date"] = self._date(m) or out["date"]
                    break
            pos = end + 1
        return out

    def _is_dateline(self, m: re.Match) -> bool:
        """A place in capitals with a region, a date or an agency ('BEIRUT, March 3 -'), or alone before a
        long dash when it is no acronym ('QAMISHLI —', not 'ISIS —'); any place before an agency; a place
        and a region before a long dash ('Deir Ezzor, Syria —')."""
        place = m["place"]
        if place.lower() in self.flash_words:
            return False
        capitals = place.upper() == place
        long_dash = m["dash"] in self.long_dashes
        if m["agency"]:
            return True
        if capitals and (m["region"] or m["date"] or (long_dash and sum(c.isalpha() for c in place) >= 5)):
            return True
        return bool(m["region"] and long_dash)


_DEFAULT_READER: DatelineReader | None = None


def dateline_date(text: str) -> str | None:
    """The full date (ISO) that the date line or dateline at the top of `text` writes, else None; for
    readers that settle a document's publication date before the pipeline runs."""
    global _DEFAULT_READER
    if _DEFAULT_READER is None:
        _DEFAULT_READER = DatelineReader(load_json("", "dates.json"))
    return _DEFAULT_READER.find(text)["date"]
