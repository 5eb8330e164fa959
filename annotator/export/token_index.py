"""A report's tokens looked up in a lexeme table (tokens._LexemeTable) all at once, without a Python string per
token.

Cutting ~1,000 token texts out of a report and looking each up in a dict was ~0.3 ms a report, a fifth of the
spaCy export's time (10,000 reports, 10 M tokens). Here the text's characters are one UCS-4 array. A token of at
most 8 characters below U+0100 (89 % of a generated report's) is its own 64-bit key, a byte a character, found
exactly in a hash table (_KeyTable). Any other token of at most WIDTH characters becomes a row of WIDTH code
points (zeros after its end), hashed by one matrix product, found by bisection among the hashes of the table's
texts, and then compared with the text found, as a numpy string "U{WIDTH}": the match is exact (a hash collision
only sends a token the slow way). Tokens not found are new texts: each distinct one is looked up once and added
to the arrays (docbin_block.py hands over 64 reports at once, whose first block would otherwise have been ~80,000
look-ups one by one); longer tokens, and tokens holding a NUL, go through the table one by one.
"""
from __future__ import annotations

import numpy as np

from .tokens import _LexemeTable

WIDTH = 16  # 99.8 % of a generated report's tokens have at most 16 characters
_MIX = (np.arange(1, WIDTH // 2 + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) | np.uint64(1)
_ONES, _HIGHS = np.uint64(0x0101010101010101), np.uint64(0x8080808080808080)
_BYTE_MASKS = np.array([(1 << 8 * k) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)
_MASKS = np.where(np.arange(WIDTH)[None, :] < np.arange(WIDTH + 1)[:, None], np.uint32(0xFFFFFFFF), np.uint32(0))


def code_points(text: str) -> np.ndarray:
    """The text's characters as UCS-4 code points (a lone surrogate as itself)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _hashes(rows: np.ndarray) -> np.ndarray:
    """A 64-bit mix of each row of WIDTH code points (wrapping arithmetic)."""
    return rows.view("<u8").reshape(-1, WIDTH // 2) @ _MIX


_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)  # an empty slot of a _KeyTable (the key of no token _packed_ids takes)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


class _KeyTable:
    """A hash table of distinct 64-bit keys (never _EMPTY) and their numbers, looked up for many keys at once:
    open addressing, linear probing, at most a quarter full, so nearly every key is settled at its first slot.
    Bisection among the sorted keys was ~20 ns a token (searchsorted on a 64-report block's 80,000 tokens)."""

    def __init__(self) -> None:
        self.bits = 10
        self.keys = np.full(1 << self.bits, _EMPTY, dtype=np.uint64)
        self.numbers = np.zeros(1 << self.bits, dtype=np.int64)
        self.size = 0
        self.longest = 0  # the most slots a key was moved on from its own

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * _GOLDEN) >> np.uint64(64 - self.bits)).astype(np.int64)

    def find(self, keys: np.ndarray, out: np.ndarray) -> np.ndarray:
        """out[i] = the number of keys[i] where it is in the table; returns where it is."""
        found = np.zeros(len(keys), dtype=bool)
        if not self.size:
            return found
        mask = (1 << self.bits) - 1
        pending = np.arange(len(keys))
        slot = self._slots(keys)
        for _ in range(self.longest + 1):
            held = self.keys[slot]
            hit = held == keys[pending]
            out[pending[hit]] = self.numbers[slot[hit]]
            found[pending[hit]] = True
            go_on = ~hit & (held != _EMPTY)
            pending, slot = pending[go_on], (slot[go_on] + 1) & mask
            if not len(pending):
                break
        return found

    def add(self, keys: np.ndarray, numbers: np.ndarray) -> None:
        """Keys not in the table (distinct), with their numbers."""
        if 4 * (self.size + len(keys)) > 1 << self.bits:
            old = self.keys != _EMPTY
            old_keys, old_numbers = self.keys[old], self.numbers[old]
            while 4 * (self.size + len(keys)) > 1 << self.bits:
                self.bits += 1
            self.keys = np.full(1 << self.bits, _EMPTY, dtype=np.uint64)
            self.numbers = np.zeros(1 << self.bits, dtype=np.int64)
            self.size, self.longest = 0, 0
            keys, numbers = np.concatenate((old_keys, keys)), np.concatenate((old_numbers, numbers))
        mask = (1 << self.bits) - 1
        slot = self._slots(keys)
        moved = 0
        while len(keys):  # each round, every free slot taken by the first key that wants it; the others move on
            free = self.keys[slot] == _EMPTY
            order = np.flatnonzero(free)
            if len(order):  # the first claimant of each free slot
                by_slot = order[np.argsort(slot[order], kind="stable")]
                s = slot[by_slot]
                taken = by_slot[np.concatenate(([True], s[1:] != s[:-1]))]
            else:
                taken = order
            self.keys[slot[taken]] = keys[taken]
            self.numbers[slot[taken]] = numbers[taken]
            self.longest = max(self.longest, moved)
            self.size += len(taken)
            rest = np.ones(len(keys), dtype=bool)
            rest[taken] = False
            keys, numbers, slot = keys[rest], numbers[rest], (slot[rest] + 1) & mask
            moved += 1


class _Table(_LexemeTable):
    """A _LexemeTable whose new texts' ORTH and NORM are what Vocab._new_lexeme gives the lexeme (the text's hash;
    the hash of its NORM getter's string, both added to the strings), without making the lexeme and its twenty
    other attributes: ~10 against ~1 us a new text (timeit), most of a first block's look-ups. A text the vocab
    already holds is read from its lexeme."""

    def __init__(self, vocab, specials: dict) -> None:
        from spacy.attrs import NORM

        super().__init__(vocab, specials)
        self._norm_of = (vocab.lex_attr_getters or {}).get(NORM)

    def _orth_norm(self, text: str) -> tuple[int, int]:
        if self._norm_of is None or text in self.vocab:
            return super()._orth_norm(text)
        add = self.vocab.strings.add
        norm = self._norm_of(text)
        orth = add(text)
        return orth, (add(norm) if isinstance(norm, str) else norm or 0)


class TokenIndex:
    """Numbers of a table's entries (table[text]) for many tokens of one text at once. The table is this index's
    own, so that `texts` (each number's text) follows it."""

    def __init__(self, vocab, specials: dict) -> None:
        self.table = _Table(vocab, specials)
        self.texts: list[str] = []  # the table's texts by number
        self.hashes = np.zeros(0, dtype=np.uint64)  # sorted hashes of the table's texts of at most WIDTH chars
        self.keys = np.zeros(0, dtype=f"U{WIDTH}")  # their texts, in the same order
        self.numbers = np.zeros(0, dtype=np.int64)  # and their numbers
        self.packed = _KeyTable()  # the numbers of the texts _packed_ids finds, by their keys (learnt there)
        self.misses = 0  # short tokens looked up one by one since the last rebuild
        self._cases: dict[int, list[tuple[int, list[int]]]] = {}  # special_cases' memo
        self._groups: dict[int, list[tuple[int, int, np.ndarray]]] = {}  # _special_groups' memo

    def number(self, text: str) -> int:
        k = self.table[text]
        if k == len(self.texts):
            self.texts.append(text)
        return k

    def ids(self, text: str, starts: np.ndarray, ends: np.ndarray, chars: np.ndarray | None = None) -> np.ndarray:
        """table[text[s:e]] for each token (s, e); `chars`, the text's code points (code_points(text)), when at
        hand."""
        n = len(starts)
        out = np.empty(n, dtype=np.int64)
        found = np.zeros(n, dtype=bool)
        if n:
            if chars is None:
                chars = code_points(text)
            nul = np.flatnonzero(chars == 0) if "\x00" in text else None
            found = self._packed_ids(text, chars, starts, ends, out)
            rest = np.flatnonzero(~found)
            if len(rest):
                found[rest] = self._row_ids(text, chars, starts[rest], ends[rest], nul, rest, out)
        missed = np.flatnonzero(~found)
        if len(missed):
            slow = 0
            for i, s, e in zip(missed.tolist(), starts[missed].tolist(), ends[missed].tolist()):
                out[i] = self.number(text[s:e])
                slow += e - s <= WIDTH
            self.misses += slow
            if self.misses > max(1024, len(self.keys)):
                self._rebuild()
        return out

    def _packed_ids(self, text: str, chars: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                    out: np.ndarray) -> np.ndarray:
        """out[i] for the tokens of at most 8 characters below U+0100 (89 % of a generated report's): each such
        token is its own 64-bit key (a byte a character, zeros after its end), found exactly by bisection among
        the keys of the table's such texts. Half the time of the hashed rows (gathering, masking, hashing and
        comparing 16 code points a token). Returns which tokens were found (new ones learnt on the way)."""
        lengths = ends - starts
        padded = np.zeros(len(chars) + 8, dtype=np.uint8)
        padded[:len(chars)] = chars
        padded[np.flatnonzero(chars > 0xFF)] = 0  # so that a token holding such a character holds a zero byte
        # each character's next 8 as one little-endian integer (a view at every byte)
        window = np.ndarray((len(chars) + 1,), dtype="<u8", buffer=padded, strides=(1,))
        mask = _BYTE_MASKS[np.minimum(lengths, 8)]
        keys = window[starts] & mask
        # ok: at most 8 characters, none of them a zero byte (a NUL, or a character above U+00FF); the bytes after
        # its end set, then the exact test for a zero byte in a word
        probe = keys | ~mask
        ok = (lengths <= 8) & (((probe - _ONES) & ~probe & _HIGHS) == 0)
        ok &= keys != _EMPTY
        found = self.packed.find(keys, out) & ok
        new = np.flatnonzero(ok & ~found)
        if len(new):  # each distinct new key looked up once, then added to the table
            order = new[np.argsort(keys[new], kind="stable")]
            k = keys[order]
            first = np.ones(len(order), dtype=bool)
            first[1:] = k[1:] != k[:-1]
            reps = order[first]
            numbers = np.array([self.number(text[s:e]) for s, e in zip(starts[reps].tolist(), ends[reps].tolist())],
                               dtype=np.int64)
            out[order] = numbers[np.cumsum(first) - 1]
            found[order] = True
            self.packed.add(keys[reps], numbers)
        return found

    def _row_ids(self, text: str, chars: np.ndarray, starts: np.ndarray, ends: np.ndarray, nul: np.ndarray | None,
                 where: np.ndarray, out: np.ndarray) -> np.ndarray:
        """out[where[i]] for tokens (starts[i], ends[i]) of at most WIDTH characters, by their hashed rows of code
        points; returns which were found."""
        lengths = ends - starts
        padded = np.zeros(len(chars) + WIDTH, dtype="<u4")
        padded[:len(chars)] = chars
        # each character's next WIDTH (a view; np.lib.stride_tricks.as_strided costs ~10 us a call)
        windows = np.ndarray((len(chars) + 1, WIDTH), dtype="<u4", buffer=padded, strides=(4, 4))
        rows = windows[starts]  # a copy: each token's WIDTH characters from its start
        rows &= _MASKS[np.minimum(lengths, WIDTH)]  # zeros after its end
        hashes = _hashes(rows)
        short = lengths <= WIDTH
        if nul is not None:  # a NUL reads as the end of a numpy string: tokens holding one are looked up by text
            short &= np.searchsorted(nul, ends) == np.searchsorted(nul, starts)
        found = np.zeros(len(starts), dtype=bool)
        sub = np.empty(len(starts), dtype=np.int64)
        if len(self.keys):
            at = np.searchsorted(self.hashes, hashes)
            np.minimum(at, len(self.hashes) - 1, out=at)
            found = (self.keys[at] == rows.view(f"U{WIDTH}").ravel()) & short
            sub[found] = self.numbers[at[found]]
        new = np.flatnonzero(short & ~found)
        if len(new):
            self._learn(text, starts, ends, rows, hashes, new, sub, found)
        out[where[found]] = sub[found]
        return found

    def _learn(self, text: str, starts: np.ndarray, ends: np.ndarray, rows: np.ndarray, hashes: np.ndarray,
               new: np.ndarray, out: np.ndarray, found: np.ndarray) -> None:
        """The short tokens `new` that the sorted arrays lack: each distinct one looked up once (by its hash; a
        token whose characters differ from its hash's first is left to the caller) and added to the arrays.
        A block of reports read before the arrays hold its texts (the export's first) was otherwise ~40,000
        look-ups one by one (0.1 s of a 1,000-report export, cProfile)."""
        order = new[np.argsort(hashes[new], kind="stable")]
        h = hashes[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = h[1:] != h[:-1]
        group = np.cumsum(first) - 1
        reps = order[first]
        numbers = np.array([self.number(text[s:e]) for s, e in zip(starts[reps].tolist(), ends[reps].tolist())],
                           dtype=np.int64)
        same = (rows[order] == rows[reps][group]).all(1)
        out[order[same]] = numbers[group[same]]
        found[order[same]] = True
        at = np.searchsorted(self.hashes, hashes[reps])
        self.hashes = np.insert(self.hashes, at, hashes[reps])
        self.keys = np.insert(self.keys, at, rows[reps].view(f"U{WIDTH}").ravel())
        self.numbers = np.insert(self.numbers, at, numbers)

    def _rebuild(self) -> None:
        short = [(t, k) for k, t in enumerate(self.texts) if len(t) <= WIDTH and "\x00" not in t]
        self.misses = 0
        try:
            keys = np.array([t for t, _ in short], dtype=f"U{WIDTH}")
        except (UnicodeError, ValueError):  # a text numpy cannot hold: looked up one by one, as before
            return
        hashes = _hashes(keys.view("<u4").reshape(-1, WIDTH))
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.keys = hashes[order], keys[order]
        self.numbers = np.array([k for _, k in short], dtype=np.int64)[order]

    def special_norm_applies(self, numbers: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> bool:
        """tokens.docbin_columns' test for tokens numbered `numbers`: whether a tokenizer special case that sets a
        token's NORM ("a" in "I'ma") could have applied (its tokens there, one against the next), found for
        each such case at once."""
        special = self.table.special[numbers]
        if not special.any():
            return False
        n = len(numbers)
        where = np.flatnonzero(special)
        found = numbers[where]
        for number in set(found.tolist()):  # not np.unique: its first call imports numpy.ma (50 ms)
            at = where[found == number]
            # the cases of one length and position all at once ("a" is in six, "I'ma" and its kin, and in
            # nearly every report: case by case was 37 us a report)
            for j, size, cases in self._special_groups(number):
                s = at - j
                s = s[(s >= 0) & (s + size <= n)]
                if not len(s):
                    continue
                window = numbers[s[:, None] + np.arange(size)]
                hit = (window[:, None, :] == cases[None]).all(-1).any(1)
                for s0 in s[hit].tolist():  # the case's tokens, each right after the one before
                    if all(ends[s0 + m - 1] == starts[s0 + m] for m in range(1, size)):
                        return True
        return False

    def special_norm_reports(self, numbers: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                             report: np.ndarray) -> set[int]:
        """special_norm_applies for many reports' tokens one after another (`report`: each token's report, in
        order): the reports where a special case that sets a token's NORM could have applied, its tokens all in
        that report."""
        special = self.table.special[numbers]
        if not special.any():
            return set()
        n = len(numbers)
        where = np.flatnonzero(special)
        found = numbers[where]
        hits: set[int] = set()
        for number in set(found.tolist()):
            at = where[found == number]
            for j, size, cases in self._special_groups(number):
                s = at - j
                s = s[(s >= 0) & (s + size <= n)]
                s = s[report[s] == report[s + size - 1]]
                if not len(s):
                    continue
                window = numbers[s[:, None] + np.arange(size)]
                hit = (window[:, None, :] == cases[None]).all(-1).any(1)
                for s0 in s[hit].tolist():
                    if all(ends[s0 + m - 1] == starts[s0 + m] for m in range(1, size)):
                        hits.add(int(report[s0]))
        return hits

    def _special_groups(self, number: int) -> list[tuple[int, int, np.ndarray]]:
        """_special_cases(number) by (position, length): each group's cases as rows of token numbers."""
        found = self._groups.get(number)
        if found is None:
            by: dict[tuple[int, int], list[list[int]]] = {}
            for j, case in self._special_cases(number):
                by.setdefault((j, len(case)), []).append(case)
            found = self._groups[number] = [(j, size, np.array(cases, dtype=np.int64))
                                            for (j, size), cases in by.items()]
        return found

    def _special_cases(self, number: int) -> list[tuple[int, list[int]]]:
        found = self._cases.get(number)
        if found is None:
            found = self._cases[number] = [(j, [self.number(t) for t in orths])
                                           for j, orths in self.table.specials[self.texts[number]]]
        return found
