"""Synthetic reports for the benchmark."""
from __future__ import annotations

from datetime import date, datetime

from annotator.ingest import read_text_document
from annotator.ingest.generate import generate_reports


def test_generated_reports_are_deterministic_unique_and_sized():
    first = list(generate_reports(60, seed=3))
    assert first == list(generate_reports(60, seed=3))
    assert first != list(generate_reports(60, seed=4))
    assert len({name for name, _ in first}) == len({text for _, text in first}) == 60
    words = [len(text.split()) for _, text in first]
    assert min(words) >= 600 and max(words) <= 1600
    assert len(set(words)) > 30  # varied lengths, not one template repeated


def test_generated_reports_resolve_to_their_series_and_date_events_inside_the_period():
    for name, text in generate_reports(40, seed=1):
        doc = read_text_document(text, source=name, key=name[:-4])
        assert doc.series == "sohr-coalition"
        assert f"month-{doc.month_number}.txt" in name
        start, end = date.fromisoformat(doc.period.start), date.fromisoformat(doc.period.end)
        for line in text.split("\n"):
            if line.startswith("  \u2022 "):  # itemised convoy: "  • March 3: ..."
                month_day = line[4:].split(":")[0]
                assert any(start <= d <= end for d in _candidates(month_day, {start.year, end.year})), (name, line)


def _candidates(month_day: str, years: set[int]) -> list[date]:
    found = []
    for year in years:
        try:
            found.append(datetime.strptime(f"{month_day} {year}", "%B %d %Y").date())
        except ValueError:  # February 29 of a common year
            pass
    return found
