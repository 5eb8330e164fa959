"""CoNLL-2003 style IOB: one token per line ("word -X- _ TAG"), a blank line between sentences, -DOCSTART- between
reports. Tags are IOB2 over the non-overlapping projection of the event spans (spans.py: the trigger, else the
evidence, the date where events share one; the longest wins, as spacy.util.filter_spans decides), labelled with
the event type. IOB gives each token one tag, so an event whose span overlaps a longer one cannot be written:
each such event is named in the result's `skipped` lines with the event that kept the tokens. Tokens come from spacy.blank("en");
whitespace tokens are dropped, and a sentence never breaks inside a span so that every span keeps its B- tag.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .selection import ExportDocument, ExportResult
from .spans import event_spans, token_span
from .tokens import blank_nlp, tokens_for

# The spelling spaCy's converter splits on; CoNLL-2003 readers only look at the leading -DOCSTART-.
DOCSTART = "-DOCSTART- -X- O O"


def _nlp():
    """The bare tokenizer; sentences come from tokens.Tokens.sentence_starts (spaCy's Sentencizer's starts)."""
    return blank_nlp()


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


READS = {"arguments", "tokens"}  # arguments (trigger and date spans) and stored tokens; never the stated totals
_WS = re.compile(r"\s")
_LINE = "%s -X- _ %s"


def document_lines(nlp, ed: ExportDocument, skipped: list[str] | None = None) -> list[str]:
    """The report's lines: a blank line before each sentence start (unless it falls inside a span, or nothing
    was written since the last blank), whitespace tokens left out."""
    return document_text(ed, skipped, nlp)[:-1].split("\n")


def document_text(ed: ExportDocument, skipped: list[str] | None = None, nlp=None) -> str:
    """The report's lines as written to the file, each ended by a newline (parallel.py renders blocks of reports
    with it). Built from the report's token arrays (tokens.py), not by iterating Tokens (0.1 s a report to
    ~1 ms), and all rows by one %-format whose blank lines sit in the format string (against a %-format per line
    and a list of lines: 12.3 -> 11.1 s CPU for 10,000 generated reports)."""
    toks = tokens_for(ed.text, ed.tokens, nlp)  # stored at import, else tokenised here (the tokenizer built then)
    n = len(toks.starts)
    tags = ["O"] * n
    for span in projected_spans(toks, ed, skipped):
        tags[span.start] = f"B-{span.label_}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{span.label_}"
    written = np.flatnonzero(~toks.space).tolist()
    m = len(written)
    if not m:
        return DOCSTART + "\n\n\n"
    text, starts, ends = toks.text, toks.starts, toks.ends
    words = list(map(text.__getitem__, map(slice, map(starts.__getitem__, written), map(ends.__getitem__, written))))
    if _WS.search("".join(words)):
        words = [_WS.sub("_", w) for w in words]  # a token never carries a space, but NBSP-like ones must not split it
    # A sentence start breaks before the first token written at or after it, once something was written since
    # the last break.
    breaks = sorted({bisect_left(written, i) for i in toks.sentence_starts() if not tags[i].startswith("I-")} - {0})
    rows = [_LINE] * m
    tail = "\n\n"
    for b in breaks:
        if b < m:
            rows[b] = "\n" + _LINE  # a blank line before this row
        else:
            tail += "\n"  # a sentence start after the last row written
    flat: list[str] = [""] * (2 * m)
    flat[0::2] = words
    flat[1::2] = map(tags.__getitem__, written)
    return DOCSTART + "\n\n" + "\n".join(rows) % tuple(flat) + tail


def write_conll(docs: Sequence[ExportDocument], out: Path, *,
                progress: Callable[[int, str], None] | None = None) -> ExportResult:
    result = ExportResult("conll", [out])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for i, ed in enumerate(docs, 1):
            fh.write(document_text(ed, result.skipped))
            result.documents += 1
            result.events += len(ed.events)
            if progress:
                progress(i, ed.document.title)
    return result
