"""conll.token_ranges (what document_text writes) is projected_spans (the filter_spans projection, tested against
spaCy's Tokens in test_fast_writers.py): the same token ranges and labels, and the same notes, on texts with
overlapping, shared, empty and out-of-text spans."""
import random

import pytest

from annotator.domain import Argument, Event
from annotator.export.conll import token_ranges

from .conll_reference import projected_spans
from annotator.export.selection import ExportDocument
from annotator.export.tokens import tokenize

from .test_fast_writers import ALL_TEXTS, _export_doc


def _crowded(text: str, seed: int) -> ExportDocument:
    """Events whose spans nest, overlap, repeat, share a trigger with distinct or equal dates, fall in whitespace
    or past the text's end."""
    rng = random.Random(seed)
    ed = _export_doc(text)
    n = len(text)
    events = []
    for k in range(25):
        a = rng.randint(-2, n + 2)
        b = a + rng.choice([0, 1, 2, 5, 12, 40])
        args = []
        if rng.random() < 0.5:
            t = rng.randint(0, max(0, n - 1))
            args.append(Argument("trigger", t, t + rng.choice([0, 1, 4]), "", None))
        if rng.random() < 0.4:
            d = rng.randint(0, max(0, n - 1))
            args.append(Argument("date", d, d + rng.choice([0, 3]), "", None))
        events.append(Event(type=rng.choice(["convoy", "raid", "arrest"]), start=max(0, a), end=max(0, a, b),
                            evidence="", id=1000 + k, document_id=1, arguments=args,
                            date=rng.choice([None, "2022-09-03"])))
    events += [Event(type="raid", start=0, end=min(n, 9), evidence="", id=2000 + k, document_id=1) for k in range(3)]
    return ExportDocument(ed.document, ed.events + events, [])


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("text", ALL_TEXTS)
def test_token_ranges_are_the_projected_spans(text, seed):
    ed = _crowded(text, seed)
    toks = tokenize(text)
    notes_a: list[str] = []
    notes_b: list[str] = []
    try:
        want = [(s.start, s.end, s.label_) for s in projected_spans(toks, ed, notes_a)]
    except IndexError:
        with pytest.raises(IndexError):
            token_ranges(toks, ed, notes_b)
        return
    assert token_ranges(toks, ed, notes_b) == want
    assert notes_b == notes_a
    if seed == 0 and len(text) > 40:
        assert any("left out of the IOB" in line for line in notes_a)  # the overlap path is exercised
