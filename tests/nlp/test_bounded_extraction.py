"""Extraction at any size: chunks cut at paragraph breaks with offsets kept, and the tokenizer guard for runs of
punctuation (spaCy alone takes minutes on 100 KB of "#"; these inputs would hang the test if the guard broke)."""
import functools

import pytest

from annotator.nlp import bounded, service
from annotator.paths import resources_dir


@pytest.fixture(scope="module")
def report() -> str:
    return (resources_dir() / "demo" / "reports" / "demo-coalition-112.txt").read_text("utf-8")


def test_chunks_cover_the_text_and_end_at_paragraph_breaks():
    text = "".join(f"Paragraph {i} says something about a convoy.\n\n" for i in range(400))
    bounds = bounded.chunk_bounds(text, limit=1000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(end - start <= 1000 for start, end in bounds)
    assert all(text[end - 2:end] == "\n\n" for _, end in bounds[:-1])


def test_a_text_without_breaks_is_still_cut_within_the_limit():
    bounds = bounded.chunk_bounds("x" * 2500, limit=1000)
    assert bounds == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_chunked_extraction_keeps_offsets_and_finds_each_copy(report, monkeypatch):
    whole = service.get_extractor().extract(report, published="2024-01-23")
    assert whole.events
    text = "\n\n".join([report] * 3)
    # chunks of about one report, so the three copies are extracted apart and merged
    monkeypatch.setattr(service, "chunk_bounds", functools.partial(bounded.chunk_bounds, limit=len(report) + 10))
    merged = service.get_extractor().extract(text, published="2024-01-23")
    assert len(merged.events) == 3 * len(whole.events)
    for ev in merged.events:
        assert text[ev.start:ev.end] == ev.evidence
        assert all(text[a.start:a.end] == a.text for a in ev.arguments)
    shift = len(report) + 2
    third = [(e.type, e.start - 2 * shift, e.end - 2 * shift) for e in merged.events[-len(whole.events):]]
    assert third == [(e.type, e.start, e.end) for e in whole.events]
    assert sorted(f.kind for f in merged.facts) == sorted(f.kind for f in whole.facts)  # one per kind


def test_a_text_over_spacys_million_characters_is_extracted(report):
    text = "\n\n".join([report] * (1_000_000 // len(report) + 2))
    assert len(text) > 1_000_000
    ex = service.get_extractor().extract(text, published="2024-01-23")
    assert ex.events and max(e.end for e in ex.events) > 1_000_000 - len(report)


@pytest.mark.parametrize("text", ["#" * 100_000, "_" * 100_000, "(" * 50_000 + " word " + "%" * 50_000, "[](" * 50_000,
                                  "see https://example.org/" + "a/" * 40 + " and " + "'" * 20_000 + "\nend"])
def test_long_punctuation_runs_keep_the_text_exactly(text):
    nlp = service.get_extractor().nlp
    doc = bounded.make_doc(nlp, text)
    assert doc.text == text
    assert max(len(t) for t in doc) <= max(bounded.MAX_PIECE, 64)
    service.get_extractor().extract(text)  # the components take it too


def test_ordinary_text_tokenizes_as_spacy_does(report):
    nlp = service.get_extractor().nlp
    assert [t.text for t in bounded.make_doc(nlp, report)] == [t.text for t in nlp.make_doc(report)]


def test_extract_each_pins_a_failure_to_its_text(monkeypatch):
    extractor = service.get_extractor()
    real = service.to_extraction

    def fragile(doc):
        if "explode" in doc.text:
            raise RuntimeError("one text failed")
        return real(doc)

    monkeypatch.setattr(service, "to_extraction", fragile)
    items = [("A convoy entered.", {}), ("This one will explode.", {}), ("Another convoy.", {})]
    out = list(service.extract_each(extractor, items, batch_size=3))
    assert [type(x).__name__ for x in out] == ["Extraction", "ExtractionFailed", "Extraction"]
    assert "RuntimeError: one text failed" in str(out[1])
