"""Rules added for the registers batch (issue 8), each on sentences of our own that are not in the batch."""
import pytest

from annotator.nlp.jsonout import event_json


def _events(extractor, text, published="2025-05-20"):
    return [event_json(e) for e in extractor.extract(text, published=published).events]


def test_rows_of_an_incident_table_are_items(extractor):
    text = ("Weekly incident table\n"
            "Day | Place | What happened | Toll\n"
            "12 May | Hajin | Gunmen attack a water station guard post | 2 guards killed\n"
            "14 May | Al-Shaddadi | Protest against power cuts | none\n")
    got = [(e["type"], e["date"]) for e in _events(extractor, text) if e["date"]]
    assert got == [("attack_other", "2025-05-12"), ("protest", "2025-05-14")]


@pytest.mark.parametrize("text", [
    "On Sunday, dozens of teachers marched through Amuda to protest against unpaid salaries.",
    "Farmers rallied in front of the council building in Manbij on Sunday to demand fuel for their pumps.",
])
def test_a_march_or_rally_to_protest_is_a_protest(extractor, text):
    got = [(e["type"], e["date"]) for e in _events(extractor, text) if e["date"]]
    assert got == [("protest", "2025-05-18")]


def test_detained_during_an_operation_is_a_raid(extractor):
    evs = _events(extractor, "On Friday, Asayish units detained three men during an operation in Al-Hol camp.")
    assert [(e["type"], e["date"], e["arrested"]) for e in evs] == [("security_operation", "2025-05-16", 3)]
    # an arrest with no operation stays an arrest
    evs = _events(extractor, "On Friday, police arrested a smuggler in Qamishli.")
    assert [e["type"] for e in evs] == ["arrest"]


def test_a_forecast_states_no_event(extractor):
    assert _events(extractor, "We expect the militias to launch more drone attacks on the bases next month.") == []


@pytest.mark.parametrize("text, trucks", [
    ("On May 3 and May 9, two batches of 35 and 25 trucks entered Syria through Semalka crossing.", [35, 25]),
    ("On May 4 and May 10, two batches crossed into Syria, carrying 40 and 15 vehicles.", [40, 15]),
])
def test_convoys_of_one_sentence_take_a_list_of_counts_in_order(extractor, text, trucks):
    evs = sorted((e for e in _events(extractor, text) if e["type"] == "convoy"), key=lambda e: e["date"])
    assert [e["trucks"] for e in evs] == trucks


def test_a_tally_over_a_range_of_two_month_days_dates_no_event(extractor):
    text = ("Between April 21 and May 19, the monitor documented 9 attacks by ISIS cells in the desert, which left "
            "14 soldiers dead.")
    assert [e for e in _events(extractor, text) if e["date"]] == []


@pytest.mark.parametrize("text, counts", [
    # a personal name after the role word is one person; a people's adjective or an acronym is not a name
    ("On Monday, a drone strike near Sarmada killed Khalid Abu Bakr al-Shami, a commander of an armed group.",
     {"killed": 1}),
    ("On Monday, a drone strike near Sarmada killed Iranian-backed fighters.", {"killed": None}),
    # 'he was killed' in the raid's later sentence
    ("On Monday, SDF forces raided a farm near Hajin, arresting two suspects. A third man opened fire, and he was "
     "killed.", {"killed": 1, "arrested": 2}),
    # 'one of the detainees died': the verb says what befell them, not 'detainees'
    ("On Monday, two days after his arrest, one of the detainees died under torture in a prison in Afrin.",
     {"killed": 1, "arrested": None}),
    # one person named before 'and' adds to the number
    ("On Monday, a police officer and three civilians were wounded when a bomb exploded in Al-Bab.",
     {"injured": 4}),
])
def test_people_counted_without_a_number_of_their_own(extractor, text, counts):
    evs = [e for e in _events(extractor, text) if e["date"]]
    assert len(evs) == 1, evs
    assert {k: evs[0][k] for k in counts} == counts


