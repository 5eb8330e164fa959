"""Rules added after the seventh first-sight batch (h/extract6: coalition-144, -145, isis-month-137 in the series set;
a prosecutor's statement, a translated local piece, a markdown e-mail brief in outlets; a defence ministry's air
update, a tab-separated NGO digest, a two-day live blog in registers), each on sentences of our own that are not in
the batch, in several phrasings."""
import pytest

from .rule_helpers import PERIOD, dated as _dated, events as _events, one as _one  # noqa: F401


# -- a table under a header row ------------------------------------------------------------------------------------
TABBED = ("Weekly incident sheet (provisional)\n\n"
          "Date\tGovernorate\tVillage\tType\tPerpetrator\tDescription\tDead\tWounded\n"
          "02/04\tAleppo\tKafr Jannat\tShelling\tTurkish-backed factions\tShells hit two houses\t1\t3\n"
          "05/04\tRaqqa\tHazima\tAttack\tUnknown gunmen\tA mukhtar was shot near his home\t1\t0\n")
PIPED = ("Date | Province | Location | Event | Actor | Notes | Killed | Injured\n"
         "03/04 | Deir Ezzor | Al-Jurdi | IED | Unknown | Device went off under a water truck | 0 | 2\n"
         "06/04 | Homs | Al-Sukhnah | Clash | ISIS cells | Attack on an army post repelled | 4 | 1\n")


@pytest.mark.parametrize("text, day, kind, place, actor, killed, injured", [
    (TABBED, "2025-04-02", "shelling", "Kafr Jannat", "Turkish-backed factions", 1, 3),
    (TABBED, "2025-04-05", "attack_other", "Hazima", "Unknown gunmen", 1, None),
    (PIPED, "2025-04-03", "ied_explosion", "Al-Jurdi", None, None, 2),
])
def test_a_row_under_a_header_reads_its_cells_by_column(extractor, text, day, kind, place, actor, killed, injured):
    e = next(e for e in _dated(extractor, text, period=None) if e["date"] == day)
    assert e["type"] == kind
    assert place.lower() in (e["location"] or "").lower()
    if actor:
        assert any(actor.lower() in a.lower() for a in e["actors"]), e["actors"]
    assert (e["killed"], e["injured"]) == (killed, injured)


def test_a_row_without_a_header_keeps_its_words(extractor):
    text = "3 Apr | Al-Jurdi (Deir ez-Zor) | Gunmen attack SDF checkpoint | 2 SDF killed\n"
    e = _one(extractor, text, period=None)
    assert e["killed"] == 2


# -- day headings of a live blog -----------------------------------------------------------------------------------
BLOG = ("Live: protests in Suwayda\n\n"
        "Thursday 10 April\n\n"
        "[20:15] Security forces fired tear gas at protesters in Suwayda city this evening, wounding two.\n\n"
        "[09:30] Residents of Shahba blocked the main road, angry at yesterday's arrests.\n\n"
        "Wednesday 9 April\n\n"
        "[21:40] Sources tell us that at least four young men and two women were arrested today at a checkpoint "
        "near Shahba.\n\n"
        "[18:00] Hundreds of people gathered in the square of Suwayda city to demand the release of detainees.\n")


def test_a_day_heading_dates_the_entries_under_it(extractor):
    got = {(e["type"], e["date"]) for e in _dated(extractor, BLOG, published="2025-04-10", period=None)}
    assert ("protest", "2025-04-09") in got  # "Hundreds of people gathered" under Wednesday, no day word of its own
    assert ("arrest", "2025-04-09") in got  # its "today" is the heading's day, not the day of publication


def test_an_entry_of_the_day_before_counts_its_people(extractor):
    e = next(e for e in _dated(extractor, BLOG, published="2025-04-10", period=None) if e["type"] == "arrest")
    assert e["arrested"] == 6


