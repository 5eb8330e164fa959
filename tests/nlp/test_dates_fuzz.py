"""The number, date and dateline readers never raise: seeded random texts made of the pieces that broke
or could break them (superscripts, digits of other scripts, impossible days, the calendar's ends)."""
import random

import pytest
import spacy

import annotator.nlp.blocks  # noqa: F401
import annotator.nlp.datelines  # noqa: F401
import annotator.nlp.dates  # noqa: F401
import annotator.nlp.numbers  # noqa: F401
from annotator.nlp.docutil import set_text

PIECES = ["3²", "١٢", "٬", "٫", "۱۴", "1,000", "1,", ",5", "5-", "-7", "–", "—", "9" * 40, "0", "00", "31st",
          "32nd",
          "0th", "February 30", "Feb 29", "May", "march", "MAY", "the", "on", "last", "Thursday", "THURSDAY",
          "yesterday", "ago", "days", "two", "hundred", "and", "dozen", "dozens", "a", "thousand", "million", "between",
          "from", "to", "after", "before", "earlier", "later", "of", "this month", "the same month", "2024",
          "1999-13-45", "2024-02-30", "BEIRUT", ",", "(", ")", "AFP", "\n", "\n\n", " ", "Published:", "By", "Jane",
          "½", "¹²³", "Ⅻ", "𝟙𝟚", "٠", "1e999", "1.5", ".", "99999999999999999999th", "twenty-", "-first",
          "Oct-2",
          "2024 November", "from 4 to", "the 31st", "𝟘"]
# the calendar's ends are valid ISO dates a JSONL file may carry
CONTEXTS = [(None, None), ("2024-03-30", None), (None, ("2024-02-01", "2024-02-29")), ("0001-01-01", None),
            ("9999-12-31", ("9999-12-01", "9999-12-31")), ("not-a-date", ("x", "y"))]


@pytest.fixture(scope="module")
def readers():
    nlp = spacy.blank("en")
    for name in ("annotator_blocks", "sentencizer", "annotator_datelines", "annotator_numbers", "annotator_dates"):
        nlp.add_pipe(name)
    return nlp


def test_random_texts_never_raise(readers):
    rng = random.Random(20241129)
    for _ in range(150):
        text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 25)))
        for published, period in CONTEXTS:
            doc = readers.make_doc(text)
            set_text(doc, text)
            doc._.published, doc._.period = published, period
            doc = readers(doc)
            for sp in doc._.dates:
                assert sp._.date.iso is None or len(sp._.date.iso) == 10
            assert all(isinstance(n._.number.value, int) for n in doc._.numbers)


@pytest.mark.parametrize("published, text", [
    ("0001-01-01", "They struck yesterday, two days ago and last Thursday, on January 1."),
    ("9999-12-31", "They struck on Friday; three days later and the next day, more came."),
])
def test_the_calendars_ends_give_no_date_rather_than_an_error(readers, published, text):
    doc = readers.make_doc(text)
    doc._.published = published
    assert readers(doc)._.dates  # found, resolved where the calendar allows
