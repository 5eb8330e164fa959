"""One change bus for the window, after Anki's CollectionOp / OpChanges / operation_did_execute.

- OperationRunner.run(op) calls a Qt-free review operation (annotator.review), turns its refusals into one
  kind of message each (a conflict reloads and says so; a store error warns; a refusal goes to the status
  bar), and broadcasts the OpChanges it returned on ChangeBus.changes(changes, initiator).
- DatabaseWatcher notices commits made by other connections (the background import process, another
  window) through SQLite's PRAGMA data_version, reads what they touched from the decision log, and
  broadcasts that on the same bus, so every view follows them within its poll interval.
Every view subscribes to the bus and updates itself; nothing else tells a view that data changed.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..review import NothingToDo, OpChanges, from_decisions
from ..store import ConflictError, Store, StoreError
from ..store import history as log

POLL_MS = 300  # another process's commit shows within this (plus one view refresh); a poll costs ~20 µs


class ChangeBus(QObject):
    changes = Signal(object, object)  # OpChanges, initiator (the object that asked for it, or None)


class OperationRunner(QObject):
    """Runs review operations for a window; one place for conflicts, errors and the broadcast."""

    def __init__(self, bus: ChangeBus, *, on_conflict: Callable[[ConflictError], None],
                 on_error: Callable[[str, str], None], on_refusal: Callable[[str], None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.bus = bus
        self.watcher: DatabaseWatcher | None = None
        self._on_conflict, self._on_error, self._on_refusal = on_conflict, on_error, on_refusal

    def run(self, what: str, op: Callable[[], OpChanges | None], *, initiator: Any = None) -> OpChanges | None:
        """Call op (it commits before returning); broadcast what it changed; None when it was refused."""
        try:
            changes = op()
        except ConflictError as exc:
            self._on_conflict(exc)
            return None
        except NothingToDo as exc:
            self._on_refusal(str(exc)[:1].upper() + str(exc)[1:])
            return None
        except StoreError as exc:
            self._on_error(f"Could not {what}", str(exc))
            return None
        except ValueError as exc:
            self._on_refusal(f"Could not {what}: {exc}")
            return None
        if changes is not None:
            if self.watcher is not None and changes.decisions:
                self.watcher.mark_own(*changes.decisions)
            self.broadcast(changes, initiator)
        return changes

    def broadcast(self, changes: OpChanges, initiator: Any = None) -> None:
        self.bus.changes.emit(changes, initiator)


class DatabaseWatcher(QObject):
    """Polls the database for commits by other connections and broadcasts what they touched."""

    def __init__(self, store: Store, runner: OperationRunner, parent: QObject | None = None,
                 interval_ms: int = POLL_MS):
        super().__init__(parent)
        self.store, self.runner = store, runner
        runner.watcher = self
        self._version = log.data_version(store)
        self._seen = log.last_decision_id(store)
        self._own: list[tuple[int, int]] = []
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def mark_own(self, first: int, last: int) -> None:
        """Decisions this window wrote (and broadcast already): skipped when the log is next read."""
        self._own.append((first, last))

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> OpChanges | None:
        try:
            version = log.data_version(self.store)
        except Exception:  # the store was closed under us (database switched): stop quietly
            self.timer.stop()
            return None
        if version == self._version:
            if self._own:  # nobody else wrote: our own rows are all there is to skip
                self._seen = max(self._seen, max(last for _, last in self._own))
                self._own.clear()
            return None
        self._version = version
        rows = log.touched_since(self.store, self._seen)
        if not rows:
            return None
        self._seen = rows[-1]["id"]
        foreign = [r for r in rows if not any(a <= r["id"] <= b for a, b in self._own)]
        self._own = [(a, b) for a, b in self._own if b > self._seen]
        if not foreign:
            return None
        changes = from_decisions(foreign, kind="external", description="changed elsewhere")
        self.runner.broadcast(changes, self)
        return changes
