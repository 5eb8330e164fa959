"""Token patterns in spaCy Matcher syntax, with bounded gaps, matched with a few array operations.

A trigger such as "drone ... struck" is written as
    [{"LEMMA": "drone"}, {"GAP": 5}, {"LEMMA": {"IN": ["strike", "hit"]}}]
{"GAP": n} stands for at most n tokens of the same sentence, none of them punctuation. Token specs are the
Matcher's, limited to what trigger lists need: LEMMA, LOWER or ORTH, each a string or {"IN": [...]}, or
LIKE_NUM true/false, with "OP": "?" for an optional token (taken when it matches: one match per start,
the greedy one). spaCy's Matcher evaluates set predicates in Python at every token (and its {0,n}
wildcards keep many partial matches alive), which made matching the slowest step of the pipeline. Here
every word a rule starts or continues with is looked up for the whole document at once (one array
operation per attribute; LOWER, ORTH and LIKE_NUM through docutil.LexemeSet), and the rest is checked
only where a rule's first word occurs, and only when its later parts occur close enough after it.
"""
from __future__ import annotations

from dataclasses import dataclass

import bisect

import numpy as np
from spacy.strings import hash_string
from spacy.tokens import Doc

from .docutil import TABLE_ATTRS, LexemeSet, members, token_table, token_whitespace_array

_ATTRS = {"LEMMA": 0, "LOWER": 1, "ORTH": 2, "LIKE_NUM": 3}
_COLUMNS = ("LEMMA", "LOWER", "ORTH", "LIKE_NUM")
_TABLE_COL = {i: TABLE_ATTRS.index(name) for i, name in enumerate(_COLUMNS)}


@dataclass(frozen=True, slots=True)
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
        self._compiled: _Compiled | None = None

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
        if attrs[0] == "LEMMA":
            # a base form opening a sentence ("Drone strike kills ...") is its own lemma, capitalised: the
            # lookup table only maps inflected forms
            words = list(words) + [w[:1].upper() + w[1:] for w in words if w[:1].islower()]
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
        self._compiled = None

    def compile(self) -> None:
        """Prepare the rules now rather than on first use (components call it when they are built)."""
        self._compile()

    def _compile(self) -> "_Compiled":
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = _Compiled(self.rules, self.vocab)
        return compiled

    def __call__(self, doc: Doc, within: list[tuple[int, int]] | None = None) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match, in order of start; `within` (sorted, non-overlapping token ranges):
        only the matches that start inside one of them (the rest is not checked at all)."""
        if not len(doc) or not self.rules:
            return []
        c = self._compile()
        table = token_table(doc)
        arr = table["_array"]
        cols = [table[name] for name in _COLUMNS]
        # one lookup per attribute column for every value a rule starts with or continues with
        hits = {col: np.flatnonzero(values.mask(doc) if isinstance(values, LexemeSet)
                                    else members(arr[:, _TABLE_COL[col]], values)).tolist()
                for col, values in c.lookups.items()}
        starts: list[tuple[int, int]] = []  # (token, rule)
        append = starts.append
        for col, rules_by_value in c.anchors.items():
            column = cols[col]
            get = rules_by_value.get
            for tok in hits[col]:
                found = get(column[tok])
                if found:
                    for r, pos in found:  # a plain loop: most values start one rule, a generator costs more
                        if tok >= pos:
                            append((tok - pos, r))
        if not starts:
            return []
        starts.sort()
        if within is not None:
            starts = _inside(starts, within)
        n = len(doc)
        state: _DocState | None = None
        out = []
        possible: dict[int, bool] = {}
        rules = c.rules
        for s, r in starts:
            key, first, later, later_reversed = rules[r]
            if later:
                if state is None:
                    state = _DocState(doc, table, cols, hits, c.later_values, c.n_specs)
                ok = possible.get(r)
                if ok is None:
                    ok = possible[r] = all(state.positions(spec_id, spec) for _, spec_id, spec, _, _ in later)
                if not ok or not state.within_reach(s, later_reversed):
                    continue
            end = _first_segment(cols, first, s, n)
            if end is None:
                continue
            for gap, spec_id, spec, variants, _ in later:
                end = _after_gap(cols, n, state, spec_id, spec, variants, end, gap)
                if end is None:
                    break
            if end is not None:
                out.append((key, s, end))
        return out


def _inside(starts: list[tuple[int, int]], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sorted (token, rule) starts whose token is inside one of the sorted (lo, hi) ranges."""
    out, i, n = [], 0, len(ranges)
    for start in starts:
        tok = start[0]
        while i < n and ranges[i][1] <= tok:
            i += 1
        if i == n:
            break
        if ranges[i][0] <= tok:
            out.append(start)
    return out


