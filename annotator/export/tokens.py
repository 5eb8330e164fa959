"""A report's tokens as arrays, for the span formats (JSONL, CoNLL, DocBin): one tokenisation per report with the
bare tokenizer, and sentence starts computed from its arrays.

Iterating a Doc builds a Token object per token (~3 us each, cProfile): for ~1,250 tokens a report, that was most
of the CoNLL and DocBin exports' time. Offsets, lengths and flags come instead from one Doc.to_array, a token's
text is the report's text at its offsets (a Doc reproduces its text exactly), and the sentence starts are spaCy's
Sentencizer's, found from the same arrays.

A report's tokens are also kept beside it (store/doc_tokens.py, written at import): encode_tokens packs them,
tokens_for reads them back for an export and tokenises only reports without them. Tokens.char_span is
Doc.char_span(..., alignment_mode="expand") over the arrays, so neither path needs a Doc.
"""
from __future__ import annotations

import operator
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def blank_nlp():
    """spacy.blank("en"): the tokenizer every span format uses (its vocabulary grows with what it reads)."""
    import spacy

    return spacy.blank("en")


@lru_cache(maxsize=1)
def _final_hashes() -> np.ndarray:
    """The ORTH hashes of the Sentencizer's sentence-final characters."""
    from spacy.pipeline import Sentencizer
    from spacy.strings import hash_string

    return np.array(sorted(hash_string(c) for c in Sentencizer.default_punct_chars), dtype="uint64")


@dataclass
class Tokens:
    """The report's Doc (tokenizer only) and, per token, its start and end offsets and whether it is a space."""
    doc: object
    text: str
    starts: list[int]
    ends: list[int]
    space: np.ndarray  # bool per token: whitespace only (Token.is_space)
    _orth: np.ndarray
    _punct: np.ndarray

    def texts(self) -> list[str]:
        return list(map(self.text.__getitem__, map(slice, self.starts, self.ends)))

    def sentence_starts(self) -> list[int]:
        """Token indices that start a sentence, as spaCy's Sentencizer (default punctuation) marks them.

        The Sentencizer starts a sentence at a token that is neither punctuation nor a sentence-final character
        when the last such "plain" or final token before it was a sentence-final character (other punctuation,
        such as a closing quote, is passed over); the first token always starts one."""
        n = len(self.starts)
        if not n:
            return []
        finals = _final_hashes()
        at = np.minimum(np.searchsorted(finals, self._orth), len(finals) - 1)
        final = finals[at] == self._orth  # membership by bisection: np.isin sorts both arrays on every call
        plain = ~self._punct & ~final
        marked = np.flatnonzero(plain | final)  # the tokens that decide: plain ones and sentence-final ones
        after_final = marked[1:][plain[marked[1:]] & final[marked[:-1]]]
        return [0] + [i for i in after_final.tolist() if i > 0]

    def trailing_spaces(self) -> list[bool]:
        """Token.whitespace_ != "" per token. A Doc's tokens with their trailing space tile its text (Doc.text
        joins them), so a token is followed by a space exactly when the next one starts after its end."""
        starts, ends = self.starts, self.ends
        if not starts:
            return []
        return list(map(operator.lt, ends, starts[1:] + [len(self.text)]))

    def char_span(self, start_idx: int, end_idx: int, label: str = "", alignment_mode: str = "expand"):
        """Doc.char_span(start_idx, end_idx, label, alignment_mode="expand") from the arrays: the same token
        indices and character offsets (tests/export/test_stored_tokens.py compares them), without a Doc."""
        if alignment_mode != "expand":
            raise ValueError(f"only alignment_mode='expand' is supported, not {alignment_mode!r}")
        starts, ends, n, chars = self.starts, self.ends, len(self.starts), len(self.text)

        def token_by_char(c: int) -> int:  # the token whose text or trailing space holds character c
            return bisect_right(starts, c) - 1 if n and 0 <= c < chars else -1

        start = token_by_char(start_idx)
        if start < 0:
            return None
        end = token_by_char(end_idx - 1)
        if end < 0:
            return None
        if start_idx == ends[start]:  # a trailing space does not count as part of its token
            start += 1
        end += 1
        if not 0 <= start <= end <= n:
            raise IndexError(f"[E035] Error creating span with start {start} and end {end} for Doc of length {n}.")
        start_char = starts[start] if start < n else chars
        return TokenSpan(start, end, start_char, start_char if start == end else ends[end - 1], label)


@dataclass(frozen=True)
class TokenSpan:
    """What the span formats read of a spaCy Span: token range, character offsets, label."""
    start: int
    end: int
    start_char: int
    end_char: int
    label_: str

    def __len__(self) -> int:
        return max(0, self.end - self.start)


@dataclass
class StoredTokens(Tokens):
    """Tokens read back from the report's stored row (no Doc; `doc` is None), sentence starts included."""
    sentences: list[int] = field(default_factory=list)

    def sentence_starts(self) -> list[int]:
        return list(self.sentences)


