"""Review steps over the decision log, and cheap ways to notice what other connections committed.

A step is what one keystroke wrote (accept-all writes many rows): the range of decision-log ids of its
transaction. Undo and redo are steps too, naming the step they revert or re-apply, so the undo and redo stacks
of every reviewer can be rebuilt from the database after a restart (annotator.review.history replays them).
"""
from __future__ import annotations

import json
from typing import Any

from .rows import now
from .store import Store

STEP_KINDS = ("do", "undo", "redo", "drop")


def last_decision_id(store: Store) -> int:
    return store.db.execute("SELECT COALESCE(MAX(id), 0) FROM decisions").fetchone()[0]


def record_step(store: Store, *, reviewer: str, kind: str, description: str, first: int, last: int,
                document_id: int | None = None, focus: tuple[str, int] | None = None,
                target: int | None = None) -> int:
    """Append a step; call it inside the transaction that wrote decisions first..last."""
    if kind not in STEP_KINDS:
        raise ValueError(f"unknown step kind {kind!r}")
    cur = store.db.execute(
        "INSERT INTO review_steps (at, reviewer, kind, target, description, document_id, focus_kind, focus_id, "
        "first_decision, last_decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [now(), reviewer, kind, target, description, document_id, focus[0] if focus else None,
         focus[1] if focus else None, first, last])
    return cur.lastrowid


def steps(store: Store, reviewer: str) -> list[dict[str, Any]]:
    """Every step of one reviewer, oldest first."""
    cur = store.db.execute("SELECT * FROM review_steps WHERE reviewer = ? ORDER BY id", [reviewer])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def step(store: Store, step_id: int) -> dict[str, Any] | None:
    cur = store.db.execute("SELECT * FROM review_steps WHERE id = ?", [step_id])
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row)) if row else None


def decisions_between(store: Store, first: int, last: int) -> list[dict[str, Any]]:
    """Decision-log rows first..last (inclusive) with their snapshots parsed, in order."""
    cur = store.db.execute("SELECT * FROM decisions WHERE id BETWEEN ? AND ? ORDER BY id", [first, last])
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    for r in rows:
        r["before"] = json.loads(r["before"]) if r["before"] else None
        r["after"] = json.loads(r["after"]) if r["after"] else None
    return rows


def touched_since(store: Store, after_id: int, up_to: int | None = None) -> list[dict[str, Any]]:
    """What decisions after `after_id` touched (no snapshots: this runs on every poll)."""
    sql = "SELECT id, object_type, object_id, document_id, action FROM decisions WHERE id > ?"
    params: list[Any] = [after_id]
    if up_to is not None:
        sql += " AND id <= ?"
        params.append(up_to)
    cur = store.db.execute(sql + " ORDER BY id", params)
    return [dict(zip(("id", "object_type", "object_id", "document_id", "action"), r)) for r in cur.fetchall()]


def data_version(store: Store) -> int:
    """SQLite's PRAGMA data_version: changes when another connection commits (not for this one's commits)."""
    return store.db.execute("PRAGMA data_version").fetchone()[0]


def last_write(store: Store, object_type: str, object_id: int, reviewer: str) -> tuple[bool, int | None] | None:
    """The latest decision on an object: (made by one of the reviewer's review steps, version it left (None:
    deleted)); None when the log holds nothing for it."""
    row = store.db.execute(
        "SELECT id, after FROM decisions WHERE object_type = ? AND object_id = ? ORDER BY id DESC LIMIT 1",
        [object_type, object_id]).fetchone()
    if row is None:
        return None
    ours = store.db.execute(
        "SELECT 1 FROM review_steps WHERE reviewer = ? AND ? BETWEEN first_decision AND last_decision LIMIT 1",
        [reviewer, row[0]]).fetchone() is not None
    after = json.loads(row[1]) if row[1] else None
    return ours, (after or {}).get("version") if after else None