def test_one_person_named_before_and_is_a_target_not_an_actor(extractor):
    ev = [e for e in _events(extractor, "On Monday, a regime officer and two conscripts were killed in an ambush by "
                                         "ISIS near Al-Sukhnah.") if e["date"]][0]
    assert ev["actors"] == ["ISIS"] and len(ev["targets"]) == 2, (ev["actors"], ev["targets"])


@pytest.mark.parametrize("text, expected", [
    # the prisoners an attack takes are part of the attack
    ("On Monday, ISIS fighters ambushed a patrol of the National Defence Forces near Al-Shoula, killing three "
     "members and capturing a fourth.", [("attack_other", "2025-05-19")]),
    # security forces who capture someone make an arrest
    ("On Monday, SDF forces captured an ISIS member in Hajin.", [("arrest", "2025-05-19")]),
])
def test_captures_in_an_attack_belong_to_the_attack(extractor, text, expected):
    assert [(e["type"], e["date"]) for e in _events(extractor, text) if e["date"]] == expected


@pytest.mark.parametrize("text, expected", [
    ("Gunmen shot dead a teacher in Jasim on May 11, and on the next day a bomb exploded near a bakery in Tafas.",
     [("attack_other", "2025-05-11"), ("ied_explosion", "2025-05-12")]),
    ("On May 12, a Turkish drone struck a car near Amuda; on May 14, Turkish artillery shelled villages near "
     "Tal Tamr.", [("drone_strike", "2025-05-12"), ("shelling", "2025-05-14")]),
])
def test_a_clause_that_opens_with_its_own_day_is_an_event_of_its_own(extractor, text, expected):
    got = sorted((e["type"], e["date"]) for e in _events(extractor, text) if e["date"])
    assert got == sorted(expected)


def test_a_section_title_states_no_event(extractor):
    text = ("Raids and arrests:\n\n"
            "On May 6, SDF forces raided a house in Al-Zir village and arrested two men.\n\n"
            "Attacks on bases:\n\n"
            "On May 9, two rockets fell near the Coalition base in Al-Omar oil field.\n")
    got = [(e["type"], e["date"]) for e in _events(extractor, text)]
    assert got == [("security_operation", "2025-05-06"), ("rocket_attack", "2025-05-09")]


def test_ground_based_strikes_are_shelling(extractor):
    evs = _events(extractor, "On 14 May, ground-based strikes hit a market in Kansafra, killing a man.")
    assert [(e["type"], e["date"], e["killed"]) for e in evs] == [("shelling", "2025-05-14", 1)]


def test_the_day_month_stamp_of_a_post_and_a_day_month_year_date(extractor):
    text = ("18.05 | 21:10 — Gunmen opened fire on an Asayish checkpoint in Amuda, one member martyred.\n"
            "17.05 | 08:30 — Turkish artillery shelled villages near Tal Tamr.\n"
            "Update on 16.05.2025: residents of Kobani protested against the water cuts.\n"
            "The road is 2.5 km long, and 3.4 | 2.1 are the ratios.\n")
    got = sorted((e["type"], e["date"]) for e in _events(extractor, text) if e["date"])
    assert got == [("attack_other", "2025-05-18"), ("protest", "2025-05-16"), ("shelling", "2025-05-17")]


def test_a_patrol_or_convoy_that_was_attacked_is_the_target_not_the_event(extractor):
    evs = _events(extractor, "On Sunday, an SDF patrol ambushed near Hajin, two fighters martyred.")
    assert [(e["type"], e["date"], e["killed"]) for e in evs] == [("attack_other", "2025-05-18", 2)]


def test_a_batch_of_a_stated_total_takes_its_sender(extractor):
    text = ("The 140th month of Coalition operations in Syria\n\n"
            "SOHR documented the arrival of 120 trucks affiliated to the International Coalition in three batches.\n\n"
            "On May 2, the first batch of 50 trucks entered Syria through Semalka crossing.\n\n"
            "On May 8, another batch of 40 trucks arrived at Qasrak base.\n\n"
            "On May 15, a convoy of 30 trucks entered Syria through Semalka crossing.\n")
    evs = {e["date"]: e["actors"] for e in _events(extractor, text) if e["type"] == "convoy" and e["date"]}
    assert evs == {"2025-05-02": ["International Coalition"], "2025-05-08": ["International Coalition"],
                   "2025-05-15": []}, evs


