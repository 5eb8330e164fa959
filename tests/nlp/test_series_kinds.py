"""Kinds of misses the series regression set showed (issue 8), each checked on a text of our own."""
from annotator.nlp.jsonout import event_json


def _events(extractor, text, published="2025-07-30"):
    return [event_json(e) for e in extractor.extract(text, published=published).events]


def test_a_response_told_in_a_sentence_of_its_own_is_an_event_of_its_own(extractor):
    evs = _events(extractor, "On July 9, gunmen fired three rockets at the SDF base in Al-Tanak field. The SDF "
                             "responded by shelling the launch point near Al-Jurdi village.")
    assert [(e["type"], e["actors"], e["targets"]) for e in evs] == [
        ("rocket_attack", ["gunmen"], ["SDF base in Al-Tanak field"]),
        ("shelling", ["SDF"], ["launch point"])]
    assert evs[1]["date"] == "2025-07-09"


def test_in_response_to_the_attack_names_the_first_event_not_a_second(extractor):
    evs = _events(extractor, "On July 9, gunmen attacked an SDF checkpoint in Al-Busayrah. In response to the "
                             "attack, the SDF raided the village of Al-Zir and arrested four men.")
    assert [e["type"] for e in evs] == ["attack_other", "security_operation"]


def test_a_shell_that_fell_is_shelling(extractor):
    evs = _events(extractor, "On July 11, two mortar shells launched by regime forces landed on a school in "
                             "Al-Bara village, wounding a teacher.")
    assert [(e["type"], e["actors"], e["injured"]) for e in evs] == [("shelling", ["regime forces"], 1)]


def test_the_raided_house_is_where_the_targets_were(extractor):
    evs = _events(extractor, "On July 14, SDF forces raided a farm near Al-Sabha town, arresting two ISIS members.")
    assert [(e["type"], e["targets"]) for e in evs] == [("security_operation", ["two ISIS members"])]
    # with nobody named, the house is what was raided
    evs = _events(extractor, "On July 14, SDF forces raided a house in Al-Sabha town.")
    assert [(e["type"], e["targets"]) for e in evs] == [("security_operation", ["house"])]


def test_what_is_hurt_inside_an_attacked_base_elaborates_the_base(extractor):
    evs = _events(extractor, "On July 16, unknown gunmen fired two rockets at the SDF base in Al-Jafra, and one "
                             "of them hit a fuel tank inside the base. Two guards were slightly hurt.")
    assert [(e["type"], e["targets"]) for e in evs] == [("rocket_attack", ["SDF base in Al-Jafra"])]
    # a thing hit that is not the base is a target of its own
    evs = _events(extractor, "On July 16, unknown gunmen fired two rockets at the SDF base in Al-Jafra, and one "
                             "of them hit a car outside the base.")
    assert evs[0]["targets"] == ["SDF base in Al-Jafra", "car"]


def test_a_bullet_date_does_not_hide_the_target_after_at(extractor):
    evs = _events(extractor, "Developments:\n\n  • July 18: Unknown persons fired a rocket at the SDF base in "
                             "Al-Jafra.\n")
    assert [(e["type"], e["targets"]) for e in evs] == [("rocket_attack", ["SDF base in Al-Jafra"])]


def test_a_convoy_heading_to_one_base_is_not_sent_by_its_holder(extractor):
    evs = _events(extractor, "On July 20, a convoy of 30 trucks crossed into Syria through Semalka crossing, "
                             "heading to the Russian base in Al-Qamishli.")
    assert [(e["type"], e["actors"]) for e in evs] == [("convoy", [])]
    # bases of its own, resupplied: the holder sends it
    evs = _events(extractor, "On July 20, a convoy of 30 trucks crossed into Syria through Semalka crossing and "
                             "headed to Russian bases in Al-Qamishli countryside.")
    assert [(e["type"], e["actors"]) for e in evs] == [("convoy", ["Russian"])]


def test_fire_from_a_place_where_x_are_stationed_names_x(extractor):
    evs = _events(extractor, "On July 22, three rockets were fired from the eastern bank of the river, where "
                             "Iranian-backed militias are stationed, targeting the SDF base in Al-Izba.")
    assert [(e["type"], e["actors"]) for e in evs] == [("rocket_attack", ["Iranian-backed militias"])]
    # a place named only as where the fire came from names nobody
    evs = _events(extractor, "On July 22, three rockets were fired from the eastern bank of the river, targeting "
                             "the SDF base in Al-Izba.")
    assert [(e["type"], e["actors"]) for e in evs] == [("rocket_attack", [])]


def test_counted_people_joined_by_and_their_add_up(extractor):
    for text in ("On July 25, two fighters and their three children were killed when a drone struck their car "
                 "near Al-Bab.",
                 "On July 25, a drone struck a car near Al-Bab, killing two fighters and their three children."):
        evs = _events(extractor, text)
        assert [(e["type"], e["killed"]) for e in evs] == [("drone_strike", 5)], text
    # the people after "and their" with a verb of their own are counted there, not with the killed
    evs = _events(extractor, "On July 25, gunmen killed two fighters and their three children were wounded in "
                             "Al-Bab.")
    assert [(e["killed"], e["injured"]) for e in evs] == [(2, 3)]


def test_what_a_shell_or_mine_landed_on_is_the_target_not_the_people_in_it(extractor):
    evs = _events(extractor, "On July 27, an explosive device went off and exploded under a minibus near Al-Shaddadi, "
                             "killing the driver and wounding three passengers.")
    assert [e["targets"] for e in evs] == [["minibus"]]
    evs = _events(extractor, "On July 27, a mortar shell fell on a shop in Al-Bara village, injuring its owner.")
    assert [(e["type"], e["targets"]) for e in evs] == [("shelling", ["shop"])]
    # a strike that hit a vehicle and killed the people in it names both
    evs = _events(extractor, "On July 27, a drone struck a car near Al-Bab, killing a commander of the group.")
    assert evs[0]["targets"] == ["car", "commander of the group"]


def test_guards_who_respond_by_firing_back_repel_the_attack(extractor):
    evs = _events(extractor, "On July 29, gunmen attacked an SDF checkpoint near Al-Busayrah. The guards responded "
                             "by opening fire on the attackers, killing two of them.")
    assert [(e["type"], e["actors"], e["killed"]) for e in evs] == [("attack_other", ["gunmen"], 2)]
