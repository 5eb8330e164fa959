"""Token patterns in spaCy Matcher syntax, with bounded gaps, matched with a few array operations.

A trigger such as "drone ... struck" is written as
    [{"LEMMA": "drone"}, {"GAP": 5}, {"LEMMA": {"IN": ["strike", "hit"]}}]
{"GAP": n} stands for at most n tokens of the same sentence, none of them punctuation. Token specs are the
Matcher's, limited to what trigger lists need: LEMMA, LOWER or ORTH, each a string or {"IN": [...]}, or
LIKE_NUM true/false, with "OP": "?" for an optional token. spaCy's Matcher evaluates set predicates in Python at every token
(and its {0,n} wildcards keep many partial matches alive), which made matching the slowest step of the
pipeline; here the first token of every pattern is looked up for the whole document at once with numpy,
and the rest is checked only where that first token occurs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from .docutil import TABLE_ATTRS, token_table

_ATTRS = {"LEMMA": 0, "LOWER": 1, "ORTH": 2, "LIKE_NUM": 3}
_COLUMNS = ("LEMMA", "LOWER", "ORTH", "LIKE_NUM")
_TABLE_COL = {i: TABLE_ATTRS.index(name) for i, name in enumerate(_COLUMNS)}


@dataclass(frozen=True)
class _Spec:
    col: int
    values: frozenset[int]
    optional: bool


class PatternError(ValueError):
    pass


class GappedMatcher:
    def __init__(self, vocab):
        self.vocab = vocab
        self.rules: list[tuple[str, list[list[_Spec]], list[int]]] = []
        self._by_col: dict | None = None

    def _spec(self, key: str, tok: dict) -> _Spec:
        unknown = set(tok) - set(_ATTRS) - {"OP"}
        attrs = [a for a in tok if a in _ATTRS]
        if unknown or len(attrs) != 1 or tok.get("OP", "?") != "?":
            raise PatternError(f"{key}: unsupported token spec {tok} (one of LEMMA/LOWER/ORTH, optional OP '?')")
        value = tok[attrs[0]]
        if attrs[0] == "LIKE_NUM":
            return _Spec(3, frozenset({1 if value else 0}), "OP" in tok)
        words = value["IN"] if isinstance(value, dict) else [value]
        if isinstance(value, dict) and set(value) != {"IN"}:
            raise PatternError(f"{key}: only {{'IN': [...]}} is supported in {tok}")
        return _Spec(_ATTRS[attrs[0]], frozenset(self.vocab.strings.add(w) for w in words), "OP" in tok)

    def add(self, key: str, pattern: list[dict]) -> None:
        segments: list[list[_Spec]] = [[]]
        gaps: list[int] = []
        for tok in pattern:
            if "GAP" in tok:
                if not segments[-1]:
                    raise PatternError(f"{key}: a gap must follow a token")
                gaps.append(int(tok["GAP"]))
                segments.append([])
            else:
                segments[-1].append(self._spec(key, tok))
        if not segments[-1]:
            raise PatternError(f"{key}: a pattern cannot end with a gap")
        if segments[0][0].optional:
            raise PatternError(f"{key}: the first token cannot be optional")
        self.rules.append((key, segments, gaps))
        self._by_col = None

    def _index(self) -> dict[int, tuple[np.ndarray, dict[int, list[int]]]]:
        """Per attribute column: every first-token value, and which rules start with it."""
        if self._by_col is None:
            by_col: dict[int, dict[int, list[int]]] = {}
            self._anchor_pos = []
            for r, (key, segments, gaps) in enumerate(self.rules):
                # look rules up by a selective token: "five batches" by "batches", not by every number
                first_seg = segments[0]
                pos = 0
                for k, spec in enumerate(first_seg):
                    if spec.optional:
                        break
                    if spec.col != 3:
                        pos = k
                        break
                self._anchor_pos.append(pos)
                anchor = first_seg[pos]
                for v in anchor.values:
                    by_col.setdefault(anchor.col, {}).setdefault(v, []).append(r)
            self._by_col = {c: (np.array(sorted(m), dtype=np.uint64), m) for c, m in by_col.items()}
        return self._by_col

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        if not len(doc) or not self.rules:
            return []
        table = token_table(doc)
        arr = table["_array"]
        cols = [table[name] for name in _COLUMNS]
        starts: list[tuple[int, int]] = []  # (token, rule)
        for col, (values, rules_by_value) in self._index().items():
            hits = np.flatnonzero(np.isin(arr[:, _TABLE_COL[col]], values))
            if len(hits):
                column = cols[col]
                anchor_pos = self._anchor_pos
                for tok in hits.tolist():
                    starts.extend((tok - anchor_pos[r], r) for r in rules_by_value[column[tok]]
                                  if tok - anchor_pos[r] >= 0)
        if not starts:
            return []
        present: list[set[int] | None] = [None] * len(_COLUMNS)
        possible: dict[int, bool] = {}
        flags = (table["IS_PUNCT"], table["SENT_START"])
        out = []
        for s, r in sorted(starts):
            if r not in possible:
                possible[r] = self._possible(r, cols, present)
            if not possible[r]:
                continue
            key, segments, gaps = self.rules[r]
            end = self._segment(cols, segments[0], s)
            if end is None:
                continue
            for seg, gap in zip(segments[1:], gaps):
                end = self._after_gap(cols, flags, seg, end, gap)
                if end is None:
                    break
            if end is not None:
                out.append((key, s, end))
        return out

    def _possible(self, r: int, cols, present) -> bool:
        """Whether every required token of the rule occurs somewhere in the document at all."""
        for seg in self.rules[r][1]:
            for spec in seg:
                if spec.optional:
                    continue
                if present[spec.col] is None:
                    present[spec.col] = set(cols[spec.col])
                if spec.values.isdisjoint(present[spec.col]):
                    return False
        return True

    @staticmethod
    def _segment(cols, specs: list[_Spec], i: int) -> int | None:
        """Where the segment ends when it starts at token i (optional tokens taken greedily)."""
        n = len(cols[0])
        if not any(sp.optional for sp in specs):
            for k, spec in enumerate(specs):
                if i + k >= n or cols[spec.col][i + k] not in spec.values:
                    return None
            return i + len(specs)

        def walk(k: int, i: int) -> int | None:
            if k == len(specs):
                return i
            spec = specs[k]
            if i < n and cols[spec.col][i] in spec.values:
                end = walk(k + 1, i + 1)
                if end is not None:
                    return end
            return walk(k + 1, i) if spec.optional else None

        return walk(0, i)

    def _after_gap(self, cols, flags, specs, start: int, gap: int) -> int | None:
        punct, sent_start = flags
        n = len(cols[0])
        first = specs[0]
        column = cols[first.col]
        for j in range(start, min(start + gap, n - 1) + 1):
            if j > start and (punct[j - 1] or sent_start[j - 1] == 1):
                return None  # the gap may not cross punctuation or a sentence boundary
            if j > 0 and sent_start[j] == 1:
                return None
            if column[j] in first.values or first.optional:
                end = self._segment(cols, specs, j)
                if end is not None:
                    return end
        return None
