"""The precision regression set (issue 8): fictional news items and report paragraphs of our own in the registers of
Syrian conflict reporting (wire stories with datelines, local outlets, a think-tank month, NGO bulletins, a coalition
press release, armed groups' statements), with the events an analyst codes written by hand before the extractor ran.
tests/nlp/fixtures/precision/build.py holds the texts and gold; texts.jsonl and gold/ are what it writes.

Each item must give its gold events (type, day, counts, actors, place) and no candidate, dated or not, for what states
none of ours: background and history, tallies, threats and warnings, questions, meetings, visits and ceremonies that
"took place", denials and claims."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import Period
from .fixture_sets import fixture_set
from annotator.nlp import scoring
from annotator.nlp.jsonout import event_json

FIXTURES = Path(__file__).parent / "fixtures" / "precision"


ITEMS = fixture_set(FIXTURES)


@pytest.fixture(scope="module")
def predicted(extractor) -> dict[str, list[dict]]:
    out = {}
    for row, gold in ITEMS:
        period = gold.get("period")
        p = Period(period["start"], period["end"]) if period else None
        ex = extractor.extract(row["text"], published=row["meta"]["published"], period=p)
        out[gold["id"]] = [event_json(e) for e in ex.events]
    return out


def _agree(gold: list[str], pred: list[str]) -> bool:
    return scoring._roles_ok(gold, pred)


# what still fails, and why (strict: a fix shows up as an unexpected pass)
KNOWN = {
    "wire-hol-sweep": "the day of 'said on Monday they had arrested' dates the week-long sweep; the later 'The "
                      "operation, which began on Sept 22' does not re-date it",
    "roundup-week-north": "a convoy that 'arrived at the coalition's Kharab al-Jir base' gets no sender: roles.py "
                          "takes one named base as a destination ('holder'), only 'headed to Coalition bases' as the "
                          "sender; this gold says the base's owner sent it, which the dev gold does not settle",
}

# what still starts a candidate though it states no event, and why
KNOWN_NOISE: dict[str, str] = {}  # feature-euphrates-villages' "raids ... have fuelled resentment": unstated.py effect rule


def _marked(items, known=KNOWN):
    return [pytest.param(r, g, id=g["id"], marks=pytest.mark.xfail(reason=known[g["id"]], strict=True))
            if g["id"] in known else pytest.param(r, g, id=g["id"]) for r, g in items]


@pytest.mark.parametrize("row, gold", _marked(ITEMS))
def test_each_gold_event_is_found_with_its_arguments(predicted, row, gold):
    pred = predicted[gold["id"]]
    dated = [p for p in pred if p["date"]]
    # one to one on type and day, as the scorer matches (the counts decide between two on one day)
    pairs = scoring._match(gold["events"], dated, lambda g, p: g["date"] == p["date"] and g["type"] == p["type"])
    found = {id(g) for g, _ in pairs}
    missed = [(g["type"], g["date"]) for g in gold["events"] if id(g) not in found]
    assert not missed, (missed, [(p["type"], p["date"], p["evidence"][:50]) for p in pred])
    for g, p in pairs:
        assert _agree(g["actors"], p["actors"]), (g["evidence"], g["actors"], p["actors"])
    assert len(dated) == len(gold["events"]), [(p["type"], p["date"], p["evidence"][:60]) for p in dated]


@pytest.mark.parametrize("row, gold", _marked([(r, g) for r, g in ITEMS if g["not_events"]], KNOWN_NOISE))
def test_what_states_no_event_starts_no_candidate(predicted, row, gold):
    text = row["text"]
    for phrase in gold["not_events"]:
        lo = text.index(phrase)
        # the sentence the phrase stands in
        s_lo = max(text.rfind(". ", 0, lo) + 2, text.rfind("\n", 0, lo) + 1, 0)
        s_hi = min(x for x in (text.find(". ", lo + len(phrase)), text.find("\n", lo + len(phrase)), len(text))
                   if x >= 0)
        inside = [p for p in predicted[gold["id"]] if s_lo <= p["start"] < s_hi]
        assert not inside, (phrase, [(p["type"], p["date"], p["evidence"][:60]) for p in inside])


def test_the_set_scores_as_a_reviewer_needs(predicted, tmp_path):
    """The scorer's figures on the whole set (annotator evaluate on the fixtures gives the same), as measured when
    the set was made: strict precision and F1 above the held-out goal (0.90); corrections per gold event (0.56,
    mostly places outside the gazetteer and extra victim phrases) near its goal of 0.5. With the sixth batch (a feature,
    an interview, a round-up, a denial, a situation report, a correction notice; 33 items): strict F1 0.953 before
    its fixes, 0.984 after; corrections 0.381, then 0.302. With the target rule of docs/annotation.md (the gold of
wire-busayrah, thinktank-badia-feb, outlet-amuda-drones and ngo-bulletin-may brought to it): targets 0.887 -> 0.935,
corrections 0.254."""
    preds = {"documents": [{"id": g["id"], "events": predicted[g["id"]]} for _, g in ITEMS]}
    result = scoring.score(FIXTURES / "gold", preds)
    assert result["strict"]["precision"] >= 0.95, result["strict"]
    assert result["strict"]["f1"] >= 0.95, result["strict"]
    assert result["actors_accuracy"] >= 0.9, result["actors_accuracy"]
    assert result["corrections_per_gold_event"] <= 0.26, result["corrections_per_gold_event"]


def test_the_gold_offsets_point_at_their_evidence():
    for row, gold in ITEMS:
        for e in gold["events"]:
            assert row["text"][e["start"]:e["end"]] == e["evidence"]
        assert gold["published"] == row["meta"]["published"]
