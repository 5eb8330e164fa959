"""`annotator agreement`: how far the reviewers of a merged database agree, per pair and overall, per event type
and per report.

- Cohen's kappa on accept/reject, over machine candidates both reviewers decided;
- event precision/recall/F1 of one reviewer's accepted events (edits and own additions included) against the
  other's, matched as the development scorer matches (same report, type and date; then most agreeing counts),
  over the reports both reviewed; the first reviewer of the pair is the reference (recall = share of theirs
  the other also has);
- the share of matched events whose counts, place, actors and targets agree (annotator.team.compare);
- Krippendorff's alpha over all reviewers on accept/reject of the machine candidates (those no reviewer decided
  have no label and are left out; `candidates` counts the others).
"""
from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations
from typing import Any

from ..domain import COUNT_FIELDS
from ..store import Store
from .compare import FIELDS, field_agreement, match_events
from .statistics import cohen_kappa, krippendorff_alpha


def _load(store: Store) -> tuple[list[str], dict, dict, dict]:
    """reviewers; candidate event id -> (document id, type, kind); event id -> reviewer -> snapshot;
    document id -> (key, title): of the candidates some reviewer decided and their reports only.

    A pending version adds nothing to any figure (no label, no accepted event), and most versions of a large team
    file are pending: reading only the decided ones (a partial index) makes the cost follow the review done, not
    the database (reading every candidate and every report took 1.4 s at 1,000 reports)."""
    reviewers = [r for (r,) in store.db.execute(
        "SELECT reviewer FROM team_sources t WHERE EXISTS (SELECT 1 FROM reviewer_decisions d "
        "WHERE d.reviewer = t.reviewer) ORDER BY reviewer")]
    versions: dict[int, dict[str, dict]] = defaultdict(dict)
    # Only accepted versions are compared field by field; the others need their status alone (parsing every
    # snapshot was half the time on 10,000 reports).
    # without statistics the planner scanned the table: the partial index is named (migration 0008)
    indexed = store.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'idx_reviewer_decisions_decided'").fetchone()
    for eid, reviewer, status, doc, snap in store.db.execute(
            "SELECT event_id, reviewer, status, document_id, snapshot FROM reviewer_decisions "
            f"{'INDEXED BY idx_reviewer_decisions_decided ' if indexed else ''}WHERE status <> 'pending'"):
        versions[eid][reviewer] = _compared(json.loads(snap)) if status == "accepted" else {
            "status": status, "document_id": doc}
    ids = sorted(versions)
    candidates = {}
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        for eid, key, doc in store.db.execute(
                "SELECT t.event_id, t.key, e.document_id FROM team_candidates t JOIN events e ON e.id = t.event_id "
                f"WHERE t.event_id IN ({','.join('?' * len(part))})", part):
            parts = key.split("|")
            candidates[eid] = (doc, parts[2], parts[1])
    doc_ids = sorted({c[0] for c in candidates.values()} | {
        v["document_id"] for by in versions.values() for v in by.values()})
    docs = {}
    for i in range(0, len(doc_ids), 900):
        part = doc_ids[i:i + 900]
        docs.update({d: (k, t) for d, k, t in store.db.execute(
            f"SELECT id, key, title FROM documents WHERE id IN ({','.join('?' * len(part))})", part)})
    return reviewers, candidates, versions, docs


# What the comparison reads of an accepted version (annotator.team.compare, nlp.scoring._match): the rest of a
# snapshot (arguments, evidence, rule...) held most of agreement's memory: 416 MB at 10,000 reports, 126 MB without.
_COMPARED = ("status", "document_id", "type", "date", "location", "actors", "targets", *COUNT_FIELDS)


def _compared(snap: dict[str, Any]) -> dict[str, Any]:
    return {k: snap.get(k) for k in _COMPARED}


def _prf(matched: int, n_ref: int, n_other: int) -> dict[str, Any]:
    p = matched / n_other if n_other else None
    r = matched / n_ref if n_ref else None
    f = (2 * p * r / (p + r) if p + r else 0.0) if p is not None and r is not None else None
    return {"precision": p, "recall": r, "f1": f, "matched": matched, "events_a": n_ref, "events_b": n_other}


