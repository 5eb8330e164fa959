"""Candidate events on news-item and monitor-note phrasings of our own (issue 8): the wider trigger vocabulary,
one candidate per happening, undated events, tallies and headlines that are no events, enumerated convoys."""
import pytest


def events(run, text, **kw):
    return run(text, **kw).events


def one(run, text, **kw):
    evs = events(run, text, **kw)
    assert len(evs) == 1, [(e.type, e.date, e.evidence[:60]) for e in evs]
    return evs[0]


# -- wider triggers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, event_type", [
    ("On March 4, a sniper shot and killed a farmer in Kafr Nabl.", "attack_other"),
    ("On March 4, gunmen on a motorbike shot a teacher outside his school in Al-Mayadin.", "attack_other"),
    ("On March 5, a man threw a hand grenade at a shop in Al-Hol market.", "ied_explosion"),
    ("On March 6, a detainee from Saraqib died as a result of torture in a government prison.", "attack_other"),
    ("On March 6, a former fighter died in custody three days after his arrest in Tafas.", "attack_other"),
    ("On March 7, unknown men kidnapped a pharmacist on the road to Al-Busayrah.", "attack_other"),
    ("On March 7, the body of a shepherd was found dumped near Al-Kasrah.", "attack_other"),
    ("On March 8, residents of Jarablus protested against rising bread prices.", "protest"),
    ("On March 8, dozens of people held a vigil in Kobani for the victims.", "protest"),
    ("On March 8, hundreds took to the streets of Amuda demanding the release of detainees.", "protest"),
    ("On March 9, teachers in Al-Hasakah demonstrated outside the education office.", "protest"),
    ("On March 9, an explosion rocked a market in Al-Bab, wounding four people.", "ied_explosion"),
    ("On March 9, a child was killed when unexploded ordnance went off in a field near Busra.", "ied_explosion"),
    ("On March 10, fighters fired an RPG at an army checkpoint in Tell Abyad.", "rocket_attack"),
    ("On March 10, rebels hit a bulldozer with a guided missile on the Kabani front.", "rocket_attack"),
    ("On March 11, a new Turkish column of 40 vehicles entered through Kafr Lusin crossing.", "convoy"),
    ("On March 11, heavy fighting broke out between two factions in Jindires.", "armed_clash"),
    ("On March 12, the two sides exchanged fire near Manbij.", "armed_clash"),
    ("On March 12, clashes erupted between the factions in Ftireh amid heavy shelling on the area.", "armed_clash"),
    ("On March 13, suspected Israeli warplanes carried out 12 raids on militia positions near Al-Bukamal.",
     "airstrike"),
    ("Near Tabqa, three strikes destroyed an ISIL vehicle on March 13.", "airstrike"),
    ("On March 3, dozens of women gathered outside the council in Raqqa to demand news of detained sons.",
     "protest"),
    ("On March 4, government forces captured the village of Kabani after heavy shelling.", "armed_clash"),
    ("On March 4, government forces captured two rebels near Kabani.", "arrest"),
    ("On March 5, a council member's son was forcibly disappeared in Afrin.", "attack_other"),
    ("On March 5, security forces fired on protesters in Sweida, wounding three.", "protest"),
    ("On March 6, an unidentified drone fired a missile at a car near Tal Abyad.", "drone_strike"),
    ("On March 7, the group executed a man accused of spying in Idlib.", "attack_other"),
    ("On March 8, US forces deployed troops at the entrance of Tal Tamr.", "convoy"),
])
def test_conflict_vocabulary_maps_to_our_types(run, text, event_type):
    assert one(run, text).type == event_type


def test_a_trigger_opening_a_sentence_matches_its_base_form(run):
    e = one(run, "Drone strike on a car near Tal Tamr on March 3 kills two fighters.")
    assert e.type == "drone_strike"


def test_a_convoy_under_fire_is_the_target_not_a_convoy(run):
    assert one(run, "On March 4, gunmen opened fire on a convoy of the 5th Corps in Nawa.").type == "attack_other"
    assert one(run, "On March 4, militants ambushed a regime army patrol near Palmyra.").type == "attack_other"


def test_an_ied_that_a_strike_destroyed_is_no_explosion(run):
    e = one(run, "On March 5, two strikes engaged an ISIL unit and destroyed a vehicle, a tank and two IEDs.")
    assert e.type == "airstrike"
    assert one(run, "On March 5, one strike hit an ISIL IED factory near Hajin.").type == "airstrike"


def test_the_raided_village_stays_a_raid_when_helicopters_back_it(run):
    e = one(run, "On March 6, SDF fighters backed by helicopters raided a farm in Diban, arresting two men.")
    assert e.type == "security_operation"


