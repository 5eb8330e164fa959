"""What counts downstream in a merged database: per candidate, the curated (adjudicated) decision where there is
one, else the decision every reviewer who decided agrees on, else pending.

A database nobody merged into has no reviewer versions: its events count as they stand (single-reviewer files
behave as before). In a merged one the merge writes the counted version into `events`, so summaries, exports and
training that read accepted events already get it; `counted_decisions` says why each one counts.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..store import Store
from .compare import _list, same_version

# Fields that make a decision: what a reviewer can change about a candidate.
DECISION_FIELDS = ("status", "type", "date", "location", "actors", "targets", "killed", "injured", "arrested",
                   "trucks", "direction")


@dataclass
class Counted:
    event_id: int
    document_id: int
    status: str  # pending | accepted | rejected: what counts
    basis: str  # single | curated | agreed | disagreed | undecided
    votes: dict[str, str] = field(default_factory=dict)  # reviewer -> status (implicit rejections included)
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)  # reviewer -> their snapshot
    agreed: dict[str, Any] | None = None  # the version everybody agreed on


# reviewer_decisions.snapshot of a pending version that is the candidate's original (team_candidates.original)
# but for its ids in the reviewer's file: most versions of a large team file (every reviewer's of every candidate
# nobody decided). Each was ~2 kB of JSON: 8.7 of the 21.8 GB team file of two 100,000-report files.
AS_ORIGINAL = ""


def version_of(snapshot: str, original: str | None, status: str, source_event_id: int | None) -> dict[str, Any]:
    """A reviewer's version as a snapshot dict, from its row (AS_ORIGINAL: the candidate's original, with the
    version's status and its id in the reviewer's file; its report's id there is not kept)."""
    if snapshot != AS_ORIGINAL or original is None:
        return json.loads(snapshot)
    return json.loads(original) | {"status": status, "id": source_event_id, "document_id": None}


def decision_state(snap: dict[str, Any] | None) -> tuple:
    """The decision a snapshot or row records; lists compared whether stored as JSON text or as lists."""
    snap = snap or {}
    return tuple(tuple(_list(snap.get(k))) if k in ("actors", "targets") else snap.get(k) for k in DECISION_FIELDS)


def _in_docs(document_ids: list[int] | None, column: str = "document_id") -> tuple[str, list[int]]:
    if document_ids is None:
        return "", []
    return f" AND {column} IN ({','.join('?' * len(document_ids))})", list(document_ids)


def reviewer_versions(store: Store, document_ids: list[int] | None = None) -> dict[int, dict[str, dict[str, Any]]]:
    """event id -> reviewer -> that reviewer's snapshot (with "status"), of the given reports (default: all)."""
    where, params = _in_docs(document_ids, "d.document_id")
    out: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    # a pending version stored as its candidate's original (AS_ORIGINAL) reads the original
    for event_id, reviewer, snap, orig, status, source_eid in store.db.execute(
            "SELECT d.event_id, d.reviewer, d.snapshot, CASE d.snapshot WHEN '' THEN t.original END, d.status, "
            "d.source_event_id FROM reviewer_decisions d LEFT JOIN team_candidates t ON t.event_id = d.event_id "
            f"WHERE 1{where} ORDER BY d.event_id, d.reviewer", params).fetchall():
        out[event_id][reviewer] = version_of(snap, orig, status, source_eid)
    return out


def _active(store: Store, document_ids: list[int] | None = None) -> dict[int, set[str]]:
    """document id -> reviewers who decided anything in it (of the given reports; default: all)."""
    where, params = _in_docs(document_ids)
    out: dict[int, set[str]] = defaultdict(set)
    for doc, reviewer in store.db.execute(
            f"SELECT DISTINCT document_id, reviewer FROM reviewer_decisions WHERE status <> 'pending'{where}",
            params).fetchall():
        out[doc].add(reviewer)
    return out