class _Tally:
    """Labels and matched events for one pair within one slice (all, a type, a report)."""

    def __init__(self) -> None:
        self.labels_a: list[str] = []
        self.labels_b: list[str] = []
        self.n_a = self.n_b = self.matched = 0
        self.fields = {f: 0 for f in FIELDS} | {"all": 0}

    def result(self, a: str, b: str) -> dict[str, Any]:
        prf = _prf(self.matched, self.n_a, self.n_b)
        return {"reviewers": [a, b], "cohen_kappa": cohen_kappa(self.labels_a, self.labels_b),
                "decided_by_both": len(self.labels_a),
                "agreed_decisions": sum(x == y for x, y in zip(self.labels_a, self.labels_b)),
                "event_f1": prf["f1"], "event_precision": prf["precision"], "event_recall": prf["recall"],
                "events_a": self.n_a, "events_b": self.n_b, "events_matched": self.matched,
                "fields_agree": {k: (v / self.matched if self.matched else None) for k, v in self.fields.items()}}


def agreement(store: Store) -> dict[str, Any]:
    reviewers, candidates, versions, docs = _load(store)
    decided = lambda v: v is not None and v["status"] != "pending"  # noqa: E731
    reviewed: dict[str, set[int]] = defaultdict(set)  # reviewer -> reports they decided anything in
    accepted: dict[tuple[str, int], list[dict]] = defaultdict(list)  # (reviewer, report) -> accepted versions
    for eid, by in versions.items():
        for r, snap in by.items():
            if decided(snap):
                reviewed[r].add(snap["document_id"] if eid not in candidates else candidates[eid][0])
            if snap["status"] == "accepted" and eid in candidates:
                accepted[(r, candidates[eid][0])].append(snap)

    pairs_out = []
    per_report: dict[str, Any] = {}
    report_pairs: dict[int, dict[tuple[str, str], _Tally]] = defaultdict(dict)
    for a, b in combinations(reviewers, 2):
        overall, by_type = _Tally(), defaultdict(_Tally)
        for eid, (doc, etype, kind) in candidates.items():
            va, vb = versions.get(eid, {}).get(a), versions.get(eid, {}).get(b)
            if kind == "candidate" and decided(va) and decided(vb):
                for t in (overall, by_type[etype], report_pairs[doc].setdefault((a, b), _Tally())):
                    t.labels_a.append(va["status"])
                    t.labels_b.append(vb["status"])
        for doc in sorted(reviewed[a] & reviewed[b]):
            ev_a, ev_b = accepted.get((a, doc), []), accepted.get((b, doc), [])
            matches = match_events(ev_a, ev_b)
            slices = [overall, report_pairs[doc].setdefault((a, b), _Tally())]
            for t in slices:
                t.n_a += len(ev_a)
                t.n_b += len(ev_b)
                t.matched += len(matches)
            for e in ev_a:
                by_type[e["type"]].n_a += 1
            for e in ev_b:
                by_type[e["type"]].n_b += 1
            for x, y in matches:
                agree = field_agreement(x, y)
                agree["all"] = all(agree.values())
                for t in (*slices, by_type[x["type"]]):
                    for k, ok in agree.items():
                        t.fields[k] += ok
                by_type[x["type"]].matched += 1
        item = overall.result(a, b)
        item["per_type"] = {t: _drop_names(tally.result(a, b)) for t, tally in sorted(by_type.items())}
        pairs_out.append(item)

    units = sorted(e for e, (_, _, kind) in candidates.items() if kind == "candidate")
    table = lambda ids: [[(versions.get(e, {}).get(r) or {}).get("status") for e in ids]  # noqa: E731
                         for r in reviewers]
    by_type_units: dict[str, list[int]] = defaultdict(list)
    by_doc_units: dict[int, list[int]] = defaultdict(list)
    for e in units:
        by_type_units[candidates[e][1]].append(e)
        by_doc_units[candidates[e][0]].append(e)
    for doc, (key, title) in sorted(docs.items(), key=lambda kv: kv[1][0]):
        per_report[key] = {
            "title": title, "document_id": doc,
            "reviewers": sorted(r for r in reviewers if doc in reviewed[r]),
            "krippendorff_alpha": krippendorff_alpha(table(by_doc_units.get(doc, []))),
            "pairs": [_drop_names(t.result(a, b)) | {"reviewers": [a, b]}
                      for (a, b), t in sorted(report_pairs.get(doc, {}).items())],
        }
    kappas = [p["cohen_kappa"] for p in pairs_out if p["cohen_kappa"] is not None]
    return {
        "reviewers": reviewers,
        "pairs": pairs_out,
        "krippendorff_alpha": krippendorff_alpha(table(units)),
        "krippendorff_alpha_per_type": {t: krippendorff_alpha(table(ids)) for t, ids in sorted(by_type_units.items())},
        "mean_cohen_kappa": sum(kappas) / len(kappas) if kappas else None,
        "candidates": len(units),
        "per_report": per_report,
    }


def _drop_names(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k != "reviewers"}