# -- counts -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, killed", [
    ("On March 4, a sniper shot and killed a civilian in Maarat al-Numan.", 1),
    ("On March 4, a man was found dead in his house in Qatana.", 1),
    ("On March 4, a shepherd was found handcuffed and killed near Al-Kasrah.", 1),
    ("On March 4, a fuel tanker exploded in Azaz; between 12 and 20 people were killed.", 12),
])
def test_dead_of_a_note(run, text, killed):
    assert one(run, text).count("killed") == killed


def test_a_range_of_dead_reads_at_least_the_lower_bound(run):
    e = one(run, "On March 4, a car bomb went off in Afrin; between 12 and 20 people were killed.")
    assert (e.count("killed"), e.counts["killed"].qualifier) == (12, "at_least")


# -- one happening, one candidate ----------------------------------------------------------------------
def test_the_convoy_of_the_next_sentence_adds_its_trucks(run):
    text = ("US forces send more trucks to eastern Syria\n\n"
            "A US military convoy entered Syria through Al-Waleed crossing on March 12, heading to Al-Hasakah.\n"
            "The convoy comprised 35 trucks loaded with logistical equipment.")
    e = one(run, text)
    assert (e.type, e.date, e.count("trucks")) == ("convoy", "2024-03-12", 35)


def test_the_captured_man_and_the_dead_of_the_operation_belong_to_the_raid(run):
    text = ("On March 5, Coalition forces and the SDF raided a house in Al-Hariji, arresting an ISIS leader.\n"
            "The captured man was identified as a financier of the group.\n"
            "Two other ISIS members were killed during the operation.")
    e = one(run, text)
    assert (e.type, e.date, e.count("arrested"), e.count("killed")) == ("security_operation", "2024-03-05", 1, 2)


def test_the_attack_in_the_next_paragraph_adds_its_dead(run):
    text = ("On March 20, gunmen attacked an SDF checkpoint in Al-Sabha.\n\n"
            "The attack left three fighters dead and two wounded, a local source said.")
    e = one(run, text)
    assert (e.count("killed"), e.count("injured")) == (3, 2)


def test_a_new_raid_on_another_day_is_a_new_event(run):
    text = ("On March 5, the SDF raided a house in Al-Hariji, arresting two men.\n\n"
            "On March 9, the raid on a farm in Diban led to the arrest of a cell leader.")
    assert [e.date for e in events(run, text)] == ["2024-03-05", "2024-03-09"]


def test_these_operations_with_nothing_before_propose_nothing(run):
    assert events(run, "These security operations left four ISIS members dead.") == []


def test_a_headline_restating_the_body_is_not_a_second_event(run):
    text = ("Drone strike kills two ISIS commanders near Al-Bab.\n"
            "A drone strike killed two ISIS commanders near Al-Bab on March 14, local sources said.")
    e = one(run, text)
    assert (e.type, e.date, e.count("killed")) == ("drone_strike", "2024-03-14", 2)


def test_a_first_line_about_something_else_stays(run):
    text = ("Protesters in Raqqa demand the release of detainees.\n"
            "A drone strike killed two ISIS commanders near Al-Bab on March 14, local sources said.")
    assert sorted(e.type for e in events(run, text)) == ["drone_strike", "protest"]


# -- not events ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Since the start of the year, 120 people were killed in attacks by ISIS cells across the province.",
    "In total, Coalition aircraft carried out 45 airstrikes in March, killing 60 militants.",
    "Over the past four weeks, the SDF carried out nine raids with Coalition support.",
    "The monitor documented seven drone strikes by Turkish forces on the region in the past month.",
    "ISIS cells continue to carry out attacks on SDF checkpoints in the eastern countryside.",
    "Since early January, the death toll of the shelling has risen to 44.",
    "During the month, nearly 120 trucks belonging to the Coalition entered Syria.",
    "Families told monitors that the raids of the past month were carried out at night.",
    "Families say they learn of the arrest of their sons only from neighbours.",
])
def test_tallies_and_habits_are_no_events(run, text):
    assert events(run, text) == []


def test_a_tally_next_to_a_dated_event_leaves_the_event(run):
    text = ("Since the start of the year, 120 people were killed in attacks by ISIS cells across the province.\n"
            "On March 9, gunmen killed two SDF fighters in Al-Shuhail.")
    e = one(run, text)
    assert (e.type, e.date, e.count("killed")) == ("attack_other", "2024-03-09", 2)


