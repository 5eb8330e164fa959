"""Per-document facts several components need, computed once with array operations and cached on the Doc.

Building Token or Span objects for a whole report costs more than any of our rules, so components ask
here for the text, sentence bounds, character offsets and token attributes (token_table) instead of
iterating over the Doc, and hand each other what they found as plain data (Found) rather than Spans with
extension attributes. Attributes of the word itself (LOWER, SHAPE ...) and membership of word lists
(LexemeSet) are worked out once per word and vocabulary, not once per token.
"""
from __future__ import annotations

import bisect
import threading
import weakref

import numpy as np
from spacy import attrs as A
from spacy.attrs import IDX, SENT_START, SPACY
from spacy.tokens import Doc, Span

_TEXT = "annotator.text"
_SENTS = "annotator.sents"
_IDX = "annotator.idx"
_WS = "annotator.token_whitespace"


def _text_length(doc: Doc) -> int:
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def set_text(doc: Doc, text: str) -> None:
    """Record the text the Doc was made from (the caller has it; doc.text would rebuild it)."""
    if len(text) == _text_length(doc):
        doc.user_data[_TEXT] = (len(doc), text)


def doc_text(doc: Doc) -> str:
    cached = doc.user_data.get(_TEXT)
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data[_TEXT] = (len(doc), doc.text)
    return cached[1]


def token_starts(doc: Doc) -> np.ndarray:
    """Character offset of every token."""
    cached = doc.user_data.get(_IDX)
    if cached is None or len(cached[0]) != len(doc):
        idx = doc.to_array(IDX).astype(np.int64)
        cached = doc.user_data[_IDX] = (idx, idx.tolist())
    return cached[0]


def token_start_list(doc: Doc) -> list[int]:
    """token_starts as a list (faster to index one at a time)."""
    token_starts(doc)
    return doc.user_data[_IDX][1]


def token_whitespace(doc: Doc) -> list[int]:
    """Whether each token has whitespace after it (1) or not (0), read once per document."""
    return token_whitespace_array(doc)[1]


def token_whitespace_array(doc: Doc) -> tuple[np.ndarray, list[int]]:
    """token_whitespace as a boolean array and as a list."""
    cached = doc.user_data.get(_WS)
    if cached is None or len(cached[1]) != len(doc):
        arr = doc.to_array(SPACY).astype(bool)
        cached = doc.user_data[_WS] = (arr, arr.tolist())
    return cached


def token_at_char(doc: Doc, char: int) -> int:
    """The first token starting at or after `char`."""
    return int(np.searchsorted(token_starts(doc), char, side="left"))


def sentence_starts(doc: Doc) -> list[int]:
    """Token index where each sentence starts (after the sentencizer has run)."""
    cached = doc.user_data.get(_SENTS)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    if not len(doc):
        starts: list[int] = []
    else:
        flags = doc.to_array(SENT_START)
        starts = np.flatnonzero(flags == 1).tolist()
        if not starts or starts[0] != 0:
            starts = [0] + starts
    doc.user_data[_SENTS] = (len(doc), starts)
    return starts


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    starts = sentence_starts(doc)
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(doc)) for i, s in enumerate(starts)]


def sentence_of(starts: list[int], token: int) -> int:
    return bisect.bisect_right(starts, token) - 1


_TABLE = "annotator.table"
TABLE_ATTRS = ("LEMMA", "LOWER", "ORTH", "LIKE_NUM", "SHAPE", "IS_PUNCT", "IS_SPACE", "SENT_START")


