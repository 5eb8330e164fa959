"""Weekdays and relative days resolved against the publication date (news items report the past), and
yearless dates when nothing gives the year. Texts are our own."""
import pytest

import annotator.nlp.blocks  # noqa: F401
import annotator.nlp.dates  # noqa: F401

PUBLISHED = "2024-03-30"  # a Saturday


def found(nlp, text, published=PUBLISHED, period=None):
    doc = nlp.make_doc(text)
    doc._.published = published
    doc._.period = period
    return [(sp.text, sp._.date.iso, sp._.date.kind) for sp in nlp(doc)._.dates]


def isos(nlp, text, **kw):
    return [iso for _, iso, _ in found(nlp, text, **kw)]


@pytest.mark.parametrize("text, iso", [
    ("Gunmen fired on a checkpoint on Thursday.", "2024-03-28"),
    ("A roadside bomb went off on Saturday morning.", "2024-03-30"),  # the day of publication itself
    ("The drone struck the car last Saturday.", "2024-03-23"),  # "last" is strictly before
    ("Shells landed on the market yesterday evening.", "2024-03-29"),
    ("Troops stormed the farm on Tuesday dawn.", "2024-03-26"),
    ("Two days ago a mine killed a shepherd.", "2024-03-28"),
    ("Residents said the strike came last night.", "2024-03-29"),
    ("Thursday the 21st was the bloodiest day.", "2024-03-21"),
])
def test_news_style_days_count_back_from_publication(dates_nlp, text, iso):
    assert isos(dates_nlp, text) == [iso]


def test_a_day_earlier_than_a_weekday_is_the_day_before_it(dates_nlp):
    assert isos(dates_nlp, "On Thursday, gunmen attacked a bus. A day earlier, a mine exploded.") == \
        ["2024-03-28", "2024-03-27"]


def test_days_later_count_from_the_last_date_written(dates_nlp):
    assert isos(dates_nlp, "A convoy entered on March 3. Two days later a second one followed.") == \
        ["2024-03-03", "2024-03-05"]


def test_days_after_a_dated_thing_count_from_its_date_and_take_it_in(dates_nlp):
    # the date counted from is part of the expression, not a date of its own
    assert found(dates_nlp, "Mourners gathered three days after the March 3 bombing.") == \
        [("three days after the March 3", "2024-03-06", "counted")]


def test_days_after_an_undated_thing_count_from_the_last_date(dates_nlp):
    assert isos(dates_nlp, "The raid took place on March 10. Four days after the raid, a cell struck back.") == \
        ["2024-03-10", "2024-03-14"]


def test_ago_without_a_publication_date_is_unresolved(dates_nlp):
    assert isos(dates_nlp, "Two days ago a mine killed a shepherd.", published=None) == [None]


def test_a_yearless_date_is_never_after_publication(dates_nlp):
    assert isos(dates_nlp, "The bridge was shelled on March 31.") == ["2023-03-31"]
    assert isos(dates_nlp, "The bridge was shelled on March 30.") == ["2024-03-30"]


def test_a_bare_day_is_the_most_recent_one_before_publication(dates_nlp):
    assert isos(dates_nlp, "The bridge was shelled on the 29th.") == ["2024-03-29"]
    assert isos(dates_nlp, "The bridge was shelled on the 31st.") == ["2024-01-31"]  # February has none


def test_a_period_still_wins_over_publication(dates_nlp):
    assert isos(dates_nlp, "It was shelled on the 31st.", published=None, period=("2024-03-01", "2024-03-31")) == \
        ["2024-03-31"]


def test_without_period_or_publication_the_day_is_kept_without_a_year(dates_nlp):
    doc = dates_nlp.make_doc("On August 24, six were killed; on the 3rd and 5th of May, two more.")
    doc = dates_nlp(doc)
    values = [sp._.date for sp in doc._.dates]
    assert [(v.iso, v.month_day, v.is_day) for v in values] == \
        [(None, "--08-24", False), (None, "--05-03", False), (None, "--05-05", False)]


def test_an_impossible_day_gives_no_date(dates_nlp):
    assert isos(dates_nlp, "It was on February 30.", published=None) == [None]
    assert isos(dates_nlp, "It was on February 30.") == [None]


@pytest.mark.parametrize("text, iso", [
    ("Clashes broke out on 1st Jan. in the north.", "2024-01-01"),
    ("Clashes broke out on the twenty second of March.", "2024-03-22"),
    ("Clashes broke out on march 22 near the dam.", None),  # "march" in lower case is the noun
    ("CLASHES, JANUARY 2 — fighting resumed.", "2024-01-02"),
    ("clashes broke out on january 2 near the dam.", "2024-01-02"),
])
def test_month_spellings(dates_nlp, text, iso):
    assert isos(dates_nlp, text)[:1] == ([iso] if iso else [])


@pytest.mark.parametrize("text, days", [
    ("Convoys entered on November 19-20.", ["2023-11-19", "2023-11-20"]),
    ("Curfews held from 4 to 9 March.", ["2024-03-04", "2024-03-09"]),
    ("Curfews held from 4 to March 9.", ["2024-03-04", "2024-03-09"]),
    ("Curfews held between the 4th and 9th of March.", ["2024-03-04", "2024-03-09"]),
])
def test_the_two_ends_of_a_day_range_are_one_group(dates_nlp, text, days):
    doc = dates_nlp.make_doc(text)
    doc._.published = PUBLISHED
    values = [sp._.date for sp in dates_nlp(doc)._.dates]
    assert [v.iso for v in values] == days
    assert values[0].group is not None and len({v.group for v in values}) == 1


@pytest.mark.parametrize("text", ["It rained in November, 2023.", "It rained in 2023 November."])
def test_a_month_and_its_year(dates_nlp, text):
    doc = dates_nlp.make_doc(text)
    doc._.published = PUBLISHED
    (span,) = dates_nlp(doc)._.dates
    assert (span._.date.iso, span._.date.precision) == ("2023-11-01", "month")


def test_a_count_of_trucks_is_not_a_range_of_days(dates_nlp):
    assert isos(dates_nlp, "Between 20 and 30 trucks entered on March 5.") == ["2024-03-05"]


def test_the_days_of_one_list_share_a_year(dates_nlp):
    # the 31st would lie after publication: the whole list is last year's, not split across two years
    assert isos(dates_nlp, "Curfews held from 28 to 31 March.") == ["2023-03-28", "2023-03-31"]
    assert isos(dates_nlp, "Curfews held on March 27 and 29.") == ["2024-03-27", "2024-03-29"]