# -- a day's possessive names a happening told elsewhere ------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "On April 7, clashes broke out between SDF forces and clan fighters in Hajin.\n\n"
    "Three fighters were killed in Monday's clashes in Hajin, relatives said.\n",
    "Two fighters were killed in today's clashes in Hajin, a source said.\n\n"
    "Heavy clashes broke out this morning between SDF forces and clan fighters in Hajin.\n",
])
def test_a_days_possessive_adds_to_the_event_of_its_day(extractor, text):
    e = _one(extractor, text, published="2025-04-07", period=None)
    assert e["type"] == "armed_clash" and e["killed"] in (2, 3)


# -- counts: joined people, a group named by 'one', both, its ------------------------------------------------------
@pytest.mark.parametrize("text, role, n", [
    ("On April 2, gunmen attacked a checkpoint near Hajin, killing two soldiers and an officer.", "killed", 3),
    ("On April 2, a drone struck a car near Sarmada, killing three fighters and two civilians.", "killed", 5),
    ("On April 2, four members of one family were killed when a shell hit their house in Ariha.", "killed", 4),
    ("On April 2, at least two SDF members and a civilian were wounded in an IED blast in Al-Sour.", "injured", 3),
    ("On April 2, a drone struck a motorbike near Al-Bab, killing both riders.", "killed", 2),
    ("On April 2, a landmine hit a truck near Maadan, killing its driver.", "killed", 1),
])
def test_people_joined_or_named_by_a_determiner_are_counted(extractor, text, role, n):
    assert _one(extractor, text)[role] == n


@pytest.mark.parametrize("text, killed, arrested", [
    ("On April 4, SDF forces raided a house in Dhiban, where a wanted man was killed and two others were detained.",
     1, 2),
    ("On April 4, a joint force raided a farm near Hajin. A cell leader was killed after he threw a grenade, and a "
     "courier and two of his aides were arrested.", 1, 3),
])
def test_a_raids_dead_and_detained_are_counted_apart(extractor, text, killed, arrested):
    e = _one(extractor, text)
    assert (e["killed"], e["arrested"]) == (killed, arrested)


def test_the_victim_named_before_his_companions_is_the_target(extractor):
    e = _one(extractor, "On April 4, SDF forces raided a farm near Hajin, where a recruiter and two of his aides "
                        "were arrested.")
    assert any("recruiter" in t for t in e["targets"]) and not any("aides" in t for t in e["targets"])


def test_the_charge_of_a_suspect_is_no_toll(extractor):
    e = _one(extractor, "On April 6, a suspect in the killing of a teacher was arrested in Al-Busayrah.")
    assert e["type"] == "arrest" and e["killed"] is None


# -- drones by name, artillery that pounds -------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "On April 8, a Reaper engaged a pickup truck near Al-Bukamal with a Hellfire missile, killing two men.",
    "On April 8, an MQ-9 fired a missile at a car near Sarmada, killing its driver.",
    "On April 8, a UAV struck a checkpoint near Tal Tamr.",
])
def test_a_drone_named_by_its_model_makes_a_drone_strike(extractor, text):
    assert _one(extractor, text)["type"] == "drone_strike"


@pytest.mark.parametrize("text", [
    "On April 9, regime artillery pounded the outskirts of Kansafra.",
    "On April 9, Turkish howitzers shelled the village of Umm al-Kaif.",
    "On April 9, government artillery hit farms near Maarat al-Numan.",
])
def test_artillery_as_the_subject_makes_shelling(extractor, text):
    assert _one(extractor, text)["type"] == "shelling"


def test_a_pair_of_aircraft_names_its_air_force(extractor):
    e = _one(extractor, "On April 9, a pair of RAF jets struck a cave complex in the Syrian desert.")
    assert e["actors"] and "RAF" in e["actors"][0]


# -- two happenings in one sentence --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, kinds", [
    ("On April 10, clashes erupted between two factions in Afrin, wounding three fighters, while dozens of "
     "residents protested in the town centre against the fighting.", {"armed_clash", "protest"}),
    ("On April 10, regime forces shelled the outskirts of Kansafra, while Russian warplanes carried out airstrikes "
     "on Al-Bara.", {"shelling", "airstrike"}),
])
def test_a_while_clause_of_another_type_is_its_own_event(extractor, text, kinds):
    assert {e["type"] for e in _dated(extractor, text)} == kinds