# -- every stated event is proposed ------------------------------------------------------------------------
def test_an_undated_strike_is_proposed_without_a_date(run):
    e = one(run, "US warplanes pounded the village of Tell Amer, killing 6 civilians.")
    assert (e.type, e.date, e.count("killed")) == ("airstrike", None, 6)


def test_a_note_of_one_line_without_a_full_stop_is_read(run):
    e = one(run, "On March 8, civilians in Binnish protested against the closure of the crossing [size=dozens]")
    assert (e.type, e.date) == ("protest", "2024-03-08")


# -- enumerations ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "On March 3, 40 vehicles entered Syria through Al-Waleed crossing, and 20 others on March 7.",
    "Coalition forces brought in 40 trucks on March 3 and another 20 trucks on March 7 via Al-Waleed crossing.",
    "On March 3, a convoy of 40 trucks entered Syria via Al-Waleed, followed by 20 more on March 7.",
    "Two convoys entered Syria via Semalka, the first of 40 trucks on March 3 and the second of 20 on March 7.",
    "The Coalition brought 60 trucks into Syria via Semalka: 40 on March 3 and 20 on March 7.",
])
def test_each_enumerated_convoy_gets_its_trucks(run, text):
    evs = events(run, text)
    assert [(e.type, e.date, e.count("trucks")) for e in evs] == [("convoy", "2024-03-03", 40),
                                                                ("convoy", "2024-03-07", 20)]


def test_a_stated_total_is_not_a_batch_count(run):
    ex = run("A total of 60 trucks entered Syria through Al-Waleed crossing in two batches: 40 on March 3 and "
             "20 on March 7.")
    assert [(e.date, e.count("trucks")) for e in ex.events] == [("2024-03-03", 40), ("2024-03-07", 20)]
    assert {f.kind: f.value for f in ex.facts}["trucks"] == 60


def test_one_convoy_over_two_days_stays_one(run):
    e = one(run, "On March 8 and 9, a convoy of 30 trucks entered Syria through Semalka.")
    assert (e.date, e.end_date, e.count("trucks")) == ("2024-03-08", "2024-03-09", 30)


# -- stored undated -------------------------------------------------------------------------------------------
def test_an_undated_candidate_is_stored_with_a_null_date(tmp_path, store):
    from annotator.importing import import_paths

    item = tmp_path / "item.txt"
    item.write_text("US warplanes pounded the village of Tell Amer, killing 6 civilians.\n", encoding="utf-8")
    list(import_paths(store, [item], reviewer="tester"))
    (e,) = store.events()
    assert (e.type, e.date, e.status, e.count("killed")) == ("airstrike", None, "pending", 6)


# -- a wire story ---------------------------------------------------------------------------------------------
WIRE = ("US-led coalition forces arrested an Islamic State official in a raid in eastern Syria on March 12, the "
        "SDF said.\n"
        "The operation took place in the village of Al-Shuhail in Deir Ezzor province. The arrested man was "
        "responsible for financing IS cells, the SDF said.\n"
        "Coalition helicopters supported the raid, which lasted around two hours.")


def test_a_wire_story_of_one_raid_is_one_candidate_placed_by_its_elaboration(run):
    e = one(run, WIRE)
    assert (e.type, e.date, e.count("arrested"), e.location) == ("security_operation", "2024-03-12", 1,
                                                                "Al-Shuhail")


def test_the_strike_of_the_next_sentence_places_the_drone_strike(run):
    text = ("A US drone strike killed a senior al-Qaeda-linked commander in northwest Syria on March 13.\n"
            "The strike targeted a vehicle near the town of Sarmada in Idlib province, a statement said.\n"
            "No group claimed responsibility for the shooting of a guard in the town on the same night.")
    evs = events(run, text)
    assert [(e.type, e.date, e.count("killed"), e.location) for e in evs] == [
        ("drone_strike", "2024-03-13", 1, "Sarmada")]


def test_the_third_attack_this_week_is_no_new_event(run):
    text = ("Several rockets struck the Green Village base in the Al-Omar oil field on March 15, an official said.\n"
            "It was the third attack on US forces in Syria this week.")
    assert [(e.type, e.date) for e in events(run, text)] == [("rocket_attack", "2024-03-15")]


