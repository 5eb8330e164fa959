"""The summary as Markdown (GitHub flavour), from resources/templates/summary.md.j2 (auto-escaped; table cells
also escape "|"): the same tables and Evidence appendix as the HTML page, labels linking to their entries."""
from __future__ import annotations

from typing import Any

from .render_html import context
from .templating import render_template


def render_markdown(summary: dict[str, Any]) -> str:
    return render_template("summary.md.j2", **context(summary, with_charts=False))
