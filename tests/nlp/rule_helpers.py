"""What the rule tests of each first-sight batch share (tests/nlp/test_batch*_rules.py): their sentences are dated
in a month of our own, published the day after it, and read back as `annotator extract --format json` prints them."""
from annotator.domain import Period
from annotator.nlp.jsonout import event_json

PERIOD = Period("2025-03-23", "2025-04-22")


def events(extractor, text, published="2025-04-23", period=PERIOD):
    return [event_json(e) for e in extractor.extract(text, published=published, period=period).events]


def dated(extractor, text, **kw):
    return [e for e in events(extractor, text, **kw) if e["date"]]


def one(extractor, text, **kw):
    """The one dated event the text states (the test fails, listing them, when there are more or none)."""
    evs = dated(extractor, text, **kw)
    assert len(evs) == 1, [(e["type"], e["date"], e["evidence"][:50]) for e in evs]
    return evs[0]
