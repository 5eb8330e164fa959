"""spaCy's English tokenizer, with its per-chunk cache kept working after a line break.

spaCy's tokenizer remembers how each whitespace-separated chunk splits, but once one chunk of a text is a
special case it caches nothing more for the rest of that text (spaCy issue #13950, open in 3.8). A lone "\\n"
is a special case, so in a report every chunk after the first line break went through the prefix, suffix and
infix regexes again on every report: tokenizing the 5 corpus reports took 12.5 ms, with these rules 4.2 ms.

Left out are only the special cases that restate what the tokenizer gives anyway: a whitespace run or a lone em
dash is one token of the same text with no attribute of its own (NO_OP_SPECIALS; tests/nlp/test_tokenizing.py
compares every token attribute with spacy.blank("en") in and around each of them). Special cases that do
something ("don't", "U.S.", the no-break space's NORM) stay, and still stop caching for the rest of their text.
"""
from __future__ import annotations

from spacy import util
from spacy.tokenizer import Tokenizer
from spacy.util import registry

NO_OP_SPECIALS = ("\n", "\t", " ", "\u2014")


@registry.tokenizers("annotator.tokenizer.v1")
def create_annotator_tokenizer():
    """The language's default tokenizer (as spacy.Tokenizer.v1 builds it) without NO_OP_SPECIALS (built once:
    setting Tokenizer.rules afterwards reloads every special case, 45 ms)."""

    def factory(nlp) -> Tokenizer:
        d = nlp.Defaults
        return Tokenizer(
            nlp.vocab,
            rules={k: v for k, v in d.tokenizer_exceptions.items() if k not in NO_OP_SPECIALS},
            prefix_search=util.compile_prefix_regex(d.prefixes).search if d.prefixes else None,
            suffix_search=util.compile_suffix_regex(d.suffixes).search if d.suffixes else None,
            infix_finditer=util.compile_infix_regex(d.infixes).finditer if d.infixes else None,
            token_match=d.token_match,
            url_match=d.url_match,
        )

    return factory


CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "annotator.tokenizer.v1"}}}
