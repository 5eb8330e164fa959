"""Rules added after the first-sight batch (h/batch: coalition-127, -139, isis-month-100 in the series set, five
items of new registers in the outlets set), each on sentences of our own that are not in the batch."""
import pytest

from annotator.domain import Period
from annotator.nlp.jsonout import event_json, facts_json

PERIOD = Period("2024-03-23", "2024-04-22")


def _events(extractor, text, published="2024-04-23", period=PERIOD):
    return [event_json(e) for e in extractor.extract(text, published=published, period=period).events]


def _facts(extractor, text):
    return facts_json(extractor.extract(text, published="2024-04-23", period=PERIOD))


@pytest.mark.parametrize("text, kind, day", [
    ("On April 3, Russian warplanes carried out about 30 airstrikes on ISIS hideouts in the desert of Al-Rusafa.",
     "airstrike", "2024-04-03"),
    ("On April 7, Israeli jets launched about a dozen air raids on depots near Al-Bukamal.", "airstrike",
     "2024-04-07"),
    ("On April 11, militias fired about ten rockets at the Coalition base in Koniko gas field.", "rocket_attack",
     "2024-04-11"),
])
def test_about_before_a_number_approximates_it_and_is_no_topic(extractor, text, kind, day):
    assert [(e["type"], e["date"]) for e in _events(extractor, text)] == [(kind, day)]


def test_about_before_a_noun_is_still_a_topic(extractor):
    evs = _events(extractor, "On April 5, dozens of people protested in Dhiban about the arrest of a teacher.")
    assert [e["type"] for e in evs] == ["protest"]


@pytest.mark.parametrize("correction", [
    "Correction: In its report on the previous month, SOHR said that 210 trucks had entered in six batches; the "
    "right figure is 190 trucks in five batches.",
    "The figures of last month's report have been corrected: 95 trucks in two batches, not 120 trucks in three "
    "batches as first stated.",
])
def test_a_correction_paragraph_states_no_totals_of_this_period(extractor, correction):
    text = ("In the past month, 80 trucks of the Coalition crossed into Syria in two batches on the 2nd and 14th of "
            "April.\n\n" + correction + "\n")
    facts = _facts(extractor, text)
    assert (facts["trucks"], facts["batches"], facts["batch_dates"]) == (80, 2, ["2024-04-02", "2024-04-14"])
    # placed first, the correction still gives nothing
    facts = _facts(extractor, correction + "\n\nOn April 2, a convoy of 20 trucks entered Syria.\n")
    assert (facts["trucks"], facts["batches"]) == (None, None)


@pytest.mark.parametrize("text, first, second", [
    ("April 10: Two rockets fell near the Coalition base in Al-Omar oil field; hours later, Coalition jets struck "
     "the launch site near Al-Mayadeen.", "rocket_attack", "airstrike"),
    ("On April 12, unknown gunmen attacked an SDF checkpoint in Diban, and shortly afterwards Coalition helicopters "
     "bombed their hideout.", "attack_other", "airstrike"),
    ("On April 14, militias shelled SDF positions near Hajin; minutes later a drone struck their mortar position.",
     "shelling", "drone_strike"),
])
def test_a_strike_hours_later_is_a_happening_of_its_own(extractor, text, first, second):
    evs = _events(extractor, text)
    assert [e["type"] for e in evs] == [first, second]
    assert len({e["date"] for e in evs}) == 1 and evs[0]["date"] is not None


@pytest.mark.parametrize("text, kinds", [
    ("On April 8, ISIS cells shot dead a shepherd near Al-Kawm, while a landmine exploded the same day under a car "
     "in Wadi Al-Azib, killing two civilians.", ["attack_other", "ied_explosion"]),
    ("On April 9, gunmen killed a teacher in Hajin, and on the same day a bomb went off in Al-Busayrah, wounding "
     "two children.", ["attack_other", "ied_explosion"]),
])
def test_a_clause_of_the_same_day_after_a_boundary_is_its_own_event(extractor, text, kinds):
    evs = _events(extractor, text)
    assert [e["type"] for e in evs] == kinds
    assert evs[0]["date"] == evs[1]["date"]
    assert evs[0]["killed"] == 1


@pytest.mark.parametrize("text, role, n", [
    ("On April 4, gunmen shot dead an SDF military council commander outside his home in Al-Sour.", "killed", 1),
    ("On April 5, unknown gunmen wounded a senior Asayish intelligence officer in Qamishli.", "injured", 1),
    ("On April 6, a drone struck a car near Tal Tamr, killing a young tribal notable.", "killed", 1),
    ("On April 9, a drone targeted a car near Al-Shuhayl. The strike killed two men and wounded a passer-by.",
     "injured", 1),
])
def test_a_person_after_three_modifiers_and_a_passer_by_are_counted(extractor, text, role, n):
    evs = _events(extractor, text)
    assert len(evs) == 1 and evs[0][role] == n


