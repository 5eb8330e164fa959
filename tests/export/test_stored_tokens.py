"""Stored tokens (store/doc_tokens.py, migration 0007) are spaCy's tokenisation: the same offsets, trailing
spaces, whitespace tokens and Sentencizer starts as tokenising the text, and Tokens.char_span is Doc.char_span
with alignment_mode="expand", so the CoNLL and JSONL exports write the same bytes from either."""
import pytest

from annotator.export.tokens import (StoredTokens, blank_nlp, decode_tokens, encode_tokens, tokenize,
                                     tokenizer_key, tokens_for)

# Fictional texts with what tokenisation trips on: leading, double and trailing spaces, tabs, line breaks,
# no-break spaces, quotes, abbreviations, numbers, hyphens, Arabic script, emoji, punctuation runs.
TEXTS = [
    "",
    " ",
    "\n",
    "Convoy.",
    "  On 4 March 2024, a convoy of 42 trucks entered via the al-Yarubiyah crossing.  It was escorted. ",
    "Dr. Hamid said: \"Three were killed.\"\n\nThe SDF (Syrian Democratic Forces) arrested 5 people…",
    "Tabs\there\tand\u00a0no-break\u00a0spaces; e.g. U.S.-led forces, 1,250 km, 3.5% rise!!! ???",
    "Mixed scripts: دير الزور and 🚚🚚 emoji, then 'single quotes', (brackets) [and] {braces}.",
    "Line one\r\nLine two\u2028Line three\x0cpage\n   \n  indented — dashes – and ellipses ...",
    "No final stop and a URL https://example.org/a?b=c#d with an email a.b@example.org",
    "-----!!!!!.....,,,,,;;;;;" * 4 + " end.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_stored_tokens_are_spacys_tokens(text):
    doc = blank_nlp().make_doc(text)
    plain, stored = tokenize(text), decode_tokens(text, encode_tokens(text))
    assert isinstance(stored, StoredTokens) and stored.doc is None
    assert stored.starts == [t.idx for t in doc] == plain.starts
    assert stored.ends == [t.idx + len(t) for t in doc] == plain.ends
    assert stored.texts() == [t.text for t in doc]
    assert stored.space.tolist() == [t.is_space for t in doc] == plain.space.tolist()
    assert stored.trailing_spaces() == [bool(t.whitespace_) for t in doc] == plain.trailing_spaces()
    assert stored.sentence_starts() == plain.sentence_starts()


def test_sentence_starts_are_the_sentencizers():
    text = TEXTS[5] + " " + TEXTS[4]
    doc = blank_nlp().make_doc(text)
    from spacy.pipeline import Sentencizer

    expected = [s.start for s in Sentencizer()(doc).sents]
    assert len(expected) > 2
    assert decode_tokens(text, encode_tokens(text)).sentence_starts() == expected


@pytest.mark.parametrize("text", [TEXTS[1], TEXTS[3], "  A  b. \n\nC d ", "x\ty z", "“Quoted,” he said."])
def test_char_span_is_docs_char_span_for_every_range(text):
    doc = blank_nlp().make_doc(text)
    toks = decode_tokens(text, encode_tokens(text))

    def spacy(s, e):
        try:
            span = doc.char_span(s, e, label="convoy", alignment_mode="expand")
        except IndexError:
            return IndexError
        return None if span is None else (span.start, span.end, span.start_char, span.end_char, len(span),
                                          span.label_)

    def ours(s, e):
        try:
            span = toks.char_span(s, e, label="convoy")
        except IndexError:
            return IndexError
        return None if span is None else (span.start, span.end, span.start_char, span.end_char, len(span),
                                          span.label_)

    pairs = [(s, e) for s in range(-2, len(text) + 3) for e in range(s - 1, len(text) + 3)]
    assert [ours(s, e) for s, e in pairs] == [spacy(s, e) for s, e in pairs]
    assert any(ours(s, e) not in (None, IndexError) for s, e in pairs)


def test_a_row_of_another_tokenizer_or_text_is_not_used():
    text = TEXTS[4]
    data = encode_tokens(text)
    assert isinstance(tokens_for(text, (tokenizer_key(), len(text), data)), StoredTokens)
    for row in [("spacy-0.0 blank:en v1", len(text), data), (tokenizer_key(), len(text) + 1, data), None]:
        got = tokens_for(text, row)
        assert not isinstance(got, StoredTokens) and got.doc is not None
        assert got.starts == tokenize(text).starts


def test_stored_tokens_are_compact():
    text = " ".join(TEXTS[4:8]) * 20
    assert len(encode_tokens(text)) < 2 * len(tokenize(text).starts)  # under two bytes a token


@pytest.fixture(scope="module")
def sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _with_stored_tokens(ed):
    import dataclasses

    return dataclasses.replace(ed, tokens=(tokenizer_key(), len(ed.text), encode_tokens(ed.text)))


@pytest.fixture(scope="module")
def fast_writer_cases():
    from .test_fast_writers import ALL_TEXTS, _conll_by_tokens, _export_doc

    return ALL_TEXTS, _export_doc, _conll_by_tokens


def test_conll_and_jsonl_from_stored_tokens_are_the_tokenised_ones(sentencizer, fast_writer_cases):
    """The awkward texts of test_fast_writers, their events over whole and part words: CoNLL lines as walking
    spaCy's Tokens gives them, JSONL lines as tokenising the report writes them."""
    from annotator.export.conll import document_text

    from .conll_reference import document_lines
    from annotator.export.jsonl import document_json

    texts, export_doc, conll_by_tokens = fast_writer_cases
    for i, text in enumerate(texts):
        plain = export_doc(text, i + 1)
        stored = _with_stored_tokens(plain)
        skipped_plain: list[str] = []
        skipped_stored: list[str] = []
        assert document_lines(None, stored, skipped_stored) == conll_by_tokens(sentencizer, plain), text
        document_lines(None, plain, skipped_plain)
        assert document_text(stored) == document_text(plain) == "\n".join(conll_by_tokens(sentencizer, plain)) + "\n"
        assert document_json(stored, status_filter="all", exported_at="t", skipped=skipped_stored) == \
            document_json(plain, status_filter="all", exported_at="t", skipped=skipped_plain), text
        assert skipped_stored == skipped_plain
