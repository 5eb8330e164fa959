"""Charts of a summary (events by type, a timeline) drawn with matplotlib's Agg canvas: no display, no pyplot
state, so they render the same in the CLI, a worker thread and the window."""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ..domain import EVENT_TYPES

DPI = 150


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig, fmt: str) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata={"Software": "annotator"} if fmt == "png" else None)
    return buf.getvalue()


def _colour(event_type: str) -> str:
    return EVENT_TYPES[event_type][3] if event_type in EVENT_TYPES else "#999999"


def events_by_type(summary: dict[str, Any], fmt: str = "png") -> bytes | None:
    """Horizontal bars, one per event type, labelled with their counts; None when there is nothing to draw."""
    rows = summary["totals"]["by_type"]
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: r["events"])
    fig = _figure(6.4, 0.45 * len(rows) + 0.9)
    ax = fig.add_subplot()
    bars = ax.barh([r["label"] for r in rows], [r["events"] for r in rows],
                   color=[_colour(r["type"]) for r in rows], edgecolor="#333333", linewidth=0.4)
    ax.bar_label(bars, padding=3, fontsize=8)
    ax.set_xlabel("accepted events")
    ax.set_title("Events by type", fontsize=10, loc="left")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    ax.margins(x=0.12)
    return _save(fig, fmt)


def timeline(summary: dict[str, Any], fmt: str = "png") -> bytes | None:
    """One row per event type, one marker per dated event; marker size grows with deaths and truck counts."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    dated = [r for r in summary["timeline"] if r["date"]]
    if not dated:
        return None
    types = [t for t in EVENT_TYPES if any(r["type"] == t for r in dated)]
    types += sorted({r["type"] for r in dated} - set(types))
    fig = _figure(6.4, 0.38 * len(types) + 1.3)
    ax = fig.add_subplot()
    for y, t in enumerate(types):
        rows = [r for r in dated if r["type"] == t]
        xs = [dt.date.fromisoformat(r["date"][:10]) for r in rows]
        ys = _spread(xs, y)
        sizes = [28 + 4 * min(60, _weight(r)) for r in rows]
        ax.scatter(xs, ys, s=sizes, color=_colour(t), edgecolor="#333333", linewidth=0.4, alpha=0.85,
                   zorder=3)
    ax.set_yticks(range(len(types)), [EVENT_TYPES.get(t, ("", "", "", "", t))[4] for t in types], fontsize=8)
    ax.set_ylim(-0.6, len(types) - 0.4)
    start, end = summary["period"]["start"], summary["period"]["end"]
    if start and end:
        ax.set_xlim(dt.date.fromisoformat(start) - dt.timedelta(days=1),
                    dt.date.fromisoformat(end) + dt.timedelta(days=1))
    locator = AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("Timeline of accepted events (marker size: killed + trucks/10)", fontsize=10, loc="left")
    return _save(fig, fmt)


def _spread(xs: list[dt.date], y: float) -> list[float]:
    """Events of one type on one day side by side vertically, so that none hides another."""
    seen: dict[dt.date, int] = {}
    totals = {x: xs.count(x) for x in xs}
    out = []
    for x in xs:
        k = seen.get(x, 0)
        seen[x] = k + 1
        out.append(y + (k - (totals[x] - 1) / 2) * 0.22)
    return out


def _weight(row: dict[str, Any]) -> float:
    counts = row["counts"]
    killed = counts.get("killed", {}).get("value", 0)
    trucks = counts.get("trucks", {}).get("value", 0)
    return killed + trucks / 10
