"""Where the rules' candidates and the model's meet: one function for import, re-extraction and evaluation.

    proposer = Proposer(load(path), model_id=3)
    extraction = proposer(doc, rules_extraction)      # doc: the rules pipeline's Doc of the same text

- a rule candidate keeps its place and fields; its confidence becomes the mean of the rule's confidence and the
  model's probability for that type in the candidate's sentence (a candidate the model also finds rises, one it
  doubts sinks, so sorting by confidence puts likely rejections last);
- a sentence where the model gives a type at least its threshold and no rule candidate of that type overlaps
  gives a new candidate with origin "model", rule "model:<id>" and the model's probability as confidence. Its
  date, place and actors are the ones the rules pipeline read in that sentence (its date, else the last day
  named earlier in the same paragraph); the model only says "an event of this type is here".

extractor_for(store) gives the extractor import and re-extraction use: the rules alone, or the rules with the
store's active model. A model that cannot be used (folder deleted or damaged, another spaCy version) leaves the
rules alone at work and says so in one line on the "annotator" logger, never a traceback.
"""
from __future__ import annotations

import bisect
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..domain import Argument, Event
from .model import LoadedModel, ModelError, load

log = logging.getLogger("annotator.train")


def _char(doc, start: int, end: int) -> tuple[int, int]:
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


class Proposer:
    def __init__(self, model: LoadedModel, *, model_id: int | None = None, threshold: float | None = None):
        self.model = model
        self.model_id = model_id
        self.threshold = model.settings.threshold if threshold is None else threshold
        self.rule = f"model:{model_id}" if model_id is not None else "model"

    # -- scores ----------------------------------------------------------------------------------------------
    def sentence_scores(self, doc) -> list[tuple[int, int, int, int, dict[str, float]]]:
        """(first token, end token, start char, end char, {type: probability}) for each sentence of the Doc."""
        from ..nlp.docutil import doc_text, sentence_starts, token_start_list

        text, starts, n = doc_text(doc), token_start_list(doc), len(doc)
        tstarts = list(sentence_starts(doc)) + [n]
        sents = []
        for a, b in zip(tstarts, tstarts[1:]):
            if a >= b:
                continue
            c0, c1 = starts[a], (starts[b] if b < n else len(text))
            if text[c0:c1].strip():
                sents.append((a, b, c0, c1))
        probs = self.model.predict_sentences(doc, [(a, b) for a, b, _, _ in sents])
        return [(a, b, c0, c1, p) for (a, b, c0, c1), p in zip(sents, probs)]

    # -- the model's own events -------------------------------------------------------------------------------
    def _event(self, doc, text: str, sent: tuple, label: str, p: float, index: "_Index") -> Event:
        t0, t1, c0, c1, _ = sent
        while c1 > c0 and text[c1 - 1].isspace():
            c1 -= 1
        ev = Event(type=label, start=c0, end=c1, evidence=text[c0:c1], origin="model", rule=self.rule,
                   confidence=round(p, 2))
        args: list[Argument] = []
        date = index.date_for(t0, t1, text)
        if date is not None:
            value, (s, e) = date
            ev.date, ev.date_precision, ev.in_period = value.iso, value.precision, value.in_period
            args.append(Argument("date", s, e, text[s:e], value.iso))
        for f in index.in_range("places", t0, t1)[:1]:
            s, e = _char(doc, f.start, f.end)
            ev.location = f.text
            if f.value is not None:
                ev.location_name, ev.admin1 = f.value.name, f.value.admin1
                ev.lat, ev.lon, ev.location_precision = f.value.lat, f.value.lon, f.value.kind
            else:
                ev.location_precision = "unresolved"
            args.append(Argument("location", s, e, text[s:e], f.value.name if f.value is not None else f.text))
        for f in index.in_range("actors", t0, t1):
            s, e = _char(doc, f.start, f.end)
            if text[s:e] not in ev.actors:
                ev.actors.append(text[s:e])
                ev.actors_canonical.append(f.value.name)
            args.append(Argument("actor", s, e, text[s:e], f.value.name))
        ev.arguments = args
        return ev

    def model_events(self, doc, scored: list | None = None) -> list[Event]:
        """Every (sentence, type) the model proposes, as events: the model alone."""
        from ..nlp.docutil import doc_text

        scored = self.sentence_scores(doc) if scored is None else scored
        text, index = doc_text(doc), _Index(doc)
        out = []
        for sent in scored:
            for label, p in sorted(sent[4].items(), key=lambda kv: -kv[1]):
                if p >= self.threshold:
                    out.append(self._event(doc, text, sent, label, p, index))
        return out

    # -- merging ----------------------------------------------------------------------------------------------
    def __call__(self, doc, extraction: Any) -> Any:
        from ..nlp.docutil import doc_text

        scored = self.sentence_scores(doc)
        starts = [s[2] for s in scored]

        def sentence_at(pos: int):
            i = bisect.bisect_right(starts, pos) - 1
            return scored[i] if i >= 0 else None

        events = []
        for ev in extraction.events:
            anchor = next((a.start for a in ev.arguments if a.role == "trigger"), ev.start)
            sent = sentence_at(anchor)
            if sent is not None:
                p = sent[4].get(ev.type, 0.0)
                ev = replace(ev, confidence=round((ev.confidence + p) / 2, 2))
            events.append(ev)
        text, index = doc_text(doc), _Index(doc)
        for sent in scored:
            _, _, c0, c1, probs = sent
            for label, p in sorted(probs.items(), key=lambda kv: -kv[1]):
                if p < self.threshold:
                    continue
                if any(e.type == label and e.start < c1 and c0 < e.end for e in extraction.events):
                    continue
                events.append(self._event(doc, text, sent, label, p, index))
        events.sort(key=lambda e: (e.start, e.end))
        return replace(extraction, events=events)


