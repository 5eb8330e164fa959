"""Date expressions resolved to ISO dates: found_by(doc, "dates"), each a docutil.Found whose value is a
DateValue (doc._.dates gives them as Spans with span._.date).

Reports rarely write the year ("August 24", "the 23rd of August", "on the 3rd, 5th, 6th and 8th of
September", "the seventh of this month", "on Tuesday dawn", "the previous day"). The year, the month of
"this month" and the anchor of relative days come from the report's period, else its publication date
(doc._.period / doc._.published, set before the pipeline runs). A date outside the period is kept and
flagged (in_period=False). Vaguer periods ("in early November", "the last ten days of August") become
"loose" dates: they date nothing but stop an earlier date from carrying over.

A news item reports the past, so against a publication date: a weekday ("on Thursday", "Tuesday dawn")
is the most recent such day on or before it, "last Saturday" one strictly before; "yesterday evening",
"two days ago" count back from it; a yearless date is the most recent one on or before it (never
after: the old rule allowed a week ahead, which put "March 31" of a report published March 30 in the
future). "A day earlier", "two days later" count from the last date written (a weekday date included);
"three days after the March 3 attack" counts from the date written after it, which becomes part of the
mention rather than a date of its own. A weekday next to a written date in its sentence takes that date.

With neither a period nor a publication date (an undated article), a yearless date keeps its month and
day as DateValue.month_day ("--08-24", ISO 8601 without a year) and no iso: the year is never guessed, so
nothing is dated by it, but a reviewer or a later stage can still show the day. (A dateline or date line
that writes a full date supplies the publication date first: see datelines.py.)

Finding dates is a handful of compiled regular expressions built from resources/nlp/dates.json, run only
on the stretches of text around numbers and date words (found with one array lookup over the tokens).
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401
from .config import load_json
from .docutil import (BatchedComponent, Found, LexemeSet, doc_text, sentence_starts, set_found, span_texts,
                      token_start_list, token_starts, word_sets)


DAY_KINDS = ("explicit", "list", "iso", "bare_day", "weekday", "relative", "counted")


@dataclass(frozen=True, slots=True)
class DateValue:
    iso: str | None  # YYYY-MM-DD (first of month for month precision); None when unresolved or loose
    precision: str | None  # "day", "month" or None
    kind: str  # explicit, list, iso, bare_day, weekday, relative, month, loose
    in_period: bool | None = None  # None when the document has no period or the date has no day
    group: int | None = None  # dates written as one list ("on March 8 and 9") share a group
    month_day: str | None = None  # "--08-24" (ISO 8601 without a year) when nothing gives the year
    range_end: bool = False  # an end of "between April 21 and May 19": in a tally, its period, not a day of its own

    @property
    def is_day(self) -> bool:
        return self.precision == "day" and self.iso is not None

    @property
    def names_day(self) -> bool:
        """Written as a day of its own (not 'the previous day' or a weekday)."""
        return self.kind in ("explicit", "list", "iso", "bare_day")


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    kind: str
    data: dict
    value: DateValue | None = None


# what may stand beside a day heading's date on its line: a weekday, punctuation, markup
_HEADING_REST = re.compile(r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|[\W_]+")


def parse_iso(s: str | None) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def _alt(words) -> str:
    """An alternation of words as a prefix trie: Python's re tries alternatives one by one, so
    'f(?:irst|ourth|ifth)' is much faster than 'first|fourth|fifth' at every position of a text."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)


