"""Review operations, without Qt: each is one transaction that writes its decision-log rows and a review step,
and returns an OpChanges naming what it changed.

    ops = ReviewOps(store, "alice")
    changes = ops.accept(("event", 12), version=3)

Every object is written at the version the caller showed (expected_version), so a change made meanwhile by
another window is refused with ConflictError and nothing is written.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..domain import Event, Fact
from ..store import Store
from ..store import history as log
from .anchoring import reanchor
from .changes import Key, OpChanges, from_decisions
from .history import History


class NothingToDo(ValueError):
    """Undo with an empty history, accept-all with nothing pending: said to the reviewer, not an error."""


class ReviewOps:
    def __init__(self, store: Store, reviewer: str):
        self.store = store
        self.reviewer = reviewer or "unknown"
        self.history = History(store, self.reviewer)

    def set_reviewer(self, reviewer: str) -> None:
        self.reviewer = reviewer or "unknown"
        self.history = History(self.store, self.reviewer)

    # -- the one way to write ---------------------------------------------------------------------------------

    def _step(self, kind: str, description: str, document_id: int | None, focus: Key | None,
              write: Callable[[], Any], *, step_kind: str = "do", target: int | None = None) -> OpChanges:
        store = self.store
        with store.transaction():
            first = log.last_decision_id(store) + 1
            result = write()
            last = log.last_decision_id(store)
            if last < first:
                raise NothingToDo("nothing changed")
            rows = log.touched_since(store, first - 1, last)
            if focus is None:  # an added object: its id is known now
                focus = next(((r["object_type"], r["object_id"]) for r in rows
                              if r["object_type"] in ("event", "fact") and r["action"] == "add"), None)
            step_id = log.record_step(store, reviewer=self.reviewer, kind=step_kind, description=description,
                                      first=first, last=last, document_id=document_id, focus=focus, target=target)
        self.history.replay({"id": step_id, "kind": step_kind, "target": target, "description": description,
                             "document_id": document_id, "focus_kind": focus[0] if focus else None,
                             "focus_id": focus[1] if focus else None})
        extra = result if isinstance(result, dict) else {}
        return from_decisions(rows, kind=kind, description=description, focus=focus, document_id=document_id,
                              extra=extra)

    # -- decisions --------------------------------------------------------------------------------------------

    def accept(self, key: Key, version: int, document_id: int) -> OpChanges:
        kind, oid = key
        fn = self.store.accept_event if kind == "event" else self.store.accept_fact
        return self._step("accept", "accept", document_id, key,
                          lambda: fn(oid, reviewer=self.reviewer, expected_version=version))

    def reject(self, key: Key, version: int, document_id: int, reason: str | None = None) -> OpChanges:
        kind, oid = key
        fn = self.store.reject_event if kind == "event" else self.store.reject_fact
        return self._step("reject", "reject" + (f" ({reason})" if reason else ""), document_id, key,
                          lambda: fn(oid, reviewer=self.reviewer, reason=reason, expected_version=version))

    def edit(self, key: Key, version: int, document_id: int, changes: dict[str, Any], *,
             text: str | None = None, action: str = "edit") -> OpChanges:
        """Change fields; for an event with the report's text given, argument spans follow edited values."""
        kind, oid = key
        unanchored: list[str] = []

        def write() -> dict[str, Any]:
            nonlocal unanchored
            if kind == "event":
                body = changes
                if text is not None:
                    body, unanchored = reanchor(text, self.store.event(oid), changes)
                self.store.update_event(oid, body, reviewer=self.reviewer, expected_version=version, action=action)
            else:
                self.store.update_fact(oid, changes, reviewer=self.reviewer, expected_version=version,
                                       action=action)
            return {"unanchored": unanchored}

        return self._step(action, f"{action} {', '.join(changes)}", document_id, key, write)

    def set_span(self, key: Key, version: int, document_id: int, text: str, start: int, end: int) -> OpChanges:
        if not 0 <= start < end <= len(text):
            raise ValueError("the span would be empty")
        return self.edit(key, version, document_id, {"start": start, "end": end, "evidence": text[start:end]},
                         action="span")

    def add_event(self, document_id: int, ev: Event) -> OpChanges:
        return self._step("add", f"add {ev.type}", document_id, None,
                          lambda: self.store.add_event(document_id, ev, reviewer=self.reviewer))

    def add_fact(self, document_id: int, fact: Fact) -> OpChanges:
        return self._step("add", f"add stated total {fact.kind.replace('_', ' ')}", document_id, None,
                          lambda: self.store.add_fact(document_id, fact, reviewer=self.reviewer))

    def delete(self, key: Key, version: int, document_id: int) -> OpChanges:
        kind, oid = key
        fn = self.store.delete_event if kind == "event" else self.store.delete_fact
        return self._step("delete", "delete", document_id, None,
                          lambda: fn(oid, reviewer=self.reviewer, expected_version=version))

    def accept_all(self, document_id: int, items: Iterable[tuple[Key, int]]) -> OpChanges:
        """Accept the given items (key, version shown), all or nothing, as one step."""
        items = list(items)
        if not items:
            raise NothingToDo("nothing to accept")

        def write() -> None:
            for (kind, oid), version in items:
                fn = self.store.accept_event if kind == "event" else self.store.accept_fact
                fn(oid, reviewer=self.reviewer, expected_version=version)

        return self._step("accept_all", f"accept {len(items)}", document_id, items[0][0], write)

    # -- undo / redo ------------------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history.can_redo

    def undo(self) -> OpChanges:
        if not self.history.can_undo:
            raise NothingToDo("nothing to undo")
        entry = self.history.undo_stack[-1]
        return self._history_step("undo", entry, lambda: self.history.revert(entry))

    def redo(self) -> OpChanges:
        if not self.history.can_redo:
            raise NothingToDo("nothing to redo")
        entry = self.history.redo_stack[-1]
        return self._history_step("redo", entry, lambda: self.history.reapply(entry))

    def _history_step(self, kind: str, entry, write: Callable[[], None]) -> OpChanges:
        from ..store import ConflictError, NotFound

        try:
            return self._step(kind, entry.description, entry.document_id, entry.focus, write, step_kind=kind,
                              target=entry.step)
        except (ConflictError, NotFound):
            # A step that conflicts now will conflict forever: forget it (a logged "drop"), then say why.
            with self.store.transaction():
                last = log.last_decision_id(self.store)
                sid = log.record_step(self.store, reviewer=self.reviewer, kind="drop", description=entry.description,
                                      first=last, last=last, document_id=entry.document_id, target=entry.step)
            self.history.replay({"id": sid, "kind": "drop", "target": entry.step, "description": "",
                                 "document_id": None, "focus_kind": None, "focus_id": None})
            raise
