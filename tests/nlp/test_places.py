"""The places component alone (gazetteer phrases and unresolved names after cues), and location choice."""
import pytest
import spacy

import annotator.nlp.actors_component  # noqa: F401
import annotator.nlp.places  # noqa: F401
from annotator.nlp.config import load_json
from annotator.nlp.places import LocationChooser, load_gazetteer



def places(nlp, text):
    return [(sp.text, sp._.place.name if sp._.place is not None else None) for sp in nlp(text)._.places]


def test_gazetteer_names_and_aliases(places_nlp):
    found = places(places_nlp, "A convoy entered via Semalka crossing and headed to Al-Hasakah city.")
    names = dict(found)
    assert names.get("Semalka crossing") == "Semalka"
    assert any(p == "Al-Hasakah" for _, p in found)


def test_spelling_variant_resolves_through_the_gazetteer(places_nlp):
    # written in neither the name nor an alias form: folding finds it
    found = places(places_nlp, "The patrol left the base in Tall Baydar at noon.")
    assert found and found[0][1] == "Tal Baydar"


def test_unknown_name_after_a_cue_is_proposed_unresolved(places_nlp):
    found = places(places_nlp, "Gunmen opened fire in the village of Umm Zahrah last night.")
    assert ("Umm Zahrah", None) in found


def test_name_inside_an_actor_is_not_a_place(places_nlp):
    found = places(places_nlp, "Jaysh Maghawir Al-Thawra held drills near the 55-kilometre zone.")
    assert all("Thawra" not in text for text, _ in found)


def test_demonyms_are_not_proposed_and_countries_stay_countries(places_nlp):
    doc = places_nlp("Trucks came in Syria from the Syrian side.")
    assert [sp.text for sp in doc._.places if sp._.place is None] == []
    assert all(sp._.place.kind == "country" for sp in doc._.places)


@pytest.fixture(scope="module")
def chooser():
    return LocationChooser(load_json("", "places.json"), load_json("", "events.json"), load_gazetteer())


def choose(nlp, chooser, text, event_type="airstrike", direction=None):
    doc = nlp(text)
    mentions = chooser.mentions(doc, doc._.places)
    pick = chooser.choose(mentions, event_type, direction)
    return pick.text if pick else None


def test_generic_words_are_stripped(places_nlp, chooser):
    assert choose(places_nlp, chooser, "A raid in Al-Busayrah town in Deir ez-Zor countryside.") == "Al-Busayrah"


def test_a_place_that_contains_a_generic_word_keeps_it(places_nlp, chooser):
    assert choose(places_nlp, chooser, "A rocket fell near the Green Village base.", "rocket_attack") == "Green Village"


def test_reference_points_are_not_the_location(places_nlp, chooser):
    assert choose(places_nlp, chooser, "A drone hit a car north of Al-Hasakah, in Tal Tamr.") == "Tal Tamr"


def test_several_places_in_one_town_give_the_town(places_nlp, chooser):
    text = "Helicopters fired near Al-Kornish, Al-Tanmiyah Al-Rifiyah and Dawwar Al-Taybah in Al-Mayadeen city."
    assert choose(places_nlp, chooser, text) == "Al-Mayadeen"


def test_rocket_attack_is_located_at_the_base(places_nlp, chooser):
    text = "Rockets were fired from Al-Mayadeen at the base in Al-Omar oil field."
    assert choose(places_nlp, chooser, text, "rocket_attack") == "Al-Omar oil field"


def test_convoy_entering_is_located_at_the_crossing(places_nlp, chooser):
    text = "The convoy headed to Al-Shaddadi after it entered through Al-Waleed crossing."
    assert choose(places_nlp, chooser, text, "convoy", "entering") == "Al-Waleed"


def test_convoy_inside_syria_is_located_at_its_destination(places_nlp, chooser):
    text = "Reinforcements moved from Al-Shaddadi base to the base in Conoco gas field."
    assert choose(places_nlp, chooser, text, "convoy", "internal") == "Conoco gas field"


def test_a_name_before_village_is_proposed(places_nlp):
    assert ("Umm Zahrah", None) in places(places_nlp, "Residents of Umm Zahrah village protested.")


def test_a_fresh_component_reads_a_widened_name_in_its_first_document():
    """The first document may widen a gazetteer name ("Al-Shadady City") before anything else has read the
    string store: that once raised AttributeError on a one-line report."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("annotator_actors")
    nlp.add_pipe("annotator_places")
    found = places(nlp, "Blasts were heard in Al-Shadady City at dawn.")
    assert [p for _, p in found] == ["Al-Shaddadi"], found


def test_a_road_named_after_its_two_ends_is_one_road(places_nlp):
    """"A-B highway" and "A - al B road" name a road, not the town A; a known road keeps its entry, and a
    hyphen inside one name ("Deir ez-Zor", "al-Bab") joins nothing."""
    found = places(places_nlp, "Patrols moved along the Homs-Tadmur highway near the checkpoint.")
    assert found == [("Homs-Tadmur highway", None)]
    found = places(places_nlp, "Gunmen fired at a car on Kafr Zita - al Bab road at dawn.")
    assert found == [("Kafr Zita - al Bab road", None)]
    found = places(places_nlp, "A truck overturned on the Homs-Deir Ezzor road on Friday.")
    assert found == [("Homs-Deir Ezzor road", "Homs-Deir ez-Zor highway")]
    found = places(places_nlp, "A mine exploded on the al-Bab road near the town.")
    assert ("al-Bab", "Al-Bab") in found


def test_a_road_of_two_ends_is_a_road_for_the_location_chooser(places_nlp):
    doc = places_nlp("Gunmen fired at a car on the Homs-Tadmur highway at dawn.")
    chooser = LocationChooser(load_json("", "places.json"), load_json("", "events.json"), load_gazetteer())
    mentions = chooser.mentions(doc, doc._.places)
    assert [m.kind for m in mentions] == ["road"]


def test_a_place_the_text_puts_in_another_governorate_is_not_the_gazetteers(places_nlp):
    """"X area near Y village in Z countryside": Z is the governorate the text gives X. A reading of X in
    another governorate gives way to one in Z, else X stays unresolved; a region or country says nothing."""
    found = places(places_nlp, "A mine exploded in Sinjar area near Umm Zahrah village in Hama countryside.")
    assert found[0] == ("Sinjar", None)
    found = places(places_nlp, "Shelling hit Sinjar in the southern countryside of Idlib.")
    assert found[0] == ("Sinjar", None)
    found = places(places_nlp, "Gunmen attacked a checkpoint near Sinjar in northern Iraq.")
    assert found[0] == ("Sinjar", "Sinjar")
    hama = "Troops massed in Hama and in Hama countryside on Monday. "
    found = places(places_nlp, hama + "Shells fell on Suran area near Umm Zahrah village in Aleppo countryside.")
    assert ("Suran", "Suran") in found
    found = places(places_nlp, hama + "Shells fell on Suran in Hama countryside.")
    assert ("Suran", "Souran") in found
