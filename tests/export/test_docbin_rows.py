"""The spaCy export's array path (docbin_rows.py, token_index.py, tokenizer_cases.py): exact token look-ups, the
tokenizer's data kept as what spaCy computes, and the DocBin bytes of stored tokens those of make_docs' Docs."""
from __future__ import annotations

import random

import numpy as np
import pytest
from spacy.tokens import DocBin

from annotator.export import spacy_docbin as sd
from annotator.export import token_index, tokenizer_cases
from annotator.export.docbin_stream import DocBinWriter
from annotator.export.token_index import TokenIndex
from annotator.export.tokens import decode_arrays, decode_tokens, docbin_columns, encode_tokens, tokenizer_key

from .test_spacy_fast_path import SENTENCES, _export_doc, _texts
from .test_spacy_stored_tokens import SPECIAL_NORMS

ODD = ["Convoy\x00of trucks.", "A drone \U0001F681 struck Al-Suwar at 10 a.m.", "x" * 40 + " short " + "y" * 17,
       "supercalifragilisticexpialidocious " * 3, "Ärzte öffneten 16 Klinikstationen\u00a0heute.", ""]


def _index() -> TokenIndex:
    return TokenIndex(tokenizer_cases.vocab(), tokenizer_cases.special_norms())


def _arrays(text: str):
    starts, ends, _, _ = decode_arrays(encode_tokens(text))
    return starts, ends


def test_token_numbers_are_each_tokens_own_text_across_rebuilds():
    index = _index()
    texts = ODD + SENTENCES + _texts(400, seed=11) + ODD
    rebuilt = 0
    for text in texts:
        before = len(index.keys)
        starts, ends = _arrays(text)
        numbers = index.ids(text, starts, ends)
        assert [index.texts[k] for k in numbers.tolist()] == [text[s:e] for s, e in zip(starts, ends)], text
        rebuilt += len(index.keys) != before
    assert rebuilt >= 1 and len(index.keys) > 100  # most tokens were found by the arrays, not one by one


def test_colliding_hashes_only_slow_the_look_up(monkeypatch):
    monkeypatch.setattr(token_index, "_hashes", lambda rows: np.zeros(len(rows), dtype=np.uint64))
    index = _index()
    for text in (SENTENCES + _texts(100, seed=12)) * 2:
        starts, ends = _arrays(text)
        assert [index.texts[k] for k in index.ids(text, starts, ends).tolist()] == \
               [text[s:e] for s, e in zip(starts, ends)]


def test_special_norms_are_found_where_the_columns_refuse():
    index = _index()
    texts = SENTENCES + SPECIAL_NORMS + _texts(300, seed=13)
    refused = 0
    for text in texts:
        starts, ends = _arrays(text)
        expected = docbin_columns(decode_tokens(text, encode_tokens(text))) is None
        assert index.special_norm_applies(index.ids(text, starts, ends), starts, ends) == expected, text
        refused += expected
    assert refused > 10


def test_first_seen_gives_each_number_once():
    writer = DocBinWriter(None)
    assert writer.first_seen(np.array([5, 3, 5, 0])).tolist() == [0, 3, 5]
    assert writer.first_seen(np.array([3, 70, 5, 70, 4])).tolist() == [4, 70]
    assert writer.first_seen(np.array([], dtype=np.int64)).tolist() == []


def test_the_kept_tokenizer_data_is_what_spacy_gives():
    assert tokenizer_cases.installed() == __import__("spacy").__version__
    assert tokenizer_cases.usable(), \
        "remake it: python -m annotator.export.tokenizer_cases > annotator/export/tokenizer_cases_text.py"
    kept, computed = tokenizer_cases._kept(), tokenizer_cases._computed()
    assert kept[0] == computed[0] and kept[1] == computed[1] and kept[1]