def test_a_raid_keeps_the_strike_told_with_it(extractor):
    text = ("On April 10, SDF and Coalition forces raided a house in Al-Shuhayl, arresting two men, while Coalition "
            "helicopters struck a car that tried to flee.")
    assert [e["type"] for e in _dated(extractor, text)] == ["security_operation"]


@pytest.mark.parametrize("text", [
    "On April 11, protests broke out in Jasim, after regime intelligence arrested two young men at a checkpoint "
    "on April 10.",
    "On April 11, clashes erupted between SDF forces and clan gunmen in Diban, after the SDF arrested a clan elder "
    "at dawn on April 10.",
])
def test_an_arrest_that_set_off_the_first_happening_is_its_own(extractor, text):
    got = {(e["type"], e["date"]) for e in _dated(extractor, text)}
    assert ("arrest", "2025-04-10") in got and len(got) == 2


@pytest.mark.parametrize("text", [
    "On April 12, a wanted man was arrested in Al-Sabha after an exchange of fire in which he was wounded.",
    "On April 12, police arrested two smugglers near Al-Qaim after a brief firefight.",
])
def test_an_arrest_after_a_fight_is_the_arrest(extractor, text):
    assert _one(extractor, text)["type"] == "arrest"


@pytest.mark.parametrize("text", [
    "On April 13, a joint SDF-Coalition force clashed with an ISIS cell near Al-Kasra, killing one member and "
    "arresting two.",
    "On April 13, Coalition troops and SDF fighters exchanged fire with gunmen in Al-Hawaij, arresting three of them.",
])
def test_a_joint_force_that_fought_and_arrested_is_a_security_operation(extractor, text):
    assert _one(extractor, text)["type"] == "security_operation"


@pytest.mark.parametrize("text, earlier", [
    ("On April 14, a mortar shell killed a child in Hajin. The shelling came hours after gunmen attacked an SDF "
     "post in the town, killing a fighter.", "attack_other"),
    ("On April 14, an IED wounded two SDF fighters near Al-Sour. The blast came a few hours after a Turkish drone "
     "struck a car in the same area.", "drone_strike"),
])
def test_what_came_hours_after_another_happening_leaves_it_its_own(extractor, text, earlier):
    got = [(e["type"], e["date"]) for e in _dated(extractor, text)]
    assert (earlier, "2025-04-14") in got and len(got) == 2, got


# -- places and sides -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, place", [
    ("On April 15, shells fired by regime forces stationed in Al-Mayadin fell on a house in Thiban, killing a "
     "woman.", "Thiban"),
    ("On April 15, rockets launched by militias deployed in Al-Bukamal hit a farm near Hajin.", "Hajin"),
])
def test_where_the_firing_side_is_stationed_is_not_the_place(extractor, text, place):
    assert _one(extractor, text)["location"] == place


@pytest.mark.parametrize("unit", ["17th Division", "4th Armoured Brigade", "Republican Guard Corps"])
def test_a_formation_is_no_place(extractor, unit):
    e = _one(extractor, f"On April 16, ISIS cells attacked a position of the {unit} near Al-Kawm, killing two "
                        "soldiers.")
    assert e["location"] == "Al-Kawm"


@pytest.mark.parametrize("text, side", [
    ("On April 17, clashes broke out between SDF forces and fighters loyal to a tribal elder in Diban, wounding "
     "four.", "fighters loyal to a tribal elder"),
    ("On April 17, the Hamza Division clashed with the Sultan Murad Division in Al-Raee, killing two fighters.",
     "Sultan Murad Division"),
])
def test_a_clash_has_the_other_side_as_its_target_not_its_toll(extractor, text, side):
    e = _one(extractor, text)
    assert e["targets"] == [side], e["targets"]


def test_a_speakers_forces_of_x_are_x(extractor):
    e = _one(extractor, "Our valiant units of the Border Guards Command arrested four smugglers near Al-Qaim on "
                        "April 18.", period=None)
    assert e["actors"] and "Border Guards" in e["actors"][0]


