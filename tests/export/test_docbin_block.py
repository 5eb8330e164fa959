"""The spaCy export's blocks (docbin_block.add_block): a block of reports written at once gives each side's file
the bytes spaCy's DocBin writes for make_docs' Docs, the notes and counts add_report gives report by report, on
awkward reports mixed in one block (empty, no events, no stored tokens, cuts that are not clean, triggers shared,
spans overlapping or out of range, unicode, NUL); and its array helpers are what they stand for."""
from __future__ import annotations

import random

import numpy as np
import pytest
from spacy.tokens import DocBin

from annotator.domain import Argument
from annotator.export import docbin_block, spacy_docbin as sd, tokenizer_cases
from annotator.export.docbin_stream import DocBinWriter
from annotator.export.token_index import TokenIndex, code_points
from annotator.export.tokens import decode_arrays, encode_tokens, tokenizer_key

from .test_docbin_rows import ODD
from .test_spacy_fast_path import SENTENCES, _export_doc, _texts
from .test_spacy_stored_tokens import SPECIAL_NORMS

NOT_CLEAN = 'It ended."Next one started.\u201dAnd another. Fine.'  # a sentence starts right after a quote


def _reports(seed: int, n: int) -> list:
    """Reports of every kind, shuffled: most with stored tokens, some without; triggers on some events (some
    shared, so that dates decide), an event over another's span, one reaching past the text."""
    rng = random.Random(seed)
    pool = SENTENCES + SPECIAL_NORMS + ODD + _texts(40, seed)
    texts = ODD + SPECIAL_NORMS + [NOT_CLEAN, "", "   \n\n ", "No events here."]
    texts += [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 8))) for _ in range(n)]
    rng.shuffle(texts)
    eds = []
    for i, text in enumerate(texts, 1):
        ed = _export_doc(text, i)
        if text == "No events here." or (text == NOT_CLEAN and rng.random() < 0.5):
            ed.events = [] if text != NOT_CLEAN else ed.events[-2:]
        for k, ev in enumerate(ed.events):
            if k % 3 == 1 and ev.end > ev.start:  # a trigger: the event's first word (every third shares one)
                ev.arguments = ev.arguments + [Argument("trigger", ev.start, min(ev.end, ev.start + 4), "", None)]
            if k % 5 == 4 and k >= 1:  # over the span of the event before it
                prev = ed.events[k - 1]
                ev.start, ev.end = prev.start, max(prev.end, ev.end)
        if rng.random() < 0.9:
            ed.tokens = (tokenizer_key(), len(text), encode_tokens(text))
        eds.append(ed)
    return eds


def _expected(eds, skipped: list[str]) -> dict[str, bytes]:
    nlp = sd.blank_nlp()
    docs = {"train": [], "dev": []}
    for ed in eds:
        docs[sd.split_of(ed)] += sd.make_docs(nlp, ed, skipped)
    return {name: DocBin(attrs=["ORTH"], store_user_data=True, docs=d).to_bytes() for name, d in docs.items()}


@pytest.mark.parametrize("seed,size", [(1, 1), (2, 3), (3, 7), (4, 32), (5, 1000)])
def test_blocks_give_each_side_the_docbins_bytes(tmp_path, seed, size):
    eds = _reports(seed, 60)
    expected_notes: list[str] = []
    expected = _expected(eds, expected_notes)
    writers = {name: DocBinWriter(tmp_path / f"{name}.spacy", attrs=["ORTH"], store_user_data=True)
               for name in ("train", "dev")}
    notes: list[str] = []
    counts = []
    with sd._msgpack_plugins_read_once():
        for at in range(0, len(eds), size):
            counts += docbin_block.add_block([(writers[sd.split_of(ed)], ed) for ed in eds[at:at + size]], notes)
    for name, w in writers.items():
        w.close()
        assert (tmp_path / f"{name}.spacy").read_bytes() == expected[name], name
    assert notes == expected_notes
    # the counts add_report gives report by report
    one = DocBinWriter(None, attrs=["ORTH"], store_user_data=True)
    assert counts == [sd.add_report(one, ed, []) for ed in eds]
    one.discard()


def test_a_block_of_blank_reports_adds_nothing(tmp_path):
    """Reports with no text or only whitespace (no piece at all): nothing added, every event noted."""
    eds = [_export_doc(text, i) for i, text in enumerate(["", " ", "\n\n", "", " \t "], 1)]
    for ed in eds:
        ed.tokens = (tokenizer_key(), len(ed.text), encode_tokens(ed.text))
    eds[1].events = _export_doc("x y z", 9).events  # events over no token
    expected_notes: list[str] = []
    expected = _expected(eds, expected_notes)
    w = DocBinWriter(tmp_path / "x.spacy", attrs=["ORTH"], store_user_data=True)
    notes: list[str] = []
    assert docbin_block.add_block([(w, ed) for ed in eds], notes) == [(0, 0)] * len(eds)
    w.close()
    assert (tmp_path / "x.spacy").read_bytes() == expected["train"] == expected["dev"]
    assert notes == expected_notes and len(notes) == len(eds[1].events)


def test_a_block_takes_the_reports_the_one_report_path_takes(monkeypatch):
    """The tests above would pass with every report left to add_report: the block must itself take every report
    with stored tokens that docbin_rows.report_rows takes from its arrays (no cut refused, no special case's
    norm)."""
    from annotator.export import docbin_rows

    eds = _reports(6, 60)
    scratch = DocBinWriter(None, attrs=["ORTH"], store_user_data=True)
    index = docbin_rows._shared(scratch)[2]
    own = set()
    for ed in eds:
        if ed.tokens is None:
            continue
        try:
            docbin_rows.report_rows(ed, scratch, [])
        except sd._PlainPath:
            continue
        s, e, _, _ = decode_arrays(ed.tokens[2])
        if not index.special_norm_applies(index.ids(ed.text, s, e), s, e):
            own.add(ed.document.id)
    alone = []
    real = sd.add_report
    monkeypatch.setattr(sd, "add_report", lambda w, ed, skipped: alone.append(ed.document.id) or real(w, ed, skipped))
    docbin_block.add_block([(scratch, ed) for ed in eds], [])
    scratch.discard()
    assert len(own) > 10 and not own & set(alone)