class DateContext:
    """What dates resolve against: the period, the publication date and the report's month."""

    def __init__(self, published: str | None, period) -> None:
        self.published = parse_iso(published)
        start = end = None
        if period:
            if isinstance(period, dict):
                start, end = parse_iso(period.get("start")), parse_iso(period.get("end"))
            elif hasattr(period, "start"):
                start, end = parse_iso(period.start), parse_iso(period.end)
            else:
                start, end = parse_iso(period[0]), parse_iso(period[1])
        self.start, self.end = (start, end) if start and end else (None, None)
        ref = self.end or self.published
        self.report_month = (ref.year, ref.month) if ref else None

    def resolve_day(self, month: int, day: int, year: int | None = None) -> dt.date | None:
        if year:
            return _safe_date(year, month, day)
        if self.start and self.end:
            best, best_dist = None, None
            for y in (self.end.year, self.end.year - 1, self.end.year + 1):
                d = _safe_date(y, month, day)
                if d is None:
                    continue
                dist = 0 if self.start <= d <= self.end else min(abs((d - self.start).days),
                                                                  abs((d - self.end).days))
                if best_dist is None or dist < best_dist:
                    best, best_dist = d, dist
            return best
        if self.published:
            # a news item reports what has happened: never a day after its publication
            d = _safe_date(self.published.year, month, day)
            if d is None or d > self.published:
                d = _safe_date(self.published.year - 1, month, day)
            return d
        return None

    def resolve_bare_day(self, day: int, ym: tuple[int, int] | None, from_text: bool) -> dt.date | None:
        """'on the 16th': in the month of the date before it (from_text), else the report's month; with
        only a publication date, the most recent such day on or before it."""
        if not ym:
            return None
        d = _safe_date(ym[0], ym[1], day)
        y, m = ym
        for _ in range(12):  # the 31st of a month that has none: the month before, and so on
            if from_text or self.start or not self.published or (d is not None and d <= self.published):
                break
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
            d = _safe_date(y, m, day)
        return d

    @property
    def has_anchor(self) -> bool:
        return bool(self.start or self.published)

    def in_period(self, d: dt.date | None) -> bool | None:
        if d is None or not self.start:
            return None
        return self.start <= d <= self.end


def _shift(d: dt.date | None, days: int) -> dt.date | None:
    """d moved by some days; None past the calendar's ends (a publication date of 0001-01-01 is valid ISO)."""
    if d is None:
        return None
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


