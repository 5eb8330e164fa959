"""The summary as one self-contained HTML page: inline CSS, charts as inline PNG, every figure linked to its source.

Labels (E3, S1) link to their row on the page; each row links to the report and offsets with an
annotator://document/ID?start=S&end=E address, which the window opens at the sentence.
"""
from __future__ import annotations

import base64
from html import escape
from typing import Any

from . import charts
from . import presentation as pr

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:14px;color:#222;max-width:1100px;margin:2em auto;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
.meta{color:#666}.banner{padding:.6em .9em;border-radius:4px;margin:1em 0;font-weight:bold}
.ok{background:#e5f4e3;border:1px solid #7bb274}.warn{background:#fdecea;border:1px solid #d9534f}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}th,td{border:1px solid #ddd;padding:4px 6px;
vertical-align:top;text-align:left}th{background:#f3f3f3}td.num{text-align:right}
tr.flag td{background:#fff4e5}tr:target td{background:#fff8c4}a.ref{font-size:.8em;margin-left:2px}
.quote{color:#555;font-style:italic}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;
border:1px solid #555;vertical-align:middle}.charts img{max-width:49%;vertical-align:top}
"""


def _refs(refs: list[str], sources: dict[str, Any], on_page: set[str]) -> str:
    links = []
    for r in refs:
        href = f"#{r}" if r in on_page else sources[r]["uri"]
        links.append(f'<a class="ref" href="{escape(href)}">{escape(r)}</a>')
    return " ".join(links)


def _source_link(src: dict[str, Any]) -> str:
    return f'<a href="{escape(src["uri"])}">{escape(pr.source_text(src))}</a>'


def _table(headers: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _img(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">'


def render_html(summary: dict[str, Any], *, with_charts: bool = True) -> str:
    s = summary
    src = s["sources"]
    on_page = {r["ref"] for r in s["timeline"]} | {x["ref"] for x in s["stated"]} | set(src)
    ref = lambda refs: _refs(refs, src, on_page)  # noqa: E731
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(pr.title(s))}</title>"
             f"<style>{CSS}</style></head><body>",
             f"<h1>{escape(pr.title(s))}</h1><p class=\"meta\">{escape(pr.period_line(s))}</p>",
             f"<p class=\"banner {'ok' if s['verified'] else 'warn'}\">{escape(pr.banner(s))}</p>",
             "<h2>Headline</h2><p>"]
    parts.append(" ".join(f"{escape(x['text'])}{ref(x['refs'])}" for x in s["headline"]["sentences"]) + "</p>")
    if with_charts:
        imgs = _img(charts.events_by_type(s), "events by type") + _img(charts.timeline(s), "timeline")
        if imgs:
            parts.append(f'<div class="charts">{imgs}</div>')

    parts.append("<h2>Totals by event type</h2>")
    rows = []
    for r in s["totals"]["by_type"] + [s["totals"]["all"]]:
        swatch = f'<span class="swatch" style="background:{_colour(r["type"])}"></span>' if r["type"] != "all" else ""
        cells = "".join(f'<td class="num">{escape(c)}</td>' for c in pr.total_cells(r))
        refs = ref(r["refs"]) if r["type"] != "all" else ""
        rows.append(f"<tr><td>{swatch}{escape(r['label'])}</td>{cells}<td>{refs}</td></tr>")
    parts.append(_table(["Type", "Events", "Killed", "Injured", "Arrested", "Trucks", "Sources"], rows))
    if s["totals"]["convoys_by_direction"]:
        parts.append(_table(["Convoy direction", "Convoys", "Trucks", "Sources"], [
            f"<tr><td>{escape(d)}</td><td class=\"num\">{v['events']}</td><td class=\"num\">{v['trucks'] or ''}</td>"
            f"<td>{ref(v['refs'])}</td></tr>" for d, v in s["totals"]["convoys_by_direction"].items()]))
    if s["strikes_by_actor"]:
        parts.append("<h2>Strikes by actor</h2>")
        parts.append(_table(["Actor", "Strikes", "By type", "Killed", "Injured", "Sources"], [
            f"<tr><td>{escape(r['actor'])}</td><td class=\"num\">{r['events']}</td>"
            f"<td>{escape(', '.join(f'{t} {n}' for t, n in r['by_type'].items()))}</td>"
            f"<td class=\"num\">{r['killed'] or ''}</td><td class=\"num\">{r['injured'] or ''}</td>"
            f"<td>{ref(r['refs'])}</td></tr>" for r in s["strikes_by_actor"]]))

    parts.append("<h2>Stated totals</h2>")
    if s["stated"]:
        parts.append(_table(["Ref", "Report", "Total", "Value", "Quote", "Source"], [
            f"<tr id=\"{x['ref']}\"><td>{x['ref']}</td><td>{escape(x['document_key'] or '')}</td>"
            f"<td>{escape(pr.FACT_LABELS.get(x['kind'], x['kind']))}</td>"
            f"<td>{escape(pr.value_text(x['value'], x['qualifier']))}</td><td class=\"quote\">{escape(x['quote'])}</td>"
            f"<td>{_source_link(src[x['ref']])}</td></tr>" for x in s["stated"]]))
    else:
        parts.append("<p>No accepted stated total.</p>")

    parts.append("<h2>Checks: stated totals against itemised events</h2>")
    if s["checks"]:
        flagged = sum(1 for c in s["checks"] if c["flagged"])
        parts.append(f"<p>{flagged} of {len(s['checks'])} checks flagged.</p>")
        parts.append(_table(["Status", "Report", "Total", "Stated", "Itemised", "Finding", "Sources"], [
            f"<tr class=\"{'flag' if c['flagged'] else ''}\">"
            + "".join(f"<td>{escape(x)}</td>" for x in pr.check_row(c)) + f"<td>{ref(c['refs'])}</td></tr>"
            for c in s["checks"]]))
    else:
        parts.append("<p>No check: no accepted stated total.</p>")

    parts.append("<h2>Itemised timeline</h2>")
    if s["timeline"]:
        parts.append(_table(["Ref", "Date", "Type", "Place", "Actors", "Counts", "Quote", "Source"], [
            f"<tr id=\"{r['ref']}\"><td>{r['ref']}</td><td>{escape(r['date'] or 'undated')}</td>"
            f"<td><span class=\"swatch\" style=\"background:{_colour(r['type'])}\"></span>{escape(r['label'])}</td>"
            f"<td>{escape(pr.place(r))}</td><td>{escape('; '.join(r['actors']))}</td>"
            f"<td>{escape(pr.event_detail(r))}</td><td class=\"quote\">“{escape(r['quote'])}”</td>"
            f"<td>{_source_link(src[r['ref']])}</td></tr>" for r in s["timeline"]]))
    else:
        parts.append("<p>No accepted event in this period.</p>")

    if s["pending"]["items"]:
        parts.append("<h2>Pending candidates</h2>")
        parts.append(_table(["Kind", "Report", "Type", "Date", "Quote", "Source"], [
            f"<tr><td>{escape(p['object'])}</td><td>{escape(p['document_key'] or '')}</td><td>{escape(p['type'])}</td>"
            f"<td>{escape(p['date'] or '')}</td><td class=\"quote\">{escape(p['quote'])}</td>"
            f"<td><a href=\"{escape(p['uri'])}\">{escape(str(p['document_key']))} @ {p['start']}–{p['end']}</a></td></tr>"
            for p in s["pending"]["items"]]))

    listed = {r["ref"] for r in s["timeline"]} | {x["ref"] for x in s["stated"]}
    extra = {k: v for k, v in src.items() if k not in listed}
    if extra:
        parts.append("<h2>Other sources</h2><p>Events cited by the checks that fall outside this summary's "
                     "window.</p>")
        parts.append(_table(["Ref", "Source", "Quote"], [
            f"<tr id=\"{k}\"><td>{k}</td><td>{_source_link(v)}</td><td class=\"quote\">{escape(v['quote'])}</td></tr>"
            for k, v in extra.items()]))
    left = s["left_out"]
    if left["outside_period"] or left["undated"]:
        parts.append(f"<p class=\"meta\">Left out: {left['outside_period']} accepted events dated outside the "
                     f"period, {left['undated']} undated.</p>")
    parts.append("</body></html>\n")
    return "".join(parts)


def _colour(event_type: str) -> str:
    from ..domain import EVENT_TYPES

    return EVENT_TYPES[event_type][3] if event_type in EVENT_TYPES else "#999999"
