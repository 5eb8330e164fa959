"""Span arithmetic: word steps (markup and sentence-final punctuation respected), trimming, Qt offsets."""
from annotator.review.spans import OffsetMap, markup_spans, step_end, step_start, trim


def test_word_steps_and_trimming():
    text = "On August 24, a convoy entered via Al-Waleed crossing."
    start, end = text.index("a convoy"), text.index("entered") + len("entered")
    assert text[step_start(text, start, end, -1):end] == "24, a convoy entered"
    assert text[start:step_end(text, start, end, 1)] == "a convoy entered via"
    assert text[start:step_end(text, start, end, 2)] == "a convoy entered via Al-Waleed"
    assert text[step_start(text, start, end, 1):end] == "convoy entered"
    assert text[start:step_end(text, start, end, -1)] == "a convoy"
    # never to an empty span, never past the text
    one = text.index("crossing")
    assert step_start(text, one, one + 8, 1) == one and step_end(text, one, one + 8, -1) == one + 8
    assert step_end(text, one, one + 8, 1) == one + 9  # "]" takes the sentence's stop with its last word
    assert step_end(text, one, one + 9, 1) == one + 9  # and no further: the text ends
    assert trim(text, start - 1, end + 1) == (start, end)


def test_word_steps_respect_markdown_and_the_final_stop():
    text = ("## Convoys\n\n- **September 27:** A convoy of 35 trucks entered the __eastern__ countryside.\n"
            "- **September 28:** Another convoy left.\n\n## Security\n")
    start = text.index("A convoy")
    end = text.index("countryside.") + len("countryside.")
    assert text[start:step_end(text, start, end, -1)] == "A convoy of 35 trucks entered the __eastern"
    assert text[start:step_end(text, start, end - 1, 1)] == "A convoy of 35 trucks entered the __eastern__ countryside."
    assert step_end(text, start, end, 1) == end, "never on into the next bullet"
    last = text.index("left.")
    assert step_end(text, last, last + 5, 1) == last + 5, "never on into the next heading"
    assert text[step_start(text, start, end, -1):start] == "27:** "
    assert step_start(text, text.index("September 27"), end, -1) == text.index("September 27"), \
        "never back into the heading above"
    eastern = text.index("eastern")
    assert text[eastern:step_end(text, eastern, eastern + 1, 1)] == "eastern", "underscores are markup"
    dimmed = [text[a:b] for a, b in markup_spans(text)]
    assert dimmed.count("##") == 2 and dimmed.count("**") == 2 and dimmed.count("__") == 2
    assert dimmed.count("- **") == 2 and not any(c.isalnum() for d in dimmed for c in d)


def test_offsets_map_between_code_points_and_utf16():
    text = "a\U0001F600b c\U0001F600\U0001F600d"
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        assert m.from_qt(m.to_qt(i)) == i
    assert m.to_qt(text.index("b")) == text.index("b") + 1
    assert m.to_qt(text.index("d")) == text.index("d") + 3
    plain = OffsetMap("no astral characters here")
    assert plain.to_qt(7) == 7 == plain.from_qt(7)
