"""Geocoding through the enclosing place: an unresolved village, or a street/camp/hospital, that the text puts in
or next to a resolved town keeps its text as written and takes the town's name and point, as "near"; a governorate
alone gives only admin1; a road that sets the scene gives way to a town on it. Texts are our own (fictional
villages: none of them is in either gazetteer tier)."""
import pytest

from annotator.domain import Event
from annotator.export.acled_csv import GEO_PRECISION
from annotator.export.geo import export_place


def _only(run, text):
    events = [e for e in run(text).events if e.date]
    assert len(events) == 1, [(e.type, e.location) for e in events]
    return events[0]


@pytest.mark.parametrize("text, written, town", [
    ("On March 3, a farmer was killed when artillery shells hit Zarqoun village in rural Tal Abyad.",
     "Zarqoun", "Tal Abyad"),
    ("On March 4, two houses were damaged as mortar rounds hit the village of Habbousa in the western "
     "countryside of Ain Issa.",
     "Habbousa", "Ain Issa"),
    ("On March 5, gunmen shot dead a shepherd in Qarnafil near Al-Shaddadi.", "Qarnafil", "Al-Shaddadi"),
    ("On March 6, a car bomb exploded in Bustan street of Afrin city, killing 3 civilians.", "Bustan", "Afrin"),
    ("On March 9, a roadside bomb exploded next to Nour hospital in the town of Kafr Batna, killing 2 people.",
     "Nour", "Kafr Batna"),
    ("On March 10, gunmen killed a man in Mashtal camp on the outskirts of Al-Bab.", "Mashtal", "Al-Bab"),
    ("On March 11, an IED exploded in Sahlat area in Ar-Raqqa city, killing a fighter.", "Sahlat", "Ar-Raqqa"),
])
def test_unresolved_or_sub_place_is_resolved_through_its_town(run, text, written, town):
    ev = _only(run, text)
    assert ev.location == written  # the most specific name, as written
    assert ev.location_name == town
    assert ev.location_precision == "near"
    assert (ev.lat, ev.lon) != (None, None) and ev.admin1
    loc = [a for a in ev.arguments if a.role == "location"]
    assert loc and loc[0].qualifier == "enclosing" and loc[0].value == town


def test_a_resolved_village_keeps_its_own_place(run):
    ev = _only(run, "On March 12, regime forces shelled Tafas near Daraa city.")
    assert ev.location_name == "Tafas" and ev.location_precision != "near"


def test_a_chain_of_enclosers_reaches_the_town(run):
    ev = _only(run, "On March 13, an IED exploded in Sahlat area in Qasimiya neighbourhood in Ar-Raqqa city.")
    assert (ev.location, ev.location_name, ev.location_precision) == ("Sahlat", "Ar-Raqqa", "near")


def test_a_governorate_alone_gives_admin1_only(run):
    ev = _only(run, "On March 8, mortar rounds hit a house in Umm Tuwaynah in al-Hasakeh.")
    assert ev.location == "Umm Tuwaynah"
    assert ev.location_name is None and ev.lat is None
    assert ev.admin1 == "Al-Hasakah" and ev.location_precision == "unresolved"


def test_a_capitals_countryside_is_the_governorate_but_its_city_is_the_city(run):
    rural = _only(run, "On March 14, gunmen killed a teacher in Zarqoun in the northern countryside of Idlib.")
    assert (rural.location_name, rural.admin1) == (None, "Idlib")
    city = _only(run, "On March 14, an IED exploded in the Sahlat area in Idlib city, killing a fighter.")
    assert (city.location, city.location_name, city.location_precision) == ("Sahlat", "Idlib", "near")


def test_a_place_beside_a_town_by_direction(run):
    ev = _only(run, "On March 15, Turkish forces shelled Wadi Sahm area, west of Ain Issa, with rockets.")
    assert (ev.location, ev.location_name, ev.location_precision) == ("Wadi Sahm", "Ain Issa", "near")


def test_between_two_towns_is_near_the_first(run):
    ev = _only(run, "On March 16, gunmen killed two soldiers in Wadi Sahm area between Tafas and Jasim.")
    assert (ev.location, ev.location_name) == ("Wadi Sahm", "Tafas")


def test_a_road_as_setting_gives_way_to_a_town_on_it(run):
    ev = _only(run, "On March 7, Russian and Turkish troops ran a joint patrol along the M4 highway, setting off "
                    "from Kharbeesh town towards Ariha.")
    assert ev.location == "Kharbeesh"


def test_a_road_that_is_the_object_stays_the_location(run):
    ev = _only(run, "On March 17, Russian forces launched a security campaign aimed at securing the highway "
                    "between Homs and Deir Ezzor, from Kharbeesh to Al-Sukhnah.")
    assert "highway" in (ev.location or "")


def test_people_of_a_town_are_not_enclosed(run):
    # "of" alone does not enclose unless the first place is written as a sub-place ("X street of Y city")
    ev = _only(run, "On March 18, gunmen shot dead Abu Zarqoun of Al-Bab in the village of Habbousa.")
    assert ev.location_name != "Al-Bab" or ev.location_precision != "near"


def test_export_codes_a_near_event_at_the_town_with_geo_precision_2():
    ev = Event(type="shelling", start=0, end=10, evidence="x", location="Zarqoun", location_name="Tal Abyad",
               admin1="Ar-Raqqa", lat=36.6965, lon=38.9567, location_precision="near")
    place = export_place(ev)
    assert place.location == "Tal Abyad" and place.located
    assert GEO_PRECISION[place.kind] == 2
    own = export_place(Event(type="shelling", start=0, end=10, evidence="x", location="Tal Abyad",
                             location_name="Tal Abyad", admin1="Ar-Raqqa", lat=36.6965, lon=38.9567,
                             location_precision="town"))
    assert GEO_PRECISION[own.kind] == 1


def test_a_sub_place_after_the_city_the_sentence_is_set_in(run):
    ev = _only(run, "On March 19, hundreds of residents in Afrin city protested at Sahlat roundabout "
                    "against the new taxes.")
    assert (ev.location, ev.location_name, ev.location_precision) == ("Sahlat roundabout", "Afrin", "near")


def test_a_road_in_a_governorate_is_not_placed_at_its_capital(run):
    ev = _only(run, "On March 21, Russian and Turkish troops ran a joint patrol on the M4 highway in Idlib.")
    assert ev.location_name != "Idlib"


def test_a_gloss_in_brackets_does_not_hide_the_enclosing_town(run):
    ev = _only(run, "On March 12, gunmen abducted a trader in Souq Hamra (Red Market) area in Al-Bab city.")
    assert (ev.location, ev.location_name, ev.location_precision) == ("Souq Hamra", "Al-Bab", "near")
