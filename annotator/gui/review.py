"""The review of one report, without Qt: the candidates shown, the decisions, and undo/redo over all of them.

The window drives a ReviewSession; the crash test drives the same object in a child process. Every method that
changes something calls the Store once (one transaction, its decision-log row included) and only then updates
what the window shows, so nothing is displayed as saved before it is committed. Edits name the version the
window showed; a ConflictError from the Store propagates to the caller, which tells the reviewer and reloads.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..domain import Argument, Event, Fact, Period
from ..store import Store, StoredDocument
from ..store.rows import event_snapshot, fact_snapshot
from . import spans

SUGGESTED_FIELDS = ("date", "date_precision", "end_date", "in_period", "location", "location_name", "admin1", "lat",
                    "lon", "location_precision", "actors", "actors_canonical", "targets", "counts", "direction")
Key = tuple[str, int]  # ("event" | "fact", id)
CommitListener = Callable[[str, str, int], None]  # (action, kind, id), called after each commit


@dataclass
class Item:
    """One reviewable thing in the report: an event candidate or a stated total."""
    kind: str  # "event" | "fact"
    obj: Event | Fact

    @property
    def key(self) -> Key:
        return (self.kind, self.obj.id)

    @property
    def start(self) -> int:
        return self.obj.start

    @property
    def end(self) -> int:
        return self.obj.end

    @property
    def status(self) -> str:
        return self.obj.status

    @property
    def version(self) -> int:
        return self.obj.version

    @property
    def label(self) -> str:
        from ..domain import EVENT_TYPES

        if self.kind == "fact":
            return f"Total: {self.obj.kind.replace('_', ' ')}"
        return EVENT_TYPES.get(self.obj.type, ("", "", "", "", self.obj.type))[4]


@dataclass
class Change:
    """One object's change: its content before and after (None for a creation / a deletion)."""
    kind: str
    id: int
    document_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class Step:
    """What one keystroke did (accept-all changes many objects); undone and redone as a whole."""
    description: str
    changes: list[Change] = field(default_factory=list)

    @property
    def document_id(self) -> int:
        return self.changes[0].document_id

    @property
    def focus(self) -> Key:
        return (self.changes[0].kind, self.changes[0].id)


