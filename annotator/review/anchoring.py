"""Keeping argument spans true to edited values.

When a reviewer edits a count, place, date, actor or target, its argument span must follow, or the BRAT and
spaCy exports train on the old text ("20 trucks" after the count became 22). The new value is looked for in the
event's evidence: found, the span moves there; not found, the old span is dropped (the value is then the
reviewer's, with no text to point at) and the caller is told which roles lost their span.
"""
from __future__ import annotations

import re
from typing import Any

from ..domain import COUNT_FIELDS, Argument, Count, Event

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty",
         90: "ninety"}


def number_forms(n: int) -> list[str]:
    """How a report may write a number: digits (with or without a thousands comma) and, below 100, in words."""
    forms = [str(n), f"{n:,}"]
    if 0 <= n < 20:
        forms.append(_UNITS[n])
    elif n < 100:
        tens, unit = _TENS[n - n % 10], n % 10
        forms += [tens] if unit == 0 else [f"{tens}-{_UNITS[unit]}", f"{tens} {_UNITS[unit]}"]
    return list(dict.fromkeys(forms))


def _find(text: str, start: int, end: int, forms: list[str],
          taken: list[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The first whole-word occurrence of any form inside text[start:end], as document offsets, outside the
    spans other arguments hold (the 23 of "August 23" is a date, not a count)."""
    best = None
    for form in forms:
        if not form:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text[start:end], re.IGNORECASE):
            s, e = start + m.start(), start + m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if best is None or s < best[0]:
                best = (s, e)
            break
    return best


def _with_unit(text: str, span: tuple[int, int], old: Argument | None) -> tuple[int, int]:
    """Keep the noun the old count span carried ("20 trucks" -> "22 trucks") when the text has it."""
    if old is None:
        return span
    m = re.match(r"^\s*[\w,.-]+(\s+\w+)$", old.text)
    if m and text[span[1]:span[1] + len(m.group(1))].lower() == m.group(1).lower():
        return span[0], span[1] + len(m.group(1))
    return span


def reanchor(text: str, ev: Event, changes: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Changes plus the re-anchored "arguments"; and the roles whose value is no longer in the evidence."""
    if "arguments" in changes:
        return changes, []
    args = list(ev.arguments)
    start = changes.get("start", ev.start)
    end = changes.get("end", ev.end)
    unanchored: list[str] = []
    touched = False

    def replace_role(role: str, new: list[Argument]) -> None:
        nonlocal args, touched
        args = [a for a in args if a.role != role] + new
        touched = True

    for role in COUNT_FIELDS:
        if role not in changes:
            continue
        value = changes[role]
        old = next((a for a in ev.arguments if a.role == role), None)
        if value is None:
            replace_role(role, [])
            continue
        count = value if isinstance(value, Count) else Count(int(value), "exact")
        taken = [(a.start, a.end) for a in args if a.role not in (role, "trigger")]
        found = _find(text, start, end, number_forms(count.value), taken)
        if found:
            s, e = _with_unit(text, found, old)
            replace_role(role, [Argument(role, s, e, text[s:e], str(count.value), count.qualifier)])
        else:
            replace_role(role, [])
            unanchored.append(role)
    if "location" in changes:
        place = changes["location"]
        found = _find(text, start, end, [place, changes.get("location_name") or ""]) if place else None
        new = [Argument("location", found[0], found[1], text[found[0]:found[1]],
                        changes.get("location_name") or place)] if found else []
        replace_role("location", new)
        if place and not found:
            unanchored.append("location")
    if "date" in changes:
        old = next((a for a in ev.arguments if a.role == "date"), None)
        iso = changes["date"]
        if old is not None and iso and old.value != iso:
            # A date is written many ways ("August 24", "the following day"): the old words no longer say it.
            replace_role("date", [])
            unanchored.append("date")
        elif iso is None:
            replace_role("date", [])
    for role, key in (("actor", "actors"), ("target", "targets")):
        if key not in changes:
            continue
        new, missing = [], []
        for name in changes[key]:
            found = _find(text, start, end, [name])
            if found:
                new.append(Argument(role, found[0], found[1], text[found[0]:found[1]], name))
            else:
                missing.append(name)
        replace_role(role, new)
        if missing:
            unanchored.append(role)
    if not touched:
        return changes, []
    args.sort(key=lambda a: (a.start, a.end, a.role))
    return {**changes, "arguments": args}, unanchored
