"""The place gazetteer: canonical places with spelling variants, kind, governorate and coordinates.

Names of Syrian places reach us in many transliterations (Deir Ezzor / Deir ez-Zor / Deir Al-Zour,
Al-Shadady / Al-Shaddadi, Tel Baidar / Tal Baydar). Rather than list every variant, `place_key` folds
the usual ones (articles, doubled letters, ee/i, ou/u, -eh/-ah, tel/tal, deir/dayr ...) into one key,
and the aliases in resources/gazetteer.jsonl cover what folding cannot (Thiban / Dhiban, Kobani /
Ain al-Arab). Lookup is exact on that key; `fuzzy` (rapidfuzz) is for completion and misspellings.

Two tiers: our curated entries (bases, fields, crossings and the places the reports name) come first and win
a shared key; resources/gazetteer_geonames.jsonl (GeoNames populated places of Syria and the Iraqi and
Turkish border belt, built by build_scripts/build_geonames.py) fills in towns and villages. Where one key
names several places, `lookup` prefers the governorate the caller says the text is about, then the curated
entry, then the most populous.
"""
from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# The brief's kinds, plus road, river, country and neighbourhood, which the reports also name.
KINDS = frozenset({
    "governorate", "city", "town", "village", "base", "oil_field", "gas_field", "crossing", "region",
    "dam", "airport", "district", "camp", "border", "road", "river", "country", "neighbourhood",
})
COUNTRIES = frozenset({"Syria", "Iraq", "Jordan", "Turkey"})
_REQUIRED = ("name", "aliases", "kind", "admin1", "country", "lat", "lon")


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    kind: str
    admin1: str
    country: str
    lat: float
    lon: float
    # True when the coordinates are an estimate (small villages, bases); the GUI may show lower precision.
    approximate: bool = False
    population: int = 0
    # A name that is also a common English word ("Hit"): a place only after a cue ("in Hit").
    cue_only: bool = False
    source: str = "curated"  # or "geonames"
    # other spellings (GeoNames alternate names of a curated place): lookup keys only, never phrase-matched,
    # and a single word only after a cue ("in Darik"), since one word alone is often a person's name
    variants: tuple[str, ...] = ()

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# ---------------------------------------------------------------------------------------------
# Folding spelling variants into one key
# ---------------------------------------------------------------------------------------------
_QUOTES = dict.fromkeys(map(ord, "'’‘`´ʿʾ\"“”«»"), None)
_DOTLESS = str.maketrans({"ı": "i"})  # Turkish dotless i has no decomposition ("Tel Rıfat")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,;:()\[\]]+")
# Arabic articles written as separate words (al-, el-, ad-, ar-, as-, ash-, ez- ...) and English "the".
_ARTICLES = frozenset({"al", "el", "ul", "il", "ad", "ar", "as", "ash", "esh", "at", "az", "ez", "es", "ed", "er",
                       "an", "en", "the"})
