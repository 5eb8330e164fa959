"""The numbers component alone, on spacy.blank("en")."""
import pytest
import spacy

import annotator.nlp.numbers  # noqa: F401  (registers the factory)


@pytest.fixture(scope="module")
def numbers_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("annotator_numbers")
    return nlp


def values(nlp, text):
    return [(sp.text, sp._.number.value, sp._.number.qualifier) for sp in nlp(text)._.numbers]


@pytest.mark.parametrize("text, value, qualifier", [
    ("six soldiers", 6, "exact"),
    ("two hundred and fifty trucks", 250, "exact"),
    ("nearly 185 trucks", 185, "approx"),
    ("over 51 attacks", 51, "at_least"),
    ("more than three airstrikes", 3, "at_least"),
    ("a dozen vehicles", 12, "approx"),
    ("dozens of residents", 24, "vague"),
    ("hundreds of families", 200, "vague"),
    ("1,100 raids", 1100, "exact"),
    ("twenty-five fighters", 25, "exact"),
    ("three thousand people", 3000, "exact"),
    ("up to 40 tanks", 40, "at_most"),
    ("about 70 members", 70, "approx"),
    ("two dozen trucks", 24, "approx"),
])
def test_value_and_qualifier(numbers_nlp, text, value, qualifier):
    found = values(numbers_nlp, text)
    assert len(found) == 1, found
    assert found[0][1:] == (value, qualifier)


def test_the_span_covers_the_qualifier(numbers_nlp):
    assert values(numbers_nlp, "at least 12 were hurt")[0][0] == "at least 12"


def test_ordinals_are_not_counts(numbers_nlp):
    assert values(numbers_nlp, "the 96th month and the first batch on the 3rd") == []


def test_separate_numbers_stay_separate(numbers_nlp):
    found = values(numbers_nlp, "arresting six members and killing two")
    assert [v for _, v, _ in found] == [6, 2]


def test_no_numbers(numbers_nlp):
    assert values(numbers_nlp, "Coalition forces patrolled the area") == []
