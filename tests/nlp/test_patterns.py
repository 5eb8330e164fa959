"""GappedMatcher alone: spaCy Matcher semantics for gap-free patterns, and what a gap may span."""
import pytest
import spacy
from spacy.matcher import Matcher

import annotator.nlp.sentences  # noqa: F401  (registers annotator_sentencizer)
from annotator.nlp.patterns import GappedMatcher, PatternError

TEXT = ("On March 3 a joint security operation was carried out. Joint operation in Hajin, and a security "
        "raid too. A drone struck a car; the car was hit by a drone. Security forces, joint forces and "
        "military training. 35 trucks and five batches entered, then 40 empty trucks left the country.")

PATTERNS = {
    "OP": [{"LOWER": {"IN": ["joint", "security"]}}, {"LOWER": "security", "OP": "?"},
           {"LEMMA": {"IN": ["operation", "raid"]}}],
    "TRUCKS": [{"LIKE_NUM": True}, {"LOWER": "empty", "OP": "?"}, {"LEMMA": "truck"}],
    "BATCHES": [{"LIKE_NUM": True}, {"LOWER": "batches"}],
    "HIT_BY": [{"ORTH": "hit"}, {"LOWER": "by"}, {"LOWER": "a", "OP": "?"}, {"LOWER": "drone"}],
}


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("annotator_sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def greedy(matches):
    """spaCy's Matcher gives every length an optional token allows; ours the greedy one per start."""
    best = {}
    for key, s, e in matches:
        best[(key, s)] = max(best.get((key, s), e), e)
    return sorted((k, s, e) for (k, s), e in best.items())


def test_gap_free_patterns_match_as_spacys_matcher(nlp):
    doc = nlp(TEXT)
    ours, theirs = GappedMatcher(nlp.vocab), Matcher(nlp.vocab)
    for key, pattern in PATTERNS.items():
        ours.add(key, pattern)
        theirs.add(key, [pattern])
    expected = greedy((nlp.vocab.strings[k], s, e) for k, s, e in theirs(doc))
    found = sorted(ours(doc))
    assert found == expected
    assert {k for k, _, _ in found} == set(PATTERNS)


def test_a_gap_stops_at_punctuation_and_sentence_ends(nlp):
    matcher = GappedMatcher(nlp.vocab)
    matcher.add("DRONE_STRUCK", [{"LEMMA": "drone"}, {"GAP": 3}, {"LEMMA": {"IN": ["strike", "hit"]}}])
    doc = nlp("A drone then struck a car. A drone. It hit nothing; a drone, which hit a house.")
    assert [doc[s:e].text for _, s, e in matcher(doc)] == ["drone then struck"]


def test_unsupported_specs_are_refused(nlp):
    matcher = GappedMatcher(nlp.vocab)
    with pytest.raises(PatternError):
        matcher.add("X", [{"TEXT": {"REGEX": "x"}}])
    with pytest.raises(PatternError):
        matcher.add("Y", [{"LOWER": "a", "OP": "?"}, {"LOWER": "b"}])
    with pytest.raises(PatternError):
        matcher.add("Z", [{"LOWER": "a"}, {"GAP": 2}])


def test_a_lemma_pattern_matches_its_base_form_opening_a_sentence(nlp):
    # the lookup table maps inflected forms only: "Drone" opening a sentence is its own lemma
    m = GappedMatcher(nlp.vocab)
    m.add("DRONE", [{"LEMMA": "drone"}, {"LEMMA": "strike"}])
    doc = nlp("Drone strike near the town. A drone strike later.")
    assert [(s, e) for _, s, e in m(doc)] == [(0, 2), (7, 9)]


def test_a_pattern_opening_with_function_words_is_looked_up_by_its_content_word(nlp):
    from annotator.nlp.patterns import _Compiled

    m = GappedMatcher(nlp.vocab)
    m.add("PAST", [{"LOWER": "in"}, {"LOWER": "the"}, {"LOWER": "past"}, {"LOWER": "month"}])
    doc = nlp("Clashes in the town. In the past month, in the past month too.")
    assert [(s, e) for _, s, e in m(doc)] == [(5, 9), (10, 14)]
    compiled = _Compiled(m.rules, nlp.vocab)
    anchored = {pos for by_value in compiled.anchors.values() for found in by_value.values() for _, pos in found}
    assert anchored == {2}  # "past", not "in"


def test_within_keeps_the_matches_that_start_inside_the_ranges(nlp):
    doc = nlp(TEXT)
    m = GappedMatcher(nlp.vocab)
    for key, pattern in PATTERNS.items():
        m.add(key, pattern)
    every = m(doc)
    sents = [(s.start, s.end) for s in doc.sents]
    picked = [sents[0], sents[2], sents[-1]]
    inside = [x for x in every if any(lo <= x[1] < hi for lo, hi in picked)]
    assert inside and len(inside) < len(every)
    assert m(doc, within=picked) == inside
    # a range may cut a match: it counts by its start
    op = next(x for x in every if x[0] == "OP")
    assert m(doc, within=[(op[1], op[1] + 1)]) == [x for x in every if x[1] == op[1]]
    assert m(doc, within=[]) == []
