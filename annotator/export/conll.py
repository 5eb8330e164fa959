"""CoNLL-2003 style IOB: one token per line ("word -X- _ TAG"), a blank line between sentences, -DOCSTART- between
reports. Tags are IOB2 over the non-overlapping projection of the event spans (spans.py: the trigger, else the
evidence, the date where events share one; the longest wins, as spacy.util.filter_spans decides), labelled with
the event type. IOB gives each token one tag, so an event whose span overlaps a longer one cannot be written:
each such event is named in the result's `skipped` lines with the event that kept the tokens. Tokens come from spacy.blank("en");
whitespace tokens are dropped, and a sentence never breaks inside a span so that every span keeps its B- tag.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .page_cache import DropBehind
from .selection import ExportDocument, ExportResult
from .spans import event_spans, trigger_span
from .tokens import tokens_for

# The spelling spaCy's converter splits on; CoNLL-2003 readers only look at the leading -DOCSTART-.
DOCSTART = "-DOCSTART- -X- O O"


def token_ranges(toks, ed: ExportDocument, skipped: list[str] | None = None) -> list[tuple[int, int, str]]:
    """The non-overlapping projection of the event spans as filter_spans keeps it (longest first, ties: earlier
    first; what it drops is named per event with the reason), as (start token, end token, label), in text order:
    the same as tests/export/conll_reference.py's projected_spans over Tokens.char_span (test_conll_projection.py
    compares them), for document_text: Tokens.char_span inlined,
    and a candidate tested against the kept spans' sorted bounds, not token by token (projected_spans was a
    seventh of the export's CPU)."""
    events = ed.events
    if not events:
        return []
    carriers = event_spans(events)
    starts, ends, n, chars = toks.starts, toks.ends, len(toks.starts), len(toks.text)
    key = ed.document.key
    candidates = []
    for ev in events:
        span = carriers.get(id(ev)) or trigger_span(ev)
        s, e = span
        st = bisect_right(starts, s) - 1 if n and 0 <= s < chars else -1
        en = bisect_right(starts, e - 1) - 1 if n and 0 <= e - 1 < chars else -1
        if st < 0 or en < 0:
            st = en = 0  # char_span gives None: no token
        else:
            if s == ends[st]:  # a trailing space does not count as part of its token
                st += 1
            en += 1
            if not 0 <= st <= en <= n:
                toks.char_span(s, e, ev.type)  # raises char_span's (spaCy's) IndexError
        if en <= st:
            if skipped is not None:
                skipped.append(f"{key}: event {ev.id} ({ev.type} {s}..{e}) covers no token")
            continue
        candidates.append((en - st, st, en, ev))
    kept_starts: list[int] = []
    kept_ends: list[int] = []  # the kept spans are disjoint: in start order, their ends are sorted too
    kept: list[tuple[int, int, object]] = []  # (end, start, event) in start order
    for _, st, en, ev in sorted(candidates, key=lambda c: (-c[0], c[1])):
        j = bisect_right(kept_ends, st)  # the first kept span ending after st: the one holding its first token
        if j < len(kept) and kept[j][1] < en:
            if skipped is not None:
                h_end, h_start, holder = kept[j]
                a, b = starts[st], ends[en - 1]
                same = "the same tokens as" if (a, b) == (starts[h_start], ends[h_end - 1]) else "tokens of"
                skipped.append(f"{key}: event {ev.id} ({ev.type}, {ev.date or 'undated'}, {a}..{b}) left out of "
                               f"the IOB: it shares {same} event {holder.id} ({holder.type}), and a token has one "
                               "tag")
            continue
        k = bisect_right(kept_starts, st)
        kept_starts.insert(k, st)
        kept_ends.insert(k, en)
        kept.insert(k, (en, st, ev))
    return [(st, en, ev.type) for en, st, ev in kept]


# Events as EventSpans (selection.py) with only their trigger and date arguments, and stored tokens; never the
# stated totals. With joined rows (document_text), 12.9 -> 8.9 s CPU for 10,000 generated reports; trigger and
# date arguments only (of ~4.4 an event): 7.9 s.
READS = {"arguments", "tokens", "event_spans", "carrier_arguments"}
_WS = re.compile(r"\s")


