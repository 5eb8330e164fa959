"""The array sentencizer alone: the same sentence starts as spaCy's own Sentencizer, token for token."""
import pytest
import spacy

import annotator.nlp.blocks  # noqa: F401  (registers annotator_blocks)
import annotator.nlp.sentences  # noqa: F401  (registers annotator_sentencizer)

TEXTS = [
    "",
    "One sentence without a full stop",
    "On March 3, a convoy entered. Another one left! Did it? Yes.",
    "The raid (near Hajin.) ended... Two men were held. “It is over.” he said. Then nothing",
    "Figures: 1.5 tonnes, U.S. forces, 3 p.m. Then the drones came back .",
    "• On March 4: a drone struck a car.\n• On March 5: two rockets fell.\n\nA paragraph follows!! And ends",
    "   leading spaces. ?! trailing marks ...",
    "A heading without a stop\nThe first line of the body, and then\nanother line.",
]


def starts(nlp, text):
    return [t.is_sent_start for t in nlp(text)]


@pytest.mark.parametrize("with_blocks", [False, True])
def test_same_sentences_as_spacys_sentencizer(with_blocks):
    stock, ours = spacy.blank("en"), spacy.blank("en")
    if with_blocks:  # sentence starts set before the sentencizer are kept by both
        stock.add_pipe("annotator_blocks")
        ours.add_pipe("annotator_blocks")
    stock.add_pipe("sentencizer")
    ours.add_pipe("annotator_sentencizer")
    for text in TEXTS:
        assert starts(ours, text) == starts(stock, text), text


def test_custom_sentence_marks():
    nlp = spacy.blank("en")
    nlp.add_pipe("annotator_sentencizer", config={"punct_chars": [";"]})
    doc = nlp("first part; second part. still the second")
    assert [s.text for s in doc.sents] == ["first part;", "second part. still the second"]
