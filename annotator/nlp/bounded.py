"""Bounded work for any text under the 20 MB import limit: chunks at paragraph boundaries, and a tokenizer
guard for long runs of punctuation.

spaCy refuses texts over `nlp.max_length` (1,000,000 characters, error E088), so a long report is cut into
chunks of at most CHUNK_CHARS, each ending at a paragraph break (else a line break, a sentence end or a space),
extracted alone, and the offsets of what is found shifted back by the chunk's start. Real reports are 5-15k
characters, so they are never cut.

spaCy's tokenizer peels prefixes and suffixes one character at a time and searches the rest of the word
again after each, so a word made of many punctuation characters costs length x punctuation: 8,000 "%" took
42 s, 16 KB of "#" 22 s. Words whose length times punctuation count exceeds RUN_BUDGET (a 64-character run of
punctuation; URLs and ordinary words stay far below it) are split here instead, in linear time, into runs of
word characters and runs of one repeated punctuation character, each at most MAX_PIECE long. Every other
part of the text goes through spaCy's tokenizer as before, so ordinary reports tokenize exactly as they did.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

CHUNK_CHARS = 100_000
RUN_BUDGET = 64 * 64
MAX_PIECE = 100
_LONG_RUN = re.compile(r"\S{64,}")
_NON_WORD = re.compile(r"[\W_]")  # spaCy splits "_" off like punctuation, though \w includes it
_PIECES = re.compile(rf"[^\W_]{{1,{MAX_PIECE}}}|([\W_])\1{{0,{MAX_PIECE - 1}}}")
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?]\s"), re.compile(r"\s"))


def chunk_bounds(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """[(start, end)] covering the text, each at most `limit` characters, cut at the best break available."""
    bounds, start, n = [], 0, len(text)
    while n - start > limit:
        end = _cut(text, start, start + limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, n))
    return bounds


def _cut(text: str, start: int, hard: int) -> int:
    """The end of a chunk: after the last paragraph break (or line break ...) in the window's second half."""
    low = start + (hard - start) // 2
    for pattern in _BREAKS:
        last = None
        for last in pattern.finditer(text, low, hard):
            pass
        if last is not None:
            return last.end()
    return hard


def make_doc(nlp, text: str) -> Doc:
    """nlp.make_doc(text), with long punctuation runs split in linear time (see the module docstring)."""
    # no word of 64 characters (as _LONG_RUN): str.split splits at the same whitespace as \s, at under half
    # the regex's cost on a report (0.32 ms against 0.72 ms for the 5 corpus reports)
    if max(map(len, text.split()), default=0) < 64:
        return nlp.make_doc(text)
    slow = [m for m in _LONG_RUN.finditer(text) if _is_slow(m.group())]
    if not slow:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for m in slow:
        if m.start() > pos:
            _add_doc(nlp.make_doc(text[pos:m.start()]), words, spaces)
        for piece in _PIECES.finditer(m.group()):
            words.append(piece.group())
            spaces.append(False)
        pos = m.end()
        if text.startswith(" ", pos):  # a single space after the run belongs to its last token
            spaces[-1] = True
            pos += 1
    if pos < len(text):
        _add_doc(nlp.make_doc(text[pos:]), words, spaces)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _is_slow(run: str) -> bool:
    return len(run) * len(_NON_WORD.findall(run)) > RUN_BUDGET


def _add_doc(doc: Doc, words: list[str], spaces: list[bool]) -> None:
    for token in doc:
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
