"""Places found without a cue (by key, GeoNames tier included), names with inner articles, the report's area
for an ambiguous name, and the location rules that come with them. Texts are our own."""
import json

import pytest
import spacy

import annotator.nlp.actors_component  # noqa: F401
import annotator.nlp.places  # noqa: F401
from annotator.nlp.config import load_json
from annotator.nlp.places import LocationChooser, load_gazetteer


def _nlp(gazetteer_path=""):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("annotator_actors")
    nlp.add_pipe("annotator_places", config={"gazetteer_path": gazetteer_path})
    return nlp


@pytest.fixture(scope="module")
def nlp():
    return _nlp()


def found(nlp, text):
    return [(sp.text, sp._.place.name if sp._.place is not None else None) for sp in nlp(text)._.places]


def test_a_geonames_village_is_found_without_a_cue(nlp):
    hits = dict(found(nlp, "Artillery shells landed on Ayn Halaqim overnight."))
    assert hits.get("Ayn Halaqim") == "Ayn Halaqim"
    assert load_gazetteer().get("Ayn Halaqim").admin1 == "Hama"


def test_a_spelling_variant_without_a_cue_resolves(nlp):
    hits = dict(found(nlp, "Clashes broke out at dawn; Dayr az Zawr stayed calm."))
    assert hits.get("Dayr az Zawr") == "Deir ez-Zor"


def test_lower_case_articles_stay_inside_a_name(nlp):
    assert ("Tall al Zaytun", None) in found(nlp, "A mine exploded in Tall al Zaytun on Monday.")
    assert ("al-Qusairat", None) in found(nlp, "Two men were shot near al-Qusairat yesterday.")


def test_english_words_that_are_articles_too_join_only_with_a_hyphen(nlp):
    hits = [t for t, _ in found(nlp, "Shells fell in Umm Zahrah as Syrian forces advanced.")]
    assert "Umm Zahrah" in hits and not any(" as " in t for t in hits)
    assert ("as-Sawwanah", None) in found(nlp, "A car bomb went off in as-Sawwanah.")


def test_a_spaced_hyphen_separates_two_places(nlp):
    hits = [t for t, _ in found(nlp, "A patrol passed along the Kafr Alpha - Kafr Beta road.")]
    assert "Kafr Alpha" not in hits or "Kafr Alpha - Kafr Beta" not in hits
    assert "Kafr Alpha - Kafr Beta" not in hits


def test_names_that_are_not_places_without_a_cue(nlp):
    # a person's name that folds like a base written with its article, a word that is also an Iraqi town,
    # a nationality that is a Turkish village's name
    assert found(nlp, "The statement was read by Omar to the press.") == []
    assert found(nlp, "Hit by a drone, the car burned.") == []
    assert found(nlp, "Uzbek fighters joined the group.") == []
    assert dict(found(nlp, "Gunmen attacked a checkpoint in Hit.")).get("Hit") == "Hit"


def test_an_ambiguous_name_takes_the_governorate_of_its_paragraph(tmp_path):
    rows = [
        {"name": "Kafr Zeta (Idlib)", "aliases": ["Kafr Zeta"], "kind": "village", "admin1": "Idlib",
         "country": "Syria", "lat": 35.9, "lon": 36.6},
        {"name": "Kafr Zeta (Daraa)", "aliases": ["Kafr Zeta"], "kind": "village", "admin1": "Daraa",
         "country": "Syria", "lat": 32.8, "lon": 36.1},
        {"name": "Saraqib", "aliases": [], "kind": "town", "admin1": "Idlib", "country": "Syria",
         "lat": 35.86, "lon": 36.8},
        {"name": "Nawa", "aliases": [], "kind": "town", "admin1": "Daraa", "country": "Syria",
         "lat": 32.89, "lon": 36.04},
    ]
    path = tmp_path / "gaz.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    nlp = _nlp(str(path))
    text = ("Shelling hit Saraqib in the morning. Later, drones struck Kafr Zeta.\n\n"
            "In the south, gunmen killed a man in Nawa. A mine went off in Kafr Zeta.")
    names = [name for t, name in found(nlp, text) if t == "Kafr Zeta"]
    assert names == ["Kafr Zeta (Idlib)", "Kafr Zeta (Daraa)"]


# ---------------------------------------------------------------------------------------------
# Location choice
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chooser():
    return LocationChooser(load_json("", "places.json"), load_json("", "events.json"), load_gazetteer())


def pick(nlp, chooser, text, event_type="airstrike", direction=None):
    doc = nlp(text)
    return chooser.choose(chooser.mentions(doc, doc._.places), event_type, direction)


def test_a_convoy_from_iraqi_kurdistan_keeps_the_route_as_written_without_coordinates(nlp, chooser):
    m = pick(nlp, chooser, "A convoy of 30 trucks came from Kurdistan Region of Iraq on Sunday.", "convoy",
             "entering")
    assert m.text == "Kurdistan Region of Iraq"
    assert m.place is None  # never Iraqi coordinates on an event exported as Syria


