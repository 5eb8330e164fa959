"""A report's metadata from its text: title, publication date, series, month number and period.

Publication date, first found wins (published_source says which):
  "option"        the --published option (the caller's `published`)
  "meta"          meta["published"]: a JSONL line's meta, or an HTML page's article:published_time
  "last-update"   a "Last Update: YYYY-MM-DD" line
  "dateline"      a news item's date line or dateline ("Published: 3 March 2024", "ALEPPO, March 3, 2024 —")
  "series"        the day after the series period ends (resources/series.json)
  "month-heading" a line that opens with "Month YYYY" (e.g. "September 2022: Another month passes")
  "month-mention" else the first "Month YYYY" anywhere in the text
A month gives only month precision; it is stored as the LAST day of that month, because a monthly
report naming a month is about that month and appears at its end or later, and a later stage resolving
yearless dates ("August 24") against the publication date then finds them in or before that month.
The series date beats a month because it is exact to the day (and SOHR's month headings name the month
the report ends in, which the series window already fixes).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from annotator.domain import DocumentIn

from .decoding import normalise_text
from .series import SeriesRules, first_lines, load_series

TITLE_MAX = 200
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december")
# A year first, then a look back for the month: a plain year search is ten times faster than the month
# alternation on a long text.
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH_BEFORE = re.compile(rf"(?:^|\n|(?<=\W))([ \t#*_>]*)({_MONTHS})\s+$", re.IGNORECASE)
_LAST_UPDATE = re.compile(r"^[ \t*_]*Last\s+Updated?\s*:?\s*(\d{4}-\d{2}-\d{2})", re.IGNORECASE | re.MULTILINE)
_MD_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_MD_SETEXT = re.compile(r"^ {0,3}(\S[^\n]*)\n {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_MD_FRONT_MATTER = re.compile(r"---[ \t]*\n.*?\n---[ \t]*(?:\n|$)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:[ \t]*(.+)$", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
_SITE_SUFFIX = re.compile(r"^(.{10,}?)\s+[•·]\s+([^•·]{1,60})$")  # "Headline • Site name"


def parse_date(value: Any) -> str:
    """An ISO date (YYYY-MM-DD) from an ISO date or datetime string; ValueError otherwise."""
    if isinstance(value, (date, datetime)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
    text = value.strip()
    if len(text) > 10 and text[10] in "T ":  # a datetime: keep its date
        text = text[:10]
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def read_text_document(text: str, *, source: str, key: str, kind: str = "txt", title: str | None = None,
                       published: str | None = None, meta: dict | None = None,
                       rules: SeriesRules | None = None) -> DocumentIn:
    """A DocumentIn for an in-memory text: normalised text plus title, date, series and period.

    `published` is the explicit option and wins; meta["published"] comes next. A malformed date in either
    raises ValueError (the readers turn that into a ReadError).
    """
    rules = rules or load_series()
    text = normalise_text(text)
    meta = dict(meta or {})
    title = _clean_title(title) if title and title.strip() else infer_title(text, kind, rules)

    match = rules.match(title, text)
    series, n = match if match else (None, None)
    period = series.period(n) if series else None

    published_at, published_source = _publication(text, published, meta, series, n)
    if period is None:
        period = rules.fallback_period(published_at)
    return DocumentIn(text=text, title=title, source=source, source_kind=kind, key=key,
                      published=published_at, published_source=published_source,
                      series=series.id if series else None, month_number=n, period=period, meta=meta)


def infer_title(text: str, kind: str, rules: SeriesRules) -> str:
    """Markdown: the first heading. Otherwise the series headline among the first lines, else the first line."""
    if kind == "md":
        front = _MD_FRONT_MATTER.match(text)
        front_title = _FRONT_TITLE.search(front.group()) if front else None
        heading = front_title.group(1).strip("'\" ") if front_title else _first_markdown_heading(text)
        if heading:
            return _clean_title(heading)
        text = text[front.end():] if front else text
    headline = rules.headline(text)
    if headline:
        return _clean_title(headline)
    first = first_lines(text, 1, width=2 * TITLE_MAX)
    return _clean_title(first[0] if first else "")


def month_of(text: str) -> tuple[str, str] | None:
    """(last day of the month, "month-heading" | "month-mention") for the month a report names."""
    mention = None
    for year in _YEAR.finditer(text):
        window_start = max(0, year.start() - 20)
        before = _MONTH_BEFORE.search(text, window_start, year.start())
        if before is None:
            continue
        found = (before.group(2), year.group())
        if before.start(1) == 0 or text[before.start(1) - 1] == "\n":  # the month opens a line
            return _last_day(*found), "month-heading"
        mention = mention or found
    return (_last_day(*mention), "month-mention") if mention else None


def _last_day(month_name: str, year: str) -> str:
    month = datetime.strptime(f"{month_name} {year}", "%B %Y").date()
    return (month + relativedelta(months=1) - timedelta(days=1)).isoformat()


def _publication(text, option, meta, series, n) -> tuple[str | None, str | None]:
    if option is not None:
        return parse_date(option), "option"
    if meta.get("published") not in (None, ""):
        return parse_date(meta["published"]), "meta"
    for m in _LAST_UPDATE.finditer(text):
        try:
            return parse_date(m.group(1)), "last-update"
        except ValueError:
            continue  # "Last Update: 2023-13-45" is a typo, not a date; look further
    from annotator.nlp.dateline_text import dateline_date  # the item's date line or dateline; no spaCy

    day = dateline_date(text)
    if day:
        return day, "dateline"
    if series is not None:
        day = series.publication(n)
        if day:
            return day, "series"
    found = month_of(text)
    return found if found else (None, None)


def _first_markdown_heading(text: str) -> str | None:
    front = _MD_FRONT_MATTER.match(text)  # its closing "---" would pass for a setext underline
    start = front.end() if front else 0
    candidates = [m for m in (_MD_ATX.search(text, start), _MD_SETEXT.search(text, start)) if m]
    if not candidates:
        return None
    first = min(candidates, key=lambda m: m.start())
    return first.group(1)


def _clean_title(title: str) -> str:
    # Only the first TITLE_MAX characters survive; cutting first keeps the link pattern off a 150 KB heading
    # of "[" (it tried each "[" against the rest of the line: over 45 s).
    title = title[:4 * TITLE_MAX]
    title = _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", title))
    title = " ".join(title.split())
    m = _SITE_SUFFIX.match(title)
    if m:
        title = m.group(1)
    if len(title) > TITLE_MAX:
        cut = title[:TITLE_MAX].rsplit(" ", 1)[0]
        title = cut.rstrip(" ,;:|-–—") + "…"
    return title