# The article glued to a sun letter and doubled: Ezzor, Arraqqa, Assukhnah.
_GLUED_ARTICLE = re.compile(r"^[ae](zz|rr|ss|dd|tt|nn)")
_TOKEN_SYNONYMS = {
    "tel": "tal", "tell": "tal", "til": "tal", "tall": "tal",
    "deir": "dair", "dayr": "dair", "der": "dair", "deyr": "dair",
    "ayn": "ain", "ein": "ain", "aïn": "ain",
    "abo": "abu", "abou": "abu", "aboo": "abu",
    "jebel": "jabal", "jabel": "jabal", "jbel": "jabal", "mount": "jabal",
    "sheikh": "shaikh", "shaykh": "shaikh", "sheik": "shaikh", "shekh": "shaikh", "cheikh": "shaikh",
    "khirbet": "khirbat", "kherbet": "khirbat", "khirbit": "khirbat",
    "kilometre": "km", "kilometer": "km", "kilometres": "km", "kilometers": "km", "kms": "km",
    "road": "highway", "motorway": "highway",
    "syrian": "syria", "iraqi": "iraq", "turkish": "turkey", "jordanian": "jordan",
    "borders": "border", "neighborhood": "neighbourhood", "fields": "field", "oilfield": "field",
    "oilfields": "field", "gasfield": "field", "gasfields": "field", "deserts": "desert", "bases": "base",
    "areas": "area", "villages": "village", "towns": "town", "camps": "camp", "provinces": "province",
    "airbase": "airport", "airfield": "airport",
}
_VOWELS = frozenset("aiu")
# Words that say what kind of place follows or precedes a name, dropped for the second-chance key.
_GENERIC_TAIL = frozenset({
    "village", "town", "city", "base", "field", "oil", "gas", "crossing", "border", "countryside",
    "camp", "dam", "area", "region", "district", "subdistrict", "neighbourhood", "garrison", "airport",
    "air", "military", "plant", "facility", "barracks", "outskirts", "vicinity", "environs", "suburbs",
    "refugee", "displacement", "station", "headquarters", "site", "hills", "farms", "desert",
})
_GENERIC_HEAD = frozenset({
    "east", "west", "north", "south", "eastern", "western", "northern", "southern", "northeast",
    "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
    "southwestern", "central", "rural", "greater", "outskirts", "vicinity", "of", "in", "near",
    "countryside", "village", "town", "city", "area", "the",
})
_OF_PATTERN = re.compile(
    r"^(?:the\s+)?(?:(?:north|south|east|west|central|rural)[a-z]*[\s-]*)*"
    r"(village|town|city|area|desert|countryside|region|province|governorate|outskirts|vicinity|district|"
    r"camp|base|field|oil field|gas field|dam|crossing)\s+of\s+(?:the\s+)?(.+)$",
    re.IGNORECASE,
)
_BETWEEN_PATTERN = re.compile(
    r"^(?:the\s+)?(highway|road|route)\s+(?:between|linking|from)\s+(.+?)\s+(?:and|to)\s+(.+)$", re.IGNORECASE,
)


def _tokens(text: str) -> list[str]:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_DOTLESS))
        text = "".join(c for c in text if not unicodedata.combining(c))
    tokens = [t for t in _SEPARATORS.split(text.casefold().translate(_QUOTES)) if t]
    last = len(tokens) - 1
    return [_word(tok, i > 0) for i, tok in enumerate(tokens) if not (tok in _ARTICLES and i < last)]


@lru_cache(maxsize=16384)
def _word(tok: str, inner: bool) -> str:
    tok = _TOKEN_SYNONYMS.get(tok, tok)
    if inner and len(tok) > 4 and _GLUED_ARTICLE.match(tok):
        tok = tok[2:]  # "ezzor" -> "zor": the vowel and one of the doubled letters
    return tok


_DOUBLED = re.compile(r"([a-z])\1+")
_DIGRAPHS = (("dj", "j"), ("ch", "sh"), ("ph", "f"), ("c", "k"), ("q", "k"), ("ou", "u"), ("oo", "u"),
             ("ee", "i"), ("o", "u"))


@lru_cache(maxsize=16384)
def _fold_token(tok: str) -> str:
    """Spelling-level folding of one word; both sides of every comparison go through it."""
    for a, b in _DIGRAPHS:
        tok = tok.replace(a, b)
    tok = _DOUBLED.sub(r"\1", tok)
    # Final -eh / -e is the Arabic feminine ending (Hasakeh = Hasakah); only then e -> i.
    if tok.endswith("eh"):
        tok = tok[:-2] + "a"
    elif tok.endswith("e"):
        tok = tok[:-1] + "a"
    tok = tok.replace("e", "i")
    # y is a vowel unless it stands between vowels or starts the word before one (Mayadin, Yarubiyah).
    if "y" in tok:
        chars = list(tok)
        for i, c in enumerate(chars):
            if c == "y":
                prev_vowel = i == 0 or chars[i - 1] in _VOWELS
                next_vowel = i + 1 < len(chars) and chars[i + 1] in _VOWELS
                if not (prev_vowel and next_vowel):
                    chars[i] = "i"
        tok = re.sub(r"iy(?=[aiu])", "i", "".join(chars))
    if len(tok) > 3 and tok.endswith("h") and tok[-2] in _VOWELS:
        tok = tok[:-1]
    return tok


