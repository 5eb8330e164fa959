"""Actors: canonical actors with their aliases and ACLED actor type, found as phrases (doc._.actors).

Short all-capital aliases ("US", "IS", "SDF") match case-sensitively so that "us" and "is" stay words.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import extensions  # noqa: F401


def _case_sensitive(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(form) <= 5 and bool(letters) and all(c.isupper() for c in letters)


class ActorRecognizer:
    def __init__(self, nlp: Language, name: str, actors_path: str = ""):
        from .actors import ActorTable

        self.table = ActorTable.load(actors_path or None)
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._by_key: dict[int, object] = {}
        for actor in self._actors():
            key_name = "ACTOR:" + actor.name
            key = nlp.vocab.strings.add(key_name)
            self._by_key[key] = actor
            forms = list(dict.fromkeys(f for f in (actor.name, *actor.aliases) if f.strip()))
            ci = [f for f in forms if not _case_sensitive(f)]
            cs = [f for f in forms if _case_sensitive(f)]
            if ci:
                self.lower.add(key_name, list(nlp.tokenizer.pipe(ci)))
            if cs:
                self.exact.add(key_name, list(nlp.tokenizer.pipe(cs)))

    def _actors(self):
        actors = getattr(self.table, "actors", None)
        if actors is None:
            actors = list(self.table)
        return actors

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.lower, self.exact):
            for key, s, e in matcher(doc):
                span = Span(doc, s, e)
                span._.actor = self._by_key[key]
                spans.append(span)
        doc._.actors = sorted(filter_spans(spans), key=lambda sp: sp.start)
        return doc


@Language.factory("annotator_actors", assigns=["doc._.actors"], default_config={"actors_path": ""})
def make_actors(nlp: Language, name: str, actors_path: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, name, actors_path)
