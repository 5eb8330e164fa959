"""The place gazetteer: loading, spelling variants, corpus coverage and the sanity of its data."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from annotator.nlp.gazetteer import Gazetteer, Place, place_key

GOVERNORATES = {"Deir ez-Zor", "Al-Hasakah", "Ar-Raqqa", "Aleppo", "Homs", "Hama", "Idlib", "Damascus",
                "Rif Dimashq", "Daraa", "As-Suwayda", "Quneitra", "Latakia", "Tartus"}
# Rough country boxes: enough to catch swapped or mistyped coordinates.
BOXES = {"Syria": (32.3, 37.4, 35.6, 42.45), "Iraq": (29.0, 37.4, 38.7, 48.6),
         "Jordan": (29.1, 33.4, 34.9, 39.3), "Turkey": (35.8, 42.2, 25.6, 44.9)}
POINT_KINDS = {"city", "town", "village", "base", "oil_field", "gas_field", "crossing", "dam", "airport", "camp",
               "neighbourhood", "district"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_a_few_hundred_places_with_every_governorate(gaz):
    assert len(gaz) >= 300
    assert {p.admin1 for p in gaz if p.kind == "governorate"} == GOVERNORATES
    for admin1 in GOVERNORATES:
        assert gaz.governorate(admin1).kind == "governorate"
    assert {p.admin1 for p in gaz if p.country == "Syria"} <= GOVERNORATES | {"Syria"}


@pytest.mark.corpus
def test_every_gold_location_of_the_corpus_resolves(gaz, corpus_dir):
    locations = {e["location"] for f in sorted((corpus_dir / "gold").glob("*.json"))
                 for e in json.loads(f.read_text(encoding="utf-8"))["events"] if e["location"]}
    assert locations, "the gold files name no location"
    unresolved = sorted(loc for loc in locations if gaz.lookup(loc) is None)
    assert unresolved == []


@pytest.mark.parametrize("variants", [
    ["Deir Ezzor", "Deir ez-Zor", "Deir Al-Zour", "Deir al-Zor", "Dayr az-Zawr", "deir ezzor city", "DEIR EZ-ZOR"],
    ["Al-Hasakah", "Al-Hasakeh", "Hasaka", "Al Hassakah", "al-hasakah city"],
    ["Al-Shadady", "Al-Shaddadi", "Ash Shaddadah", "al-Shaddadi town", "Al-Shadady City"],
    ["Rmelan", "Rmilan", "Rumaylan", "Rmeilan"],
    ["Tel Baidar", "Tal Baydar", "Tell Beydar", "Tal Beder base", "Tel Baydar"],
    ["Koniko", "Conoco gas field", "Koniko gas field", "MSS Euphrates", "Conoco base", "Koniko field"],
    ["Al-Omar", "Al-Omar oil field", "al Omar oilfield", "Al-Omar base", "Al-Omar field"],
    ["Al-Tanf", "Al-Tanaf base", "Al-Tanf garrison", "At-Tanf", "Al-Tanaf area"],
    ["Al-Waleed", "Al-Walid crossing", "Al-Waleed border crossing", "Al-Walid"],
    ["Semalka", "Simalka crossing", "Fishkhabour crossing", "Faysh Khabur"],
    ["Kobani", "Kobane", "Ain al-Arab", "Ayn al-Arab (Kobani)", "Ain Al Arab (Kobane)", "Ain Al-Arab (Kobani)"],
    ["Al-Mayadin", "Al-Mayadeen", "Mayadeen city", "eastern Al-Mayadeen countryside"],
    ["Al-Bukamal", "Albu Kamal", "Abu Kamal", "Al-Boukamal"],
    ["Thiban", "Dhiban", "Diban"],
    ["Al-Busayrah", "Al-Basira", "Busaira"],
    ["Kurdistan Region of Iraq", "Kurdistan-Iraq region", "Kurdsitan-Iraq region", "Iraqi Kurdistan", "KRI"],
    ["55 kilometre de-confliction zone", "55-km zone", "55-kilometre zone", "55 km zone"],
    ["Tishrin Dam", "Teshrin Dam", "Tishreen dam"],
    ["Homs-Deir Ezzor highway", "highway between Homs and Deir Ezzor", "road between Deir ez-Zor and Homs"],
    ["Al-Hol camp", "Al-Hawl camp", "camp of Al-Hol"],
    ["Al-Dirbasiyah", "Derbasiyah", "Ad Darbasiyah", "Al-Darbasiyeh"],
    ["Palmyra", "Tadmur", "Tadmor"],
    ["Bza'a", "Baza’a town", "Bzaa"],
    ["Al-Takihi", "Al-Takihy village", "Al-Tkihi"],
    ["Sayran", "Al-Sairan", "Sayran village"],
])
def test_spelling_variants_resolve_to_one_place(gaz, variants):
    places = {v: gaz.lookup(v) for v in variants}
    assert None not in places.values(), [v for v, p in places.items() if p is None]
    assert len({p.name for p in places.values()}) == 1, {v: p.name for v, p in places.items()}


@pytest.mark.parametrize("a, b", [
    ("Deir Ezzor", "Deir ez-Zor"), ("Al-Mayadeen", "Al-Mayadin"), ("Al-Hasakeh", "Al-Hasakah"),
    ("Tel Baidar", "Tal Baydar"), ("Al-Baghouz", "Al-Baghuz"), ("Shaddadi", "Al-Shadady"),
    ("Ras al-Ayn", "Ras Al-Ain"), ("Ayyash", "Ayash"), ("Qamishly", "Al-Qamishli"), ("Hasakah province", "Hasaka province"),
])
def test_place_key_folds_transliteration_variants(a, b):
    assert place_key(a) == place_key(b)


@pytest.mark.parametrize("a, b", [
    ("Al-Shaddadi base", "Al-Shaddadi"), ("Ma'dan", "Al-Mayadin"), ("Tal Baydar", "Al-Baidar"),
    ("Deir ez-Zor province", "Deir ez-Zor"), ("Zur", "Deir ez-Zor"),
])
def test_place_key_keeps_different_places_apart(a, b):
    assert place_key(a) != place_key(b)


def test_generic_words_choose_the_right_entry(gaz):
    assert gaz.lookup("Al-Shadady base").kind == "base"
    assert gaz.lookup("Al-Shadady City").kind == "town"
    assert gaz.lookup("Deir Ezzor province").kind == "governorate"
    assert gaz.lookup("Deir Ezzor").kind == "city"
    assert gaz.lookup("village of Al-Falaha") == gaz.lookup("Al-Falaha")
    assert gaz.lookup("Al-Karamah district") == gaz.lookup("Al-Karamah")
    assert gaz.lookup("north of Al-Hasakah city") == gaz.lookup("Al-Hasakah")
    assert gaz.lookup("eastern countryside of Deir Ezzor") == gaz.lookup("Deir Ezzor")
    assert gaz.lookup("north-eastern desert of Deir ez-Zor").kind == "region"


@pytest.mark.parametrize("text", ["", "   ", "the village", "International Coalition", "Qaryat al-Nisyan",
                                  "Wadi Fictitious", "SDF-held areas"])
def test_unknown_names_stay_unresolved(gaz, text):
    assert gaz.lookup(text) is None


def test_fuzzy_finds_misspellings_and_prefixes(gaz):
    assert gaz.fuzzy("Mayadeeen")[0][0] == gaz.lookup("Al-Mayadin")
    assert gaz.fuzzy("Rmeilan oilfeild")[0][0] == gaz.lookup("Rmelan oil field")
    assert gaz.lookup("Al-Shaddadi") in [p for p, _ in gaz.fuzzy("Shadd", limit=3)]
    hits = gaz.fuzzy("Deir Ezor", limit=5)
    assert hits[0][0] == gaz.lookup("Deir ez-Zor")
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert len({p.name for p, _ in hits}) == len(hits)
    assert gaz.fuzzy("") == []


def test_coordinates_lie_inside_their_country(gaz):
    outside = []
    for p in gaz:
        south, north, west, east = BOXES[p.country]
        if not (south <= p.lat <= north and west <= p.lon <= east):
            outside.append((p.name, p.country, p.lat, p.lon))
    assert outside == []


def test_places_lie_near_their_governorate(gaz):
    far = []
    for p in gaz:
        if p.country == "Syria" and p.kind in POINT_KINDS:
            km = _km(p, gaz.governorate(p.admin1))
            if km > 220:
                far.append((p.name, p.admin1, round(km)))
    assert far == []


def test_no_spelling_maps_to_two_curated_places(gaz):
    """Our own entries never share a spelling; the GeoNames tier may (see test_gazetteer_tiers.py)."""
    owners: dict[str, set[str]] = {}
    for p in gaz.curated():
        for form in p.surface_forms:
            owners.setdefault(place_key(form), set()).add(p.name)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_names_and_surface_forms(gaz):
    names = gaz.names()
    assert names == sorted(names) and len(names) == len(gaz)
    forms = set(gaz.surface_forms())
    for p in gaz:
        assert set(p.surface_forms) <= forms
        assert gaz.get(p.name) is p


def test_explicit_path_loads_the_same_data(gaz):
    from annotator.paths import resources_dir

    again = Gazetteer.load(resources_dir() / "gazetteer.jsonl")
    assert [p.name for p in again] == [p.name for p in gaz.curated()]
    both = Gazetteer.load(resources_dir() / "gazetteer.jsonl", resources_dir() / "gazetteer_geonames.jsonl")
    assert [p.name for p in both] == [p.name for p in gaz]


GOOD = {"name": "Qaryat Test", "aliases": ["Qariyat Test"], "kind": "village", "admin1": "Homs",
        "country": "Syria", "lat": 34.5, "lon": 37.5}


@pytest.mark.parametrize("bad, message", [
    ("{not json", "not valid JSON"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "lat"}), "missing lat"),
    (json.dumps({**GOOD, "kind": "castle"}), "unknown kind"),
    (json.dumps({**GOOD, "country": "Atlantis"}), "unknown country"),
    (json.dumps({**GOOD, "lat": "north"}), "lat and lon"),
    (json.dumps({**GOOD, "aliases": "Qariyat"}), "aliases"),
    (json.dumps(GOOD), "duplicate name"),
])
def test_bad_files_name_the_file_and_line(tmp_path: Path, bad, message):
    path = tmp_path / "places.jsonl"
    path.write_text(json.dumps(GOOD) + "\n\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        Gazetteer.load(path)
    assert str(path) in str(err.value) and "line 3" in str(err.value)


def test_a_bare_name_is_not_the_airport_or_base_named_after_it():
    """Only "Qurmal airbase" is known: a bare "Qurmal" is the village, which the gazetteer does not know,
    never the airbase; the site's own name still finds it, and other kinds keep the second chance."""
    gaz = Gazetteer([
        Place("Qurmal airbase", ("Qurmal military airport",), "airport", "Hama", "Syria", 35.1, 36.7),
        Place("Sabkhat camp", (), "camp", "Ar-Raqqa", "Syria", 35.9, 38.9),
    ])
    assert gaz.candidates("Qurmal") == []
    assert gaz.lookup("al-Qurmal") is None
    assert gaz.lookup("Qurmal military airport").name == "Qurmal airbase"
    assert gaz.lookup("Qurmal airbase").name == "Qurmal airbase"
    assert gaz.lookup("Sabkhat").name == "Sabkhat camp"