class ReviewSession:
    def __init__(self, store: Store, reviewer: str, on_commit: CommitListener | None = None):
        self.store = store
        self.reviewer = reviewer
        self.on_commit = on_commit
        self.document: StoredDocument | None = None
        self.text = ""
        self.items: list[Item] = []
        self._index: dict[Key, int] = {}
        self.undo_stack: list[Step] = []
        self.redo_stack: list[Step] = []
        # The version each object has after this session's own last write to it. Undo and redo pass it as
        # expected_version, so they are refused when another window changed the object since.
        self._versions: dict[Key, int] = {}
        # The extraction pipeline, once the window has loaded it: fills in the fields of events the reviewer adds.
        self.extractor: Any = None

    # -- loading ----------------------------------------------------------------------------------------------

    def open(self, document_id: int) -> None:
        doc = self.store.document(document_id)
        self.document = doc
        self.text = self.store.document_text(document_id)
        self._load_items()

    def reload(self) -> None:
        if self.document is not None:
            self.open(self.document.id)

    def close(self) -> None:
        self.document, self.text, self.items, self._index = None, "", [], {}

    def _load_items(self) -> None:
        doc_id = self.document.id
        items = [Item("event", e) for e in self.store.events(doc_id)]
        items += [Item("fact", f) for f in self.store.facts(doc_id)]
        items.sort(key=lambda it: (it.start, it.end, it.kind, it.obj.id))
        self.items = items
        self._reindex()

    def _reindex(self) -> None:
        self._index = {it.key: i for i, it in enumerate(self.items)}

    def item(self, key: Key | None) -> Item | None:
        i = self._index.get(key) if key else None
        return self.items[i] if i is not None else None

    def position(self, key: Key | None) -> int:
        return self._index.get(key, -1) if key else -1

    def counts(self) -> dict[str, int]:
        """pending / accepted / rejected events of this report (as the document list shows them)."""
        out = {"pending": 0, "accepted": 0, "rejected": 0}
        for it in self.items:
            if it.kind == "event":
                out[it.status] += 1
        return out

    def progress(self) -> tuple[int, int]:
        """(decided, total) over events and stated totals of this report."""
        return sum(it.status != "pending" for it in self.items), len(self.items)

    def next_key(self, key: Key | None, step: int = 1, *, pending_only: bool = False) -> Key | None:
        if not self.items:
            return None
        i = self.position(key)
        n = len(self.items)
        if i < 0:
            i = -1 if step > 0 else n
        for _ in range(n):
            i += step
            if not 0 <= i < n:
                return None
            if not pending_only or self.items[i].status == "pending":
                return self.items[i].key
        return None

    # -- decisions --------------------------------------------------------------------------------------------

    def accept(self, key: Key) -> Item:
        it = self._require(key)
        if it.kind == "event":
            new = self.store.accept_event(it.obj.id, reviewer=self.reviewer, expected_version=it.version)
        else:
            new = self.store.accept_fact(it.obj.id, reviewer=self.reviewer, expected_version=it.version)
        return self._record("accept", it, new)

    def reject(self, key: Key, reason: str | None = None) -> Item:
        it = self._require(key)
        if it.kind == "event":
            new = self.store.reject_event(it.obj.id, reviewer=self.reviewer, reason=reason,
                                          expected_version=it.version)
        else:
            new = self.store.reject_fact(it.obj.id, reviewer=self.reviewer, reason=reason,
                                         expected_version=it.version)
        return self._record("reject", it, new)

    def edit(self, key: Key, changes: dict[str, Any], action: str = "edit") -> Item:
        it = self._require(key)
        if it.kind == "event":
            new = self.store.update_event(it.obj.id, changes, reviewer=self.reviewer,
                                          expected_version=it.version, action=action)
        else:
            new = self.store.update_fact(it.obj.id, changes, reviewer=self.reviewer,
                                         expected_version=it.version, action=action)
        return self._record(action, it, new)

    def set_span(self, key: Key, start: int, end: int) -> Item:
        """Move the evidence span; the evidence text follows the offsets."""
        start, end = spans.trim(self.text, start, end)
        if not 0 <= start < end <= len(self.text):
            raise ValueError("the span would be empty")
        return self.edit(key, {"start": start, "end": end, "evidence": self.text[start:end]}, action="span")

    def step_span(self, key: Key, *, start_words: int = 0, end_words: int = 0) -> Item | None:
        """Grow (negative start_words, positive end_words) or shrink a span by whole words; None when it cannot."""
        it = self._require(key)
        start = spans.step_start(self.text, it.start, it.end, start_words) if start_words else it.start
        end = spans.step_end(self.text, it.start, it.end, end_words) if end_words else it.end
        if (start, end) == (it.start, it.end):
            return None
        return self.set_span(key, start, end)

    def add_event(self, event_type: str, start: int, end: int) -> Item:
        """A reviewer's own event over a text selection, accepted (the reviewer vouches for it)."""
        if self.document is None:
            raise ValueError("no report is open")
        start, end = spans.trim(self.text, start, end)
        if start >= end:
            raise ValueError("select some text first")
        fields = self._suggested(event_type, start, end)
        ev = Event(type=event_type, start=start, end=end, evidence=self.text[start:end], origin="reviewer",
                   rule=None, confidence=1.0, status="accepted", **fields)
        created = self.store.add_event(self.document.id, ev, reviewer=self.reviewer)
        item = Item("event", created)
        self.items.append(item)
        self.items.sort(key=lambda i: (i.start, i.end, i.kind, i.obj.id))
        self._reindex()
        after = event_snapshot(created)
        self._versions[item.key] = created.version
        self._push(Step(f"add {event_type}", [Change("event", created.id, created.document_id, None, after)]))
        self._notify("add", item)
        return item

    def _suggested(self, event_type: str, start: int, end: int) -> dict[str, Any]:
        """Date, place, actors and counts the pipeline reads in the selection, to save the reviewer typing them."""
        if self.extractor is None or self.document is None:
            return {}
        doc = self.document
        period = Period(doc.period_start, doc.period_end) if doc.period_start else None
        try:
            found = self.extractor.extract(self.text[start:end], published=doc.published, period=period).events
        except Exception:  # a suggestion is a convenience: without it the event is added with empty fields
            return {}
        same = [e for e in found if e.type == event_type] or found
        if not same:
            return {}
        best = max(same, key=lambda e: (e.end - e.start, len(e.arguments)))
        fields = {k: getattr(best, k) for k in SUGGESTED_FIELDS}
        fields["arguments"] = [Argument(a.role, a.start + start, a.end + start, a.text, a.value, a.qualifier)
                               for a in best.arguments]
        if event_type != "convoy":
            fields["direction"] = None
        return fields

    def delete(self, key: Key) -> Item:
        """Delete a reviewer-added event (machine candidates are rejected instead, so the log says why)."""
        it = self._require(key)
        if it.kind != "event" or it.obj.origin != "reviewer":
            raise ValueError("only events you added can be deleted; reject a candidate instead")
        before = event_snapshot(it.obj)
        self.store.delete_event(it.obj.id, reviewer=self.reviewer, expected_version=it.version)
        self.items.remove(it)
        self._reindex()
        self._versions.pop(it.key, None)
        self._push(Step("delete", [Change("event", it.obj.id, it.obj.document_id, before, None)]))
        self._notify("delete", it)
        return it

    def accept_all(self) -> int:
        """Accept every pending item shown, in one transaction: all or nothing, each at the version shown."""
        pending = [it for it in self.items if it.status == "pending"]
        if not pending:
            return 0
        results = []
        with self.store.transaction():
            for it in pending:
                if it.kind == "event":
                    new = self.store.accept_event(it.obj.id, reviewer=self.reviewer, expected_version=it.version)
                else:
                    new = self.store.accept_fact(it.obj.id, reviewer=self.reviewer, expected_version=it.version)
                results.append((it, new))
        step = Step(f"accept {len(results)}")
        for it, new in results:
            step.changes.append(self._replace(it, new))
        self._push(step)
        for it, _ in results:
            self._notify("accept", self.item(it.key))
        return len(results)

    # -- undo / redo ------------------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def undo(self) -> Step | None:
        """Revert the last step (in whichever report it happened), writing to the database with action "undo"."""
        if not self.undo_stack:
            return None
        step = self.undo_stack[-1]
        try:
            with self.store.transaction():
                for ch in reversed(step.changes):
                    self._revert(ch)
        except Exception:
            self.undo_stack.pop()  # a step that conflicts now will conflict forever: drop it
            raise
        self.redo_stack.append(self.undo_stack.pop())
        self._after_history(step, "undo")
        return step

    def redo(self) -> Step | None:
        if not self.redo_stack:
            return None
        step = self.redo_stack[-1]
        try:
            with self.store.transaction():
                for ch in step.changes:
                    self._reapply(ch)
        except Exception:
            self.redo_stack.pop()
            raise
        self.undo_stack.append(self.redo_stack.pop())
        self._after_history(step, "redo")
        return step

    def _revert(self, ch: Change) -> None:
        if ch.before is None:  # a creation: remove it again
            self._delete(ch, "undo")
        else:
            self._restore(ch, ch.before, "undo")

    def _reapply(self, ch: Change) -> None:
        if ch.after is None:  # a deletion
            self._delete(ch, "redo")
        else:
            self._restore(ch, ch.after, "redo")

    def _delete(self, ch: Change, action: str) -> None:
        key = (ch.kind, ch.id)
        version = self._versions.get(key)
        if ch.kind == "event":
            self.store.delete_event(ch.id, reviewer=self.reviewer, expected_version=version, action=action)
        else:
            self.store.delete_fact(ch.id, reviewer=self.reviewer, expected_version=version, action=action)
        self._versions.pop(key, None)

    def _restore(self, ch: Change, snapshot: dict[str, Any], action: str) -> None:
        key = (ch.kind, ch.id)
        version = self._versions.get(key)
        if ch.kind == "event":
            res = self.store.restore_event(snapshot, reviewer=self.reviewer, action=action, expected_version=version)
        else:
            res = self.store.restore_fact(snapshot, reviewer=self.reviewer, action=action, expected_version=version)
        self._versions[key] = res.version

    def _after_history(self, step: Step, action: str) -> None:
        if self.document is not None and self.document.id == step.document_id:
            self._load_items()
        for ch in step.changes:
            if self.on_commit:
                self.on_commit(action, ch.kind, ch.id)

    # -- helpers ----------------------------------------------------------------------------------------------

    def _require(self, key: Key | None) -> Item:
        it = self.item(key)
        if it is None:
            raise ValueError("nothing selected")
        return it

    def _replace(self, it: Item, new: Event | Fact) -> Change:
        snap = event_snapshot if it.kind == "event" else fact_snapshot
        change = Change(it.kind, new.id, new.document_id, snap(it.obj), snap(new))
        self._versions[it.key] = new.version
        i = self._index[it.key]
        self.items[i] = Item(it.kind, new)
        if (it.start, it.end) != (new.start, new.end):
            self.items.sort(key=lambda x: (x.start, x.end, x.kind, x.obj.id))
            self._reindex()
        return change

    def _record(self, action: str, it: Item, new: Event | Fact) -> Item:
        change = self._replace(it, new)
        self._push(Step(action, [change]))
        item = self.item(it.key)
        self._notify(action, item)
        return item

    def _push(self, step: Step) -> None:
        self.undo_stack.append(step)
        self.redo_stack.clear()

    def _notify(self, action: str, item: Item) -> None:
        if self.on_commit:
            self.on_commit(action, item.kind, item.obj.id)