def vote(versions: dict[str, dict[str, Any]], added: bool, active: set[str]) -> tuple[str, str, dict | None,
                                                                                       dict[str, str]]:
    """(status, basis, agreed version, votes) from the reviewers' versions of one candidate. An event one
    reviewer added counts as rejected by each other reviewer who reviewed that report and did not add it."""
    votes = {r: v["status"] for r, v in versions.items() if v["status"] != "pending"}
    if added:
        for r in active - set(versions):
            votes[r] = "rejected"
    if not votes:
        return "pending", "undecided", None, votes
    if set(votes.values()) == {"rejected"}:
        return "rejected", "agreed", None, votes
    if set(votes.values()) == {"accepted"}:
        accepted = [versions[r] for r in sorted(votes)]
        if all(same_version(accepted[0], other) for other in accepted[1:]):
            return "accepted", "agreed", accepted[0], votes
    return "pending", "disagreed", None, votes


def curated_ids(store: Store, document_ids: list[int] | None = None) -> set[int]:
    """Events decided in this file after the merge last wrote them (an adjudication, or a review made here),
    unless an undo brought them back to what the merge left.

    Only the events whose last log row is not the merge's are read whole (the merge logs a row per candidate:
    reading them all held ~100 MB at 1,000 reports). `document_ids`: of those reports only."""
    where, params = _in_docs(document_ids)
    touched = [oid for (oid,) in store.db.execute(
        # "+object_type": with reports named, their index (the event-object index made this scan every event's
        # rows, 0.36 s a block of 50 reports at 10,000 reports)
        "SELECT d.object_id FROM decisions d WHERE d.id IN (SELECT MAX(id) FROM decisions "
        f"WHERE {'+' if where else ''}object_type = 'event'{where} GROUP BY object_id) AND d.action <> 'merge'",
        params).fetchall()]
    out: set[int] = set()
    for i in range(0, len(touched), 900):
        part = touched[i:i + 900]
        marks = ",".join("?" * len(part))
        merged = {oid: json.loads(after) if after else None for oid, after in store.db.execute(
            f"SELECT object_id, after FROM decisions WHERE id IN (SELECT MAX(id) FROM decisions "
            f"WHERE object_type = 'event' AND action = 'merge' AND object_id IN ({marks}) GROUP BY object_id)",
            part).fetchall()}
        if not merged:
            continue
        cur = store.db.execute(f"SELECT * FROM events WHERE id IN ({marks})", part)
        cols = [c[0] for c in cur.description]
        for row in cur.fetchall():
            current = dict(zip(cols, row))
            oid = current["id"]
            if oid in merged and decision_state(current) != decision_state(merged[oid]):
                out.add(oid)
    return out


def counted_decisions(store: Store, document_id: int | None = None) -> dict[int, Counted]:
    """event id -> what counts for it, and why."""
    sql = "SELECT e.id, e.document_id, e.status, t.key FROM events e LEFT JOIN team_candidates t ON t.event_id = e.id"
    params: list[Any] = []
    if document_id is not None:
        sql += " WHERE e.document_id = ?"
        params.append(document_id)
    rows = store.db.execute(sql, params).fetchall()
    versions = reviewer_versions(store)
    if not versions:
        return {eid: Counted(eid, doc, status, "single") for eid, doc, status, _ in rows}
    curated, active = curated_ids(store), _active(store)
    out = {}
    for eid, doc, status, key in rows:
        if eid in curated or key is None:  # decided here (or added here): the file's own row counts
            out[eid] = Counted(eid, doc, status, "curated" if eid in curated else "single",
                               versions=versions.get(eid, {}))
            continue
        counted, basis, agreed, votes = vote(versions.get(eid, {}), _is_added(key), active.get(doc, set()))
        out[eid] = Counted(eid, doc, counted, basis, votes, versions.get(eid, {}), agreed)
    return out


def _is_added(key: str) -> bool:
    return key.split("|")[1] == "added"


def disagreements(store: Store, document_id: int | None = None) -> list[Counted]:
    """Candidates the reviewers disagree on and nobody settled: the adjudication queue, in text order."""
    found = [c for c in counted_decisions(store, document_id).values() if c.basis == "disagreed"]
    order = {eid: (doc, start) for eid, doc, start in store.db.execute(
        "SELECT id, document_id, start FROM events").fetchall()}
    return sorted(found, key=lambda c: order.get(c.event_id, (0, 0)))
