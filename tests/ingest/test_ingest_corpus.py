"""The development corpus (../shared/corpus) gets the series, periods and publication dates of its manifest."""
from __future__ import annotations

import pytest
from conftest import read_all

pytestmark = pytest.mark.corpus


def test_corpus_reports_get_the_manifest_periods(corpus_dir, manifest):
    docs, errors = read_all(corpus_dir / "reports")
    assert errors == []
    assert sorted(d.key for d in docs) == sorted(manifest)
    for doc in docs:
        expected = manifest[doc.key]
        assert doc.series == expected["series"], doc.key
        assert doc.month_number == expected["month_number"], doc.key
        assert (doc.period.start, doc.period.end) == (expected["period"]["start"], expected["period"]["end"]), doc.key
        assert doc.published == expected["published"], doc.key


def test_corpus_texts_are_kept_byte_for_byte(corpus_dir, manifest):
    # the corpus is UTF-8 NFC with LF endings, so reading must not change a character (gold offsets rely on it)
    docs, _ = read_all(corpus_dir / "reports")
    for doc in docs:
        raw = (corpus_dir / manifest[doc.key]["file"]).read_bytes().decode("utf-8")
        assert doc.text == raw
        assert len(doc.text.split()) == manifest[doc.key]["words"]


def test_corpus_publication_sources(corpus_dir):
    docs, _ = read_all(corpus_dir / "reports")
    sources = {d.key: d.published_source for d in docs}
    assert sources.pop("sohr-coalition-106") == "last-update"  # the only one that states its date
    assert set(sources.values()) == {"series"}


def test_corpus_titles_are_the_headlines(corpus_dir):
    docs, _ = read_all(corpus_dir / "reports")
    for doc in docs:
        assert doc.month_number is not None and str(doc.month_number) in doc.title
        assert "•" not in doc.title and len(doc.title) <= 201
