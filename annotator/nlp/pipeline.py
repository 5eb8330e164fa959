"""build_pipeline(config) -> Language: spacy.blank("en") (its tokenizer's cache kept working, tokenizing.py)
with the sentencizer (spaCy's rule, computed on arrays), the lookup lemmatizer and our registered components,
each configured from resources/ (an empty path means the bundled file).
"""
from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language

# importing the modules registers their factories
from . import (actors_component, blocks, datelines, dates, events, facts, lemmatizer, numbers,  # noqa: F401
               places, sentences)
from .tokenizing import CONFIG as TOKENIZER_CONFIG

# component name -> (factory, config keys it accepts)
COMPONENTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("blocks", "annotator_blocks", ("config_path",)),
    ("sentencizer", "annotator_sentencizer", ("punct_chars",)),
    ("lemmatizer", "annotator_lemmatizer", ("extra_path",)),
    ("datelines", "annotator_datelines", ("config_path",)),
    ("numbers", "annotator_numbers", ("config_path",)),
    ("dates", "annotator_dates", ("config_path",)),
    ("actors", "annotator_actors", ("actors_path", "config_path")),
    ("places", "annotator_places", ("config_path", "gazetteer_path")),
    ("facts", "annotator_facts", ("config_path", "counts_path")),
    ("events", "annotator_events", ("triggers_path", "config_path", "counts_path", "places_path", "gazetteer_path")),
]


def build_pipeline(config: dict[str, dict[str, Any]] | None = None) -> Language:
    """The extraction pipeline. `config` maps a component name to its factory config, e.g.
    {"places": {"gazetteer_path": "my_gazetteer.jsonl"}, "events": {"triggers_path": "..."}}."""
    config = config or {}
    unknown = set(config) - {name for name, _, _ in COMPONENTS}
    if unknown:
        raise ValueError(f"unknown pipeline components in config: {', '.join(sorted(unknown))}")
    nlp = spacy.blank("en", config=TOKENIZER_CONFIG)  # spaCy's tokenizer, its cache working (tokenizing.py)
    for name, factory, _keys in COMPONENTS:
        nlp.add_pipe(factory, name=name, config=dict(config.get(name, {})))
    # loads the lemma tables from spacy-lookups-data (no network)
    nlp.get_pipe("lemmatizer").initialize(nlp=nlp)
    return nlp
