"""Undo and redo from the decision log: unlimited, per reviewer, surviving restarts and database switches.

The stacks are rebuilt by replaying the reviewer's steps (annotator.store.history): a "do" step is pushed
and clears the redo stack, an "undo" moves its target to the redo stack, a "redo" moves it back, a "drop"
forgets it. Reverting a step writes the "before" snapshots of its decision rows (in reverse order); re-applying
writes the "after" snapshots. Each write names the version the last step on that object left, so an undo is
refused with ConflictError when someone else changed the object since, and overwrites nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..store import Store
from ..store import history as log

# Decision actions that change one event or stated total and can be reverted from their snapshots.
REVERSIBLE_OBJECTS = ("event", "fact")


@dataclass
class Entry:
    step: int  # the "do" step
    live: int  # the step whose writes the objects show now (the do step itself, or the last undo/redo of it)
    description: str
    document_id: int | None
    focus: tuple[str, int] | None


class History:
    def __init__(self, store: Store, reviewer: str):
        self.store = store
        self.reviewer = reviewer
        self.undo_stack: list[Entry] = []
        self.redo_stack: list[Entry] = []
        self.reload()

    def reload(self) -> None:
        self.undo_stack, self.redo_stack = [], []
        for s in log.steps(self.store, self.reviewer):
            self.replay(s)

    def replay(self, s: dict[str, Any]) -> None:
        """Apply one step row to the stacks (also called for the steps this session writes)."""
        focus = (s["focus_kind"], s["focus_id"]) if s["focus_kind"] else None
        if s["kind"] == "do":
            self.undo_stack.append(Entry(s["id"], s["id"], s["description"], s["document_id"], focus))
            self.redo_stack.clear()
        elif s["kind"] == "undo":
            entry = _take(self.undo_stack, s["target"])
            if entry is not None:
                entry.live = s["id"]
                self.redo_stack.append(entry)
        elif s["kind"] == "redo":
            entry = _take(self.redo_stack, s["target"])
            if entry is not None:
                entry.live = s["id"]
                self.undo_stack.append(entry)
        elif s["kind"] == "drop":
            _take(self.undo_stack, s["target"])
            _take(self.redo_stack, s["target"])

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def revert(self, entry: Entry) -> None:
        """Write the before-snapshots of the entry's decisions (inside the caller's transaction)."""
        rows = self._rows(entry.step)
        versions = self._versions(entry.live)
        for row in reversed(rows):
            self._write(row, row["before"], versions, "undo")

    def reapply(self, entry: Entry) -> None:
        rows = self._rows(entry.step)
        versions = self._versions(entry.live)
        for row in rows:
            self._write(row, row["after"], versions, "redo")

    # -- helpers ----------------------------------------------------------------------------------------------

    def _rows(self, step_id: int) -> list[dict[str, Any]]:
        s = log.step(self.store, step_id)
        if s is None:
            return []
        return [r for r in log.decisions_between(self.store, s["first_decision"], s["last_decision"])
                if r["object_type"] in REVERSIBLE_OBJECTS]

    def _versions(self, step_id: int) -> dict[tuple[str, int], int | None]:
        """The version each object had after the given step wrote it (None: the step deleted it)."""
        out: dict[tuple[str, int], int | None] = {}
        for r in self._rows(step_id):
            out[(r["object_type"], r["object_id"])] = r["after"]["version"] if r["after"] else None
        return out

    def _write(self, row: dict[str, Any], snapshot: dict[str, Any] | None, versions: dict, action: str) -> None:
        kind, oid = row["object_type"], row["object_id"]
        if (kind, oid) not in versions:
            versions[(kind, oid)] = None
        latest = log.last_write(self.store, kind, oid, self.reviewer)
        if latest is not None and latest[0]:
            # Our own later steps (undone since) moved it on: the version they left is the one to expect.
            versions[(kind, oid)] = latest[1]
        expected = versions[(kind, oid)]
        store, who = self.store, self.reviewer
        if snapshot is None:
            (store.delete_event if kind == "event" else store.delete_fact)(
                oid, reviewer=who, expected_version=expected, action=action)
            versions[(kind, oid)] = None
            return
        if expected is None and _exists(store, kind, oid):
            # The step deleted it, yet it is back: someone else restored it meanwhile.
            from ..store import ConflictError

            current = (store.event if kind == "event" else store.fact)(oid).version
            raise ConflictError("event" if kind == "event" else "stated total", oid, 0, current)
        restore = store.restore_event if kind == "event" else store.restore_fact
        result = restore(snapshot, reviewer=who, action=action, expected_version=expected)
        versions[(kind, oid)] = result.version


def _exists(store: Store, kind: str, oid: int) -> bool:
    return bool((store.events if kind == "event" else store.facts)(ids=[oid]))


def _take(stack: list[Entry], step_id: int) -> Entry | None:
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].step == step_id:
            return stack.pop(i)
    return None