# -- convoys of a stated total --------------------------------------------------------------------------------------
def test_a_convoy_told_by_its_rank_takes_the_totals_sender(extractor):
    text = ("In the past month, 120 trucks belonging to the Coalition entered Syria in three batches.\n\n"
            "On March 25, a first convoy of 40 trucks entered through Al-Waleed crossing.\n\n"
            "On April 3, a second convoy of 40 trucks entered through Al-Waleed crossing.\n\n"
            "On April 12, the third convoy, 40 trucks, entered through Al-Waleed crossing.\n")
    convoys = [e for e in _dated(extractor, text) if e["type"] == "convoy"]
    assert len(convoys) == 3 and all(e["actors"] for e in convoys), [e["actors"] for e in convoys]


def test_a_raid_on_named_villages_has_its_detainees_as_targets(extractor):
    e = _one(extractor, "On April 19, SDF forces raided the villages of Al-Hisan and Al-Kubar, detaining five men.")
    assert e["targets"] == ["five men"] and e["arrested"] == 5


# -- the brief's known misses where a general rule exists ----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "On April 20, Turkish drones struck two positions: a checkpoint near Tal Tamr and a farm near Amuda.",
    "On April 20, Israeli jets hit two sites: a depot near Kisweh and a radar post near Izraa.",
])
def test_two_items_joined_by_a_bare_and_are_two_strikes(extractor, text):
    evs = _dated(extractor, text)
    assert len(evs) == 2 and evs[0]["location"] != evs[1]["location"], [(e["location"], e["targets"]) for e in evs]


def test_a_list_of_three_without_commas_stays_one(extractor):
    evs = _dated(extractor, "On April 20, drones struck three positions: a checkpoint near Tal Tamr and a farm "
                            "near Amuda and a car near Derbasiyah.")
    assert len(evs) == 1


@pytest.mark.parametrize("text, killed, injured", [
    ("ANKARA, April 21 (Wire) - A car bomb exploded in Azaz on Monday, killing two people, sources said.\n\n"
     "UPDATE 1 - Local officials later put the number of dead at three.\n", 3, None),
    ("On April 21, a car bomb exploded in Afrin, killing two people. Hospital sources put the death toll at four "
     "and the number of wounded at 11.", 4, 11),
])
def test_a_toll_put_at_a_number_replaces_the_first(extractor, text, killed, injured):
    e = _one(extractor, text, published="2025-04-21", period=None)
    assert (e["killed"], e["injured"]) == (killed, injured)


@pytest.mark.parametrize("text, vehicle", [
    ("On April 22, a landmine exploded the same day under a car in the Athraya desert, killing two civilians.", "car"),
    ("On April 22, a mine exploded on Tuesday under a tractor near Maadan, killing a farmer.", "tractor"),
])
def test_a_day_between_the_blast_and_what_it_went_off_under_is_skipped(extractor, text, vehicle):
    assert _one(extractor, text)["targets"] == [vehicle]


@pytest.mark.parametrize("text, place", [
    ("On April 23, a drone struck a car near the Euphrates, west of Al-Bukamal, killing two men.", "Al-Bukamal"),
    ("On April 23, jets struck a cave in the Syrian desert, some 40 kilometres north-east of Palmyra.", "Palmyra"),
    ("On April 23, a drone tracked a pickup near the Euphrates, east of Al-Mayadin. The drone then struck it, killing "
     "its driver.", "Al-Mayadin"),
])
def test_the_town_measured_from_beats_a_river_or_a_desert(extractor, text, place):
    assert _one(extractor, text)["location"] == place


def test_a_day_heading_trusts_its_written_day_over_its_weekday(extractor):
    text = ("Friday 14 March\n\n[08:05] Turkish-backed factions shelled Al-Dardara near Tal Tamr, residents say.\n\n"
            "Thursday 13 March\n\n[19:45] Hundreds of residents of Jasim protested against the security services.\n")
    got = {(e["type"], e["date"]) for e in _dated(extractor, text, published="2025-03-14", period=None)}
    assert got == {("shelling", "2025-03-14"), ("protest", "2025-03-13")}, got


