"""Reading counts from a sentence: which number is killed, injured, arrested or trucks."""
import pytest
import spacy

import annotator.nlp.numbers  # noqa: F401
from annotator.nlp.config import load_json
from annotator.nlp.counts import CountReader
from annotator.nlp.numbers import number_mentions


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("annotator_lemmatizer")
    nlp.get_pipe("annotator_lemmatizer").initialize(nlp=nlp)
    nlp.add_pipe("annotator_numbers")
    return nlp


@pytest.fixture(scope="module")
def reader(nlp):
    return CountReader(load_json("", "counts.json"), nlp.vocab)


def counts(nlp, reader, text, want=("killed", "injured", "arrested")):
    doc = nlp(text)
    found = reader.read(doc, [(0, len(doc))], number_mentions(doc), want)
    return {k: (h.value, h.qualifier) for k, h in found.items()}


import annotator.nlp.lemmatizer  # noqa: E402,F401


@pytest.mark.parametrize("text, expected", [
    ("Six militiamen were killed in more than three airstrikes.", {"killed": (6, "exact")}),
    ("The strike killed 11 fighters and wounded nearly 20 others.",
     {"killed": (11, "exact"), "injured": (20, "approx")}),
    ("SDF arrested four suspects in a raid.", {"arrested": (4, "exact")}),
    ("The raids resulted in the arrest of 52 people.", {"arrested": (52, "exact")}),
    ("Those operations led to the arrest of 15 people.", {"arrested": (15, "exact")}),
    ("The attack left two guards dead and three others critically injured.",
     {"killed": (2, "exact"), "injured": (3, "exact")}),
    ("Eight officers among 39 soldiers were killed in the ambush.", {"killed": (39, "exact")}),
    ("Clashes left a fighter and his brother dead, and another brother injured.",
     {"killed": (2, "exact"), "injured": (1, "exact")}),
    ("A drone opened fire on him, killing him immediately.", {"killed": (1, "exact")}),
    ("CENTCOM announced the death of an ISIS commander.", {"killed": (1, "exact")}),
    ("The strike killed a senior leader and his companion near the town.", {"killed": (2, "exact")}),
    ("The rocket landed nearly three kilometres away.", {}),
    ("The force arrested two of his relatives, while the wanted man was killed.",
     {"arrested": (2, "exact"), "killed": (1, "exact")}),
    ("They demanded an end to raids and the release of the people detained.", {}),
])
def test_roles(nlp, reader, text, expected):
    assert counts(nlp, reader, text) == expected


def test_an_arrest_that_is_only_the_aim_is_not_counted(nlp, reader):
    assert counts(nlp, reader, "They raided the house to arrest a commander.") == {}
    assert counts(nlp, reader, "The campaign's objective was the arrest of two leaders.") == {}


def test_trucks_are_counted_only_for_vehicles(nlp, reader):
    assert counts(nlp, reader, "a convoy of nearly 50 “Hammer” cars", ("trucks",)) == {"trucks": (50, "approx")}
    assert counts(nlp, reader, "The convoy comprised 20 cargo vehicles.", ("trucks",)) == {"trucks": (20, "exact")}
    assert counts(nlp, reader, "reinforcements comprising artillery, five tanks, vehicles", ("trucks",)) == {}


@pytest.mark.parametrize("text, expected", [
    ("Between 12 and 20 people were killed in the blast.", {"killed": (12, "at_least")}),
    ("A farmer was found dead in his field.", {"killed": (1, "exact")}),
    ("A shepherd was found handcuffed and killed near the river.", {"killed": (1, "exact")}),
    ("A drone killed a senior al-Qaeda-linked commander.", {"killed": (1, "exact")}),
    ("Police rounded up 12 young men.", {"arrested": (12, "exact")}),
    ("Gunmen shot dead a regime's 1st lieutenant in the city.", {"killed": (1, "exact")}),
])
def test_note_phrasings(nlp, reader, text, expected):
    assert counts(nlp, reader, text) == expected


def test_trucks_left_unnamed_in_an_enumeration(nlp, reader):
    assert counts(nlp, reader, "and 20 others on the 7th", ("trucks",)) == {"trucks": (20, "exact")}
    # a bare number before "on" counts trucks only in a batch's own clause
    doc = nlp("40 on the 3rd")
    assert reader.read(doc, [(0, len(doc))], number_mentions(doc), ("trucks",)) == {}
    assert reader.read(doc, [(0, len(doc))], number_mentions(doc), ("trucks",), elliptic=True)["trucks"].value == 40
