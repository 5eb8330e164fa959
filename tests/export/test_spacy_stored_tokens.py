"""The spaCy export reads a report's stored tokens (migration 0007) instead of tokenising it: the DocBin rows it
derives from them (tokens.docbin_columns) are the tokenizer Doc's, or None where a tokenizer special case may have
set a token's norm, and the files are the same bytes with and without stored tokens."""
from __future__ import annotations

import random

import pytest
from spacy.attrs import NORM, ORTH, SPACY
from spacy.tokens import DocBin

from annotator.export import spacy_docbin as sd
from annotator.export.docbin_stream import DocBinWriter
from annotator.export.tokens import decode_tokens, docbin_columns, encode_tokens, tokenizer_key

from .test_spacy_fast_path import SENTENCES, _export_doc, _texts

SPECIAL_NORMS = ["I'ma go.", "Let's go at 10 a.m. on Aug. 4.", "They can't, won't; y'all'd've gone."]


def test_columns_from_stored_tokens_are_the_docs_or_none():
    nlp = sd.blank_nlp()
    texts = SENTENCES + SPECIAL_NORMS + _texts(800, seed=4)
    same = refused = needed = 0
    for text in texts:
        doc = nlp.make_doc(text)
        expected = doc.to_array([ORTH, SPACY, NORM]).reshape(-1, 3)
        got = docbin_columns(decode_tokens(text, encode_tokens(text)))
        if got is None:
            refused += 1
            # a refusal is needed where some token's norm is not its lexeme's
            needed += any(t.norm != nlp.vocab[t.text].norm for t in doc)
        else:
            assert got.tolist() == expected.tolist(), text
            same += 1
    # the random texts are a fifth special cases: many refusals, most of them needed
    assert same > 100 and needed > refused // 2 > 0
    for text in SPECIAL_NORMS:  # each holds a token whose norm a special case sets ("a" as "gonna", "Aug." ...)
        assert docbin_columns(decode_tokens(text, encode_tokens(text))) is None


def _docbin(tmp_path, name, eds):
    writer = DocBinWriter(tmp_path / name, attrs=["ORTH"], store_user_data=True)
    notes: list[str] = []
    results = [sd.add_report(writer, ed, notes) for ed in eds]
    writer.close()
    return (tmp_path / name).read_bytes(), results, notes


@pytest.mark.parametrize("seed", [1, 2])
def test_the_spacy_examples_are_the_same_bytes_with_and_without_stored_tokens(tmp_path, seed):
    rng = random.Random(seed)
    texts = SENTENCES + SPECIAL_NORMS + [" ".join(rng.choice(SENTENCES + SPECIAL_NORMS + _texts(30, seed))
                                                  for _ in range(3)) for _ in range(40)]
    plain = [_export_doc(text, i) for i, text in enumerate(texts, 1)]
    stored = [_export_doc(text, i) for i, text in enumerate(texts, 1)]
    for ed in stored:
        ed.tokens = (tokenizer_key(), len(ed.text), encode_tokens(ed.text))
    expected = DocBin(attrs=["ORTH"], store_user_data=True,
                      docs=[d for ed in plain for d in sd.make_docs(sd.blank_nlp(), ed)]).to_bytes()
    without, with_tokens = _docbin(tmp_path, "plain.spacy", plain), _docbin(tmp_path, "stored.spacy", stored)
    assert with_tokens == without and without[0] == expected and sum(e for e, _ in without[1]) > 0
