"""The metadata at the top of a news item, marked so that no event takes its date or place: doc._.dateline.

    BEIRUT, March 3 (Reuters) - Gunmen killed ...          the dateline: place BEIRUT, date March 3
    QAMISHLI, Syria — A car bomb ...                        place QAMISHLI
    Published: Sunday 3 March 2024, 10:32 GMT               a date line
    By Jane Doe                                             a byline

Only the first `search_chars` of a text are read, line by line (a headline may come first): date lines
and bylines stand alone on their line; the dateline opens a paragraph, and the first one found ends the
search. What a dateline
looks like is configured in resources/nlp/dates.json ("datelines"); the month and weekday names are the
dates component's.

The dateline's date is the item's publication date: when the caller gave none (doc._.published is None)
and the dateline or a date line writes a full date, it becomes doc._.published, so the weekdays and
relative days of the item count back from it. A yearless dateline date gives no year and sets nothing.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401
from .config import load_json
from .dateline_text import Dateline, DatelineReader, dateline_date  # noqa: F401 (dateline_date: re-exported)
from .docutil import BatchedComponent, doc_text


def in_dateline(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens start..end-1 are part of the item's metadata (False before the component ran)."""
    dl = doc._.dateline
    return dl is not None and dl.covers(start, end)


class DatelineMarker(BatchedComponent):
    def __init__(self, nlp: Language, name: str, config_path: str = ""):
        self.reader = DatelineReader(load_json(config_path, "dates.json"))

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        found = self.reader.find(doc_text(doc))
        ranges, kinds = [], []
        for s, e, kind in found["ranges"]:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span):
                ranges.append((span.start, span.end))
                kinds.append(kind)
        if not ranges:
            doc._.dateline = None
            return doc
        place_tokens = None
        if found["place_chars"]:
            span = doc.char_span(*found["place_chars"], alignment_mode="expand")
            place_tokens = (span.start, span.end) if span is not None else None
        doc._.dateline = Dateline(tuple(ranges), found["place"], place_tokens, found["date"], found["agency"],
                                  tuple(kinds))
        if doc._.published is None and found["date"]:
            doc._.published = found["date"]
        return doc


@Language.factory("annotator_datelines", assigns=["doc._.dateline"], default_config={"config_path": ""})
def make_datelines(nlp: Language, name: str, config_path: str) -> DatelineMarker:
    return DatelineMarker(nlp, name, config_path)
