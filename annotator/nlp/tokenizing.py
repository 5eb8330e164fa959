"""spaCy's English tokenizer, with its per-chunk cache kept working after a line break or a no-break space.

spaCy's tokenizer remembers how each whitespace-separated chunk splits, but once one chunk of a text is a
special case it caches nothing more for the rest of that text (spaCy issue #13950, open in 3.8). A lone "\\n"
is a special case, and so is a lone no-break space, so in a report every chunk after the first line break went
through the prefix, suffix and infix regexes again on every report: tokenizing the 5 corpus reports took 15 ms
(as spacy.blank("en") does), without the line-break rules 4.2 ms, without the no-break space's as well 1.3-2 ms.

Left out are only special cases of one whitespace or dash chunk whose token the tokenizer makes anyway:
NO_OP_SPECIALS (a whitespace run or a lone em dash: one token of the same text, no attribute of its own) and
NORM_SPECIALS (the no-break space, whose NORM "  " is set here after tokenizing, on the tokens the rule would
have matched: a whitespace chunk is never split, so those are the tokens that are exactly the chunk).
tests/nlp/test_tokenizing.py compares every token attribute with spacy.blank("en") in and around each of them.
Special cases that do more ("don't", "U.S.") stay, and still stop caching for the rest of their text.
"""
from __future__ import annotations

import numpy as np
from spacy import util
from spacy.attrs import NORM, ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

NO_OP_SPECIALS = ("\n", "\t", " ", "\u2014")
NORM_SPECIALS = ("\u00a0",)


class CachingTokenizer(Tokenizer):
    """spaCy's Tokenizer, built with the rules minus `dropped` (text -> rule: NO_OP_SPECIALS and NORM_SPECIALS
    of the language), which it makes up for after tokenizing: the NORM of each NORM_SPECIALS token, and the first
    token's unset sentence start where spaCy's special-case matcher would have replaced it ("— text")."""

    def __init__(self, vocab, *args, dropped: dict[str, list[dict]] | None = None, **kwargs) -> None:
        super().__init__(vocab, *args, **kwargs)
        self.dropped = dict(dropped or {})
        add = vocab.strings.add
        self._norms = [(add(text), text, _norm(text, rule)) for text, rule in self.dropped.items()
                       if _norm(text, rule) is not None]
        # spaCy's add_special_case: the rules its matcher looks for after tokenizing (it copies the rule's
        # token over the one found, and so unsets the sentence start of a first token)
        self._matched = {add(text) for text in self.dropped
                         if not self.faster_heuristics or self.find_prefix(text) or self.find_infix(text)
                         or self.find_suffix(text) or " " in text}

    def __reduce__(self):
        cls, args, *_ = super().__reduce__()
        return _rebuild, (cls, args, self.dropped)

    def __call__(self, string: str) -> Doc:
        doc = super().__call__(string)
        if not len(doc):
            return doc
        for key, text, norm in self._norms:
            if text in string:
                for i in np.flatnonzero(doc.to_array(ORTH) == key).tolist():
                    doc[i].norm_ = norm
        first = doc[0]
        if first.orth in self._matched:
            first.is_sent_start = None
        return doc


def _rebuild(cls, args, dropped):
    return cls(*args, dropped=dropped)


def _norm(text: str, rule: list[dict]) -> str | None:
    """The NORM of a rule that is one token of its own text with a NORM and nothing else (else None)."""
    (token,) = rule
    if token.get(ORTH) != text or set(token) - {ORTH, NORM}:
        raise ValueError(f"not a rule this tokenizer can make up for: {text!r} {rule}")
    return token.get(NORM)


@registry.tokenizers("annotator.tokenizer.v1")
def create_annotator_tokenizer():
    """The language's default tokenizer, as spacy.Tokenizer.v1 builds it, without NO_OP_SPECIALS and
    NORM_SPECIALS (built once: setting Tokenizer.rules afterwards reloads every special case, 45 ms)."""

    def factory(nlp) -> CachingTokenizer:
        d = nlp.Defaults
        drop = NO_OP_SPECIALS + NORM_SPECIALS
        exceptions = d.tokenizer_exceptions
        return CachingTokenizer(
            nlp.vocab,
            rules={k: v for k, v in exceptions.items() if k not in drop},
            prefix_search=util.compile_prefix_regex(d.prefixes).search if d.prefixes else None,
            suffix_search=util.compile_suffix_regex(d.suffixes).search if d.suffixes else None,
            infix_finditer=util.compile_infix_regex(d.infixes).finditer if d.infixes else None,
            token_match=d.token_match,
            url_match=d.url_match,
            dropped={k: exceptions[k] for k in drop if k in exceptions},
        )

    return factory


CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "annotator.tokenizer.v1"}}}
