"""Actors: canonical actors with their aliases and ACLED actor type, found as phrases
(docutil.found_by(doc, "actors"); doc._.actors gives them as Spans with span._.actor).

Short all-capital aliases ("US", "IS", "SDF") match case-sensitively so that "us" and "is" stay words.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import extensions  # noqa: F401
from .actor_refs import ActorReferents
from .config import load_json
from .docutil import BatchedComponent, Found, keep_longest, set_found, span_texts, token_table


def _case_sensitive(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(form) <= 5 and bool(letters) and all(c.isupper() for c in letters)


class ActorRecognizer(BatchedComponent):
    def __init__(self, nlp: Language, name: str, actors_path: str = "", config_path: str = ""):
        from .actors import ActorTable

        self.table = ActorTable.load(actors_path or None)
        # "the Syrian-Turkish border": a nationality before such a word is not an actor
        cfg = load_json(config_path or None, "actors.json")
        not_followed = cfg.get("not_followed_by", [])
        self.referents = ActorReferents(cfg.get("referents", {}), nlp.vocab, self.table)
        self._not_followed = {nlp.vocab.strings.add(w.lower()) for w in not_followed}
        # one matcher on lower case; the case-sensitive forms sit under their own key and are checked
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._by_key: dict[int, object] = {}
        self._exact: dict[int, set[str]] = {}
        for actor in self._actors():
            forms = list(dict.fromkeys(f for f in (actor.name, *actor.aliases) if f.strip()))
            ci = [f for f in forms if not _case_sensitive(f)]
            cs = [f for f in forms if _case_sensitive(f)]
            for key_name, group in (("ACTOR:" + actor.name, ci), ("ACTOR_EXACT:" + actor.name, cs)):
                if not group:
                    continue
                key = nlp.vocab.strings.add(key_name)
                self._by_key[key] = actor
                self.matcher.add(key_name, list(nlp.tokenizer.pipe(group)))
                if group is cs:
                    self._exact[key] = {tuple(t.orth for t in d) for d in nlp.tokenizer.pipe(cs)}

    def _actors(self):
        actors = getattr(self.table, "actors", None)
        if actors is None:
            actors = list(self.table)
        return actors

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        orths = token_table(doc)["ORTH"] if any(key in self._exact for key, _, _ in matches) else None
        lower = token_table(doc)["LOWER"] if matches else None
        found = [(s, e, key) for key, s, e in matches
                 if (key not in self._exact or tuple(orths[s:e]) in self._exact[key])
                 and not (e < len(doc) and lower[e] in self._not_followed)]
        kept = keep_longest(found)
        mentions = [Found(s, e, text, self._by_key[key]) for (s, e, key), text in zip(kept, span_texts(doc, kept))]
        # "its mercenaries", "our units": phrases that name their actor through another mention
        lowers = token_table(doc)["LOWER"]
        if mentions:  # "their militias" is a party's proxies (or nobody's), never the bare "militias" of the table
            refs = self.referents
            mentions = [m for m in mentions if not (m.start > 0 and lowers[m.start - 1] in refs.possessives
                                                    and lowers[m.end - 1] in refs.proxy_heads)]
        more = self.referents.find(doc, lowers, mentions)
        if more:
            mentions = sorted(mentions + more, key=lambda f: f.start)
        set_found(doc, "actors", mentions)
        return doc


@Language.factory("annotator_actors", assigns=["doc._.actors"], default_config={"actors_path": "", "config_path": ""})
def make_actors(nlp: Language, name: str, actors_path: str, config_path: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, name, actors_path, config_path)