def test_the_vocab_is_blank_englishs():
    blank, vocab = sd.blank_nlp().vocab, tokenizer_cases.vocab()
    words = {t for text in SENTENCES + ODD + _texts(200, seed=14) for t in text.split()} | {"\u2019s", "``", "\u2014"}
    for word in sorted(words):
        assert (vocab[word].orth, vocab[word].norm_, vocab[word].lower_) == \
               (blank[word].orth, blank[word].norm_, blank[word].lower_), word


def test_other_spacy_versions_compute_the_data(monkeypatch):
    monkeypatch.setattr(tokenizer_cases, "installed", lambda: "0.0")
    tokenizer_cases.usable.cache_clear()
    try:
        assert not tokenizer_cases.usable()
        assert tokenizer_cases.crossings() == tokenizer_cases._computed()[0]
    finally:
        tokenizer_cases.usable.cache_clear()


@pytest.mark.parametrize("seed", [5, 6])
def test_stored_tokens_give_make_docs_bytes_in_one_writer(tmp_path, seed):
    """Many reports through one writer (the index rebuilt on the way, strings added once) against spaCy's DocBin of
    make_docs' Docs; the odd texts included."""
    rng = random.Random(seed)
    pool = SENTENCES + SPECIAL_NORMS + ODD + _texts(60, seed)
    texts = ODD + [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 6))) for _ in range(120)]
    eds = [_export_doc(text, i) for i, text in enumerate(texts, 1)]
    for ed in eds:
        ed.tokens = (tokenizer_key(), len(ed.text), encode_tokens(ed.text))
    expected = DocBin(attrs=["ORTH"], store_user_data=True,
                      docs=[d for ed in eds for d in sd.make_docs(sd.blank_nlp(), ed)]).to_bytes()
    writer = DocBinWriter(tmp_path / "x.spacy", attrs=["ORTH"], store_user_data=True)
    results = [sd.add_report(writer, ed, []) for ed in eds]
    writer.close()
    assert (tmp_path / "x.spacy").read_bytes() == expected
    assert sum(e for e, _ in results) > 100


def test_all_clean_is_every_cut_clean():
    from annotator.export.docbin_rows import _all_clean

    crossings = tokenizer_cases.crossings()
    rng = random.Random(15)
    differ = 0
    for text in SENTENCES + SPECIAL_NORMS + _texts(400, seed=15):
        for p in range(len(text) + 1):
            expected = sd._clean_cut(text, p, crossings)
            assert _all_clean(text, {p}, crossings) == expected, (text, p)
            differ += not expected
        points = set(rng.sample(range(len(text) + 1), min(5, len(text) + 1)))
        assert _all_clean(text, points, crossings) == all(sd._clean_cut(text, p, crossings) for p in points)
    assert differ > 100


def test_pieces_found_from_the_whitespace_tokens_are_the_searched_ones():
    """_pieces given the stored whitespace tokens keeps the pieces the search for a non-space character keeps."""
    from annotator.export.docbin_rows import _pieces

    rng = random.Random(16)
    blank = ["One.\n\n\nTwo.", "  \n\nLead. \t\nTail.  \n\n ", "A.\u00a0\u3000\nB.\n\n", " ", "\n\n\n"]
    dropped = 0
    for text in blank + SENTENCES + SPECIAL_NORMS + _texts(200, seed=16):
        starts, ends, sentences, spaces = decode_arrays(encode_tokens(text))
        n = len(text)
        a = np.array(sorted(rng.randrange(n + 1) for _ in range(3)), dtype=np.int64)
        b = np.minimum(a + np.array([rng.randrange(1, 30) for _ in a]), n)
        searched = _pieces(text, starts, sentences, a, b)
        assert _pieces(text, starts, sentences, a, b, spaces) == searched, text
        whole = _pieces(text, starts, sentences, a[:0], b[:0])
        assert _pieces(text, starts, sentences, a[:0], b[:0], spaces) == whole, text
        dropped += len(sentences) + 1 - len(whole) > 1
    assert dropped > 0  # some texts have pieces of whitespace only