def document_text(ed: ExportDocument, skipped: list[str] | None = None, nlp=None) -> str:
    """The report's lines as written to the file, each ended by a newline (parallel.py renders blocks of reports
    with it). Built from the report's token arrays (tokens.py), not by iterating Tokens (0.1 s a report to
    ~1 ms). Most rows are "word -X- _ O": the runs of them between the rows that differ (a span's tag, a blank
    line before) are each one str.join of their words, not a %-format per row: the per-row format and the regex
    over the words were ~3.9 of the export's 12.9 s CPU for 10,000 generated reports; with the EventSpan read
    (READS), 8.9 s."""
    toks = tokens_for(ed.text, ed.tokens, nlp)  # stored at import, else tokenised here (the tokenizer built then)
    text, starts, ends = toks.text, toks.starts, toks.ends
    n = len(starts)
    space = toks.space
    if space.any():
        written = np.flatnonzero(~space).tolist()
        m = len(written)
        if not m:
            return DOCSTART + "\n\n\n"
        w_starts, w_ends = map(starts.__getitem__, written), map(ends.__getitem__, written)
    else:  # no whitespace tokens (most generated reports): every token is written, row i is token i
        if not n:
            return DOCSTART + "\n\n\n"
        written, m, w_starts, w_ends = None, n, starts, ends
    words = list(map(text.__getitem__, map(slice, w_starts, w_ends)))
    # Rows that are not "word -X- _ O": a span's B-/I- rows, by row (a span's whitespace tokens are not written).
    tagged: dict[int, str] = {}
    inner: set[int] = set()  # token indices inside a span after its first: no sentence break there
    for first, end, label in token_ranges(toks, ed, skipped):
        b, i_tag = f"B-{label}", f"I-{label}"
        inner.update(range(first + 1, end))
        if written is None:
            tagged[first] = b
            for i in range(first + 1, end):
                tagged[i] = i_tag
        else:
            for i in range(first, end):
                if not space[i]:
                    tagged[bisect_left(written, i)] = b if i == first else i_tag
    # A sentence start breaks before the first token written at or after it, once something was written since
    # the last break.
    sent = toks.sentence_starts()
    if written is None:
        breaks = sorted({i for i in sent if i not in inner} - {0})
    else:
        breaks = sorted({bisect_left(written, i) for i in sent if i not in inner} - {0})
    tail = "\n"  # the blank line that ends the report
    while breaks and breaks[-1] >= m:  # sentence starts after the last row written
        breaks.pop()
        tail += "\n"
    out = _assemble(words, tagged, breaks, tail)
    if _odd_whitespace(text, out, m, len(breaks) + len(tail)) and _WS.search("".join(words)):
        # A word holding whitespace (none of spaCy's do: it splits where whitespace starts and ends): written
        # as "_" so that the row keeps its four columns.
        out = _assemble([_WS.sub("_", w) for w in words], tagged, breaks, tail)
    return out


_PLAIN = " -X- _ O\n"


def _assemble(words: list[str], tagged: dict[int, str], breaks: list[int], tail: str) -> str:
    breaks_set = set(breaks)
    pieces = [DOCSTART, "\n\n"]
    add = pieces.append
    row = 0
    for r in sorted(breaks_set.union(tagged)):
        if r > row:
            add(_PLAIN.join(words[row:r]))
            add(_PLAIN)
        if r in breaks_set:
            add("\n")
        tag = tagged.get(r)
        if tag is None:
            add(words[r])
            add(_PLAIN)
        else:
            add(f"{words[r]} -X- _ {tag}\n")
        row = r + 1
    if row < len(words):
        add(_PLAIN.join(words[row:]))
        add(_PLAIN)
    add(tail)
    return "".join(pieces)


def _odd_whitespace(text: str, out: str, rows: int, newlines: int) -> bool:
    """Whether a written word may hold whitespace: the report has whitespace other than spaces and newlines, or
    the rows have more of those than their layout (C-speed str.count, a regex over the text, not the written
    words: joining and searching them was 0.35 s of a 10,000-report export)."""
    return out.count(" ") != _DOCSTART_SPACES + 3 * rows or out.count("\n") != 2 + rows + newlines or \
        (not text.isascii() or any(c in text for c in _ASCII_ODD_SPACE)) and _ODD_SPACE.search(text) is not None


_DOCSTART_SPACES = DOCSTART.count(" ")
_ASCII_ODD_SPACE = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"  # str.isspace, besides " " and "\n"
_ODD_SPACE = re.compile(r"[^\S \n]")  # whitespace other than the rows' spaces and newlines


def write_conll(docs: Sequence[ExportDocument], out: Path, *,
                progress: Callable[[int, str], None] | None = None) -> ExportResult:
    result = ExportResult("conll", [out])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        behind = DropBehind(fh)
        for i, ed in enumerate(docs, 1):
            fh.write(document_text(ed, result.skipped))
            behind.wrote()
            result.documents += 1
            result.events += len(ed.events)
            if progress:
                progress(i, ed.document.title)
    return result
