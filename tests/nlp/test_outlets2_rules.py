"""Rules added for the outlets batch (issue 8, tests/nlp/fixtures/outlets), each on sentences of our own that are
not in the batch."""
import pytest

from annotator.nlp.jsonout import event_json


def _events(extractor, text, published="2025-05-20"):
    return [event_json(e) for e in extractor.extract(text, published=published).events]


@pytest.mark.parametrize("text", [
    "Regime artillery shelled the outskirts of Maarrat Misrin this afternoon, wounding a farmer.",
    "A roadside bomb exploded this evening near a bakery in Al-Shuhayl, killing one man.",
])
def test_this_afternoon_or_evening_is_the_publication_day(extractor, text):
    assert [e["date"] for e in _events(extractor, text)] == ["2025-05-20"]


@pytest.mark.parametrize("text, day", [
    # the clause after "comes/came N days after" is the earlier happening
    ("Gunmen killed a teacher in Hajin on May 14. The killing came three days after a drone struck a car near "
     "Al-Susah.", "2025-05-11"),
    # an "after" with nothing before it counts forward from the last date
    ("Gunmen killed a teacher in Hajin on May 14. Three days after, a drone struck a car near Al-Susah.",
     "2025-05-17"),
])
def test_comes_n_days_after_dates_the_recalled_happening_before_the_anchor(extractor, text, day):
    drones = [e for e in _events(extractor, text) if e["type"] == "drone_strike"]
    assert [e["date"] for e in drones] == [day]


@pytest.mark.parametrize("text, target", [
    ("On Monday, police in Raqqa arrested a woman said to be the wife of an ISIS emir.", "woman"),
    ("On Monday, Asayish forces arrested a young man said to have smuggled weapons in Qamishli.", "young man"),
])
def test_said_to_be_ends_the_target_phrase(extractor, text, target):
    evs = _events(extractor, text)
    assert [e["targets"] for e in evs] == [[target]]


def test_a_day_month_cell_of_a_log_row_dates_the_row(extractor):
    text = ("Access incidents (abridged)\n"
            "#204 | 12/05 | Hazano, Idlib | Shelling | Artillery shells hit a school on the edge of Hazano; no "
            "casualties.\n"
            "#207 | 16/05 | Tal Abyad, Raqqa | Protest | About 50 farmers demonstrated against water cuts.\n")
    got = [(e["type"], e["date"]) for e in _events(extractor, text) if e["date"]]
    assert got == [("shelling", "2025-05-12"), ("protest", "2025-05-16")]


@pytest.mark.parametrize("text, targets", [
    # a log cell's bar is no part of the phrase; "run by X" keeps the thing X runs
    ("#12 | 14/05 | Binnish | Shelling | A bakery run by a local charity was damaged by shelling.",
     ["bakery run by a local charity"]),
    # a bare participle after a manner adverb: "one teacher lightly injured"
    ("On Monday, a school was hit by shelling in Sarmin; one teacher lightly injured.", ["school", "one teacher"]),
])
def test_log_line_targets(extractor, text, targets):
    evs = _events(extractor, text)
    assert [e["targets"] for e in evs] == [targets]


@pytest.mark.parametrize("text, targets, killed", [
    ("On Sunday, a drone hit a motorcycle near Al-Susah, killing Abu Omar, a senior leader of Ansar al-Islam, and "
     "his two companions.", ["motorcycle", "Abu Omar"], 3),
    ("On Sunday, an airstrike killed Umm Khaled, a prominent official of the Islamic State, near Hajin.",
     ["Umm Khaled"], 1),
    ("On Sunday, a drone hit a car near Al-Susah, killing Abu Omar and his driver.", ["car", "Abu Omar"], 2),
])
def test_an_apposition_after_a_named_victim_is_no_target_and_the_people_after_it_count(extractor, text, targets,
                                                                                          killed):
    evs = _events(extractor, text)
    assert [(e["targets"], e["killed"]) for e in evs] == [(targets, killed)]


