"""A report's tokens looked up in the lexeme table (tokens._LexemeTable) all at once, without a Python string per
token.

Cutting ~1,000 token texts out of a report and looking each up in a dict was ~0.3 ms a report, a fifth of the
spaCy export's time (10,000 reports, 10 M tokens). Here the report's characters are one UCS-4 array; each token
of at most WIDTH characters becomes a row of WIDTH code points (zeros after its end), read as a numpy string
"U{WIDTH}", and all of them are found at once by bisection in a sorted array of the table's texts. The match is
exact (the strings themselves are compared, no hash). Tokens not found there (new texts, longer ones) go through
the table one by one, as before, and the sorted array is rebuilt once enough of them have (amortised: a rebuild
costs about as much as the one-by-one look-ups it saves).
"""
from __future__ import annotations

from itertools import islice

import numpy as np

WIDTH = 16  # 99.8 % of a generated report's tokens have at most 16 characters


class TokenIndex:
    """Numbers of the table's entries (table[text]) for many tokens of one text at once."""

    def __init__(self, table) -> None:
        self.table = table
        self.keys = np.zeros(0, dtype=f"U{WIDTH}")  # sorted texts of at most WIDTH characters, no NUL
        self.numbers = np.zeros(0, dtype=np.int64)  # table[keys[i]]
        self.misses = 0  # short tokens looked up one by one since the last rebuild
        self.texts: list[str] = []  # the table's texts by number (what a number stands for)
        self._columns = np.arange(WIDTH)

    def ids(self, text: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """table[text[s:e]] for each token (s, e)."""
        n = len(starts)
        lengths = ends - starts
        out = np.empty(n, dtype=np.int64)
        found = np.zeros(n, dtype=bool)
        if n and len(self.keys) and "\x00" not in text:  # a NUL would read as the end of a numpy string
            try:
                chars = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
            except UnicodeError:
                chars = None
            if chars is not None:
                padded = np.zeros(len(chars) + WIDTH, dtype="<u4")
                padded[:len(chars)] = chars
                rows = np.lib.stride_tricks.as_strided(padded, shape=(len(chars) + 1, WIDTH), strides=(4, 4))
                words = rows[starts]  # a copy: each token's WIDTH characters from its start
                words[self._columns >= lengths[:, None]] = 0
                words = words.view(f"U{WIDTH}").ravel()
                at = np.searchsorted(self.keys, words)
                np.minimum(at, len(self.keys) - 1, out=at)
                found = (self.keys[at] == words) & (lengths <= WIDTH)
                out[found] = self.numbers[at[found]]
        missed = np.flatnonzero(~found)
        if len(missed):
            table, slow = self.table, 0
            for i, s, e in zip(missed.tolist(), starts[missed].tolist(), ends[missed].tolist()):
                out[i] = table[text[s:e]]
                slow += e - s <= WIDTH
            self.misses += slow
            if self.misses > max(1024, len(self.keys)):
                self._rebuild()
        if len(self.table) > len(self.texts):
            self.texts.extend(islice(self.table, len(self.texts), None))  # dicts keep insertion order
        return out

    def _rebuild(self) -> None:
        short = [(t, k) for t, k in self.table.items() if 0 < len(t) <= WIDTH and "\x00" not in t]
        try:
            keys = np.array([t for t, _ in short], dtype=f"U{WIDTH}")
        except (UnicodeError, ValueError):  # a text numpy cannot hold: looked up one by one, as before
            self.misses = 0
            return
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.numbers = np.array([k for _, k in short], dtype=np.int64)[order]
        self.misses = 0