def _join(tokens: list[str]) -> str:
    # Words are folded one by one (cached); only a letter doubled across a word boundary is left to merge.
    out = ""
    for tok in tokens:
        folded = _fold_token(tok)
        if out and folded and out[-1] == folded[0] and folded[0].isalpha():
            folded = folded[1:]
        out += folded
    return out


@lru_cache(maxsize=65536)
def _keys(text: str) -> tuple[str, str]:
    tokens = _tokens(text)
    full = _join(tokens)
    start, stop = 0, len(tokens)
    while stop - start > 1 and tokens[stop - 1] in _GENERIC_TAIL:
        stop -= 1
    while stop - start > 1 and tokens[start] in _GENERIC_HEAD:
        start += 1
    return full, full if (start, stop) == (0, len(tokens)) else _join(tokens[start:stop])


# Sites named after the place they stand by ("X airport", "X base"): a bare "X" is the village or town, so
# the second-chance lookup (generic words dropped) never turns a bare name into one of these.
_NAMED_AFTER_A_PLACE = frozenset({"airport", "base"})


def last_word_key(text: str) -> str:
    """The folded last word of a name: a cheap first test before a whole run of words is folded."""
    tokens = _tokens(text)
    return _fold_token(tokens[-1]) if tokens else ""


_SKELETON_DROP = re.compile(r"[aeiouyhw]")


def skeleton_key(text: str) -> str:
    """Each word's first letter and consonants, on the folded spelling ("Saraqab" and "Saraqib" -> "srkb",
    "Bait Jan" and "Beit Jinn" -> "bt jn"): what survives the vowels that transliterations disagree on."""
    out = []
    for tok in _tokens(text):
        w = _fold_token(tok)
        if w:
            out.append(_DOUBLED.sub(r"\1", w[0] + _SKELETON_DROP.sub("", w[1:])))
    return " ".join(out)


def place_key(text: str) -> str:
    """The folded key of a place name, keeping generic words ("Al-Shaddadi base" != "Al-Shaddadi")."""
    return _keys(text)[0]


def core_key(text: str) -> str:
    """The folded key with generic words stripped ("eastern Al-Mayadeen countryside" -> Al-Mayadin)."""
    return _keys(text)[1]


def _variants(text: str) -> list[str]:
    """The span itself, then readings of parentheses, slashes, "X of Y" and "road between A and B"."""
    text = " ".join(text.split())
    out = [text]
    if "(" in text and ")" in text:
        outside = re.sub(r"\s*\([^)]*\)\s*", " ", text).strip()
        inside = re.findall(r"\(([^)]*)\)", text)
        out += [outside, *inside]
    if "/" in text:
        out += [p.strip() for p in text.split("/") if p.strip()]
    m = _OF_PATTERN.match(text)
    if m:
        out.append(f"{m.group(2)} {m.group(1)}")
    m = _BETWEEN_PATTERN.match(text)
    if m:
        a, b = m.group(2), m.group(3)
        out += [f"{a}-{b} highway", f"{b}-{a} highway"]
    return out


def _starts_with_article(text: str) -> bool:
    first = _SEPARATORS.split(text.strip().casefold().translate(_QUOTES), 1)[0]
    return first in _ARTICLES and first != "the" and len(text.split()) + text.count("-") > 1


def _read(path: Path, source: str) -> list[Place]:
    places: list[Place] = []
    names: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            place = _parse_line(line, path, lineno, source)
            if place.name in names:
                raise ValueError(f"{path}, line {lineno}: duplicate name {place.name!r} "
                                 f"(first on line {names[place.name]})")
            names[place.name] = lineno
            places.append(place)
    return places


