"""Span arithmetic for the review window: word steps and Python <-> Qt text offsets. No Qt here.

Stored offsets are Python str indices (code points); QTextDocument counts UTF-16 code units, so a character
outside the Basic Multilingual Plane (an emoji in a pasted report) shifts every later Qt position by one.
"""
from __future__ import annotations

import bisect
import re

# A word for span steps: letters/digits, joined by inner hyphens, apostrophes, dots or commas ("Al-Waleed",
# "2022-08-24", "1,500"); punctuation at a word's edge is never a step of its own.
_WORD = re.compile(r"\w+(?:[-'’.,]\w+)*")


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


def word_bounds(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def step_start(text: str, start: int, end: int, words: int) -> int:
    """Move a span's start by whole words: negative grows to the left, positive shrinks (never past the end)."""
    bounds = word_bounds(text)
    starts = [s for s, _ in bounds]
    if words < 0:
        i = bisect.bisect_left(starts, start)  # words starting strictly before `start` are candidates
        return starts[max(0, i + words)] if i > 0 else start
    i = bisect.bisect_right(starts, start)
    target = starts[i + words - 1] if i + words - 1 < len(starts) else start
    return target if target < end else start


def step_end(text: str, start: int, end: int, words: int) -> int:
    """Move a span's end by whole words: positive grows to the right, negative shrinks (never before the start)."""
    bounds = word_bounds(text)
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
