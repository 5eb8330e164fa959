"""Publication date precedence, series rules, fallback periods."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from conftest import read_one

from annotator.domain import Period
from annotator.ingest import load_series, read_paths, read_text_document
from annotator.ingest.series import Series


def doc(text, **kwargs):
    return read_text_document(text, source="mem", key="k", **kwargs)


BODY = ("96th month of Coalition operations in Syria | Headline\n\n"
        "Last Update: 2022-09-25 10:00:00 - Source: test\n\n"
        "September 2022: another month passes\n")


def test_published_precedence_option_meta_last_update_series_month():
    d = doc(BODY, published="2022-10-01", meta={"published": "2022-09-30"})
    assert (d.published, d.published_source) == ("2022-10-01", "option")
    d = doc(BODY, meta={"published": "2022-09-30T12:00:00Z"})
    assert (d.published, d.published_source) == ("2022-09-30", "meta")
    d = doc(BODY)
    assert (d.published, d.published_source) == ("2022-09-25", "last-update")
    d = doc(BODY.replace("Last Update: 2022-09-25 10:00:00 - Source: test\n\n", ""))
    assert (d.published, d.published_source) == ("2022-09-23", "series")  # day after 2022-08-23..2022-09-22
    # the period comes from the series whatever the publication date
    assert d.period == Period("2022-08-23", "2022-09-22")


def test_month_heading_gives_the_last_day_of_the_month_and_the_calendar_month_as_period():
    d = doc("Security digest\n\nIn March 2019 something happened.\n\nFebruary 2024: events of the month\n")
    assert (d.published, d.published_source) == ("2024-02-29", "month-heading")
    assert d.period == Period("2024-02-01", "2024-02-29")
    assert d.series is None and d.month_number is None


def test_month_mention_when_there_is_no_heading():
    d = doc("Digest\n\nEvents of December 2023 in the north-east.\nLater, in January 2024, more.\n")
    assert (d.published, d.published_source) == ("2023-12-31", "month-mention")
    assert d.period == Period("2023-12-01", "2023-12-31")


def test_no_date_and_no_series_means_no_period():
    d = doc("Just a note\n\nA convoy entered on Tuesday.\n")
    assert d.published is None and d.published_source is None and d.period is None


def test_fallback_period_is_the_calendar_month_of_an_explicit_date():
    d = doc("A brief\n\nText.\n", published="2024-05-13")
    assert d.period == Period("2024-05-01", "2024-05-31")


def test_bad_dates_raise_value_error_in_memory():
    with pytest.raises(ValueError):
        doc("x\n", published="13/05/2024")
    with pytest.raises(ValueError):
        doc("x\n", meta={"published": "soon"})
    with pytest.raises(ValueError):
        read_paths(["."], published="yesterday")  # a usage error, raised before anything is read


def test_malformed_last_update_is_skipped():
    d = doc("Report\n\nLast Update: 2023-13-45\n\nLast Update: 2023-07-23\n")
    assert (d.published, d.published_source) == ("2023-07-23", "last-update")


@pytest.mark.parametrize("headline, series, n, start, end", [
    ("96th month of Coalition operations in Syria", "sohr-coalition", 96, "2022-08-23", "2022-09-22"),
    ("98th month of Coalition operations in Syria", "sohr-coalition", 98, "2022-10-23", "2022-11-22"),
    ("106th month of Coalition operations in Syria", "sohr-coalition", 106, "2023-06-23", "2023-07-22"),
    ("76 months of International Coalition operations in Syria", "sohr-coalition", 76, "2020-12-23", "2021-01-22"),
    ("Completing the 112th consecutive month of International Coalition operations", "sohr-coalition", 112,
     "2023-12-23", "2024-01-22"),
    ("78 months since the declaration of Caliphate State", "sohr-isis", 78, "2020-12-29", "2021-01-28"),
    ("117 months since the declaration of the Caliphate", "sohr-isis", 117, "2024-03-29", "2024-04-28"),
])
def test_series_periods(headline, series, n, start, end):
    d = doc(f"{headline} | something\n\nBody text.\n")
    assert (d.series, d.month_number, d.period) == (series, n, Period(start, end))


def test_series_is_found_in_the_first_lines_only():
    filler = "".join(f"line {i}\n" for i in range(40))
    assert doc(f"Title\n{filler}96th month of Coalition operations in Syria\n").series is None
    assert doc("Title\nSite\n\n96th month of Coalition operations in Syria\n").series == "sohr-coalition"


def test_series_from_a_jsonl_title_not_in_the_text():
    d = doc("A short text without a headline.\n", title="98th month of Coalition operations in Syria")
    assert d.month_number == 98


def test_periods_tile_without_gaps_across_short_months():
    rules = load_series()
    caliphate = next(s for s in rules.series if s.id == "sohr-isis")  # epoch day 29: February clips
    for n in range(1, 140):
        this, following = caliphate.period(n), caliphate.period(n + 1)
        assert date.fromisoformat(this.end) + timedelta(days=1) == date.fromisoformat(following.start)
        assert this.start <= this.end


def test_series_rules_are_data(tmp_path):
    path = tmp_path / "series.json"
    path.write_text(json.dumps({"series": [{"id": "weekly-x", "patterns": [r"Bulletin no\. (?P<n>\d+)"],
                                            "epoch": "2020-01-01", "start_offset_months": 0}],
                                "fallback": {"rule": "none"}}))
    rules = load_series(path)
    d = read_text_document("Bulletin no. 3\n", source="m", key="k", rules=rules)
    assert (d.series, d.month_number, d.period) == ("weekly-x", 3, Period("2020-04-01", "2020-04-30"))
    assert d.published == "2020-05-01"
    assert read_text_document("x\n", source="m", key="k", published="2020-02-02", rules=rules).period is None


def test_malformed_series_file_names_the_problem(tmp_path):
    path = tmp_path / "series.json"
    path.write_text(json.dumps({"series": [{"id": "bad", "patterns": [r"(\d+) months"], "epoch": "2020-01-01"}]}))
    with pytest.raises(ValueError, match="named group"):
        load_series(path)


def test_published_option_applies_to_every_file(tmp_path):
    (tmp_path / "a.txt").write_text("Last Update: 2020-01-01\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "t", "meta": {"published": "2021-01-01"}}) + "\n")
    docs = list(read_paths([tmp_path], published="2024-02-03"))
    assert [(d.published, d.published_source) for d in docs] == [("2024-02-03", "option")] * 2


def test_html_page_date_counts_as_meta(tmp_path):
    page = ('<html><head><meta property="article:published_time" content="2024-04-23T08:30:00+03:00"></head>'
            "<body><article><p>" + "A convoy entered. " * 30 + "</p></article></body></html>")
    path = tmp_path / "p.html"
    path.write_text(page)
    d = read_one(path)
    assert (d.published, d.published_source, d.meta["published"]) == ("2024-04-23", "meta", "2024-04-23")


def test_series_object_rules():
    s = Series("x", "x", (), date(2014, 9, 23), -1, "day-after-period")
    assert s.period(1) == Period("2014-09-23", "2014-10-22")
    assert s.publication(1) == "2014-10-23"