def _variants(specs: list[_Spec]) -> tuple[tuple[tuple[int, frozenset], ...], ...]:
    """A segment with optional tokens as the fixed sequences it can stand for, in the order a greedy
    left-to-right match tries them (an optional token taken before skipped)."""
    out: list[tuple] = [()]
    for spec in specs:
        step = (spec.col, spec.values)
        out = [v + (step,) for v in out] + ([v for v in out] if spec.optional else [])
        if spec.optional:  # keep the greedy order: for each prefix, "taken" before "skipped"
            taken, skipped = out[:len(out) // 2], out[len(out) // 2:]
            out = [x for pair in zip(taken, skipped) for x in pair]
    return tuple(out)


class _Compiled:
    """The rules in the shape matching wants them: anchors per column, each segment as fixed variants."""

    @staticmethod
    def _anchor(first_seg: list[_Spec], common: frozenset[int]) -> int:
        """The token rules are looked up by: a word rather than a number ("five batches" by "batches", not
        by every number), and a rarer word rather than a function word ("in the past month" by "past", not
        by every "in"); any token before the first optional one will do, its distance from the start
        being fixed."""
        best, best_common = 0, None
        for k, spec in enumerate(first_seg):
            if spec.optional:
                break
            if spec.col == 3:
                continue
            n_common = len(spec.values & common)
            if best_common is None or n_common < best_common:
                best, best_common = k, n_common
        return best

    def __init__(self, rules, vocab) -> None:
        by_col: dict[int, dict[int, list[tuple[int, int]]]] = {}
        self.rules: list[tuple[str, tuple, list[tuple]]] = []
        spec_ids: dict[_Spec, int] = {}
        later_values: dict[int, set[int]] = {}
        common = _common_words(vocab)
        for r, (key, segments, gaps) in enumerate(rules):
            first_seg = segments[0]
            pos = self._anchor(first_seg, common)
            anchor = first_seg[pos]
            for v in anchor.values:
                by_col.setdefault(anchor.col, {}).setdefault(v, []).append((r, pos))
            later = []
            reach = len(first_seg)  # furthest a later segment's first token can be from the start
            for seg, gap in zip(segments[1:], gaps):
                head = seg[0]
                spec_id = spec_ids.setdefault(head, len(spec_ids))
                later_values.setdefault(head.col, set()).update(head.values)
                reach += gap
                later.append((gap, spec_id, head, _variants(seg), reach))
                reach += len(seg)
            # checked last first: the far end of a pattern ("... by a drone") is usually the rare part
            self.rules.append((key, _unanchored(_variants(first_seg), pos), later, later[::-1]))
        self.anchors = by_col  # column -> value -> [(rule, position of the anchor in the rule)]
        self.later_values = later_values  # column -> values a later segment can start with
        self.lookups: dict[int, np.ndarray | LexemeSet] = {}
        for col in set(by_col) | set(later_values):
            values = set(by_col.get(col, ())) | later_values.get(col, set())
            if _COLUMNS[col] == "LEMMA":  # set by the lemmatizer, not a property of the word
                self.lookups[col] = np.array(sorted(values), dtype=np.uint64)
            else:
                self.lookups[col] = LexemeSet(vocab, _COLUMNS[col], values)
        self.n_specs = len(spec_ids)


def _common_words(vocab) -> frozenset[int]:
    """spaCy's English stop words, as hashes: what a rule is better not looked up by."""
    from spacy.lang.en.stop_words import STOP_WORDS

    add = vocab.strings.add
    return frozenset(add(w) for word in STOP_WORDS for w in (word, word.capitalize()))


def _unanchored(variants, pos: int) -> tuple[tuple[int, tuple[tuple[int, int, frozenset], ...]], ...]:
    """The first segment's variants as (length, the (offset, column, values) to check), without the anchor:
    where a rule is tried its anchor word was found (at the same offset in every variant, as no optional
    token comes before it)."""
    return tuple((len(v), tuple((k, col, values) for k, (col, values) in enumerate(v) if k != pos))
                 for v in variants)


def _first_segment(cols, variants, i: int, n: int) -> int | None:
    """_segment for a first segment whose anchor matched at its place (see _unanchored)."""
    for length, checks in variants:
        if i + length > n:
            continue
        for k, col, values in checks:
            if cols[col][i + k] not in values:
                break
        else:
            return i + length
    return None


def _segment(cols, variants, i: int, n: int) -> int | None:
    """Where the segment ends when it starts at token i of n (optional tokens taken greedily)."""
    for variant in variants:
        k = i
        for col, values in variant:
            if k >= n or cols[col][k] not in values:
                break
            k += 1
        else:
            return k
    return None


def _after_gap(cols, n: int, state: "_DocState", spec_id: int, spec: _Spec, variants, start: int,
               gap: int) -> int | None:
    """The end of the segment when it begins within `gap` tokens after `start`, with no punctuation or
    sentence boundary in between."""
    positions = state.positions(spec_id, spec)
    i = bisect.bisect_left(positions, start)
    barrier, sent_start = state.barrier_cum, state.sent_start
    while i < len(positions) and positions[i] <= start + gap:
        p = positions[i]
        if barrier[p] - barrier[start] or sent_start[p] == 1:
            return None  # everything further is behind the barrier too
        end = _segment(cols, variants, p, n)
        if end is not None:
            return end
        i += 1
    return None


_BARRIERS = "annotator.match_barriers"
_HYPHEN = hash_string("-")


def _barriers(doc: Doc, table) -> list[int]:
    """barrier_cum[i] = punctuation marks and sentence starts among tokens 0..i-1; once per document, for
    every matcher."""
    cached = doc.user_data.get(_BARRIERS)
    if cached is not None and cached[0] is table:
        return cached[1]
    arr = table["_array"]
    punct = arr[:, TABLE_ATTRS.index("IS_PUNCT")].astype(bool)
    hyphen = arr[:, TABLE_ATTRS.index("ORTH")] == _HYPHEN
    if hyphen.any():  # "Al-Mayadin": a hyphen inside a name, with no space on either side, is no barrier
        spacy = token_whitespace_array(doc)[0]
        inner = hyphen & ~spacy
        inner[1:] &= ~spacy[:-1]
        inner[0] = False
        punct &= ~inner
    starts = arr[:, TABLE_ATTRS.index("SENT_START")] == 1
    barrier_cum = np.concatenate([[0], np.cumsum(punct | starts)]).tolist()
    doc.user_data[_BARRIERS] = (table, barrier_cum)
    return barrier_cum


class _DocState:
    """Per-document lookups for joining segments: where each token spec occurs, and barriers."""

    def __init__(self, doc: Doc, table, cols, hits: dict[int, list[int]], later: dict[int, set[int]],
                 n_specs: int) -> None:
        self.sent_start = table["SENT_START"]
        self.barrier_cum = _barriers(doc, table)
        # value -> positions, for the values that can start a later segment (from the column lookups)
        self.by_value: dict[int, dict[int, list[int]]] = {}
        for col, values in later.items():
            column = cols[col]
            index: dict[int, list[int]] = {}
            for tok in hits[col]:
                v = column[tok]
                if v in values:
                    index.setdefault(v, []).append(tok)
            self.by_value[col] = index
        self._positions: list[list[int] | None] = [None] * n_specs

    def within_reach(self, start: int, later) -> bool:
        """Whether every later segment's first token occurs close enough after `start` (a quick test
        that most starts fail, before matching in earnest)."""
        for _, spec_id, spec, _, reach in later:
            positions = self.positions(spec_id, spec)
            i = bisect.bisect_left(positions, start)
            if i == len(positions) or positions[i] > start + reach:
                return False
        return True

    def positions(self, spec_id: int, spec: _Spec) -> list[int]:
        found = self._positions[spec_id]
        if found is None:
            index = self.by_value.get(spec.col, {})
            lists = [index[v] for v in spec.values if v in index]
            found = sorted(p for lst in lists for p in lst) if len(lists) > 1 else (lists[0] if lists else [])
            self._positions[spec_id] = found
        return found
