"""Extraction speed against spaCy's own floor: tokenising the same texts with spacy.blank("en").

    from annotator.nlp.bench import measure
    measure(texts)  # {"words", "tokenise_seconds", "extract_seconds", "words_per_s", "ratio", ...}

ratio = tokenise_seconds / extract_seconds (1.0 would mean extraction costs no more than tokenising).
Each figure is the best of `repeats` runs over the same texts, after one warm-up run. The two are timed
in alternation (tokenise, extract, tokenise, extract ...), so that a busy spell on a shared machine falls
on both rather than on one of them; the garbage collector stays on, as it is in real use.

The floor is spaCy's tokenizer as shipped. Ours (tokenizing.py) makes the same tokens but keeps spaCy's cache
working after a text's first line break, where the stock one stops caching; on the corpus reports it tokenizes in
2 ms against the floor's 15 ms, which is most of what took the ratio from 0.33 to about 0.40.
"""
from __future__ import annotations

import time
from collections.abc import Sequence


def _seconds(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(texts: list[str], *, repeats: int = 7, metas: Sequence[dict] | None = None,
            extractor=None) -> dict:
    import spacy

    from .service import get_extractor

    extractor = extractor or get_extractor()
    metas = list(metas) if metas is not None else [{} for _ in texts]
    words = sum(len(t.split()) for t in texts)
    blank = spacy.blank("en")

    def tokenise() -> None:
        for t in texts:
            blank.make_doc(t)

    def extract() -> None:
        for _ in extractor.extract_many(zip(texts, metas)):
            pass

    tokenise()
    extract()  # warm-up: builds the pipeline, fills caches
    tok = ext = float("inf")
    for _ in range(repeats):
        tok = min(tok, _seconds(tokenise))
        ext = min(ext, _seconds(extract))
    return {
        "texts": len(texts),
        "words": words,
        "tokenise_seconds": tok,
        "extract_seconds": ext,
        "tokenise_words_per_s": words / tok if tok else None,
        "words_per_s": words / ext if ext else None,
        "ratio": tok / ext if ext else None,
    }
