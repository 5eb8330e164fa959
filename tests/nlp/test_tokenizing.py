"""tokenizing.py: our tokenizer gives exactly the tokens of spacy.blank("en"), around the special cases it drops."""
import itertools

import pytest
import spacy
from spacy import attrs as A

from annotator.nlp.tokenizing import CONFIG, NO_OP_SPECIALS, NORM_SPECIALS

DROPPED = NO_OP_SPECIALS + NORM_SPECIALS

ATTRS = [A.ORTH, A.NORM, A.LOWER, A.SHAPE, A.PREFIX, A.SUFFIX, A.SPACY, A.IDX, A.IS_PUNCT, A.LIKE_NUM, A.LEMMA]

REPORT = (
    "Monthly Brief — Eastern Region\n\n"
    "HASAKAH, Syria — On March 3, a U.S.-led patrol (40 vehicles) didn't stop at Tal Baydar.\n"
    "\t• Gunmen shot a man\u00a0dead near the town’s market; the victims’ families weren't told.\n"
    "Aid\u00a0convoy (\u00a0) \u00a0\u00a0 x \u00a0 y\u00a0\n"
    "Troops—backed by drones—raided \"Al-Hol\" camp at 5 a.m. , arresting 12 men.  Two  spaces.\r\n"
    "See https://example.org/brief?id=7 or mail desk@example.org :) — end —\n"
)


@pytest.fixture(scope="module")
def pair():
    return spacy.blank("en"), spacy.blank("en", config=CONFIG)


def _same(stock, ours, text):
    a, b = stock.make_doc(text), ours.make_doc(text)
    assert [t.text for t in a] == [t.text for t in b]
    assert (a.to_array(ATTRS) == b.to_array(ATTRS)).all()
    assert a.to_bytes() == b.to_bytes()


def test_the_dropped_rules_are_gone_and_the_others_kept(pair):
    stock, ours = pair
    assert not set(DROPPED) & set(ours.tokenizer.rules)
    assert set(stock.tokenizer.rules) - set(ours.tokenizer.rules) == set(DROPPED)
    assert [t.text for t in ours.make_doc("They don't know.")] == ["They", "do", "n't", "know", "."]


def test_the_tokenizer_survives_pickling(pair):
    import pickle

    stock, ours = pair
    again = pickle.loads(pickle.dumps(ours.tokenizer))
    assert again.dropped == ours.tokenizer.dropped
    assert [t.norm_ for t in again("Aid\u00a0convoy")] == [t.norm_ for t in stock.make_doc("Aid\u00a0convoy")]


def test_a_report_tokenizes_as_spacy_does_every_time(pair):
    stock, ours = pair
    for _ in range(3):  # later runs read the cache that spaCy's own rules leave empty after the first line break
        _same(stock, ours, REPORT)
    for line in REPORT.splitlines(keepends=True):
        _same(stock, ours, line)


@pytest.mark.parametrize("special", DROPPED)
def test_each_dropped_rule_in_context(pair, special):
    stock, ours = pair
    around = ["", " ", "(", ")", ",", ".", "word", "U.S.", "'", "’", "—", "\n", "\u00a0", "don't", "3"]
    for before, after in itertools.product(around, repeat=2):  # at the start too: "— text", " text"
        _same(stock, ours, f"{before}{special}{after}")
        _same(stock, ours, f"x {before}{special}{after} y\n{before}{special}{after}")
