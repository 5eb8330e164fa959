"""Stated totals against itemised events, one report at a time.

A report states totals for its own window ("250 trucks ... in six batches", "six joint security operations ...
arresting six"); the check compares each accepted stated total with the sum of that report's accepted events in
the same window. Trucks and batches count ENTERING convoys only: a convoy leaving the country or moving inside it
is not one of the batches the report totals.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..domain import Event, Fact
from . import words

SECURITY_TYPES = ("security_operation", "arrest")

Ref = Callable[[Any], str]  # event or fact -> its label ("E3", "S1")


def entering_convoys(events: list[Event]) -> list[Event]:
    return [e for e in events if e.type == "convoy" and e.direction == "entering"]


def _check(fact: Fact, itemised: Any, status: str, message: str, items: list[Event], ref: Ref) -> dict[str, Any]:
    return {"kind": fact.kind, "stated": fact.value, "stated_qualifier": fact.qualifier, "itemised": itemised,
            "status": status, "flagged": status != "ok", "message": message,
            "refs": [ref(fact)] + [ref(e) for e in items]}


def _compare(stated: int, itemised: int, carriers: int) -> str:
    if carriers == 0:
        return "not_itemised"
    return "ok" if stated == itemised else "mismatch"


def check_trucks(fact: Fact, events: list[Event], ref: Ref) -> dict[str, Any]:
    convoys = entering_convoys(events)
    counted = [e for e in convoys if e.count("trucks") is not None]
    total = sum(e.count("trucks") for e in counted)
    status = _compare(fact.value, total, len(counted))
    undirected = sum(1 for e in events if e.type == "convoy" and not e.direction)
    if status == "not_itemised":
        message = (f"stated {fact.value} trucks, but no entering convoy itemises a truck count"
                   f" ({words.plural(len(convoys), 'entering convoy')} itemised)")
    elif status == "ok":
        message = f"stated {fact.value} trucks, {total} itemised in entering convoys"
    else:
        message = f"stated {fact.value} trucks but {total} itemised (entering convoys only)"
    missing = len(convoys) - len(counted)
    if missing and status != "not_itemised":
        message += f"; {words.plural(missing, 'entering convoy')} without a truck count"
    if undirected:
        message += f"; {words.plural(undirected, 'convoy')} without a direction not counted"
    return _check(fact, total, status, message, counted, ref)


def check_batches(fact: Fact, events: list[Event], ref: Ref) -> dict[str, Any]:
    dated = [e for e in entering_convoys(events) if e.date]
    status = "ok" if len(dated) == fact.value else ("not_itemised" if not dated else "mismatch")
    message = f"{words.plural(fact.value, 'batch', 'batches')} stated, {words.number(len(dated))} dated"
    return _check(fact, len(dated), status, message, dated, ref)


def check_batch_dates(fact: Fact, events: list[Event], ref: Ref) -> dict[str, Any]:
    stated = sorted(fact.value or [])
    convoys = [e for e in entering_convoys(events) if e.date]
    itemised = sorted({e.date for e in convoys})
    missing = [d for d in stated if d not in itemised]
    extra = [d for d in itemised if d not in stated]
    parts = []
    if missing:
        parts.append(f"stated batch {'date' if len(missing) == 1 else 'dates'} without an itemised entering "
                     f"convoy: {words.days(missing)}")
    if extra:
        parts.append(f"entering convoys on dates not stated: {words.days(extra)}")
    status = "ok" if not parts else ("not_itemised" if not itemised else "mismatch")
    message = "; ".join(parts) if parts else f"all {words.number(len(stated))} stated batch dates itemised"
    return _check(fact, itemised, status, message, convoys, ref)


def check_joint_operations(fact: Fact, events: list[Event], ref: Ref) -> dict[str, Any]:
    ops = [e for e in events if e.type == "security_operation"]
    status = "ok" if len(ops) == fact.value else ("not_itemised" if not ops else "mismatch")
    message = (f"{words.plural(fact.value, 'joint security operation')} stated, "
               f"{words.number(len(ops))} itemised")
    return _check(fact, len(ops), status, message, ops, ref)


def _count_check(fact: Fact, events: list[Event], ref: Ref, field: str, types: tuple[str, ...],
                 what: str) -> dict[str, Any]:
    carriers = [e for e in events if e.type in types and e.count(field) is not None]
    total = sum(e.count(field) for e in carriers)
    status = _compare(fact.value, total, len(carriers))
    itemised = words.number(total) if carriers else "none"
    message = f"{words.number(fact.value)} {field} stated, {itemised} itemised ({what})"
    return _check(fact, total, status, message, carriers, ref)


def check_arrested(fact: Fact, events: list[Event], ref: Ref) -> dict[str, Any]:
    return _count_check(fact, events, ref, "arrested", SECURITY_TYPES, "security operations and arrests")


def check_killed(fact: Fact, events: list[Event], ref: Ref) -> dict[str, Any]:
    return _count_check(fact, events, ref, "killed", ("security_operation",), "security operations")


CHECKS: dict[str, Callable[[Fact, list[Event], Ref], dict[str, Any]]] = {
    "trucks": check_trucks,
    "batches": check_batches,
    "batch_dates": check_batch_dates,
    "joint_operations": check_joint_operations,
    "arrested": check_arrested,
    "killed": check_killed,
}


def document_checks(facts: list[Fact], events: list[Event], ref: Ref) -> list[dict[str, Any]]:
    """Checks of one report: `facts` its accepted stated totals, `events` its accepted events in its window."""
    out = []
    order = list(CHECKS)
    for fact in sorted(facts, key=lambda f: (order.index(f.kind) if f.kind in order else len(order), f.start)):
        check = CHECKS.get(fact.kind)
        if check is not None and fact.value is not None:
            out.append(check(fact, events, ref))
    return out
