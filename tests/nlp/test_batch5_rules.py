"""Rules added after the sixth first-sight batch (h/extract5: coalition-141, -142, -143 in the series set; a wire
flash, a passive press release, a channel repost in outlets; a radio transcript, an NGO casualty list, a hedged
think-tank weekly in registers), each on sentences of our own that are not in the batch, in several phrasings."""
import pytest

from annotator.nlp.jsonout import facts_json

from .rule_helpers import PERIOD, dated as _dated, events as _events, one as _one  # noqa: F401


# -- day/month/year with slashes ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, day", [
    ("04/04/2025 – Nawa, Daraa – unknown gunmen – a mukhtar shot dead near his house.", "2025-04-04"),
    ("On 11/4/2025 a landmine exploded near Maadan, killing a shepherd.", "2025-04-11"),
    ("Regime forces shelled Kansafra on 4/13/2025, wounding two farmers.", "2025-04-13"),  # month first: 13 > 12
    ("A drone hit a car near Amuda on 2.4.2025.", "2025-04-02"),
])
def test_a_numeric_date_with_its_year_dates_the_event(extractor, text, day):
    assert _one(extractor, text, period=None)["date"] == day


def test_a_slash_fraction_is_no_date(extractor):
    e = _one(extractor, "On April 3, gunmen killed a man in Hajin; 3/4 of the village fled.", period=None)
    assert e["date"] == "2025-04-03"


# -- a flash label is no dateline ------------------------------------------------------------------------------
@pytest.mark.parametrize("label", ["URGENT", "BREAKING", "FLASH", "DEVELOPING"])
def test_a_flash_label_leaves_the_real_dateline_to_date_the_item(extractor, label):
    text = (f"{label} — Blast hits market in Azaz\n\nAZAZ, Syria, April 9 (Levant Wire) — A car bomb exploded in a "
            "market in Azaz late on Tuesday, killing three people.\n")
    assert _one(extractor, text, published="2025-04-09", period=None)["date"] == "2025-04-08"


# -- attributed, not hedged ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, kind", [
    ("On 5 April, gunmen allegedly opened fire on a car near Al-Sour, killing its driver.", "attack_other"),
    ("A man was allegedly tortured to death by regime intelligence in Nawa on 6 April.", "attack_other"),
    ("Turkish-backed factions were reportedly responsible for a mortar attack on Ain Issa on 7 April.", "shelling"),
    ("ISIS cells were responsible for an ambush on an SDF patrol near Hajin on 8 April, sources said.", "attack_other"),
])
def test_an_attributed_event_is_proposed(extractor, text, kind):
    assert _one(extractor, text, period=None)["type"] == kind


@pytest.mark.parametrize("text", [
    "Residents fear that militias may shell the village again.",
    "Sources suggested that ISIS might be responsible for the attack.",
])
def test_a_guess_is_still_no_event(extractor, text):
    assert [e for e in _events(extractor, text, period=None) if e["date"]] == []


# -- drones that crashed into or blew up -----------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "On April 9, a suicide drone crashed into an SDF post near Ain Issa.",
    "On April 9, a kamikaze drone slammed into the Coalition base at Al-Tanf.",
    "On April 9, an explosive-laden drone exploded over a house in Tal Tamr, wounding a woman.",
])
def test_a_drone_that_crashed_into_or_exploded_is_a_drone_strike(extractor, text):
    assert _one(extractor, text)["type"] == "drone_strike"


def test_a_drone_that_crashed_in_a_field_is_no_strike(extractor):
    assert [e for e in _events(extractor, "On April 9, a surveillance drone crashed in a field near Amuda.")
            if e["type"] == "drone_strike"] == []


@pytest.mark.parametrize("text", [
    "On April 10, the regime's air defences shot down two drones over Hama.",
    "On April 10, SDF fighters shot down a drone near Tal Tamr.",
])
def test_shooting_down_a_drone_is_no_shooting(extractor, text):
    assert _events(extractor, text) == []


# -- a definite event noun after a new happening names one told before ------------------------------------------
@pytest.mark.parametrize("second, kind", [
    ("On April 6, clashes broke out between SDF fighters and clan gunmen in Dhiban after the clan blamed the SDF "
     "for a death during the raid.", "armed_clash"),
    ("On April 6, tribal gunmen attacked an SDF checkpoint in Dhiban in revenge for the raid.", "attack_other"),
    ("On April 6, dozens of people protested in Dhiban against the arrests made in the raid.", "protest"),
])
def test_the_raid_told_before_does_not_type_a_new_happening(extractor, second, kind):
    text = "On April 3, SDF and Coalition forces raided a house in Dhiban and arrested two men.\n\n" + second
    assert [(e["type"], e["date"]) for e in _events(extractor, text)] == [
        ("security_operation", "2025-04-03"), (kind, "2025-04-06")]