def test_a_batch_that_names_its_crossing_is_placed_there(extractor):
    text = ("In the 140th month, 90 trucks crossed into Syria from the Kurdistan Region of Iraq in two batches.\n\n"
            "The first batch, of 50 trucks, crossed Semalka border crossing on May 2 and headed to Qasrak base.\n")
    evs = [e for e in _events(extractor, text) if e["type"] == "convoy" and e["date"] == "2025-05-02"]
    assert [e["location"] for e in evs] == ["Semalka"], evs


@pytest.mark.parametrize("text, actors, targets", [
    # a post's passive without "were": the people it names are the targets, not actors
    ("On Sunday, SDF + coalition raid in Al-Hawaij, 4 young men detained so far.", ["SDF", "coalition"],
     ["young men"]),
    ("On Sunday, Turkish drone strike on a car near Amuda, 2 fighters martyred.", ["Turkish drone"],
     ["car", "fighters"]),
])
def test_a_passive_without_its_verb_to_be_names_targets(extractor, text, actors, targets):
    from annotator.nlp import scoring
    ev = [e for e in _events(extractor, text) if e["date"]][0]
    assert scoring._roles_ok(actors, ev["actors"]) and len(ev["actors"]) == len(actors), ev["actors"]
    assert scoring._roles_ok(targets, ev["targets"]) and len(ev["targets"]) == len(targets), ev["targets"]


@pytest.mark.parametrize("text, targets", [
    ("On Sunday, a roadside bomb went off at an Asayish checkpoint near Tal Hamis, injuring a guard.",
     ["Asayish checkpoint", "guard"]),
    # who died of the event is its victim, and a bullet's dash is no part of the phrase
    ("- A shepherd died of wounds he sustained on 18 May when a landmine exploded near Maadan.", ["shepherd"]),
    ("On Sunday, one of the detainees died under torture in a prison in Afrin.", ["one of the detainees"]),
])
def test_what_went_off_at_and_who_died(extractor, text, targets):
    from annotator.nlp import scoring
    ev = [e for e in _events(extractor, text) if e["date"]][0]
    assert scoring._roles_ok(targets, ev["targets"]) and len(ev["targets"]) == len(targets), ev["targets"]


def test_a_kurdish_outlets_wording(extractor):
    """'martyring' counts the killed and names victims; 'targeted the villages ... with heavy artillery' is
    shelling."""
    evs = _events(extractor, "On Sunday, an occupation drone struck a motorcycle near Dirbêsiyê, martyring two "
                             "members of the Asayish.")
    assert [(e["type"], e["killed"]) for e in evs if e["date"]] == [("drone_strike", 2)]
    assert not any("Asayish" in a for a in evs[0]["actors"]), evs[0]["actors"]
    evs = _events(extractor, "On Sunday, the occupation army targeted the villages of Til Temir countryside with "
                             "heavy artillery, wounding a child.")
    assert [(e["type"], e["injured"]) for e in evs if e["date"]] == [("shelling", 1)]


def test_a_search_op_is_a_security_operation(extractor):
    evs = _events(extractor, "On Sunday, Asayish units conducted a search op in Al-Hol camp and detained four women.")
    assert [(e["type"], e["arrested"]) for e in evs if e["date"]] == [("security_operation", 4)]



@pytest.mark.parametrize("text, counts", [
    ("On Sunday, a drone hit a motorbike near Al-Kasra bridge, rider killed on the spot.", {"killed": 1}),
    ("On Sunday, gunmen opened fire on a car near Hajin, driver wounded.", {"injured": 1}),
])
def test_a_posts_bare_singular_victim_is_one(extractor, text, counts):
    ev = [e for e in _events(extractor, text) if e["date"]][0]
    assert {k: ev[k] for k in counts} == counts
    assert "spot" not in " ".join(ev["targets"])


