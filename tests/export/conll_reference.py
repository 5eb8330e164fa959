"""The CoNLL projection written plainly, as the reference the export's fast path (conll.token_ranges,
conll.document_text) is tested against: spans of a Doc or tokens.Tokens, filtered as spacy.util.filter_spans."""
from __future__ import annotations

from annotator.export.conll import document_text
from annotator.export.selection import ExportDocument
from annotator.export.spans import event_spans, token_span


def projected_spans(doc, ed: ExportDocument, skipped: list[str] | None = None) -> list:
    """Non-overlapping spans, longest first (ties: earlier first), as filter_spans keeps them; what it drops is
    named per event with the reason. `doc`: a Doc, or the report's tokens.Tokens (its char_span is the Doc's)."""
    carriers = event_spans(ed.events)
    candidates = []
    for ev in ed.events:
        span = token_span(doc, ev, carriers, ed.document.key, skipped)
        if span is None:
            continue
        candidates.append((span, ev))
    kept: list[tuple] = []
    taken: dict[int, object] = {}  # token index -> event that holds it
    for span, ev in sorted(candidates, key=lambda c: (-len(c[0]), c[0].start)):
        holder = next((taken[i] for i in range(span.start, span.end) if i in taken), None)
        if holder is not None:
            if skipped is not None:
                same = "the same tokens as" if (span.start_char, span.end_char) == \
                    next((s.start_char, s.end_char) for s, e in kept if e is holder) else "tokens of"
                skipped.append(f"{ed.document.key}: event {ev.id} ({ev.type}, {ev.date or 'undated'}, "
                               f"{span.start_char}..{span.end_char}) left out of the IOB: it shares {same} event "
                               f"{holder.id} ({holder.type}), and a token has one tag")
            continue
        for i in range(span.start, span.end):
            taken[i] = ev
        kept.append((span, ev))
    return sorted((s for s, _ in kept), key=lambda s: s.start)


def document_lines(nlp, ed: ExportDocument, skipped: list[str] | None = None) -> list[str]:
    """The report's lines: a blank line before each sentence start (unless it falls inside a span, or nothing
    was written since the last blank), whitespace tokens left out."""
    return document_text(ed, skipped, nlp)[:-1].split("\n")
