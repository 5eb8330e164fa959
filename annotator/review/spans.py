"""Span arithmetic for review: word steps that respect markdown, markup positions, Python <-> Qt offsets. No Qt.

Stored offsets are Python str indices (code points); QTextDocument counts UTF-16 code units, so a character
outside the Basic Multilingual Plane (an emoji in a pasted report) shifts every later Qt position by one.
"""
from __future__ import annotations

import bisect
import re

# A word for span steps: letters/digits, joined by inner hyphens, apostrophes, dots or commas ("Al-Waleed",
# "2022-08-24", "1,500"); punctuation at a word's edge is never a step of its own. Underscores are markdown
# markup, not letters. A sentence's final stop (with closing quotes or brackets) belongs to its last word, so
# "}" drops the word and its stop together and "]" takes both: a span never loses, or ends on, a bare stop.
_WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*(?:[.!?…][\"'”’)\]]*(?=\s|$|\*|_))?")
# Where a markdown block starts: a blank line, a heading, a list item or a quote. Word steps stay in their
# block, so "]" never runs on into the next heading's "##" or the next bullet.
_BLOCK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>))")
# Markup characters shown dimmed in the view (offsets stay those of the stored text).
_MARKUP = re.compile(r"\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])|`+|^[ \t]*#{1,6}(?=[ \t])|^[ \t]*[-*+>][ \t]"
                     r"|\]\([^)\s]*\)|(?<!\S)\[", re.MULTILINE)


class OffsetMap:
    """Converts between code-point offsets (the store) and UTF-16 positions (Qt)."""

    def __init__(self, text: str):
        # Code-point indices of astral characters; empty for almost every report, which keeps both directions O(1).
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        self._astral_qt = [i + n for n, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        if not self._astral:
            return position
        # Each astral char before the position takes two units; a position inside a surrogate pair rounds down.
        n = bisect.bisect_left(self._astral_qt, position)
        if n and position == self._astral_qt[n - 1] + 1:
            return self._astral[n - 1]
        return position - n


def word_bounds(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text, lo, len(text) if hi is None else hi)]


def block_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The markdown block(s) a span lies in: from the block break before its start to the one after its end."""
    lo = 0
    for m in _BLOCK.finditer(text, 0, max(0, start)):
        lo = m.end()
    m = _BLOCK.search(text, max(end, start))
    return lo, (m.start() if m else len(text))


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Markdown markup in a text (**, __, *, `, heading hashes, bullets, link targets), to dim in the view;
    touching runs ("- **") come as one span."""
    out: list[tuple[int, int]] = []
    for m in _MARKUP.finditer(text):
        if out and out[-1][1] == m.start():
            out[-1] = (out[-1][0], m.end())
        else:
            out.append((m.start(), m.end()))
    return out


_MD_HINT = re.compile(r"^#{1,6}[ \t]\S|\*\*\S[^*\n]*\*\*|^[ \t]*[-*+][ \t]\*\*", re.MULTILINE)


def looks_like_markdown(text: str, source_kind: str | None = None) -> bool:
    """A .md file, or a text (a JSONL line, a .txt) with a few headings or bold runs."""
    if source_kind == "md":
        return True
    hits = 0
    for _ in _MD_HINT.finditer(text):
        hits += 1
        if hits >= 3:
            return True
    return False


def step_start(text: str, start: int, end: int, words: int) -> int:
    """Move a span's start by whole words: negative grows to the left, positive shrinks (never past the end)."""
    bounds = word_bounds(text, *block_bounds(text, start, end))
    if not bounds:
        return start
    starts = [s for s, _ in bounds]
    if words < 0:
        i = bisect.bisect_left(starts, start)  # words starting strictly before `start` are candidates
        return starts[max(0, i + words)] if i > 0 else start
    i = bisect.bisect_right(starts, start)
    target = starts[i + words - 1] if i + words - 1 < len(starts) else start
    return target if target < end else start


def step_end(text: str, start: int, end: int, words: int) -> int:
    """Move a span's end by whole words: positive grows to the right, negative shrinks (never before the start)."""
    bounds = word_bounds(text, *block_bounds(text, start, end))
    if not bounds:
        return end
    ends = [e for _, e in bounds]
    if words > 0:
        i = bisect.bisect_right(ends, end)  # words ending strictly after `end`
        return ends[min(len(ends) - 1, i + words - 1)] if i < len(ends) else end
    i = bisect.bisect_left(ends, end)
    target = ends[i + words] if i + words >= 0 else end
    return target if target > start else end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection without the white space at its edges."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A sentence ends at . ! ? (and closing quotes/brackets) before white space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)|\n")


def sentence_end(text: str, pos: int) -> int:
    """The end of the sentence the position is in; from a sentence's end, the end of the next one."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    m = _SENTENCE_END.search(text, pos + 1 if pos < len(text) else pos)
    if m is None:
        return len(text)
    return m.start() if m.group() == "\n" else m.end()


def sentence_start(text: str, pos: int) -> int:
    """The start of the sentence the position is in (its first non-space character)."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, max(0, pos)):
        if m.end() < pos:
            start = m.end()
    while start < pos and text[start].isspace():
        start += 1
    return start