class _Index:
    """The rules pipeline's dates, places and actors of one Doc, by token position."""

    def __init__(self, doc):
        from ..nlp.docutil import found_by

        self.doc = doc
        self.found = {name: found_by(doc, name) for name in ("dates", "places", "actors")}
        self.starts = {name: [f.start for f in items] for name, items in self.found.items()}

    def in_range(self, name: str, t0: int, t1: int) -> list:
        items, starts = self.found[name], self.starts[name]
        return items[bisect.bisect_left(starts, t0):bisect.bisect_left(starts, t1)]

    def date_for(self, t0: int, t1: int, text: str):
        """The sentence's first day, else the last day named before it in the same paragraph."""
        for f in self.in_range("dates", t0, t1):
            if f.value is not None and getattr(f.value, "is_day", False):
                return f.value, _char(self.doc, f.start, f.end)
        items = self.found["dates"][:bisect.bisect_left(self.starts["dates"], t0)]
        sent_start = self.doc[t0].idx if t0 < len(self.doc) else len(text)
        for f in reversed(items):
            s, e = _char(self.doc, f.start, f.end)
            if "\n\n" in text[e:sent_start]:
                return None
            if f.value is not None and getattr(f.value, "is_day", False):
                return f.value, (s, e)
        return None


# -- the active model of a store --------------------------------------------------------------------------------
_cache: dict[tuple[str, float], LoadedModel] = {}
_warned: set[tuple[int, str]] = set()


def load_cached(path: str | Path) -> LoadedModel:
    p = Path(path)
    try:
        stamp = (p / "annotator-model.json").stat().st_mtime
    except OSError:
        stamp = -1.0
    key = (str(p), stamp)
    if key not in _cache:
        _cache.clear()
        _cache[key] = load(p)
    return _cache[key]


def active_proposer(store, *, quiet: bool = False) -> Proposer | None:
    """The store's active model as a Proposer; None (with one line on the log) when there is none usable."""
    row = store.active_model()
    if row is None:
        return None
    try:
        return Proposer(load_cached(row["path"]), model_id=row["id"])
    except ModelError as exc:
        if not quiet and (row["id"], str(exc)) not in _warned:  # once per process, not once per report
            _warned.add((row["id"], str(exc)))
            log.warning("model %s not used, the rules alone propose: %s", row["id"], exc)
        return None


def extractor_for(store):
    """The extractor for import and re-extraction: the shared rules extractor, plus the active model if any."""
    from ..nlp.service import Extractor, get_extractor

    proposer = active_proposer(store)
    shared = get_extractor()
    if proposer is None:
        return shared
    ex = Extractor(shared.nlp)
    ex.proposer = proposer
    return ex
