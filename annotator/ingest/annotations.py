"""The shape of the annotations a JSONL line carries (spans, events, facts, answer, _annotator), checked when the
line is read, so a wrong type is a one-line message naming the line and the field, never a traceback later
(an event whose "lat" is a word used to be stored and then break the GeoJSON export).
"""
from __future__ import annotations

import dataclasses
import functools
import math
import types
import typing

from annotator.domain import EVENT_TYPES, Event, Fact

from .errors import UnreadableInput

_STATUSES = ("pending", "accepted", "rejected")
_OFFSETS = ("start", "end")
_RANGES = {"lat": 90.0, "lon": 180.0}


def check_annotations(carried: dict, text_length: int) -> None:
    """UnreadableInput naming the first field of the carried annotations that has the wrong type or range."""
    if "_annotator" in carried and not isinstance(carried["_annotator"], (dict, type(None))):
        raise UnreadableInput(f'"_annotator" is {_kind(carried["_annotator"])}, not an object')
    if "answer" in carried and not isinstance(carried["answer"], (str, type(None))):
        raise UnreadableInput(f'"answer" is {_kind(carried["answer"])}, not a string')
    for key, check in (("spans", _check_span), ("events", _check_event), ("facts", _check_fact)):
        items = carried.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise UnreadableInput(f'"{key}" is {_kind(items)}, not an array')
        for i, item in enumerate(items):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                raise UnreadableInput(f"{where} is {_kind(item)}, not an object")
            check(item, where, text_length)


def _check_span(span: dict, where: str, n: int) -> None:
    _offsets(span, where, n)
    if not isinstance(span.get("label"), (str, type(None))):
        raise UnreadableInput(f"{where}.label is {_kind(span['label'])}, not a string")


def _check_event(event: dict, where: str, n: int) -> None:
    if event.get("type") not in EVENT_TYPES:
        raise UnreadableInput(f"{where}.type {_short(event.get('type'))} is not an event type "
                              f"({', '.join(EVENT_TYPES)})")
    _offsets(event, where, n)
    _fields(event, where, Event, skip={"counts", "arguments", "start", "end", "id", "document_id", "version"})
    if "status" in event and event["status"] is not None and event["status"] not in _STATUSES:
        raise UnreadableInput(f"{where}.status {_short(event['status'])} is not one of {', '.join(_STATUSES)}")
    counts = event.get("counts")
    if counts is not None:
        if not isinstance(counts, dict):
            raise UnreadableInput(f"{where}.counts is {_kind(counts)}, not an object")
        for name, c in counts.items():
            value = c.get("value") if isinstance(c, dict) else c
            if not _is_int(value):
                raise UnreadableInput(f"{where}.counts.{name} is {_kind(value)}, not a whole number")
    arguments = event.get("arguments")
    if arguments is not None:
        if not isinstance(arguments, list):
            raise UnreadableInput(f"{where}.arguments is {_kind(arguments)}, not an array")
        for j, arg in enumerate(arguments):
            if not isinstance(arg, dict) or not isinstance(arg.get("role"), str):
                raise UnreadableInput(f"{where}.arguments[{j}] needs a string \"role\"")
            _offsets(arg, f"{where}.arguments[{j}]", n)
            for key in ("text", "value", "qualifier"):
                if not isinstance(arg.get(key), (str, type(None))):
                    raise UnreadableInput(f"{where}.arguments[{j}].{key} is {_kind(arg[key])}, not a string")


def _check_fact(fact: dict, where: str, n: int) -> None:
    if not isinstance(fact.get("kind"), str):
        raise UnreadableInput(f"{where}.kind is {_kind(fact.get('kind'))}, not a string")
    _offsets(fact, where, n)
    value = fact.get("value")
    if not (_is_int(value) or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
        raise UnreadableInput(f"{where}.value is {_kind(value)}, not a whole number or a list of dates")
    _fields(fact, where, Fact, skip={"kind", "value", "start", "end", "id", "document_id", "version"})


@functools.cache
def _hints(cls) -> dict:
    """Once per class: get_type_hints evaluates the string annotations again on each call (1 ms per event)."""
    return typing.get_type_hints(cls)


def _fields(obj: dict, where: str, cls, skip: set[str]) -> None:
    """Each field the dataclass knows must have its declared type (str, float, bool, list[str]) or be null."""
    hints = _hints(cls)
    for f in dataclasses.fields(cls):
        if f.name in skip or f.name not in obj or obj[f.name] is None:
            continue
        value, hint = obj[f.name], hints[f.name]
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        ok = False
        for t in args:
            if t is float:
                ok = ok or (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
                            and abs(value) <= _RANGES.get(f.name, math.inf))
            elif t is int:
                ok = ok or _is_int(value)
            elif t in (str, bool):
                ok = ok or isinstance(value, t)
            elif typing.get_origin(t) is list:
                ok = ok or (isinstance(value, list) and all(isinstance(v, str) for v in value))
            elif t is type(None):
                continue
            else:
                ok = True
        if not ok:
            limit = f" within ±{_RANGES[f.name]:g}" if f.name in _RANGES else ""
            raise UnreadableInput(f"{where}.{f.name} is {_short(value)}, not {_expected(args)}{limit}")


def _offsets(obj: dict, where: str, n: int) -> None:
    for key in _OFFSETS:
        if not _is_int(obj.get(key)):
            raise UnreadableInput(f"{where}.{key} is {_kind(obj.get(key))}, not a whole number")
    if not 0 <= obj["start"] <= obj["end"] <= n:
        raise UnreadableInput(f"{where}: span {obj['start']}..{obj['end']} lies outside the text (0..{n})")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _expected(args) -> str:
    names = {float: "a finite number", int: "a whole number", str: "a string", bool: "true or false"}
    return " or ".join(names.get(t, "a list of strings") for t in args if t is not type(None))


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(value) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "missing or null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)
