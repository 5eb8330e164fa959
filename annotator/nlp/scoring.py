"""Scoring an extraction against gold files: the figures of ../shared/tools/score_events.py.

Reimplemented here (the project must not depend on ../shared at run time); tests check that both give
the same numbers. Events match one to one within a document on the same date, preferring the same type,
then the most agreeing counts; predicted events without a date, or dated outside the gold period, are
not scored.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..domain import COUNT_FIELDS, EVENT_TYPES, FACT_KINDS, family


def _agreement(g: dict, p: dict) -> int:
    return sum(1 for k in COUNT_FIELDS if g.get(k) is not None and g.get(k) == p.get(k))


def _match(gold: list[dict], pred: list[dict], same) -> list[tuple[dict, dict]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        best, best_key = None, None
        for i, p in enumerate(pred):
            if i in used or not same(g, p):
                continue
            key = (p.get("type") == g.get("type"), _agreement(g, p))
            if best_key is None or key > best_key:
                best, best_key = i, key
        if best is not None:
            used.add(best)
            pairs.append((g, pred[best]))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _fam(t: str | None) -> str | None:
    return family(t) if t in EVENT_TYPES else None


def _location_ok(g: str | None, p: str | None) -> bool:
    a, b = (g or "").lower().strip(), (p or "").lower().strip()
    return bool(a and b) and (a in b or b in a)


def _phrase(s: str | None) -> str:
    """Lower case, punctuation folded to spaces, a leading "the" dropped: the scorer's phrase form."""
    s = " ".join("".join(c if c.isalnum() else " " for c in (s or "").lower()).split())
    return s[4:] if s.startswith("the ") else s


def _roles_ok(gold: list[str] | None, pred: list[str] | None) -> bool:
    """Each gold phrase contained in a predicted one or containing it, and the other way; two empty lists agree."""
    g = [x for x in map(_phrase, gold or []) if x]
    p = [x for x in map(_phrase, pred or []) if x]
    near = lambda a, b: a in b or b in a  # noqa: E731
    return all(any(near(a, b) for b in p) for a in g) and all(any(near(a, b) for a in g) for b in p)


def _per_type(g_events: list[dict], p_events: list[dict], strict: list[tuple[dict, dict]],
              acc: dict[str, list[int]]) -> None:
    """Adds [gold, predicted, strictly matched] per event type to `acc`."""
    for e in g_events:
        acc.setdefault(e["type"], [0, 0, 0])[0] += 1
    for e in p_events:
        acc.setdefault(str(e.get("type")), [0, 0, 0])[1] += 1
    for g, _ in strict:
        acc[g["type"]][2] += 1


