"""CoNLL-2003 style IOB: one token per line ("word -X- _ TAG"), a blank line between sentences, -DOCSTART- between
reports. Tags are IOB2 over the non-overlapping projection of the event spans (spans.py: the trigger, else the
evidence, the date where events share one; the longest wins, as spacy.util.filter_spans decides), labelled with
the event type. IOB gives each token one tag, so an event whose span overlaps a longer one cannot be written:
each such event is named in the result's `skipped` lines with the event that kept the tokens. Tokens come from spacy.blank("en");
whitespace tokens are dropped, and a sentence never breaks inside a span so that every span keeps its B- tag.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from .selection import ExportDocument, ExportResult
from .spans import event_spans, span_of

# The spelling spaCy's converter splits on; CoNLL-2003 readers only look at the leading -DOCSTART-.
DOCSTART = "-DOCSTART- -X- O O"


def _nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def projected_spans(doc, ed: ExportDocument, skipped: list[str] | None = None) -> list:
    """Non-overlapping spans, longest first (ties: earlier first), as filter_spans keeps them; what it drops is
    named per event with the reason."""
    carriers = event_spans(ed.events)
    candidates = []
    for ev in ed.events:
        start, end = span_of(ev, carriers)
        span = doc.char_span(start, end, label=ev.type, alignment_mode="expand")
        if span is None or len(span) == 0:
            if skipped is not None:
                skipped.append(f"{ed.document.key}: event {ev.id} ({ev.type} {start}..{end}) covers no token")
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
    doc = nlp(ed.text)
    tags = ["O"] * len(doc)
    for span in projected_spans(doc, ed, skipped):
        tags[span.start] = f"B-{span.label_}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{span.label_}"
    lines = [DOCSTART, ""]
    open_sentence = False
    for tok in doc:
        if tok.is_sent_start and open_sentence and not tags[tok.i].startswith("I-"):
            lines.append("")
            open_sentence = False
        if tok.is_space or not tok.text.strip():
            continue
        word = re.sub(r"\s", "_", tok.text)  # a token never carries a space, but NBSP-like ones must not split it
        lines.append(f"{word} -X- _ {tags[tok.i]}")
        open_sentence = True
    lines.append("")
    return lines


def write_conll(docs: Sequence[ExportDocument], out: Path, *,
                progress: Callable[[int, str], None] | None = None) -> ExportResult:
    result = ExportResult("conll", [out])
    nlp = _nlp()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for i, ed in enumerate(docs, 1):
            fh.write("\n".join(document_lines(nlp, ed, result.skipped)) + "\n")
            result.documents += 1
            result.events += len(ed.events)
            if progress:
                progress(i, ed.document.title)
    return result
