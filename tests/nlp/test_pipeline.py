"""build_pipeline: the component order, configuration from files, and errors in configuration."""
import json

import pytest

from annotator.nlp.pipeline import build_pipeline
from annotator.nlp.patterns import PatternError


def test_components_in_order(nlp):
    assert nlp.pipe_names == ["blocks", "sentencizer", "lemmatizer", "datelines", "numbers", "dates", "actors", "places",
                              "facts", "events"]


def test_trigger_patterns_come_from_configuration(tmp_path):
    triggers = tmp_path / "triggers.jsonl"
    triggers.write_text(json.dumps({"id": "wedding", "label": "protest", "priority": 50,
                                    "pattern": [{"LOWER": "wedding"}]}) + "\n", encoding="utf-8")
    nlp = build_pipeline({"events": {"triggers_path": str(triggers)}})
    doc = nlp.make_doc("On March 3, a wedding took place in Hajin.")
    doc._.period = ("2024-03-01", "2024-03-31")
    events = nlp(doc)._.events
    assert [(e.type, e.rule) for e in events] == [("protest", "protest:wedding")]


def test_unsupported_pattern_is_an_error(tmp_path):
    triggers = tmp_path / "triggers.jsonl"
    triggers.write_text(json.dumps({"id": "x", "label": "protest", "pattern": [{"TEXT": {"REGEX": "x"}}]}) + "\n",
                        encoding="utf-8")
    with pytest.raises(PatternError):
        build_pipeline({"events": {"triggers_path": str(triggers)}})


def test_unknown_component_is_an_error():
    with pytest.raises(ValueError, match="unknown pipeline components"):
        build_pipeline({"nonsense": {}})


def test_lemmatizer_matches_spacy_lookup_lemmas(nlp):
    import spacy

    stock = spacy.blank("en")
    stock.add_pipe("lemmatizer", config={"mode": "lookup"})
    stock.initialize()
    text = "Two helicopters fired missiles while the convoys were crossing the border and troops arrested men."
    ours = [t.lemma_ for t in nlp(text)]
    theirs = [t.lemma_ for t in stock(text)]
    assert ours == theirs
