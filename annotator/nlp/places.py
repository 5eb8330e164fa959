"""Places: gazetteer names found as phrases, plus place-like names after "in", "near", "village of"...

doc._.places holds non-overlapping spans; span._.place is the gazetteer Place, or None for a name the
gazetteer lacks (proposed unresolved). A name after a cue goes through the gazetteer's spelling-folding
lookup first, so "Tal Baidar" or "Deir Al-Zour" still resolve when no alias is written that way.
Location choice for an event (choose_location) lives here too: it is about places, not events.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import extensions  # noqa: F401
from .config import load_json

_NAME_TOKEN = {"TEXT": {"REGEX": r"^(?:[A-Z][\w’'`]*|-)$"}, "OP": "*"}
_NAME_START = {"TEXT": {"REGEX": r"^[A-Z][\w’'`]*$"}}


class PlaceRecognizer:
    def __init__(self, nlp: Language, name: str, config_path: str = "", gazetteer_path: str = ""):
        from .gazetteer import Gazetteer

        cfg = load_json(config_path, "places.json")
        self.cfg = cfg
        self.gazetteer = Gazetteer.load(gazetteer_path or None)
        self.not_places = set(cfg["not_places"])
        self.countries = set(cfg["countries"])
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._by_key: dict[int, object] = {}
        for place in self.gazetteer:
            forms = list(dict.fromkeys(f for f in place.surface_forms if f.strip()))
            docs = list(nlp.tokenizer.pipe(forms))
            key = nlp.vocab.strings.add("PLACE:" + place.name)
            self._by_key[key] = place
            self.phrases.add("PLACE:" + place.name, docs)
        self.cues = Matcher(nlp.vocab)
        patterns = []
        for cue in cfg["cues"]:
            words = [{"LOWER": w} for w in cue.split()]
            patterns.append(words + [{"LOWER": "the", "OP": "?"}, _NAME_START, _NAME_TOKEN])
        self.cues.add("PLACE_CUE", patterns, greedy="LONGEST")
        self._cue_lens = {len(c.split()) for c in cfg["cues"]}

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for key, s, e in self.phrases(doc):
            span = Span(doc, s, e)
            span._.place = self._by_key[key]
            spans.append(span)
        resolved = filter_spans(spans)
        taken = set()
        for sp in resolved:
            taken.update(range(sp.start, sp.end))
        extra: list[Span] = []
        for _, s, e in self.cues(doc):
            name = self._name_part(doc, s, e)
            if name is None or any(i in taken for i in range(name.start, name.end)):
                continue
            place = self.gazetteer.lookup(name.text)
            if place is not None and place.kind == "country":
                continue
            name._.place = place
            extra.append(name)
            taken.update(range(name.start, name.end))
        doc._.places = sorted(filter_spans(resolved + extra), key=lambda sp: sp.start)
        return doc

    def _name_part(self, doc: Doc, s: int, e: int) -> Span | None:
        """The capitalised name inside a cue match, trimmed of hyphens and non-place words."""
        i = s
        while i < e and (doc[i].is_lower or doc[i].lower_ == "the"):
            i += 1
        while e > i and doc[e - 1].text in ("-", "–"):
            e -= 1
        while i < e and doc[i].text in self.not_places:
            i += 1
        while e > i and doc[e - 1].text in self.not_places:
            e -= 1
        if i >= e or doc[i].text == "-":
            return None
        span = doc[i:e]
        if span.text.lower() in self.countries:
            return None
        return span


@Language.factory("annotator_places", assigns=["doc._.places"],
                  default_config={"config_path": "", "gazetteer_path": ""})
def make_places(nlp: Language, name: str, config_path: str, gazetteer_path: str) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name, config_path, gazetteer_path)


# ------------------------------------------------------------------------------------------------
# Choosing an event's location
# ------------------------------------------------------------------------------------------------
@dataclass
class PlaceMention:
    span: Span
    place: object | None  # gazetteer Place or None
    text: str  # as written, without generic words
    role: str  # "plain", "reference" (north of X), "origin" (from X), "destination" (to X), "through"
    container: bool  # follows another place: "Al-Takihy village in Deir Ezzor countryside"
    in_list: bool  # one of several places listed together
    list_container: "PlaceMention | None" = None

    @property
    def kind(self) -> str:
        return self.place.kind if self.place is not None else "unresolved"


class LocationChooser:
    """Picks the event's location among the places in its evidence (rules from the corpus README)."""

    def __init__(self, places_cfg: dict, events_cfg: dict):
        self.generic = sorted((g.lower() for g in places_cfg["generic_words"]), key=len, reverse=True)
        self.keep_alone = set(places_cfg.get("keep_generic_when_alone", []))
        self.reference = set(places_cfg["reference_directions"])
        self.origin = set(events_cfg["origin_cues"])
        self.destination = set(events_cfg["destination_cues"])
        self.through = set(events_cfg["through_cues"])

    def strip_generic(self, text: str) -> str:
        words = text.split()
        changed = True
        while changed and len(words) > 1:
            changed = False
            for g in self.generic:
                gw = g.split()
                if len(words) > len(gw) and [w.lower() for w in words[-len(gw):]] == gw \
                        and gw[-1] not in self.keep_alone:
                    words = words[:-len(gw)]
                    changed = True
                    break
                if len(words) > len(gw) and [w.lower() for w in words[:len(gw)]] == gw:
                    words = words[len(gw):]
                    changed = True
                    break
        return " ".join(words)

    def mentions(self, doc: Doc, spans: list[Span]) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        prev_end = None
        for sp in spans:
            before = [t.lower_ for t in doc[max(sp.start - 4, 0):sp.start]]
            role = "plain"
            if len(before) >= 2 and before[-1] == "of" and before[-2] in self.reference:
                role = "reference"
            elif len(before) >= 3 and before[-1] == "of" and before[-3] in self.reference:
                role = "reference"  # "east of the Euphrates"
            else:
                for w in reversed(before[-3:]):
                    if w in self.origin:
                        role = "origin"
                        break
                    if w in self.destination:
                        role = "destination"
                        break
                    if w in self.through:
                        role = "through"
                        break
                    if w in ("in", "near", "at", "within", "nearby", "on", "between"):
                        break
            gap = doc[prev_end:sp.start] if prev_end is not None else None
            container = bool(gap is not None and len(gap) <= 6 and any(t.lower_ == "in" for t in gap)
                             and not any(t.text in (".", ";") for t in gap))
            out.append(PlaceMention(sp, sp._.place, self.strip_generic(sp.text), role, container, False))
            prev_end = sp.end
        # lists: "A, B and C in D" -> D stands for the list
        i = 0
        while i < len(out):
            j = i
            while j + 1 < len(out):
                gap = doc[out[j].span.end:out[j + 1].span.start]
                words = [t.lower_ for t in gap if not t.is_space]
                if words and all(w in (",", "and") or w in self.generic for w in words) and len(words) <= 3:
                    j += 1
                else:
                    break
            if j > i:
                for k in range(i, j + 1):
                    out[k].in_list = True
                if j + 1 < len(out) and out[j + 1].container:
                    for k in range(i, j + 1):
                        out[k].list_container = out[j + 1]
            i = j + 1
        return out

    def choose(self, mentions: list[PlaceMention], event_type: str, direction: str | None = None,
               first_sentence_end: int | None = None) -> PlaceMention | None:
        usable = [m for m in mentions if m.role != "reference" and m.kind != "country"]
        if not usable:
            return None
        if event_type == "convoy":
            if direction in ("entering", "leaving"):
                crossing = [m for m in usable if m.kind == "crossing"]
                if crossing:
                    return crossing[0]
                route = [m for m in usable if m.role in ("origin", "through") and direction == "entering"] + \
                        [m for m in usable if m.role == "destination" and direction == "leaving"]
                foreign = [m for m in route if m.place is not None and m.place.country != "Syria"]
                if foreign or route:
                    return (foreign or route)[0]
            else:
                dest = [m for m in usable if m.role == "destination"]
                if dest:
                    return dest[0]
        if event_type in ("rocket_attack", "shelling", "drone_strike"):
            base = [m for m in usable if m.kind in ("base", "oil_field", "gas_field", "airport")]
            if base and event_type == "rocket_attack":
                return base[0]
        first = usable
        if first_sentence_end is not None:
            in_first = [m for m in usable if m.span.start < first_sentence_end]
            first = in_first or usable
        pick = first[0]
        if pick.in_list and pick.list_container is not None and len([m for m in first if m.in_list]) > 2:
            return pick.list_container
        # a container that only repeats what comes before ("X village in Deir Ezzor") is never first
        return pick
