"""Adjudication as a review operation: the adjudicator takes one reviewer's version of a disputed candidate.

It runs through annotator.review.ReviewOps like any edit (one transaction, decision-log rows with action
"adjudicate", a review step), so it is undone and redone with the adjudicator's other steps, and the window's
change bus hears of it. The event's origin becomes "adjudication"; annotator.team.curation then counts it
as curated (and an undo that brings back what the merge left makes it a disagreement again).
"""
from __future__ import annotations

from typing import Any

from ..domain import COUNT_FIELDS
from ..review import OpChanges
from ..review.operations import ReviewOps
from ..store.rows import event_from_snapshot

ORIGIN = "adjudication"
_TAKEN = ("type", "start", "end", "evidence", "date", "date_precision", "end_date", "location", "location_name",
          "admin1", "lat", "lon", "location_precision", "actors", "actors_canonical", "targets", "direction",
          "arguments")


def changes_for(version: dict[str, Any]) -> dict[str, Any]:
    """The field changes that make an event say what a reviewer's version says."""
    ev = event_from_snapshot(version)
    changes: dict[str, Any] = {k: getattr(ev, k) for k in _TAKEN}
    changes.update({k: ev.counts.get(k) for k in COUNT_FIELDS})
    changes["status"] = version["status"] if version["status"] != "pending" else "rejected"
    if changes["status"] == "rejected":
        changes["reject_reason"] = version.get("reject_reason")
    changes["origin"] = ORIGIN
    return changes


def take_version(ops: ReviewOps, event_id: int, version_seen: int, document_id: int, reviewer: str,
                 version: dict[str, Any]) -> OpChanges:
    """Make `reviewer`'s version the curated decision; refused (ConflictError) if the event moved meanwhile."""
    return ops.edit(("event", event_id), version_seen, document_id, changes_for(version), action="adjudicate")
