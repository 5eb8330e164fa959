"""Rules added after the eighth first-sight batch (coalition-146 and isis-month-138 in the series set; a state news
agency's piece and an army spokesman's statement in outlets; a council's lower-case post and a map key in
registers), each on sentences of our own that are not in the batch, in several phrasings."""
import pytest

from annotator.nlp.unwrap import unwrap, wrap_breaks

from .rule_helpers import PERIOD, dated as _dated, events as _events, one as _one  # noqa: F401


# -- text wrapped at a page's width ---------------------------------------------------------------------------------
WRAPPED = """Monthly summary of incidents in the eastern countryside of Deir Ezzor, prepared by the field team and
checked against local sources before publication.

On March 28, SDF fighters backed by Coalition helicopters raided two houses in the town of Al-Busayrah,
arresting four men suspected of belonging to ISIS cells and seizing weapons and ammunition hidden in a
farm nearby.

On April 6, a roadside bomb went off under a military vehicle of the SDF on the road between Al-Busayrah
and Al-Zir, killing two fighters and wounding a third, according to a medical source in the area.

Field team | Page 1 of 2
"""


def test_a_wrapped_text_is_read_with_its_paragraphs_on_one_line(extractor):
    evs = {e["type"]: e for e in _dated(extractor, WRAPPED)}
    raid, bomb = evs["security_operation"], evs["ied_explosion"]
    assert (raid["date"], raid["arrested"]) == ("2025-03-28", 4)
    assert "Al-Busayrah" in raid["location"]
    assert (bomb["date"], bomb["killed"], bomb["injured"]) == ("2025-04-06", 2, 1)
    # the evidence is the text as stored, line breaks and all
    assert "\n" in raid["evidence"] and raid["evidence"] == WRAPPED[raid["start"]:raid["end"]]


def test_unwrapping_keeps_every_offset_and_only_joins_wrapped_lines():
    out = unwrap(WRAPPED)
    assert len(out) == len(WRAPPED)
    assert [i for i, (a, b) in enumerate(zip(WRAPPED, out)) if a != b] == wrap_breaks(WRAPPED)
    assert all(WRAPPED[i] == "\n" and out[i] == " " for i in wrap_breaks(WRAPPED))
    # paragraphs and the page footer keep their own lines
    assert "\n\nOn March 28" in out and "\n\nField team | Page 1 of 2" in out


@pytest.mark.parametrize("text", [
    # a paragraph on each line, as most reports are
    "On March 28, SDF fighters raided a house in Al-Busayrah, arresting four men suspected of belonging to ISIS.\n"
    "On April 6, a roadside bomb went off under a military vehicle of the SDF on the road to Al-Zir, killing two.\n"
    "On April 7, Turkish drones struck a car near Amuda, killing a member of the Asayish and wounding his driver.\n"
    "On April 9, clashes broke out between two clans in the town of Al-Shuhayl over a plot of farmland.\n",
    # short lines of a list, with no sentence running on
    "Daily incidents\nAmuda: drone strike\nAl-Zir: roadside bomb\nAl-Busayrah: raid and arrests\n",
    # long lines that run over a page's width: not a wrapped text
    ("A long paragraph that says nothing of interest and goes on for much longer than any page is wide, on and on "
     "until it ends without a full stop\n") * 4,
])
def test_a_text_that_is_not_wrapped_is_read_as_it_is(text):
    assert wrap_breaks(text) == [] and unwrap(text) == text


def test_a_wrapped_line_above_a_numbered_item_is_not_joined_to_it():
    text = ("The following incidents were recorded by our monitors in the northern countryside of Aleppo\n"
            "1. On April 2, Turkish artillery shelled the village of Tal Rifaat, wounding a child and his mother\n"
            "2. On April 3, a drone struck a car on the road between Manbij and Al-Arima, killing its driver\n"
            "3. On April 4, protesters gathered in Manbij city to demand the release of detainees held there\n")
    assert wrap_breaks(text) == []


# -- a post in lower case, emojis between its sentences ---------------------------------------------------------------
POST = ("Tal Hamis Local Council - official page\n\n"
        "this morning regime militias shelled the village of tal brak with mortars, a child was wounded 😢 "
        "the council calls on the guarantors to stop these attacks\n\n"
        "the people of tal hamis came out today in a march in the main square in solidarity with the detainees\n")


