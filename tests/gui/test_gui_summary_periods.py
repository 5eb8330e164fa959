"""The summary's period box names the latest reports and every month; a report opened in Review that is not
among the named ones is added, so that following the open report still works (issue 13: 100,000 reports)."""
from __future__ import annotations

import pytest

from annotator.gui import summary_view

pytestmark = pytest.mark.gui


def test_period_box_names_the_latest_reports_and_adds_the_open_one(synthetic_db, make_window, monkeypatch):
    monkeypatch.setattr(summary_view, "PERIOD_REPORTS", 1)
    window = make_window(synthetic_db)
    box = window.summary.period
    window.summary.fill_periods()
    headings = window.store.document_headings()
    keys = [box.itemData(i) for i in range(box.count())]
    assert headings[-1].key in keys and headings[0].key not in keys
    months = {iso[:7] for d in headings for iso in (d.period_start, d.period_end, d.published) if iso}
    assert months <= set(keys)
    window.summary.follow.setChecked(True)
    window.open_document(headings[0].id)
    assert box.findData(headings[0].key) >= 0
    assert box.currentIndex() == box.findData(headings[0].key)