@pytest.mark.parametrize("text", [
    "On April 24, two children were killed when an old shell exploded near their home in Mhambal.",
    "On April 24, a farmer was wounded when unexploded ordnance went off in his field near Maarat al-Numan.",
])
def test_old_ordnance_is_an_explosion_not_shelling(extractor, text):
    assert _one(extractor, text)["type"] == "ied_explosion"


def test_a_definite_word_taken_in_does_not_make_the_event_a_reference(extractor):
    text = ("On April 25, hundreds of residents of Jasim protested against the security services.\n\n"
            "On April 25, government forces and local gunmen exchanged fire in Sanamayn after the arrest of a young "
            "man, leaving one gunman dead.\n")
    assert sorted(e["type"] for e in _dated(extractor, text)) == ["armed_clash", "protest"]


def test_a_count_cell_opens_with_its_number(extractor):
    text = "Date\tPlace\tEvent\tFatalities\n02/04\tHajin\tGunmen opened fire on a car\t2 (one of them a child)\n"
    assert _one(extractor, text, period=None)["killed"] == 2


def test_what_was_shot_down_is_no_target(extractor):
    e = _one(extractor, "On April 26, militias fired three rockets at the Coalition base in Al-Omar oil field, while "
                        "a drone was shot down over the base.")
    assert e["targets"] == ["Coalition base in Al-Omar oil field"]


def test_a_batch_of_a_total_that_names_its_crossing_entered_there(extractor):
    text = ("In the past month, 110 trucks of the Coalition entered Syria in two batches through Al-Waleed crossing.\n\n"
            "On March 25, the first batch, 60 trucks carrying fuel, reached Qasrak base.\n\n"
            "On April 9, a second batch of 50 trucks entered Syria.\n")
    convoys = [e for e in _dated(extractor, text) if e["type"] == "convoy"]
    assert [(e["location"], e["direction"]) for e in convoys] == [("Al-Waleed", "entering")] * 2


@pytest.mark.parametrize("text, targets", [
    ("On April 27, clashes took place between regime and pro-regime militia forces against opposition factions "
     "near Ftireh.", ["opposition factions"]),
    ("On April 27, SDF fighters raided houses in Basira, and when they could not find the wanted men, they arrested "
     "five of their brothers.", ["five of their brothers"]),
])
def test_a_side_named_elsewhere_and_kin_told_alone_stay_targets(extractor, text, targets):
    assert _one(extractor, text)["targets"] == targets


def test_a_hyphenated_word_is_one_word_of_a_target(extractor):
    e = _one(extractor, "On April 28, a drone struck a car near Amuda, killing two fighters and injuring a civilian "
                        "passer-by.")
    assert "civilian passer-by" in e["targets"]


@pytest.mark.parametrize("text, actors", [
    ("On April 29, a patrol came under fire near Saraqib and one of our soldiers was wounded.", []),
    ("On April 29, a Russian patrol came under attack by gunmen near Saraqib.", ["gunmen"]),
])
def test_a_patrol_that_came_under_fire_is_the_target_of_an_attack(extractor, text, actors):
    e = _one(extractor, text)
    assert e["type"] == "attack_other" and any("patrol" in t for t in e["targets"]) and e["actors"] == actors


@pytest.mark.parametrize("text", [
    "DAMASCUS, April 30 (Agency) — Air defences confronted an Israeli aggression targeting positions near Damascus "
    "shortly after midnight, a military source said.",
    "DAMASCUS, April 30 (Agency) — An Israeli air aggression hit a depot in the vicinity of Kisweh after midnight.",
])
def test_an_israeli_aggression_after_midnight_is_an_air_strike_of_the_day(extractor, text):
    e = _one(extractor, text, published="2025-04-30", period=None)
    assert (e["type"], e["date"]) == ("airstrike", "2025-04-30")
