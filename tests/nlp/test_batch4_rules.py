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


@pytest.mark.parametrize("sentence, trucks, batches, dates", [
    ("In the past month, one convoy of 30 trucks affiliated to the Coalition entered Syria from the Kurdistan Region "
     "of Iraq, on the 2nd of April.", 30, 1, ["2024-04-02"]),
    ("During the month, two convoys carrying 75 trucks of the Coalition crossed into Syria on the 4th and 18th of "
     "April.", 75, 2, ["2024-04-04", "2024-04-18"]),
])
def test_convoys_counted_in_a_total_are_its_batches(extractor, sentence, trucks, batches, dates):
    facts = _facts(extractor, sentence + "\n")
    assert (facts["trucks"], facts["batches"], sorted(facts["batch_dates"] or [])) == (trucks, batches, dates)


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
