"""The registers regression set (issue 8): nine fictional items in registers neither the precision nor the series set
held (a UN-style briefing, a channel's timestamped posts, a translated local piece, a briefing transcript, a
think-tank table, an ISIS month across the turn of the year, a wire update, a long Coalition month, relative days),
with gold written by hand before the extractor ran (tests/nlp/fixtures/registers/build.py).

Each batch was written by hand before the extractor ran on it; its first figure is the honest unseen one
(`annotator evaluate` on that batch's gold files alone):
- first batch (9 items, 39 events): strict F1 0.735 (P 0.862, R 0.641), counts 0.682, location 0.850, actors 0.720,
  targets 0.680, 1.128 corrections per gold event; now F1 1.000, counts 0.972, location 0.939, actors 0.872,
  targets 0.821, 0.385 corrections;
- second batch (5 items, 11 events, written after the first batch's fixes): F1 0.700, counts 0.500, actors 0.571,
  targets 0.429, 1.545 corrections; now F1 0.857, 1.091 corrections;
- third batch (two months of the monitored series, 13 events, written after the second's fixes): F1 0.783, counts
  0.778, actors 0.667, targets 0.667, 1.000 corrections; now F1 1.000, 0.308 corrections.
The whole set: F1 0.976, counts 0.898, location 0.940, actors 0.869, targets 0.820, 0.492 corrections. The gold
corrections made after a measurement are listed in build.py.
- sixth batch (h/extract5, 3 items, 9 events: a local radio bulletin's transcript, an NGO casualty list dated
  dd/mm/yyyy, a hedged think-tank weekly), measured with the series months and outlets items of that batch (see
  tests/nlp/test_series_reports.py): the nine at first sight F1 0.835, after tests/nlp/test_batch5_rules.py 1.000.
  The whole set: F1 0.935 and 0.500 corrections at first sight, 0.986 and 0.486 after.
- seventh batch (h/extract6, 3 items, 11 events: a defence ministry's air strike update, an NGO digest whose table
  is in tab-separated columns under a header row, a live blog over two days under day headings), measured with the
  series months and outlets items of that batch (see tests/nlp/test_series_reports.py): the nine at first sight
  F1 0.725, after tests/nlp/test_batch6_rules.py 0.989. The whole set: F1 0.896 and 0.667 corrections at first
  sight, 0.988 and 0.440 after (the nineteen items before it: 0.986 before and after).
  The eighth batch (2 items, 7 events: a council's social-media post in lower case with emojis between its
  sentences, a map key whose numbered items run on in one paragraph), with its series months and outlets items (see
  tests/nlp/test_outlets_set.py for the six's figures): the whole set F1 0.955 and 0.505 corrections at first sight,
  0.989 and 0.429 after (coalition-133's drone strike now has its actor)."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotator.nlp import scoring

from .fixture_sets import assert_candidate_on_its_day, check_gold_offsets, event_params, extract_set, fixture_set

FIXTURES = Path(__file__).parent / "fixtures" / "registers"
ITEMS = fixture_set(FIXTURES)

# gold events no candidate states on their day with their type, and why (strict: a fix shows up as a pass)
KNOWN = {
    # the second batch (written after the first batch's fixes)
    ("rights-narrative-afrin", "2025-06-17", "attack_other"): "'died in the same facility' (of torture, the next "
                                                              "sentence says) states no event; the later 'bore marks "
                                                              "of torture' starts one dated by 'two days later'",
}


@pytest.fixture(scope="module")
def extracted(extractor) -> dict[str, dict]:
    return extract_set(extractor, ITEMS)


def _params():
    return event_params(ITEMS, KNOWN)


@pytest.mark.parametrize("doc_id, index", _params())
def test_each_gold_event_has_a_candidate_on_its_day_with_its_type(extracted, doc_id, index):
    assert_candidate_on_its_day(extracted, ITEMS, doc_id, index)


def test_the_set_scores_at_least_as_measured(extracted):
    """Floors at the after-fix figures (see the module docstring), so that a later rule cannot lose them."""
    result = scoring.score(FIXTURES / "gold", {"documents": list(extracted.values())})
    assert result["strict"]["f1"] >= 0.97, result["strict"]
    assert result["corrections_per_gold_event"] <= 0.5, result["corrections_per_gold_event"]
    assert result["facts_accuracy"] == 1.0, result["facts_accuracy"]


def test_the_gold_offsets_point_at_their_evidence():
    check_gold_offsets(ITEMS)