def _completion_score(query: str, choice: str, **_: object) -> float:
    """Edit similarity, raised when the query begins the name (typing "Shadd" finds Al-Shaddadi)."""
    from rapidfuzz import fuzz

    score = fuzz.ratio(query, choice)
    if len(query) >= 3 and choice.startswith(query):
        score = max(score, 85.0 + 15.0 * len(query) / len(choice))
    return score


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------
def _default_path() -> Path:
    from annotator.paths import resources_dir

    return resources_dir() / "gazetteer.jsonl"


def _geonames_path() -> Path:
    from annotator.paths import resources_dir

    return resources_dir() / "gazetteer_geonames.jsonl"


def _variants_path() -> Path:
    from annotator.paths import resources_dir

    return resources_dir() / "gazetteer_variants.json"


def _read_variants(path: Path) -> dict[str, list[str]]:
    try:
        table = json.loads(path.read_text(encoding="utf-8"))["variants"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a variants table ({exc})") from None
    if not isinstance(table, dict) or not all(isinstance(v, list) and all(isinstance(f, str) for f in v)
                                              for v in table.values()):
        raise ValueError(f"{path}: variants must map a name to a list of spellings")
    return table


def _parse_line(line: str, path: Path, lineno: int, source: str = "curated") -> Place:
    where = f"{path}, line {lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: expected a JSON object")
    missing = [k for k in _REQUIRED if k not in obj]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    name, aliases, kind = obj["name"], obj["aliases"], obj["kind"]
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{where}: name must be a non-empty string")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError(f"{where}: aliases must be a list of non-empty strings")
    if kind not in KINDS:
        raise ValueError(f"{where}: unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    if obj["country"] not in COUNTRIES:
        raise ValueError(f"{where}: unknown country {obj['country']!r}")
    if not isinstance(obj["admin1"], str) or not obj["admin1"]:
        raise ValueError(f"{where}: admin1 must be a non-empty string")
    try:
        lat, lon = float(obj["lat"]), float(obj["lon"])
    except (TypeError, ValueError):
        raise ValueError(f"{where}: lat and lon must be numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{where}: coordinates out of range ({lat}, {lon})")
    return Place(name, tuple(aliases), kind, obj["admin1"], obj["country"], lat, lon,
                 bool(obj.get("approximate", False)), int(obj.get("population") or 0),
                 bool(obj.get("cue_only", False)), source)


@dataclass
class Gazetteer:
    places: list[Place]
    _by_key: dict[str, Place] = field(default_factory=dict, repr=False)
    _by_core: dict[str, Place] = field(default_factory=dict, repr=False)
    _by_name: dict[str, Place] = field(default_factory=dict, repr=False)
    _fuzzy_keys: list[str] = field(default_factory=list, repr=False)
    _fuzzy_places: list[Place] = field(default_factory=list, repr=False)
    # keys that name more than one place: every candidate, in preference order
    _ambiguous: dict[str, list[Place]] = field(default_factory=dict, repr=False)
    # keys some form gives without a leading article: "Omar" may name Al-Omar only after a cue
    _bare: set[str] = field(default_factory=set, repr=False)
    # keys only another spelling of one word gives: a place only after a cue
    _after_cue: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        for place in self.places:
            self._by_name.setdefault(place.name, place)
            for form in place.surface_forms:
                key = place_key(form)
                if not key:
                    continue
                if not _starts_with_article(form):
                    self._bare.add(key)
                first = self._by_key.setdefault(key, place)
                if first is not place:
                    group = self._ambiguous.setdefault(key, [first])
                    if place not in group:
                        group.append(place)
        order = {id(p): i for i, p in enumerate(self.places)}
        for key, group in self._ambiguous.items():
            group.sort(key=lambda p: (p.source != "curated", -p.population, order[id(p)]))
            self._by_key[key] = group[0]
        # Other spellings never override a name or alias of any place: a key of their own only.
        for place in self.places:
            for form in place.variants:
                key = place_key(form)
                if key and key not in self._by_key:
                    self._by_key[key] = place
                    if len(_tokens(form)) > 1:  # articles aside: "Al Sham" is one word ("Al Sham Corps")
                        self._bare.add(key)
                    else:
                        self._after_cue.add(key)
        # Second-chance keys never override a full key ("Al-Shaddadi base" keeps its own place).
        for place in self.places:
            for form in place.surface_forms:
                core = core_key(form)
                if core and core not in self._by_key:
                    self._by_core.setdefault(core, place)
        seen: set[tuple[str, str]] = set()
        for place in self.places:
            for form in place.surface_forms:
                key = place_key(form)
                if (key, place.name) not in seen:
                    seen.add((key, place.name))
                    self._fuzzy_keys.append(key)
                    self._fuzzy_places.append(place)

    @classmethod
    def load(cls, path: str | Path | None = None, geonames: str | Path | None = None,
             variants: str | Path | None = None) -> "Gazetteer":
        """The curated file (resources/gazetteer.jsonl unless `path` is given) and, under it, the GeoNames tier
        (resources/gazetteer_geonames.jsonl when `path` is not given, else only if `geonames` names one), with
        the GeoNames spellings of curated places (resources/gazetteer_variants.json, likewise)."""
        if path is None:
            path = _default_path()
            geonames = geonames if geonames is not None else _geonames_path()
            variants = variants if variants is not None else _variants_path()
        places = _read(Path(path), "curated")
        if variants is not None and Path(variants).exists():
            extra = _read_variants(Path(variants))
            places = [dataclasses.replace(p, variants=tuple(extra[p.name])) if p.name in extra else p
                      for p in places]
        if geonames is not None and Path(geonames).exists():
            taken = {p.name for p in places}
            places += [p for p in _read(Path(geonames), "geonames") if p.name not in taken]
        return cls(places)

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self):
        return iter(self.places)

    def get(self, name: str) -> Place | None:
        """The place with this exact canonical name."""
        return self._by_name.get(name)

    def governorate(self, admin1: str) -> Place | None:
        """The governorate (or region) entry whose admin1 is `admin1`."""
        for place in self.places:
            if place.kind == "governorate" and place.admin1 == admin1:
                return place
        return None

    def lookup(self, text: str, admin1: str | None = None) -> Place | None:
        """The place a span names, or None. Exact on the folded key; generic words are a second chance.
        When the name is ambiguous, the candidate in governorate `admin1` (the text's area) wins."""
        candidates = self.candidates(text)
        if not candidates:
            return None
        if admin1 and len(candidates) > 1:
            for place in candidates:
                if place.admin1 == admin1:
                    return place
        return candidates[0]

    def candidates(self, text: str) -> list[Place]:
        """Every place the span may name, preferred first (curated, then the most populous)."""
        if not text or not text.strip():
            return []
        variants = _variants(text)
        for variant in variants:
            key = place_key(variant)
            place = self._by_key.get(key)
            if place is not None:
                return list(self._ambiguous.get(key, (place,)))
        for variant in variants:
            core = core_key(variant)
            place = self._by_key.get(core)
            if place is not None:
                return list(self._ambiguous.get(core, (place,)))
            place = self._by_core.get(core)
            if place is not None and not (place.kind in _NAMED_AFTER_A_PLACE and core == place_key(variant)):
                return [place]
        place = self._by_skeleton(text)
        return [place] if place is not None else []

    # a skeleton this short ("tl", "km") matches too much by chance
    _MIN_SKELETON = 4

    def _by_skeleton(self, text: str) -> Place | None:
        """The one Syrian place whose name, vowels aside, is written the same ("Teftnaz" for Taftanaz),
        word for word; None when several are, or the name has fewer than four consonants. A last resort, for a
        name after a cue only (never for a capitalised run found without one)."""
        skel = skeleton_key(text)
        if len(skel.replace(" ", "")) < self._MIN_SKELETON:
            return None
        index = self.__dict__.get("_skeletons")
        if index is None:
            index = {}
            for place in self.places:
                for form in (*place.surface_forms, *place.variants):
                    k = skeleton_key(form)
                    if k:
                        index.setdefault(k, set()).add(place)
            index = {k: next(iter(v)) for k, v in index.items() if len(v) == 1}
            self.__dict__["_skeletons"] = index
        place = index.get(skel)
        return place if place is not None and place.country == "Syria" else None

    def named(self, text: str) -> list[Place]:
        """Places whose name the span is, exactly (folded spelling, no generic words dropped, no "X of Y"
        readings): for names found without a cue, where a looser reading would turn "Western" into
        "Western dam". A bare "Omar" does not name Al-Omar here (a person's name); "Al-Omar" does."""
        key = place_key(text)
        place = self._by_key.get(key)
        if place is None or key in self._after_cue or (key not in self._bare and not _starts_with_article(text)):
            return []
        return list(self._ambiguous.get(key, (place,)))

    def last_words(self) -> set[str]:
        """last_word_key of every form (and without its first letter, which _join may merge away)."""
        out: set[str] = set()
        for place in self.places:
            for form in (*place.surface_forms, *place.variants):
                w = last_word_key(form)
                out.update((w, w[1:]))
        return out

    def is_ambiguous(self, text: str) -> bool:
        return len(self.candidates(text)) > 1

    def fuzzy(self, text: str, limit: int = 5, score_cutoff: float = 60.0) -> list[tuple[Place, float]]:
        """Best-matching places for a misspelt or partly typed name, best first, one entry per place."""
        from rapidfuzz import process  # imported on first use: keeps loading the gazetteer fast

        key = place_key(text)
        if not key:
            return []
        hits = process.extract(key, self._fuzzy_keys, scorer=_completion_score, limit=limit * 8,
                               score_cutoff=score_cutoff)
        best: dict[str, tuple[Place, float]] = {}
        for _, score, index in hits:
            place = self._fuzzy_places[index]
            if place.name not in best or score > best[place.name][1]:
                best[place.name] = (place, float(score))
        return sorted(best.values(), key=lambda pair: (-pair[1], pair[0].name))[:limit]

    def admin2_estimate(self, place: Place) -> str:
        """An estimate of the Syrian district of a place: the district whose seat lies nearest in its
        governorate (resources/gazetteer_districts.json). Wrong near district borders (Tal Tamr lies nearer
        Ras al-Ain but belongs to Al-Hasakah district), so it is a hint for a reviewer, never exported; ""
        outside Syria or for a governorate, region or road."""
        if place.country != "Syria" or place.kind in ("governorate", "region", "road", "river", "country",
                                                      "border"):
            return ""
        seats = self._seats().get(place.admin1, ())
        best, best_d = "", float("inf")
        for district, seat in seats:
            d = (seat.lat - place.lat) ** 2 + ((seat.lon - place.lon) * 0.82) ** 2  # cos(35°)
            if d < best_d:
                best, best_d = district, d
        return best

    def _seats(self) -> dict[str, list[tuple[str, Place]]]:
        seats = self.__dict__.get("_seat_cache")
        if seats is None:
            from annotator.paths import resources_dir

            path = resources_dir() / "gazetteer_districts.json"
            table = json.loads(path.read_text(encoding="utf-8"))["districts"] if path.exists() else {}
            seats = {a: [(d, self._by_name[n]) for d, n in rows if n in self._by_name] for a, rows in table.items()}
            self.__dict__["_seat_cache"] = seats
        return seats

    def curated(self) -> list[Place]:
        """Our own entries (phrase-matched as written); the GeoNames tier is found by key."""
        return [p for p in self.places if p.source == "curated"]

    def names(self) -> list[str]:
        """Canonical names, sorted, for completion lists."""
        return sorted(self._by_name)

    def surface_forms(self) -> list[str]:
        """Every canonical name and alias as written, for phrase patterns (duplicates removed)."""
        seen: dict[str, None] = {}
        for place in self.places:
            for form in place.surface_forms:
                seen.setdefault(form, None)
        return list(seen)
