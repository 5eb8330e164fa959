"""Span arithmetic: word steps (markup and sentence-final punctuation respected), trimming, Qt offsets."""
from annotator.review.spans import OffsetMap, step_end, step_start, trim


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
    assert step_end(text, one, one + 8, 1) == one + 8
    assert trim(text, start - 1, end + 1) == (start, end)


def test_offsets_map_between_code_points_and_utf16():
    text = "a\U0001F600b c\U0001F600\U0001F600d"
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        assert m.from_qt(m.to_qt(i)) == i
    assert m.to_qt(text.index("b")) == text.index("b") + 1
    assert m.to_qt(text.index("d")) == text.index("d") + 3
    plain = OffsetMap("no astral characters here")
    assert plain.to_qt(7) == 7 == plain.from_qt(7)