class DateRecognizer(BatchedComponent):
    def __init__(self, nlp: Language, name: str, config_path: str = ""):
        cfg = load_json(config_path, "dates.json")
        self.months = cfg["months"]
        self.weekdays = cfg["weekdays"]
        # "twenty-second" is also written "twenty second"
        self.ordinals = {**cfg["ordinal_words"], **{k.replace("-", " "): v for k, v in cfg["ordinal_words"].items()}}
        self.count_words = cfg["count_words"]
        self.counted_units = cfg["counted_units"]
        self.counted_directions = cfg["counted_directions"]
        self.recalled_after_verbs = frozenset(cfg.get("recalled_after_verbs", ()))
        self.this_month = set(cfg["this_month"])
        self.same_month = set(cfg["same_month"])
        self.relative = {r["phrase"]: r for r in cfg["relative"]}
        # capitalised month names, and lower-case or upper-case ones where the word is no other word
        ambiguous = set(cfg.get("ambiguous_month_words", []))
        weekday_names = [w.title() for w in self.weekdays] + [w.upper() for w in self.weekdays]
        month_names = [m[0].upper() + m[1:] for m in self.months] + [m.upper() for m in self.months] \
            + [m for m in self.months if m not in ambiguous]
        months = rf"(?-i:{_alt(month_names)})\.?"
        ordw = _alt(self.ordinals)
        day_item = rf"(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?|{ordw})"
        first_letters = "".join(sorted({w[0].lower() for w in self.ordinals} | {"t"}))
        # days of one list, or the two ends of a range ("19-20", "from 4 to 22"): both are dated days
        sep = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*[-\u2013]\s*|\s+(?:to|until|till|through)\s+)"
        month_ref = rf"(?P<mref>{months}|{_alt(self.this_month | self.same_month)})"
        year = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
        # which kinds of date words a stretch of text holds decides which patterns run on it
        vocab = nlp.vocab
        self._categories = [  # (kind bit, the words)
            (1, LexemeSet(vocab, "LOWER", [*self.months, *(m + "." for m in self.months)])),  # "Jan." is one token
            (1, LexemeSet(vocab, "SHAPE", [f"X{'x' * n}{sep}{'d' * k}" for n in range(2, 9) for sep in "-/"
                                           for k in (1, 2)])),  # "Oct-2", "Jan/12"
            (2, LexemeSet(vocab, "SHAPE", ["dxx", "ddxx"])),
            (2, LexemeSet(vocab, "LOWER", self.ordinals)),
            (4, LexemeSet(vocab, "SHAPE", ["dddd"])),
            (8, LexemeSet(vocab, "LOWER", self.weekdays)),
            (16, LexemeSet(vocab, "LOWER", ["day", "yesterday", "today", "days"]
                           + [r.get("cue", p.split()[-1]) for p, r in self.relative.items()])),
            # what every loose pattern names besides a month ("in the past year", "those days"): loose runs only
            # where one stands (its first words "in", "the", "by" stand everywhere: 1.5 % of extraction, cProfile)
            (128, LexemeSet(vocab, "LOWER", ["month", "months", "week", "weeks", "days", "year"])),
            # what a period phrase ends with ("from December 29 to date") and a counted day's unit ("two days later")
            (256, LexemeSet(vocab, "LOWER", ["date", "now", "today", "present"])),
            (512, LexemeSet(vocab, "LOWER", list(self.counted_units))),
            (1024, LexemeSet(vocab, "LOWER", ["day"])),  # "the last day of ..."
            (2048, LexemeSet(vocab, "LOWER", ["month"])),  # "on the 3rd and 5th of this month"
            (64, LexemeSet(vocab, "SHAPE", ["d.dd", "dd.dd", "d.d", "dd.d", "d.dd.dddd", "dd.dd.dddd", "d.d.dddd",
                                            "dd.d.dddd", "d/dd", "dd/dd", "d/d", "dd/d", "d/dd/dddd", "dd/dd/dddd",
                                            "d/d/dddd", "dd/d/dddd"])),
            # "14.07", "13.07.2025", "17/11", "03/06/2026"
        ]
        self._any_category = np.uint64(sum(int(words.bit) for _, words in self._categories))
        # which kinds of date word each pattern needs in its window (the bits of self._categories)
        b_month, b_ordinal, b_year, b_weekday, b_dayword = 1, 2, 4, 8, 16
        self._needs = {"period": 256, "iso": b_year, "md": b_month, "list": b_month | 2048,
                       "loose": b_month | 128, "month": b_month, "span": b_month, "range": b_month,
                       "bare_day": b_ordinal, "weekday": b_weekday, "relative": b_dayword,
                       "counted": 512, "dmy": 64, "edge_day": 1024}
        self._item = re.compile(rf"\d{{1,2}}(?=st|nd|rd|th|\b)|\b(?:{ordw})\b", re.I)
        self.patterns: list[tuple[str, re.Pattern]] = [
            ("period", re.compile("|".join(f"(?:{p.replace('{month}', months)})" for p in cfg.get("period_patterns", []))
                                  or r"(?!x)x", re.I)),
            ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
            # "on the last day of 2021", "the first day of January", "the last day of the month"
            ("edge_day", re.compile(rf"\b(?:the\s+)?(?P<which>first|last|final)\s+day\s+of\s+(?:"
                                    rf"(?P<month>{months})(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
                                    rf"|(?P<year2>(?:19|20)\d\d)\b|(?P<this>(?:the|this)\s+month)\b)", re.I)),
            # day.month.year anywhere; day.month alone only as a post's stamp ("14.07 | 06:40 -", "13.07 - ...")
            ("dmy", re.compile(r"\b(?P<d>[0-3]?\d)(?P<sep>[./])(?P<m>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)\b"
                               r"|(?<![^\n])(?P<d2>[0-3]?\d)\.(?P<m2>[01]?\d)(?=\s*(?:\||\u2014|\u2013|-\s|\d{1,2}:\d\d))"
                               # day/month as a cell of a log or table row ("#1187 | 17/11 | Ariha | Shelling")
                               # or the first cell of a row whose cells a tab separates ("04/05\tDeir Ezzor\t...")
                               r"|(?:(?<=\|)|(?<=\|\s)|(?<![^\n]))(?P<d3>[0-3]?\d)[/.](?P<m3>[01]?\d)(?=\s*\||\t)")),
            # "between April 21 and May 19": both ends are dated days, one group (an event dated by it spans it)
            ("range", re.compile(rf"\b(?:from|between)\s+(?P<m1>{months})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
                                 rf"(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?\s+(?:to|until|till|through|and)\s+"
                                 rf"(?P<m2>{months})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b"
                                 rf"(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?", re.I)),
            # "from 4 to January 22": the month is written once, after the second day
            ("span", re.compile(rf"\b(?:from|between)\s+(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*"
                                rf"(?:to|and|until|till|-|\u2013)\s*(?P<mref>{months})\s+(?P<d2>\d{{1,2}})"
                                rf"(?:st|nd|rd|th)?\b{year}", re.I)),
            ("md", re.compile(rf"\b(?P<month>{months})(?:\s+|[-/])(?:the\s+)?(?P<day>\d{{1,2}}(?!\d)|{ordw}\b)"
                              rf"(?:st|nd|rd|th)?\b"
                              rf"(?P<more>(?:{sep}\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s+[A-Za-z]))*){year}\b", re.I)),
            # the first letter a day item can open with, checked before the alternation: most words fail there
            ("list", re.compile(rf"\b(?=[\d{first_letters}])(?P<items>{day_item}(?:{sep}{day_item})*)\s+(?:of\s+)?"
                                rf"{month_ref}{year}\b", re.I)),
            ("loose", re.compile(rf"\b(?=(?:{_alt(cfg['loose_first_words'])})\b)(?:"
                                 + "|".join(f"(?:{p.replace('{month}', months)})" for p in cfg["loose"]) + ")",
                                 re.I)),
            ("month", re.compile(rf"\b(?P<month>{months})\s*,?\s+(?P<year>(?:19|20)\d\d)\b"
                                 rf"|\b(?P<year2>(?:19|20)\d\d)\s*,?\s+(?P<month2>{months})\b(?!\.?\s*\d)", re.I)),
            ("bare_day", re.compile(rf"\b(?:on|for|by|until|since)\s+the\s+(?P<day>\d{{1,2}}(?:st|nd|rd|th)|{ordw})\b"
                                    rf"(?=\s*(?:[,.;:)]|and\b|$))", re.I)),
            ("counted", re.compile(rf"\b(?P<n>{_alt(self.count_words)}|\d{{1,2}})"
                                   rf"\s+(?P<unit>{_alt(self.counted_units)})"
                                   rf"\s+(?P<dir>{_alt(self.counted_directions)})\b", re.I)),
            ("weekday", re.compile(rf"\b(?:(?P<rel>{_alt(cfg['weekday_prefixes'])})\s+|on\s+)?"
                                   rf"(?P<wd>(?-i:{_alt(weekday_names)}))"
                                   rf"(?:,?\s+the\s+(?P<dnum>\d{{1,2}}(?:st|nd|rd|th)?|{ordw})\b)?"
                                   rf"(?:\s+(?P<part>{_alt(cfg['day_parts'])}))?\b", re.I)),
            ("relative", re.compile(rf"\b(?P<phrase>{_alt(self.relative)})\b", re.I)),
        ]

    # -- finding -----------------------------------------------------------------------------------
    def windows(self, doc: Doc, text: str) -> list[tuple[int, int, int]]:
        """Stretches of text that can hold a date, around date words, each with the kinds of words in it."""
        if not len(doc):
            return []
        features = word_sets(doc)
        toks = np.flatnonzero(features & self._any_category)
        if not len(toks):
            return []
        present = features[toks]
        kinds = np.zeros(len(toks), dtype=np.int64)  # token -> kinds of date word
        for kind, words in self._categories:
            kinds |= np.where(present & words.bit, kind, 0)
        starts = token_starts(doc)[toks].tolist()
        out: list[tuple[int, int, int]] = []
        for c, k in zip(starts, kinds.tolist()):
            lo, hi = max(0, c - 60), min(len(text), c + 30)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], hi, out[-1][2] | k)
            else:
                out.append((lo, hi, k))
        return out

    def find_mentions(self, text: str, windows: list[tuple[int, int, int]] | None = None) -> list[_Mention]:
        taken: list[tuple[int, int]] = []
        out: list[_Mention] = []
        windows = windows if windows is not None else [(0, len(text), -1)]

        used = bytearray(len(text) + 1)  # characters inside a date found by an earlier pattern

        def free(s: int, e: int) -> bool:
            if s < e:
                return used.find(1, s, e) < 0
            return all(e <= a or s >= b for a, b in taken)

        def finditer(kind, rx):
            need = self._needs[kind]
            for lo, hi, kinds in windows:
                if kinds & need:
                    yield from rx.finditer(text, lo, hi)

        for kind, rx in self.patterns:
            for m in finditer(kind, rx):
                s, e = m.span()
                if not free(s, e):
                    continue
                if kind == "list":
                    items = list(self._item.finditer(m.group("items")))
                    base = m.start("items")
                    if len(items) > 1:
                        for k, it in enumerate(items):
                            i_s = base + it.start()
                            i_e = e if k == len(items) - 1 else base + it.end()
                            out.append(_Mention(i_s, i_e, "list", {"day": it.group(), "m": m, "item": k}))
                    else:
                        out.append(_Mention(s, e, "list", {"day": items[0].group() if items else "", "m": m}))
                elif kind == "span":  # two days of one range, read as a list
                    out.append(_Mention(s, m.end("d1"), "list", {"day": m["d1"], "m": m, "item": 0}))
                    out.append(_Mention(m.start("mref"), e, "list", {"day": m["d2"], "m": m, "item": 1}))
                elif kind == "range":
                    out.append(_Mention(s, m.end("y1") if m["y1"] else m.end("d1"), "range", {"m": m, "item": 0}))
                    out.append(_Mention(m.start("m2"), e, "range", {"m": m, "item": 1}))
                elif kind == "md" and m.group("more"):
                    out.append(_Mention(s, m.end("day"), "md", {"m": m, "day": m.group("day")}))
                    for it in re.finditer(r"\d{1,2}", m.group("more")):
                        out.append(_Mention(m.start("more") + it.start(), m.start("more") + it.end(), "md",
                                            {"m": m, "day": it.group()}))
                else:
                    out.append(_Mention(s, e, kind, {"m": m}))
                taken.append((s, e))
                used[s:e] = b"\x01" * (e - s)
        out.sort(key=lambda x: x.start)
        return out

    # -- resolving ---------------------------------------------------------------------------------
    def _day_number(self, s: str) -> int | None:
        s = s.lower().strip()
        if s in self.ordinals:
            return self.ordinals[s]
        digits = re.match(r"\d{1,2}", s)
        return int(digits.group()) if digits else None

    def _range_day(self, m, item: int, ctx: DateContext, make, make_day) -> DateValue:
        """One end of 'between April 21 and May 19': the end day resolves as any day; the start takes the
        end's year (the year before when its month-day comes later), so a range never runs backwards."""
        month1, month2 = (self.months[m[g].lower().rstrip(".")] for g in ("m1", "m2"))
        day1, day2 = int(m["d1"]), int(m["d2"])
        year2 = int(m["y2"]) if m["y2"] else None
        end = ctx.resolve_day(month2, day2, year2)
        if item == 1:
            return make(end, "explicit") if end is not None else make_day(month2, day2, year2, "explicit")
        year1 = int(m["y1"]) if m["y1"] else None
        if year1 is None and end is not None:
            year1 = end.year if (month1, day1) <= (month2, day2) else end.year - 1
        return make_day(month1, day1, year1, "explicit")

    def _edge_day(self, m, ctx: DateContext, make) -> DateValue:
        """The first or last day of a month written out (its year from the context when not written), of a year,
        or of the report's month."""
        first = m["which"].lower() == "first"
        if m["year2"]:
            return make(dt.date(int(m["year2"]), 1, 1) if first else dt.date(int(m["year2"]), 12, 31), "explicit")
        if m["this"]:
            if ctx.report_month is None:
                return DateValue(None, None, "loose", None)
            year, month = ctx.report_month
        else:
            month = self.months[m["month"].lower().rstrip(".")]
            d1 = ctx.resolve_day(month, 1, int(m["year"]) if m["year"] else None)
            if d1 is None:
                return DateValue(None, None, "loose", None)
            year = d1.year
        last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return make(dt.date(year, month, 1 if first else last), "explicit")

    def resolve(self, mentions: list[_Mention], ctx: DateContext, sent_starts: list[int]) -> None:
        def sent_of(pos: int) -> int:
            return bisect.bisect_right(sent_starts, pos) - 1

        def make(d: dt.date | None, kind: str, precision: str = "day") -> DateValue:
            if d is None:
                return DateValue(None, precision, kind, None)
            return DateValue(d.isoformat(), precision, kind, ctx.in_period(d) if precision == "day" else None)

        def make_day(month: int, day: int | None, year: int | None, kind: str) -> DateValue:
            d = ctx.resolve_day(month, day, year) if day else None
            if d is None and day and not year and not ctx.has_anchor and _safe_date(2000, month, day):
                # no period, no publication date: the day is known, its year is not (never guessed)
                return DateValue(None, "day", kind, None, month_day=f"--{month:02d}-{day:02d}")
            return make(d, kind)

        # days written as one list or range take one year: the one its last day resolves to
        last_of_list: dict[int, int] = {}
        for mt in mentions:
            if mt.kind in ("md", "list") and "item" in mt.data or (mt.kind == "md" and mt.data["m"]["more"]):
                day = self._day_number(mt.data.get("day") or "")
                if day:
                    key = mt.data["m"].start()
                    last_of_list[key] = max(last_of_list.get(key, 0), day)

        def list_year(mt, month: int, year: int | None) -> int | None:
            last = last_of_list.get(mt.data["m"].start())
            if year or not last:
                return year
            d = ctx.resolve_day(month, last)
            return d.year if d else None

        headings = self._day_headings(mentions)

        def published_at(pos: int) -> dt.date | None:
            """The day a relative word counts from: the day heading above it (a live blog's "Monday 20 July"),
            else the publication day."""
            for h in reversed(headings):
                if h.start < pos and h.value is not None and h.value.is_day and h.value.iso:
                    return dt.date.fromisoformat(h.value.iso)
            return ctx.published

        # explicit dates first: later passes lean on them
        for mt in mentions:
            m = mt.data["m"]
            if mt.kind == "iso":
                mt.value = make(_safe_date(int(m["y"]), int(m["m"]), int(m["d"])), "iso")
            elif mt.kind == "edge_day":
                mt.value = self._edge_day(m, ctx, make)
            elif mt.kind == "dmy":
                day, month = int(m["d"] or m["d2"] or m["d3"]), int(m["m"] or m["m2"] or m["m3"])
                if m["y"] and month > 12 >= day:  # "6/21/2026": written month first (else day first, as Syrian
                    day, month = month, day       # and most international outlets write it)
                if not (1 <= month <= 12 and 1 <= day <= 31):
                    mt.value = DateValue(None, None, "loose", None)  # "1.5 km" slipped through: no date
                elif m["y"]:
                    mt.value = make(_safe_date(int(m["y"]), month, day), "iso")
                else:
                    mt.value = make_day(month, day, None, "explicit")
            elif mt.kind == "md":
                month = self.months[m["month"].lower().rstrip(".")]
                year = list_year(mt, month, int(m["year"]) if m["year"] else None)
                day = self._day_number(mt.data.get("day") or m["day"])
                mt.value = make_day(month, day, year, "explicit")
            elif mt.kind == "month":
                month = self.months[(m["month"] or m["month2"]).lower().rstrip(".")]
                mt.value = make(_safe_date(int(m["year"] or m["year2"]), month, 1), "month", "month")
            elif mt.kind == "range":
                mt.value = self._range_day(m, mt.data["item"], ctx, make, make_day)
            elif mt.kind in ("loose", "period"):
                mt.value = DateValue(None, None, "loose", None)
            elif mt.kind == "relative" and self.relative[m["phrase"].lower()]["anchor"] == "published":
                rule = self.relative[m["phrase"].lower()]  # "yesterday" needs no date before it
                d = _shift(published_at(mt.start) if headings else ctx.published, rule["offset"])
                mt.value = make(d, "relative")
            elif mt.kind == "list" and m["mref"].lower().rstrip(".") in self.months:
                month = self.months[m["mref"].lower().rstrip(".")]
                year = list_year(mt, month, int(m["year"]) if m["year"] else None)
                day = self._day_number(mt.data["day"])
                mt.value = make_day(month, day, year, "list")

        # then, in text order, what needs the dates before it
        last_day: _Mention | None = None
        for i, mt in enumerate(mentions):
            m = mt.data["m"]
            if mt.data.get("absorbed"):
                continue
            if mt.value is None:
                if mt.kind == "list":  # "of this month", "of the same month", "of the month"
                    ref = m["mref"].lower()
                    day = self._day_number(mt.data["day"])
                    ym = ctx.report_month
                    if ref in self.same_month or (ref == "the month" and last_day is not None
                                                  and sent_of(last_day.start) == sent_of(mt.start)):
                        if last_day is not None:
                            d0 = dt.date.fromisoformat(last_day.value.iso)
                            ym = (d0.year, d0.month)
                    d = _safe_date(ym[0], ym[1], day) if ym and day else None
                    mt.value = make(d, "list")
                elif mt.kind == "bare_day":
                    day = self._day_number(m["day"])
                    ym, from_text = ctx.report_month, False
                    if last_day is not None and sent_of(last_day.start) == sent_of(mt.start):
                        d0 = dt.date.fromisoformat(last_day.value.iso)
                        ym, from_text = (d0.year, d0.month), True
                    mt.value = make(ctx.resolve_bare_day(day, ym, from_text) if day else None, "bare_day")
                elif mt.kind == "weekday":
                    here = published_at(mt.start) if headings else None
                    mt.value = make(self._weekday_date(mentions, i, sent_of, last_day, ctx, here), "weekday")
                elif mt.kind == "counted":
                    self._absorb_anchor(mentions, i, sent_of)
                    mt.value = make(self._counted_date(mt, last_day, ctx), "counted")
                elif mt.kind == "relative":
                    rule = self.relative[m["phrase"].lower()]
                    if rule["anchor"] == "published" and ctx.published:
                        base = published_at(mt.start) if headings else ctx.published
                    else:
                        base = dt.date.fromisoformat(last_day.value.iso) if last_day else None
                    mt.value = make(_shift(base, rule["offset"]), "relative")
            if mt.value is not None and mt.value.is_day:
                last_day = mt
        # days written as one list are one group: an event dated by them spans them
        for mt in mentions:
            if mt.value is not None and mt.kind in ("list", "md", "range") and "item" in mt.data or \
                    (mt.kind == "md" and mt.data["m"].group("more")):
                mt.value = dataclasses.replace(mt.value, group=mt.data["m"].start(), range_end=mt.kind == "range")

    def _day_headings(self, mentions: list[_Mention]) -> list[_Mention]:
        """Dates that are a line of their own, but for a weekday and punctuation ("Tuesday 21 July", "Monday, 20
        July 2026"): a live blog or a digest heads each day's entries with one, and its relative words ("this
        morning", "today's clashes", "on Sunday") count from that day, not from the publication day (registers
        liveblog-two-days-kasra: the entries of the day before were dated the day of publication)."""
        out = []
        for mt in mentions:
            if mt.kind not in ("md", "list", "dmy", "iso"):
                continue
            text = mt.data["m"].string
            lo = text.rfind("\n", max(0, mt.start - 20), mt.start) + 1
            if mt.start - lo >= 20 or (lo == 0 and mt.start >= 20):
                continue  # most dates stand inside a sentence: the line does not start near them
            hi = text.find("\n", mt.end, mt.end + 40)
            if hi < 0 and len(text) - mt.end >= 40:
                continue
            rest = text[lo:mt.start] + " " + text[mt.end:len(text) if hi < 0 else hi]
            if not _HEADING_REST.sub("", rest).strip():
                out.append(mt)
        return out

    def _weekday_date(self, mentions, i, sent_of, last_day, ctx, here=None) -> dt.date | None:
        """'on Thursday': the most recent Thursday on or before the anchor; 'last Thursday' one strictly
        before it; 'Thursday the 21st': the most recent 21st on or before the anchor that is a Thursday."""
        m = mentions[i].data["m"]
        wd = self.weekdays[m["wd"].lower()]
        anchor = self._weekday_anchor(mentions, i, sent_of, last_day, ctx, here)
        if anchor is None:
            return None
        if m["dnum"]:
            day = self._day_number(m["dnum"])
            y, mo = anchor.year, anchor.month
            first = None
            for _ in range(14):
                d = _safe_date(y, mo, day) if day else None
                if d is not None and d <= anchor:
                    first = first or d
                    if d.weekday() == wd:
                        return d
                y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            return first
        if m["rel"]:
            return _shift(anchor, -((anchor.weekday() - wd - 1) % 7 + 1))
        return _shift(anchor, -((anchor.weekday() - wd) % 7))

    _ANCHOR_GAP = 40  # characters between "three days after" and the date it counts from

    def _absorb_anchor(self, mentions, i, sent_of) -> None:
        """'three days after the March 3 attack': March 3 is this mention's anchor, not a date of its own."""
        mt = mentions[i]
        if self._direction(mt.data["m"])["anchor"] != "following":
            return
        if i + 1 >= len(mentions):
            return
        nxt = mentions[i + 1]
        gap = mt.data["m"].string[mt.end:nxt.start]
        if nxt.value is None or nxt.kind in ("loose", "period") or len(gap) > self._ANCHOR_GAP \
                or sent_of(nxt.start) != sent_of(mt.start) or any(c in gap for c in ".;:!?"):
            return
        mt.data["anchor"] = nxt
        nxt.data["absorbed"] = True
        mt.end = nxt.end

    def _direction(self, m: re.Match) -> dict:
        return self.counted_directions[" ".join(m["dir"].lower().split())]  # "prior  to" -> "prior to"

    def _counted_date(self, mt, last_day, ctx) -> dt.date | None:
        """'two days ago' from the publication date; 'a day earlier' from the last date written; 'three
        days after <date>' from the date written just after (absorbed into this mention), else the last one."""
        m = mt.data["m"]
        n_text = m["n"].lower()
        n = self.count_words.get(n_text) or (int(n_text) if n_text.isdigit() else 0)
        offset = n * self.counted_units[m["unit"].lower()]
        rule = self._direction(m)
        base = None
        if rule["anchor"] == "published":
            base = ctx.published
        elif rule["anchor"] == "following":
            nxt = mt.data.get("anchor")
            if nxt is not None and nxt.value is not None and nxt.value.is_day:
                base = dt.date.fromisoformat(nxt.value.iso)
        if base is None and rule["anchor"] != "published" and last_day is not None:
            base = dt.date.fromisoformat(last_day.value.iso)
        return _shift(base, self._recall_sign(mt, rule) * rule["sign"] * offset)

    def _recall_sign(self, mt, rule) -> int:
        """'This attack comes two days after a drone targeted a car': the clause after 'after' is the earlier
        happening, so its date is the anchor minus the count (-1); any other 'N days after' keeps its sign (1)."""
        if rule["anchor"] != "following" or rule["sign"] != 1 or mt.data.get("anchor") is not None:
            return 1
        before = mt.data["m"].string[max(0, mt.start - 20):mt.start].split()
        return -1 if before and before[-1].lower() in self.recalled_after_verbs else 1

    def _weekday_anchor(self, mentions, i, sent_of, last_day, ctx, here_day=None) -> dt.date | None:
        here = sent_of(mentions[i].start)
        same = [mt for mt in mentions if mt is not mentions[i] and mt.value is not None and mt.value.is_day
                and mt.value.names_day and sent_of(mt.start) == here]
        if same:
            near = min(same, key=lambda mt: abs(mt.start - mentions[i].start))
            return dt.date.fromisoformat(near.value.iso)
        counted = self._counted_weekday(mentions, i, here, sent_of)
        if counted is not None:
            return counted
        # news style: "on Tuesday" is the last Tuesday before publication (or before the day heading above it)
        if here_day is not None:
            return here_day
        if ctx.published or ctx.end:
            return ctx.published or ctx.end
        return dt.date.fromisoformat(last_day.value.iso) if last_day is not None else None

    def _counted_weekday(self, mentions, i, here, sent_of) -> dt.date | None:
        """"Two days later, on Friday, ...": a day counted from the last date written in the same sentence that
        falls on the weekday named is that weekday (never a Friday counted back from the publication date)."""
        wd = self.weekdays[mentions[i].data["m"]["wd"].lower()]
        for mt in mentions:
            if mt is not mentions[i] and mt.kind in ("relative", "counted") and sent_of(mt.start) == here \
                    and mt.value is not None and mt.value.is_day and mt.value.iso:
                d = dt.date.fromisoformat(mt.value.iso)
                if d.weekday() == wd:
                    return d
        return None

    # -- component ---------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        ctx = DateContext(doc._.published, doc._.period)
        text = doc_text(doc)
        mentions = self.find_mentions(text, self.windows(doc, text))
        dates: list[Found] = []
        if mentions:
            if doc.has_annotation("SENT_START"):
                idx = token_start_list(doc)
                sent_starts = [idx[s] for s in sentence_starts(doc)]
            else:
                sent_starts = [0]
            self.resolve(mentions, ctx, sent_starts)
            spans = []
            starts = token_start_list(doc)
            for mt in mentions:
                if mt.data.get("absorbed"):
                    continue
                # the tokens the characters touch (doc.char_span's "expand", without making a Span): a date
                # starts on a word character, inside the token that starts last at or before it
                s = bisect.bisect_right(starts, mt.start) - 1
                e = bisect.bisect_left(starts, mt.end)
                if e <= s:
                    continue
                spans.append((s, e, mt.value))
            dates = [Found(s, e, text, value) for (s, e, value), text in zip(spans, span_texts(doc, spans))]
        set_found(doc, "dates", dates)
        return doc


@Language.factory("annotator_dates", assigns=["doc._.dates"], default_config={"config_path": ""})
def make_dates(nlp: Language, name: str, config_path: str) -> DateRecognizer:
    return DateRecognizer(nlp, name, config_path)
