"""spaCy's lookup lemmatizer (spacy-lookups-data, mode "lookup"), applied per distinct word.

The stock component looks every token up in Python; reports repeat most of their words, so each word is looked
up once (and remembered in sorted arrays), and a Doc's lemmas are one binary search and one Doc.from_array:
the same lemmas, many times faster. The tables and the mode are those of spacy.pipeline.Lemmatizer, with two
additions: domain words the table lacks ("warplanes", "gunmen") come from resources/nlp/lemmas.json, and a
capitalised word the table lacks ("Convoys" opening a sentence) is looked up in lower case.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from .config import load_json
from .docutil import forget_table, lexical_table, sorted_lookup


class DistinctWordLookupLemmatizer(Lemmatizer):
    def __init__(self, vocab, model, name: str = "lemmatizer", *, overwrite: bool = False,
                 extra: dict[str, str] | None = None) -> None:
        super().__init__(vocab, model, name, mode="lookup", overwrite=overwrite)
        self.extra = dict(extra or {})
        self._forget()

    def _forget(self) -> None:
        # every word looked up so far (sorted ORTH hashes) and its lemma: a Doc's lemmas are one binary search.
        # One tuple, replaced whole: a thread reading it while another adds words sees old or new, not a mix.
        self._known = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64))

    def initialize(self, *args, **kwargs) -> None:
        super().initialize(*args, **kwargs)
        self._forget()  # new tables: new lemmas

    def _lemma(self, orth: int, table) -> int:
        strings = self.vocab.strings
        text = strings[orth]
        found = self.extra.get(text)
        if found is None:
            found = table.get(text)
        if found is None and text[:1].isupper() and text[1:].islower():
            # "Convoys" opening a sentence: the table only knows "convoys"
            found = self.extra.get(text.lower()) or table.get(text.lower())
        return strings.add(found if found is not None else text)

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if not len(doc):
            return doc
        orths = lexical_table(doc)[0]
        known_orths, lemmas = self._known
        i, known = sorted_lookup(known_orths, orths)
        if not known.all():
            new = np.unique(orths[~known])
            table = self.lookups.get_table("lemma_lookup", {})
            new_lemmas = np.array([self._lemma(o, table) for o in new.tolist()], dtype=np.uint64)
            all_orths = np.concatenate([known_orths, new])
            order = np.argsort(all_orths, kind="stable")
            known_orths, lemmas = self._known = (all_orths[order], np.concatenate([lemmas, new_lemmas])[order])
            i, known = sorted_lookup(known_orths, orths)
        doc.from_array([LEMMA], lemmas[i].reshape(-1, 1))
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