def test_write_spacy_and_its_parts_are_the_same_bytes(tmp_path):
    """write_spacy (blocks of BLOCK_REPORTS) and write_part blocks taken by a BlockSink (a parallel export) give the
    same files."""
    eds = _reports(7, 90)
    sd.write_spacy(iter(eds), tmp_path / "serial")
    sink = sd.BlockSink(tmp_path / "parts")
    for k, at in enumerate(range(0, len(eds), 40)):
        part = tmp_path / f"part-{k}"
        sd.write_part(iter(eds[at:at + 40]), part, sd.ExportResult("spacy"))
        sink.take_part(part)
    sink.close()
    for name in ("train.spacy", "dev.spacy", "config.cfg"):
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parts" / name).read_bytes(), name


def test_decoded_blocks_are_each_reports_arrays_shifted():
    texts = ["One. Two.", "", "  Lead.\n\nTail  ", "A\u00a0b. C."] + _texts(20, seed=8)
    at = np.cumsum([len(t) for t in texts]) - np.array([len(t) for t in texts])
    starts, ends, sentences, first, spaces, token_at, n = docbin_block._decode(
        [encode_tokens(t) for t in texts], at)
    for r, text in enumerate(texts):
        s, e, sent, sp = decode_arrays(encode_tokens(text))
        k0, k1 = token_at[r], token_at[r] + n[r]
        assert (starts[k0:k1] - at[r]).tolist() == s.tolist()
        assert (ends[k0:k1] - at[r]).tolist() == e.tolist()
        assert [x - k0 for x in sentences.tolist() if k0 <= x < k1] == sent.tolist()
        assert [x - k0 for x in spaces.tolist() if k0 <= x < k1] == sp.tolist()
    assert len(first) == sum(1 for t in texts if t)


def test_no_whitespace_above_the_table():
    import sys

    assert not any(chr(c).isspace() for c in range(docbin_block._SPACE_TOP, sys.maxunicode + 1))
    chars = np.array([0x20, 0x41, 0xA0, 0x3000, 0x3001, 0x1F681, 0x85], dtype=np.uint32)
    assert docbin_block._is_space(chars).tolist() == [chr(c).isspace() for c in chars.tolist()]


def test_token_numbers_of_a_block_are_each_tokens_text():
    """Short Latin-1 tokens by their packed key, others by their rows, NULs and long ones by text: every number is
    the table's for the token's own text, learnt ones included, block after block."""
    index = TokenIndex(tokenizer_cases.vocab(), tokenizer_cases.special_norms())
    rng = random.Random(9)
    pool = ODD + SENTENCES + SPECIAL_NORMS + _texts(60, seed=9) + ["\x00a\x00 ab\x00 x", "\u00ff\u0100 \u00e9t\u00e9"]
    for _ in range(6):
        text = "".join(rng.choice(pool) for _ in range(30))
        s, e, _, _ = decode_arrays(encode_tokens(text))
        numbers = index.ids(text, s, e, code_points(text))
        assert [index.texts[k] for k in numbers.tolist()] == [text[a:b] for a, b in zip(s.tolist(), e.tolist())]


def test_a_special_case_across_two_reports_is_no_hit():
    """"gonna" is a special case that gives "gon" and "na" other norms: its tokens split over two reports' joined
    texts (one ending in "gon", the next starting "na") are no hit, while within one report they are."""
    index = TokenIndex(tokenizer_cases.vocab(), tokenizer_cases.special_norms())
    texts = ["We gon", "na go.", "We gonna go."]
    at = np.cumsum([len(t) for t in texts]) - np.array([len(t) for t in texts])
    starts, ends, _, _, _, token_at, n = docbin_block._decode([encode_tokens(t) for t in texts], at)
    joined = "".join(texts)
    numbers = index.ids(joined, starts, ends)
    report = np.repeat(np.arange(len(texts)), n)
    assert index.special_norm_reports(numbers, starts, ends, report) == {2}
    both = np.zeros(len(report), dtype=np.int64)  # the same tokens taken as one report: the case then applies
    assert index.special_norm_reports(numbers, starts, ends, both) == {0}


def test_key_table_finds_exactly_the_keys_added():
    """Keys added batch by batch (the table growing, keys crowding the same slots) are found with their numbers;
    others are not."""
    from annotator.export.token_index import _KeyTable

    rng = np.random.default_rng(3)
    table = _KeyTable()
    added = np.zeros(0, dtype=np.uint64)
    for size in (5, 300, 2000, 40):
        keys = rng.integers(0, 1 << 63, size, dtype=np.uint64)
        keys[: size // 2] <<= np.uint64(20)  # many keys alike in their low bits
        keys = keys[~np.isin(keys, added)]
        assert len(np.unique(keys)) == len(keys)
        table.add(keys, keys.astype(np.int64) & 0xFFFF)
        added = np.concatenate((added, keys))
        others = rng.integers(0, 1 << 63, 500, dtype=np.uint64)
        others = others[~np.isin(others, added)]
        needles = np.concatenate((added, others))
        out = np.full(len(needles), -1, dtype=np.int64)
        found = table.find(needles, out)
        assert found.tolist() == [True] * len(added) + [False] * len(others)
        assert (out[:len(added)] == (added.astype(np.int64) & 0xFFFF)).all()
