"""Places: gazetteer names found as phrases, plus place-like names after "in", "near", "village of"...

found_by(doc, "places") holds non-overlapping docutil.Found items whose value is the gazetteer Place, or None
for a name the gazetteer lacks (proposed unresolved); doc._.places gives them as Spans with span._.place. A
name after a cue goes through the gazetteer's spelling-folding lookup first, so "Tal Baidar" or "Deir Al-Zour"
still resolve when no alias is written that way. Location choice for an event (choose_location) lives here
too: it is about places, not events.

Three ways a place is found: a curated gazetteer form as written (phrase matcher); a capitalised name after a
cue; and any other run of capitalised words ("Tall al Zaytun", "al-Qusairat") whose folded key, as a whole,
is a gazetteer name (the GeoNames tier is found only this way: its transliterations are too many to list).
A whole run must match, so a person's name that contains a village name ("Hassan Al-Kabir") is not a place.
Where a name fits several places, the one in the governorate the paragraph, then the document, mostly
speaks of wins; a GeoNames village that the text itself puts in another governorate ("X in Dar'a") stays
unresolved (4 such wrong readings in 313 ACLED notes, none on the development corpus). Measured on re3d's
Location entities, finding names without a cue kept precision at 0.91 (as before) and raised recall a little;
CENTCOM strike lines resolved 0.97 of their places (0.83 before the GeoNames tier).

Geocoding through the enclosing place (LocationChooser.choose): when the chosen place is unresolved, or is a
street/camp/hospital/square named after a village, and the words after it put it in or next to a resolved
populated place ("X in rural Y", "X in the western countryside of Y", "X near Y", "X on the outskirts of Y",
"X in Y city", "X street of Y city", "X area between Y and Z", "X, west of Y"), the event keeps X as written
(the most specific name) and takes Y's name, admin1 and point with location_precision "near" (exported as ACLED
geo_precision 2). "X in Y" where Y is a governorate, or a capital named like its governorate written without
"city" ("in Idlib", "in the countryside of Idlib": "Rif Idlib" is the governorate's countryside), gives admin1
only. A road that sets the scene ("on the M4 highway, starting from X town") gives way to a town on it; a road
that is what the event is about ("securing the highway between A and B") stays. On the 295 ACLED notes this
moved location from 0.797 to 0.820, named the enclosing town for 25 more events and gave 95 more an
admin1 only; the development corpus, which has no such phrasing, is unchanged (location 0.980).

Where the event's own words name no place of it: a reference point alone ("8 km west of Y") places it near Y; a
sentence with no place at all takes the scene of the nearest sentence before it in its paragraph (events.py
asks LocationChooser.scene); "the area between X and Y" takes the end the gazetteer knows. A name keeps the
article the text writes ("As-Safira", "Al Sukhnah"), and a bracketed gloss after a name ("X (Sheep Market)
area in Y") does not hide its encloser. On the ACLED notes these moved location from 0.820 to 0.841 and
changed no development event. The misses left are mostly ACLED coding a village at its town, spelled as ACLED
spells it: our location_name is the gazetteer's canonical name ("Ain Issa" for the text's "Ein Issa").

Facilities and roads. A facility's own name keeps its kind word as written ("Koniko gas field", "Sidnaya military
prison", "X roundabout": facility_words), still resolved to the gazetteer entry; a base, camp or crossing takes
the name of the place it stands at ("the Rukban camp", "Kafr Lusin border crossing" code the bare name in ACLED
and in our gold: 5 ACLED notes lost when they kept the kind word too). A road named after one place ("gathered
on X road", "the Kafr Nabl road"; not a code like M4, nor one end of "A - B road") places the event near X, or
at the town the sentence puts on the road ("X road near Y"). A road that sets the scene gives way to a town
within 12 tokens of its last mention in the sentence ("along the M4 ... around the highway in the Y area"), never
one of another sentence. A known place's name run into a facility's kind words ("presumably Saydnaya Military
Prison") is found without a cue. On the ACLED notes these moved location from 0.841 to 0.861 (6 notes); the
development and regression sets' figures are unchanged (their gold is matched by containment).
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import extensions  # noqa: F401
from .config import load_json
from .docutil import (TABLE_ATTRS, BatchedComponent, Found, LexemeSet, SpanText, found_by, keep_longest,
                      sentence_starts, set_found, token_table, token_whitespace)
from .gazetteer import last_word_key

_MENTION_CACHE = "annotator.place_mentions"
_ORTH_COL, _LOWER_COL = TABLE_ATTRS.index("ORTH"), TABLE_ATTRS.index("LOWER")
_NAME = re.compile(r"^(?:[A-Z][\w’'`]*|-)$")


_PARAGRAPH = re.compile(r"\n\s*\n")
# gazetteer kinds an event can be placed near: a settlement, not a base or a region
POPULATED = frozenset({"city", "town", "village", "subdistrict", "district"})


def _is_name_token(text: str) -> bool:
    return bool(_NAME.match(text))




_whitespace = token_whitespace  # no Token objects: a hot path


def _spacing(doc: Doc):
    """spaced(j): token j has a space before or after it ("Kafr Alpha - Kafr Beta", not "ez-Zor")."""
    ws = _whitespace(doc)

    def spaced(j: int) -> bool:
        return bool(ws[j]) or (j > 0 and bool(ws[j - 1]))

    def after(j: int) -> bool:
        return bool(ws[j])
    spaced.after = after  # "al -Bab" is no name, "near al-Bab" is
    return spaced


@lru_cache(maxsize=4)
def load_gazetteer(path: str = ""):
    """The gazetteer (resources/gazetteer.jsonl unless a path is given), loaded once per process."""
    from .gazetteer import Gazetteer

    return Gazetteer.load(path or None)


class PlaceRecognizer(BatchedComponent):
    def __init__(self, nlp: Language, name: str, config_path: str = "", gazetteer_path: str = ""):
        cfg = load_json(config_path, "places.json")
        self.cfg = cfg
        self.gazetteer = load_gazetteer(gazetteer_path)
        self.not_places = set(cfg["not_places"])
        self._unit_ids = frozenset(nlp.vocab.strings.add(w) for w in cfg.get("unit_words", ()))
        self._relation_ids = frozenset(nlp.vocab.strings.add(w) for w in self._RELATION_GAP)
        self._governorate_ids = frozenset(nlp.vocab.strings.add(w) for w in self._GOVERNORATE_WORDS)
        self.countries = set(cfg["countries"])
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._by_key: dict[int, object] = {}
        for place in self.gazetteer.curated():
            forms = list(dict.fromkeys(f for f in place.surface_forms if f.strip()))
            docs = list(nlp.tokenizer.pipe(forms))
            key = nlp.vocab.strings.add("PLACE:" + place.name)
            self._by_key[key] = place
            self.phrases.add("PLACE:" + place.name, docs)
        # cue phrases by their last word: "village of" -> ("of": [("village", "of")])
        add = nlp.vocab.strings.add
        self.cues: set[tuple[int, ...]] = set()
        for cue in cfg["cues"]:
            self.cues.add(tuple(add(w) for w in cue.lower().split()))
        self._cue_lens = sorted({len(c) for c in self.cues})
        self._single_cues = {c[0] for c in self.cues if len(c) == 1}  # "in", "near": one set lookup
        self._longer_cue_lens = [n for n in self._cue_lens if n > 1]
        self._cue_last = LexemeSet(nlp.vocab, "LOWER", {c[-1] for c in self.cues})
        self._the = add("the")
        self._hyphen = add("-")
        self._hyphen_ids = {add("-"), add("–")}
        self._not_place_ids = {add(w) for w in self.not_places}
        self._suffixes = LexemeSet(nlp.vocab, "LOWER", cfg.get("name_suffixes", []))
        self._road_words = LexemeSet(nlp.vocab, "LOWER", cfg.get("road_words", []))
        self._road_leads = {add(w) for w in cfg.get("road_name_leads", [])}
        # "Saydnaya Military Prison", "Hama Airbase": a place's name, then the kind words of a facility there
        self._facility_words = sorted((tuple(f.lower().split()) for f in cfg.get("facility_words", [])),
                                      key=len, reverse=True)
        self._facility_last = {add(v) for f in self._facility_words for v in (f[-1].title(), f[-1].upper())}
        self._not_road_names = {add(w) for w in cfg.get("not_road_names", [])}
        # lower-case articles inside a transliterated name: "Tall al Zaytun", "in al-Qusairat"
        # ("as", "at", "an" are English words too: inside a name only when hyphenated, "as-Safira")
        self._spaced_articles = {add(w) for w in cfg.get("name_articles", [])}
        self._articles = self._spaced_articles | {add(w) for w in cfg.get("hyphen_articles", [])}
        self._articles_set = LexemeSet(nlp.vocab, "ORTH", self._articles) if self._articles else None
        self._name_cache: dict[int, bool] = {}
        # the vocab's string store, which every doc of this pipeline shares: _is_name reads it, and the first
        # doc may reach it (through _widen) before any method has set it from the doc
        self._strings = nlp.vocab.strings
        self._lookups: dict[str, object] = {}
        self._named_cache: dict[str, object] = {}
        self._ambiguous_cache: dict[str, bool] = {}
        self._last_words = self.gazetteer.last_words()
        self._last_cache: dict[int, bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        # names inside an actor's name are not places ("Jaysh Maghawir Al-Thawra" is a faction)
        taken = bytearray(len(doc) + 1)  # 1 = token already part of an actor or a place
        for a in found_by(doc, "actors"):
            taken[a.start:a.end] = b"\x01" * (a.end - a.start)
        places: list[Found] = []
        text_of = SpanText(doc)
        orths = token_table(doc)["ORTH"] if len(doc) else []
        for s, e, key in keep_longest([(s, e, key) for key, s, e in self.phrases(doc)]):
            if taken.find(1, s, e) >= 0:
                continue
            s, e, place = self._widen(doc, orths, taken, text_of, s, e, self._by_key[key])
            places.append(Found(s, e, text_of(s, e), place))
            taken[s:e] = b"\x01" * (e - s)
        for s, e in [*self._cue_names(doc), *self._suffixed_names(doc), *self._road_names(doc)]:
            bounds = self._name_part(orths, s, e)
            if bounds is None or taken.find(1, *bounds) >= 0:
                continue
            text = text_of(*bounds)
            if text.lower() in self.countries:
                continue
            place = self._lookup(text)
            if place is not None and place.kind == "country":
                continue
            places.append(Found(bounds[0], bounds[1], text, place))
            taken[bounds[0]:bounds[1]] = b"\x01" * (bounds[1] - bounds[0])
        strings = doc.vocab.strings
        not_place = self._not_place_ids
        for s, e in self._name_runs(doc, orths):
            last = orths[e - 1]
            if last in self._facility_last:
                found = self._facility_run(doc, orths, taken, text_of, s, e)
                if found is not None:
                    places.append(found)
                    taken[found.start:found.end] = b"\x01" * (found.end - found.start)
                    continue
            if last in not_place and e - s == 1 or last not in not_place and not self._may_end_name(strings, last):
                continue  # most runs end here, before any trimming or folding
            bounds = self._name_part(orths, s, e)
            if bounds is None or taken.find(1, *bounds) >= 0 or not self._may_end_name(strings, orths[bounds[1] - 1]):
                continue
            text = text_of(*bounds)
            place = self._named(text)
            if place is None:
                continue
            places.append(Found(bounds[0], bounds[1], text, place))
            taken[bounds[0]:bounds[1]] = b"\x01" * (bounds[1] - bounds[0])
        places.sort(key=lambda p: p.start)
        self._joined_roads(doc, orths, places, text_of)
        self._prefer_area(doc, places)
        self._contradicted(doc, places)
        self._told_otherwise(doc, places)
        self._kind_told(doc, places)
        if places and self._unit_ids:  # "a position of the 17th Division": a formation, not a place
            lowers = token_table(doc)["LOWER"]
            places = [p for p in places if p.end <= p.start or lowers[p.end - 1] not in self._unit_ids
                      or (p.value is not None and not _unit_of(doc, p.start))]
        set_found(doc, "places", places)
        return doc

    def _facility_run(self, doc: Doc, orths, taken, text_of, s: int, e: int) -> Found | None:
        """A capitalised run that is a known place's name and then a facility's kind words ("Saydnaya Military
        Prison", "Tabqa Airbase"), written without a cue ("presumably Saydnaya Military Prison"): the whole
        name, resolved to the place it is named after."""
        for words in self._facility_words:
            k = e - len(words)
            if k <= s or any(doc[k + i].lower_ != w for i, w in enumerate(words)):
                continue
            bounds = self._name_part(orths, s, k)
            if bounds is None or bounds[1] != k or taken.find(1, bounds[0], e) >= 0:
                return None
            place = self._named(text_of(*bounds))
            return Found(bounds[0], e, text_of(bounds[0], e), place) if place is not None else None
        return None

    def _widen(self, doc: Doc, orths, taken, text_of, s: int, e: int, place):
        """A listed form inside a longer written name takes the whole name, as written: "al Tabqa" (the
        article), "Busra Esh-Sham" (when the gazetteer knows the longer name too)."""
        n = len(doc)
        if e < n and (orths[e] in self._hyphen_ids or orths[e] in self._articles or self._is_name_h(doc, orths[e])):
            j = self._run_end(orths, s, n, _spacing(doc))
            if j > e and taken.find(1, e, j) < 0:
                longer = self._named(text_of(s, j))
                if longer is not None:
                    e, place = j, longer
        k = s - 1
        ws = _whitespace(doc)
        if k >= 0 and orths[k] in self._hyphen_ids and k > 0 and not ws[k - 1]:
            k -= 1  # "al-" before the match
        # the article as the text writes it, capitalised or not ("As-Safira", "Al Sukhnah", "al-Bab"): the
        # location keeps the text's own spelling
        art = token_table(doc)["LOWER"][k] if k >= 0 else 0
        if k >= 0 and k < s and art in self._articles and not taken[k] and \
                (k == s - 1 and ws[k] and art in self._spaced_articles
                 or k == s - 2 and not ws[k + 1]):
            if self.gazetteer.lookup(text_of(k, e)) is place:
                s = k
        return s, e, place

    def _joined_roads(self, doc: Doc, orths, places: list[Found], text_of) -> None:
        """"A-B highway", "A - B road": one road named after its two ends, not the place A (or B). The places
        found inside such a name give way to the whole name, resolved when the gazetteer knows the road (or
        the hyphenated name is itself one place's), else left unresolved; the words after an unresolved name
        make it a road for the location chooser."""
        if not places or not self._road_words.values:
            return
        self._strings = doc.vocab.strings
        for r in np.flatnonzero(self._road_words.mask(doc)).tolist():
            k, joint = r, False
            while k > 0 and not doc[k - 1].is_sent_start and (
                    self._is_name(orths[k - 1]) or orths[k - 1] in self._articles or
                    orths[k - 1] in self._hyphen_ids):
                h = orths[k - 1]
                if h in self._hyphen_ids and k - 2 >= 0 and k < r and self._is_name(orths[k - 2]) and \
                        orths[k - 2] not in self._articles and (self._is_name(orths[k]) or orths[k] in self._articles
                                                                and doc[k - 1].whitespace_):
                    joint = True  # between two names ("A - al B"), not inside "Deir ez-Zor" or "al-Bab"
                k -= 1
            while k < r and (orths[k] in self._hyphen_ids or orths[k] in self._articles and
                             k + 1 < r and orths[k + 1] not in self._hyphen_ids and not doc[k].whitespace_):
                k += 1  # never open on a dash
            inside = [i for i, p in enumerate(places) if k <= p.start and p.end <= r + 1]
            if not joint or not inside or any(k < p.end and p.start < r + 1 and not (k <= p.start and p.end <= r + 1)
                                              for p in places):
                continue
            text = text_of(k, r + 1)
            road = Found(k, r + 1, text, self._lookup(text))
            places[inside[0]:inside[-1] + 1] = [road]

    def _is_name_h(self, doc: Doc, h: int) -> bool:
        self._strings = doc.vocab.strings
        return self._is_name(h)

    def _prefer_area(self, doc: Doc, places: list[Found]) -> None:
        """A name that fits several places takes the one in the governorate its paragraph, then its document,
        names most (other places with one reading only); else the gazetteer's order stands."""
        ambiguous = [i for i, p in enumerate(places) if p.value is not None and self._ambiguous(p.text)]
        if not ambiguous:
            return
        breaks = [m.start() for m in _PARAGRAPH.finditer(doc.text)]
        para_of = [bisect.bisect_left(breaks, doc[p.start].idx) for p in places]
        whole: Counter = Counter()
        per_para: dict[int, Counter] = {}
        for i, p in enumerate(places):
            if p.value is not None and i not in ambiguous:
                whole[p.value.admin1] += 1
                per_para.setdefault(para_of[i], Counter())[p.value.admin1] += 1
        for i in ambiguous:
            p = places[i]
            options = self.gazetteer.candidates(p.text)
            near = per_para.get(para_of[i], Counter())
            best = max(options, key=lambda c: (near[c.admin1], whole[c.admin1], -options.index(c)))
            if best is not p.value:
                places[i] = Found(p.start, p.end, p.text, best)

    _INSIDE_GAP = frozenset({"in", "the", "of", "countryside", "rural", "province", "governorate", "city", "town",
                             "area", "village", "eastern", "western", "northern", "southern", "central", ","})

    def _contradicted(self, doc: Doc, places: list[Found]) -> None:
        """"X in Dar'a" where X resolved to a GeoNames village of another governorate (or country): the text
        knows better; the name stays, unresolved, rather than take the other village's coordinates."""
        for i in range(len(places) - 1):
            a, b = places[i], places[i + 1]
            if a.value is None or b.value is None or a.value.source == "curated" or b.value.country != "Syria":
                continue
            if a.value.admin1 == b.value.admin1 or b.value.kind in ("road", "region", "river", "border"):
                continue
            gap = [t.lower_ for t in doc[a.end:b.start] if not t.is_space]
            if "in" in gap and all(w in self._INSIDE_GAP for w in gap):
                places[i] = Found(a.start, a.end, a.text, None)

    _RELATION_GAP = _INSIDE_GAP | frozenset({"near", "west", "east", "north", "south", "northwest", "northeast",
                                             "southwest", "southeast", "outskirts", "vicinity", "area"})
    _GOVERNORATE_WORDS = frozenset({"countryside", "province", "governorate", "rural"})

    def _told_governorate(self, doc: Doc, places: list[Found], i: int):
        """The governorate the text gives for places[i]: the first place after it, through places each
        "in", "near" or "west of" the one before ("X area west of Y in Z countryside"), that is written as a
        governorate ("Z countryside", "the countryside of Z", "Z province") or is one. None when the text
        gives none."""
        table = token_table(doc)
        lowers, space = table["LOWER"], table["IS_SPACE"]
        relation, governorate = self._relation_ids, self._governorate_ids
        for j in range(i + 1, min(i + 4, len(places))):
            prev, b = places[j - 1], places[j]
            gap: list[int] = []
            for k in range(prev.end, b.start):  # word by word: places far apart end it early (a hot path)
                if not space[k]:
                    gap.append(lowers[k])
                    if len(gap) > 6:
                        return None
            if not gap or not all(w in relation for w in gap):
                return None
            if b.value is None:
                continue
            if b.value.country != "Syria" or b.value.kind in ("road", "region", "river", "border"):
                return None
            after = lowers[b.end] if b.end < len(doc) else None
            if b.value.kind == "governorate" or after in governorate or not governorate.isdisjoint(gap):
                return b.value.admin1
        return None



    def _told_otherwise(self, doc: Doc, places: list[Found]) -> None:
        """A place the text puts in another governorate than its gazetteer entry's ("Sinjar area west of Y in
        Hama countryside" read as the Sinjar of Nineveh): another reading of the name in that governorate
        when the gazetteer has one, else the name stays, unresolved."""
        for i, a in enumerate(places):
            if a.value is None or a.value.kind in ("governorate", "country", "road", "region", "river", "border"):
                continue
            admin1 = self._told_governorate(doc, places, i)
            if admin1 is None or admin1 == a.value.admin1:
                continue
            other = next((c for c in self.gazetteer.candidates(a.text) if c.admin1 == admin1), None)
            places[i] = Found(a.start, a.end, a.text, other)

    _SITES = frozenset({"dam", "base", "oil_field", "gas_field", "airport", "crossing", "road", "river"})
    _SETTLEMENT_WORDS = frozenset({"village", "town", "city", "neighbourhood", "neighborhood", "quarter",
                                   "street", "district"})

    def _kind_told(self, doc: Doc, places: list[Found]) -> None:
        """A name the text calls a settlement or part of one ("Tishrine neighbourhood") is not the dam, base
        or field the gazetteer knows by that name: another reading that is a settlement, else unresolved."""
        n = len(doc)
        for i, a in enumerate(places):
            if a.value is None or a.value.kind not in self._SITES or a.end >= n or \
                    doc[a.end].lower_ not in self._SETTLEMENT_WORDS:
                continue
            other = next((c for c in self.gazetteer.candidates(a.text) if c.kind not in self._SITES), None)
            places[i] = Found(a.start, a.end, a.text, other)

    def _ambiguous(self, text: str) -> bool:
        found = self._ambiguous_cache.get(text)
        if found is None:
            if len(self._ambiguous_cache) > 100_000:
                self._ambiguous_cache.clear()
            found = self._ambiguous_cache[text] = self.gazetteer.is_ambiguous(text)
        return found

    def _is_name(self, h: int) -> bool:
        v = self._name_cache.get(h)
        if v is None:
            v = self._name_cache[h] = _is_name_token(self._strings[h])
        return v

    def _run_end(self, orths, i: int, n: int, spaced) -> int:
        doc_space = spaced.after
        """The end of the name run starting at i (i itself when none starts there). A run is capitalised
        words, joined by a hyphen without spaces or by a lower-case article ("Tall al Zaytun", "al-Bab")."""
        j = i
        while j < n:
            h = orths[j]
            if h in self._hyphen_ids:
                # "Kafr Alpha - Kafr Beta" is two names; "Deir ez-Zor" one
                if j == i or spaced(j) or j + 1 >= n or not (self._is_name(orths[j + 1])
                                                            or orths[j + 1] in self._articles):
                    break
                j += 1
                continue
            if h in self._articles:
                nxt = orths[j + 1] if j + 1 < n else None
                if nxt is None or doc_space(j) and nxt in self._hyphen_ids or not (
                        nxt in self._hyphen_ids or (h in self._spaced_articles and self._is_name(nxt)
                                                    and nxt not in self._hyphen_ids)):
                    break
                j += 1
                continue
            if not self._is_name(h):
                break
            j += 1
        return j

    def _name_runs(self, doc: Doc, orths):
        """(start, end) of every run of capitalised words (see _run_end), for the by-key lookup. Only tokens
        whose ORTH differs from their LOWER (or articles) can start one: found with one array operation."""
        n = len(doc)
        if not n:
            return
        self._strings = doc.vocab.strings
        arr = token_table(doc)["_array"]
        cased = arr[:, _ORTH_COL] != arr[:, _LOWER_COL]
        if self._articles_set is not None:
            cased |= self._articles_set.mask(doc)
        spaced = _spacing(doc)
        i = 0
        for k in np.flatnonzero(cased).tolist():
            if k < i:
                continue
            h = orths[k]
            if h in self._hyphen_ids or not (self._is_name(h) or h in self._articles):
                continue
            nxt = orths[k + 1] if k + 1 < n else None
            if nxt is None or not (nxt in self._hyphen_ids or nxt in self._articles or self._is_name(nxt)):
                if h not in self._articles:  # a single word: no need to walk the run
                    i = k + 1
                    yield k, i
                continue
            i = self._run_end(orths, k, n, spaced)
            if i > k:
                yield k, i

    def _may_end_name(self, strings, h: int) -> bool:
        """Whether some gazetteer name ends with this word (folded): most capitalised runs fail here."""
        v = self._last_cache.get(h)
        if v is None:
            v = self._last_cache[h] = last_word_key(strings[h]) in self._last_words
        return v

    def _named(self, text: str):
        """The place a capitalised run names without a cue, or None. GeoNames places outside Syria need a cue:
        their single words are too often a people's or a person's name elsewhere ("Uzbek", "Sana")."""
        try:
            return self._named_cache[text]
        except KeyError:
            pass
        if len(self._named_cache) > 100_000:
            self._named_cache.clear()
        place = None
        if text.lower() not in self.countries:
            options = self.gazetteer.named(text)
            place = options[0] if options else None
            if place is not None and (place.cue_only or place.kind == "country" or
                                      (place.source != "curated" and place.country != "Syria")):
                place = None
        self._named_cache[text] = place
        return place

    def _lookup(self, text: str):
        """gazetteer.lookup, remembered: the same names come back in report after report."""
        try:
            return self._lookups[text]
        except KeyError:
            if len(self._lookups) > 100_000:
                self._lookups.clear()
            place = self._lookups[text] = self.gazetteer.lookup(text)
            return place

    def _cue_names(self, doc: Doc):
        """(start, end) of each capitalised name right after a cue ("in", "near", "village of" ...)."""
        if not len(doc):
            return
        table = token_table(doc)
        lowers, orths = table["LOWER"], table["ORTH"]
        strings = doc.vocab.strings
        cache = self._name_cache

        def is_name(i: int) -> bool:
            h = orths[i]
            v = cache.get(h)
            if v is None:
                v = cache[h] = _is_name_token(strings[h])
            return v

        hits = np.flatnonzero(self._cue_last.mask(doc)).tolist()
        n = len(doc)
        spaced = _spacing(doc)
        for k in hits:
            if lowers[k] not in self._single_cues and not any(
                    k - L + 1 >= 0 and tuple(lowers[k - L + 1:k + 1]) in self.cues for L in self._longer_cue_lens):
                continue
            i = k + 1
            if i < n and lowers[i] == self._the:
                i += 1
            if i >= n or orths[i] == self._hyphen or not (is_name(i) or orths[i] in self._articles):
                continue
            self._strings = strings
            j = self._run_end(orths, i, n, spaced)
            if j > i:
                yield i, j

    def _suffixed_names(self, doc: Doc):
        """(start, end) of each capitalised name right before 'village', 'town' ... ('Al-Hurayji village')."""
        if not len(doc) or not self._suffixes.values:
            return
        table = token_table(doc)
        orths = table["ORTH"]
        strings = doc.vocab.strings
        cache = self._name_cache
        hits = np.flatnonzero(self._suffixes.mask(doc)).tolist()
        for k in hits:
            j = k
            while j > 0:
                h = orths[j - 1]
                v = cache.get(h)
                if v is None:
                    v = cache[h] = _is_name_token(strings[h])
                if not v and not (h in self._articles and j < k):
                    break
                j -= 1
            while j < k and orths[j] in self._articles and (j + 2 >= k or orths[j + 1] not in self._hyphen_ids):
                j += 1  # never a lone article or "al-" before the suffix, nor "an" of "an IDP camp"
            if j < k:
                yield j, k

    def _road_names(self, doc: Doc):
        """(start, end) of a capitalised name right before a road word that a road is named after ("gathered on
        Kafr Test road", "the Tafas road"): the event lies near that place. Only after a word that leads to a
        road name ("on", "along", "the" ...: not a sentence's first word, nor the second end of "A - B road"),
        never a code ("M4") or a descriptor ("the Airport road")."""
        if not len(doc) or not self._road_words.values:
            return
        orths = token_table(doc)["ORTH"]
        strings = doc.vocab.strings
        self._strings = strings
        for k in np.flatnonzero(self._road_words.mask(doc)).tolist():
            j = k
            while j > 0:
                h = orths[j - 1]
                if h in self._hyphen_ids:  # "ez-Zor", not "A - B road"
                    ok = j < k and not doc[j - 1].whitespace_ and j >= 2 and not doc[j - 2].whitespace_
                else:
                    ok = self._is_name(h) or h in self._articles and j < k
                if not ok:
                    break
                j -= 1
            while j < k and (orths[j] in self._hyphen_ids or orths[j] in self._articles and
                             (j + 1 >= k or orths[j + 1] in self._hyphen_ids)):
                j += 1
            if j >= k or j == 0 or orths[j - 1] not in self._road_leads and doc[j - 1].lower not in self._road_leads:
                continue
            if any(orths[i] in self._not_road_names or any(c.isdigit() for c in strings[orths[i]])
                   for i in range(j, k)):
                continue
            if any(orths[i] in self._hyphen_ids and orths[i - 1] not in self._articles and
                   orths[i + 1] not in self._articles for i in range(j + 1, k - 1)):
                continue  # "Kafr Alpha-Beta road": a road of two ends (read whole only where the ends are known)
            yield j, k

    def _name_part(self, orths: list[int], i: int, e: int) -> tuple[int, int] | None:
        """A capitalised name after a cue, trimmed of hyphens and non-place words."""
        while e > i and orths[e - 1] in self._hyphen_ids:
            e -= 1
        while i < e and orths[i] in self._not_place_ids:
            i += 1
        while e > i and orths[e - 1] in self._not_place_ids:
            e -= 1
        while e > i and orths[e - 1] in self._articles:
            e -= 1
        if i >= e or orths[i] in self._hyphen_ids:
            return None
        if all(orths[k] in self._articles or orths[k] in self._hyphen_ids for k in range(i, e)):
            return None
        return i, e


@Language.factory("annotator_places", assigns=["doc._.places"],
                  default_config={"config_path": "", "gazetteer_path": ""})
def make_places(nlp: Language, name: str, config_path: str, gazetteer_path: str) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name, config_path, gazetteer_path)


_UNIT_OWNERS = frozenset({"position", "positions", "post", "posts", "member", "members", "soldier", "soldiers",
                          "fighter", "fighters", "officer", "officers", "commander", "elements", "troops",
                          "checkpoint", "checkpoints", "unit", "units"})


def _unit_of(doc: Doc, start: int) -> bool:
    """'a position of the 17th Division', 'soldiers of the 4th Brigade': the formation, even where a base bears its
    name."""
    k = start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return k >= 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in _UNIT_OWNERS


# ------------------------------------------------------------------------------------------------
# Choosing an event's location
# ------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class PlaceMention:
    span: Found | Span  # .start and .end: its tokens
    place: object | None  # gazetteer Place or None
    text: str  # as written, without generic words
    role: str  # "plain", "reference" (north of X), "origin" (from X), "destination" (to X), "through"
    container: bool  # follows another place: "Al-Takihy village in Deir Ezzor countryside"
    in_list: bool  # one of several places listed together
    list_container: "PlaceMention | None" = None
    # what the words after an unresolved name say it is ("Kafr Test border crossing": "crossing")
    kind_hint: str = ""
    # named as what a patrol went round ("toured X and Y villages")
    visited: bool = False
    # the word that writes it as part of a settlement ("X neighbourhood", "X camp", "X hospital"), or ""
    sub_place: str = ""
    # 2: written as a settlement ("X city", "X town"); 1: a gazetteer city or town not followed by
    # "countryside"; 0: neither
    settlement: int = 0
    # follows the place before it with only "in (the)" between ("X neighbourhood in Y")
    right_after: bool = False
    # the next place when the words between say it encloses this one ("X in rural Y", "X near Y")
    encloser: "PlaceMention | None" = None
    enclose_rel: str = ""  # "in" (a bare "X in Y"), "countryside" ("X in rural Y") or "near" (any other wording)
    # for a road: the preposition before it ("on", "along"), "" when the road is a verb's object ("securing
    # the highway") or anything else
    lead: str = ""
    # how a chosen mention was resolved through its encloser: "near" (place is the encloser's), "admin1" (only a
    # governorate encloses it: place stays None), or "" (the mention's own place)
    via: str = ""
    via_place: object | None = None
    # "between X and Y": the other end (set on X only)
    pair: "PlaceMention | None" = None
    # the name of a road named after one place ("on Kafr Test road"): the event lies near that place
    named_road: bool = False
    # index of the sentence it stands in: a town "on" a road is one the same sentence names
    sentence: int = 0
    # for a road: the end of its last mention in its sentence ("along the M4 ... around the highway in X")
    said_until: int = 0

    @property
    def kind(self) -> str:
        if self.place is not None:
            return self.place.kind
        return self.kind_hint or "unresolved"


class LocationChooser:
    """Picks the event's location among the places in its evidence (rules from the corpus README)."""

    def __init__(self, places_cfg: dict, events_cfg: dict, gazetteer=None):
        self.gazetteer = gazetteer
        self.generic = sorted((g.lower() for g in places_cfg["generic_words"]), key=len, reverse=True)
        self.keep_alone = set(places_cfg.get("part_of_name", []))
        self.reference = set(places_cfg["reference_directions"])
        self.care = set(places_cfg["care_words"])
        self.origin = set(events_cfg["origin_cues"])
        self.destination = set(events_cfg["destination_cues"])
        self.through = set(events_cfg["through_cues"])
        self._generic_words = {w for g in self.generic for w in g.split()}
        # (words, how many, may be cut from the end) per generic phrase: _strip tries every one per call
        self._generic_split = [(gw, len(gw), not gw or gw[-1] not in self.keep_alone)
                               for gw in (g.split() for g in self.generic)]
        self.crossing_words = set(places_cfg.get("crossing_words", []))
        self.road_words = set(places_cfg.get("road_words", []))
        self.visit_cues = set(places_cfg.get("visit_cues", []))
        self.sub_place_words = set(places_cfg.get("sub_place_words", []))
        # "gas field", "military prison": the kind words a facility's own name ends with
        self._facility_words = sorted((tuple(f.lower().split()) for f in places_cfg.get("facility_words", [])),
                                      key=len, reverse=True)
        self._facility_first = {f[0] for f in self._facility_words}
        self._strip_cache: dict[tuple, str] = {}

    def strip_generic(self, text: str, place=None) -> str:
        """The name without generic words ("Al-Takihy village" -> "Al-Takihy"); for a gazetteer place only
        as far as the result still names it ("Green Village base" -> "Green Village", not "Green")."""
        words = text.split()
        if place is not None:
            from .gazetteer import place_key

            keys = {place_key(f) for f in place.surface_forms}
            if place.kind == "governorate":
                # "Dar'a province" is written "Dar'a" like its capital: the name is what is left
                keys |= {place_key(f.rsplit(None, 1)[0]) for f in place.surface_forms
                         if f.rsplit(None, 1)[-1].lower() in ("province", "governorate", "provinces")}
            best = words
            stripped = self._strip(words)
            while stripped != best and stripped and place_key(" ".join(stripped)) in keys:
                best = stripped
                stripped = self._strip(best)
            return " ".join(best)
        return " ".join(self._strip_all(words))

    def _strip_all(self, words: list[str]) -> list[str]:
        while True:
            nxt = self._strip(words)
            if nxt == words:
                return words
            words = nxt

    def _strip(self, words: list[str]) -> list[str]:
        """One generic word less, from the end or the start."""
        if len(words) < 2:
            return words
        low, n_words = [w.lower() for w in words], len(words)  # lowered once, not twice per generic phrase
        for gw, n, cut_end in self._generic_split:
            if n_words > n:
                if low[-n:] == gw and cut_end:
                    return words[:-n]
                if low[:n] == gw:
                    return words[n:]
        return words

    _SKIP_BACK = {"the", "its", "their", "his", "a", "an", "in", "of", "at", "main", "military", "coalition",
                  "coalition's", "coalition’s", "us", "american", "international"}

    def _route_role(self, doc: Doc, start: int) -> str:
        """origin / destination / through when a route word governs the place ("to its base in X")."""
        generic_words = self._generic_words
        table, strings = token_table(doc), doc.vocab.strings
        lowers, space = table["LOWER"], table["IS_SPACE"]
        for k in range(start - 1, max(start - 7, 0) - 1, -1):
            w = strings[lowers[k]]
            if w in self.origin:
                return "origin"
            if w in self.destination:
                return "destination"
            if w in self.through:
                return "through"
            if w in self._SKIP_BACK or w in generic_words or space[k]:
                continue
            break
        return "plain"

    def mentions(self, doc: Doc, spans: list[Found] | list[Span]) -> list[PlaceMention]:
        """The places `spans` (found_by(doc, "places") or doc._.places, in text order) as mentions: role, name
        without generic words, containers and lists. What depends only on one span, or on the gap between
        two, is worked out once per document: the event assembler asks about the same places for every
        event, clause and direction."""
        per_span, containers, joins, lists, tight = self._doc_cache(doc)
        if not spans:
            return []
        list_key = tuple((sp.start, sp.end) for sp in spans)
        done = lists.get(list_key)
        if done is not None:  # the same stretch asked again (an event's clause, then its direction)
            return list(done)
        out: list[PlaceMention] = []
        prev_end = None
        for sp in spans:
            key = (sp.start, sp.end)
            info = per_span.get(key)
            if info is None:
                place = sp.value if isinstance(sp, Found) else sp._.place
                info = per_span[key] = (place, self._written(doc, sp, place), self._role(doc, sp.start),
                                        "" if place is not None else self._kind_after(doc, sp.end),
                                        self._visited(doc, sp.start), *self._part_words(doc, sp.end, place),
                                        self._named_road(doc, sp.end, place),
                                        bisect.bisect_right(sentence_starts(doc), sp.start) - 1)
            container = right_after = False
            if prev_end is not None:
                gap_key = (prev_end, sp.start)
                container = containers.get(gap_key)
                if container is None:
                    container = containers[gap_key] = self._container_gap(doc, prev_end, sp.start)
                if container:
                    right_after = tight.get(gap_key)
                    if right_after is None:
                        right_after = tight[gap_key] = self._tight_gap(doc, prev_end, sp.start)
            out.append(PlaceMention(sp, info[0], info[1], info[2], container, False, kind_hint=info[3],
                                    visited=info[4], sub_place=info[5], settlement=info[6],
                                    right_after=right_after, named_road=info[7], sentence=info[8]))
            prev_end = sp.end
        # lists: "A, B and C in D" -> D stands for the list
        i = 0
        while i < len(out):
            j = i
            while j + 1 < len(out):
                gap_key = (out[j].span.end, out[j + 1].span.start)
                joined = joins.get(gap_key)
                if joined is None:
                    joined = joins[gap_key] = self._list_gap(doc, *gap_key)
                if joined:
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
        for k in range(len(out) - 1):
            gap_key = ("enc", out[k].span.end, out[k + 1].span.start)
            rel = containers.get(gap_key)
            if rel is None:
                rel = containers[gap_key] = self._enclosing_gap(doc, *gap_key[1:])
            if rel:
                out[k].encloser, out[k].enclose_rel = out[k + 1], rel
        for m in out:
            if m.kind in ("road", "route") or m.named_road:
                m.lead = self._lead_word(doc, m.span.start)
                m.said_until = self._said_again(doc, m.span.end)
        for k in range(len(out) - 1):
            gap_key = ("pair", out[k].span.start, out[k].span.end, out[k + 1].span.start)
            pair = joins.get(gap_key)
            if pair is None:
                pair = joins[gap_key] = self._between_pair(doc, *gap_key[1:])
            if pair:
                out[k].pair = out[k + 1]
        lists[list_key] = out
        return list(out)

    @staticmethod
    def _doc_cache(doc: Doc) -> tuple[dict, dict, dict, dict, dict]:
        cache = doc.user_data.get(_MENTION_CACHE)
        if cache is None or cache[0] != len(doc):
            cache = doc.user_data[_MENTION_CACHE] = (len(doc), {}, {}, {}, {}, {})
        return cache[1], cache[2], cache[3], cache[4], cache[5]

    def _stripped(self, text: str, place) -> str:
        key = (text, place)
        found = self._strip_cache.get(key)
        if found is None:
            if len(self._strip_cache) > 100_000:  # unresolved names differ from report to report
                self._strip_cache.clear()
            found = self._strip_cache[key] = self.strip_generic(text, place)
        return found

    def _written(self, doc: Doc, sp, place) -> str:
        """The location as written: the name without generic words, and with the kind words a facility's own
        name ends with ("Koniko gas field", "Sidnaya military prison", "Al Saa roundabout") when the text writes
        them right after it. A base, camp or crossing is not among them: it takes the name of the place it
        stands at ("the Rukban camp", "Kafr Test crossing"), and that name is its location."""
        text = self._stripped(sp.text, place)
        n = len(doc)
        if sp.end >= n or not self._facility_words:
            return text
        lowers, strings = token_table(doc)["LOWER"], doc.vocab.strings
        if strings[lowers[sp.end]] not in self._facility_first:  # most names: one set lookup
            return text
        if not sp.text.endswith(text) or self._ends_with_facility(text.lower().split()):
            return text
        for words in self._facility_words:
            end = sp.end + len(words)
            if end <= n and all(strings[lowers[sp.end + k]] == w for k, w in enumerate(words)):
                if words == ("field",) and end < n and strings[lowers[end]] in self._FIELD_COMPOUNDS:
                    return text  # "a Tafas field commander", "the Afrin field hospital"
                tail = doc[sp.end - 1:end]
                return text + doc.text[tail[0].idx + len(tail[0].text):tail[-1].idx + len(tail[-1].text)]
        return text

    _FIELD_COMPOUNDS = frozenset({"hospital", "hospitals", "clinic", "clinics", "commander", "commanders", "office",
                                  "offices", "team", "teams", "trip", "visit", "visits", "staff", "workers",
                                  "artillery", "guns", "executions", "execution", "court", "courts"})

    def _ends_with_facility(self, low: list[str]) -> bool:
        return any(len(low) > len(w) and tuple(low[-len(w):]) == w for w in self._facility_words)

    def _named_road(self, doc: Doc, end: int, place) -> bool:
        """A place name that names a road after it ("on Kafr Test road", "the Tafas road"): a road word follows
        and the name is a settlement's or unknown, not itself a road, a two-ended road or a code ("M4")."""
        if end >= len(doc) or doc.vocab.strings[token_table(doc)["LOWER"][end]] not in self.road_words:
            return False
        if place is not None and place.kind not in POPULATED:
            return False
        return not (end and (doc[end - 1].lower_ in self.road_words or any(c.isdigit() for c in doc[end - 1].text)))

    _TIGHT = frozenset({"in", "the", "of", "inside", "within", ","})

    def _tight_gap(self, doc: Doc, end: int, start: int) -> bool:
        """Only generic words of the place before, then "in (the)", between two places."""
        table, strings = token_table(doc), doc.vocab.strings
        lowers, space = table["LOWER"], table["IS_SPACE"]
        words = [strings[lowers[k]] for k in range(end, min(start, len(doc))) if not space[k]]
        while words and (words[0] in self._generic_words or words[0] in self.sub_place_words or
                         words[0] in ("refugee", "displacement", "military")):
            words.pop(0)
        return bool(words) and words[0] == "in" and all(w in self._TIGHT for w in words)

    def _part_words(self, doc: Doc, end: int, place) -> tuple[str, int]:
        """(sub_place word, settlement level) from the word after the name and the gazetteer kind."""
        lowers, strings = token_table(doc)["LOWER"], doc.vocab.strings
        after = strings[lowers[end]] if end < len(doc) else ""
        if after in ("refugee", "displacement", "military", "main") and end + 1 < len(doc):
            after = strings[lowers[end + 1]]
        kind = place.kind if place is not None else ""
        sub = after if after in self.sub_place_words else ("camp" if kind == "camp" else
                                                          "neighbourhood" if kind == "neighbourhood" else "")
        settlement = 2 if after in ("city", "town") else \
            1 if kind in ("city", "town") and after != "countryside" else 0
        return sub, settlement

    def _visited(self, doc: Doc, start: int) -> bool:
        """A patrol-route verb governs the place ("toured the villages of X", "patrolled X")."""
        if not self.visit_cues:
            return False
        lowers, strings = token_table(doc)["LOWER"], doc.vocab.strings
        for k in range(start - 1, max(start - 5, 0) - 1, -1):
            w = strings[lowers[k]]
            if w in self.visit_cues:
                return True
            if not (w in self._SKIP_BACK or w in self._generic_words or w in ("villages", "towns", "of")):
                return False
        return False

    def _kind_after(self, doc: Doc, end: int) -> str:
        """'crossing' when 'crossing' (or 'border crossing') follows an unresolved name; 'road' when the name
        ends with a road word ("A - B road", read whole by the recognizer)."""
        if end and doc[end - 1].lower_ in self.road_words:
            return "road"
        for k in range(end, min(end + 2, len(doc))):
            w = doc[k].lower_
            if w in self.crossing_words:
                return "crossing"
            if w != "border":
                break
        return ""

    def _role(self, doc: Doc, start: int) -> str:
        lowers, strings = token_table(doc)["LOWER"], doc.vocab.strings
        before = [strings[h] for h in lowers[max(start - 4, 0):start]]
        if len(before) >= 2 and before[-1] == "of" and before[-2] in self.reference:
            return "reference"
        if len(before) >= 3 and before[-1] == "the" and before[-2] == "of" and before[-3] in self.reference:
            return "reference"  # "east of the Euphrates"; "the western countryside of X" is X's own area
        if len(before) >= 2 and before[-1] in ("in", "at") and before[-2] in self._STATIONED:
            return "origin"  # "shells fired by regime forces stationed in X fell on Y": where the fire came from
        if len(before) >= 2 and before[-1] in ("in", "at") and before[-2] in self.care:
            return "reference"  # "taken to hospital in X": where the hurt were treated
        return self._route_role(doc, start)

    _STATIONED = frozenset({"stationed", "deployed", "positioned", "based", "entrenched", "garrisoned"})

    @staticmethod
    def _container_gap(doc: Doc, prev_end: int, start: int) -> bool:
        """'X village in Deir Ezzor': the gap before a place says it contains the one before."""
        end = min(start, len(doc))
        if end - prev_end > 6:
            return False
        table, strings = token_table(doc), doc.vocab.strings
        lowers, orths = table["LOWER"][prev_end:end], table["ORTH"][prev_end:end]
        return "in" in [strings[h] for h in lowers] and not any(strings[h] in (".", ";") for h in orths)

    # the words that put a place in or next to the one after it: "in rural Y", "in the western countryside of Y",
    # "on the outskirts of Y", "near Y", "in the town of Y", "in Y city", "of Y city", "between Y and Z"
    _ENCLOSE_LEAD = frozenset({"in", "near", "on", "at", "outside", "around", "of", "close", "within", "inside",
                               "between"})
    _ENCLOSE_REST = frozenset({"rural", "countryside", "outskirts", "suburbs", "vicinity", "of", "to", "town",
                               "city", "village", "area", "between", "the", "administrative", "surroundings"})
    _OWN_WORDS = frozenset({"refugee", "displacement", "military", "street", "road", "highway", "area", "(", ")",
                            ",", "border", "crossing", "international"})

    def _enclosing_gap(self, doc: Doc, end: int, start: int) -> str:
        """How the words between two places say the second encloses the first: "in" (a bare "in/at Y"),
        "near" (any other wording of _ENCLOSE_LEAD, or a direction: "X area, west of Y"), "" (they don't).
        The first place's own descriptors ("Debs village", "Mazen refugee camp") come first; eight words at
        most, no sentence break."""
        if start - end > 10:
            return ""
        table, strings = token_table(doc), doc.vocab.strings
        lowers, space = table["LOWER"], table["IS_SPACE"]
        words = [strings[lowers[k]] for k in range(end, min(start, len(doc))) if not space[k]]
        if words and words[0] == "(" and ")" in words:
            # a gloss of the name ("X (Sheep Market) area in Y") says nothing about where X lies
            words = words[words.index(")") + 1:]
        own = False
        while words and (words[0] in self._generic_words or words[0] in self.sub_place_words or
                         words[0] in self._OWN_WORDS or words[0].isdigit() or words[0] in ("km", "kilometres")):
            own = own or words[0] not in (",", "(", ")")
            words.pop(0)
        words = [w for w in words if w not in self.reference or w in ("north", "south", "east", "west")]
        if not words:
            return ""
        if len(words) == 2 and words[0] in self.reference and words[1] == "of":
            return "near"  # "X, west of Y": X lies next to Y
        if words in (["in"], ["at"], ["inside"], ["within"]):
            return "in"
        if words == ["of"]:
            return "in" if own else ""  # "X street of Y city", not "the people of Y"
        ok = words[0] in self._ENCLOSE_LEAD and all(w in self._ENCLOSE_REST for w in words[1:])
        if ok and ("rural" in words or "countryside" in words):
            return "countryside"
        return "near" if ok else ""

    @staticmethod
    def _between_pair(doc: Doc, start: int, end: int, nxt: int) -> bool:
        """"between X and Y": "between (the)" before X, only "and" (or generic words of X, then "and") after."""
        table = token_table(doc)
        lowers, strings = table["LOWER"], doc.vocab.strings
        k = start - 1
        if k >= 0 and strings[lowers[k]] == "the":
            k -= 1
        if k < 0 or strings[lowers[k]] != "between":
            return False
        space = table["IS_SPACE"]
        gap = [strings[lowers[j]] for j in range(end, nxt) if not space[j]]
        return bool(gap) and gap[-1] == "and" and len(gap) <= 3

    def _said_again(self, doc: Doc, end: int) -> int:
        """The end of the last "the road" / "the highway" that takes a road up again later in its sentence
        (30 tokens at most), else the road's own end."""
        starts = sentence_starts(doc)
        k = bisect.bisect_right(starts, end - 1)
        stop = min(starts[k] if k < len(starts) else len(doc), end + 30)
        last = end
        for i in range(end, stop - 1):
            if doc[i].lower_ == "the" and doc[i + 1].lower_ in self.road_words:
                last = i + 2
        return last

    @staticmethod
    def _lead_word(doc: Doc, start: int) -> str:
        """The preposition before a road ("on the international road M4" -> "on"), else ""."""
        for k in range(start - 1, max(start - 4, 0) - 1, -1):
            w = doc[k].lower_
            if w in ("on", "along", "at"):
                return w
            if w not in ("the", "international", "main", "road", "highway"):
                return ""
        return ""

    def _list_gap(self, doc: Doc, end: int, start: int) -> bool:
        table, strings = token_table(doc), doc.vocab.strings
        lowers, space = table["LOWER"], table["IS_SPACE"]
        words = [strings[lowers[k]] for k in range(end, min(start, len(doc))) if not space[k]]
        return bool(words and all(w in (",", "and") or w in self.generic for w in words) and len(words) <= 3)

    def choose(self, mentions: list[PlaceMention], event_type: str, direction: str | None = None,
               first_sentence_end: int | None = None, trigger_start: int | None = None) -> PlaceMention | None:
        pick = self._choose(mentions, event_type, direction, first_sentence_end, trigger_start)
        if pick is None:
            # "a mine exploded 5 km north of Y" names no other place: the event lies near Y
            return self._near_reference(mentions)
        if pick.place is not None and pick.place.kind in self._BROAD_KINDS:
            # "near the Euphrates, west of Al-Bukamal", "in the Syrian desert, 40 km north-east of Palmyra": the town
            # the text measures from says more than the river or the desert
            pick = self._near_reference(mentions) or pick
        if pick.place is not None and pick.place.country != "Syria":
            # The event happens in Syria: a route named by a foreign region ("from Kurdistan Region of Iraq")
            # stays as written, never resolved to coordinates that the export would label as Syria.
            return dataclasses.replace(pick, place=None)
        if pick is not None and pick.kind in ("road", "route") and pick.lead:
            pick = self._town_on_road(pick, mentions)
        if pick.named_road:
            # "on Kafr Test road": a town the text puts on or by the road ("... road near Y") is the better
            # point; else the place the road is named after, as "near" (the road leads there)
            town = self._town_on_road(pick, mentions) if pick.lead else pick
            if town is not pick:
                pick = town
            elif pick.place is not None:
                return dataclasses.replace(pick, via="near", via_place=pick.place)
        if pick is not None and (pick.place is None or (pick.sub_place and pick.kind in POPULATED)):
            return self._through_encloser(pick, mentions)
        return pick

    def scene(self, mentions: list[PlaceMention], event_type: str) -> PlaceMention | None:
        """The place a sentence before the event's sets the scene in, for an event whose own sentence names
        none ("Gunmen attacked the entrances of X. ... An explosion ..."): chosen as for an event there. On
        the ACLED notes this placed 2 events that had none, both right; the development corpus's events all
        name their place."""
        # only where things happened there: "brought reinforcements from X and Y" says where fighters came from
        plain, role = [], ""
        for k, m in enumerate(mentions):
            # a listed place takes the role of the list's first ("from X and Y": Y is an origin too)
            role = role if m.in_list and k and mentions[k - 1].in_list else m.role
            if role == "plain":
                plain.append(m)
        pick = self.choose(plain, event_type) if plain else None
        if pick is not None and pick.place is not None and pick.place.kind in self._BROAD_KINDS:
            pick = self._near_reference(mentions) or pick  # "near the Euphrates, west of Al-Bukamal"
        return pick

    _BROAD_KINDS = frozenset({"river", "region"})

    # what a reference point may locate an event near: a settlement or a site, not a river, road or border
    _NEAR_KINDS = POPULATED | frozenset({"base", "oil_field", "gas_field", "airport", "dam", "camp", "crossing"})

    def _near_reference(self, mentions: list[PlaceMention]) -> PlaceMention | None:
        """The only places named are reference points ("8 km west of Y", "south of the Y base"): the event
        lies near the first resolved one in Syria, kept as written, with Y's place as "near" (ACLED's geo
        precision 2 reads the same). None when no such place is named ("east of the Euphrates")."""
        for m in mentions:
            p = m.place
            if m.role == "reference" and p is not None and p.country == "Syria" and p.kind in self._NEAR_KINDS:
                return dataclasses.replace(m, via="near", via_place=p)
        return None

    @staticmethod
    def _town_on_road(road: PlaceMention, mentions: list[PlaceMention]) -> PlaceMention:
        """A road that sets the scene ("on the M4 highway, starting from X town", "along the X - Y road") is a
        poor location when the text names a town on it: the first populated place after it, as written; one it
        lies west of ("on the M4, west of Y") resolves the road's mention to Y as "near". A road that is what
        the event is about ("securing the highway between A and B, from X to Y") stays the location: the
        development gold codes the road there."""
        for m in mentions:
            if m.span.start <= road.span.start or m.sentence != road.sentence or \
                    m.span.start - max(road.span.end, road.said_until) > 12:
                continue
            populated = m.kind in POPULATED or (m.place is None and not m.kind_hint and not m.sub_place)
            if not populated or (m.place is not None and m.place.country != "Syria"):
                continue
            if m.place is not None and _capital_like(m.place) and m.settlement < 2 and \
                    m.span.text.rsplit(None, 1)[-1].lower() not in ("city", "town"):
                continue  # "on the M4 in Idlib": the governorate the road runs through, not a town on it
            if m.role == "reference":
                return dataclasses.replace(road, place=m.place, via="near", via_place=m.place) \
                    if m.place is not None else road
            return m
        return road

    @staticmethod
    def _through_encloser(pick: PlaceMention, mentions: list[PlaceMention]) -> PlaceMention:
        """An unresolved place, or a street/camp/hospital named after a village, that the text puts in or next
        to a resolved populated place ("X in rural Y", "X street of Y city"): keeps its text, takes Y's place
        as "near". A governorate alone ("X in Y province") gives only its admin1. Follows a chain of enclosers
        ("X area in Z neighbourhood in Y city"), three at most."""
        m = pick
        for _ in range(3):
            e = m.encloser
            if e is None:
                break
            if e.place is not None and e.place.country == "Syria":
                as_city = e.settlement == 2 or e.span.text.rsplit(None, 1)[-1].lower() in ("city", "town")
                if _capital_like(e.place) and not as_city and (m.enclose_rel in ("in", "countryside") or
                                                               e.settlement == 0):
                    # "X in Idlib", "X in the countryside of Idlib", "X in Idlib countryside": the governorate
                    # (its rural areas) as often as its capital; "in Idlib city", "near Idlib" say the city
                    return dataclasses.replace(pick, place=None, via="admin1", via_place=e.place)
                if e.kind in POPULATED:
                    return dataclasses.replace(pick, place=e.place, via="near", via_place=e.place)
                if e.kind == "governorate":
                    return dataclasses.replace(pick, place=None, via="admin1", via_place=e.place)
                if not e.sub_place:
                    break
            elif e.place is not None:
                break
            m = e
        if pick.sub_place and pick.place is None and pick.encloser is None:
            # "protesters in Y city gathered at X square": the city the sentence set the scene in, just before
            k = next((i for i, x in enumerate(mentions) if x.span.start == pick.span.start), 0)
            prev = mentions[k - 1] if k > 0 else None
            if prev is not None and prev.place is not None and prev.kind in POPULATED and \
                    prev.place.country == "Syria" and pick.span.start - prev.span.end <= 12 and \
                    (prev.settlement == 2 or prev.span.text.rsplit(None, 1)[-1].lower() in ("city", "town")):
                return dataclasses.replace(pick, place=prev.place, via="near", via_place=prev.place)
        return pick


    def _choose(self, mentions: list[PlaceMention], event_type: str, direction: str | None,
                first_sentence_end: int | None, trigger_start: int | None) -> PlaceMention | None:
        usable = [m for m in mentions if m.role != "reference" and m.kind != "country"]
        # a river locates only when nothing else does ("a boat crossing the Euphrates near Al-Mayadeen")
        usable = [m for m in usable if m.kind != "river"] or usable
        if event_type not in ("convoy", "patrol") and any(
                m.role == "plain" and not (k and m.container and m.span.start - usable[k - 1].span.end <= 2)
                for k, m in enumerate(usable)):
            # where the fighters come from is not where they fought ("fighters from X clashed in Y"); a span
            # "from X to Y in Z" (Z only says where Y lies) still locates the event at X
            kept, dropped = [], False
            for m in usable:
                # "a man from X in Y province": Y only says where X lies
                dropped = m.role == "origin" or (dropped and m.right_after)
                if not dropped:
                    kept.append(m)
            usable = kept
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
                if foreign and direction == "entering":
                    # "entered from Iraq towards its bases in Y": the Syrian destination is where the event is
                    inside = [m for m in usable if m.role == "destination" and m.place is not None and
                              m.place.country == "Syria" and m.kind in POPULATED | {"base", "oil_field", "gas_field"}]
                    if inside:
                        return inside[0]
                if foreign or route:
                    return (foreign or route)[0]
            else:
                dest = [m for m in usable if m.role == "destination"]
                if dest:
                    return dest[0]
        if event_type == "patrol":
            # a patrol is where it went round, not the base it set off from
            visited = [m for m in usable if m.visited]
            if visited:
                return visited[0]
        if event_type in ("rocket_attack", "shelling", "drone_strike"):
            base = [m for m in usable if m.kind in ("base", "oil_field", "gas_field", "airport")]
            if base and event_type == "rocket_attack":
                return base[0]
        first = usable
        if first_sentence_end is not None:
            in_first = [m for m in usable if m.span.start < first_sentence_end]
            first = in_first or usable
        if trigger_start is not None:
            # "In the Syrian desert, ... conducted exercises in the 55-kilometre zone": what the trigger
            # governs is more to the point than a scene set before it
            after = [m for m in first if m.span.start >= trigger_start]
            first = after or first
        pick = first[0]
        pick = self._region_of(pick, first)
        if pick.place is None and pick.pair is not None and pick.pair.place is not None and \
                pick.pair.kind in POPULATED and pick.pair in usable:
            # "the area between X and Y": neither end is the place; the one the gazetteer knows gives a point
            pick = pick.pair
        if pick.in_list and pick.list_container is not None and len([m for m in first if m.in_list]) > 2:
            return pick.list_container
        if pick.sub_place and event_type != "convoy":
            # "X neighbourhood in Y city": the settlement, as for a list of neighbourhoods in one town. A camp
            # or a prison lies outside towns: only "in Y city/town" says it is inside one.
            k = usable.index(pick)
            nxt = usable[k + 1] if k + 1 < len(usable) else None
            need = 2 if pick.sub_place in ("camp", "prison") else 1
            if nxt is not None and nxt.right_after and nxt.settlement >= need:
                return nxt
        # a container that only repeats what comes before ("X village in Deir Ezzor") is never first
        return pick


    @staticmethod
    def _region_of(pick: PlaceMention, first: list[PlaceMention]) -> PlaceMention:
        """"in the Badia of X", "the Syrian desert of X": a wide region the gazetteer knows, and right after its
        "of" the place in it, which says more (as "in the desert of X" does through its cue)."""
        if pick.kind != "region" or len(first) < 2:
            return pick
        nxt = first[1]
        # one word between, and not a list ("the Badia and X"): the "of" (a span here may be a bare Found)
        if nxt.span.start == pick.span.end + 1 and not pick.in_list and nxt.role == "plain":
            return nxt
        return pick


def _capital_like(place) -> bool:
    """A city named like its governorate ("Idlib" in Idlib): a bare "in Idlib" may mean either."""
    from .gazetteer import place_key

    return place.kind == "city" and place_key(place.name) == place_key(place.admin1)
