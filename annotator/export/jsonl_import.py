"""Restoring review decisions from a JSONL line written by export/jsonl.py, or from a plain Prodigy task.

The import stores the report and its fresh machine candidates first; `restore_decisions` then makes the stored
events and stated totals agree with the line:
- an item of the line that a stored one matches (same type or kind, same offsets) takes the line's fields,
  status, reviewer and review time;
- an item no stored one matches is added;
- when the line was exported with every status (`_annotator.status_filter == "all"`) it is the complete record
  of the report, so pending machine candidates it does not hold are removed; otherwise they stay for review.
Everything runs in one transaction, and each change is logged as "import" by the importing reviewer.

A plain Prodigy task (no "events" frames: Prodigy's own output, or another tool's) is matched span by span
(`restore_prodigy`): a span labelled with one of our event types is the stored candidate of that type whose
trigger it covers (or, failing that, whose evidence contains it), so importing never duplicates the pending
machine candidates; the task's answer decides (accept -> accepted, reject -> rejected, ignore -> unchanged),
by the task's `_annotator_id` when Prodigy recorded one. A span that matches no candidate becomes a new event.
Labels that are not event types are counted by name in the returned `unknown_labels`, for the import to report.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict, deque
from typing import Any, Callable, Hashable, Sequence, TypeVar

from ..domain import EVENT_TYPES, Argument, Count, Event, Fact
from ..store import Store
from ..store.rows import event_snapshot, fact_snapshot
from .selection import STATUS_OF_ANSWER

_EVENT_FIELDS = {f.name for f in dataclasses.fields(Event)} - {"id", "document_id", "version", "counts", "arguments"}
_FACT_FIELDS = {f.name for f in dataclasses.fields(Fact)} - {"id", "document_id", "version"}


def _status(obj: dict[str, Any], default: str = "pending") -> str:
    if obj.get("status") in ("pending", "accepted", "rejected"):
        return obj["status"]
    return STATUS_OF_ANSWER.get(obj.get("answer"), default)


def event_from_obj(obj: dict[str, Any], text: str) -> Event:
    fields = {k: obj[k] for k in _EVENT_FIELDS if k in obj and obj[k] is not None}
    start, end = int(obj["start"]), int(obj["end"])
    fields.update(start=start, end=end, evidence=obj.get("evidence") or text[start:end], status=_status(obj))
    counts = {}
    for k, c in (obj.get("counts") or {}).items():
        counts[k] = Count(int(c["value"]), c.get("qualifier") or "exact") if isinstance(c, dict) else Count(int(c))
    args = [Argument(role=a["role"], start=int(a["start"]), end=int(a["end"]), text=a.get("text") or
                     text[int(a["start"]):int(a["end"])], value=a.get("value"), qualifier=a.get("qualifier"))
            for a in obj.get("arguments") or []]
    fields.setdefault("origin", "import")
    return Event(counts=counts, arguments=args, **fields)


def fact_from_obj(obj: dict[str, Any], text: str) -> Fact:
    fields = {k: obj[k] for k in _FACT_FIELDS if k in obj and obj[k] is not None}
    start, end = int(obj["start"]), int(obj["end"])
    fields.update(start=start, end=end, evidence=obj.get("evidence") or text[start:end], status=_status(obj))
    fields.setdefault("origin", "import")
    return Fact(**fields)


def _events_of_line(line: dict[str, Any], text: str) -> list[Event]:
    return [event_from_obj(e, text) for e in line["events"]]


T = TypeVar("T")


def pair_stored(stored: Sequence[T], targets: Sequence[T], key: Callable[[T], Hashable]) -> list[T | None]:
    """For each target in order, the first stored item of the same key not yet paired, or None.

    Each stored item stands for at most one target. Stored items are indexed by key once, so the pairing is
    linear: the former scan of every stored item for every target took 5.3 s of a 22 s import at 2,000 events
    and held the write transaction 46 s at 6,000."""
    queues: dict[Hashable, deque[T]] = defaultdict(deque)
    for item in stored:
        queues[key(item)].append(item)
    out: list[T | None] = []
    for target in targets:
        queue = queues.get(key(target))
        out.append(queue.popleft() if queue else None)
    return out


def _event_key(e: Event) -> tuple[str, int, int]:
    return (e.type, e.start, e.end)


def _fact_key(f: Fact) -> tuple[str, int, int]:
    return (f.kind, f.start, f.end)


def _same(a: Event, b: Event) -> bool:
    keep = lambda e: event_snapshot(dataclasses.replace(e, id=None, document_id=None, version=0))  # noqa: E731
    return keep(a) == keep(b)


def restore_decisions(store: Store, document_id: int, line_obj: dict[str, Any], reviewer: str) -> dict[str, int]:
    """Make the stored events and totals of `document_id` agree with `line_obj`; returns what changed."""
    if not isinstance(line_obj.get("events"), list):
        return restore_prodigy(store, document_id, line_obj, reviewer)
    text = store.document_text(document_id)
    stats = {"updated": 0, "added": 0, "unchanged": 0, "removed": 0, "facts_updated": 0, "facts_added": 0,
             "facts_unchanged": 0}
    complete = (line_obj.get("_annotator") or {}).get("status_filter") == "all"
    with store.transaction():
        stored = store.events(document_id)
        used: set[int] = set()
        targets = _events_of_line(line_obj, text)
        for target in targets:
            if not (0 <= target.start <= target.end <= len(text)):
                raise ValueError(f"event {target.type} {target.start}..{target.end} lies outside the text "
                                 f"of document {document_id}")
        for target, match in zip(targets, pair_stored(stored, targets, _event_key)):
            if match is None:
                match = store.add_event(document_id, target, reviewer=reviewer, action="import")
                stats["added"] += 1
            elif _same(match, target):
                used.add(match.id)
                stats["unchanged"] += 1
                continue
            else:
                stats["updated"] += 1
            used.add(match.id)
            # restore_event writes the snapshot as it is, so the original reviewer and review time survive.
            snap = event_snapshot(dataclasses.replace(target, id=match.id, document_id=document_id,
                                                      version=match.version))
            store.restore_event(snap, reviewer=reviewer, action="import")
        if complete:
            for e in stored:
                if e.id not in used and e.status == "pending" and e.origin in ("rules", "model"):
                    store.delete_event(e.id, reviewer=reviewer, action="import")
                    stats["removed"] += 1

        stored_facts = store.facts(document_id)
        used_facts: set[int] = set()
        fact_targets = [fact_from_obj(obj, text) for obj in line_obj.get("facts") or []]
        for target, match in zip(fact_targets, pair_stored(stored_facts, fact_targets, _fact_key)):
            if match is None:
                match = store.add_fact(document_id, target, reviewer=reviewer, action="import")
                stats["facts_added"] += 1
            else:
                same = fact_snapshot(dataclasses.replace(match, id=None, document_id=None, version=0)) == \
                    fact_snapshot(dataclasses.replace(target, id=None, document_id=None, version=0))
                if same:
                    used_facts.add(match.id)
                    stats["facts_unchanged"] += 1
                    continue
                stats["facts_updated"] += 1
            used_facts.add(match.id)
            snap = fact_snapshot(dataclasses.replace(target, id=match.id, document_id=document_id,
                                                     version=match.version))
            store.restore_fact(snap, reviewer=reviewer, action="import")
        if complete:
            for f in stored_facts:
                if f.id not in used_facts and f.status == "pending" and f.origin in ("rules", "model"):
                    store.delete_fact(f.id, reviewer=reviewer, action="import")
                    stats["removed"] += 1
    return stats


PRODIGY_STATUS = {"accept": "accepted", "reject": "rejected"}


class ProdigyCandidates:
    """The candidate a span stands for: same type, trigger covered (exactly first), else evidence containing it.

    The exact trigger match, what our own export gives back, is looked up in an index (stored order kept); only
    a span without one scans the candidates of its type, as every span once scanned every candidate."""

    def __init__(self, stored: Sequence[Event]):
        from .spans import trigger_span

        self._trigger = trigger_span
        self._by_type: dict[str, list[Event]] = defaultdict(list)
        self._exact: dict[tuple[str, int, int], deque[Event]] = defaultdict(deque)
        for e in stored:
            self._by_type[e.type].append(e)
            self._exact[(e.type, *trigger_span(e))].append(e)

    def match(self, used: set[int], label: str, start: int, end: int) -> Event | None:
        queue = self._exact.get((label, start, end))
        while queue and queue[0].id in used:  # taken meanwhile (by a looser match): never offered again
            queue.popleft()
        if queue:
            return queue[0]
        trig = self._trigger
        same = [e for e in self._by_type.get(label, ()) if e.id not in used]
        for test in (lambda e: start <= trig(e)[0] and trig(e)[1] <= end,
                     lambda e: trig(e)[0] <= start and end <= trig(e)[1],
                     lambda e: e.start <= start and end <= e.end):
            hit = next((e for e in same if test(e)), None)
            if hit is not None:
                return hit
        return None


def restore_prodigy(store: Store, document_id: int, task: dict[str, Any], reviewer: str) -> dict[str, Any]:
    """Apply a plain Prodigy task's spans and answer to the stored candidates (see the module docstring)."""
    text = store.document_text(document_id)
    stats: dict[str, Any] = {"updated": 0, "added": 0, "unchanged": 0, "removed": 0, "unknown_labels": {}}
    status = PRODIGY_STATUS.get(task.get("answer"))
    who = task.get("_annotator_id") or reviewer
    with store.transaction():
        candidates = ProdigyCandidates(store.events(document_id))
        used: set[int] = set()
        for span in task.get("spans") or []:
            label = span.get("label")
            if label not in EVENT_TYPES:
                stats["unknown_labels"][str(label)] = stats["unknown_labels"].get(str(label), 0) + 1
                continue
            start, end = int(span["start"]), int(span["end"])
            if not (0 <= start < end <= len(text)):
                raise ValueError(f"span {label} {start}..{end} lies outside the text of document {document_id}")
            match = candidates.match(used, label, start, end)
            if match is None:
                ev = Event(type=label, start=start, end=end, evidence=text[start:end], origin="import",
                           status=status or "pending",
                           arguments=[Argument(role="trigger", start=start, end=end, text=text[start:end])])
                added = store.add_event(document_id, ev, reviewer=who, action="import")
                used.add(added.id)
                stats["added"] += 1
                continue
            used.add(match.id)
            if status is None or match.status == status:
                stats["unchanged"] += 1
            elif status == "accepted":
                store.accept_event(match.id, reviewer=who)
                stats["updated"] += 1
            else:
                store.reject_event(match.id, reviewer=who, reason="rejected in Prodigy")
                stats["updated"] += 1
    return stats
