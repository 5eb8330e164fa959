"""The status bar's "All reports" line: every report's counts summed in SQL at each list refresh, plus the open
report's decisions since, so that it moves with each key press and keeps them when another report opens."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.gui


def _all_reports(window) -> tuple[int, int]:
    m = re.search(r"All reports: (\d+) of (\d+) events decided", window.status.progress_label.text())
    assert m, window.status.progress_label.text()
    return int(m.group(1)), int(m.group(2))


def _truth(window) -> tuple[int, int]:
    totals = {"pending": 0, "accepted": 0, "rejected": 0}
    for status, n in window.store.db.execute("SELECT status, COUNT(*) FROM events GROUP BY status"):
        totals[status] = n
    return totals["accepted"] + totals["rejected"], sum(totals.values())


def test_all_reports_line_follows_decisions_in_this_and_other_reports(synthetic_db, make_window):
    window = make_window(synthetic_db)
    assert _all_reports(window) == _truth(window)
    events = [it for it in window.session.items if it.kind == "event" and it.status == "pending"]
    window.runner.run("accept", lambda: window.session.accept(events[0].key))
    window.runner.run("reject", lambda: window.session.reject(events[1].key, "duplicate"))
    assert _all_reports(window) == _truth(window)  # before any list refresh
    first = window.document_id
    other = next(d.id for d in window.documents.model.docs if d.id != first)
    window.open_document(other)
    assert _all_reports(window) == _truth(window)  # the first report's decisions kept
    pending = next(it for it in window.session.items if it.kind == "event" and it.status == "pending")
    window.runner.run("accept", lambda: window.session.accept(pending.key))
    window.documents.refresh()
    assert _all_reports(window) == _truth(window)
