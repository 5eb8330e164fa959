"""The review of one report, without Qt: the candidates shown and the operations on them.

The window and the crash test drive a ReviewSession. Each operation goes through ReviewOps (one transaction,
its decision-log rows and its review step) and only then does the session re-read what changed, so nothing is
shown as saved before it is committed, and what is shown is what the database holds. Edits name the version
the session showed; a ConflictError propagates to the caller, which tells the reviewer and reloads.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain import EVENT_TYPES, Argument, Event, Fact, Period
from ..store import Store, StoredDocument
from . import spans
from .changes import Key, OpChanges
from .operations import NothingToDo, ReviewOps

SUGGESTED_FIELDS = ("date", "date_precision", "end_date", "in_period", "location", "location_name", "admin1", "lat",
                    "lon", "location_precision", "actors", "actors_canonical", "targets", "counts", "direction")


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
    def flags(self) -> list[str]:
        """Why an event needs a second look before a bulk accept: dated outside the period, or not dated."""
        if self.kind != "event":
            return []
        if not self.obj.date:
            return ["no date"]
        return ["outside the period"] if self.obj.in_period is False else []

    @property
    def label(self) -> str:
        if self.kind == "fact":
            return f"Total: {self.obj.kind.replace('_', ' ')}"
        return EVENT_TYPES.get(self.obj.type, ("", "", "", "", self.obj.type))[4]


def _order(it: Item) -> tuple:
    return (it.start, it.end, it.kind, it.obj.id)


class ReviewSession:
    def __init__(self, store: Store, reviewer: str):
        self.store = store
        self.ops = ReviewOps(store, reviewer)
        self.document: StoredDocument | None = None
        self.text = ""
        self.items: list[Item] = []
        self._index: dict[Key, int] = {}
        # The extraction pipeline, once the window has loaded it: fills in the fields of events the reviewer adds.
        self.extractor: Any = None

    @property
    def reviewer(self) -> str:
        return self.ops.reviewer

    @reviewer.setter
    def reviewer(self, name: str) -> None:
        self.ops.set_reviewer(name)

    # -- loading ----------------------------------------------------------------------------------------------

    @property
    def document_id(self) -> int | None:
        return self.document.id if self.document is not None else None

    def open(self, document_id: int) -> None:
        self.document = self.store.document(document_id)
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
        items.sort(key=_order)
        self.items = items
        self._reindex()

    def _reindex(self) -> None:
        self._index = {it.key: i for i, it in enumerate(self.items)}

    def apply(self, changes: OpChanges) -> bool:
        """Re-read what the changes name in the open report; True when anything shown changed."""
        if self.document is None or not changes.touches(self.document.id):
            return False
        if changes.everything or changes.document_list or changes.external:
            # Re-extraction or another window: candidates may have come and gone without a row of their own.
            try:
                self.open(self.document.id)
            except Exception:  # the report was deleted elsewhere
                self.close()
            return True
        doc_id = self.document.id
        fresh = [Item("event", e) for e in self.store.events(ids=sorted(changes.events)) if e.document_id == doc_id]
        fresh += [Item("fact", f) for f in self.store.facts(ids=sorted(changes.facts)) if f.document_id == doc_id]
        gone = {("event", i) for i in changes.events} | {("fact", i) for i in changes.facts}
        self.items = [it for it in self.items if it.key not in gone] + fresh
        self.items.sort(key=_order)
        self._reindex()
        return True

    def item(self, key: Key | None) -> Item | None:
        i = self._index.get(tuple(key)) if key else None
        return self.items[i] if i is not None else None

    def position(self, key: Key | None) -> int:
        return self._index.get(tuple(key), -1) if key else -1

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

    # -- operations (each returns the OpChanges, after the session shows them) --------------------------------

    def _done(self, changes: OpChanges) -> OpChanges:
        self.apply(changes)
        return changes

    def accept(self, key: Key) -> OpChanges:
        it = self._require(key)
        return self._done(self.ops.accept(it.key, it.version, self.document.id))

    def reject(self, key: Key, reason: str | None = None) -> OpChanges:
        it = self._require(key)
        return self._done(self.ops.reject(it.key, it.version, self.document.id, reason))

    def edit(self, key: Key, changes: dict[str, Any], action: str = "edit") -> OpChanges:
        it = self._require(key)
        return self._done(self.ops.edit(it.key, it.version, self.document.id, changes, text=self.text,
                                        action=action))

    def set_span(self, key: Key, start: int, end: int) -> OpChanges:
        """Move the evidence span; the evidence text follows the offsets."""
        it = self._require(key)
        start, end = spans.trim(self.text, start, end)
        return self._done(self.ops.set_span(it.key, it.version, self.document.id, self.text, start, end))

    def step_span(self, key: Key, *, start_words: int = 0, end_words: int = 0) -> OpChanges | None:
        """Grow (negative start_words, positive end_words) or shrink a span by whole words; None when it cannot."""
        it = self._require(key)
        start = spans.step_start(self.text, it.start, it.end, start_words) if start_words else it.start
        end = spans.step_end(self.text, it.start, it.end, end_words) if end_words else it.end
        if (start, end) == (it.start, it.end):
            return None
        return self.set_span(key, start, end)

    def add_event(self, event_type: str, start: int, end: int) -> OpChanges:
        """A reviewer's own event over a text selection, accepted (the reviewer vouches for it)."""
        if self.document is None:
            raise ValueError("no report is open")
        start, end = spans.trim(self.text, start, end)
        if start >= end:
            raise ValueError("select some text first")
        fields = self._suggested(event_type, start, end)
        ev = Event(type=event_type, start=start, end=end, evidence=self.text[start:end], origin="reviewer",
                   rule=None, confidence=1.0, status="accepted", **fields)
        return self._done(self.ops.add_event(self.document.id, ev))

    def add_fact(self, kind: str, value: Any, start: int, end: int) -> OpChanges:
        """A stated total the extractor missed, over a text selection, accepted."""
        if self.document is None:
            raise ValueError("no report is open")
        start, end = spans.trim(self.text, start, end)
        if start >= end:
            raise ValueError("select the sentence that states the total first")
        fact = Fact(kind=kind, value=value, start=start, end=end, evidence=self.text[start:end], origin="reviewer",
                    confidence=1.0, status="accepted")
        return self._done(self.ops.add_fact(self.document.id, fact))

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

    def delete(self, key: Key) -> OpChanges:
        """Delete a reviewer-added event (machine candidates are rejected instead, so the log says why)."""
        it = self._require(key)
        if it.kind != "event" or it.obj.origin != "reviewer":
            raise ValueError("only events you added can be deleted; reject a candidate instead")
        return self._done(self.ops.delete(it.key, it.version, self.document.id))

    def pending(self, *, include_flagged: bool = False) -> list[Item]:
        return [it for it in self.items if it.status == "pending" and (include_flagged or not it.flags)]

    def accept_all(self, *, include_flagged: bool = False) -> OpChanges:
        """Accept the pending items shown, in one transaction, each at the version shown. Events dated outside
        the period or not dated are left for a look of their own unless include_flagged."""
        items = self.pending(include_flagged=include_flagged)
        if not items:
            raise NothingToDo("nothing pending to accept" + ("" if include_flagged else " (flagged ones aside)"))
        return self._done(self.ops.accept_all(self.document.id, [(it.key, it.version) for it in items]))

    # -- undo / redo ------------------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return self.ops.can_undo

    @property
    def can_redo(self) -> bool:
        return self.ops.can_redo

    def undo(self) -> OpChanges:
        """Revert the reviewer's last step (in whichever report, whenever it happened)."""
        return self._done(self.ops.undo())

    def redo(self) -> OpChanges:
        return self._done(self.ops.redo())

    def _require(self, key: Key | None) -> Item:
        it = self.item(key)
        if it is None:
            raise ValueError("nothing selected")
        return it
