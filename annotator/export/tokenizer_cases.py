"""What the spaCy export's fast path (docbin_rows.py) reads of the blank English tokenizer, kept as data for the
spaCy version it was made with, so that an export of stored tokens need not build spacy.blank("en"): 0.12 s of
CPU in a fresh process, a fifth of a one-month export (10,500 events).

- crossings: spacy_docbin._crossings(tokenizer), its special cases cut at each token boundary;
- special_norms: tokens._special_norms(tokenizer), the token texts a special case gives another norm;
- vocab: the Vocab spacy.blank("en") makes (spacy.vocab.create_vocab with English's defaults, 0.01 s).

With another spaCy version they are computed from the tokenizer as before. tests/export/test_docbin_rows.py
checks that the kept data is what they compute; after an upgrade, make it again with
    python -m annotator.export.tokenizer_cases > annotator/export/tokenizer_cases_text.py
"""
from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from . import tokenizer_cases_text  # compiled with this module (imports are not always cached as bytecode)


def installed() -> str | None:
    try:
        return version("spacy")
    except PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def usable() -> bool:
    return tokenizer_cases_text.VERSION == installed()


def _computed() -> tuple:
    from .spacy_docbin import _crossings
    from .tokens import _special_norms, blank_nlp

    tokenizer = blank_nlp().tokenizer
    return _crossings(tokenizer), _special_norms(tokenizer)


@lru_cache(maxsize=1)
def _kept() -> tuple:
    """The kept data (one JSON text: a module of literals took 25 ms to compile, imports are not always cached)."""
    import json

    cuts, norms = json.loads(tokenizer_cases_text.DATA)
    crossings = None if cuts is None else {
        tuple(pair): [(tuple(before), tuple(after)) for before, after in cases] for pair, cases in cuts}
    return crossings, {text: [(j, tuple(orths)) for j, orths in cases] for text, cases in norms.items()}


def crossings() -> dict | None:
    """spacy_docbin._crossings(blank_nlp().tokenizer)."""
    return _kept()[0] if usable() else _computed()[0]


def special_norms() -> dict:
    """tokens._special_norms(blank_nlp().tokenizer)."""
    return _kept()[1] if usable() else _computed()[1]


@lru_cache(maxsize=1)
def vocab():
    """A Vocab as spacy.blank("en") makes it (Language.__init__: create_vocab(lang, Defaults)): the same lexeme
    attributes, norms included (tests/export/test_docbin_rows.py compares them)."""
    from spacy.lang.en import English
    from spacy.vocab import create_vocab

    return create_vocab("en", English.Defaults)


def _module_text() -> str:
    import json

    cuts, norms = _computed()
    data = json.dumps([None if cuts is None else list(cuts.items()), norms], ensure_ascii=True)
    lines = "".join(f"    {data[i:i + 100]!r}\n" for i in range(0, len(data), 100))
    return ('"""Made by `python -m annotator.export.tokenizer_cases` (see there); do not edit."""\n'
            f"VERSION = {installed()!r}\nDATA = (\n{lines})\n")


if __name__ == "__main__":
    print(_module_text(), end="")
