"""A range of two month-days ("between April 21 and May 19"): both ends are dated days of one group; a tally
stated over it is no event, one happening stated over it is dated by its start and ends on its last day."""
import pytest

import annotator.nlp.blocks  # noqa: F401
import annotator.nlp.dates  # noqa: F401


def day_values(nlp, text, period=None, published=None):
    doc = nlp.make_doc(text)
    doc._.period = period
    doc._.published = published
    doc = nlp(doc)
    return [(sp.text, sp._.date.iso, sp._.date.precision, sp._.date.group) for sp in doc._.dates]


@pytest.mark.parametrize("text, published, days", [
    ("The road stayed closed from June 2 to June 9 after the bridge collapsed.", "2024-06-30",
     ["2024-06-02", "2024-06-09"]),
    ("Water was cut between Sept. 28th and October 3rd in two districts.", "2024-10-10",
     ["2024-09-28", "2024-10-03"]),
    # the start takes the end's year, the year before when it falls later in the calendar
    ("The curfew ran from December 27 until January 4 in the old town.", "2025-01-20",
     ["2024-12-27", "2025-01-04"]),
    ("Between March 30, 2023 and April 2, 2023 the market stayed shut.", "2025-01-20",
     ["2023-03-30", "2023-04-02"]),
])
def test_both_ends_of_a_range_are_days_of_one_group(dates_nlp, text, published, days):
    found = day_values(dates_nlp, text, published=published)
    assert [iso for _, iso, _, _ in found] == days
    assert {precision for _, _, precision, _ in found} == {"day"}
    groups = {group for _, _, _, group in found}
    assert len(groups) == 1 and None not in groups


def test_a_range_within_the_report_period(dates_nlp):
    found = day_values(dates_nlp, "Crossings were closed between August 25 and September 2.",
                       period=("2022-08-23", "2022-09-22"))
    assert [iso for _, iso, _, _ in found] == ["2022-08-25", "2022-09-02"]


def test_a_range_to_date_stays_a_period(dates_nlp):
    # "from <day> to date" states the report's own period: it dates nothing
    found = day_values(dates_nlp, "From August 24 to date, the team logged dozens of incidents.",
                       period=("2022-08-23", "2022-09-22"))
    assert all(iso is None for _, iso, _, _ in found)


def test_a_tally_over_a_range_is_no_event(extractor):
    text = ("Between July 3 and August 11, the observatory recorded 17 attacks by unidentified gunmen in the "
            "eastern countryside.")
    got = extractor.extract(text, published="2025-08-20").events
    assert [e for e in got if e.date] == []


def test_one_happening_over_a_range_is_dated_by_its_start(extractor):
    text = "Between October 6 and October 8, artillery shelled farmland around Ain Issa, wounding a shepherd."
    got = [e for e in extractor.extract(text, published="2025-10-20").events if e.date]
    assert [(e.date, e.end_date) for e in got] == [("2025-10-06", "2025-10-08")]
