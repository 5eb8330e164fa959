"""The block segmenter alone: paragraphs, bullets and headings."""
import pytest
import spacy

import annotator.nlp.blocks  # noqa: F401  (registers annotator_blocks)
from annotator.nlp.docutil import set_text


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("annotator_blocks")
    return nlp


def kinds(nlp, text):
    doc = nlp.make_doc(text)
    set_text(doc, text)
    return [b.kind for b in nlp(doc)._.blocks]


def test_title_heading_and_body(nlp):
    text = ("Rockets hit a base in eastern Syria, no casualties\n\n"
            "Several rockets struck the base on Friday night, an official said.\n\n"
            "• March 3: a convoy entered.\n")
    assert kinds(nlp, text) == ["heading", "paragraph", "bullet"]


def test_a_text_of_one_line_is_its_own_body(nlp):
    # a monitor's note often ends with a bracketed tag instead of a full stop
    assert kinds(nlp, "On March 8, civilians in Binnish protested against the closure [size=dozens]") == ["paragraph"]


def test_a_line_of_several_sentences_is_prose_whatever_it_ends_with(nlp):
    text = ("A title\n\nOn March 8, residents protested in the town. Police dispersed them with tear gas "
            "and arrested two of them in front of the municipality building [size=no report]\n")
    assert kinds(nlp, text) == ["heading", "paragraph"]


def test_a_long_headline_of_one_sentence_is_a_heading(nlp):
    text = ("Nearly 185 trucks arrive at bases amid new reinforcements and four security operations with "
            "local partners in the eastern countryside of the province | A monitor\n\nBody text here.\n")
    assert kinds(nlp, text) == ["heading", "paragraph"]
