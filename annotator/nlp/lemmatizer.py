"""spaCy's lookup lemmatizer (spacy-lookups-data, mode "lookup"), applied per distinct word.

The stock component looks every token up in Python; a report repeats most of its words, so looking up
each distinct word once and writing all lemmas back with Doc.from_array gives the same lemmas several
times faster. The tables and the mode are those of spacy.pipeline.Lemmatizer, with two additions: domain
words the table lacks ("warplanes", "gunmen") come from resources/nlp/lemmas.json, and a capitalised word
the table lacks ("Convoys" opening a sentence) is looked up in lower case.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, ORTH
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from .config import load_json
from .docutil import forget_table


class DistinctWordLookupLemmatizer(Lemmatizer):
    def __init__(self, vocab, model, name: str = "lemmatizer", *, overwrite: bool = False,
                 extra: dict[str, str] | None = None) -> None:
        super().__init__(vocab, model, name, mode="lookup", overwrite=overwrite)
        self._cache: dict[int, int] = {}
        self.extra = dict(extra or {})

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if not len(doc):
            return doc
        orths = doc.to_array(ORTH)
        distinct, inverse = np.unique(orths, return_inverse=True)
        cache, strings = self._cache, self.vocab.strings
        table = self.lookups.get_table("lemma_lookup", {})
        lemmas = np.empty(len(distinct), dtype=np.uint64)
        for i, orth in enumerate(distinct.tolist()):
            lemma = cache.get(orth)
            if lemma is None:
                text = strings[orth]
                found = self.extra.get(text)
                if found is None:
                    found = table.get(text)
                if found is None and text[:1].isupper() and text[1:].islower():
                    # "Convoys" opening a sentence: the table only knows "convoys"
                    found = table.get(text.lower())
                lemma = cache[orth] = strings.add(found if found is not None else text)
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas[inverse].reshape(-1, 1))
        forget_table(doc)
        return doc

    def pipe(self, stream, *, batch_size: int = 64):
        from spacy.util import minibatch

        for batch in minibatch(stream, size=batch_size):
            for doc in batch:
                self(doc)
            yield from batch


@Language.factory("annotator_lemmatizer", assigns=["token.lemma"],
                  default_config={"overwrite": False, "extra_path": ""})
def make_lemmatizer(nlp: Language, name: str, overwrite: bool, extra_path: str) -> DistinctWordLookupLemmatizer:
    extra = load_json(extra_path, "lemmas.json")["lemmas"]
    return DistinctWordLookupLemmatizer(nlp.vocab, None, name, overwrite=overwrite, extra=extra)