def test_two_sides_of_a_clash_keep_their_groups(extractor):
    evs = _events(extractor, "On Sunday, clashes broke out between members of the SDF and fighters of Hurras "
                             "al-Din near Al-Susah.")
    assert [(e["actors"], e["targets"]) for e in evs] == [(["SDF"], ["Hurras al-Din"])]


@pytest.mark.parametrize("text, killed, injured", [
    ("On Sunday, a motorcycle bomb exploded near a mosque in Jarablus, killing three people. Hospital sources said "
     "the toll later rose to five dead.", 5, None),
    # a second count that does not say "risen to" is no update
    ("On Sunday, a motorcycle bomb exploded near a mosque in Jarablus, killing three people. A child was also "
     "killed in the blast, his family said.", 3, None),
    ("On Sunday, a shepherd was killed and another was wounded when a mine went off near Maadan.", 1, 1),
    ("On Sunday, Turkish artillery shelled Tal Tamr, killing a farmer and wounding his wife.", 1, 1),
])
def test_tolls_risen_to_another_and_a_possessive_kin(extractor, text, killed, injured):
    evs = _events(extractor, text)
    assert [(e["killed"], e["injured"]) for e in evs] == [(killed, injured)]


@pytest.mark.parametrize("text", [
    "On Sunday, a bomb planted under a car went off in Jarablus.",
    "On Sunday, a mine went off under a tractor near Maadan, wounding the driver.",
])
def test_a_mine_or_bomb_that_went_off_is_an_explosion(extractor, text):
    assert [(e["type"], e["date"]) for e in _events(extractor, text)] == [("ied_explosion", "2025-05-18")]


def test_a_later_sentence_with_its_own_attacker_and_place_is_another_event(extractor):
    text = "On May 11, a mortar shell fell on a bakery in Sarmin. Unknown gunmen shot dead a guard in Binnish."
    got = [(e["type"], e["date"], e["location"], e["killed"]) for e in _events(extractor, text)]
    assert got == [("shelling", "2025-05-11", "Sarmin", None), ("attack_other", "2025-05-11", "Binnish", 1)]
    # the toll of the same happening still adds to it
    text = "On May 11, a mortar shell fell on a bakery in Sarmin. The shelling killed a guard."
    assert [(e["type"], e["killed"]) for e in _events(extractor, text)] == [("shelling", 1)]


def test_at_noon_is_the_day_told_before(extractor):
    text = "On May 11, a drone struck a car near Hajin. Unknown gunmen killed a teacher in Al-Susah at noon."
    assert [e["date"] for e in _events(extractor, text)] == ["2025-05-11", "2025-05-11"]


def test_an_update_line_with_the_toll_adds_to_the_event_told_before(extractor):
    text = ("JARABLUS, May 18 — A motorcycle bomb went off near a bus station in Jarablus on Sunday, killing at "
            "least three people.\n\nUPDATE 2, 15:40 — Hospital sources say the toll has risen to six dead and 14 "
            "wounded.\n")
    evs = _events(extractor, text)
    assert [(e["type"], e["killed"], e["injured"], e["targets"]) for e in evs] == \
        [("ied_explosion", 6, 14, ["bus station", "three people"])]


def test_x_backed_by_y_keeps_x_as_an_actor(extractor):
    text = "On Thursday, SDF fighters supported by Coalition helicopters raided a farm near Tal Hamis."
    assert [e["actors"] for e in _events(extractor, text)] == [["SDF fighters", "Coalition"]]
    # a group the participle describes before its noun is not the one acting ("Turkey backed factions")
    text = "On Thursday, Turkey backed factions shelled the outskirts of Ain Issa."
    assert [e["actors"] for e in _events(extractor, text)] == [[]]


@pytest.mark.parametrize("text, location", [
    ("On Thursday, shells fell near an IDP camp on Thursday evening.", None),
    ("On Thursday, a drone struck a tent at the gate of an IDP camp in Qah.", "Qah"),
    ("On Thursday, a drone struck a car near al-Hurayji village.", "al-Hurayji"),
])
def test_an_article_or_an_acronym_is_no_place_name(extractor, text, location):
    assert [e["location"] for e in _events(extractor, text)] == [location]


