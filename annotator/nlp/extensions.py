"""The Doc and Span attributes our components set (doc._.events etc.), registered once."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from .docutil import found_as_spans

_DOC = {
    "published": None,  # ISO date string or None, set before the pipeline runs
    "period": None,  # (start, end) ISO strings or None, set before the pipeline runs
    "blocks": None,  # list[Block]: paragraphs, bullets, headings
    "dateline": None,  # datelines.Dateline: the item's metadata lines (dateline, date line, byline) or None
    # "numbers" is a getter registered by numbers.py: list[Span] with span._.number
    "facts": None,  # list[FactCandidate]
    "batches": None,  # list[BatchStatement]: sentences that state batches, read by the event assembler
    "events": None,  # list[EventCandidate]
}
# getters: Spans made on demand from what the component found (docutil.Found)
_FOUND = {
    "dates": "date",  # list[Span] with span._.date (a DateValue)
    "places": "place",  # list[Span] with span._.place (a gazetteer Place, or None when unresolved)
    "actors": "actor",  # list[Span] with span._.actor
}
_SPAN = {"number": None, "date": None, "place": None, "actor": None}


def register() -> None:
    for name, default in _DOC.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, span_attr in _FOUND.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=lambda doc, n=name, a=span_attr: found_as_spans(doc, n, a))
    for name, default in _SPAN.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()
