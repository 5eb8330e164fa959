"""Per-reviewer figures: decisions, accept rate, edits per decided event, time per report.

From each merged reviewer's own versions and decision-log rows (reviewer_decisions, reviewer_log), and from the
file's own events and decision log for whoever decided in it (the reviewer of their own file, an adjudicator).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from statistics import median
from typing import Any

from ..store import Store
from .sources import REVIEW_ACTIONS

_EDITS = ("edit", "span")


def reviewer_stats(store: Store) -> list[dict[str, Any]]:
    merged = store.db.execute("SELECT COUNT(*) FROM reviewer_decisions").fetchone()[0] > 0
    # This file's own decisions (a reviewer's file, or the adjudications made in a team file).
    statuses = store.db.execute(
        "SELECT reviewer, status, COUNT(*) FROM events WHERE reviewer IS NOT NULL AND reviewer NOT IN "
        "(SELECT DISTINCT reviewer FROM reviewer_decisions) GROUP BY reviewer, status").fetchall()
    log_tables = ["decisions"]
    if merged:
        statuses += store.db.execute("SELECT reviewer, status, COUNT(*) FROM reviewer_decisions "
                                     "GROUP BY reviewer, status").fetchall()
        log_tables.append("reviewer_log")
    by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for reviewer, status, n in statuses:
        by[reviewer][status] += n
    marks = ",".join("?" * len(REVIEW_ACTIONS))
    times: dict[tuple[str, int], list[str]] = defaultdict(list)
    edits: dict[str, int] = defaultdict(int)
    rows = [r for table in log_tables for r in store.db.execute(
        f"SELECT reviewer, document_id, action, at FROM {table} WHERE action IN ({marks}) "
        "AND object_type IN ('event', 'fact')", REVIEW_ACTIONS)]
    for reviewer, doc, action, at in rows:
        times[(reviewer, doc)].append(at)
        edits[reviewer] += action in _EDITS
        by[reviewer]  # a reviewer with log rows only still gets a line
    out = []
    for reviewer in sorted(by):
        counts = by[reviewer]
        decided = counts["accepted"] + counts["rejected"]
        spans = [_seconds(min(ts), max(ts)) for (r, _), ts in times.items() if r == reviewer]
        out.append({
            "reviewer": reviewer, "decisions": decided, "accepted": counts["accepted"],
            "rejected": counts["rejected"], "accept_rate": counts["accepted"] / decided if decided else None,
            "edits": edits[reviewer], "edits_per_event": edits[reviewer] / decided if decided else None,
            "reports": len(spans), "median_seconds_per_report": median(spans) if spans else None,
        })
    return out


def _seconds(first: str, last: str) -> float:
    """From the first to the last review action in a report (time spent reading before the first is unseen)."""
    return (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds()
