"""When two reviewers' versions of an event agree: the development scorer's rules (annotator.nlp.scoring), so
agreement figures and the adjudication queue use the same yardstick as extraction quality."""
from __future__ import annotations

import json
from typing import Any

from ..domain import COUNT_FIELDS
from ..nlp.scoring import _location_ok, _match, _roles_ok

FIELDS = ("counts", "place", "actors", "targets")


def _list(v: Any) -> list[str]:
    return json.loads(v) if isinstance(v, str) else list(v or [])


def field_agreement(a: dict[str, Any], b: dict[str, Any]) -> dict[str, bool]:
    """a, b: event snapshots (annotator.store.rows.event_snapshot). Counts must be equal; a place agrees when one
    name contains the other; actors and targets as the scorer's phrase rule; two empty places agree."""
    loc_a, loc_b = a.get("location"), b.get("location")
    return {
        "counts": all(a.get(k) == b.get(k) for k in COUNT_FIELDS),
        "place": (not loc_a and not loc_b) or _location_ok(loc_a, loc_b),
        "actors": _roles_ok(_list(a.get("actors")), _list(b.get("actors"))),
        "targets": _roles_ok(_list(a.get("targets")), _list(b.get("targets"))),
    }


def same_version(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two accepted versions say the same thing: same type and date, and every field agrees."""
    return a.get("type") == b.get("type") and a.get("date") == b.get("date") and all(
        field_agreement(a, b).values())


def match_events(reference: list[dict[str, Any]], other: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """One-to-one within a report: same type and same date, then most agreeing counts (the scorer's matching)."""
    return _match(reference, other, lambda g, p: g.get("type") == p.get("type") and g.get("date") == p.get("date")
                  and g.get("date") is not None)
