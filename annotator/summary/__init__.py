"""Verified summaries: totals, itemised timeline and stated-total checks, built only from accepted decisions.

Qt-free. `summarise(store, "106th month")` gives the documented JSON dictionary (docs/summary-json.md);
`render(summary, fmt)` turns it into Markdown, HTML, JSON or PDF.
"""
from __future__ import annotations

from typing import Any

from .build import BASIS, SCHEMA, SummaryInput, build_summary, source_uri
from .period import PeriodError, PeriodSpec, resolve_period
from .source import load_summary_input

FORMATS = ("md", "html", "json", "pdf")


def summarise(store, period: str | PeriodSpec, *, generated_at: str | None = None) -> dict[str, Any]:
    return build_summary(load_summary_input(store, period), generated_at=generated_at)


def render(summary: dict[str, Any], fmt: str) -> bytes:
    """The summary in one of FORMATS, as bytes (UTF-8 for the text formats)."""
    if fmt == "json":
        from .render_json import render_json
        return render_json(summary).encode("utf-8")
    if fmt == "md":
        from .render_md import render_markdown
        return render_markdown(summary).encode("utf-8")
    if fmt == "html":
        from .render_html import render_html
        return render_html(summary).encode("utf-8")
    if fmt == "pdf":
        from .render_pdf import render_pdf
        return render_pdf(summary)
    raise ValueError(f"unknown summary format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["BASIS", "FORMATS", "SCHEMA", "PeriodError", "PeriodSpec", "SummaryInput", "build_summary",
           "load_summary_input", "render", "resolve_period", "source_uri", "summarise"]
