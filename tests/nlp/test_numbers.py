"""The numbers component alone, on spacy.blank("en")."""
import pytest
import spacy

import annotator.nlp.numbers  # noqa: F401  (registers the factory)


@pytest.fixture(scope="module")
def numbers_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("annotator_numbers")
    return nlp


def values(nlp, text):
    return [(sp.text, sp._.number.value, sp._.number.qualifier) for sp in nlp(text)._.numbers]


@pytest.mark.parametrize("text, value, qualifier", [
    ("six soldiers", 6, "exact"),
    ("two hundred and fifty trucks", 250, "exact"),
    ("nearly 185 trucks", 185, "approx"),
    ("over 51 attacks", 51, "at_least"),
    ("more than three airstrikes", 3, "at_least"),
    ("a dozen vehicles", 12, "approx"),
    ("dozens of residents", 24, "vague"),
    ("hundreds of families", 200, "vague"),
    ("1,100 raids", 1100, "exact"),
    ("twenty-five fighters", 25, "exact"),
    ("three thousand people", 3000, "exact"),
    ("up to 40 tanks", 40, "at_most"),
    ("about 70 members", 70, "approx"),
    ("two dozen trucks", 24, "approx"),
])
def test_value_and_qualifier(numbers_nlp, text, value, qualifier):
    found = values(numbers_nlp, text)
    assert len(found) == 1, found
    assert found[0][1:] == (value, qualifier)


def test_the_span_covers_the_qualifier(numbers_nlp):
    assert values(numbers_nlp, "at least 12 were hurt")[0][0] == "at least 12"


def test_ordinals_are_not_counts(numbers_nlp):
    assert values(numbers_nlp, "the 96th month and the first batch on the 3rd") == []


def test_separate_numbers_stay_separate(numbers_nlp):
    found = values(numbers_nlp, "arresting six members and killing two")
    assert [v for _, v, _ in found] == [6, 2]


def test_no_numbers(numbers_nlp):
    assert values(numbers_nlp, "Coalition forces patrolled the area") == []


@pytest.mark.parametrize("text, value", [
    ("killed 3² civilians", 3),  # a footnote mark after the number is not part of it
    ("killed ١٢ civilians", 12),  # Arabic-Indic digits
    ("some ١٢٬٥٠٠ residents fled", 12500),  # with the Arabic thousands separator
    ("۱۴ trucks", 14),  # Persian digits
    ("1.5 million displaced", 1500000),
    ("1.1 million displaced", 1100000),  # not 1100000.0000000002
    ("two thousand and five hundred", 2500),
    ("one hundred and sixty-one", 161),
])
def test_digits_of_any_script_and_marks(numbers_nlp, text, value):
    assert [v for _, v, _ in values(numbers_nlp, text)] == [value]


@pytest.mark.parametrize("text", ["x² and ²", "a" + "9" * 5000 + " trucks", "9" * 5000, "³⁴ ¹²", "3.5 km away",
                                  "the 5,000th and 2²nd", "1,3 and 22,24", "⁵-⁷ and ½ of them"])
def test_odd_numbers_never_raise_and_are_not_counts(numbers_nlp, text):
    assert values(numbers_nlp, text) == []


@pytest.mark.parametrize("text, low, high, shown", [
    ("killing 5-7 fighters", 5, 7, "5-7"),
    ("killing 5 – 7 fighters", 5, 7, "5 – 7"),
    ("between 5 and 7 were hurt", 5, 7, "between 5 and 7"),
    ("between twenty and thirty trucks", 20, 30, "between twenty and thirty"),
    ("2 to 3 soldiers", 2, 3, "2 to 3"),
])
def test_ranges_keep_the_lower_bound_and_the_upper(numbers_nlp, text, low, high, shown):
    doc = numbers_nlp(text)
    (span,) = doc._.numbers
    assert (span.text, span._.number.value, span._.number.qualifier, span._.number.upper) == \
        (shown, low, "at_least", high)


def test_a_change_or_a_score_is_not_a_range(numbers_nlp):
    assert [v for _, v, _ in values(numbers_nlp, "the toll rose from 5 to 7")] == [5, 7]
    assert [v for _, v, _ in values(numbers_nlp, "the match ended 3-2")] == [3, 2]


@pytest.mark.parametrize("text, value", [
    ("21st", 21), ("twenty-first", 21), ("eleventh", 11), ("one hundred twenty fifth", 125),
    ("two hundredth", 200), ("96th", 96), ("Sunday", None), ("²nd", None),
])
def test_read_ordinal(text, value):
    from annotator.nlp.numbers import read_ordinal

    assert read_ordinal(text) == value


def test_a_superscript_next_to_a_number_does_not_stop_extraction(run):
    ex = run("On March 3, Coalition forces killed 3² ISIS members in a raid near Al-Shadadi.")
    assert ex.events and ex.events[0].count("killed") == 3


def test_importing_files_with_superscripts_stores_them_all(tmp_path):
    """The import that stopped at the first "3²" (issue 9): every file is stored, with its events."""
    from click.testing import CliRunner

    from annotator.cli import main

    for k in range(3):
        (tmp_path / f"note{k}.txt").write_text(
            f"On March {k + 3}, 2024, a drone strike killed {k + 2}² fighters near Al-Shadadi.¹ Another 12³ fled.",
            encoding="utf-8")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(main, ["import", str(tmp_path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    import sqlite3

    con = sqlite3.connect(db)
    try:
        assert con.execute("select count(*) from documents").fetchone()[0] == 3
        assert con.execute("select count(*) from events").fetchone()[0] >= 3
    finally:
        con.close()


@pytest.mark.parametrize("text, found", [
    ("more than a dozen fighters", [("more than a dozen", 12, "at_least")]),
    ("fewer than a thousand families", [("fewer than a thousand", 1000, "at_most")]),
    ("half of 1/2 and 3½ and the 1990s", []),  # not whole counts
    ("12* fled", [("12", 12, "exact")]),  # a footnote mark
])
def test_qualifiers_articles_and_what_is_no_count(numbers_nlp, text, found):
    assert values(numbers_nlp, text) == found