def test_the_first_raid_told_stays_the_raid(extractor):
    e = _one(extractor, "On April 6, clashes erupted during the raid on a farm near Hajin, and two ISIS members "
                        "were arrested.")
    assert e["type"] == "security_operation"


# -- a post's emoji marker, '|' between a tag and its news --------------------------------------------------------
def test_each_post_of_a_repost_is_an_item(extractor):
    text = ("🔴 Repost from a local channel:\n\n"
            "📍 #Manbij | Turkish artillery shelled the village of Arab Hasan this evening\n\n"
            "📍 #Qamishli | Asayish forces arrested 2 young men in Al-Hilaliyah this morning 💔\n")
    evs = _events(extractor, text, published="2025-04-10", period=None)
    assert [(e["type"], e["date"], e["actors"]) for e in evs] == [
        ("shelling", "2025-04-10", ["Turkish artillery"]), ("arrest", "2025-04-10", ["Asayish forces"])]


# -- who fired, who is said to be whom -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, actor", [
    ("On April 11, a man was wounded by gunfire from unidentified gunmen in Al-Shuhayl.", "unidentified gunmen"),
    ("On April 11, militias fired four rockets at the Coalition base in Conoco field.", "militias"),
])
def test_who_fired(extractor, text, actor):
    assert _one(extractor, text)["actors"] == [actor]


@pytest.mark.parametrize("text", [
    "On April 12, a drone struck a car near Idlib, killing two men believed to be commanders of Hurras al-Din.",
    "On April 12, a Coalition drone killed two men said to be members of Hurras al-Din near Sarmada.",
])
def test_what_victims_are_said_to_be_is_neither_side(extractor, text):
    assert "Hurras al-Din" not in _one(extractor, text)["actors"]


def test_a_clash_between_two_factions_of_a_group_names_neither_the_group(extractor):
    e = _one(extractor, "On April 13, clashes erupted between the Hamza Division and the Sultan Murad Division, two "
                        "factions of the Turkish-backed Syrian National Army, in Afrin.")
    assert (e["actors"], e["targets"]) == (["Hamza Division"], ["Sultan Murad Division"])


def test_whom_a_charge_names_is_no_target(extractor):
    e = _one(extractor, "On April 13, clashes broke out between SDF fighters and clan gunmen in Thiban after the clan "
                        "accused the SDF of killing one of its elders.")
    assert not any("elders" in t for t in e["targets"]), e["targets"]


# -- shorthand results, counted people joined ---------------------------------------------------------------------
@pytest.mark.parametrize("text, arrested", [
    ("On April 14, partner forces conducted a raid near Al-Busayrah. Results: 1 x detained, 2 x EKIA.", 1),
    ("On April 14, coalition forces conducted a raid near Hajin, 2x detained.", 2),
    ("On April 14, an ISIS facilitator was detained during a partnered raid in Al-Shaddadi.", 1),
])
def test_a_shorthand_count_counts_and_names_no_target(extractor, text, arrested):
    e = _one(extractor, text)
    assert e["arrested"] == arrested
    assert not any(t.strip()[:1].isdigit() and len(t.split()) <= 2 for t in e["targets"]), e["targets"]


@pytest.mark.parametrize("text, killed", [
    ("On April 15, two SDF fighters and a clan gunman were killed in clashes in Gharanij.", 3),
    ("On April 15, clashes broke out in Al-Kishkiyah. Three tribal fighters and a child were killed in the "
     "fighting.", 4),
    ("On April 15, a regime officer and two soldiers were killed in an ambush near Palmyra.", 3),
])
def test_people_joined_in_a_passive_subject_are_all_counted(extractor, text, killed):
    assert _one(extractor, text)["killed"] == killed


# -- partners of an exercise, the base a convoy reached ----------------------------------------------------------
@pytest.mark.parametrize("text, actors", [
    ("On April 16, the Coalition and SDF held a joint military exercise near Al-Shaddadi.", ["the Coalition", "SDF"]),
    ("On April 16, Coalition and SDF forces held a joint live-fire exercise at Al-Omar oil field.",
     ["Coalition", "SDF forces"]),
])
def test_both_partners_of_a_held_exercise_are_actors(extractor, text, actors):
    assert _one(extractor, text)["actors"] == actors


def test_the_base_a_convoy_reached_is_no_sender(extractor):
    e = _one(extractor, "On April 17, 30 trucks crossed Al-Waleed and reached the Coalition base in Tal Baydar.")
    assert (e["type"], e["actors"]) == ("convoy", [])


