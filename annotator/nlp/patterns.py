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

import bisect

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
        self._later = None

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
        anchor_pos = self._anchor_positions()
        for col, (values, rules_by_value) in self._index().items():
            hits = np.flatnonzero(np.isin(arr[:, _TABLE_COL[col]], values))
            if len(hits):
                column = cols[col]
                for tok in hits.tolist():
                    starts.extend((tok - anchor_pos[r], r) for r in rules_by_value[column[tok]]
                                  if tok - anchor_pos[r] >= 0)
        if not starts:
            return []
        state = _DocState(arr, table, self._later_values())
        out = []
        possible: dict[int, bool] = {}
        for s, r in sorted(starts):
            key, segments, gaps = self.rules[r]
            if r not in possible:
                possible[r] = all(state.positions(seg[0]) for seg in segments[1:])
            if not possible[r]:
                continue
            end = self._segment(cols, segments[0], s)
            if end is None:
                continue
            for seg, gap in zip(segments[1:], gaps):
                end = self._after_gap(cols, state, seg, end, gap)
                if end is None:
                    break
            if end is not None:
                out.append((key, s, end))
        return out

    def _later_values(self) -> dict[int, np.ndarray]:
        """Per column, every value a segment after a gap can start with."""
        if getattr(self, "_later", None) is None:
            later: dict[int, set[int]] = {}
            for _, segments, _ in self.rules:
                for seg in segments[1:]:
                    later.setdefault(seg[0].col, set()).update(seg[0].values)
            self._later = {c: np.array(sorted(v), dtype=np.uint64) for c, v in later.items()}
        return self._later

    def _anchor_positions(self) -> list[int]:
        self._index()
        return self._anchor_pos

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

    def _after_gap(self, cols, state: "_DocState", specs, start: int, gap: int) -> int | None:
        """The end of the segment `specs` when it begins within `gap` tokens after `start`, with no
        punctuation or sentence boundary in between."""
        positions = state.positions(specs[0])
        i = bisect.bisect_left(positions, start)
        barrier, sent_start = state.barrier_cum, state.sent_start
        while i < len(positions) and positions[i] <= start + gap:
            p = positions[i]
            if barrier[p] - barrier[start] or sent_start[p] == 1:
                return None  # everything further is behind the barrier too
            end = self._segment(cols, specs, p)
            if end is not None:
                return end
            i += 1
        return None


class _DocState:
    """Per-document lookups for joining segments: where each token spec occurs, and barriers."""

    def __init__(self, arr: np.ndarray, table, later: dict[int, np.ndarray]) -> None:
        self.sent_start = table["SENT_START"]
        punct = arr[:, TABLE_ATTRS.index("IS_PUNCT")].astype(bool)
        starts = arr[:, TABLE_ATTRS.index("SENT_START")] == 1
        # barrier_cum[i] = punctuation marks and sentence starts among tokens 0..i-1
        self.barrier_cum = np.concatenate([[0], np.cumsum(punct | starts)]).tolist()
        # value -> positions, for the values that can start a later segment (one array lookup per column)
        self.by_value: dict[int, dict[int, list[int]]] = {}
        for col, values in later.items():
            column = arr[:, _TABLE_COL[col]]
            hits = np.flatnonzero(np.isin(column, values)).tolist()
            index: dict[int, list[int]] = {}
            for tok, v in zip(hits, column[hits].tolist()):
                index.setdefault(v, []).append(tok)
            self.by_value[col] = index
        self._positions: dict[_Spec, list[int]] = {}

    def positions(self, spec: _Spec) -> list[int]:
        found = self._positions.get(spec)
        if found is None:
            index = self.by_value.get(spec.col, {})
            lists = [index[v] for v in spec.values if v in index]
            found = sorted(p for lst in lists for p in lst) if len(lists) > 1 else (lists[0] if lists else [])
            self._positions[spec] = found
        return found
