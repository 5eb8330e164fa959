"""spaCy's rule-based sentencizer, computed with array operations instead of a loop over Token objects.

The rule is spaCy's (spacy.pipeline.Sentencizer): after a sentence-final mark ('.', '!', '?' ...), the next
token that is neither punctuation nor such a mark starts a sentence; sentence starts set earlier (by the
blocks component) are kept. The stock component builds a Token object for every token of the report,
which cost more than all our rules together on a long report; the result here is the same, token for
token (tests/nlp/test_sentences.py compares them).
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from .docutil import LEXICAL_ATTRS, BatchedComponent, LexemeSet, forget_table, lexical_table

_IS_PUNCT = LEXICAL_ATTRS.index("IS_PUNCT")
_UNSET, _START, _INSIDE = 0, 1, np.uint64(2**64 - 1)  # Doc.to_array gives sent_start -1 as uint64


class ArraySentencizer(BatchedComponent):
    def __init__(self, nlp: Language, name: str = "sentencizer", punct_chars: list[str] | None = None,
                 overwrite: bool = False):
        chars = punct_chars or Sentencizer.default_punct_chars
        self.punct_chars = set(chars)
        self.overwrite = overwrite
        self._marks = LexemeSet(nlp.vocab, "ORTH", self.punct_chars)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        _, lexical = lexical_table(doc)
        mark = self._marks.mask(doc)
        word = (lexical[:, _IS_PUNCT] == 0) & ~mark
        # Only marks and words move the stock loop's "seen a period" state (other punctuation does not):
        # a word starts a sentence when the mark-or-word before it is a mark.
        relevant = np.flatnonzero(mark | word)
        guess = np.zeros(n, dtype=bool)
        guess[0] = True
        if len(relevant) > 1:
            later = relevant[1:]
            guess[later] = word[later] & mark[relevant[:-1]]
        current = doc.to_array(SENT_START)
        new = np.where(guess, np.uint64(_START), _INSIDE).astype(np.uint64)
        if not self.overwrite:
            new = np.where(current == _UNSET, new, current).astype(np.uint64)
        doc.from_array([SENT_START], new.reshape(-1, 1))
        forget_table(doc)
        return doc


@Language.factory("annotator_sentencizer", assigns=["token.is_sent_start"],
                  default_config={"punct_chars": None, "overwrite": False})
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str] | None, overwrite: bool) -> ArraySentencizer:
    return ArraySentencizer(nlp, name, punct_chars, overwrite)
