"""Fixtures for the extraction tests: one shared pipeline, and a helper that runs it with a period."""
from __future__ import annotations

import pytest

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
