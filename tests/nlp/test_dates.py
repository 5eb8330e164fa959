"""The dates component alone: expressions found, resolved against a period or a publication date."""
import pytest

import annotator.nlp.blocks  # noqa: F401
import annotator.nlp.dates  # noqa: F401


def resolve(nlp, text, period=None, published=None):
    doc = nlp.make_doc(text)
    doc._.period = period
    doc._.published = published
    doc = nlp(doc)
    return [(sp.text, sp._.date.iso, sp._.date.kind, sp._.date.in_period) for sp in doc._.dates]


AUG_SEP = ("2022-08-23", "2022-09-22")
DEC_JAN = ("2020-12-23", "2021-01-22")


def isos(found):
    return [iso for _, iso, _, _ in found]


def test_month_day(dates_nlp):
    assert isos(resolve(dates_nlp, "It happened on August 24.", AUG_SEP)) == ["2022-08-24"]


def test_day_of_month(dates_nlp):
    assert isos(resolve(dates_nlp, "It began on the 23rd of August.", AUG_SEP)) == ["2022-08-23"]


def test_list_of_days_before_one_month(dates_nlp):
    found = resolve(dates_nlp, "Convoys came on the 3rd, 5th, 6th and 8th of September.", AUG_SEP)
    assert isos(found) == ["2022-09-03", "2022-09-05", "2022-09-06", "2022-09-08"]


def test_two_lists_and_months(dates_nlp):
    found = resolve(dates_nlp, "Batches arrived on the 23rd and 24th June and the 11th and 16th of July.",
                    ("2023-06-23", "2023-07-22"))
    assert isos(found) == ["2023-06-23", "2023-06-24", "2023-07-11", "2023-07-16"]


def test_year_comes_from_the_period_across_new_year(dates_nlp):
    found = resolve(dates_nlp, "The first one on December 23, the second on January 4.", DEC_JAN)
    assert isos(found) == ["2020-12-23", "2021-01-04"]


def test_this_month_is_the_reports_month(dates_nlp):
    found = resolve(dates_nlp, "The third came on the seventh of this month.", DEC_JAN)
    assert isos(found) == ["2021-01-07"]


def test_bare_ordinal_takes_the_month_before_it(dates_nlp):
    found = resolve(dates_nlp, "One came on January 10, another on the 16th, and the last on the 20th of the same month.",
                    DEC_JAN)
    assert isos(found) == ["2021-01-10", "2021-01-16", "2021-01-20"]


def test_weekday_next_to_a_date_is_that_date(dates_nlp):
    found = resolve(dates_nlp, "On September 20, they raided the village on Tuesday dawn.", AUG_SEP)
    assert isos(found) == ["2022-09-20", "2022-09-20"]
    assert found[1][2] == "weekday"


def test_weekday_alone_is_the_last_one_before_publication(dates_nlp):
    # 2024-03-30 is a Saturday; the Wednesday before it is the 27th
    found = resolve(dates_nlp, "A patrol was stopped on Wednesday.", None, "2024-03-30")
    assert isos(found) == ["2024-03-27"]


def test_previous_day(dates_nlp):
    found = resolve(dates_nlp, "On September 19, sources said nothing was fired on the previous day.", AUG_SEP)
    assert isos(found) == ["2022-09-19", "2022-09-18"]


def test_out_of_period_is_flagged_not_dropped(dates_nlp):
    found = resolve(dates_nlp, "The camp was bombed on March 21, 2019.", AUG_SEP)
    assert found[0][1] == "2019-03-21" and found[0][3] is False


def test_in_period_flag(dates_nlp):
    assert resolve(dates_nlp, "On August 30 a drill was held.", AUG_SEP)[0][3] is True


def test_loose_periods_date_nothing(dates_nlp):
    for text in ("In early November, young men threw stones.",
                 "In the last ten days of August, fire was exchanged.",
                 "Over the last four weeks, seven raids took place."):
        found = resolve(dates_nlp, text, ("2022-10-23", "2022-11-22"))
        assert found and all(kind == "loose" and iso is None for _, iso, kind, _ in found), found


def test_year_from_publication_without_a_period(dates_nlp):
    assert isos(resolve(dates_nlp, "On December 30, buses were attacked.", None, "2021-01-29")) == ["2020-12-30"]


def test_no_anchor_no_year(dates_nlp):
    assert isos(resolve(dates_nlp, "On August 24, six were killed.")) == [None]


def test_iso_and_month_year(dates_nlp):
    found = resolve(dates_nlp, "Last Update: 2023-07-23\n\nJuly 2023: another month passes")
    assert [(iso, kind) for _, iso, kind, _ in found] == [("2023-07-23", "iso"), ("2023-07-01", "month")]


def test_may_as_a_verb_is_not_a_month(dates_nlp):
    assert resolve(dates_nlp, "The rockets may be fired by cells in 5 places.", AUG_SEP) == []
