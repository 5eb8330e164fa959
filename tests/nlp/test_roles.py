"""Actors and targets by role (annotator/nlp/roles.py) on texts of our own, in several registers: monthly
report bullets, wire-style news, ACLED-style notes, passive voice, "by", "targeting", reporting sources.

Targets are compared the way the annotation rules compare them (corpus README): each expected phrase and each
predicted one contained in one of the other side's, punctuation folded and a leading "the" ignored."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest


def _fold(s: str) -> str:
    s = " ".join("".join(c if c.isalnum() else " " for c in s.lower()).split())
    return s[4:] if s.startswith("the ") else s


def agree(expected: list[str], got: list[str]) -> bool:
    e, g = [_fold(x) for x in expected], [_fold(x) for x in got]
    near = lambda a, b: a in b or b in a  # noqa: E731
    return all(any(near(a, b) for b in g) for a in e) and all(any(near(a, b) for a in e) for b in g)


def only(run, text):
    evs = run(text).events
    assert len(evs) == 1, [(e.type, e.evidence[:60]) for e in evs]
    return evs[0]


CASES = [
    # (text, actors (canonical names), targets (phrases))
    ("On March 3, Iranian-backed militias fired four rockets at the Coalition base in Green Hill.",
     {"Iranian-backed militias"}, ["Coalition base in Green Hill"]),
    ("On March 4, a rocket fell near the Coalition base at Conoco field.",
     set(), ["Coalition base"]),
    ("On March 5, the Coalition base at Conoco field came under rocket attack; nobody claimed it.",
     set(), ["Coalition base at Conoco field"]),
    ("On March 5, an attack by ISIS cells on a checkpoint of the SDF killed three fighters in Hajin.",
     {"ISIS"}, ["checkpoint of the SDF", "three fighters"]),
    ("On March 7, two ISIS members were arrested in a joint raid by SDF and Coalition forces in Thiban.",
     {"SDF", "International Coalition"}, ["two ISIS members"]),
    ("On March 8, a drone belonging to the Coalition struck a pickup truck near Al-Bab.",
     {"International Coalition"}, ["pickup truck"]),
    ("On March 9, the Coalition's drone targeted a motorcycle near Sarmada, killing a Hurras al-Din commander "
     "called “Abu Yasser”.", {"International Coalition"}, ["motorcycle", "Abu Yasser"]),
    ("On March 10, a Turkish drone hit an SDF vehicle near Qamishli, killing two SDF fighters.",
     {"Turkish forces"}, ["SDF vehicle", "two SDF fighters"]),
    ("On March 11, CENTCOM announced that US forces killed an ISIS official in a helicopter raid in Atmeh.",
     {"US forces"}, ["ISIS official"]),
    ("On March 15, unidentified gunmen shot and killed a man in Al-Shuhayl.",
     {"Unidentified gunmen"}, ["man"]),
    ("On March 16, regime forces shelled positions of HTS in Jabal al-Zawiya.",
     {"Regime forces"}, ["positions of HTS"]),
    ("On March 17, clashes broke out between SDF and Turkish-backed factions near Ain Issa.",
     {"SDF"}, ["Turkish-backed factions"]),
    ("On March 18, SDF fighters clashed with ISIS cells in Al-Sousah.",
     {"SDF"}, ["ISIS cells"]),
    ("On March 19, Russian warplanes carried out airstrikes on HTS positions in the Idlib countryside.",
     {"Russian forces"}, ["HTS positions"]),
    ("On March 20, Israeli warplanes struck Iranian militia positions near Al-Bukamal, according to SOHR.",
     {"Israeli forces"}, ["Iranian militia positions"]),
    ("On March 21, the SOHR reported that an IED exploded at a checkpoint of the Asayish in Raqqa, injuring "
     "three members.", set(), ["checkpoint of the Asayish", "three members"]),
    ("On March 22, SDF and Coalition forces carried out a security operation in Al-Kasrah, detaining four "
     "suspects.", {"SDF", "International Coalition"}, ["four suspects"]),
    ("On March 23, regime soldiers were killed in an ISIS ambush on the road to Palmyra.",
     {"ISIS"}, ["regime soldiers"]),
    ("On March 25, a Coalition helicopter landed in Al-Hol camp and US troops detained a wanted man.",
     {"International Coalition", "US forces"}, ["wanted man"]),
    ("On March 2, ISIS claimed responsibility for an attack on an SDF checkpoint in Hajin.",
     {"ISIS"}, ["SDF checkpoint"]),
    ("An SDF fighter was shot dead by ISIS gunmen in Diban on March 2.",
     {"ISIS"}, ["SDF fighter"]),
    ("A Turkish drone targeted on March 2 a car belonging to the Asayish in Qamishli.",
     {"Turkish forces"}, ["car belonging to the Asayish"]),
    ("On March 7, unknown gunmen opened fire on a car in Al-Mayadin, killing its driver.",
     {"Unidentified gunmen"}, ["car", "driver"]),
    ("On March 8, a landmine exploded in Kabajeb, killing two shepherds.",
     set(), ["two shepherds"]),
    ("On March 10, Iranian-backed militias fired rockets from their positions in Al-Mayadin towards the "
     "Coalition base at Al-Omar field.", {"Iranian-backed militias"}, ["Coalition base"]),
    ("On March 11, rockets were fired from positions of Iranian-backed militias at the Coalition base in "
     "Conoco field.", {"Iranian-backed militias"}, ["Coalition base in Conoco field"]),
    ("On March 12, the Pentagon said that a drone attack targeted US forces at Al-Tanf base.",
     set(), ["US forces"]),
    ("On March 13, a Coalition warplane struck a weapons depot of Iranian-backed militias near Al-Bukamal.",
     {"International Coalition"}, ["weapons depot of Iranian-backed militias"]),
    ("On March 14, Turkish forces and Turkish-backed factions shelled SDF positions near Ain Issa.",
     {"Turkish forces", "Syrian National Army"}, ["SDF positions"]),
    ("On March 16, the SDF said that an ISIS cell attacked one of its checkpoints in Al-Shuhayl.",
     {"ISIS"}, ["one of its checkpoints"]),
    ("On March 18, US forces detained a man called “Abu Khaled” during a raid in Al-Hol camp.",
     {"US forces"}, ["Abu Khaled"]),
    ("On March 19, a Coalition helicopter opened fire on a car on the road between Al-Busayrah and Thiban.",
     {"International Coalition"}, ["car"]),
    ("On March 3, two rockets fell in the vicinity of the Coalition base in Conoco field.",
     set(), ["Coalition base in Conoco field"]),
    ("On March 3, a drone struck the vicinity of the industrial area in Al-Mayadin.", set(), []),
    # a source that speaks of its own forces is the actor
    ("On March 3, CENTCOM said in a statement that its forces killed an ISIS leader in a raid in Atmeh.",
     {"US forces"}, ["ISIS leader"]),
    ("On March 3, the Pentagon announced that its base in Al-Tanf came under a drone attack.",
     set(), ["base in Al-Tanf"]),
    ("On March 3, the US military said it had killed a senior ISIS official in a helicopter raid in Atmeh.",
     {"US forces"}, ["senior ISIS official"]),
    ("On March 3, the Coalition said that a rocket attack targeted its base in Al-Omar field.",
     set(), ["base in Al-Omar field"]),
    # a government that condemns an attack did not carry it out
    ("On March 3, the United States condemned a drone attack that killed 12 civilians in Raqqa.",
     set(), ["12 civilians"]),
    ("On March 3, the United States condemned an attack by ISIS on a market in Raqqa that killed 12 civilians.",
     {"ISIS"}, ["market", "12 civilians"]),
    # wire-style news
    ("On March 14, militants loyal to ISIS ambushed a bus carrying regime soldiers near Palmyra, killing nine.",
     {"ISIS"}, ["bus"]),
    ("On March 14, a car bomb exploded near a checkpoint manned by SDF fighters in Manbij, wounding five "
     "civilians.", set(), ["checkpoint manned by SDF fighters", "five civilians"]),
    ("On March 14, two rockets hit the perimeter of the US base at Green Village, the Coalition said.",
     set(), ["perimeter of the US base at Green Village"]),
    ("On March 14, Israeli jets struck a convoy of Iranian-backed militias near Al-Qaim crossing, killing eight "
     "fighters.", {"Israeli forces"}, ["convoy of Iranian-backed militias", "eight fighters"]),
    ("On March 14, gunmen on a motorcycle shot dead a local council member in Al-Busayrah.",
     {"Unidentified gunmen"}, ["local council member"]),
    ("On March 14, ISIS fighters attacked regime positions in the Badia, killing four soldiers, SOHR said.",
     {"ISIS"}, ["regime positions", "four soldiers"]),
    ("On March 14, an explosive device planted by unknown persons exploded near a patrol of the Asayish in "
     "Qamishli.", {"Unidentified gunmen"}, ["patrol of the Asayish"]),
    ("On March 14, HTS fighters clashed with regime forces on the Kabana front.",
     {"Hayat Tahrir al-Sham"}, ["regime forces"]),
    # strike-release style: no attacker named, so no actor
    ("On March 3, near Raqqa, two airstrikes struck an ISIS tactical unit and destroyed three ISIS fighting "
     "positions.", set(), ["ISIS tactical unit", "three ISIS fighting positions"]),
    # ACLED-style notes
    ("On 9 March 2024, unidentified gunmen shot and killed a man in Al-Karak in Daraa.",
     {"Unidentified gunmen"}, ["man"]),
    ("On 9 March 2024, Turkish forces and Turkish-backed factions shelled the village of Um al-Keif, killing a "
     "woman.", {"Turkish forces", "Syrian National Army"}, ["woman"]),
    ("On 9 March 2024, clashes took place between regime forces against opposition fighters on the Kabana "
     "front.", {"Regime forces"}, ["opposition fighters"]),
    ("On 9 March 2024, HTS executed a man in Idlib on charges of belonging to ISIS.",
     {"Hayat Tahrir al-Sham"}, ["man"]),
    ("On 5 March 2024, Turkish forces shelled regime forces' positions in Zinar.",
     {"Turkish forces"}, ["regime forces' positions"]),
    ("On 9 March 2024, gunmen shot and killed a civilian in Ara as he was working on his field, and injured "
     "another.", {"Unidentified gunmen"}, ["civilian"]),
    ("On March 20, the campaign, led by Russian forces with the participation of Russian-backed forces of the "
     "5th Corps and the National Defence Forces, raided villages in the Homs desert.",
     {"Russian forces", "5th Corps", "National Defence Forces"}, []),
    # the clause turns on the trigger of the event's own type, not on the explosions it absorbed
    ("On March 21, loud explosions shook Tal Baydar after a live-fire drill by US forces and the SDF at their base.",
     {"US forces", "SDF"}, []),
    # a guess names no attacker
    ("On March 5, two rockets struck the perimeter of the US base at Green Village. Local sources suggested that "
     "the rockets may have been fired by ISIS cells.", set(), ["US base at Green Village"]),
    # what a protest denounces is not who protests (the crowd is); the subject of a passive trigger is its victim
    ("On March 2, hundreds of people demonstrated in Sarmada, denouncing HTS's new taxes on traders.",
     {"hundreds of people"}, []),
    ("On March 4, a member of the Asayish was found dead near Qamishli.", set(), ["member of the Asayish"]),
]


@pytest.mark.parametrize("text, actors, targets", CASES, ids=[c[0][:40] for c in CASES])
def test_roles_on_our_own_phrasings(run, text, actors, targets):
    e = only(run, text)
    assert set(e.actors_canonical) == actors, (e.actors, e.targets)
    assert agree(targets, e.targets), (e.actors, e.targets)


@pytest.mark.parametrize("text, actors", [
    ("On March 6, a convoy of SDF forces arrived in Tabqa.", {"SDF"}),
    ("On March 6, Coalition forces brought 40 trucks of logistic supplies into Syria via Semalka crossing.",
     {"International Coalition"}),
    ("On March 13, a US convoy of 12 armoured vehicles toured villages near Tal Tamr.", {"US forces"}),
    ("On March 12, a convoy of 30 trucks affiliated to the Coalition entered Syria via Al-Waleed crossing.",
     {"International Coalition"}),
    ("On March 14, a convoy of eight vehicles of the Coalition, escorted by SDF fighters, entered Manbij.",
     {"International Coalition", "SDF"}),
    ("On March 14, a Coalition convoy of 25 trucks arrived at the Kharab al-Jir base.", {"International Coalition"}),
    ("On March 14, hundreds of residents protested in Raqqa against the SDF's conscription campaign.",
     {"Civilians"}),
    ("On March 24, US forces and the SDF conducted a joint patrol in Al-Qahtaniyah countryside.",
     {"US forces", "SDF"}),
])
def test_a_convoy_patrol_or_protest_has_an_actor_and_no_target(run, text, actors):
    e = only(run, text)
    assert set(e.actors_canonical) == actors, e.actors
    assert e.targets == []


@pytest.mark.parametrize("text", [
    "In the month, 120 trucks affiliated to the Coalition, carrying logistic supplies, crossed into Syria from "
    "Iraq in three batches on the 3rd, 9th and 17th of March.",
    # no sender stated, but the trucks go to the Coalition's own bases
    "The Coalition continues to reinforce its bases. Observers monitored the entry of 90 trucks carrying "
    "equipment via Iraq in three batches to the bases of the Coalition in Rmelan and Qasrak. The first batch "
    "entered on March 3, the second on March 9, and the third on the 17th of the month.",
])
def test_batch_dates_take_the_sender_of_the_sentence_that_states_the_batches(run, text):
    evs = [e for e in run(text).events if e.type == "convoy"]
    assert [e.date for e in evs] == ["2024-03-03", "2024-03-09", "2024-03-17"]
    for e in evs:
        assert e.actors_canonical == ["International Coalition"] and e.targets == []


@pytest.mark.parametrize("intro", [
    "Activists documented three airstrikes by the Coalition in that week. Here are the details:",
    "The Coalition carried out three airstrikes in that week, while SOHR counted the losses. The details:",
])
def test_a_list_item_takes_the_attacker_its_introduction_names(run, intro):
    """Only when the item itself names nobody: "where the text names no attacker" means the whole text."""
    text = (intro + "\n"
            "• March 4: Two militiamen were killed in an airstrike near Al-Quriyah.\n"
            "• March 6: A drone struck a car in Al-Mayadin.\n")
    evs = run(text).events
    assert [e.actors_canonical for e in evs] == [["International Coalition"]] * 2
    assert agree(["Two militiamen"], evs[0].targets) and agree(["car"], evs[1].targets)


@pytest.mark.parametrize("text", [
    "On March 4, a rocket fell near the Coalition base at Conoco field.",  # near the base: not the attacker
    "On March 4, an IED exploded near an oil tanker in Al-Omar field.",
    "On March 4, the Pentagon announced that a drone attack targeted a base in Al-Tanf.",  # a source
    "On March 4, gunmen killed two shepherds near Al-Sukhnah, according to the SDF.",
])
def test_no_actor_stays_empty_when_the_text_names_no_attacker(run, text):
    e = only(run, text)
    assert all(a not in {"International Coalition", "US forces", "SDF"} for a in e.actors_canonical), e.actors


def test_a_sentence_that_elaborates_the_event_can_name_its_actor(run):
    e = only(run, "On March 3, three ISIS members were killed in a raid in Hajin. The raid was carried out by SDF "
                  "fighters backed by Coalition helicopters.")
    assert set(e.actors_canonical) == {"SDF", "International Coalition"}
    assert agree(["three ISIS members"], e.targets)


def test_the_detained_and_the_dead_of_a_raid_are_its_targets(run):
    e = only(run, "On March 9, SDF and Coalition forces raided a house in Al-Dashisha, arrested three ISIS "
                  "members and killed a fourth.")
    assert set(e.actors_canonical) == {"SDF", "International Coalition"}
    assert any("ISIS members" in t for t in e.targets)
    assert not {"ISIS"} & set(e.actors_canonical)


def test_a_weapon_word_is_left_out_of_the_actor_phrase_unless_an_adjective_remains(run):
    e = only(run, "On March 3, Coalition helicopters opened fire on a car near Thiban.")
    assert e.actors == ["Coalition"] and e.actors_canonical == ["International Coalition"]
    e = only(run, "On March 3, a Turkish drone hit a car near Qamishli.")
    assert e.actors == ["Turkish drone"]


def test_a_quoted_name_stays_with_its_group(run):
    e = only(run, "On March 3, the Internal Security Forces “Asayish” and US forces conducted a patrol in Amuda.")
    assert "Internal Security Forces “Asayish”" in e.actors


def test_json_gives_the_phrases_as_written_and_the_canonical_names(run):
    from annotator.nlp.jsonout import event_json

    e = event_json(only(run, "On March 3, Coalition helicopters opened fire on a car near Thiban."))
    assert e["actors"] == ["Coalition"] and e["actors_canonical"] == ["International Coalition"]
    assert e["targets"] == ["car"]


def test_role_words_come_from_roles_json(nlp, tmp_path):
    """The reader is configured from resources/nlp/roles.json: without "by" as an agent cue, "a raid by X"
    no longer names X."""
    from annotator.nlp.config import load_json
    from annotator.nlp.docutil import set_text
    from annotator.nlp.roles import RoleReader

    cfg = dict(load_json("", "roles.json"))
    events = nlp.get_pipe("events")
    text = "On March 7, two ISIS members were arrested in a raid by SDF in Thiban."
    doc = nlp.make_doc(text)
    set_text(doc, text)
    doc._.period = ("2024-03-01", "2024-03-31")
    doc = nlp(doc)
    ev = doc._.events[0]
    ranges = [ev.ranges[0]]
    from annotator.nlp.docutil import found_by
    actors = found_by(doc, "actors")
    mentions_in = lambda lo, hi: [a for a in actors if lo <= a.start and a.end <= hi]  # noqa: E731
    got, _ = events.roles.read(doc, ev, ranges, mentions_in)
    assert [a.value.name for a in got] == ["SDF"]
    cfg["agent_before"] = []
    got, _ = RoleReader(cfg, nlp.vocab).read(doc, ev, ranges, mentions_in)
    assert got == []


@pytest.mark.parametrize("text, phrases", [
    ("Gunmen attacked a checkpoint manned by SDF fighters near the town.", ["checkpoint manned by SDF fighters"]),
    ("The drone struck the vicinity of the industrial area.", []),
    ("Rockets fell in the vicinity of the US base in Green Village.", ["US base in Green Village"]),
    ("Four fighters of the 5th Corps were killed in the ambush.", ["Four fighters of the 5th Corps"]),
    # both things it destroyed (docs/annotation.md: what it hit or destroyed; "and a/an" joins a second object)
    ("The strikes destroyed three ISIS fighting positions and a vehicle.", ["three ISIS fighting positions", "vehicle"]),
    ("Gunmen shot and killed a young man defected from the army.", ["young man"]),
    ("He was kidnapped near the road.", []),
    ("A drone attacked a mosque in the town on Friday.", ["mosque"]),
    ("Abu Omar, an ISIS leader in Raqqa was killed by a Coalition airstrike.", ["ISIS leader"]),
    ("Gunmen fired at a position about 6km from the town.", ["position"]),
])
def test_target_phrases_alone(parse, nlp, text, phrases):
    """rolephrases.TargetPhrases on a clause with no trigger known: where each target phrase starts and ends."""
    from annotator.nlp.rolephrases import Clause, TokenText

    doc = parse(text)
    found = nlp.get_pipe("events").roles.phrases.find(TokenText(doc), 0, len(doc), Clause())
    assert [doc[s:e].text for s, e in found] == phrases


@pytest.mark.corpus
def test_development_corpus_roles(corpus_dir, run):
    """Actors and targets on the development reports, scored by ../shared/tools/score_events.py."""
    tools = corpus_dir.parent / "tools"
    if not (tools / "score_events.py").is_file():
        pytest.skip("../shared/tools/score_events.py is not there")
    sys.path.insert(0, str(tools))
    try:
        import score_events
    finally:
        sys.path.pop(0)
    from click.testing import CliRunner

    from annotator.cli import main

    files = sorted(str(p) for p in (corpus_dir / "reports").glob("*.txt"))
    res = CliRunner().invoke(main, ["extract", *files, "--format", "json"])
    assert res.exit_code == 0, res.output
    scores = score_events.score(str(corpus_dir / "gold"), json.loads(res.stdout))
    assert scores["actors_accuracy"] >= 0.90 and scores["targets_accuracy"] >= 0.90, scores
    assert scores["strict"]["f1"] >= 0.97


@pytest.mark.corpus
def test_no_corpus_text_in_this_file(corpus_dir):
    # our texts are our own: a sentence of a development report would make these tests meaningless
    mine = Path(__file__).read_text(encoding="utf-8")
    for report in (corpus_dir / "reports").glob("*.txt"):
        for line in report.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 60:
                assert line[:60] not in mine, report.name


def _acled_key(name: str) -> str:
    """ACLED's and our actor names compared without the year range, sub-unit and abbreviation prefix:
    "QSD: Syrian Democratic Forces" ~ "SDF: Syrian Democratic Forces", "Military Forces of Syria (2000-) ..."
    ~ "Military Forces of Syria (2000-)"."""
    import re

    if not name:
        return ""
    head, _, rest = name.partition(":")
    n = rest if rest and len(head) <= 5 else name
    n = re.split(r"\(\d{4}-\d{0,4}\)", n)[0]
    n = " ".join(re.sub(r"[^a-z ]", " ", re.sub(r"\(.*?\)", "", n).lower()).split())
    # ACLED's names for the Turkish-backed factions and for pro-Iran militias
    return {"operation peace spring": "syrian national army", "militia pro iran": "pro iran militia"}.get(n, n)


@pytest.mark.corpus
def test_acled_actor_agreement(corpus_dir, extractor):
    """A held-out check: the first event of each ACLED note, its actors against ACLED's actor1 and its
    targets against actor2 (an unidentified actor agrees with none named; ACLED's associated actor may stand
    beside the main one). Measured 0.74 / 0.67 on the 238 notes that gave an event; before roles were read by
    role a like count gave 0.57 / 0.58. The wider triggers made 296 notes give one: on the 238, 0.76 / 0.68;
    on the 58 new ones 0.38 / 0.66, most of them protests, whose actor1 ACLED always codes "Protesters" where
    we give the civilians who protest or, when the note names nobody, none. In all 0.682 / 0.676: the actor1
    floor is what is reached, since the notes scored grew with protests (not a worse reading)."""
    from annotator.domain import Period
    from annotator.nlp.actors import ActorTable

    notes = corpus_dir.parent / "external" / "acled_syria.jsonl"
    if not notes.is_file():
        pytest.skip("../shared/external/acled_syria.jsonl is not there")
    table = ActorTable.load()
    keys = lambda phrases: {_acled_key(a.acled_actor) for a in map(table.lookup, phrases) if a}  # noqa: E731

    def agrees(gold: str, assoc: str, pred: set[str]) -> bool:
        g = _acled_key(gold)
        if not g or g.startswith("unidentified"):
            return not pred or all(p.startswith("unidentified") for p in pred)
        return g in pred and pred <= {g, _acled_key(assoc)}

    n = a1 = a2 = 0
    for line in notes.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        day = row["published"]
        events = extractor.extract(row["text"], published=day, period=Period(day[:8] + "01", day)).events
        if not events:
            continue
        n += 1
        gold = row["gold"]
        a1 += agrees(gold["actor1"], gold.get("assoc_actor_1", ""), keys(events[0].actors))
        a2 += agrees(gold["actor2"], gold.get("assoc_actor_2", ""), keys(events[0].targets))
    assert n > 100
    print(f"ACLED agreement on {n} notes: actor1 {a1 / n:.3f}, actor2 {a2 / n:.3f}")
    assert a1 / n >= 0.68 and a2 / n >= 0.60, (a1 / n, a2 / n)