def test_an_unknown_border_crossing_locates_an_entering_convoy(nlp, chooser):
    m = pick(nlp, chooser, "Turkish reinforcements reached Idlib after entering via Kafr Wizzab border crossing.",
             "convoy", "entering")
    assert m.text == "Kafr Wizzab" and m.kind == "crossing"


def test_where_fighters_come_from_is_not_where_they_fought(nlp, chooser):
    m = pick(nlp, chooser, "Fighters from Al-Mayadeen clashed with a rival group in the town of Al-Busayrah.",
             "attack_other")
    assert m.text == "Al-Busayrah"
    m = pick(nlp, chooser, "Warplanes struck positions stretching from Al-Mayadeen to Al-Bukamal in Deir ez-Zor.")
    assert m.text == "Al-Mayadeen"


def test_a_governorate_is_written_without_province(nlp, chooser):
    m = pick(nlp, chooser, "Regime forces sent reinforcements to Homs province.", "convoy", "internal")
    assert m.text == "Homs" and m.place.kind == "governorate"


def test_a_patrol_is_located_where_it_toured(nlp, chooser):
    text = "The patrol set off from the base in Tal Tamr and toured Umm Zahrah and Kafr Zeta villages."
    assert pick(nlp, chooser, text, "patrol").text == "Umm Zahrah"
    assert pick(nlp, chooser, "The patrol set off from the base in Tal Tamr towards the border.",
                "patrol").text == "Tal Tamr"


def test_a_name_before_front_or_base_is_proposed(nlp, chooser):
    assert ("Kafr Wizzab", None) in found(nlp, "Clashes raged on the Kafr Wizzab front overnight.")
    m = pick(nlp, chooser, "Fighting went on along the Kafr Wizzab frontline in Idlib countryside.", "attack_other")
    assert m.text == "Kafr Wizzab"


def test_a_neighbourhood_in_a_city_gives_the_city(nlp, chooser):
    m = pick(nlp, chooser, "A grenade was thrown at a shop in Al-Wizzab neighbourhood in Al-Mayadeen city.",
             "attack_other")
    assert m.text == "Al-Mayadeen"
    # ... but a camp only when the text says the town contains it
    m = pick(nlp, chooser, "Guards raided a tent in Umm Zahrah camp in Al-Hasakah.", "security_operation")
    assert m.text == "Umm Zahrah"
    m = pick(nlp, chooser, "A depot in Umm Zahrah camp in the area between Homs and Palmyra was hit.")
    assert m.text == "Umm Zahrah"


def test_the_countryside_or_part_of_a_place_is_not_a_reference_point(nlp, chooser):
    m = pick(nlp, chooser, "Artillery shelled several villages in the western countryside of Tal Abyad.", "shelling")
    assert m.text == "Tal Abyad"
    m = pick(nlp, chooser, "Gunmen opened fire in the eastern part of Al-Bab city.", "attack_other")
    assert m.text == "Al-Bab"
    # "north of X" and "south of the X" only point at something else; alone, they say the event lies near X
    m = pick(nlp, chooser, "A mine exploded 5 km north of Al-Bab.", "attack_other")
    assert (m.text, m.via, m.place.name) == ("Al-Bab", "near", "Al-Bab")
    m = pick(nlp, chooser, "A drone struck a car south of the Green Village base, in Al-Busayrah.", "drone_strike")
    assert m.text == "Al-Busayrah"


def test_a_listed_form_takes_the_whole_name_as_written(nlp):
    assert found(nlp, "Explosions shook al Tabqa overnight.") == [("al Tabqa", "Al-Tabqah")]
    assert found(nlp, "A shell hit Busra Esh-Sham at dawn.") == [("Busra Esh-Sham", "Busra al-Sham")]
    # an English word before a name is never taken as its article
    assert found(nlp, "Troops gathered at Al-Tabqah.") == [("Al-Tabqah", "Al-Tabqah")]


def test_the_province_of_a_victims_home_town_is_not_the_place_either(nlp, chooser):
    text = "A man from Ayn Halaqim in Hama province died under torture in Saydnaya prison."
    assert pick(nlp, chooser, text, "attack_other").text == "Saydnaya prison"


def test_a_name_after_over_is_proposed(nlp):
    assert ("Wadi Zahrah Plain", None) in found(nlp, "A drone was shot down over Wadi Zahrah Plain.")


def test_a_village_the_text_puts_in_another_governorate_stays_unresolved(nlp):
    # the gazetteer's Ayn Halaqim lies in Hama: a namesake "in Daraa" is not given its coordinates
    assert ("Ayn Halaqim", None) in found(nlp, "Shells hit Ayn Halaqim in Daraa countryside.")
    assert ("Ayn Halaqim", "Ayn Halaqim") in found(nlp, "Shells hit Ayn Halaqim in Hama countryside.")


def test_a_name_the_text_calls_a_neighbourhood_is_not_the_site_of_that_name(nlp):
    # "Tishrin" is a dam the gazetteer knows; "Tishrin neighbourhood" is part of a town
    assert found(nlp, "Rockets fell near Tishrin Dam.")[0][1] == "Tishrin Dam"
    assert ("Tishrin", None) in found(nlp, "Gunmen raided a house in Tishrin neighbourhood of a town.")
