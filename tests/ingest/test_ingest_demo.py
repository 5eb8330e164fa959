"""The bundled demo reports read cleanly and carry what the demo needs."""
from __future__ import annotations

from conftest import read_all

from annotator.domain import Period

EXPECTED = {  # key: (series, month number, period, publication date, its source, kind)
    "demo-coalition-109": ("sohr-coalition", 109, Period("2023-09-23", "2023-10-22"), "2023-10-23", "last-update", "md"),
    "demo-coalition-112": ("sohr-coalition", 112, Period("2023-12-23", "2024-01-22"), "2024-01-23", "series", "txt"),
    "demo-coalition-115": ("sohr-coalition", 115, Period("2024-03-23", "2024-04-22"), "2024-04-23", "meta", "html"),
    "demo-digest-2024-08": (None, None, Period("2024-08-01", "2024-08-31"), "2024-08-31", "month-heading", "txt"),
    "demo-isis-117": ("sohr-isis", 117, Period("2024-03-29", "2024-04-28"), "2024-04-29", "meta", "jsonl"),
    "demo-brief-2024-05-13": (None, None, Period("2024-05-01", "2024-05-31"), "2024-05-13", "meta", "jsonl"),
}


def test_demo_reports_read_without_errors_with_their_periods(demo_dir):
    docs, errors = read_all(demo_dir)
    assert errors == []
    got = {d.key: (d.series, d.month_number, d.period, d.published, d.published_source, d.source_kind)
           for d in docs}
    assert got == EXPECTED


def test_demo_folder_readme_is_not_a_report(demo_dir):
    assert (demo_dir.parent / "README.md").is_file()
    assert not list(demo_dir.glob("README*"))


def test_demo_html_keeps_the_report_and_drops_menu_cookies_and_scripts(demo_dir):
    (doc,) = read_all(demo_dir / "demo-coalition-115.html")[0]
    assert "crossed into Syria from the Kurdistan Region of Iraq in six batches" in doc.text
    assert "staged a protest" in doc.text
    for boilerplate in ("cookies", "trackVisit", "dataLayer", "Support our work", "Monthly reports", "Most read",
                        "All rights reserved", "Privacy"):
        assert boilerplate not in doc.text, boilerplate
    assert doc.title.startswith("115th month of Coalition operations in Syria")


def test_long_demo_reports_are_long_enough(demo_dir):
    docs, _ = read_all(demo_dir)
    words = {d.key: len(d.text.split()) for d in docs}
    for key in ("demo-coalition-109", "demo-coalition-112", "demo-coalition-115", "demo-digest-2024-08"):
        assert 750 <= words[key] <= 1500, (key, words[key])
