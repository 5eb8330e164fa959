"""The actors component alone: canonical actors found as phrases."""
import pytest
import spacy

import annotator.nlp.actors_component  # noqa: F401


@pytest.fixture(scope="module")
def actors_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("annotator_actors")
    return nlp


def actors(nlp, text):
    return [(sp.text, sp._.actor.name, sp._.actor.acled_type) for sp in nlp(text)._.actors]


def test_aliases_map_to_canonical_actors(actors_nlp):
    found = actors(actors_nlp, "Syrian Democratic Forces and US-led Coalition forces raided a house of Daesh.")
    names = [name for _, name, _ in found]
    assert "SDF" in names and "International Coalition" in names


def test_acled_type_comes_with_the_actor(actors_nlp):
    found = actors(actors_nlp, "Iranian-backed militias fired rockets.")
    assert found[0][1] == "Iranian-backed militias" and isinstance(found[0][2], int)


def test_capital_acronyms_only_match_in_capitals(actors_nlp):
    assert actors(actors_nlp, "it is what it is, said one of us") == []
    assert [n for _, n, _ in actors(actors_nlp, "US troops and IS cells")] == ["US forces", "ISIS"]


def test_longest_name_wins(actors_nlp):
    found = actors(actors_nlp, "International Coalition forces arrived")
    assert len(found) == 1 and found[0][0] == "International Coalition forces"


def test_a_nationality_naming_a_border_or_territory_is_not_an_actor(actors_nlp):
    border = actors(actors_nlp, "They blew up tunnels two kilometres from the Syrian-Turkish border.")
    assert [text for text, _, _ in border] == []
    found = actors(actors_nlp, "Turkish forces shelled the village; Iraqi territory was hit too.")
    assert [text for text, _, _ in found] == ["Turkish forces"]
