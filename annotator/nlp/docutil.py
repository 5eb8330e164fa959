"""Per-document facts several components need, computed once with array operations and cached on the Doc.

Building Token or Span objects for a whole report costs more than any of our rules, so components ask
here for the text, sentence bounds and character offsets instead of iterating over the Doc.
"""
from __future__ import annotations

import bisect

import numpy as np
from spacy import attrs as A
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span

_TEXT = "annotator.text"
_SENTS = "annotator.sents"
_IDX = "annotator.idx"


def set_text(doc: Doc, text: str) -> None:
    """Record the text the Doc was made from (the caller has it; doc.text would rebuild it)."""
    doc.user_data[_TEXT] = text


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None or len(text) != (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0):
        text = doc.text
        doc.user_data[_TEXT] = text
    return text


def token_starts(doc: Doc) -> np.ndarray:
    """Character offset of every token."""
    idx = doc.user_data.get(_IDX)
    if idx is None or len(idx) != len(doc):
        idx = doc.to_array(IDX).astype(np.int64)
        doc.user_data[_IDX] = idx
    return idx


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
    """Token attributes (one to_array call per document, shared by the components), cached on the Doc.

    Components after the sentencizer and the lemmatizer call it; the lemmatizer forgets it when it sets
    lemmas, so a table made earlier is never read stale.
    """
    cached = doc.user_data.get(_TABLE)
    if cached is not None and cached["_len"] == len(doc):
        return cached
    table = TokenTable()
    table["_len"] = len(doc)
    if len(doc):
        table["_array"] = doc.to_array([getattr(A, name) for name in TABLE_ATTRS])
    else:
        table["_array"] = np.zeros((0, len(TABLE_ATTRS)), dtype=np.uint64)
    doc.user_data[_TABLE] = table
    return table


def keep_longest(spans: list[tuple]) -> list[tuple]:
    """Non-overlapping (start, end, ...) tuples, longest first then earliest (like spacy.util.filter_spans)."""
    out, taken = [], set()
    for sp in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if any(i in taken for i in range(sp[0], sp[1])):
            continue
        out.append(sp)
        taken.update(range(sp[0], sp[1]))
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