def tokenize(text: str, nlp=None) -> Tokens:
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH

    doc = (nlp or blank_nlp()).make_doc(text)
    if not len(doc):
        empty = np.zeros(0, dtype="uint64")
        return Tokens(doc, text, [], [], empty.astype(bool), empty, empty.astype(bool))
    arr = doc.to_array([IDX, LENGTH, IS_SPACE, IS_PUNCT, ORTH])
    starts = arr[:, 0].tolist()
    ends = list(map(operator.add, starts, arr[:, 1].tolist()))
    return Tokens(doc, text, starts, ends, arr[:, 2].astype(bool), arr[:, 4], arr[:, 3].astype(bool))


def docbin_columns(toks: Tokens, nlp=None) -> np.ndarray | None:
    """Doc.to_array([ORTH, SPACY, NORM]) of the report's tokens, for the spaCy export's DocBin rows.

    A tokenised report has its Doc; stored tokens have none, and building one cost ~30 % of a 10,000-report
    spaCy export (cProfile). A token's ORTH and NORM are then its lexeme's (looked up once per distinct text),
    which is what the Doc holds unless a tokenizer special case set the token's NORM ("a" in "I'ma" is "gonna"):
    None where such a case could have applied (its tokens there, one against the next), and the caller
    tokenises the report."""
    from spacy.attrs import NORM, ORTH, SPACY

    if toks.doc is not None:
        return toks.doc.to_array([ORTH, SPACY, NORM])
    nlp = nlp or blank_nlp()
    texts = toks.texts()
    n = len(texts)
    specials = _special_norms(nlp.tokenizer)
    table = _lexeme_table(nlp.tokenizer)
    ids = table.ids(texts)
    arr = np.zeros((n, 3), dtype="uint64")
    arr[:, 0] = table.orth[ids]
    arr[:, 1] = toks.trailing_spaces()
    arr[:, 2] = table.norm[ids]
    special = np.flatnonzero(table.special[ids])
    if len(special):
        starts, ends = toks.starts, toks.ends
        for i in special.tolist():
            for j, orths in specials[texts[i]]:
                s, e = i - j, i - j + len(orths)
                if s >= 0 and e <= n and tuple(texts[s:e]) == orths and all(
                        ends[k] == starts[k + 1] for k in range(s, e - 1)):
                    return None
    return arr


class _LexemeTable(dict):
    """Each text seen, numbered (the dict), with its lexeme's ORTH and NORM hashes and whether a special case may
    give it another NORM, in arrays indexed by that number: a report's columns are then one dict look-up a token
    and numpy indexing (a Python loop over every token was a third of the export's time)."""

    def __init__(self, vocab, specials: dict) -> None:
        super().__init__()
        self.vocab, self.specials = vocab, specials
        self.orth = np.zeros(1024, dtype="uint64")
        self.norm = np.zeros(1024, dtype="uint64")
        self.special = np.zeros(1024, dtype=bool)

    def __missing__(self, text: str) -> int:
        k = len(self)
        if k == len(self.orth):  # doubled, so that growing costs O(1) a text over the export
            for name in ("orth", "norm", "special"):
                old = getattr(self, name)
                grown = np.zeros(2 * k, dtype=old.dtype)
                grown[:k] = old
                setattr(self, name, grown)
        self.orth[k], self.norm[k] = self._orth_norm(text)
        self.special[k] = text in self.specials
        self[text] = k
        return k

    def _orth_norm(self, text: str) -> tuple[int, int]:
        lex = self.vocab[text]  # as the tokenizer makes a new word's lexeme (its strings added to the vocab)
        return lex.orth, lex.norm

    def ids(self, texts: list[str]) -> np.ndarray:
        return np.fromiter(map(self.__getitem__, texts), dtype=np.int64, count=len(texts))


@lru_cache(maxsize=4)
def _lexeme_table(tokenizer) -> _LexemeTable:
    return _LexemeTable(tokenizer.vocab, _special_norms(tokenizer))


@lru_cache(maxsize=4)
def _special_norms(tokenizer) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Per token text, the special cases that give such a token another NORM than its lexeme's: (the token's
    position in the case, the case's token texts)."""
    from spacy.attrs import NORM, ORTH

    vocab = tokenizer.vocab
    out: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for case in (tokenizer.rules or {}).values():
        orths = tuple(t.get(ORTH, t.get("ORTH")) for t in case)
        for j, t in enumerate(case):
            norm = t.get(NORM, t.get("NORM"))
            if norm is not None and vocab[orths[j]].norm_ != norm:
                out.setdefault(orths[j], []).append((j, orths))
    return out


# -- stored tokens (store/doc_tokens.py) ---------------------------------------------------------------------
FORMAT = 1  # the layout of encode_tokens' arrays


@lru_cache(maxsize=1)
def tokenizer_key() -> str:
    """Names the tokenizer stored tokens come from: a row made by another spaCy version is not used.
    From the package's metadata, so that reading stored tokens never imports spaCy."""
    from importlib.metadata import version

    return f"spacy-{version('spacy')} blank:en v{FORMAT}"


