"""Prodigy-style JSONL: one line per report with text, meta, spans (start/end/label), events with their arguments,
stated totals, and Prodigy answers (accept / reject / ignore for accepted / rejected / pending).

`annotator import` reads such a file back (text and meta), and export/jsonl_import.py restores the decisions
from the "events" and "facts" of each line.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..domain import Event, Fact
from .selection import ANSWERS, ExportDocument, ExportResult

FORMAT_VERSION = 1


def event_to_obj(ev: Event) -> dict[str, Any]:
    return {
        "type": ev.type, "start": ev.start, "end": ev.end, "evidence": ev.evidence,
        "date": ev.date, "date_precision": ev.date_precision, "end_date": ev.end_date, "in_period": ev.in_period,
        "location": ev.location, "location_name": ev.location_name, "admin1": ev.admin1, "lat": ev.lat,
        "lon": ev.lon, "location_precision": ev.location_precision,
        "actors": ev.actors, "actors_canonical": ev.actors_canonical, "targets": ev.targets,
        "counts": {k: {"value": c.value, "qualifier": c.qualifier} for k, c in ev.counts.items()},
        "direction": ev.direction, "origin": ev.origin, "rule": ev.rule, "confidence": ev.confidence,
        "answer": ANSWERS[ev.status], "status": ev.status, "reviewer": ev.reviewer, "reviewed_at": ev.reviewed_at,
        "reject_reason": ev.reject_reason, "note": ev.note,
        "arguments": [{"role": a.role, "start": a.start, "end": a.end, "text": a.text, "value": a.value,
                       "qualifier": a.qualifier} for a in ev.arguments],
    }


def fact_to_obj(f: Fact) -> dict[str, Any]:
    return {"kind": f.kind, "value": f.value, "qualifier": f.qualifier, "start": f.start, "end": f.end,
            "evidence": f.evidence, "origin": f.origin, "rule": f.rule, "confidence": f.confidence,
            "answer": ANSWERS[f.status], "status": f.status, "reviewer": f.reviewer, "reviewed_at": f.reviewed_at,
            "reject_reason": f.reject_reason}


def document_line(ed: ExportDocument, *, status_filter: str, exported_at: str | None = None) -> dict[str, Any]:
    d = ed.document
    meta = {k: v for k, v in (d.meta or {}).items() if k not in ("encoding",)}
    meta.update({"id": d.key, "title": d.title, "published": d.published, "source": d.source,
                 "series": d.series, "month_number": d.month_number,
                 "period": {"start": d.period_start, "end": d.period_end} if d.period_start else None,
                 "document_id": d.id})
    if d.source.startswith(("http://", "https://")):
        meta.setdefault("url", d.source)
    events = [event_to_obj(e) for e in ed.events]
    spans = [{"start": e["start"], "end": e["end"], "label": e["type"], "event": i, "answer": e["answer"]}
             for i, e in enumerate(events)]
    answer = "ignore" if any(e.status == "pending" for e in ed.events) else "accept"
    return {"text": ed.text, "meta": meta, "spans": spans, "events": events,
            "facts": [fact_to_obj(f) for f in ed.facts], "answer": answer,
            "_annotator": {"format": FORMAT_VERSION, "status_filter": status_filter,
                           "exported_at": exported_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}}


def write_jsonl(docs: Sequence[ExportDocument], out: Path, *, status_filter: str,
                progress: Callable[[int, str], None] | None = None) -> ExportResult:
    result = ExportResult("jsonl", [out])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for i, ed in enumerate(docs, 1):
            fh.write(json.dumps(document_line(ed, status_filter=status_filter), ensure_ascii=False) + "\n")
            result.documents += 1
            result.events += len(ed.events)
            result.facts += len(ed.facts)
            if progress:
                progress(i, ed.document.title)
    return result