def sorted_lookup(known: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each key, its index in the sorted array `known` and whether it is there (index 0 when not)."""
    if not len(known):
        return np.zeros(len(keys), dtype=np.intp), np.zeros(len(keys), dtype=bool)
    i = np.searchsorted(known, keys)
    i[i == len(known)] = 0
    return i, known[i] == keys


class TokenTable(dict):
    """Token attributes of a Doc: the array (self["_array"]) and, on first use, each column as a list."""

    def __missing__(self, name: str) -> list[int]:
        if name not in TABLE_ATTRS:
            raise KeyError(name)
        column = self["_array"][:, TABLE_ATTRS.index(name)].tolist()
        self[name] = column
        return column


def forget_table(doc: Doc) -> None:
    """Drop the cached token table (a component that changes token attributes calls this)."""
    doc.user_data.pop(_TABLE, None)


def token_table(doc: Doc) -> TokenTable:
    """Token attributes (shared by the components), cached on the Doc.

    Components after the sentencizer and the lemmatizer call it; the lemmatizer forgets it when it sets
    lemmas, so a table made earlier is never read stale.
    """
    cached = doc.user_data.get(_TABLE)
    if cached is not None and cached["_len"] == len(doc):
        return cached
    table = TokenTable()
    table["_len"] = len(doc)
    arr = np.empty((len(doc), len(TABLE_ATTRS)), dtype=np.uint64, order="F")  # columns are read whole
    if len(doc):
        orth, lexical = lexical_table(doc)
        arr[:, _ORTH_COL] = orth
        arr[:, _LEXICAL_COLS] = lexical
        arr[:, _TOKEN_COLS] = doc.to_array([getattr(A, name) for name in _TOKEN_ATTRS])
    table["_array"] = arr
    doc.user_data[_TABLE] = table
    return table


# Attributes of the word itself (the same for every token with that ORTH): read once per word and vocabulary,
# not once per token as Doc.to_array does (which made the table cost more than some components).
LEXICAL_ATTRS = ("LOWER", "LIKE_NUM", "SHAPE", "IS_PUNCT", "IS_SPACE")
_TOKEN_ATTRS = tuple(a for a in TABLE_ATTRS if a not in LEXICAL_ATTRS and a != "ORTH")
_ORTH_COL = TABLE_ATTRS.index("ORTH")
_LEXICAL_COLS = [TABLE_ATTRS.index(a) for a in LEXICAL_ATTRS]
_TOKEN_COLS = [TABLE_ATTRS.index(a) for a in _TOKEN_ATTRS]
_LEXICAL = "annotator.lexical"


class _LexicalCache:
    """LEXICAL_ATTRS of every word a vocabulary has shown us, as sorted arrays (looked up by binary search),
    and for each word a bit mask of the registered word sets (LexemeSet) it belongs to.

    The arrays are replaced together, never changed in place (one tuple), so a thread reading them while
    another learns new words sees either the old arrays or the new ones."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self.sets: list[tuple[str, frozenset[int]]] = []
        self._lock = threading.Lock()
        empty = np.zeros(0, dtype=np.uint64)
        self._state = (empty, np.zeros((0, len(LEXICAL_ATTRS)), dtype=np.uint64), empty)  # orths, rows, bits

    def register(self, attr: str, values: frozenset[int]) -> int:
        """The bit standing for 'the word's `attr` is one of `values`' (ORTH or a LEXICAL_ATTRS name)."""
        key = (attr, values)
        with self._lock:  # components are built in one thread, but a matcher compiles on first use
            if key in self.sets:
                return 1 << self.sets.index(key)
            if len(self.sets) == 64:
                raise ValueError("too many word sets for one vocabulary (64 at most)")
            orths, rows, features = self._state
            bit = np.uint64(1 << len(self.sets))
            column = orths if attr == "ORTH" else rows[:, LEXICAL_ATTRS.index(attr)]
            inside = members(column, np.array(sorted(values), dtype=np.uint64))
            self._state = (orths, rows, features | np.where(inside, bit, np.uint64(0)))
            self.sets.append(key)
            return int(bit)

    def lookup(self, orth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(LEXICAL_ATTRS rows, word-set bits) for each ORTH."""
        state = self._state
        i, known = sorted_lookup(state[0], orth)
        if not known.all():
            state = self._learn(state, np.unique(orth[~known]))
            i, known = sorted_lookup(state[0], orth)
        return state[1][i], state[2][i]

    def _learn(self, state: tuple, new: np.ndarray) -> tuple:
        rows, features = [], []
        sets = list(self.sets)
        for o in new.tolist():
            lex = self.vocab[o]
            row = (lex.lower, int(lex.like_num), lex.shape, int(lex.is_punct), int(lex.is_space))
            rows.append(row)
            bits = 0
            for k, (attr, values) in enumerate(sets):
                if (o if attr == "ORTH" else row[LEXICAL_ATTRS.index(attr)]) in values:
                    bits |= 1 << k
            features.append(bits)
        orths = np.concatenate([state[0], new])
        table = np.concatenate([state[1], np.array(rows, dtype=np.uint64).reshape(-1, len(LEXICAL_ATTRS))])
        feats = np.concatenate([state[2], np.array(features, dtype=np.uint64)])
        order = np.argsort(orths, kind="stable")
        state = self._state = (orths[order], table[order], feats[order])
        return state


# One cache per vocabulary, alive while a component holds it (a LexemeSet) or a Doc is being read; it holds
# its vocabulary, so the id cannot be reused while the entry exists.
_CACHES: "weakref.WeakValueDictionary[int, _LexicalCache]" = weakref.WeakValueDictionary()


def _lexical_cache(vocab) -> _LexicalCache:
    cache = _CACHES.get(id(vocab))
    if cache is None:
        cache = _CACHES[id(vocab)] = _LexicalCache(vocab)
    return cache


def lexical_table(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """(ORTH of every token, its LEXICAL_ATTRS as an array with one row per token), cached on the Doc."""
    entry = _lexical_entry(doc)
    return entry[0], entry[1]


def _lexical_entry(doc: Doc) -> tuple:
    cached = doc.user_data.get(_LEXICAL)
    cache = _lexical_cache(doc.vocab)
    if cached is not None and len(cached[0]) == len(doc) and cached[3] is cache and cached[4] == len(cache.sets):
        return cached
    orth = doc.to_array(A.ORTH)
    rows, features = cache.lookup(orth)
    cached = doc.user_data[_LEXICAL] = (orth, rows, features, cache, len(cache.sets))
    return cached


def word_sets(doc: Doc) -> np.ndarray:
    """For each token, the bits (LexemeSet.bit) of the word sets its word belongs to."""
    return _lexical_entry(doc)[2]


class LexemeSet:
    """Words whose ORTH, LOWER or SHAPE is one of some values, tested for all tokens of a Doc at once.

    Which sets a word belongs to is worked out once per word and vocabulary (the first time a Doc shows
    it), so testing a Doc costs one array operation instead of a lookup of every token in the set."""

    def __init__(self, vocab, attr: str, values) -> None:
        if attr != "ORTH" and attr not in LEXICAL_ATTRS:
            raise ValueError(f"not an attribute of the word itself: {attr}")
        add = vocab.strings.add
        self.values = frozenset(add(v) if isinstance(v, str) else int(v) for v in values)
        self.cache = _lexical_cache(vocab)  # held: the registered bit lives in this cache
        self.bit = np.uint64(self.cache.register(attr, self.values))

    def mask(self, doc: Doc) -> np.ndarray:
        """For each token: whether it is one of the words."""
        return (_lexical_entry(doc)[2] & self.bit) != 0


def members(column: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """column[i] in sorted_values, for every i: np.isin, by binary search (np.isin sorts both sides on
    every call, which costs more than the lookup itself for a few hundred values)."""
    if not len(sorted_values):
        return np.zeros(len(column), dtype=bool)
    i = np.searchsorted(sorted_values, column)
    i[i == len(sorted_values)] = 0
    return sorted_values[i] == column


def keep_longest(spans: list[tuple]) -> list[tuple]:
    """Non-overlapping (start, end, ...) tuples, longest first then earliest (like spacy.util.filter_spans)."""
    by_start = sorted(spans, key=lambda x: (x[0], x[0] - x[1]))
    if all(by_start[i][0] >= by_start[i - 1][1] for i in range(1, len(by_start))):
        return by_start  # nothing overlaps (the usual case): every span stays
    out = []
    taken = bytearray(max(sp[1] for sp in spans) + 1)
    for sp in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        s, e = sp[0], sp[1]
        if e > s and taken.find(1, s, e) >= 0:
            continue
        out.append(sp)
        taken[s:e] = b"\x01" * (e - s)
    return sorted(out, key=lambda x: x[0])


class BatchedComponent:
    """Mixin for our components: in nlp.pipe, run the component over a batch of documents before the next
    component starts, rather than document by document. Each component's code and tables stay in the CPU
    caches for a whole batch, which measurably speeds up the pipeline."""

    def pipe(self, stream, batch_size: int = 64):
        from spacy.util import minibatch

        for batch in minibatch(stream, size=batch_size):
            for doc in batch:
                self(doc)
            yield from batch


class Sentences:
    """Sentence spans made on demand (making them all costs more than the rules that read a few)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.bounds = sentence_bounds(doc)
        self.starts = [b[0] for b in self.bounds]
        self._cache: dict[int, Span] = {}

    def __len__(self) -> int:
        return len(self.bounds)

    def __getitem__(self, i: int) -> Span:
        span = self._cache.get(i)
        if span is None:
            span = self._cache[i] = self.doc[self.bounds[i][0]:self.bounds[i][1]]
        return span


class Found:
    """What a component found in tokens start..end-1 (value: an Actor, a Place or None, a DateValue) and
    its text, as plain data. The components hand these to each other; doc._.actors, doc._.places and
    doc._.dates turn them into Spans with span._.actor / place / date when asked, because Span objects
    with extension attributes cost more than the rules that read them."""
    __slots__ = ("start", "end", "text", "value")

    def __init__(self, start: int, end: int, text: str, value) -> None:
        self.start, self.end, self.text, self.value = start, end, text, value

    def __repr__(self) -> str:
        return f"Found({self.start}, {self.end}, {self.text!r}, {self.value!r})"


def _found_key(name: str) -> str:
    return "annotator.found." + name


def found_by(doc: Doc, name: str) -> list[Found]:
    """What the component behind doc._.<name> found, in text order (empty before it has run)."""
    return doc.user_data.get(_found_key(name)) or []


def set_found(doc: Doc, name: str, items: list[Found]) -> None:
    doc.user_data[_found_key(name)] = items


def found_as_spans(doc: Doc, name: str, span_attr: str) -> list[Span]:
    spans = []
    for f in found_by(doc, name):
        span = Span(doc, f.start, f.end)
        setattr(span._, span_attr, f.value)
        spans.append(span)
    return spans


class SpanText:
    """doc[start:end].text for many ranges of one Doc, from the token table (no Span objects)."""

    def __init__(self, doc: Doc) -> None:
        self.text, self.starts = doc_text(doc), token_start_list(doc)
        self.orths, self.strings = token_table(doc)["ORTH"], doc.vocab.strings

    def __call__(self, start: int, end: int) -> str:
        if end <= start:
            return ""
        last = end - 1
        return self.text[self.starts[start]:self.starts[last] + len(self.strings[self.orths[last]])]


def span_text(doc: Doc, start: int, end: int) -> str:
    """doc[start:end].text, from the token table (no Span)."""
    return SpanText(doc)(start, end)


def span_texts(doc: Doc, ranges: list[tuple]) -> list[str]:
    """doc[start:end].text for each (start, end, ...) in ranges."""
    if not ranges:
        return []
    text_of = SpanText(doc)
    return [text_of(r[0], r[1]) for r in ranges]