@pytest.mark.parametrize("text", [
    "On Sunday, a drone (believed to be Turkish) struck a car near Amuda.",
    "On Sunday, a drone, believed to be Turkish, struck a car near Amuda.",
    "On Sunday, a drone - its origin unknown - struck a car near Amuda.",
])
def test_an_aside_between_the_drone_and_its_verb(extractor, text):
    assert [(e["type"], e["date"]) for e in _events(extractor, text) if e["date"]] == [("drone_strike", "2025-05-18")]


def test_villages_shelled_are_what_was_hit(extractor):
    """Plural villages or towns an attack hit are its target (the precision and registers gold); a named
    village stays the place."""
    ev = [e for e in _events(extractor, "On Sunday, regime forces shelled villages near Kafr Nabl, wounding a "
                                        "woman.") if e["date"]][0]
    assert ev["targets"] == ["villages", "woman"] and ev["location"] == "Kafr Nabl", (ev["targets"], ev["location"])


def test_the_camp_sector_a_raid_went_into_is_no_target(extractor):
    ev = [e for e in _events(extractor, "On Sunday, Asayish units raided the third sector of Al-Hol camp, arresting "
                                        "three women.") if e["date"]][0]
    assert ev["targets"] == ["three women"], ev["targets"]


def test_the_number_of_an_item_may_follow_its_day(extractor):
    text = ("On May 2, the Coalition brought in 35 trucks loaded with fuel, and on May 9, 25 others followed through "
            "the same crossing.")
    got = sorted((e["date"], e["trucks"]) for e in _events(extractor, text) if e["type"] == "convoy")
    assert got == [("2025-05-02", 35), ("2025-05-09", 25)]


def test_a_while_clause_with_a_day_of_its_own(extractor):
    text = ("SOHR documented a convoy of 30 trucks on May 4, carrying fuel to Qasrak base, while the last batch of "
            "25 trucks entered on May 12.")
    got = sorted((e["date"], e["trucks"]) for e in _events(extractor, text) if e["type"] == "convoy")
    assert got == [("2025-05-04", 30), ("2025-05-12", 25)]


@pytest.mark.parametrize("text, actors", [
    ("On Sunday, a drone believed to belong to the International Coalition struck a car near Al-Bab.",
     ["International Coalition"]),
    # people said to belong to a group are the actors; the group is their affiliation
    ("On Sunday, gunmen believed to belong to ISIS cells shot dead a shepherd near Maadan.", ["gunmen"]),
])
def test_believed_to_belong_to(extractor, text, actors):
    ev = [e for e in _events(extractor, text) if e["date"]][0]
    assert [a.lower().removeprefix("the ") for a in ev["actors"]] == [a.lower() for a in actors], ev["actors"]


def test_an_arrest_by_the_coalition_is_a_security_operation(extractor):
    got = [e["type"] for e in _events(extractor, "On Sunday, SDF and Coalition forces arrested an ISIS financier in "
                                                 "Al-Busayrah.") if e["date"]]
    assert got == ["security_operation"]
    got = [e["type"] for e in _events(extractor, "On Sunday, regime forces arrested three young men at a checkpoint "
                                                 "in Inkhil.") if e["date"]]
    assert got == ["arrest"]


@pytest.mark.parametrize("text, day", [
    ("On the last day of 2024, a landmine exploded near Maadan, killing a shepherd.", "2024-12-31"),
    ("On the first day of May, a landmine exploded near Maadan, killing a shepherd.", "2025-05-01"),
    ("On the last day of April, a landmine exploded near Maadan, killing a shepherd.", "2025-04-30"),
])
def test_the_first_or_last_day_of_a_month_or_year(extractor, text, day):
    assert [e["date"] for e in _events(extractor, text)] == [day]


def test_whose_vehicle_ran_over_a_mine_is_no_attacker(extractor):
    ev = _events(extractor, "On Sunday, a truck of the Fourth Division ran over a landmine near Al-Shoula.")[0]
    assert ev["actors"] == [] and ev["targets"] == ["truck of the Fourth Division"], (ev["actors"], ev["targets"])
    ev = _events(extractor, "On Sunday, ISIS planted a landmine that a bus ran over near Al-Kawm.")[0]
    assert ev["actors"] == ["ISIS"], ev["actors"]