@pytest.mark.parametrize("text", [
    "The SDF said it will launch a new security operation against ISIS cells in the coming days.",
    "Analysts said the campaign has weakened the group's ability to launch attacks.",
    "On March 10, the Coalition denied that its aircraft had struck a civilian vehicle near Hajin.",
    "On March 10, SDF forces foiled an attack on a checkpoint in Al-Busayrah.",
    "On March 10, the commander said his unit executed the plan on time.",
    "On March 10, explosive ordnance disposal teams cleared the road to the town.",
    "On March 10, officials said the town was within shelling range of the front.",
    "On March 9, the commander said the unit demonstrated its readiness.",
    "On March 8, oil prices rallied in the markets of Qamishli.",
    "On March 8, a sniper rifle was handed over at a checkpoint in Hajin.",
])
def test_what_did_not_happen_is_no_event(run, text):
    assert events(run, text) == []


@pytest.mark.parametrize("text, event_type, counts", [
    ("On March 8, security forces rounded up 12 young men in Hajin.", "arrest", {"arrested": 12}),
    ("On March 7, a suicide bomber blew himself up at a checkpoint in Al-Shaddadi, killing four SDF members.",
     "ied_explosion", {"killed": 4}),
    ("On March 6, a military cargo plane landed at the Kharab al-Jir base carrying weapons.", "convoy", {}),
    ("On March 9, dozens of residents marched through Manbij chanting slogans against conscription.",
     "protest", {}),
])
def test_more_of_the_vocabulary(run, text, event_type, counts):
    e = one(run, text)
    assert e.type == event_type and {k: e.count(k) for k in counts} == counts


@pytest.mark.parametrize("text, event_type", [
    ("On March 2, an IED planted by an unknown group exploded near a mosque in Al-Bab, killing the driver.",
     "ied_explosion"),
    ("On March 2, two fighters were found dead near Jindires, killed by an unknown gunman.", "attack_other"),
    ("On March 1, warplanes struck an arms depot near Masyaf. Shrapnel from the explosion injured several "
     "civilians. Several missiles fired by the warplanes were intercepted by air defences.", "airstrike"),
    ("On March 3, the SDF clashed with an ISIS cell near Raqqa. Two ISIS fighters were arrested.", "armed_clash"),
])
def test_a_note_of_one_happening_gives_one_event(run, text, event_type):
    assert one(run, text).type == event_type


def test_the_drone_of_the_next_sentence_is_the_same_strike(run):
    text = ("On March 5, a Turkish drone struck a car near Qamishli, killing two SDF fighters.\n"
            "The drone targeted the car on the road to Amuda, a local source said.")
    e = one(run, text)
    assert (e.type, e.date, e.count("killed")) == ("drone_strike", "2024-03-05", 2)


def test_the_drone_on_another_day_is_another_strike(run):
    text = ("On March 5, a Turkish drone struck a car near Qamishli.\n"
            "On March 7, the drone struck a motorcycle near Amuda.")
    assert [e.date for e in events(run, text)] == ["2024-03-05", "2024-03-07"]


def test_an_undated_candidate_ranks_below_the_same_one_dated(run):
    undated = one(run, "US warplanes pounded the village of Tell Amer, killing 6 civilians.")
    dated = one(run, "On March 4, US warplanes pounded the village of Tell Amer, killing 6 civilians.")
    assert undated.confidence < dated.confidence


def test_a_recall_of_last_month_is_proposed_not_taken_for_a_tally(run):
    e = one(run, "Last month, a Turkish drone struck a car near Amuda, killing two fighters.")
    assert (e.type, e.date, e.count("killed")) == ("drone_strike", None, 2)


def test_a_rocket_attack_after_an_air_strike_on_the_same_day_is_its_own_event(run):
    text = ("On March 30, Coalition aircraft carried out an airstrike on a militia position near Al-Mayadin.\n\n"
            "On March 30, militias stationed west of the Euphrates fired four rockets at the Coalition base in "
            "Green Village. Two rockets landed inside the base.")
    assert [(e.type, e.date) for e in events(run, text)] == [("airstrike", "2024-03-30"),
                                                            ("rocket_attack", "2024-03-30")]


def test_nothing_refers_back_across_a_heading(run):
    text = ("On March 5, a Turkish drone struck a car near Qamishli.\n\n"
            "{}"
            "The drone strike in Amuda killed two fighters.")
    assert len(events(run, text.format(""))) == 1  # the strike told just before
    assert [e.date for e in events(run, text.format("Strikes in the west\n\n"))] == ["2024-03-05", None]


def test_a_second_convoy_the_same_day_is_not_taken_for_the_first(run):
    text = ("On March 11, a convoy of 40 trucks entered Syria through Al-Waleed crossing.\n"
            "On the same day, March 11, the Coalition brought in 30 more trucks through Semalka crossing.")
    assert [(e.date, e.count("trucks")) for e in events(run, text)] == [("2024-03-11", 40), ("2024-03-11", 30)]
