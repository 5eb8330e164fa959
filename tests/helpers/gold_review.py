"""Review a stored report as a careful reviewer would, using the corpus gold annotation as the truth.

- a candidate that matches a gold event (same type and date; among several, the one whose span overlaps, then
  the one whose counts agree) is corrected to the gold fields and accepted;
- every other candidate is rejected;
- a gold event no candidate matched is added as the reviewer's own event, with its counts, place and direction;
- the stated totals become the gold facts, accepted; candidate totals the gold does not state are rejected.

Everything goes through the Store API, so it writes the decision log like the window would.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from annotator.domain import COUNT_FIELDS, Count, DocumentIn, Event, Fact, Period
from annotator.store import Store

REVIEWER = "gold-reviewer"
_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen twenty").split()


def load_gold(corpus_dir: Path, key: str) -> dict[str, Any]:
    return json.loads((corpus_dir / "gold" / f"{key}.json").read_text(encoding="utf-8"))


def read_report(corpus_dir: Path, key: str) -> str:
    # Bytes then decode, as the corpus README asks, so that no newline translation shifts offsets.
    return (corpus_dir / "reports" / f"{key}.txt").read_bytes().decode("utf-8")


def import_corpus(store: Store, corpus_dir: Path, *, reviewer: str = REVIEWER) -> dict[str, int]:
    """Import the corpus reports: through annotator.importing when the readers exist, with extraction when the
    pipeline exists; otherwise stored straight from the manifest (no candidates). Returns key -> document id."""
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    try:
        from annotator.ingest import read_paths  # noqa: F401
        have_readers = True
    except ImportError:
        have_readers = False
    if have_readers:
        from annotator.importing import ImportReport, import_paths

        try:
            from annotator.nlp.service import get_extractor  # noqa: F401
            extract = True
        except ImportError:
            extract = False
        report = None
        for item in import_paths(store, [corpus_dir / "reports"], reviewer=reviewer, extract=extract):
            if isinstance(item, ImportReport):
                report = item
        assert report is not None and report.ok, report and report.errors
    else:
        for entry in manifest:
            text = read_report(corpus_dir, entry["id"])
            doc = DocumentIn(text=text, title=entry["id"], source=entry["file"], source_kind="txt", key=entry["id"],
                             published=entry["published"], series=entry["series"],
                             month_number=entry["month_number"], period=Period(**entry["period"]))
            store.add_document(doc, hashlib.sha256(text.encode("utf-8")).hexdigest(), reviewer=reviewer)
    return {d.key: d.id for d in store.documents()}


def _gold_event(g: dict[str, Any]) -> Event:
    counts = {k: Count(g[k]) for k in COUNT_FIELDS if g.get(k) is not None}
    return Event(type=g["type"], start=g["start"], end=g["end"], evidence=g["evidence"], date=g["date"],
                 date_precision="day", in_period=True, location=g.get("location"), actors=list(g.get("actors", [])),
                 targets=list(g.get("targets", [])), counts=counts, direction=g.get("direction"),
                 origin="reviewer", confidence=1.0, status="accepted")


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def match_candidates(gold_events: list[dict[str, Any]], candidates: list[Event]) -> list[tuple[dict, Event | None]]:
    """One-to-one, like ../shared/tools/score_events.py: same type and same date; overlap, then counts decide."""
    used: set[int] = set()
    pairs = []
    for g in gold_events:
        best, best_key = None, None
        for c in candidates:
            if c.id in used or c.type != g["type"] or c.date != g["date"]:
                continue
            agree = sum(1 for k in COUNT_FIELDS if g.get(k) is not None and c.count(k) == g[k])
            key = (_overlaps(g["start"], g["end"], c.start, c.end), agree)
            if best_key is None or key > best_key:
                best, best_key = c, key
        if best is not None:
            used.add(best.id)
        pairs.append((g, best))
    return pairs


def _fact_span(text: str, value: Any, fallback: tuple[int, int, str] | None) -> tuple[int, int, str]:
    """Where a stated total is written: the value as digits or as a word; else a neighbouring span."""
    if isinstance(value, int):
        options = [str(value)] + ([_WORDS[value]] if value < len(_WORDS) else [])
        for opt in options:
            m = re.search(rf"\b{re.escape(opt)}\b", text, re.IGNORECASE)
            if m:
                return m.start(), m.end(), m.group(0)
    return fallback or (0, 0, "")


def review_with_gold(store: Store, document_id: int, gold: dict[str, Any], *,
                     reviewer: str = REVIEWER) -> dict[str, int]:
    stats = {"accepted": 0, "rejected": 0, "added": 0, "facts_accepted": 0, "facts_added": 0, "facts_rejected": 0}
    candidates = [e for e in store.events(document_id) if e.status == "pending"]
    matched_ids = set()
    for g, cand in match_candidates(gold["events"], candidates):
        target = _gold_event(g)
        if cand is None:
            store.add_event(document_id, target, reviewer=reviewer)
            stats["added"] += 1
            continue
        matched_ids.add(cand.id)
        changes = {k: getattr(target, k) for k in ("start", "end", "evidence", "location", "actors", "targets",
                                                 "direction")}
        changes.update({k: (target.counts.get(k)) for k in COUNT_FIELDS})
        if cand.actors != target.actors:  # the pipeline's canonical names were for the actors it found
            changes["actors_canonical"] = []
        changes["status"] = "accepted"
        store.update_event(cand.id, changes, reviewer=reviewer, action="accept")
        stats["accepted"] += 1
    for c in candidates:
        if c.id not in matched_ids:
            store.reject_event(c.id, reviewer=reviewer, reason="not an event")
            stats["rejected"] += 1

    text = store.document_text(document_id)
    existing = store.facts(document_id)
    convoy = next((g for g in gold["events"] if g["type"] == "convoy" and g.get("direction") == "entering"), None)
    fallback = (convoy["start"], convoy["end"], convoy["evidence"]) if convoy else None
    for kind, value in (gold.get("facts") or {}).items():
        of_kind = [f for f in existing if f.kind == kind]
        if value is None:
            for f in of_kind:
                if f.status != "rejected":
                    store.reject_fact(f.id, reviewer=reviewer, reason="other")
                    stats["facts_rejected"] += 1
            continue
        if of_kind:
            store.update_fact(of_kind[0].id, {"value": value, "status": "accepted"}, reviewer=reviewer,
                              action="accept")
            stats["facts_accepted"] += 1
            for dup in of_kind[1:]:
                store.reject_fact(dup.id, reviewer=reviewer, reason="duplicate")
                stats["facts_rejected"] += 1
        else:
            start, end, evidence = _fact_span(text, value, fallback)
            store.add_fact(document_id, Fact(kind=kind, value=value, start=start, end=end, evidence=evidence,
                                             origin="reviewer", confidence=1.0, status="accepted"),
                           reviewer=reviewer)
            stats["facts_added"] += 1
    return stats


def review_corpus(store: Store, corpus_dir: Path, *, reviewer: str = REVIEWER) -> dict[str, int]:
    """Import and review the whole corpus; returns key -> document id."""
    ids = import_corpus(store, corpus_dir, reviewer=reviewer)
    for key, doc_id in ids.items():
        gold_file = corpus_dir / "gold" / f"{key}.json"
        if gold_file.exists():
            review_with_gold(store, doc_id, load_gold(corpus_dir, key), reviewer=reviewer)
    return ids
