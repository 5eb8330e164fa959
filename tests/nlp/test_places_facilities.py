"""Facilities, roads named after a town, and roads that only set the scene. The texts are our own; the villages
and fields with invented names (Zarqoun, Wadi Fulan, Tell Sawwan) are in neither gazetteer tier."""
import pytest

import annotator.nlp.actors_component  # noqa: F401
import annotator.nlp.places  # noqa: F401


def _only(run, text):
    events = [e for e in run(text).events if e.date]
    assert len(events) == 1, [(e.type, e.location) for e in events]
    return events[0]


def _where(ev):
    return ev.location, ev.location_name, ev.location_precision


# --- a facility's own name keeps its kind word -------------------------------------------------------------
@pytest.mark.parametrize("text, written, name", [
    ("On March 3, a landmine exploded in Koniko gas field, wounding two shepherds.", "Koniko gas field", "Conoco"),
    ("On March 3, a patrol came under fire near Koniko Gas Field.", "Koniko Gas Field", "Conoco"),
    ("On March 4, two rockets fell inside Al-Omar oil field.", "Al-Omar oil field", "Al-Omar"),
    ("On March 5, a drone struck a fuel tanker near Wadi Fulan Gas Field, killing the driver.",
     "Wadi Fulan Gas Field", None),
])
def test_a_named_field_keeps_its_kind_word(run, text, written, name):
    ev = _only(run, text)
    assert (ev.location, ev.location_name) == (written, name)


def test_a_kind_word_written_after_an_unknown_name_joins_it(run):
    ev = _only(run, "On March 6, drones struck the Tell Sawwan oil field, killing 2 guards.")
    assert (ev.location, ev.location_name) == ("Tell Sawwan oil field", None)


def test_a_field_hospital_is_no_field(run):
    ev = _only(run, "On March 6, a drone struck the Afrin field hospital, killing 2 nurses.")
    assert (ev.location, ev.location_name) == ("Afrin", "Afrin")


def test_a_prison_after_a_town_keeps_the_town_as_its_place(run):
    ev = _only(run, "On March 7, a detainee from Tafas died under torture in Saydnaya military prison.")
    assert (ev.location, ev.location_name) == ("Saydnaya military prison", "Saydnaya")


def test_a_roundabout_in_a_city_is_written_whole_and_placed_at_the_city(run):
    ev = _only(run, "On March 8, residents of Afrin city gathered near Zarqoun roundabout to protest the new taxes.")
    assert _where(ev) == ("Zarqoun roundabout", "Afrin", "near")


def test_a_facility_named_after_a_known_place_is_found_without_a_cue(run):
    ev = _only(run, "On March 7, the family of a detainee said he had died under torture in one of the regime's "
                    "prisons, most likely Saydnaya Military Prison, and that his body was never returned.")
    assert (ev.location, ev.location_name) == ("Saydnaya Military Prison", "Saydnaya")


def test_a_facility_of_an_unknown_place_needs_a_cue(places_nlp):
    # "Zarqoun Military Prison" after no cue: a capitalised run the gazetteer cannot vouch for
    assert places_nlp("Guards said Zarqoun Military Prison was full.")._.places == []
    doc = places_nlp("Guards said Saydnaya Military Prison was full.")
    assert [(sp.text, sp._.place.name) for sp in doc._.places] == [("Saydnaya Military Prison", "Saydnaya")]


@pytest.mark.parametrize("text, written", [
    ("On March 9, a convoy of 20 trucks entered Syria through Semalka border crossing.", "Semalka"),
    ("On March 10, three rockets struck the Tal Baydar base, causing no casualties.", "Tal Baydar"),
])
def test_a_base_or_crossing_takes_the_name_of_where_it_stands(run, text, written):
    # "the Tal Baydar base", "Semalka crossing": named after the place they stand at, which is the location
    assert _only(run, text).location == written


# --- a road named after one town ---------------------------------------------------------------------------
def test_a_road_named_after_an_unknown_village_places_the_event_by_it(run):
    ev = _only(run, "On March 11, dozens of farmers gathered on Zarqoun road to protest the new fuel prices.")
    assert _where(ev) == ("Zarqoun", None, "unresolved")


def test_a_road_named_after_a_known_town_places_the_event_near_it(run):
    ev = _only(run, "On March 12, gunmen shot dead a trader on the Kafr Nabl road.")
    assert _where(ev) == ("Kafr Nabl", "Kafr Nabl", "near")
    assert ev.lat is not None and ev.admin1 == "Idlib"


def test_a_town_the_text_puts_by_the_road_is_the_better_point(run):
    ev = _only(run, "On March 13, an IED exploded under a truck on Zarqoun road near Tafas, killing the driver.")
    assert (ev.location, ev.location_name) == ("Tafas", "Tafas")


def test_a_road_named_after_an_unknown_village_in_a_town_area_takes_the_town(run):
    # as for any road that sets the scene: the town the sentence names on it
    ev = _only(run, "On March 14, a landmine exploded on Zarqoun road in rural Ain Issa, killing a shepherd.")
    assert (ev.location, ev.location_name) == ("Ain Issa", "Ain Issa")


@pytest.mark.parametrize("text", [
    "On March 15, an IED hit a water tanker on the M4 road.",  # a code, not a place
    "On March 15, an IED hit a water tanker on the Airport road.",  # a descriptor, not a place
])
def test_a_road_code_or_descriptor_names_no_place(run, text):
    ev = _only(run, text)
    assert ev.location not in ("M4", "Airport")


def test_the_second_end_of_a_two_ended_road_is_not_a_road_of_its_own(places_nlp):
    found = [sp.text for sp in places_nlp("Gunmen opened fire on Kafr Alpha - Kafr Beta road.")._.places]
    assert "Kafr Beta" not in found


def test_a_road_name_is_found_only_after_a_word_that_leads_to_it(places_nlp):
    assert ("Zarqoun", None) in [(sp.text, sp._.place) for sp in
                                 places_nlp("Traffic stopped on Zarqoun road for an hour.")._.places]
    assert places_nlp("Zarqoun road was closed for an hour.")._.places == []


# --- a road that only sets the scene gives way to the town area the sentence names ---------------------------
def test_a_scene_road_gives_way_to_a_town_area_later_in_the_sentence(run):
    ev = _only(run, "On March 16, Turkish troops spread out along the Aleppo-Lattakia highway (M4) in Idlib and "
                    "searched every farm beside the highway in the Saraqib area ahead of a joint patrol.")
    assert (ev.location, ev.location_name) == ("Saraqib", "Saraqib")


def test_a_town_in_the_next_sentence_is_not_on_the_road(run):
    ev = _only(run, "On March 17, Turkish and Russian troops ran a joint patrol along the Aleppo-Lattakia highway "
                    "in Idlib countryside. Residents of Saraqib said they heard no shooting near the highway.")
    assert ev.location == "Aleppo-Lattakia highway"

