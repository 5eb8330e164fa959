"""CSV cells a spreadsheet would misread: formulas (also after blanks) and non-finite numbers."""
from __future__ import annotations

import csv
import math

import pytest

from annotator.export import run_export
from annotator.export.acled_csv import neutralise


@pytest.mark.parametrize("value, expected", [
    (float("-inf"), ""), (float("inf"), ""), (float("nan"), ""),
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("  =1+1", "'  =1+1"), ("\n@SUM(A1)", "'\n@SUM(A1)"),
    ("+31 6", "'+31 6"), ("\tcmd", "'\tcmd"),
    (-36.5, -36.5), (0, 0), ("Al-Hasakah", "Al-Hasakah"), ("", ""), (None, None),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_an_edited_event_with_infinite_numbers_and_a_formula_exports_plain_cells(sample, tmp_path):
    store, _ = sample
    ev = store.events(status="accepted")[0]
    store.update_event(ev.id, {"lat": float("-inf"), "lon": float("inf"), "confidence": float("-inf"),
                               "location_name": " =HYPERLINK(\"http://x\")", "targets": ["@evil"]},
                       reviewer="sample-reviewer")
    out = tmp_path / "events.csv"
    run_export(store, "acled-csv", out, status="accepted")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        for column, cell in row.items():
            assert cell.lower() not in ("inf", "-inf", "nan"), (column, cell)
            assert not cell.lstrip(" \n").startswith(("=", "+", "@", "\t")), (column, cell)
            if cell.startswith("-"):  # only a number may start with a minus: a negative longitude
                assert math.isfinite(float(cell)), (column, cell)
    edited = next(r for r in rows if int(r["event_id"]) == ev.id)
    assert edited["confidence"] == "" and edited["location"] == "' =HYPERLINK(\"http://x\")"
    assert edited["latitude"] == edited["longitude"] == ""  # no value rather than a number a sheet cannot read

