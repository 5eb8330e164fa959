"""What the spaCy export's fast path (docbin_rows.py) reads of the blank English tokenizer, kept as data for the
spaCy version it was made with, so that an export of stored tokens need not build spacy.blank("en"): 0.12 s of
CPU in a fresh process, a fifth of a one-month export (10,500 events).

- crossings: spacy_docbin._crossings(tokenizer), its special cases cut at each token boundary;
- special_norms: tokens._special_norms(tokenizer), the token texts a special case gives another norm;
- vocab: the Vocab spacy.blank("en") makes (spacy.vocab.create_vocab with English's defaults, 0.01 s).

With another spaCy version they are computed from the tokenizer as before. tests/export/test_tokenizer_cases.py
checks that the kept data is what they compute; after an upgrade, make it again with
    python -m annotator.export.tokenizer_cases > annotator/export/tokenizer_cases_text.py
"""
from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version


def installed() -> str | None:
    try:
        return version("spacy")
    except PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def usable() -> bool:
    from .tokenizer_cases_text import VERSION

    return VERSION == installed()


def _computed() -> tuple:
    from .spacy_docbin import _crossings
    from .tokens import _special_norms, blank_nlp

    tokenizer = blank_nlp().tokenizer
    return _crossings(tokenizer), _special_norms(tokenizer)


def crossings() -> dict | None:
    if usable():
        from .tokenizer_cases_text import CROSSINGS

        return CROSSINGS
    return _computed()[0]


def special_norms() -> dict:
    if usable():
        from .tokenizer_cases_text import SPECIAL_NORMS

        return SPECIAL_NORMS
    return _computed()[1]


@lru_cache(maxsize=1)
def vocab():
    """A Vocab as spacy.blank("en") makes it (Language.__init__: create_vocab(lang, Defaults)): the same lexeme
    attributes, norms included (tests/export/test_tokenizer_cases.py compares them)."""
    from spacy.lang.en import English
    from spacy.vocab import create_vocab

    return create_vocab("en", English.Defaults)


def _module_text() -> str:
    from pprint import pformat

    cuts, norms = _computed()
    return ('"""Made by `python -m annotator.export.tokenizer_cases` (see there); do not edit."""\n'
            f"VERSION = {installed()!r}\nCROSSINGS = {pformat(cuts, width=110)}\n"
            f"SPECIAL_NORMS = {pformat(norms, width=110)}\n")


if __name__ == "__main__":
    print(_module_text(), end="")