def encode_tokens(text: str, nlp=None) -> bytes:
    """The report's tokens as stored: zlib'd little-endian int32 arrays [FORMAT, n, sentences, spaces], then
    per token the gap before it and its length, then the sentence starts and the whitespace tokens' indices,
    each as differences from the one before (small numbers: 0.8 bytes a token once compressed, ~0.9 kB a
    generated report of ~900 tokens)."""
    toks = tokenize(text, nlp)
    n = len(toks.starts)
    starts = np.asarray(toks.starts, dtype="int64")
    ends = np.asarray(toks.ends, dtype="int64")
    gaps = starts - np.concatenate(([0], ends[:-1])) if n else starts
    sentences = np.asarray(toks.sentence_starts(), dtype="int64")
    spaces = np.flatnonzero(toks.space)
    arr = np.concatenate(([FORMAT, n, len(sentences), len(spaces)], gaps, ends - starts,
                          np.diff(sentences, prepend=0), np.diff(spaces, prepend=0)))
    return zlib.compress(arr.astype("<i4").tobytes(), 6)


def decode_arrays(data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """encode_tokens' arrays as numpy int64 arrays: token starts, token ends, sentence starts (token indices) and
    the whitespace tokens' indices (the spaCy export reads them without a Python int per token)."""
    arr = np.frombuffer(zlib.decompress(data), dtype="<i4").astype("int64")
    if arr[0] != FORMAT:
        raise ValueError(f"stored tokens of format {arr[0]}, not {FORMAT}")
    n, n_sent, n_space = (int(x) for x in arr[1:4])
    gaps, lengths = arr[4:4 + n], arr[4 + n:4 + 2 * n]
    sentences = np.cumsum(arr[4 + 2 * n:4 + 2 * n + n_sent])
    spaces = np.cumsum(arr[4 + 2 * n + n_sent:4 + 2 * n + n_sent + n_space])
    ends = np.cumsum(gaps + lengths)
    return ends - lengths, ends, sentences, spaces


def stored_arrays(text: str, stored: tuple[str, int, bytes] | None):
    """decode_arrays of the report's stored row when tokens_for would read it, else None."""
    if stored is not None and stored[0] == tokenizer_key() and stored[1] == len(text):
        return decode_arrays(stored[2])
    return None


def decode_tokens(text: str, data: bytes) -> StoredTokens:
    starts, ends, sentences, spaces = decode_arrays(data)
    space = np.zeros(len(starts), dtype=bool)
    space[spaces] = True
    empty = np.zeros(0, dtype="uint64")
    return StoredTokens(None, text, starts.tolist(), ends.tolist(), space, empty, empty,
                        sentences=sentences.tolist())


def tokens_for(text: str, stored: tuple[str, int, bytes] | None = None, nlp=None) -> Tokens:
    """The report's tokens: its stored row (tokenizer, chars, data) when it is this tokenizer's for this text,
    else tokenize(text)."""
    if stored is not None and stored[0] == tokenizer_key() and stored[1] == len(text):
        return decode_tokens(text, stored[2])
    return tokenize(text, nlp)


def token_offsets(text: str, stored: tuple[str, int, bytes] | None = None, nlp=None) -> tuple[np.ndarray, np.ndarray]:
    """tokens_for(text, stored, nlp)'s starts and ends as int64 arrays, decoding no more of a stored row than
    those (no lists, sentence starts or space flags): for the JSONL export, which needs no other."""
    if stored is not None and stored[0] == tokenizer_key() and stored[1] == len(text):
        arr = np.frombuffer(zlib.decompress(stored[2]), dtype="<i4")
        if arr[0] != FORMAT:
            raise ValueError(f"stored tokens of format {arr[0]}, not {FORMAT}")
        n = int(arr[1])
        lengths = arr[4 + n:4 + 2 * n].astype(np.int64)
        ends = np.cumsum(arr[4:4 + n] + lengths)
        return ends - lengths, ends
    toks = tokenize(text, nlp)
    return np.asarray(toks.starts, dtype=np.int64), np.asarray(toks.ends, dtype=np.int64)


STORE_MAX_CHARS = 1_000_000  # spaCy's nlp.max_length: make_doc refuses longer texts (error E088)
STORE_MAX_WORD = 64  # nlp/bounded.py: a longer word of punctuation costs spaCy's tokenizer length x punctuation


def worth_storing(text: str) -> bool:
    """Whether import tokenises the report for its row: not a text spaCy refuses, nor one with a word of
    STORE_MAX_WORD characters or more (8,000 "%" took 42 s to tokenise, nlp/bounded.py). Real reports pass;
    the others are tokenised at export, as before, and their import stays bounded."""
    return len(text) <= STORE_MAX_CHARS and max(map(len, text.split()), default=0) < STORE_MAX_WORD


def store_tokens(db, document_id: int, text: str, nlp=None) -> bool:
    """Write the report's tokens row (inside the caller's transaction) when worth_storing(text)."""
    from ..store import doc_tokens

    if not worth_storing(text):
        return False
    doc_tokens.save(db, document_id, tokenizer_key(), len(text), encode_tokens(text, nlp))
    return True
