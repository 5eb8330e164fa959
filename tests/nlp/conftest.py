"""Fixtures for the extraction tests: one shared pipeline, and a helper that runs it with a period."""
from __future__ import annotations

import pytest
import spacy

import annotator.nlp.blocks  # noqa: F401 (registers the factories the dates pipeline needs)
import annotator.nlp.dates  # noqa: F401

from annotator.domain import Period


@pytest.fixture(scope="session")
def extractor():
    from annotator.nlp.service import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp


@pytest.fixture(scope="session")
def run(extractor):
    """run(text, period=("2024-03-01", "2024-03-31"), published=None) -> Extraction."""

    def _run(text: str, period=("2024-03-01", "2024-03-31"), published: str | None = None):
        p = Period(*period) if period else None
        return extractor.extract(text, published=published, period=p)

    return _run


@pytest.fixture(scope="session")
def parse(nlp):
    """parse(text, period=..., published=...) -> the processed spaCy Doc."""
    from annotator.nlp.docutil import set_text

    def _parse(text: str, period=("2024-03-01", "2024-03-31"), published: str | None = None):
        doc = nlp.make_doc(text)
        set_text(doc, text)
        doc._.period = period
        doc._.published = published
        return nlp(doc)

    return _parse


@pytest.fixture(scope="session")
def dates_nlp():
    """The dates component alone on blank English, with the blocks and sentences it reads."""
    nlp = spacy.blank("en")
    nlp.add_pipe("annotator_blocks")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("annotator_dates")
    return nlp


@pytest.fixture(scope="session")
def places_nlp():
    """The places component alone on blank English, with the sentences and actors it reads."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("annotator_actors")
    nlp.add_pipe("annotator_places")
    return nlp