# -- stated totals: none, and batch dates from the convoys ---------------------------------------------------------
@pytest.mark.parametrize("sentence, value", [
    ("SOHR activists did not document any joint security operation during the month.", 0),
    ("No joint operations were recorded in the past month.", 0),
    ("SOHR documented two joint security operations.", 2),
    ("Residents asked whether any joint operation would follow.", None),
])
def test_a_negated_total_of_joint_operations_states_zero(extractor, sentence, value):
    facts = facts_json(extractor.extract("In the past month, 60 trucks entered Syria.\n\n" + sentence + "\n",
                                         published="2025-04-23", period=PERIOD))
    assert facts["joint_operations"] == value


def test_batch_dates_are_the_entering_convoys_when_they_number_the_stated_batches(extractor):
    text = ("In the past month, 100 trucks of the Coalition entered Syria in three batches.\n\n"
            "On March 25, a convoy of 30 trucks entered through Al-Waleed crossing.\n\n"
            "On April 2, 40 trucks crossed Al-Waleed.\n\n"
            "On April 9, the third batch of 30 trucks entered through Al-Waleed crossing.\n\n"
            "On April 12, a convoy of 20 empty trucks left towards Iraq.\n")
    facts = facts_json(extractor.extract(text, published="2025-04-23", period=PERIOD))
    assert sorted(facts["batch_dates"]) == ["2025-03-25", "2025-04-02", "2025-04-09"]


def test_batch_dates_stay_unread_when_the_convoys_do_not_number_the_batches(extractor):
    text = ("In the past month, 100 trucks of the Coalition entered Syria in three batches.\n\n"
            "On March 25, a convoy of 30 trucks entered through Al-Waleed crossing.\n")
    assert facts_json(extractor.extract(text, published="2025-04-23", period=PERIOD))["batch_dates"] is None


# -- several targets listed after a colon ------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("On April 18, Turkish drones struck two targets near Darbasiyah: a car near Qasimiyah, killing two fighters, "
     "and a house in Al-Hamidiyah, wounding a woman.",
     [("Qasimiyah", 2, None), ("Al-Hamidiyah", None, 1)]),
    ("On April 18, Russian warplanes bombed three sites in Idlib countryside: a poultry farm near Sarmin; a water "
     "station in Ariha, killing a worker; and a house in Binnish, wounding two children.",
     [("Sarmin", None, None), ("Ariha", 1, None), ("Binnish", None, 2)]),
])
def test_targets_listed_after_a_colon_are_one_strike_each(extractor, text, expected):
    evs = _events(extractor, text)
    assert [(e["location"], e["killed"], e["injured"]) for e in evs] == expected
    assert all(e["actors"] == evs[0]["actors"] and e["actors"] for e in evs)


def test_one_struck_target_with_a_colon_of_detail_stays_one_strike(extractor):
    evs = _events(extractor, "On April 18, a drone struck a car near Amuda: the driver was killed.")
    assert len(evs) == 1


# -- "two raids on April 4 and 5 in A and B ... in each" ----------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("On April 4 and 5, SDF forces carried out two raids in Hajin and Al-Shuhayl, arresting two men in each.",
     [("2025-04-04", "Hajin", 2), ("2025-04-05", "Al-Shuhayl", 2)]),
    ("April 8 and 9: Coalition helicopters backed two airdrops by SDF in Thiban and Al-Kishkiyah, detaining one "
     "suspect in each.", [("2025-04-08", "Thiban", 1), ("2025-04-09", "Al-Kishkiyah", 1)]),
])
def test_counted_raids_on_listed_days_and_places_are_one_each(extractor, text, expected):
    evs = _events(extractor, text)
    assert [(e["date"], e["location"], e["arrested"]) for e in evs] == expected


@pytest.mark.parametrize("text", [
    "On April 4 and 5, SDF forces carried out raids in Hajin and Al-Shuhayl, arresting two men in each.",  # not counted
    "On April 4 and 5, SDF forces carried out two raids in Hajin and Al-Shuhayl, arresting five men.",  # no 'each'
])
def test_without_a_count_or_each_the_days_stay_one_event(extractor, text):
    assert len(_events(extractor, text)) == 1


@pytest.mark.parametrize("text, actors", [
    ("On April 10, Coalition helicopters backed two airdrops by SDF in Dhiban.", ["Coalition", "SDF"]),
    ("On April 10, Coalition aircraft supported a raid by SDF in Hajin.", ["Coalition", "SDF"]),
])
def test_who_backs_a_raid_with_a_verb_is_an_actor(extractor, text, actors):
    assert _one(extractor, text)["actors"] == actors


def test_a_backed_group_is_still_no_actor(extractor):
    assert "Turkey" not in _one(extractor, "On April 10, Turkey backed factions shelled Um al-Keif.")["actors"]
