"""Per-rule precision from the reviewers' decisions: for every rule (and model) that proposed candidates, how
many it proposed, how many were accepted and rejected, the precision among decided ones and the reject reasons.
A rule with enough decisions and a precision below the threshold is flagged, so its pattern gets looked at."""
from __future__ import annotations

from collections import Counter
from typing import Any

LOW_PRECISION = 0.5
MIN_DECIDED = 5  # fewer decisions say too little to flag a rule


def rule_precision(store, *, threshold: float = LOW_PRECISION, min_decided: int = MIN_DECIDED) -> list[dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for ev in store.events():
        if ev.origin not in ("rules", "model"):
            continue  # a reviewer's own event or an imported one was proposed by nobody
        key = (ev.origin, ev.rule or "(unnamed)")
        r = rows.setdefault(key, {"rule": key[1], "origin": key[0], "proposed": 0, "accepted": 0, "rejected": 0,
                                  "pending": 0, "reasons": Counter(), "types": Counter()})
        r["proposed"] += 1
        r[ev.status] += 1
        r["types"][ev.type] += 1
        if ev.status == "rejected":
            r["reasons"][ev.reject_reason or "no reason given"] += 1
    out = []
    for r in rows.values():
        decided = r["accepted"] + r["rejected"]
        r["precision"] = r["accepted"] / decided if decided else None
        r["flagged"] = decided >= min_decided and r["precision"] is not None and r["precision"] < threshold
        r["reasons"], r["types"] = dict(r["reasons"].most_common()), dict(r["types"].most_common())
        out.append(r)
    out.sort(key=lambda r: (not r["flagged"], r["precision"] if r["precision"] is not None else 2.0, -r["proposed"],
                            r["rule"]))
    return out