def test_a_line_in_lower_case_is_prose_not_a_heading(extractor):
    evs = {e["type"]: e for e in _dated(extractor, POST, published="2025-04-10", period=None)}
    assert set(evs) == {"shelling", "protest"}
    assert evs["shelling"]["date"] == "2025-04-10" and evs["shelling"]["injured"] == 1


def test_an_emoji_between_words_ends_the_sentence(extractor):
    shelling = next(e for e in _dated(extractor, POST, published="2025-04-10", period=None)
                    if e["type"] == "shelling")
    assert not any("guarantors" in t for t in shelling["targets"]), shelling["targets"]


@pytest.mark.parametrize("text", [
    "On April 2, hundreds of people marched in Qamishli in solidarity with the families of the detainees.",
    "On April 2, residents of Kobani held a candlelight vigil in the main square in solidarity with Afrin.",
    "On April 2, dozens of women staged a sit-in outside the UN office in Qamishli in solidarity with the detainees.",
])
def test_a_march_in_solidarity_is_a_protest(extractor, text):
    assert _one(extractor, text)["type"] == "protest"


# -- items numbered inside one line ----------------------------------------------------------------------------------
KEY = ("Map 2. Incidents in the Tabqa sector, 1-7 April 2025.\n"
       "Legend: (1) 1 Apr, Al-Jurn: a Turkish drone struck an SDF vehicle, wounding two fighters; "
       "(2) 3 Apr, Al-Mansoura: gunmen shot dead a member of the Asayish; "
       "(3) 5 Apr, Tabqa city: dozens of residents protested against power cuts.\n")


def test_items_numbered_inside_a_line_are_items_of_their_own(extractor):
    evs = sorted(_dated(extractor, KEY), key=lambda e: e["date"])
    assert [(e["type"], e["date"]) for e in evs] == [
        ("drone_strike", "2025-04-01"), ("attack_other", "2025-04-03"), ("protest", "2025-04-05")]
    assert evs[0]["injured"] == 2 and evs[1]["killed"] == 1


def test_numbers_in_brackets_that_do_not_count_up_stay_in_the_line(nlp):
    from annotator.nlp.docutil import set_text

    text = "Casualties: (3) killed near Al-Jurn; (1) wounded near Tabqa; (7) detained in Raqqa.\n"
    doc = nlp.make_doc(text)
    set_text(doc, text)
    assert len(nlp.get_pipe("blocks")(doc)._.blocks) == 1


# -- a clash told as "X and Y exchanged fire" ------------------------------------------------------------------------
@pytest.mark.parametrize("text, actor, target", [
    ("On April 3, SDF and SNA fighters exchanged fire near Ain Issa for two hours.", "SDF", "SNA"),
    ("On April 3, regime forces and SDF fighters clashed near Tal Tamr, wounding three.", "regime", "SDF"),
])
def test_sides_joined_before_a_clash_are_its_actor_and_target(extractor, text, actor, target):
    e = _one(extractor, text)
    assert e["type"] == "armed_clash"
    assert any(actor.lower() in a.lower() for a in e["actors"]) and not any(target in a for a in e["actors"])
    assert any(target in t for t in e["targets"]), e["targets"]


def test_allies_that_clashed_with_a_third_side_both_act(extractor):
    e = _one(extractor, "On April 3, SDF and Asayish fighters clashed with ISIS gunmen near Al-Hol camp.")
    assert {"SDF", "Asayish"} <= {a for a in e["actors_canonical"]} or len(e["actors"]) == 2, e["actors"]
    assert any("ISIS" in t for t in e["targets"])


# -- kidnapped people -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, kind, arrested", [
    ("On April 3, the QSD militia kidnapped 12 young men during a raid on Al-Shuhail.", "security_operation", 12),
    ("On April 3, SDF fighters raided houses in Al-Busayrah and abducted three young men.", "security_operation", 3),
    ("On April 3, unidentified gunmen abducted two aid workers on the road between Raqqa and Ain Issa.",
     "attack_other", None),
])
def test_abducted_people_are_arrested_only_in_a_raid_or_an_arrest(extractor, text, kind, arrested):
    e = _one(extractor, text)
    assert (e["type"], e["arrested"]) == (kind, arrested)