@pytest.mark.parametrize("text, n_events, killed, location", [
    ("On Friday, a Turkish drone struck a car near Ain Issa, killing a driver. Attacks like these have emptied the "
     "villages along the M4, and so have the shells that the factions fire at towns such as Tal Tamr.",
     1, 1, "Ain Issa"),
    ("On Friday, a Turkish drone struck a car near Ain Issa. Strikes of this kind have killed dozens of civilians.",
     1, None, "Ain Issa"),
])
def test_a_sentence_about_a_kind_of_event_states_none_and_elaborates_none(extractor, text, n_events, killed,
                                                                          location):
    evs = _events(extractor, text)
    assert [(e["killed"], e["location"]) for e in evs] == [(killed, location)] and len(evs) == n_events


def test_examples_of_a_dated_event_stay_its_targets(extractor):
    evs = _events(extractor, "On Friday, regime artillery shelled villages such as Kansafra and Al-Bara.")
    assert [(e["type"], e["date"], e["targets"]) for e in evs] == [("shelling", "2025-05-16", ["villages"])]


def test_two_objects_of_one_verb_joined_by_and_a_are_both_targets(extractor):
    evs = _events(extractor, "On Monday, a Turkish drone struck a fuel tanker and a pickup near Tal Tamr.")
    assert [e["targets"] for e in evs] == [["fuel tanker", "pickup"]]


def test_people_of_a_named_group_are_one_actor(extractor):
    evs = _events(extractor, "On Monday, gunmen of the Islamic State attacked a checkpoint near Al-Susah.")
    assert [e["actors"] for e in evs] == [["Islamic State"]]


def test_the_crowd_of_a_log_row_after_its_type_cell_acts(extractor):
    text = "#88 | 14/05 | Manbij, Aleppo | Protest | Dozens of teachers demonstrated over unpaid salaries.\n"
    assert [e["actors"] for e in _events(extractor, text)] == [["Dozens of teachers"]]


def test_the_road_to_a_place_locates_an_attack_near_it(extractor):
    evs = _events(extractor, "On Sunday, unknown gunmen ambushed a car on the road to Kherbet Umm Jloud.")
    assert [e["location"] for e in evs] == ["Kherbet Umm Jloud"]


@pytest.mark.parametrize("text, targets", [
    # a side's own statement: "our" post hit by a named other side is the target
    ("On Monday, ISIS cells fired rockets at one of our positions near Al-Susah.", ["one of our positions"]),
    # ... but our people hurt are not (the series' convention)
    ("On Monday, ISIS cells attacked a checkpoint near Al-Susah, and two of our fighters were wounded.",
     ["checkpoint"]),
    # "our" wounded of our own raid are not its target
    ("On Monday, our forces raided a hideout in Hajin and arrested a man; a member of our forces was wounded.",
     ["man"]),
])
def test_our_side_hit_by_a_named_other_side(extractor, text, targets):
    assert [e["targets"] for e in _events(extractor, text)] == [targets]


@pytest.mark.parametrize("text", [
    "On Monday, a young man wanted for a string of robberies was detained in Manbij.",
    "On Monday, a man accused of links to Hurras al-Din was arrested in Azaz.",
])
def test_the_subject_before_a_charge_participle_is_the_one_taken(extractor, text):
    evs = _events(extractor, text)
    assert [(e["actors"], e["targets"]) for e in evs] == [([], ["young man" if "young" in text else "man"])]


@pytest.mark.parametrize("text, targets", [
    ("On Monday, Abu Bakr al-Shami, a senior Hurras al-Din leader, was killed in a drone strike near Sarmada.",
     ["Abu Bakr al-Shami"]),
    ("On Monday, SDF forces raided a house in Hajin, during which the suspect (K. M.), a prominent ISIS official "
     "responsible for recruiting young men in the area, was captured.", ["suspect (K. M.)"]),
])
def test_an_apposition_between_commas_describes_the_subject_before_it(extractor, text, targets):
    assert [e["targets"] for e in _events(extractor, text)] == [targets]
