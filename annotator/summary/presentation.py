"""Text shared by the renderers: headings, the verification banner, table rows as strings."""
from __future__ import annotations

from typing import Any

from ..domain import COUNT_FIELDS

QUALIFIER_MARK = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤", "vague": "~"}
STATUS_MARK = {"ok": "✓ ok", "mismatch": "⚠ mismatch", "not_itemised": "⚠ not itemised"}
FACT_LABELS = {"trucks": "Trucks", "batches": "Batches", "batch_dates": "Batch dates",
               "joint_operations": "Joint security operations", "arrested": "Arrested", "killed": "Killed"}
TOTAL_COLUMNS = ("events",) + COUNT_FIELDS


def title(summary: dict[str, Any]) -> str:
    """"Verified" only when nothing in the period waits for review."""
    return f"{'Verified summary' if summary['verified'] else 'Unverified summary'}: {summary['period']['label']}"


def period_line(summary: dict[str, Any]) -> str:
    p = summary["period"]
    docs = summary["documents"]
    return (f"{p['start']} to {p['end']} · {len(docs)} report{'s' if len(docs) != 1 else ''} · "
            f"generated {summary['generated_at']}")


# What "verified" means, said wherever the word is shown: it is a statement about review, not about the world.
VERIFIED_MEANS = ("Verified here means that a reviewer accepted or rejected every candidate event and stated total "
                  "of these reports in the annotator, and that each figure below cites the report sentence it "
                  "rests on (see Evidence); it is not an independent check of the reports' claims.")


def banner(summary: dict[str, Any]) -> str:
    pending = summary["pending"]
    undated = len(summary.get("needs_date") or [])
    if summary["verified"]:
        return f"Verified: built from {summary['basis']}; no candidate in this period is pending."
    if not summary["documents"]:
        return "UNVERIFIED: no report in the database covers this period, so there is nothing to summarise."
    parts = []
    if pending["events"] or pending["facts"]:
        parts.append(f"{pending['events']} candidate event{'s' if pending['events'] != 1 else ''} and "
                     f"{pending['facts']} stated total{'s' if pending['facts'] != 1 else ''} in this period are "
                     "still pending")
    if undated:
        parts.append(f"{undated} accepted event{'s' if undated != 1 else ''} without a date "
                     f"{'are' if undated != 1 else 'is'} left out until a reviewer dates "
                     f"{'them' if undated != 1 else 'it'}")
    listed = len(pending["items"])
    where = ("listed below" if listed >= pending["events"] + pending["facts"]
             else f"the first {listed:,} pending listed below")
    return f"UNVERIFIED: {'; '.join(parts)} ({where}). Built from {summary['basis']}."


def type_label(event_type: str) -> str:
    from ..domain import EVENT_TYPES

    return EVENT_TYPES[event_type][4] if event_type in EVENT_TYPES else event_type.replace("_", " ")


def by_type_text(by_type: dict[str, int]) -> str:
    """{"rocket_attack": 1} -> "Rocket attack 1": labels, never the vocabulary's ids."""
    return ", ".join(f"{type_label(t)} {n}" for t, n in by_type.items())


DIRECTION_LABELS = {"entering": "Entering", "leaving": "Leaving", "internal": "Internal",
                    "unknown": "Direction not stated"}


def evidence(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The appendix every figure links to: one numbered entry per cited event or stated total, with what a reader
    needs to find the sentence without the app (report title, date, URL, content hash, offsets, the sentence)."""
    out = []
    for label, src in summary["sources"].items():
        cite = src.get("cite") or {}
        out.append({"label": label, "object": src["object"], "sentence": cite.get("sentence") or src["quote"],
                    "title": cite.get("title") or src.get("document_key") or "", "published": cite.get("published"),
                    "url": cite.get("url"), "link": cite.get("link"), "content_hash": cite.get("content_hash"),
                    "start": src["start"], "end": src["end"], "document_key": src.get("document_key")})
    return out


def reference_line(entry: dict[str, Any]) -> str:
    """"Title, 2022-09-23, characters 1058-1453 of the text with sha256:ab12…" (the stable reference)."""
    parts = [entry["title"]]
    if entry.get("published"):
        parts.append(entry["published"])
    where = f"characters {entry['start']}–{entry['end']}"
    if entry.get("content_hash"):
        where += f" of the text with {entry['content_hash']}"
    parts.append(where)
    return ", ".join(p for p in parts if p)


def counts_text(counts: dict[str, dict[str, Any]]) -> str:
    parts = []
    for k in COUNT_FIELDS:
        c = counts.get(k)
        if c:
            parts.append(f"{k} {QUALIFIER_MARK.get(c['qualifier'], '')}{c['value']}")
    return ", ".join(parts)


def value_text(value: Any, qualifier: str | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return f"{QUALIFIER_MARK.get(qualifier or 'exact', '')}{value}"


def place(row: dict[str, Any]) -> str:
    name = row.get("location_name") or row.get("location") or ""
    if row.get("admin1") and row["admin1"] not in name:
        name = f"{name} ({row['admin1']})" if name else row["admin1"]
    return name


def event_detail(row: dict[str, Any]) -> str:
    parts = [counts_text(row["counts"])]
    if row.get("direction"):
        parts.append(DIRECTION_LABELS.get(row["direction"], row["direction"]).lower())
    if row.get("targets"):
        parts.append("targets: " + "; ".join(row["targets"]))
    return " · ".join(p for p in parts if p)


def source_text(src: dict[str, Any]) -> str:
    return f"{src.get('document_key') or src['document_id']} @ {src['start']}–{src['end']}"


def sentence_text(summary: dict[str, Any], label: str) -> str:
    src = summary["sources"][label]
    return (src.get("cite") or {}).get("sentence") or src["quote"]


def check_value(value: Any, qualifier: str | None = None) -> str:
    """Lists of dates are counted in the table; the finding names the dates that differ."""
    if isinstance(value, list):
        return f"{len(value)} date{'s' if len(value) != 1 else ''}"
    return value_text(value, qualifier)


def check_row(c: dict[str, Any]) -> list[str]:
    return [STATUS_MARK.get(c["status"], c["status"]), c["document_key"] or str(c["document_id"]),
            FACT_LABELS.get(c["kind"], c["kind"]), check_value(c["stated"], c.get("stated_qualifier")),
            check_value(c["itemised"]), c["message"]]


def total_cells(row: dict[str, Any]) -> list[str]:
    cells = [str(row["events"])]
    for k in COUNT_FIELDS:
        v = row[k]
        cells.append(f"{'≈' if row['approximate'] and v else ''}{v}" if v else "")
    return cells


def pending_heading(summary: dict[str, Any]) -> str:
    """"Pending candidates (n)", saying when the list shows only the first of them (a summary lists at most
    PENDING_ITEMS; its counts cover them all)."""
    pending = summary["pending"]
    total = pending["events"] + pending["facts"]
    listed = len(pending["items"])
    return (f"Pending candidates ({total:,})" if listed >= total
            else f"Pending candidates ({total:,}; the first {listed:,} listed)")
