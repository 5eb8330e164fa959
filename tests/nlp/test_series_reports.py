"""The series regression set (issue 8): fictional monthly reports of our own in the register of the monitor's
Coalition and ISIS series (convoys in batches, joint raids with arrests and deaths, drone strikes, rockets on bases,
exercises, stated monthly totals) and short items with tricky counts, with gold written by hand before the
extractor ran. tests/nlp/fixtures/series/build.py holds the texts and gold; texts.jsonl and gold/ are what it writes.

Each gold event must be proposed on its day with its type, counts, place, actors and targets as the scorer compares
them (../shared/tools/score_events.py: a place or phrase contained in the other side's)."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotator.nlp import scoring

from .fixture_sets import check_gold_offsets, event_params, extract_set, fixture_set

FIXTURES = Path(__file__).parent / "fixtures" / "series"
COUNTS = ("killed", "injured", "arrested", "trucks")


ITEMS = fixture_set(FIXTURES)

# what still fails, and why (strict: a fix shows up as an unexpected pass)
KNOWN: dict[tuple, str] = {  # coalition-137's handcuffs, bare militiamen and "Badia of X" (also isis-month-100's),
    # and isis-month-93's bakery were settled by tests/nlp/test_known_misses.py's rules and docs/annotation.md
    # the fifth batch (h/batch), misses left after its rules (tests/nlp/test_batch4_rules.py)
    ("coalition-127", "2025-04-02"): "'On April 2, the convoy, made up of refrigerated trucks ...' is the one convoy "
    "the total states ('one convoy of 30 trucks ... on the 2nd of April'), but the item's 'the convoy' takes neither "
    "the total's 30 trucks nor its sender",
    # isis-month-100's "exploded the same day under a car" was settled by tests/nlp/test_batch6_rules.py
}
# stated totals the extractor does not read, and why (strict)
FACTS_KNOWN: dict[tuple, str] = {
    **{("coalition-127", k): "'one convoy of 30 trucks ... entered Syria ... on the 2nd of April' states the month's "
       "one batch without the word 'batch'; reading 'N convoys' as batches made 'Two convoys entered ..., the first of "
       "40 trucks on March 3 and the second ...' (tests/nlp/test_events_news.py) a total and lost its per-convoy counts"
       for k in ("trucks", "batches", "batch_dates")},
}
# documents with a gold event that no candidate states (see KNOWN)
UNSTATED: dict[str, str] = {
    "coalition-127": "the total's 'one convoy of 30 trucks ... on the 2nd of April' and the item 'On April 2, the "
    "convoy, ...' are proposed as two convoys (no 'batch' word joins them, see FACTS_KNOWN)",
}


def _params():
    return event_params(ITEMS, KNOWN)


@pytest.fixture(scope="module")
def extracted(extractor) -> dict[str, dict]:
    return extract_set(extractor, ITEMS)


@pytest.fixture(scope="module")
def predicted(extracted) -> dict[str, list[dict]]:
    return {k: v["events"] for k, v in extracted.items()}


def _pairs(gold: dict, pred: list[dict]):
    dated = [p for p in pred if p["date"]]
    return scoring._match(gold["events"], dated, lambda g, p: g["date"] == p["date"] and g["type"] == p["type"])


@pytest.mark.parametrize("doc_id, index", _params())
def test_each_gold_event_is_found_with_its_counts_and_roles(predicted, doc_id, index):
    gold = next(g for _, g in ITEMS if g["id"] == doc_id)
    g = gold["events"][index]
    match = next((p for x, p in _pairs(gold, predicted[doc_id]) if x is g), None)
    assert match is not None, (g["type"], g["date"], [(p["type"], p["date"]) for p in predicted[doc_id]])
    assert {k: match[k] for k in COUNTS} == {k: g[k] for k in COUNTS}, g["evidence"]
    if g["location"]:  # as the scorer: a place the gold leaves empty is not compared
        assert scoring._location_ok(g["location"], match["location"]), (g["location"], match["location"])
    assert scoring._roles_ok(g["actors"], match["actors"]), (g["actors"], match["actors"])
    assert scoring._roles_ok(g["targets"], match["targets"]), (g["targets"], match["targets"])


@pytest.mark.parametrize("row, gold", [
    pytest.param(r, g, id=g["id"], marks=[pytest.mark.xfail(reason=UNSTATED[g["id"]], strict=True)]
                 if g["id"] in UNSTATED else []) for r, g in ITEMS])
def test_one_dated_candidate_in_the_period_per_gold_event(predicted, row, gold):
    period = gold.get("period")
    inside = [p for p in predicted[gold["id"]] if p["date"]
              and (not period or period["start"] <= p["date"] <= period["end"])]
    assert len(inside) == len(gold["events"]), [(p["type"], p["date"], p["evidence"][:60]) for p in inside]


@pytest.mark.parametrize("row, gold", [(r, g) for r, g in ITEMS if g["not_events"]],
                         ids=[g["id"] for _, g in ITEMS if g["not_events"]])
def test_tallies_and_background_start_no_candidate_in_the_period(predicted, row, gold):
    text, period = row["text"], gold["period"]
    for phrase in gold["not_events"]:
        lo = text.index(phrase)
        hi = text.find("\n", lo)
        inside = [p for p in predicted[gold["id"]] if lo <= p["start"] < (hi if hi >= 0 else len(text))
                  and p["date"] and period["start"] <= p["date"] <= period["end"]]
        assert not inside, (phrase, [(p["type"], p["date"], p["evidence"][:60]) for p in inside])


def test_the_stated_totals_are_read(extracted):
    for _, gold in ITEMS:
        for k, v in gold["facts"].items():
            if v is not None and (gold["id"], k) not in FACTS_KNOWN:
                got = extracted[gold["id"]]["facts"][k]
                assert (sorted(got) if k == "batch_dates" and got else got) == v, (gold["id"], k, got, v)


@pytest.mark.parametrize("doc_id, key", [
    pytest.param(d, k, id=f"{d}-{k}", marks=[pytest.mark.xfail(reason=r, strict=True)])
    for (d, k), r in FACTS_KNOWN.items()])
def test_the_known_unread_totals(extracted, doc_id, key):
    gold = next(g for _, g in ITEMS if g["id"] == doc_id)
    assert extracted[doc_id]["facts"][key] == gold["facts"][key]


def test_the_set_scores_as_a_reviewer_needs(extracted):
    """The scorer's figures on the whole set (`annotator evaluate tests/nlp/fixtures/series/gold
    tests/nlp/fixtures/series/texts.jsonl` gives the same). The first batch (five documents), measured before the
    count and victim rules of issue 8: strict F1 0.984, counts 0.727, targets 0.839, 0.53 corrections per gold
    event; after them 1.000, 1.000, 0.875, 0.19. With the second batch (written after the rules, as a check):
    strict F1 0.976, counts 1.000, targets 0.800, 0.29 corrections; its own misses were in KNOWN. The target rule of
docs/annotation.md settled the last three (a toll told in a later sentence, victims counted in the strike's own
sentence, two people hurt side by side): targets 1.000, 0.00 corrections. The third batch (coalition-101, -113,
isis-month-93, written before the extractor ran): strict F1 0.885, 0.48 corrections; after its rules (and two gold
fixes to documented conventions) 1.000, 0.03. The fourth (coalition-137, written after them): 0.833, 0.62 first;
1.000, 0.31 after its own rules, with three known misses. The fifth (coalition-127, -139, isis-month-100, h/batch:
a quiet month, several events per item, corrections of an earlier month, tolls in the next paragraph), at first sight
with the five outlets items of that batch (annotator evaluate on the eight alone): strict F1 0.862, counts 0.818,
facts 0.556, 1.065 corrections; after tests/nlp/test_batch4_rules.py 0.935, 1.000, 0.556, 0.645; the whole series
set F1 0.986, 0.168 corrections (the floor below moved from 0.1 to 0.17 for the new months' known misses). The sixth
(coalition-141, -142, -143, h/extract5: many convoys and a corrected total, drone strikes and rockets on bases,
protests and clashes between factions), with the six outlets and registers items of that batch (annotator evaluate
on the nine alone) at first sight: strict F1 0.835 (P 0.917, R 0.767), counts 0.920, location 0.967, actors 0.818,
targets 0.909, facts 0.875, 0.605 corrections; after tests/nlp/test_batch5_rules.py: F1 1.000, counts 0.944,
location 0.950, actors 0.930, targets 0.884, facts 1.000, 0.279 corrections. The whole series set: F1 0.978 and
0.163 corrections at first sight, 0.996 and 0.044 after. The seventh (coalition-144, -145, isis-month-137, h/extract6:
a dashed timeline of one event per line, raids across several villages with detainees named by role, a clash between
factions and a protest in one item), with the six outlets and registers items of that batch (annotator evaluate on
the nine alone), at first sight: strict F1 0.725 (P 0.806, R 0.659), counts 0.741, location 0.857, actors 0.828,
targets 0.862, facts 1.000, 0.977 corrections; with three gold fixes to documented conventions (see build.py) 0.716;
after tests/nlp/test_batch6_rules.py: F1 0.989 (P 1.000, R 0.978), counts 0.976, location 0.952, actors 0.977,
targets 0.955, facts 1.000, 0.156 corrections (0.111 with the town measured from, location 1.000). The whole series
set: F1 0.987 and 0.127 corrections at first sight, 0.997 and 0.032 after. The eighth (coalition-146, isis-month-138:
a month as text taken from a PDF, its lines wrapped mid-sentence and page footers between items, and an ISIS month
under province headings with ordinal and spelled-out days), with the four outlets and registers items of that batch,
at first sight F1 0.667 (coalition-146 gave none of its seven events: each line's day was cut from the event told
on the next), after tests/nlp/test_batch8_rules.py 1.000 (see tests/nlp/test_outlets_set.py); the whole series set
F1 0.976 and 0.088 corrections at first sight, 0.997 and 0.029 after."""
    preds = {"documents": list(extracted.values())}
    result = scoring.score(FIXTURES / "gold", preds)
    assert result["strict"]["f1"] >= 0.97, result["strict"]
    assert result["counts_accuracy"] >= 0.95, result
    assert result["corrections_per_gold_event"] <= 0.17, result["corrections_per_gold_event"]


def test_the_gold_offsets_point_at_their_evidence():
    check_gold_offsets(ITEMS)