def score(gold_dir: Path, predictions: dict) -> dict[str, Any]:
    """The figures of score_events.py (same keys and values), plus `per_type` precision, recall and F1."""
    preds = {str(d.get("id")): d for d in predictions.get("documents", [])}
    tot = dict(gold=0, pred=0, strict=0, family=0, counts_ok=0, counts_all=0, loc_ok=0, loc_all=0,
               actors_ok=0, targets_ok=0, roles_all=0, facts_ok=0, facts_all=0, corrections=0)
    by_type: dict[str, list[int]] = {}
    per_doc = []
    for gf in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        doc = preds.get(gold["id"], {})
        g_events = gold.get("events", [])
        period = gold.get("period") or {}
        lo, hi = period.get("start", ""), period.get("end", "9999")
        p_events = [e for e in doc.get("events", []) if e.get("date") and lo <= e["date"] <= hi]
        strict = _match(g_events, p_events, lambda g, p: g["date"] == p.get("date") and g["type"] == p.get("type"))
        fam = _match(g_events, p_events,
                     lambda g, p: g["date"] == p.get("date") and _fam(g["type"]) == _fam(p.get("type")))
        edits = 0
        for g, p in strict:
            for k in COUNT_FIELDS:
                if g.get(k) is not None:
                    tot["counts_all"] += 1
                    tot["counts_ok"] += g[k] == p.get(k)
                if g.get(k) != p.get(k):
                    edits += 1
            if g.get("location"):
                tot["loc_all"] += 1
                ok = _location_ok(g["location"], p.get("location"))
                tot["loc_ok"] += ok
                edits += not ok
            tot["roles_all"] += 1
            for role in ("actors", "targets"):
                ok = _roles_ok(g.get(role), p.get(role))
                tot[role + "_ok"] += ok
                edits += not ok
        _per_type(g_events, p_events, strict, by_type)
        facts_ok = facts_all = 0
        for k in FACT_KINDS:
            gv = (gold.get("facts") or {}).get(k)
            if gv is None:
                continue
            pv = (doc.get("facts") or {}).get(k)
            if k == "batch_dates" and isinstance(pv, list):
                pv, gv = sorted(pv), sorted(gv)
            facts_all += 1
            facts_ok += gv == pv
        tot["facts_ok"] += facts_ok
        tot["facts_all"] += facts_all
        tot["corrections"] += (len(p_events) - len(strict)) + (len(g_events) - len(strict)) + edits \
            + (facts_all - facts_ok)
        tot["gold"] += len(g_events)
        tot["pred"] += len(p_events)
        tot["strict"] += len(strict)
        tot["family"] += len(fam)
        per_doc.append(dict(id=gold["id"], gold=len(g_events), pred=len(p_events), strict=len(strict),
                            facts=f"{facts_ok}/{facts_all}", found=gold["id"] in preds))
    s = _prf(tot["strict"], tot["pred"], tot["gold"])
    f = _prf(tot["family"], tot["pred"], tot["gold"])
    ratio = lambda a, b: a / b if b else None  # noqa: E731
    return dict(
        documents=per_doc,
        strict=dict(precision=s[0], recall=s[1], f1=s[2]),
        family=dict(precision=f[0], recall=f[1], f1=f[2]),
        counts_accuracy=ratio(tot["counts_ok"], tot["counts_all"]),
        location_accuracy=ratio(tot["loc_ok"], tot["loc_all"]),
        actors_accuracy=ratio(tot["actors_ok"], tot["roles_all"]),
        targets_accuracy=ratio(tot["targets_ok"], tot["roles_all"]),
        facts_accuracy=ratio(tot["facts_ok"], tot["facts_all"]),
        corrections_per_gold_event=ratio(tot["corrections"], tot["gold"]),
        totals=tot,
        per_type={t: dict(gold=n_g, pred=n_p, strict=n_s, **dict(zip(("precision", "recall", "f1"),
                                                                     _prf(n_s, n_p, n_g))))
                  for t, (n_g, n_p, n_s) in sorted(by_type.items())},
    )


def format_per_type(result: dict[str, Any]) -> str:
    """One line per event type: gold and predicted events, strict matches, precision, recall, F1."""
    lines = [f"{'type':20} {'gold':>5} {'pred':>5} {'match':>5}  {'P':>5}  {'R':>5}  {'F1':>5}"]
    for t, m in result["per_type"].items():
        lines.append(f"{t:20} {m['gold']:5} {m['pred']:5} {m['strict']:5}  {m['precision']:.3f}"
                     f"  {m['recall']:.3f}  {m['f1']:.3f}")
    return "\n".join(lines)


def format_score(result: dict[str, Any]) -> str:
    """The text lines score_events.py prints, word for word; the last one is the strict event F1."""
    fmt = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731
    lines = []
    for d in result["documents"]:
        lines.append(f"{d['id']:32} gold {d['gold']:3} pred {d['pred']:3} strict {d['strict']:3}"
                     f" facts {d['facts']}{'' if d['found'] else '  (no prediction)'}")
    for k in ("strict", "family"):
        m = result[k]
        lines.append(f"events {k:6}  P {fmt(m['precision'])}  R {fmt(m['recall'])}  F1 {fmt(m['f1'])}")
    lines.append(f"counts {fmt(result['counts_accuracy'])}  location {fmt(result['location_accuracy'])}"
                 f"  actors {fmt(result['actors_accuracy'])}  targets {fmt(result['targets_accuracy'])}"
                 f"  facts {fmt(result['facts_accuracy'])}"
                 f"  review corrections per gold event {fmt(result['corrections_per_gold_event'])}")
    lines.append(f"strict event F1 {result['strict']['f1']:.3f}")
    return "\n".join(lines)
