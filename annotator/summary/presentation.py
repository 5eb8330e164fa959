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


def banner(summary: dict[str, Any]) -> str:
    pending = summary["pending"]
    if summary["verified"]:
        return f"Verified: built from {summary['basis']}; no candidate in this period is pending."
    return (f"UNVERIFIED: {pending['events']} candidate event{'s' if pending['events'] != 1 else ''} and "
            f"{pending['facts']} stated total{'s' if pending['facts'] != 1 else ''} in this period are still "
            f"pending (listed below). Built from {summary['basis']}.")


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
        parts.append(row["direction"])
    if row.get("targets"):
        parts.append("targets: " + "; ".join(row["targets"]))
    return " · ".join(p for p in parts if p)


def source_text(src: dict[str, Any]) -> str:
    return f"{src.get('document_key') or src['document_id']} @ {src['start']}–{src['end']}"


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
