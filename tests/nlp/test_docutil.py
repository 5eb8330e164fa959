"""The shared per-document helpers: token table, word sets, span texts, keeping the longest spans."""
import random

import numpy as np
import pytest
import spacy
from spacy import attrs as A

from annotator.nlp.docutil import (TABLE_ATTRS, Found, LexemeSet, found_by, keep_longest, members, set_found,
                                   span_text, span_texts, token_table)

TEXT = ("On the 3rd of March, 2024, a convoy of 35 trucks entered via Semalka crossing .\n"
        "• Two drones (MQ-9) struck Al-Omar; dozens fled…  U.S. forces said “nothing”.")


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def test_token_table_is_doc_to_array(nlp):
    for text in (TEXT, "x", "  \n\t 12 ,. Ünïcode 3rd 1,000 N/A"):
        doc = nlp(text)
        doc[0].lemma_ = "something"  # a token attribute, not a property of the word
        table = token_table(doc)
        expected = doc.to_array([getattr(A, name) for name in TABLE_ATTRS])
        assert (table["_array"] == expected).all()
        assert table["LOWER"] == expected[:, TABLE_ATTRS.index("LOWER")].tolist()


def test_word_sets_agree_with_the_attributes(nlp):
    lower = LexemeSet(nlp.vocab, "LOWER", ["convoy", "drones", "trucks"])
    shape = LexemeSet(nlp.vocab, "SHAPE", ["dd", "dxx"])
    orth = LexemeSet(nlp.vocab, "ORTH", ["Semalka", "."])
    doc = nlp(TEXT)
    table = token_table(doc)["_array"]
    for words, attr in ((lower, "LOWER"), (shape, "SHAPE"), (orth, "ORTH")):
        expected = np.isin(table[:, TABLE_ATTRS.index(attr)], np.array(sorted(words.values), dtype=np.uint64))
        assert (words.mask(doc) == expected).all()
    assert [t.text for t in doc if lower.mask(doc)[t.i]] == ["convoy", "trucks", "drones"]
    # a set made after a Doc was read still answers for it
    late = LexemeSet(nlp.vocab, "LOWER", ["struck"])
    assert [t.text for t in doc if late.mask(doc)[t.i]] == ["struck"]


def test_members_is_isin():
    rng = np.random.default_rng(3)
    column = rng.integers(0, 50, 200).astype(np.uint64)
    for values in ([], [7], [0, 3, 49, 60]):
        ref = np.isin(column, np.array(values, dtype=np.uint64))
        assert (members(column, np.array(values, dtype=np.uint64)) == ref).all()


def test_span_texts_are_span_text(nlp):
    doc = nlp(TEXT)
    ranges = [(0, 1), (3, 9), (len(doc) - 3, len(doc)), (5, 5)]
    assert span_texts(doc, ranges) == [doc[s:e].text for s, e in ranges]
    assert span_text(doc, 3, 9) == doc[3:9].text


def _keep_longest_naively(spans):
    out, taken = [], set()
    for sp in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if any(i in taken for i in range(sp[0], sp[1])):
            continue
        out.append(sp)
        taken.update(range(sp[0], sp[1]))
    return sorted(out, key=lambda x: x[0])


def test_keep_longest_keeps_the_longest_then_earliest():
    assert keep_longest([(0, 2, "a"), (1, 4, "b"), (4, 5, "c")]) == [(1, 4, "b"), (4, 5, "c")]
    rng = random.Random(5)
    for _ in range(2000):
        starts = [rng.randint(0, 20) for _ in range(rng.randint(0, 8))]
        spans = [(s, s + rng.randint(0, 4), k) for k, s in enumerate(starts)]
        assert keep_longest(list(spans)) == _keep_longest_naively(spans)


def test_found_items_become_spans_on_demand(nlp):
    import annotator.nlp.extensions  # noqa: F401

    doc = nlp(TEXT)
    set_found(doc, "places", [Found(15, 17, "Semalka crossing", "a place")])
    assert [f.text for f in found_by(doc, "places")] == ["Semalka crossing"]
    assert [(sp.text, sp._.place) for sp in doc._.places] == [("Semalka crossing", "a place")]
    assert doc._.actors == []