def test_four_words_before_a_thing_count_no_person(extractor):
    evs = _events(extractor, "On April 6, unknown gunmen killed an old flock of sheep in Al-Sour.")
    assert all(e["killed"] is None for e in evs)


@pytest.mark.parametrize("text", [
    "Heavy clashes since this morning between SDF and tribal fighters in Dhiban; at least three people were killed.",
    "Regime forces have shelled the outskirts of Jassim since this morning.",
])
def test_since_this_morning_dates_by_the_day_of_writing(extractor, text):
    evs = _events(extractor, text, published="2024-08-09", period=None)
    assert [e["date"] for e in evs] == ["2024-08-09"]


def test_since_an_earlier_day_still_dates_nothing(extractor):
    evs = _events(extractor, "Since Monday, the monitor has documented 12 attacks by ISIS cells in the desert.",
                  published="2024-08-09", period=None)
    assert [e for e in evs if e["date"]] == []



@pytest.mark.parametrize("text, role, n, target", [
    ("At least five civilians, including two children, were killed on April 11 when artillery shells hit a "
     "neighbourhood in Tal Rifaat.", "killed", 5, "five civilians"),
    ("On April 12, seven fighters, among them a commander, were wounded when gunmen ambushed their patrol near "
     "Hajin.", "injured", 7, "seven fighters"),
    ("More than ten soldiers were wounded on April 13 when a roadside bomb hit their bus near Palmyra.", "injured",
     10, "ten soldiers"),
])
def test_the_people_before_an_aside_or_after_a_qualifier_are_counted_and_hit(extractor, text, role, n, target):
    evs = _events(extractor, text)
    assert len(evs) == 1 and evs[0][role] == n
    assert target in evs[0]["targets"]


@pytest.mark.parametrize("text, target", [
    ("On April 19, Turkish drones struck SDF fighters south of Ras al-Ain.", "SDF fighters"),
    ("On April 19, Turkish artillery shelled villages north-east of Ain Issa.", "villages"),
    ("On April 19, our drones struck a group of PKK/YPG terrorists west of Tal Abyad.",
     "group of PKK/YPG terrorists"),
])
def test_a_target_ends_before_a_compass_word_and_a_slash_joins_a_name(extractor, text, target):
    evs = _events(extractor, text)
    assert len(evs) == 1 and evs[0]["targets"] == [target]


def test_pkk_ypg_is_an_actor_not_a_place(extractor):
    evs = _events(extractor, "On 17 April, PKK/YPG terrorists opened harassment fire on a base near Tal Tamr.")
    assert [(e["actors"], e["location"]) for e in evs] == [(["PKK/YPG terrorists"], "Tal Tamr")]


@pytest.mark.parametrize("item, other", [
    ("April 2: SDF and Coalition forces raided a house in Diban, arresting two suspects, while on the same day the "
     "first batch of 35 trucks entered through Al-Waleed crossing.", "security_operation"),
    ("On April 2, gunmen attacked an SDF checkpoint in Diban, and on the same day the first batch of 35 trucks "
     "entered through Al-Waleed crossing.", "attack_other"),
])
def test_a_batch_told_in_another_events_item_keeps_that_event_and_takes_the_totals_sender(extractor, item, other):
    text = "During the month, 80 trucks of the Coalition entered Syria in two batches.\n\n" + item + "\n"
    evs = _events(extractor, text)
    assert sorted(e["type"] for e in evs) == sorted(["convoy", other])
    convoy = next(e for e in evs if e["type"] == "convoy")
    assert (convoy["trucks"], convoy["actors"], convoy["date"]) == (35, ["the Coalition"], "2024-04-02")



@pytest.mark.parametrize("text, killed, injured", [
    ("Two civilians were martyred and a third was wounded on April 14 when a drone targeted their car near Amuda.",
     2, 1),
    ("On April 14, a drone targeted a car near Amuda, killing two civilians; a third was seriously wounded.", 2, 1),
    ("On April 15, gunmen killed a shepherd near Hajin and another was injured.", 1, 1),
])
def test_a_person_told_by_rank_with_a_passive_of_its_own_counts_one(extractor, text, killed, injured):
    evs = _events(extractor, text)
    assert [(e["killed"], e["injured"]) for e in evs] == [(killed, injured)]


def test_a_third_rocket_is_no_person(extractor):
    evs = _events(extractor, "On April 14, two rockets hit the Coalition base in Al-Omar; a third was intercepted.")
    assert [(e["killed"], e["injured"]) for e in evs] == [(None, None)]
