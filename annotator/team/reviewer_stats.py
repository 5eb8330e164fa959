"""Per-reviewer figures: decisions, accept rate, edits per decided event, time per report.

In a merged database they come from each reviewer's own versions and decision-log rows (reviewer_decisions,
reviewer_log); in a reviewer's own file from its events and decision log.
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
    if merged:
        statuses = store.db.execute("SELECT reviewer, status, COUNT(*) FROM reviewer_decisions "
                                    "GROUP BY reviewer, status").fetchall()
        log_table = "reviewer_log"
    else:
        statuses = store.db.execute("SELECT reviewer, status, COUNT(*) FROM events WHERE reviewer IS NOT NULL "
                                    "GROUP BY reviewer, status").fetchall()
        log_table = "decisions"
    by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for reviewer, status, n in statuses:
        by[reviewer][status] += n
    marks = ",".join("?" * len(REVIEW_ACTIONS))
    times: dict[tuple[str, int], list[str]] = defaultdict(list)
    edits: dict[str, int] = defaultdict(int)
    for reviewer, doc, action, at in store.db.execute(
            f"SELECT reviewer, document_id, action, at FROM {log_table} WHERE action IN ({marks}) "
            "AND object_type IN ('event', 'fact')", REVIEW_ACTIONS):
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