# -- groups joined before a role word after them ---------------------------------------------------------------------
@pytest.mark.parametrize("text, role, n", [
    ("On April 3, clashes broke out between SDF fighters and ISIS gunmen near Dhiban, leaving two fighters and "
     "three gunmen dead.", "killed", 5),
    ("On April 3, clashes broke out between two clans in Al-Shuhail, leaving one man and two boys wounded.",
     "injured", 3),
    ("On April 3, gunmen attacked a checkpoint near Dhiban, leaving two fighters dead and three civilians wounded.",
     "killed", 2),
    ("On April 3, gunmen attacked a checkpoint near Dhiban, leaving a fighter and two civilians dead.", "killed", 3),
    ("On April 3, a car bomb went off in Azaz, leaving a child and four men wounded.", "injured", 5),
    # a group that is no person noun after the second number: read from it, as before (the demo digest's clash)
    ("On April 3, gunmen attacked a checkpoint near Dhiban; one SDF fighter and two attackers were killed in the "
     "clashes that followed.", "killed", 3),
])
def test_groups_joined_before_their_role_word_add_up(extractor, text, role, n):
    assert _one(extractor, text)[role] == n


# -- what was hit and who fired ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, target", [
    ("On April 3, fighter jets struck military targets belonging to the Syrian army near Quneitra.",
     "military targets belonging to the Syrian army"),
    ("On April 3, warplanes struck terrorist targets belonging to ISIS in the desert near Al-Bukamal.",
     "terrorist targets belonging to ISIS"),
    ("On April 3, warplanes struck militia targets in the desert near Al-Bukamal.", "militia targets"),
])
def test_targets_as_a_noun_stays_in_the_target(extractor, text, target):
    assert target in _one(extractor, text)["targets"]


def test_targets_as_a_verb_still_names_the_target(extractor):
    assert _one(extractor, "On April 3, a Turkish drone targets a car near Qamishli.")["targets"] == ["car"]


@pytest.mark.parametrize("text, actor", [
    ("On April 3, three rockets were fired at the Coalition base in Al-Omar oil field from areas controlled by "
     "Iranian-backed militias.", "Iranian-backed militias"),
    ("On April 3, shells fired from positions held by regime forces fell on the town of Darat Izza.", "regime forces"),
])
def test_who_holds_the_area_fired_from_is_the_actor(extractor, text, actor):
    assert _one(extractor, text)["actors"] == [actor]


@pytest.mark.parametrize("text, vehicle", [
    ("On April 3, a civilian car hit a landmine near the village of Al-Dardara, wounding the driver.", "civilian car"),
    ("On April 3, an SDF patrol struck an IED on the road to Al-Zir, wounding two fighters.", "SDF patrol"),
    ("yesterday evening a water truck hit a landmine near Al-Kasra and its driver was wounded", "water truck"),
])
def test_what_hit_a_mine_is_its_target_and_the_mine_is_not(extractor, text, vehicle):
    e = _one(extractor, text, published="2025-04-04")
    assert vehicle in e["targets"], e["targets"]
    assert not any(w in t.lower() for t in e["targets"] for w in ("landmine", "ied", "mine")), e["targets"]
    assert e["actors"] == []


def test_the_town_of_the_hospital_is_not_where_it_happened(extractor):
    e = _one(extractor, "On April 3, a landmine exploded under a tractor near Al-Dardara village, and the wounded "
                        "farmer was taken to a hospital in Tal Tamr.")
    assert e["location"] == "Al-Dardara"


def test_the_blocks_component_unwraps_by_its_own_configuration(tmp_path):
    """The wrapped-text thresholds are the blocks factory's configuration (resources/nlp/events.json): a copy that
    asks for more wrapped lines than the text has leaves it as it is."""
    import json

    import spacy

    from annotator.nlp.config import nlp_resources_dir

    cfg = json.loads((nlp_resources_dir() / "events.json").read_text(encoding="utf-8"))
    cfg["wrapped_lines"]["min_lines"] = 50
    (tmp_path / "events.json").write_text(json.dumps(cfg), encoding="utf-8")
    default = spacy.blank("en").add_pipe("annotator_blocks")
    strict = spacy.blank("en").add_pipe("annotator_blocks", config={"config_path": str(tmp_path / "events.json")})
    assert default.unwrap(WRAPPED) != WRAPPED
    assert strict.unwrap(WRAPPED) == WRAPPED
