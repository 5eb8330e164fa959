"""The outlets regression set (issue 8): fourteen fictional news items of outlets and registers no other set held (a
regional daily, an agency flash with update lines, a ministry statement in translation, an Iraqi border-security
statement, a humanitarian incident log, a local council statement, a monitor's evening round-up, an opinion piece, a
defence-trade article without events, a court report recalling an old attack; then an SDF media centre statement,
a translated reconciliation-centre bulletin, a Kurdish outlet's claim story, a wire item on an Israeli strike), with
gold written by hand before the extractor ran (tests/nlp/fixtures/outlets/build.py).

Each batch was written by hand before the extractor ran on it; its first figure is the honest unseen one
(`annotator evaluate` on that batch's gold files alone):
- first batch (10 items, 19 events): strict F1 0.667 (P 0.786, R 0.579), counts 0.500, location 0.889, actors 0.636,
  targets 0.636, 1.368 corrections per gold event; after the rules of tests/nlp/test_outlets2_rules.py: F1 0.895,
  counts 0.933, location 1.000, actors 0.824, targets 0.941, 0.474 corrections;
- second batch (4 items, 6 events, written after the first batch's fixes): F1 1.000, counts 0.667, location 1.000,
  actors 0.833, targets 0.500, 1.000 corrections; now F1 1.000, actors 1.000, targets 0.833, 0.500 corrections.
The whole set: F1 0.920, counts 0.857, location 1.000, actors 0.870, targets 0.913, 0.480 corrections. With the rules
of tests/nlp/test_known_misses.py (border guards as actors, one day's items, recalled happenings): F1 0.960, actors
0.917, targets 0.917, 0.360 corrections.
- third batch (h/batch, 5 items, 11 events: a Kurdish outlet's translation, a defence ministry weekly briefing, a
  humanitarian flash update, a thread of posts, a consultancy digest), measured with the three series months of that
  batch (see tests/nlp/test_series_reports.py): the eight at first sight F1 0.862, after tests/nlp/test_batch4_rules.py
  0.935. The whole set with it: F1 0.930, counts 0.897, location 0.967, actors 0.848, targets 0.879, 0.514
  corrections (its floor moved from 0.50 to 0.52: the batch's places and actors the rules do not yet read). With
  both branches' rules merged: F1 0.958, 0.429 corrections.
- sixth batch (h/extract5, 3 items, 6 events: a wire flash with an update line, a press release in the passive with a
  shorthand results line, a channel repost), measured with the series months and registers items of that batch (see
  tests/nlp/test_series_reports.py): the nine at first sight F1 0.835, after tests/nlp/test_batch5_rules.py 1.000.
  The whole set: F1 0.927 and 0.537 corrections at first sight, 0.964 and 0.439 after.
- seventh batch (h/extract6, 3 items, 10 events: a prosecutor's numbered statement about detainees, a translated
  local piece with other transliterations (Dayr al-Zawr, al-Mayadin, Thiban), a markdown e-mail brief), measured with
  the series months and registers items of that batch (see tests/nlp/test_series_reports.py): the nine at first
  sight F1 0.725, after tests/nlp/test_batch6_rules.py 0.989. The whole set: F1 0.920 and 0.490 corrections at
  first sight, 0.980 and 0.333 corrections after (the twenty-two items before it: 0.964 before, 0.988 after, the
  arrest after an exchange of fire of iraq-border-statement being read).
- eighth batch (2 items, 6 events: a state news agency's register, with the SDF as "QSD militia" and arrests as
  kidnappings; an army spokesman's statement with a numeric dateline and "last night"), with the series months and
  registers items of that batch: at first sight strict F1 0.667 (P 1.000, R 0.500), counts 0.833, location 1.000, actors 0.923, targets 0.846, facts 0.667, 0.808 corrections; after tests/nlp/test_batch8_rules.py F1 1.000, counts 1.000, location 0.880, actors 1.000, targets 1.000, facts 1.000, 0.115 corrections. The whole set: F1 0.982 and
  0.333 corrections at first sight, 0.982 and 0.298 after."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotator.nlp import scoring

from .fixture_sets import assert_candidate_on_its_day, check_gold_offsets, event_params, extract_set, fixture_set

FIXTURES = Path(__file__).parent / "fixtures" / "outlets"
ITEMS = fixture_set(FIXTURES)

# gold events no candidate states on their day with their type, and why (strict: a fix shows up as a pass)
KNOWN = {  # iraq-border-statement's arrest after an exchange of fire was settled by tests/nlp/test_batch6_rules.py
    ("prosecutor-statement-hasakah", "2026-02-14", "attack_other"): "'a suspect in the killing of a member of the "
    "Asayish at a checkpoint ... on 14 February was arrested on 1 March': the killing, a noun phrase of the charge "
    "inside the arrest's sentence, is read as the charge (no event), not as a happening of its own day",
}


@pytest.fixture(scope="module")
def extracted(extractor) -> dict[str, dict]:
    return extract_set(extractor, ITEMS)


def _params():
    return event_params(ITEMS, KNOWN)


@pytest.mark.parametrize("doc_id, index", _params())
def test_each_gold_event_has_a_candidate_on_its_day_with_its_type(extracted, doc_id, index):
    assert_candidate_on_its_day(extracted, ITEMS, doc_id, index)


@pytest.mark.parametrize("doc_id", ["defence-trade-drones"])
def test_an_item_without_events_gets_no_dated_candidate(extracted, doc_id):
    assert [p for p in extracted[doc_id]["events"] if p["date"]] == []


def test_a_recalled_attack_years_back_is_no_event_of_a_news_item(extracted):
    assert [p for p in extracted["court-report-mayadeen"]["events"] if p["date"]] == []


def test_the_set_scores_at_least_as_measured(extracted):
    """Floors at the after-fix figures (see the module docstring), so that a later rule cannot lose them."""
    result = scoring.score(FIXTURES / "gold", {"documents": list(extracted.values())})
    assert result["strict"]["f1"] >= 0.95, result["strict"]
    assert result["corrections_per_gold_event"] <= 0.45, result["corrections_per_gold_event"]


def test_the_gold_offsets_point_at_their_evidence():
    check_gold_offsets(ITEMS)
