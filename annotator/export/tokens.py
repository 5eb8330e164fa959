"""A report's tokens as arrays, for the span formats (JSONL, CoNLL, DocBin): one tokenisation per report with the
bare tokenizer, and sentence starts computed from its arrays.

Iterating a Doc builds a Token object per token (~3 us each, cProfile): for ~1,250 tokens a report, that was most
of the CoNLL and DocBin exports' time. Offsets, lengths and flags come instead from one Doc.to_array, a token's
text is the report's text at its offsets (a Doc reproduces its text exactly), and the sentence starts are spaCy's
Sentencizer's, found from the same arrays.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def blank_nlp():
    """spacy.blank("en"): the tokenizer every span format uses (its vocabulary grows with what it reads)."""
    import spacy

    return spacy.blank("en")


@lru_cache(maxsize=1)
def _final_hashes() -> np.ndarray:
    """The ORTH hashes of the Sentencizer's sentence-final characters."""
    from spacy.pipeline import Sentencizer
    from spacy.strings import hash_string

    return np.array(sorted(hash_string(c) for c in Sentencizer.default_punct_chars), dtype="uint64")


@dataclass
class Tokens:
    """The report's Doc (tokenizer only) and, per token, its start and end offsets and whether it is a space."""
    doc: object
    text: str
    starts: list[int]
    ends: list[int]
    space: np.ndarray  # bool per token: whitespace only (Token.is_space)
    _orth: np.ndarray
    _punct: np.ndarray

    def texts(self) -> list[str]:
        return list(map(self.text.__getitem__, map(slice, self.starts, self.ends)))

    def sentence_starts(self) -> list[int]:
        """Token indices that start a sentence, as spaCy's Sentencizer (default punctuation) marks them.

        The Sentencizer starts a sentence at a token that is neither punctuation nor a sentence-final character
        when the last such "plain" or final token before it was a sentence-final character (other punctuation,
        such as a closing quote, is passed over); the first token always starts one."""
        n = len(self.starts)
        if not n:
            return []
        finals = _final_hashes()
        at = np.minimum(np.searchsorted(finals, self._orth), len(finals) - 1)
        final = finals[at] == self._orth  # membership by bisection: np.isin sorts both arrays on every call
        plain = ~self._punct & ~final
        marked = np.flatnonzero(plain | final)  # the tokens that decide: plain ones and sentence-final ones
        after_final = marked[1:][plain[marked[1:]] & final[marked[:-1]]]
        return [0] + [i for i in after_final.tolist() if i > 0]


def tokenize(text: str, nlp=None) -> Tokens:
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH

    doc = (nlp or blank_nlp()).make_doc(text)
    if not len(doc):
        empty = np.zeros(0, dtype="uint64")
        return Tokens(doc, text, [], [], empty.astype(bool), empty, empty.astype(bool))
    arr = doc.to_array([IDX, LENGTH, IS_SPACE, IS_PUNCT, ORTH])
    starts = arr[:, 0].tolist()
    ends = list(map(operator.add, starts, arr[:, 1].tolist()))
    return Tokens(doc, text, starts, ends, arr[:, 2].astype(bool), arr[:, 4], arr[:, 3].astype(bool))
